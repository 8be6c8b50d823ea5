//! The bytes of uploads the whole server holds at once, shared by every worker: an upload
//! reserves what its body may hold before reading it, and gives it back when its handler ends
//! (answered, refused, timed out or dropped). Beyond the budget: 503 with `Retry-After`.
//! The content checks (decoding an image may allocate up to 256 Mio) run a few at a time: one
//! per core, the others wait their turn.

use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::AppError;

/// Seconds a client is told to wait when the budget is spent.
const RETRY_AFTER_S: u64 = 5;

/// Permits are kibibytes, so that a `u32` counts up to 4 Tio.
const UNIT: u64 = 1024;

pub struct UploadBudget {
    kib: Arc<Semaphore>,
    total_kib: u32,
    checks: Arc<Semaphore>,
}

/// Bytes reserved by one upload; given back when dropped.
#[derive(Debug)]
pub struct Reservation {
    _permit: OwnedSemaphorePermit,
}

impl UploadBudget {
    /// A budget of `mib` mebibytes (at least one), and `checks` content checks at once (at
    /// least one).
    pub fn new(mib: u64, checks: usize) -> Self {
        let wanted = mib.max(1).saturating_mul(1024);
        let max = u64::try_from(Semaphore::MAX_PERMITS).unwrap_or(u64::MAX);
        let total_kib = u32::try_from(wanted.min(max)).unwrap_or(u32::MAX);
        Self {
            kib: Arc::new(Semaphore::new(total_kib as usize)),
            total_kib,
            checks: Arc::new(Semaphore::new(checks.clamp(1, Semaphore::MAX_PERMITS))),
        }
    }

    /// Waits for a turn to check a file's content; the turn ends when the permit is dropped.
    pub async fn check_turn(&self) -> Result<OwnedSemaphorePermit, AppError> {
        self.checks
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| AppError::Unavailable("vérification des documents arrêtée".into()))
    }

    /// Reserves `bytes` (an upload larger than the whole budget waits for all of it), or
    /// refuses at once when they are not free.
    pub fn reserve(&self, bytes: u64) -> Result<Reservation, AppError> {
        let kib = u32::try_from(bytes.div_ceil(UNIT))
            .unwrap_or(u32::MAX)
            .clamp(1, self.total_kib);
        self.kib
            .clone()
            .try_acquire_many_owned(kib)
            .map(|permit| Reservation { _permit: permit })
            .map_err(|_| {
                tracing::warn!(kib, "budget des envois épuisé : envoi refusé (503)");
                AppError::Busy {
                    retry_after_s: RETRY_AFTER_S,
                }
            })
    }

    /// Bytes not reserved right now.
    pub fn available_bytes(&self) -> u64 {
        self.kib.available_permits() as u64 * UNIT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reservations_are_bounded_and_given_back() {
        let budget = UploadBudget::new(2, 1);
        let first = budget.reserve(1536 * 1024).expect("1,5 Mio");
        assert!(matches!(
            budget.reserve(1024 * 1024),
            Err(AppError::Busy { .. })
        ));
        let small = budget.reserve(100 * 1024).expect("100 Kio");
        drop(first);
        drop(small);
        assert_eq!(budget.available_bytes(), 2 * 1024 * 1024);
        // Larger than the budget: waits for all of it.
        let all = budget.reserve(10 * 1024 * 1024).expect("tout");
        assert_eq!(budget.available_bytes(), 0);
        drop(all);
        assert!(budget.reserve(0).is_ok());
    }
}
