//! Recomputes the indicators of every région and département (one pass of grouped queries) and
//! stores them as snapshots, every `[indicators] refresh_seconds` (0: never on a timer — the
//! pages then compute a missing snapshot on demand, and `guichet indicators refresh` forces one).

use std::time::Duration;

use chrono::NaiveDateTime;

use crate::db::indicators::SnapshotRow;
use crate::db::{self, DbConnection};
use crate::domain::indicators::build_reports;
use crate::error::AppError;

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

/// Recomputes the snapshots, never twice at once in this process: the timer and the pages'
/// on-demand computation share one refresher.
pub struct Refresher {
    pool: crate::db::DbPool,
    clock: crate::clock::Clock,
    lock: tokio::sync::Mutex<()>,
}

impl Refresher {
    pub fn new(pool: crate::db::DbPool, clock: crate::clock::Clock) -> Refresher {
        Refresher {
            pool,
            clock,
            lock: tokio::sync::Mutex::new(()),
        }
    }

    /// One refresh of every snapshot.
    pub async fn refresh(&self) -> Result<usize, AppError> {
        let _guard = self.lock.lock().await;
        let (pool, now) = (self.pool.clone(), self.clock.now());
        crate::db::run(&pool, move |conn| refresh_all(conn, now)).await
    }

    /// The stored snapshot of `scope`, computed once (with every other) when missing: a first
    /// view before the timer ran, or with the timer off.
    pub async fn snapshot_or_compute(
        &self,
        scope: String,
    ) -> Result<crate::db::indicators::SnapshotRow, AppError> {
        let _guard = self.lock.lock().await;
        let (pool, now) = (self.pool.clone(), self.clock.now());
        crate::db::run(&pool, move |conn| {
            if let Some(row) = db::indicators::snapshot(conn, &scope)? {
                return Ok(row);
            }
            refresh_all(conn, now)?;
            db::indicators::snapshot(conn, &scope)?.ok_or(AppError::NotFound)
        })
        .await
    }
}

/// Refreshes at once, then every `period_seconds` (0: never), until the runtime stops.
pub async fn run(refresher: std::sync::Arc<Refresher>, period_seconds: u64) {
    if period_seconds == 0 {
        return;
    }
    loop {
        let started = std::time::Instant::now();
        match refresher.refresh().await {
            Ok(n) => tracing::info!(
                snapshots = n,
                ms = started.elapsed().as_millis() as u64,
                "indicateurs recalculés"
            ),
            Err(e) => tracing::warn!(error = %e, "calcul des indicateurs en erreur"),
        }
        tokio::time::sleep(Duration::from_secs(period_seconds)).await;
    }
}
