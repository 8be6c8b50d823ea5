//! Quarantine mode of the antivirus: the documents stored while clamd could not be reached
//! are scanned again until it answers. Clean ones become downloadable; an infected one has its
//! file deleted, is marked as such for everyone who sees the request, and is audited.

use std::path::PathBuf;
use std::time::Duration;

use crate::antivirus::{Scanner, Verdict};
use crate::clock::Clock;
use crate::db::{self, DbPool};
use crate::domain::attachment::scan::ScanState;
use crate::error::AppError;

/// How often the job looks for documents in quarantine.
pub const PERIOD: Duration = Duration::from_secs(60);
/// Documents scanned per round at most.
const BATCH: i64 = 100;

/// What the job needs.
#[derive(Clone)]
pub struct Quarantine {
    pub pool: DbPool,
    pub scanner: Scanner,
    pub dir: PathBuf,
    pub clock: Clock,
}

impl Quarantine {
    /// One round: scans the documents in quarantine until clamd fails again; returns how many
    /// got a verdict.
    pub async fn rescan_once(&self) -> Result<usize, AppError> {
        let pending = db::run(&self.pool, |conn| {
            Ok(db::timeline::pending_scans(conn, BATCH)?)
        })
        .await?;
        let mut done = 0;
        for document in pending {
            let path = self.dir.join(&document.storage_name);
            let bytes = match tokio::fs::read(&path).await {
                Ok(bytes) => bytes,
                Err(e) => {
                    tracing::error!(error = %e, document = %document.id, "document en quarantaine illisible");
                    continue;
                }
            };
            let verdict = match self.scanner.scan(&bytes).await {
                Ok(verdict) => verdict,
                Err(e) => {
                    tracing::warn!(error = %e, "antivirus toujours injoignable : quarantaine maintenue");
                    break;
                }
            };
            let now = self.clock.now();
            let infected = match verdict {
                Verdict::Clean => None,
                Verdict::Infected(signature) => Some(signature),
            };
            if infected.is_some() {
                if let Err(e) = tokio::fs::remove_file(&path).await {
                    tracing::error!(error = %e, document = %document.id, "document infecté non supprimé");
                }
            }
            db::run(&self.pool, move |conn| {
                let state = if infected.is_some() {
                    ScanState::Infected
                } else {
                    ScanState::Clean
                };
                db::timeline::set_scan_state(conn, &document.id, state)?;
                if let Some(signature) = infected {
                    let name: String = document.display_name.chars().take(200).collect();
                    db::audit::record(
                        conn,
                        "document_infecte",
                        None,
                        Some(&document.request_id),
                        None,
                        &format!(
                            "document « {name} » mis en quarantaine puis supprimé par l'antivirus : {signature}"
                        ),
                        now,
                    )?;
                }
                Ok(())
            })
            .await?;
            done += 1;
        }
        Ok(done)
    }

    /// Runs [`Self::rescan_once`] every [`PERIOD`] until the runtime stops.
    pub async fn run(self) {
        loop {
            match self.rescan_once().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(count = n, "quarantaine : documents analysés"),
                Err(e) => tracing::warn!(error = %e, "quarantaine : tour en erreur"),
            }
            tokio::time::sleep(PERIOD).await;
        }
    }
}
