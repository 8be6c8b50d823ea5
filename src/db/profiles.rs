//! A professional's current profile (columns of `users`) and its history (`profile_changes`).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{profile_changes, users};
use super::DbConnection;
use crate::domain::profession::{Profession, Situation};
use crate::domain::profile::{Change, Profile};

type ProfileColumns = (
    Option<Profession>,
    Option<Situation>,
    Option<i32>,
    Option<NaiveDate>,
    Option<String>,
);

/// The current profile of `user_id`, if the account exists.
pub fn current(conn: &mut DbConnection, user_id: &str) -> QueryResult<Option<Profile>> {
    let row: Option<ProfileColumns> = users::table
        .find(user_id)
        .select((
            users::profession,
            users::situation,
            users::study_year,
            users::installation_date,
            users::installation_commune_insee,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(
        |(profession, situation, study_year, installation_date, installation_commune_insee)| {
            Profile {
                profession,
                situation,
                study_year,
                installation_date,
                installation_commune_insee,
            }
        },
    ))
}

/// Replaces the current profile of `user_id`.
pub fn set_current(
    conn: &mut DbConnection,
    user_id: &str,
    profile: &Profile,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(user_id))
        .set((
            users::profession.eq(profile.profession),
            users::situation.eq(profile.situation),
            users::study_year.eq(profile.study_year),
            users::installation_date.eq(profile.installation_date),
            users::installation_commune_insee.eq(&profile.installation_commune_insee),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

/// One row of the history.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = profile_changes)]
pub struct ProfileChange {
    pub id: String,
    pub user_id: String,
    pub at: NaiveDateTime,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub changed_by: Option<String>,
}

/// Adds one history row per change.
pub fn record_changes(
    conn: &mut DbConnection,
    user_id: &str,
    changed_by: &str,
    changes: &[Change],
    now: NaiveDateTime,
) -> QueryResult<()> {
    for change in changes {
        diesel::insert_into(profile_changes::table)
            .values((
                profile_changes::id.eq(uuid::Uuid::now_v7().to_string()),
                profile_changes::user_id.eq(user_id),
                profile_changes::at.eq(now),
                profile_changes::field.eq(change.field.slug()),
                profile_changes::old_value.eq(&change.old),
                profile_changes::new_value.eq(&change.new),
                profile_changes::changed_by.eq(changed_by),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The history of `user_id`, newest first.
pub fn history(conn: &mut DbConnection, user_id: &str) -> QueryResult<Vec<ProfileChange>> {
    profile_changes::table
        .filter(profile_changes::user_id.eq(user_id))
        .order((profile_changes::at.desc(), profile_changes::id.desc()))
        .select(ProfileChange::as_select())
        .load(conn)
}
