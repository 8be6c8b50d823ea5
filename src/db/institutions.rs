//! Partner institutions.

use diesel::prelude::*;

use super::schema::institutions;
use super::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = institutions)]
pub struct Institution {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub region_code: Option<String>,
    pub departement_code: Option<String>,
    pub profession: Option<String>,
    pub email: String,
    pub phone: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = institutions)]
pub struct NewInstitution {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub region_code: Option<String>,
    pub departement_code: Option<String>,
    pub profession: Option<String>,
    pub email: String,
    pub phone: String,
    pub created_at: chrono::NaiveDateTime,
}

impl NewInstitution {
    pub fn new(
        kind: &str,
        name: &str,
        email: &str,
        phone: &str,
        now: chrono::NaiveDateTime,
    ) -> Self {
        Self {
            id: uuid::Uuid::now_v7().to_string(),
            kind: kind.to_string(),
            name: name.to_string(),
            region_code: None,
            departement_code: None,
            profession: None,
            email: email.to_string(),
            phone: phone.to_string(),
            created_at: now,
        }
    }
}

/// Inserts the institutions whose name is not known yet; returns how many were added.
pub fn insert_missing(conn: &mut DbConnection, rows: &[NewInstitution]) -> QueryResult<usize> {
    crate::db::transaction(conn, |conn| {
        let mut added = 0;
        for row in rows {
            let exists: i64 = institutions::table
                .filter(institutions::name.eq(&row.name))
                .count()
                .get_result(conn)?;
            if exists == 0 {
                added += diesel::insert_into(institutions::table)
                    .values(row)
                    .execute(conn)?;
            }
        }
        Ok(added)
    })
}

pub fn list_in_region(conn: &mut DbConnection, region: &str) -> QueryResult<Vec<Institution>> {
    institutions::table
        .filter(institutions::region_code.eq(region))
        .order((
            institutions::kind,
            institutions::departement_code,
            institutions::name,
        ))
        .select(Institution::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Institution>> {
    institutions::table
        .find(id)
        .select(Institution::as_select())
        .first(conn)
        .optional()
}

/// Per institution of the région, its active agents (invitation accepted, not disabled).
pub fn active_agent_counts(
    conn: &mut DbConnection,
    region: &str,
) -> QueryResult<Vec<(String, i64)>> {
    use super::schema::users;
    let rows: Vec<(Option<String>, i64)> = users::table
        .filter(users::region_code.eq(region))
        .filter(users::role.eq("partner"))
        .filter(users::disabled_at.is_null())
        .filter(users::password_hash.is_not_null())
        .filter(users::institution_id.is_not_null())
        .group_by(users::institution_id)
        .select((users::institution_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, n)| id.map(|id| (id, n)))
        .collect())
}

pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    institutions::table.count().get_result(conn)
}

/// The département of an institution (`None` for a regional or national one, or an unknown id).
pub fn departement_of(conn: &mut DbConnection, id: &str) -> QueryResult<Option<String>> {
    Ok(institutions::table
        .find(id)
        .select(institutions::departement_code)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}

/// Institutions without a contact mailbox ("à compléter"), by région then name.
pub fn without_mailbox(conn: &mut DbConnection) -> QueryResult<Vec<Institution>> {
    institutions::table
        .filter(institutions::email.eq(""))
        .order((institutions::region_code, institutions::name))
        .select(Institution::as_select())
        .load(conn)
}

/// Changes an institution's name and contact details (admin page); returns the rows changed.
pub fn update_contact(
    conn: &mut DbConnection,
    id: &str,
    name: &str,
    email: &str,
    phone: &str,
) -> QueryResult<usize> {
    diesel::update(institutions::table.find(id))
        .set((
            institutions::name.eq(name),
            institutions::email.eq(email),
            institutions::phone.eq(phone),
        ))
        .execute(conn)
}
