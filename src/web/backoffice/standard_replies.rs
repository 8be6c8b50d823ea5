//! The standard replies of an institution (`/partenaire/reponses-types`): its agents list, add
//! and delete them; the answer form of a referral offers them. Another institution's replies
//! are never shown nor touched (404).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::{policy, Viewer};
use crate::db::{self, standard_replies::StandardReplyRow};
use crate::domain::standard_reply::StandardReply;
use crate::error::AppError;
use crate::web::forms::FormState;
use crate::web::page::{render_with_status, see_other};
use crate::web::AppState;

const PATH: &str = "/partenaire/reponses-types";

#[derive(Deserialize, Serialize, Default)]
pub struct ReplyForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

#[derive(Serialize)]
struct RepliesPage {
    institution: String,
    replies: Vec<StandardReplyRow>,
    form: FormState,
}

async fn render(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    institution_id: String,
    form: FormState,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (institution, replies) = db::run(&state.pool, move |conn| {
        let name = db::institutions::find(conn, &institution_id)?
            .map(|i| i.name)
            .unwrap_or_default();
        Ok((
            name,
            db::standard_replies::of_institution(conn, &institution_id)?,
        ))
    })
    .await?;
    let page = RepliesPage {
        institution,
        replies,
        form,
    };
    render_with_status(
        state,
        req,
        status,
        "backoffice/standard_replies.html",
        &page,
    )
}

pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    let institution = policy::partner_inbox(&viewer)?.to_string();
    render(
        &state,
        &req,
        institution,
        FormState::default(),
        StatusCode::OK,
    )
    .await
}

/// Adds a reply; an empty or too long field is the page again (422) with what was typed.
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    form: web::Form<ReplyForm>,
) -> Result<HttpResponse, AppError> {
    let institution = policy::partner_inbox(&viewer)?.to_string();
    let form = form.into_inner();
    let reply = match StandardReply::parse(&form.title, &form.body) {
        Ok(reply) => reply,
        Err(errors) => {
            let again = FormState::with_values(&form).with_errors(errors);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return render(&state, &req, institution, again, status).await;
        }
    };
    let now = state.clock.now();
    db::run(&state.pool, move |conn| {
        db::standard_replies::insert(conn, &institution, &reply, now)?;
        Ok(())
    })
    .await?;
    Ok(see_other(&format!("{PATH}?ok=reponses-types-enregistrees")))
}

/// Deletes one of the institution's replies (404 for anyone else's).
pub async fn delete(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let institution = policy::partner_inbox(&viewer)?.to_string();
    let id = path.into_inner();
    let deleted = db::run(&state.pool, move |conn| {
        Ok(db::standard_replies::delete_of(conn, &institution, &id)?)
    })
    .await?;
    if deleted == 0 {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("{PATH}?ok=reponses-types-enregistrees")))
}
