//! Documents of a request: uploaded as multipart (checked by content, not by name; stored under
//! a random name outside any served folder, with their SHA-256), downloaded only by people who
//! may see the request, always as attachments.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use sha2::{Digest, Sha256};

use super::{actor, context, load, Loaded};
use crate::auth::{policy, Viewer};
use crate::db::DbConnection;
use crate::db::{self, timeline::Attachment};
use crate::domain::attachment::scan::ScanState;
use crate::domain::attachment::{
    check_limits, check_upload, name_for_type, AttachmentError, FileType, MAX_FILE_BYTES,
};
use crate::domain::request::{accepts_documents, RequestState, ATTACHMENTS};
use crate::error::{AppError, FieldError};
use crate::web::forms::FormState;
use crate::web::page::{render_with_status, see_other};
use crate::web::uploads::{self, FileField, Sent, UploadedFile};
use crate::web::AppState;
use crate::workflow;

const FIELD: &str = "fichier";

fn invalid(e: AttachmentError) -> AppError {
    AppError::Validation(vec![FieldError::new(FIELD, e.to_string())])
}

/// The refusal of an upload on a request that no longer takes documents.
fn closed() -> AppError {
    AppError::Conflict(
        "Cette demande est traitée, clôturée ou retirée : on ne peut plus y joindre de document."
            .into(),
    )
}

/// Checks the viewer may join a document to the request now; returns the bytes already joined.
fn may_add(conn: &mut DbConnection, viewer: &Viewer, id: &str) -> Result<(Loaded, u64), AppError> {
    let loaded = load(conn, viewer, id)?;
    policy::write_message(&loaded.access)?;
    if !accepts_documents(loaded.request.state) {
        return Err(closed());
    }
    let total = db::timeline::total_attachment_bytes(conn, &loaded.request.id)?;
    Ok((loaded, u64::try_from(total).unwrap_or(0)))
}

/// Joins a document; one refused for what it is (none, type, size, virus, total) gives the page
/// it was sent from again (the draft's form or the request page), 422, the message beside the
/// file field.
pub async fn upload(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    match store(&state, &req, viewer.clone(), id.clone(), payload).await {
        Err(AppError::Validation(errors)) => {
            let error = errors.into_iter().next().unwrap_or_default();
            document_again(state, &req, viewer, id, error.message).await
        }
        other => other,
    }
}

async fn document_again(
    state: web::Data<AppState>,
    req: &HttpRequest,
    viewer: Viewer,
    id: String,
    message: String,
) -> Result<HttpResponse, AppError> {
    let (v, i) = (viewer.clone(), id.clone());
    let draft = db::run(&state.pool, move |conn| {
        let loaded = load(conn, &v, &i)?;
        if loaded.request.state != RequestState::Brouillon {
            return Ok(None);
        }
        let attachments = db::timeline::attachments(conn, &loaded.request.id)?;
        Ok(Some((loaded.request, attachments)))
    })
    .await?;
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    match draft {
        Some((request, attachments)) => {
            let form = FormState::default().error(ATTACHMENTS, message);
            let page = super::filing::edit_page(&state, request, attachments, form)?;
            render_with_status(&state, req, status, "requests/edit.html", &page)
        }
        None => {
            let again = FormState::default()
                .of_form("document")
                .error(FIELD, message);
            super::view::render_page(state, req, viewer, id, Some(again), status).await
        }
    }
}

