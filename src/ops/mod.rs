//! Operating a deployment from the command line: the administrators (`guichet admin`), the
//! backup (`guichet backup`) and the health check (`guichet check`).

pub mod admin;
pub mod backup;
pub mod check;
pub mod purge;

use diesel::r2d2::{ConnectionManager, PooledConnection};

use crate::db::{DbConnection, DbPool};
use crate::startup::StartupError;

/// A connection of the pool, or the one-line reason why not.
pub(crate) fn connection(
    pool: &DbPool,
) -> Result<PooledConnection<ConnectionManager<DbConnection>>, StartupError> {
    pool.get()
        .map_err(|e| StartupError::Other(anyhow::anyhow!("connexion impossible : {e}")))
}

/// The one-line refusal of a command (exit code 2).
pub(crate) fn refuse(message: impl Into<String>) -> StartupError {
    StartupError::Refused(message.into())
}
