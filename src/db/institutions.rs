//! Partner institutions.

use diesel::prelude::*;

use super::schema::institutions;
use super::DbConnection;
use crate::domain::institution::InstitutionKind;
use crate::domain::profession::Profession;

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = institutions)]
pub struct Institution {
    pub id: String,
    pub kind: InstitutionKind,
    pub name: String,
    pub region_code: Option<String>,
    pub departement_code: Option<String>,
    pub profession: Option<Profession>,
    pub email: String,
    pub phone: String,
    /// The key of its row in the national directory, when it comes from there.
    pub directory_key: Option<String>,
    /// INSEE codes, space-separated; empty = the whole territory.
    pub communes: String,
    pub website: String,
    pub source: String,
    /// What the directory could not verify about it.
    pub note: String,
    pub deactivated_at: Option<chrono::NaiveDateTime>,
}

impl Institution {
    /// The communes it covers (empty = its whole territory).
    pub fn commune_list(&self) -> Vec<String> {
        self.communes
            .split_whitespace()
            .map(str::to_string)
            .collect()
    }

    pub fn is_active(&self) -> bool {
        self.deactivated_at.is_none()
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = institutions)]
pub struct NewInstitution {
    pub id: String,
    pub kind: InstitutionKind,
    pub name: String,
    pub region_code: Option<String>,
    pub departement_code: Option<String>,
    pub profession: Option<Profession>,
    pub email: String,
    pub phone: String,
    pub created_at: chrono::NaiveDateTime,
    pub directory_key: Option<String>,
    pub communes: String,
    pub website: String,
    pub source: String,
    pub note: String,
}

impl NewInstitution {
    pub fn new(
        kind: InstitutionKind,
        name: &str,
        email: &str,
        phone: &str,
        now: chrono::NaiveDateTime,
    ) -> Self {
        Self {
            id: uuid::Uuid::now_v7().to_string(),
            kind,
            name: name.to_string(),
            region_code: None,
            departement_code: None,
            profession: None,
            email: email.to_string(),
            phone: phone.to_string(),
            created_at: now,
            directory_key: None,
            communes: String::new(),
            website: String::new(),
            source: String::new(),
            note: String::new(),
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

/// The active institutions that can receive a referral for the région: its own and the
/// national ones (CNG, ASP), wherever their seat is.
pub fn routable(conn: &mut DbConnection, region: &str) -> QueryResult<Vec<Institution>> {
    let national: Vec<&str> = crate::domain::institution::InstitutionKind::ALL
        .iter()
        .copied()
        .filter(|k| k.scope() == crate::domain::institution::Scope::National)
        .map(|k| k.slug())
        .collect();
    institutions::table
        .filter(
            institutions::region_code
                .eq(region)
                .or(institutions::kind.eq_any(national)),
        )
        .filter(institutions::deactivated_at.is_null())
        .order(institutions::id)
        .select(Institution::as_select())
        .load(conn)
}

/// Every institution, for the directory import.
pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<Institution>> {
    institutions::table
        .order(institutions::id)
        .select(Institution::as_select())
        .load(conn)
}

/// Deactivates (`Some(now)`) or reactivates (`None`) an institution; returns the rows changed.
pub fn set_deactivated(
    conn: &mut DbConnection,
    id: &str,
    at: Option<chrono::NaiveDateTime>,
) -> QueryResult<usize> {
    diesel::update(institutions::table.find(id))
        .set(institutions::deactivated_at.eq(at))
        .execute(conn)
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

/// Active institutions without a contact mailbox ("à compléter"), by région then name.
pub fn without_mailbox(conn: &mut DbConnection) -> QueryResult<Vec<Institution>> {
    institutions::table
        .filter(institutions::email.eq(""))
        .filter(institutions::deactivated_at.is_null())
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
    communes: &str,
) -> QueryResult<usize> {
    diesel::update(institutions::table.find(id))
        .set((
            institutions::name.eq(name),
            institutions::email.eq(email),
            institutions::phone.eq(phone),
            institutions::communes.eq(communes),
        ))
        .execute(conn)
}

/// Moves an institution to a département of its région (`None`: the whole région).
pub fn set_departement(
    conn: &mut DbConnection,
    id: &str,
    departement: Option<&str>,
) -> QueryResult<usize> {
    diesel::update(institutions::table.find(id))
        .set(institutions::departement_code.eq(departement))
        .execute(conn)
}

/// True when another institution (not `except`) has this name (names are unique).
pub fn name_taken(conn: &mut DbConnection, name: &str, except: Option<&str>) -> QueryResult<bool> {
    let mut query = institutions::table
        .filter(institutions::name.eq(name))
        .into_boxed();
    if let Some(id) = except {
        query = query.filter(institutions::id.ne(id));
    }
    Ok(query.count().get_result::<i64>(conn)? > 0)
}

/// What the national directory sets on an institution it lists.
/// `None` clears the column (a département or profession removed by the directory).
#[derive(Debug, Clone, PartialEq, Eq, AsChangeset)]
#[diesel(table_name = institutions, treat_none_as_null = true)]
pub struct DirectoryFields {
    pub directory_key: Option<String>,
    pub name: String,
    pub region_code: Option<String>,
    pub departement_code: Option<String>,
    pub profession: Option<Profession>,
    pub communes: String,
    pub website: String,
    pub phone: String,
    pub source: String,
    pub note: String,
}

pub fn insert(conn: &mut DbConnection, row: &NewInstitution) -> QueryResult<usize> {
    diesel::insert_into(institutions::table)
        .values(row)
        .execute(conn)
}

pub fn set_directory_fields(
    conn: &mut DbConnection,
    id: &str,
    fields: &DirectoryFields,
) -> QueryResult<usize> {
    diesel::update(institutions::table.find(id))
        .set(fields)
        .execute(conn)
}
