//! The référent corrects the kind the professional picked, before routing: the transition table
//! removes the dormant referrals ([`Action::ChangeKind`]), the routing of the new kind replaces
//! them, and the timeline tells everyone what changed, where the request now goes and what it
//! still lacks for its new kind.

use super::submit::{draft_of, insert_dormant_referrals, routes_for};
use super::{perform, Actor, Context, Details};
use crate::db::requests::RequestRow;
use crate::db::{self, DbConnection};
use crate::domain::french;
use crate::domain::request::{form_for, Action, RequestKind, AID_CODE};
use crate::domain::routing::{Route, RoutingTable};
use crate::error::AppError;

/// Changes the kind of `request` to `to` and recomputes its routing.
pub fn change_kind(
    conn: &mut DbConnection,
    ctx: &Context,
    request: &RequestRow,
    actor: &Actor,
    to: RequestKind,
    routing: &RoutingTable,
) -> Result<(), AppError> {
    let action = Action::ChangeKind {
        from: request.kind,
        to,
    };
    let commune = match request.commune_insee.as_deref() {
        Some(insee) => db::territories::find_commune(conn, insee)?,
        None => None,
    }
    .ok_or_else(|| {
        AppError::Conflict(
            "La demande n'indique pas de commune : son orientation ne peut pas être recalculée."
                .into(),
        )
    })?;
    let professional =
        db::users::find(conn, &request.professional_id)?.ok_or(AppError::NotFound)?;
    let profession = professional.profession.ok_or_else(|| {
        AppError::Conflict(
            "Le profil du professionnel n'indique pas sa profession : son orientation ne peut pas être recalculée."
                .into(),
        )
    })?;
    let draft = draft_of(request);
    let aid_code = if to == RequestKind::AidApplication {
        request.aid_code.clone().or_else(|| {
            draft
                .get(AID_CODE)
                .map(|c| c.trim().to_uppercase())
                .filter(|c| !c.is_empty())
        })
    } else {
        None
    };
    let routes = routes_for(conn, routing, to, aid_code.as_deref(), &commune, profession)?;
    let mut note = format!("orientation recalculée : {}", route_names(conn, &routes)?);
    let missing = form_for(to).missing_required(|name| draft.get(name));
    if !missing.is_empty() {
        note.push_str(&format!(
            " ; à compléter pour ce type : {}",
            french::join(missing, "et")
        ));
    }
    perform(
        conn,
        ctx,
        request,
        &action,
        actor,
        Details {
            note: Some(note),
            ..Details::default()
        },
    )?;
    db::requests::set_kind(conn, &request.id, to, aid_code.as_deref(), ctx.now)?;
    insert_dormant_referrals(conn, &request.id, &routes, ctx.now)?;
    db::inbox::refresh_columns(conn, &request.id)?;
    Ok(())
}

/// The institutions of `routes`, by name ("institution manquante" for a kind without one).
fn route_names(conn: &mut DbConnection, routes: &[Route]) -> Result<String, AppError> {
    if routes.is_empty() {
        return Ok("aucune institution".to_string());
    }
    let mut names = Vec::new();
    for route in routes {
        names.push(match route {
            Route::Institution { id, kind } => db::institutions::find(conn, id)?
                .map_or_else(|| kind.label().to_string(), |i| i.name),
            Route::Missing { kind } => format!("{} (institution manquante)", kind.label()),
        });
    }
    Ok(french::join(names, "et"))
}
