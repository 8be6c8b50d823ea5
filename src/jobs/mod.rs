//! Background jobs besides the e-mail worker. Each job gets its dependencies explicitly
//! ([`Deps`]) and runs through [`every`]: one round in a blocking task, logged, then a pause.

pub mod commitment_reminders;
pub mod digest;
pub mod indicators;
pub mod link_bodies;
pub mod next_actions;
pub mod quarantine;
pub mod reminders;
pub mod retention;

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;

use crate::clock::Clock;
use crate::db::{DbConnection, DbPool};
use crate::error::AppError;

/// What the jobs need: the database, "now", and the e-mail templates and public address.
#[derive(Clone)]
pub struct Deps {
    pub pool: DbPool,
    pub clock: Clock,
    pub templates: Arc<tera::Tera>,
    pub base_url: String,
}

/// Sends one item of a round at most once, across rounds and instances: in one transaction,
/// `claim` marks the item by a conditional update (`true`: this round won it), then `send`
/// writes its e-mails and says how many items it counts (0 or 1). An item claimed elsewhere
/// counts 0 and sends nothing; an error rolls the claim back with the e-mails.
pub fn claim_then_send<C, S>(conn: &mut DbConnection, claim: C, send: S) -> Result<usize, AppError>
where
    C: FnOnce(&mut DbConnection) -> Result<bool, AppError>,
    S: FnOnce(&mut DbConnection) -> Result<usize, AppError>,
{
    crate::db::transaction::<_, AppError, _>(conn, |conn| {
        if !claim(conn)? {
            return Ok(0);
        }
        send(conn)
    })
}

/// Runs `round` now and then every `period`, until the runtime stops. A round gets a
/// connection and the clock's "now"; its count is logged when not zero, its error as a warning.
pub async fn every<F>(name: &'static str, period: Duration, deps: Deps, round: F)
where
    F: Fn(&mut DbConnection, &Deps, NaiveDateTime) -> Result<usize, AppError>
        + Send
        + Sync
        + 'static,
{
    let round = Arc::new(round);
    loop {
        let (task, job) = (deps.clone(), round.clone());
        let result = tokio::task::spawn_blocking(move || -> Result<usize, AppError> {
            let mut conn = task
                .pool
                .get()
                .map_err(|e| AppError::Unavailable(e.to_string()))?;
            job(&mut conn, &task, task.clock.now())
        })
        .await;
        match result {
            Ok(Ok(0)) => {}
            Ok(Ok(n)) => tracing::info!(job = name, count = n, "tâche de fond : tour effectué"),
            Ok(Err(e)) => tracing::warn!(job = name, error = %e, "tâche de fond : tour en erreur"),
            Err(e) => tracing::warn!(job = name, error = %e, "tâche de fond : tâche interrompue"),
        }
        tokio::time::sleep(period).await;
    }
}
