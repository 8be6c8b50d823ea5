//! Use cases of the regional texts: save a version (or restore an old one as a new version), each
//! change written to the audit log in the same transaction; read what a visitor of a région sees.

use chrono::NaiveDateTime;

use crate::db::regional_texts::{self, NewVersion, Version};
use crate::db::DbConnection;
use crate::domain::content::regional::TextKey;
use crate::error::AppError;

/// The audit event of every change of a regional text.
pub const AUDIT_EVENT: &str = "contenu-regional-modifie";

/// Who saves what, from where.
pub struct Change<'a> {
    pub region: &'a str,
    pub key: TextKey,
    /// Already checked (`domain::content::regional::check_body`) and normalized.
    pub body: &'a str,
    pub actor_id: &'a str,
    pub ip: &'a str,
    /// The version copied, when restoring one.
    pub restored_from: Option<i32>,
    pub now: NaiveDateTime,
}

/// Appends the new version and its audit entry; returns the version's number.
pub fn save(conn: &mut DbConnection, change: &Change<'_>) -> Result<i32, AppError> {
    let slug = change.key.slug();
    crate::db::transaction(conn, |conn| {
        let version = regional_texts::append(
            conn,
            &NewVersion {
                region: change.region,
                key: &slug,
                body: change.body,
                author_id: change.actor_id,
                restored_from: change.restored_from,
                now: change.now,
            },
        )?;
        let what = match change.restored_from {
            Some(old) => format!("version {version} (rétablissement de la version {old})"),
            None => format!("version {version} enregistrée"),
        };
        let detail = format!(
            "texte régional « {} » (région {}) : {what}",
            change.key.label(),
            change.region
        );
        crate::db::audit::record(
            conn,
            AUDIT_EVENT,
            Some(change.actor_id),
            None,
            Some(change.ip),
            &detail,
            change.now,
        )?;
        Ok::<_, AppError>(version)
    })
}

/// The regional version a visitor of `region` reads, if the région wrote one.
pub fn current(
    conn: &mut DbConnection,
    region: Option<&str>,
    key: TextKey,
) -> Result<Option<Version>, AppError> {
    match region {
        Some(region) => Ok(regional_texts::latest(conn, region, &key.slug())?),
        None => Ok(None),
    }
}