async fn store(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    viewer: Viewer,
    id: String,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let (v, i) = (viewer.clone(), id.clone());
    let (request_id, current) = db::run(&state.pool, move |conn| {
        let (loaded, total) = may_add(conn, &v, &i)?;
        Ok((loaded.request.id, total))
    })
    .await?;
    let mut form = uploads::read(
        state,
        req,
        payload,
        FileField {
            name: FIELD,
            max_bytes: MAX_FILE_BYTES,
            too_large: AttachmentError::TooLarge.to_string(),
        },
    )
    .await?;
    let UploadedFile { name, bytes } = form.take_file().ok_or_else(|| {
        AppError::Validation(vec![FieldError::new(
            FIELD,
            "Choisissez un fichier à joindre.",
        )])
    })?;
    // Decoding an image or walking a PDF takes time: off the async workers.
    let sent_name = name.clone();
    let turn = state.uploads.check_turn().await?;
    let (checked, bytes) = web::block(move || (check_upload(&bytes, &name, current), bytes))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("vérification interrompue : {e}")))?;
    drop(turn);
    let checked = checked.map_err(invalid)?;
    let sent = Sent {
        field: FIELD,
        file_name: &sent_name,
        actor_id: &viewer.user_id,
        subject_id: Some(&request_id),
    };
    let mode = state.settings.antivirus.mode;
    let scan_state = uploads::scan_or_quarantine(state, sent, &bytes, mode).await?;
    let st = state.clone();
    let now = state.clock.now();
    let dir = state.settings.uploads.dir.clone();
    let (rid, request_state) = db::run(&state.pool, move |conn| {
        let storage_name = uuid::Uuid::new_v4().simple().to_string();
        let target = dir.join(&storage_name);
        let stored = crate::db::transaction(conn, |conn| {
            db::timeline::lock_attachments(conn, &request_id)?;
            // Checked again under the lock: parallel uploads cannot pass the total together.
            let (loaded, total) = may_add(conn, &viewer, &id)?;
            check_limits(checked.size, total).map_err(invalid)?;
            std::fs::create_dir_all(&dir)
                .and_then(|_| std::fs::write(&target, &bytes))
                .map_err(|e| {
                    AppError::Internal(anyhow::anyhow!("écriture du document impossible : {e}"))
                })?;
            db::timeline::insert_attachment(
                conn,
                &Attachment {
                    id: uuid::Uuid::now_v7().to_string(),
                    request_id: loaded.request.id.clone(),
                    uploader_id: viewer.user_id.clone(),
                    display_name: checked.display_name.clone(),
                    file_type: checked.file_type.extension().to_string(),
                    size_bytes: i64::try_from(checked.size).unwrap_or(i64::MAX),
                    sha256: crate::auth::token::hex(&Sha256::digest(&bytes)),
                    storage_name,
                    created_at: now,
                    scan_state,
                },
            )?;
            let summary = format!(
                "Document ajouté : {} ({})",
                checked.display_name,
                checked.file_type.label()
            );
            workflow::append(
                conn,
                &loaded.request.id,
                &actor(&viewer, &loaded.access),
                crate::domain::request::TimelineKind::Document,
                &summary,
                None,
                false,
                context(&st).now,
            )?;
            Ok::<_, AppError>((loaded.request.id.clone(), loaded.request.state))
        });
        if stored.is_err() {
            // Nothing half-stored: a file without its row is removed (absent: nothing to do).
            if let Err(e) = std::fs::remove_file(&target) {
                if e.kind() != std::io::ErrorKind::NotFound {
                    tracing::error!(error = %e, "document orphelin non supprimé");
                }
            }
        }
        stored
    })
    .await?;
    Ok(if request_state == RequestState::Brouillon {
        see_other(&format!("/demandes/{rid}/modifier?ok=document-ajoute"))
    } else {
        see_other(&format!("/demandes/{rid}?ok=document-ajoute#documents"))
    })
}

/// `filename*` per RFC 5987, so accents survive; the plain `filename` is ASCII only.
fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

pub async fn download(
    state: web::Data<AppState>,
    _req: HttpRequest,
    viewer: Viewer,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, attachment_id) = path.into_inner();
    let attachment = db::run(&state.pool, move |conn| {
        let loaded = load(conn, &viewer, &id)?;
        let attachment = db::timeline::find_attachment(conn, &loaded.request.id, &attachment_id)?
            .ok_or(AppError::NotFound)?;
        super::shares::check_visible(conn, &viewer, &loaded, &attachment)?;
        Ok(attachment)
    })
    .await?;
    match attachment.scan_state {
        ScanState::Clean => {}
        ScanState::Pending => {
            return Err(AppError::Conflict(
                "Ce document est en cours d'analyse antivirus : il sera disponible dans quelques minutes.".into(),
            ))
        }
        ScanState::Infected => {
            return Err(AppError::Conflict(
                "Ce document a été supprimé : l'antivirus y a détecté un virus.".into(),
            ))
        }
    }
    let file = state.settings.uploads.dir.join(&attachment.storage_name);
    let bytes = web::block(move || std::fs::read(file))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("lecture interrompue : {e}")))?
        .map_err(|e| {
            AppError::Internal(anyhow::anyhow!("document introuvable sur le disque : {e}"))
        })?;
    let file_type = FileType::from_extension(&attachment.file_type).ok_or_else(|| {
        AppError::Internal(anyhow::anyhow!(
            "type de document inconnu : {}",
            attachment.file_type
        ))
    })?;
    // Served under the extension of the type found in its content, whatever it was sent as.
    let name = name_for_type(&attachment.display_name, file_type);
    Ok(HttpResponse::build(StatusCode::OK)
        .insert_header((header::CONTENT_TYPE, file_type.mime()))
        .insert_header((header::CONTENT_DISPOSITION, content_disposition(&name)))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(bytes))
}

#[cfg(test)]
mod tests {
    use super::content_disposition;

    #[test]
    fn names_are_quoted_safely() {
        assert_eq!(content_disposition("projet de santé.pdf"), "attachment; filename=\"projet de sant_.pdf\"; filename*=UTF-8''projet%20de%20sant%C3%A9.pdf");
        assert!(!content_disposition("a\"b.pdf").contains("a\"b"));
    }
}
