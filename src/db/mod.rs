//! Database access. Only this module knows there are two backends; everything else calls the
//! functions here with a `DbConnection`.

pub mod audit;
pub mod bulk;
mod connection;
pub mod inbox;
pub mod indicators;
pub mod institutions;
pub mod outbox;
pub mod permanences;
pub mod requests;
pub mod schema;
pub mod sessions;
pub mod territories;
pub mod throttle;
pub mod timeline;
pub mod tokens;
pub mod users;
pub mod zonage;

use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub use connection::{connect, ConnectError, DatabaseUrl, DbConnection, DbPool, PoolOptions};

use crate::error::AppError;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Runs the same diesel code on the concrete connection of either backend, for the few
/// statements `MultiConnection` cannot express portably (upserts, `SKIP LOCKED`, `ILIKE`).
#[macro_export]
macro_rules! with_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConnection::Postgresql($c) => $body,
            $crate::db::DbConnection::Sqlite($c) => $body,
        }
    };
}

/// Applies the pending migrations of the connection's backend; returns how many ran.
pub fn migrate(conn: &mut DbConnection) -> anyhow::Result<usize> {
    let applied = match conn {
        DbConnection::Postgresql(c) => c
            .run_pending_migrations(POSTGRES_MIGRATIONS)
            .map(|v| v.len()),
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
    }
    .map_err(|e| anyhow::anyhow!("migration impossible : {e}"))?;
    Ok(applied)
}

/// Runs blocking database work on actix's thread pool and maps failures to [`AppError`].
pub async fn run<T, F>(pool: &DbPool, work: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
{
    let pool = pool.clone();
    actix_web::web::block(move || {
        let mut conn = pool
            .get()
            .map_err(|e| AppError::Unavailable(e.to_string()))?;
        work(&mut conn)
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("tâche base de données interrompue : {e}")))?
}

/// Is the database answering? Used by `/healthz`.
pub fn ping(conn: &mut DbConnection) -> bool {
    use diesel::connection::SimpleConnection;
    conn.batch_execute("SELECT 1").is_ok()
}
