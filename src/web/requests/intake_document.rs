//! The document a référent joins to a request recorded by the guichet (the health project of a
//! coordinated-practice project, or any document received with the request): checked exactly
//! as a professional's own upload (content, not name; size; antivirus), then written under a
//! random name outside any served folder, and removed again if the recording fails.

use std::path::Path;

use actix_web::web;
use sha2::{Digest, Sha256};

use crate::domain::attachment::scan::ScanState;
use crate::domain::attachment::{check_upload, AttachmentError, CheckedFile, MAX_FILE_BYTES};
use crate::domain::request::ATTACHMENTS;
use crate::error::{AppError, FieldError};
use crate::web::uploads::{self, FileField, Sent, UploadedFile};
use crate::web::AppState;
use crate::workflow::intake::IntakeDocument;

/// The file field of the intake form (its messages use the draft's name for documents).
pub const FIELD: &str = ATTACHMENTS;

/// The file field as the upload reader needs it.
pub fn file_field() -> FileField {
    FileField {
        name: FIELD,
        max_bytes: MAX_FILE_BYTES,
        too_large: AttachmentError::TooLarge.to_string(),
    }
}

/// A sent file that passed every check, not yet written.
pub struct Received {
    checked: CheckedFile,
    bytes: Vec<u8>,
    scan_state: ScanState,
}

impl Received {
    /// The name shown for it (the one sent, with the extension of the type found).
    pub fn name(&self) -> &str {
        &self.checked.display_name
    }
}

/// The message beside the file field when the page is shown again after a mistake elsewhere.
pub fn choose_again(name: &str) -> String {
    format!("Le document « {name} » n'a pas été conservé : choisissez-le à nouveau.")
}

/// The file part, unless it is the empty one a browser sends when no file was chosen.
pub fn chosen(file: Option<UploadedFile>) -> Option<UploadedFile> {
    file.filter(|f| !(f.bytes.is_empty() && f.name.trim().is_empty()))
}

/// Checks `file` as a professional's upload: type by content and size (a 422 beside the
/// field), then the antivirus (infected: 422 and an audit entry; scanner unreachable: 503, or
/// in quarantine mode a document stored « en cours d'analyse »).
pub async fn check(
    state: &AppState,
    actor_id: &str,
    file: UploadedFile,
) -> Result<Received, AppError> {
    let UploadedFile { name, bytes } = file;
    let sent_name = name.clone();
    let turn = state.uploads.check_turn().await?;
    let (checked, bytes) = web::block(move || (check_upload(&bytes, &name, 0), bytes))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("vérification interrompue : {e}")))?;
    drop(turn);
    let checked =
        checked.map_err(|e| AppError::Validation(vec![FieldError::new(FIELD, e.to_string())]))?;
    let sent = Sent {
        field: FIELD,
        file_name: &sent_name,
        actor_id,
        subject_id: None,
    };
    let mode = state.settings.antivirus.mode;
    let scan_state = uploads::scan_or_quarantine(state, sent, &bytes, mode).await?;
    Ok(Received {
        checked,
        bytes,
        scan_state,
    })
}

/// Writes the document in `dir` under a new random name.
pub fn write(dir: &Path, received: &Received) -> Result<IntakeDocument, AppError> {
    let storage_name = uuid::Uuid::new_v4().simple().to_string();
    std::fs::create_dir_all(dir)
        .and_then(|_| std::fs::write(dir.join(&storage_name), &received.bytes))
        .map_err(|e| {
            AppError::Internal(anyhow::anyhow!("écriture du document impossible : {e}"))
        })?;
    Ok(IntakeDocument {
        storage_name,
        display_name: received.checked.display_name.clone(),
        file_type: received.checked.file_type,
        size_bytes: i64::try_from(received.checked.size).unwrap_or(i64::MAX),
        sha256: crate::auth::token::hex(&Sha256::digest(&received.bytes)),
        scan_state: received.scan_state,
    })
}

/// Removes a written document whose request was not recorded (absent: nothing to do).
pub fn remove(dir: &Path, document: &IntakeDocument) {
    if let Err(e) = std::fs::remove_file(dir.join(&document.storage_name)) {
        if e.kind() != std::io::ErrorKind::NotFound {
            tracing::error!(error = %e, "document orphelin non supprimé");
        }
    }
}
