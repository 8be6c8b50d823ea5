//! argon2id with OWASP parameters (19 MiB, 2 passes, 1 lane), computed on the blocking pool with
//! bounded concurrency so that sign-in bursts cannot starve the other requests.

use std::sync::Arc;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::error::AppError;

#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    params: Params,
    /// A real hash of a random password, verified when the account does not exist so that the
    /// answer takes the same time either way.
    dummy: Arc<String>,
}

fn argon2(params: &Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
}

impl Hasher {
    /// `m_kib`, `t`: memory and passes (OWASP: 19456 KiB, 2). `concurrency`: hashes at once.
    pub fn new(m_kib: u32, t: u32, concurrency: usize) -> anyhow::Result<Self> {
        let params = Params::new(m_kib, t, 1, None)
            .map_err(|e| anyhow::anyhow!("paramètres argon2 : {e}"))?;
        let dummy = hash_blocking(&params, &super::token::generate())?;
        Ok(Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
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
        let hasher = Hasher::new(1024, 1, 2).expect("hasher");
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
}
