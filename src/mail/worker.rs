//! The outbox worker: claims due messages, sends them, retries with exponential backoff, and
//! gives up after `max_attempts` (the message is then "failed", visible to admins).

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;

use super::transport::Transport;
use crate::clock::Clock;
use crate::config::{MailSettings, MailTransportKind};
use crate::db::{self, DbPool};

/// Messages claimed per round, and how long a claim lasts before another worker may retry it.
const BATCH: i64 = 20;
const LEASE_S: i64 = 120;
/// How often a worker says it is alive, and after how long without news its claims are taken
/// over by another instance (or by the same server restarted after a crash).
pub const HEARTBEAT: Duration = Duration::from_secs(1);
pub const DEAD_AFTER_S: i64 = 5;

#[derive(Clone)]
pub struct Worker {
    /// This instance, named on its claims.
    id: String,
    pool: DbPool,
    transport: Arc<Transport>,
    from: Mailbox,
    poll: Duration,
    max_attempts: i32,
    backoff_base_ms: i64,
    backoff_max_ms: i64,
    clock: Clock,
    /// Empties a message's bodies once delivered by SMTP (the file and stub transports are the
    /// local mailboxes of development and tests, which read them).
    forget_sent_bodies: bool,
}

/// Delay before attempt `attempts + 1`: base × 2^attempts, capped.
pub fn backoff_ms(attempts: i32, base_ms: i64, max_ms: i64) -> i64 {
    let factor = 1i64
        .checked_shl(attempts.clamp(0, 30) as u32)
        .unwrap_or(i64::MAX);
    base_ms.saturating_mul(factor).min(max_ms)
}

impl Worker {
    pub fn new(
        pool: DbPool,
        transport: Arc<Transport>,
        settings: &MailSettings,
        clock: Clock,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            id: uuid::Uuid::now_v7().to_string(),
            pool,
            transport,
            from: settings
                .from
                .parse()
                .map_err(|e| anyhow::anyhow!("expéditeur invalide ({}) : {e}", settings.from))?,
            poll: Duration::from_millis(settings.worker_poll_ms.max(10)),
            max_attempts: settings.max_attempts.max(1),
            backoff_base_ms: settings.backoff_base_ms.max(1),
            backoff_max_ms: settings.backoff_max_ms.max(1),
            clock,
            forget_sent_bodies: settings.transport == MailTransportKind::Smtp,
        })
    }

    /// Runs until the runtime stops, with its heartbeat beside it.
    pub async fn run(self) {
        if let Err(e) = self.beat().await {
            tracing::warn!(error = %e, "envoi des courriels : battement impossible");
        }
        let heart = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(HEARTBEAT).await;
                if let Err(e) = heart.beat().await {
                    tracing::warn!(error = %e, "envoi des courriels : battement impossible");
                }
            }
        });
        loop {
            match self.round().await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "envoi des courriels : tour en erreur"),
            }
            tokio::time::sleep(self.poll).await;
        }
    }

    /// Records that this instance is alive.
    async fn beat(&self) -> anyhow::Result<()> {
        let (pool, id, now) = (self.pool.clone(), self.id.clone(), self.clock.now());
        tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
            let mut conn = pool.get()?;
            Ok(db::outbox::heartbeat(&mut conn, &id, now)?)
        })
        .await?
    }

    /// One round: returns how many messages were attempted.
    pub async fn round(&self) -> anyhow::Result<usize> {
        let (pool, id) = (self.pool.clone(), self.id.clone());
        let now = self.clock.now();
        let claimed = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
            let mut conn = pool.get()?;
            Ok(db::outbox::claim_due(
                &mut conn,
                &id,
                now,
                chrono::Duration::seconds(LEASE_S),
                BATCH,
                now - chrono::Duration::seconds(DEAD_AFTER_S),
            )?)
        })
        .await??;
        let count = claimed.len();
        for message in claimed {
            let outcome = self.transport.send(&self.from, &message).await;
            let pool = self.pool.clone();
            let (max, base, cap) = (self.max_attempts, self.backoff_base_ms, self.backoff_max_ms);
            let now = self.clock.now();
            let forget_body = self.forget_sent_bodies;
            tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
                let mut conn = pool.get()?;
                match outcome {
                    Ok(()) => {
                        db::outbox::mark_sent(&mut conn, &message.id, now, forget_body)?;
                        tracing::info!(template = %message.template, "courriel envoyé");
                    }
                    Err(error) => {
                        let attempts = message.attempts + 1;
                        let retry_at = (attempts < max)
                            .then(|| now + chrono::Duration::milliseconds(backoff_ms(message.attempts, base, cap)));
                        db::outbox::mark_attempt_failed(&mut conn, &message.id, &error, retry_at)?;
                        tracing::warn!(template = %message.template, attempts, %error, "échec d'envoi d'un courriel");
                    }
                }
                Ok(())
            })
            .await??;
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::backoff_ms;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff_ms(0, 30_000, 900_000), 30_000);
        assert_eq!(backoff_ms(1, 30_000, 900_000), 60_000);
        assert_eq!(backoff_ms(4, 30_000, 900_000), 480_000);
        assert_eq!(backoff_ms(5, 30_000, 900_000), 900_000);
        assert_eq!(backoff_ms(60, 30_000, 900_000), 900_000);
    }
}
