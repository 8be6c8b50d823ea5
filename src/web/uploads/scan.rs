//! The antivirus step of every upload, before anything is stored.

use crate::antivirus::Verdict;
use crate::config::AntivirusMode;
use crate::db;
use crate::domain::attachment::scan::ScanState;
use crate::error::{AppError, FieldError};
use crate::web::AppState;

/// Who sent what, for the message and the audit entry.
pub struct Sent<'a> {
    /// The form field the message is shown beside.
    pub field: &'static str,
    /// The name the sender gave the file.
    pub file_name: &'a str,
    pub actor_id: &'a str,
    /// What the upload was for (a request…), when there is one.
    pub subject_id: Option<&'a str>,
}

/// Scans `bytes`: clean → `Ok`; infected → 422 beside the field and an audit entry
/// (`document_infecte`); scanner unreachable, slow or confused → 503 (the upload is refused).
/// Without a configured scanner (development only, said at start-up) nothing is scanned.
pub async fn scan(state: &AppState, sent: Sent<'_>, bytes: &[u8]) -> Result<(), AppError> {
    match scan_or_quarantine(state, sent, bytes, AntivirusMode::Refuse).await? {
        ScanState::Clean => Ok(()),
        _ => Err(AppError::ScannerUnavailable("document non analysé".into())),
    }
}

/// [`scan`] for a document that can wait: in quarantine mode, a scanner failure gives
/// `Pending` (the document is stored, served to nobody, and scanned again in the background).
pub async fn scan_or_quarantine(
    state: &AppState,
    sent: Sent<'_>,
    bytes: &[u8],
    mode: AntivirusMode,
) -> Result<ScanState, AppError> {
    let Some(scanner) = &state.scanner else {
        return Ok(ScanState::Clean);
    };
    let signature = match scanner.scan(bytes).await {
        Ok(Verdict::Clean) => return Ok(ScanState::Clean),
        Ok(Verdict::Infected(signature)) => signature,
        Err(e) if mode == AntivirusMode::Quarantine => {
            tracing::warn!(error = %e, "antivirus injoignable : document mis en quarantaine");
            return Ok(ScanState::Pending);
        }
        Err(e) => return Err(AppError::ScannerUnavailable(e.to_string())),
    };
    let file_name: String = sent.file_name.chars().take(200).collect();
    tracing::warn!(%signature, file = %file_name, "document infecté refusé");
    let detail = format!("document « {file_name} » refusé par l'antivirus : {signature}");
    let actor = sent.actor_id.to_string();
    let subject = sent.subject_id.map(str::to_string);
    let now = state.clock.now();
    db::run(&state.pool, move |conn| {
        db::audit::record(
            conn,
            "document_infecte",
            Some(&actor),
            subject.as_deref(),
            None,
            &detail,
            now,
        )?;
        Ok(())
    })
    .await?;
    Err(AppError::Validation(vec![FieldError::new(
        sent.field,
        format!(
            "Ce fichier contient un virus ({signature}) : il a été refusé et n'a pas été \
             enregistré."
        ),
    )]))
}
