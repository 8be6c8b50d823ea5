//! A request's documents as each viewer may see them, and the référent sharing a document with an
//! institution the request was routed to (need to know: a partner sees only what is shared with
//! its institution, and what it uploaded itself).

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::form_again::Again;
use super::load;
use crate::auth::{policy, Viewer};
use crate::db::timeline::Attachment;
use crate::db::{self, DbConnection};
use crate::domain::request::Audience;
use crate::error::{AppError, FieldError};
use crate::web::page::see_other;
use crate::web::page_rows::DocumentLine;
use crate::web::AppState;
use crate::workflow::access::{audience, partner_institution, Loaded};

/// A document on the request page.
#[derive(Serialize)]
pub(super) struct DocumentView {
    #[serde(flatten)]
    document: DocumentLine,
    /// The institutions it is shared with (for the professional and the guichet).
    shared_with: Vec<String>,
    /// The routed institutions it can still be shared with, as (id, name) (référent only).
    can_share_with: Vec<(String, String)>,
    /// The shares the référent can withdraw, as (id, name).
    can_unshare: Vec<(String, String)>,
}

/// The documents `audience` sees, with their shares.
pub(super) fn documents(
    conn: &mut DbConnection,
    loaded: &Loaded,
    audience: &Audience,
    names: &HashMap<&str, &str>,
) -> Result<Vec<DocumentView>, AppError> {
    let shares = db::attachment_shares::of_request(conn, &loaded.request.id)?;
    let mine = partner_institution(loaded);
    let referent = matches!(loaded.access, policy::RequestAccess::Referent);
    let routed: Vec<&str> = loaded
        .referrals
        .iter()
        .filter(|r| r.started_at.is_some())
        .filter_map(|r| r.institution_id.as_deref())
        .collect();
    let name = |id: &str| names.get(id).copied().unwrap_or("Institution").to_string();
    let documents = db::timeline::attachments(conn, &loaded.request.id)?
        .into_iter()
        .filter_map(|a| {
            let shared: Vec<&str> = shares
                .iter()
                .filter(|(doc, _)| *doc == a.id)
                .map(|(_, institution)| institution.as_str())
                .collect();
            let shared_with_viewer = mine.is_some_and(|m| shared.contains(&m));
            if !audience.sees_document(&a.uploader_id, shared_with_viewer) {
                return None;
            }
            let pairs = |keep: &dyn Fn(&&str) -> bool| {
                routed
                    .iter()
                    .filter(|i| keep(i))
                    .map(|i| (i.to_string(), name(i)))
                    .collect::<Vec<_>>()
            };
            Some(DocumentView {
                shared_with: match audience {
                    Audience::Partner(_) => Vec::new(),
                    _ => shared.iter().map(|i| name(i)).collect(),
                },
                can_share_with: if referent {
                    pairs(&|i| !shared.contains(i))
                } else {
                    Vec::new()
                },
                can_unshare: if referent {
                    pairs(&|i| shared.contains(i))
                } else {
                    Vec::new()
                },
                document: DocumentLine::from(&a),
            })
        })
        .collect();
    Ok(documents)
}

/// A 404 for a document the viewer may not see (a partner's: not shared with its institution).
pub(super) fn check_visible(
    conn: &mut DbConnection,
    viewer: &Viewer,
    loaded: &Loaded,
    attachment: &Attachment,
) -> Result<(), AppError> {
    let shared = match partner_institution(loaded) {
        Some(institution) => db::attachment_shares::is_shared(conn, &attachment.id, institution)?,
        None => false,
    };
    if audience(viewer, loaded).sees_document(&attachment.uploader_id, shared) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

#[derive(Deserialize)]
pub struct ShareForm {
    #[serde(default)]
    institution: String,
    /// `partager` (the default) or `retirer`.
    #[serde(default)]
    action: String,
}

/// The référent shares a document with a routed institution, or withdraws the share; an
/// institution the request was not routed to gives the request page again (422), the message
/// beside that document's choice.
pub async fn share(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<(String, String)>,
    form: web::Form<ShareForm>,
) -> Result<HttpResponse, AppError> {
    let (id, piece) = path.into_inner();
    let form = form.into_inner();
    let again = Again {
        formulaire: format!("partage-{piece}"),
        text: form.institution.clone(),
        field: "institution".into(),
        error: String::new(),
        ..Again::default()
    };
    match share_checked(&state, viewer.clone(), id.clone(), piece, form).await {
        Err(AppError::Validation(errors)) => {
            let error = errors.into_iter().next().unwrap_or_default().message;
            let again = Some(Again { error, ..again });
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            super::view::render_page(state, &req, viewer, id, again, status).await
        }
        other => other,
    }
}

async fn share_checked(
    state: &web::Data<AppState>,
    viewer: Viewer,
    id: String,
    piece: String,
    form: ShareForm,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let views = state.views.clone();
    let location = db::run(&state.pool, move |conn| {
        let loaded = load(conn, &viewer, &id)?;
        policy::act_as_referent(&loaded.access)?;
        db::timeline::find_attachment(conn, &id, &piece)?.ok_or(AppError::NotFound)?;
        let routed = loaded.referrals.iter().any(|r| {
            r.started_at.is_some() && r.institution_id.as_deref() == Some(form.institution.as_str())
        });
        if !routed {
            return Err(AppError::Validation(vec![FieldError::new(
                "institution",
                "Choisissez une institution à laquelle la demande est transmise.",
            )]));
        }
        let (changed, notice, verb) = if form.action == "retirer" {
            let changed = db::attachment_shares::unshare(conn, &piece, &form.institution)?;
            (changed, "partage-retire", "retiré à")
        } else {
            let changed = db::attachment_shares::share(
                conn,
                &piece,
                &form.institution,
                &viewer.user_id,
                now,
            )?;
            (changed, "document-partage", "partagé avec")
        };
        if changed {
            db::audit::record(
                conn,
                "document_share",
                Some(&viewer.user_id),
                None,
                None,
                &format!(
                    "document {piece} de la demande {id} {verb} l'institution {}",
                    form.institution
                ),
                now,
            )?;
        }
        Ok(format!("/demandes/{id}?ok={notice}#documents"))
    })
    .await?;
    views.bump();
    Ok(see_other(&location))
}
