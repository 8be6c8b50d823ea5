//! `guichet backup FILE`: a consistent copy of the SQLite database taken while the guichet runs
//! (`VACUUM INTO`). PostgreSQL is backed up with its own tools (`pg_dump`).

use std::path::Path;
use std::time::Duration;

use super::{connection, refuse};
use crate::config::Settings;
use crate::db::{self, DatabaseUrl, PoolOptions};
use crate::startup::StartupError;

/// Writes the copy to `file` (which must not exist yet); no migration is applied first, so a
/// backup taken before an upgrade is the database as the previous version left it.
pub fn run(settings: &Settings, file: &Path) -> Result<(), StartupError> {
    let url = DatabaseUrl::parse(&settings.database.url)?;
    match &url {
        DatabaseUrl::Postgres(_) => {
            return Err(refuse(
                "base PostgreSQL : sauvegardez-la avec pg_dump (ex. pg_dump --format=custom --file=guichet.dump \"$DATABASE_URL\"), pas avec guichet backup",
            ))
        }
        DatabaseUrl::Sqlite(path) if !path.is_file() => {
            return Err(refuse(format!(
                "la base {} n'existe pas : rien à sauvegarder",
                path.display()
            )))
        }
        DatabaseUrl::Sqlite(_) => {}
    }
    if file.exists() {
        return Err(refuse(format!(
            "{} existe déjà : choisissez un nouveau fichier (la sauvegarde n'écrase rien)",
            file.display()
        )));
    }
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.is_dir() {
            return Err(refuse(format!(
                "le dossier {} n'existe pas",
                parent.display()
            )));
        }
    }
    let pool = db::connect(
        &url,
        &PoolOptions {
            max_size: 1,
            busy_timeout_ms: settings.database.busy_timeout_ms,
            connect_timeout: Duration::from_secs(settings.database.connect_timeout_s.max(1)),
        },
    )?;
    let mut conn = connection(&pool)?;
    db::sqlite_backup(&mut conn, file)?;
    let bytes = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    println!(
        "Sauvegarde écrite : {} ({:.1} Mo). Pour restaurer : arrêter le guichet, remplacer le fichier de la base par cette copie, relancer.",
        file.display(),
        bytes as f64 / 1_000_000.0
    );
    Ok(())
}
