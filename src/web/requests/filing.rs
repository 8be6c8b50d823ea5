//! "Mes demandes": the professional's list, the draft form, submission, withdrawal (a new
//! request: `new_draft`).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use super::{actor, context, load};
use crate::auth::{policy, Viewer};
use crate::db::{self, requests::RequestRow, timeline::Attachment};
use crate::domain::request::{form_for, Action, Draft, FieldSpec, RequestKind, RequestState};
use crate::error::AppError;
use crate::web::forms::FormState;
use crate::web::page::{render, render_with_status, see_other};
use crate::web::page_rows::{DocumentLine, RequestHead};
use crate::web::AppState;
use crate::workflow::{self, submit::Submission, Details};

#[derive(Serialize)]
struct ListRow {
    request: RequestHead,
    kind_label: &'static str,
    state_label: &'static str,
    badge: &'static str,
}

fn row(request: RequestRow) -> ListRow {
    ListRow {
        kind_label: request.kind.label(),
        state_label: request.state.label(),
        badge: request.state.badge_class(),
        request: RequestHead::from(&request),
    }
}

#[derive(Serialize)]
struct ListPage {
    rows: Vec<ListRow>,
}

pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    policy::file_requests(&viewer)?;
    let rows = db::run(&state.pool, move |conn| {
        Ok(db::requests::list_of_professional(conn, &viewer.user_id)?)
    })
    .await?;
    render(
        &state,
        &req,
        "requests/list.html",
        &ListPage {
            rows: rows.into_iter().map(row).collect(),
        },
    )
}

/// One field of a kind's form as `requests/_fields.html` shows it.
#[derive(Serialize)]
pub(super) struct FieldView {
    spec: FieldSpec,
    value: String,
    error: Option<String>,
}

/// The fields of `kind`'s form with what was typed and the message beside each.
pub(super) fn field_views(kind: RequestKind, draft: &Draft, form: &FormState) -> Vec<FieldView> {
    form_for(kind)
        .fields
        .iter()
        .map(|f| FieldView {
            spec: *f,
            value: draft.get(f.name).unwrap_or_default().to_string(),
            error: form.errors.get(f.name).cloned(),
        })
        .collect()
}

#[derive(Serialize)]
pub(super) struct EditPage {
    request: RequestHead,
    kind_label: &'static str,
    fields: Vec<FieldView>,
    attachments: Vec<DocumentLine>,
    attachment_hint: Option<&'static str>,
    attachment_error: Option<String>,
    errors: Vec<(String, String)>,
    aid_codes: Vec<String>,
}

/// The draft's page; `form` carries the mistakes of a submission (the values are the draft's).
pub(super) fn edit_page(
    state: &AppState,
    request: RequestRow,
    attachments: Vec<Attachment>,
    form: FormState,
) -> Result<EditPage, AppError> {
    let kind = request.kind;
    let spec = form_for(kind);
    let draft = workflow::submit::draft_of(&request);
    let fields = field_views(kind, &draft, &form);
    // The summary lists the mistakes in the order of the form, the documents last.
    let position = |field: &str| {
        spec.fields
            .iter()
            .position(|f| f.name == field)
            .unwrap_or(usize::MAX)
    };
    let mut errors: Vec<(String, String)> = form.errors.clone().into_iter().collect();
    errors.sort_by_key(|(field, _)| position(field));
    Ok(EditPage {
        kind_label: kind.label(),
        fields,
        attachments: attachments.iter().map(DocumentLine::from).collect(),
        attachment_hint: spec.attachment.map(|a| a.hint),
        attachment_error: form
            .errors
            .get(crate::domain::request::ATTACHMENTS)
            .cloned(),
        errors,
        aid_codes: state.routing.aid_codes().map(str::to_string).collect(),
        request: RequestHead::from(&request),
    })
}

pub async fn edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (request, attachments) = db::run(&state.pool, move |conn| {
        let loaded = load(conn, &viewer, &id)?;
        policy::act_as_owner(&loaded.access)?;
        Ok((
            loaded.request.clone(),
            db::timeline::attachments(conn, &loaded.request.id)?,
        ))
    })
    .await?;
    if request.state != RequestState::Brouillon {
        return Ok(see_other(&format!("/demandes/{}", request.id)));
    }
    render(
        &state,
        &req,
        "requests/edit.html",
        &edit_page(&state, request, attachments, FormState::default())?,
    )
}

/// Saves the draft; with `action=deposer`, submits it (422 listing what is missing).
pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let pairs = form.into_inner();
    let submit = pairs.iter().any(|(k, v)| k == "action" && v == "deposer");
    let st = state.clone();
    let outcome = db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            let loaded = load(conn, &viewer, &id)?;
            policy::act_as_owner(&loaded.access)?;
            if loaded.request.state != RequestState::Brouillon {
                return Err(AppError::Conflict(
                    "Cette demande est déjà déposée : elle ne peut plus être modifiée.".into(),
                ));
            }
            let kind = loaded.request.kind;
            let spec = form_for(kind);
            let draft =
                Draft::from_pairs(pairs.into_iter().filter(|(k, _)| spec.field(k).is_some()));
            let ctx = context(&st);
            workflow::submit::save_draft(conn, &loaded.request, &draft, ctx.now)?;
            if !submit {
                return Ok(Ok(loaded.request.id));
            }
            let request =
                db::requests::find(conn, &loaded.request.id)?.ok_or(AppError::NotFound)?;
            let submission = Submission {
                routing: &st.routing,
                zonages: &st.zonages.index(),
                recorded: None,
            };
            match workflow::submit::submit(
                conn,
                &ctx,
                &request,
                &actor(&viewer, &loaded.access),
                &submission,
            )? {
                Ok(()) => Ok(Ok(request.id)),
                Err(errors) => Ok(Err((
                    request,
                    db::timeline::attachments(conn, &loaded.request.id)?,
                    errors,
                ))),
            }
        })
    })
    .await?;
    match outcome {
        Ok(id) if submit => Ok(see_other(&format!("/demandes/{id}?ok=demande-deposee"))),
        Ok(id) => Ok(see_other(&format!(
            "/demandes/{id}/modifier?ok=brouillon-enregistre"
        ))),
        Err((request, attachments, errors)) => {
            let form = FormState::default().with_errors(errors);
            let page = edit_page(&state, request, attachments, form)?;
            render_with_status(
                &state,
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                "requests/edit.html",
                &page,
            )
        }
    }
}

/// The professional withdraws the request before it is handled.
pub async fn withdraw(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let st = state.clone();
    let id = db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            let loaded = load(conn, &viewer, &id)?;
            policy::act_as_owner(&loaded.access)?;
            workflow::perform(
                conn,
                &context(&st),
                &loaded.request,
                &Action::Withdraw,
                &actor(&viewer, &loaded.access),
                Details::default(),
            )?;
            Ok::<_, AppError>(loaded.request.id)
        })
    })
    .await?;
    Ok(see_other(&format!("/demandes/{id}?ok=demande-retiree")))
}
