//! Database access. Only this module knows there are two backends; everything else calls the
//! functions here with a `DbConnection`.

pub mod attachment_shares;
pub mod audit;
pub mod bulk;
pub mod clock_pauses;
pub mod commitments;
mod connection;
pub mod decisions;
pub mod inbox;
pub mod indicators;
pub mod institutions;
pub mod intake;
pub mod milestone_corrections;
pub mod next_actions;
pub mod outbox;
pub mod permanences;
pub mod profiles;
pub mod projects;
mod referral_updates;
pub mod regional_aids;
pub mod regional_texts;
pub mod request_views;
pub mod requests;
pub mod retention;
pub mod routing_overrides;
pub mod schema;
pub mod second_factor;
pub mod sessions;
mod slug_columns;
pub mod standard_replies;
pub mod territories;
pub mod throttle;
pub mod timeline;
pub mod tokens;
pub mod users;
pub mod zonage;
pub mod zonage_imports;

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

/// How many migrations of the connection's backend are not applied yet (`guichet check`).
pub fn pending_migrations(conn: &mut DbConnection) -> anyhow::Result<usize> {
    match conn {
        DbConnection::Postgresql(c) => c.pending_migrations(POSTGRES_MIGRATIONS).map(|v| v.len()),
        DbConnection::Sqlite(c) => c.pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
    }
    .map_err(|e| anyhow::anyhow!("lecture des migrations impossible : {e}"))
}

/// A consistent copy of a SQLite database into `target` while it is in use (`VACUUM INTO`);
/// `Ok(false)` on PostgreSQL, whose backups are `pg_dump`'s job.
pub fn sqlite_backup(conn: &mut DbConnection, target: &std::path::Path) -> anyhow::Result<bool> {
    use diesel::connection::SimpleConnection;
    match conn {
        DbConnection::Postgresql(_) => Ok(false),
        DbConnection::Sqlite(c) => {
            let path = target.to_string_lossy().replace('\'', "''");
            c.batch_execute(&format!("VACUUM INTO '{path}'"))
                .map_err(|e| anyhow::anyhow!("copie vers {} impossible : {e}", target.display()))?;
            Ok(true)
        }
    }
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

/// Runs `work` in a transaction. On SQLite it begins with `BEGIN IMMEDIATE`, taking the write
/// lock before the first read: a deferred transaction that reads and then writes fails at once
/// with "database is locked" when another connection wrote in between (the busy timeout does
/// not apply to that upgrade), whereas an immediate one waits its turn. Nested calls become
/// savepoints, as with `Connection::transaction`.
pub fn transaction<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    use diesel::connection::{AnsiTransactionManager, Connection, TransactionManager};
    let outermost = match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::transaction_manager_status_mut(c)
            .transaction_depth()
            .map_err(E::from)?
            .is_none(),
        DbConnection::Postgresql(_) => false,
    };
    if !outermost {
        return conn.transaction(work);
    }
    if let DbConnection::Sqlite(c) = conn {
        AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE").map_err(E::from)?;
    }
    match work(conn) {
        Ok(value) => {
            <DbConnection as Connection>::TransactionManager::commit_transaction(conn)
                .map_err(E::from)?;
            Ok(value)
        }
        Err(e) => {
            // The error that stopped the work matters more than a failed rollback.
            let _ = <DbConnection as Connection>::TransactionManager::rollback_transaction(conn);
            Err(e)
        }
    }
}
