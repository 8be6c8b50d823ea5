//! The one place that knows there are two database backends.

use std::path::PathBuf;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;

/// A connection to either backend; diesel generates `MultiBackend` beside it.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

pub type DbPool = Pool<ConnectionManager<DbConnection>>;

/// A `DATABASE_URL`, checked: only `sqlite://PATH` and `postgres://…` / `postgresql://…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("DATABASE_URL : schéma « {0} » inconnu ; utilisez sqlite://chemin/vers/fichier.db ou postgres://utilisateur@hôte/base")]
    UnknownScheme(String),
    #[error("DATABASE_URL : chemin SQLite vide ; exemple sqlite://data/guichet.db")]
    EmptySqlitePath,
    #[error("impossible de créer le dossier de la base SQLite {path} : {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error("base de données injoignable ({url}) : {reason}")]
    Unreachable { url: String, reason: String },
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, ConnectError> {
        let url = url.trim();
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(ConnectError::EmptySqlitePath);
            }
            return Ok(Self::Sqlite(PathBuf::from(path)));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(url.to_string()));
        }
        let scheme = url.split("://").next().unwrap_or(url);
        Err(ConnectError::UnknownScheme(scheme.to_string()))
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "SQLite",
            Self::Postgres(_) => "PostgreSQL",
        }
    }

    /// The URL diesel understands: a bare path for SQLite; for PostgreSQL, GSSAPI encryption off
    /// unless the URL asks for it (libpq's Kerberos library aborts the process when it exits while
    /// a pool thread is still connecting: `krb5int_getspecific: Assertion … failed`).
    fn diesel_url(&self) -> String {
        match self {
            Self::Sqlite(path) => path.to_string_lossy().into_owned(),
            Self::Postgres(url) if url.contains("gssencmode=") => url.clone(),
            Self::Postgres(url) => {
                let separator = if url.contains('?') { '&' } else { '?' };
                format!("{url}{separator}gssencmode=disable")
            }
        }
    }
}

/// Per-connection settings, applied each time the pool hands out a new connection.
#[derive(Debug, Clone, Copy)]
struct ConnectionSetup {
    busy_timeout_ms: u32,
}

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for ConnectionSetup {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        if let DbConnection::Sqlite(sqlite) = conn {
            sqlite
                .batch_execute(&format!(
                    "PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
                    self.busy_timeout_ms
                ))
                .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

pub struct PoolOptions {
    pub max_size: u32,
    pub busy_timeout_ms: u32,
    pub connect_timeout: Duration,
}

/// Opens a pool, after one direct connection attempt so that a wrong or unreachable server fails
/// at once with the driver's reason instead of after the pool's retries.
pub fn connect(url: &DatabaseUrl, options: &PoolOptions) -> Result<DbPool, ConnectError> {
    let redacted = crate::config::redact_url(&url.diesel_url());
    if let DatabaseUrl::Sqlite(path) = url {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| ConnectError::CreateDir {
                path: dir.display().to_string(),
                source,
            })?;
        }
    }
    let unreachable = |reason: String| ConnectError::Unreachable {
        url: redacted.clone(),
        reason: reason.lines().next().unwrap_or_default().trim().to_string(),
    };
    DbConnection::establish(&url.diesel_url()).map_err(|e| unreachable(e.to_string()))?;
    let manager = ConnectionManager::<DbConnection>::new(url.diesel_url());
    Pool::builder()
        .max_size(options.max_size.max(1))
        // No idle connection is kept warm: a refill would run on a pool thread and could still
        // be connecting when a one-shot command exits.
        .min_idle(Some(0))
        .connection_timeout(options.connect_timeout)
        .connection_customizer(Box::new(ConnectionSetup {
            busy_timeout_ms: options.busy_timeout_ms,
        }))
        .build(manager)
        .map_err(|e| unreachable(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_urls_disable_gssapi_unless_they_choose() {
        let url = |s: &str| DatabaseUrl::Postgres(s.to_string()).diesel_url();
        assert_eq!(
            url("postgres://u@h/db"),
            "postgres://u@h/db?gssencmode=disable"
        );
        assert_eq!(
            url("postgres://u@h/db?sslmode=require"),
            "postgres://u@h/db?sslmode=require&gssencmode=disable"
        );
        assert_eq!(
            url("postgres://u@h/db?gssencmode=require"),
            "postgres://u@h/db?gssencmode=require"
        );
    }

    #[test]
    fn parses_supported_schemes_and_refuses_others() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/guichet.db").ok(),
            Some(DatabaseUrl::Sqlite(PathBuf::from("data/guichet.db")))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///tmp/x.db").ok(),
            Some(DatabaseUrl::Sqlite(PathBuf::from("/tmp/x.db")))
        );
        assert!(matches!(
            DatabaseUrl::parse("postgresql://u@h/d"),
            Ok(DatabaseUrl::Postgres(_))
        ));
        assert!(matches!(
            DatabaseUrl::parse("mysql://x"),
            Err(ConnectError::UnknownScheme(s)) if s == "mysql"
        ));
        assert!(matches!(
            DatabaseUrl::parse("sqlite:/data.db"),
            Err(ConnectError::UnknownScheme(_))
        ));
        assert!(matches!(
            DatabaseUrl::parse("sqlite://"),
            Err(ConnectError::EmptySqlitePath)
        ));
    }
}
