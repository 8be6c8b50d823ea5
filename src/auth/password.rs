//! argon2id with OWASP parameters (19 MiB, 2 passes, 1 lane), computed on the blocking pool with
//! bounded concurrency so that sign-in bursts cannot starve the other requests, and a bounded
//! queue: when it is full, the request is refused at once (503 with `Retry-After`) instead of
//! waiting in an ever longer line.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::error::AppError;

#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    /// Hashes running or waiting, and how many may be.
    pending: Arc<AtomicUsize>,
    capacity: usize,
    params: Params,
    /// A real hash of a random password, verified when the account does not exist so that the
    /// answer takes the same time either way.
    dummy: Arc<String>,
}

fn argon2(params: &Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
}

impl Hasher {
    /// `m_kib`, `t`: memory and passes (OWASP: 19456 KiB, 2). `concurrency`: hashes at once;
    /// `queue`: hashes that may wait for a free slot.
    pub fn new(m_kib: u32, t: u32, concurrency: usize, queue: usize) -> anyhow::Result<Self> {
        let params = Params::new(m_kib, t, 1, None)
            .map_err(|e| anyhow::anyhow!("paramètres argon2 : {e}"))?;
        let dummy = hash_blocking(&params, &super::token::generate())?;
        Ok(Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            pending: Arc::new(AtomicUsize::new(0)),
            capacity: concurrency.max(1) + queue,
            params,
            dummy: Arc::new(dummy),
        })
    }

    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        let params = self.params.clone();
        self.run(move || hash_blocking(&params, &password).map_err(AppError::Internal))
            .await
    }

    /// `stored` is `None` for an unknown account or one without a password yet.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, AppError> {
        let params = self.params.clone();
        let dummy = self.dummy.clone();
        self.run(move || {
            let (phc, real) = match &stored {
                Some(h) => (h.as_str(), true),
                None => (dummy.as_str(), false),
            };
            let parsed = PasswordHash::new(phc)
                .map_err(|e| AppError::Internal(anyhow::anyhow!("empreinte illisible : {e}")))?;
            let ok = argon2(&params)
                .verify_password(password.as_bytes(), &parsed)
                .is_ok();
            Ok(ok && real)
        })
        .await
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let _slot = Slot::take(&self.pending, self.capacity)?;
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| AppError::Unavailable("calcul des mots de passe arrêté".into()))?;
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || span.in_scope(work))
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("calcul interrompu : {e}")))?
    }
}

/// A place among the hashes running or waiting; given back when dropped (even if the request is
/// abandoned while it waits).
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(pending: &Arc<AtomicUsize>, capacity: usize) -> Result<Slot, AppError> {
        let taken = pending.fetch_add(1, Ordering::AcqRel);
        let slot = Slot(pending.clone());
        if taken >= capacity {
            return Err(AppError::Busy { retry_after_s: 2 });
        }
        Ok(slot)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Hashes synchronously (CLI seeding, outside any request).
pub fn hash_now(m_kib: u32, t: u32, password: &str) -> anyhow::Result<String> {
    let params =
        Params::new(m_kib, t, 1, None).map_err(|e| anyhow::anyhow!("paramètres argon2 : {e}"))?;
    hash_blocking(&params, password)
}

fn hash_blocking(params: &Params, password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2(params)
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hachage impossible : {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let hasher = Hasher::new(1024, 1, 2, 4).expect("hasher");
        let hash = hasher
            .hash("une phrase de passe".into())
            .await
            .expect("hash");
        assert!(hash.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"), "{hash}");
        assert!(hasher
            .verify("une phrase de passe".into(), Some(hash.clone()))
            .await
            .expect("verify"));
        assert!(!hasher
            .verify("une autre phrase".into(), Some(hash))
            .await
            .expect("verify"));
        assert!(!hasher
            .verify("une phrase de passe".into(), None)
            .await
            .expect("dummy"));
    }

    #[test]
    fn a_full_queue_refuses_at_once() {
        let pending = Arc::new(AtomicUsize::new(0));
        let a = Slot::take(&pending, 2).expect("1");
        let _b = Slot::take(&pending, 2).expect("2");
        assert!(matches!(
            Slot::take(&pending, 2),
            Err(AppError::Busy { retry_after_s: 2 })
        ));
        drop(a);
        assert!(Slot::take(&pending, 2).is_ok());
        assert_eq!(pending.load(Ordering::Acquire), 1);
    }
}
