//! The référent's handling of a request beyond the state machine's daily actions: correcting its
//! kind (the routing is recomputed) and planning the next action of a request in coordination
//! avancée. Each handler is extract → workflow → back to the page; a mistake shows the page
//! again with the message beside its field.

use actix_web::{web, HttpResponse};

use super::actions::{Form, Id};
use super::form_again::page_again_handler;
use super::{actor, on_request};
use crate::auth::{policy, Viewer};
use crate::db;
use crate::domain::civil_time::{self, Territory};
use crate::domain::request::{next_action, ActorRole, RequestKind};
use crate::error::{AppError, FieldError};
use crate::web::forms::Choice;
use crate::web::page::see_other;
use crate::web::AppState;
use crate::workflow;

/// Name of the kind field of the form.
pub(super) const NEW_KIND: &str = "new_kind";

page_again_handler! {
    /// The référent changes the kind of a request before routing.
    change_kind => change_kind_checked, Id
}

async fn change_kind_checked(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: Id,
    form: Form,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let routing = state.clone();
    let id = on_request(
        &state,
        viewer,
        path.into_inner(),
        move |conn, ctx, loaded, viewer| {
            policy::act_as_referent(&loaded.access)?;
            let to = RequestKind::from_slug(&form.new_kind).ok_or_else(|| {
                AppError::Validation(vec![FieldError::new(
                    NEW_KIND,
                    "Choisissez le nouveau type de la demande.",
                )])
            })?;
            let by = actor(viewer, &loaded.access);
            workflow::kind_change::change_kind(
                conn,
                ctx,
                &loaded.request,
                &by,
                to,
                &routing.routing,
            )?;
            Ok(loaded.request.id.clone())
        },
    )
    .await?;
    Ok(see_other(&format!("/demandes/{id}?ok=type-modifie")))
}

page_again_handler! {
    /// The référent plans the next action of a request in coordination avancée.
    plan_next_action => plan_next_action_checked, Id
}

async fn plan_next_action_checked(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: Id,
    form: Form,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let id = on_request(
        &state,
        viewer,
        path.into_inner(),
        move |conn, ctx, loaded, viewer| {
            policy::act_as_referent(&loaded.access)?;
            let by = actor(viewer, &loaded.access);
            let (on, note) = (&form.next_action_on, &form.next_action_note);
            workflow::next_action::plan(conn, ctx, &loaded.request, &by, on, note)?
                .map_err(AppError::Validation)?;
            Ok(loaded.request.id.clone())
        },
    )
    .await?;
    Ok(see_other(&format!("/demandes/{id}?ok=prochaine-action")))
}

/// What the request page shows a référent of their handling.
#[derive(serde::Serialize)]
pub(super) struct HandlingView {
    /// The other kinds the request may become (slug, label); shown when the kind may change.
    kinds: Vec<Choice>,
    /// The planned next action, if any.
    next_action: Option<NextActionView>,
    /// The référent may plan the next action now (open request, coordination avancée).
    can_plan_next_action: bool,
}

#[derive(serde::Serialize)]
struct NextActionView {
    /// "15 décembre 2026".
    due_on_label: String,
    note: String,
    /// Due today or earlier.
    due: bool,
}

/// The référent's handling of the request, for its page (`None` for anyone else).
pub(super) fn view(
    conn: &mut db::DbConnection,
    loaded: &super::Loaded,
    now: chrono::NaiveDateTime,
) -> Result<Option<HandlingView>, AppError> {
    if policy::act_as_referent(&loaded.access).is_err() {
        return Ok(None);
    }
    let request = &loaded.request;
    let territory = Territory::of_optional(request.departement_code.as_deref());
    let today = civil_time::today(territory, now);
    let next_action = db::next_actions::find(conn, &request.id)?.map(|n| NextActionView {
        due: next_action::is_due(n.due_on, today),
        due_on_label: crate::domain::french::date(n.due_on),
        note: n.note,
    });
    Ok(Some(HandlingView {
        kinds: RequestKind::ALL
            .iter()
            .filter(|k| **k != request.kind)
            .map(|k| Choice::new(k.slug(), k.label()))
            .collect(),
        next_action,
        can_plan_next_action: next_action::can_plan(
            request.state,
            request.coordination,
            ActorRole::Referent,
        ),
    }))
}
