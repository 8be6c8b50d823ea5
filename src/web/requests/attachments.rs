//! Documents of a request: uploaded as multipart (checked by content, not by name; stored under
//! a random name outside any served folder, with their SHA-256), downloaded only by people who
//! may see the request, always as attachments.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use sha2::{Digest, Sha256};

use super::{actor, context, load};
use crate::auth::{policy, Viewer};
use crate::db::{self, timeline::Attachment};
use crate::domain::attachment::{check_upload, AttachmentError, FileType, MAX_FILE_BYTES};
use crate::domain::request::RequestState;
use crate::error::{AppError, FieldError};
use crate::web::page::see_other;
use crate::web::uploads::{self, FileField, UploadedFile};
use crate::web::AppState;
use crate::workflow;

const FIELD: &str = "fichier";

fn invalid(e: AttachmentError) -> AppError {
    AppError::Validation(vec![FieldError::new(FIELD, e.to_string())])
}

pub async fn upload(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (v, i) = (viewer.clone(), id.clone());
    let current = db::run(&state.pool, move |conn| {
        let loaded = load(conn, &v, &i)?;
        policy::write_message(&loaded.access)?;
        Ok(db::timeline::total_attachment_bytes(
            conn,
            &loaded.request.id,
        )?)
    })
    .await?;
    let mut form = uploads::read(
        &state,
        &req,
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
    let checked = check_upload(&bytes, &name, current.max(0) as u64).map_err(invalid)?;
    let storage_name = uuid::Uuid::new_v4().simple().to_string();
    let dir = state.settings.uploads.dir.clone();
    let sha = crate::auth::token::hex(&Sha256::digest(&bytes));
    let target = dir.join(&storage_name);
    web::block(move || std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&target, &bytes)))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("écriture interrompue : {e}")))?
        .map_err(|e| {
            AppError::Internal(anyhow::anyhow!("écriture du document impossible : {e}"))
        })?;
    let st = state.clone();
    let now = state.clock.now();
    let request_id = db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            let loaded = load(conn, &viewer, &id)?;
            db::timeline::insert_attachment(
                conn,
                &Attachment {
                    id: uuid::Uuid::now_v7().to_string(),
                    request_id: loaded.request.id.clone(),
                    uploader_id: viewer.user_id.clone(),
                    display_name: checked.display_name.clone(),
                    file_type: checked.file_type.extension().to_string(),
                    size_bytes: checked.size as i64,
                    sha256: sha,
                    storage_name,
                    created_at: now,
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
                "document",
                &summary,
                None,
                false,
                context(&st).now,
            )?;
            Ok::<_, AppError>((loaded.request.id, loaded.request.state))
        })
    })
    .await?;
    let (rid, state_slug) = request_id;
    Ok(if state_slug == RequestState::Brouillon.slug() {
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
        db::timeline::find_attachment(conn, &loaded.request.id, &attachment_id)?
            .ok_or(AppError::NotFound)
    })
    .await?;
    let file = state.settings.uploads.dir.join(&attachment.storage_name);
    let bytes = web::block(move || std::fs::read(file))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("lecture interrompue : {e}")))?
        .map_err(|e| {
            AppError::Internal(anyhow::anyhow!("document introuvable sur le disque : {e}"))
        })?;
    let mime = FileType::from_extension(&attachment.file_type)
        .map(FileType::mime)
        .unwrap_or("application/octet-stream");
    Ok(HttpResponse::build(StatusCode::OK)
        .insert_header((header::CONTENT_TYPE, mime))
        .insert_header((
            header::CONTENT_DISPOSITION,
            content_disposition(&attachment.display_name),
        ))
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
