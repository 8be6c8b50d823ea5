//! Planning the next action of a request in coordination avancée (the rule is
//! `domain::request::next_action`): stored, shown in the référents' timeline, reminded on its
//! day by `jobs::next_actions`.

use super::{append, Actor, Context};
use crate::db::requests::RequestRow;
use crate::db::{self, DbConnection};
use crate::domain::civil_time::{self, Territory};
use crate::domain::request::next_action::{can_plan, NextAction};
use crate::domain::request::FieldError;
use crate::domain::request::TimelineKind;
use crate::error::AppError;

/// Plans the next action; `Ok(Err(..))` lists the mistakes, nothing changed.
pub fn plan(
    conn: &mut DbConnection,
    ctx: &Context,
    request: &RequestRow,
    actor: &Actor,
    raw_date: &str,
    raw_note: &str,
) -> Result<Result<NextAction, Vec<FieldError>>, AppError> {
    if !can_plan(request.state, request.coordination, actor.role) {
        return Err(AppError::Conflict(
            "La prochaine action se planifie sur une demande en cours, en coordination avancée : \
             qualifiez d'abord la demande en coordination avancée."
                .into(),
        ));
    }
    let today = civil_time::today(
        Territory::of_optional(request.departement_code.as_deref()),
        ctx.now,
    );
    let action = match NextAction::parse(raw_date, raw_note, today) {
        Ok(action) => action,
        Err(errors) => return Ok(Err(errors)),
    };
    db::next_actions::set(conn, &request.id, &action, &actor.user_id, ctx.now)?;
    // Internal: a working note of the guichet, not a promise to the professional.
    append(
        conn,
        &request.id,
        actor,
        TimelineKind::NextAction,
        &action.summary(),
        None,
        true,
        ctx.now,
    )?;
    Ok(Ok(action))
}
