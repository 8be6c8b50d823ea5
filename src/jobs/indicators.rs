//! Recomputes the indicators of every région and département (one pass of grouped queries) and
//! stores them as snapshots, every `[indicators] refresh_seconds` (0: never on a timer — the
//! pages then compute a missing snapshot on demand, and `guichet indicators refresh` forces one).

use std::time::Duration;

use chrono::NaiveDateTime;

use crate::db::indicators::SnapshotRow;
use crate::db::{self, DbConnection};
use crate::domain::indicators::build_reports;
use crate::error::AppError;
use crate::web::AppState;

/// Computes and stores every snapshot, stamped `now`; returns how many were written.
pub fn refresh_all(conn: &mut DbConnection, now: NaiveDateTime) -> Result<usize, AppError> {
    let by_departement = db::indicators::compute_by_departement(conn)?;
    let departements = db::indicators::departements(conn)?;
    let regions = db::indicators::region_names(conn)?;
    let rows = build_reports(by_departement, &departements, &regions)
        .into_iter()
        .map(|(scope, report)| {
            Ok(SnapshotRow {
                scope: scope.key(),
                computed_at: now,
                payload: serde_json::to_string(&report)
                    .map_err(|e| AppError::Internal(e.into()))?,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    db::indicators::replace_snapshots(conn, &rows)?;
    Ok(rows.len())
}

/// One refresh, never two at once in this process (the page's on-demand computation and the
/// timer share the lock).
pub async fn refresh(state: &actix_web::web::Data<AppState>) -> Result<usize, AppError> {
    let _guard = state.indicators.refreshing.lock().await;
    let task = state.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = task
            .pool
            .get()
            .map_err(|e| AppError::Unavailable(e.to_string()))?;
        refresh_all(&mut conn, task.clock.now())
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("calcul des indicateurs interrompu : {e}")))?
}

/// Refreshes at once, then every `refresh_seconds`, until the runtime stops.
pub async fn run(state: actix_web::web::Data<AppState>) {
    let period = state.settings.indicators.refresh_seconds;
    if period == 0 {
        return;
    }
    loop {
        let started = std::time::Instant::now();
        match refresh(&state).await {
            Ok(n) => tracing::info!(
                snapshots = n,
                ms = started.elapsed().as_millis() as u64,
                "indicateurs recalculés"
            ),
            Err(e) => tracing::warn!(error = %e, "calcul des indicateurs en erreur"),
        }
        tokio::time::sleep(Duration::from_secs(period)).await;
    }
}
