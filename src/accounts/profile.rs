//! A professional changes their profile (issue 15): the current values replaced, one history
//! row per changed field and one audit entry, in one transaction. The simulator and new
//! requests read the current values as their defaults; filed requests keep their snapshot.

use super::Deps;
use crate::db;
use crate::domain::account::Role;
use crate::domain::profile::{changes, Profile};
use crate::error::AppError;

/// Replaces the profile of `user_id` (a professional, changing their own) with `new`; returns
/// how many fields changed (none: nothing written).
pub async fn update(deps: &Deps<'_>, user_id: String, new: Profile) -> Result<usize, AppError> {
    let now = deps.clock.now();
    db::run(deps.pool, move |conn| {
        db::transaction(conn, |conn| {
            let user = db::users::find(conn, &user_id)?.ok_or(AppError::NotFound)?;
            if user.role != Role::Professional {
                return Err(AppError::NotFound);
            }
            let old = db::profiles::current(conn, &user_id)?.ok_or(AppError::NotFound)?;
            let list = changes(&old, &new);
            if list.is_empty() {
                return Ok(0);
            }
            db::profiles::set_current(conn, &user_id, &new, now)?;
            db::profiles::record_changes(conn, &user_id, &user_id, &list, now)?;
            let fields: Vec<&str> = list.iter().map(|c| c.field.label()).collect();
            db::audit::record(
                conn,
                "profile_changed",
                Some(&user_id),
                Some(&user_id),
                None,
                &format!("profil modifié : {}", fields.join(", ")),
                now,
            )?;
            Ok::<_, AppError>(list.len())
        })
    })
    .await
}
