//! Accounts and their territorial scope.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{user_departements, users};
use super::DbConnection;
use crate::domain::account::Role;
use crate::domain::profession::{Profession, Situation};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: String,
    pub email: String,
    pub password_hash: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub role: Role,
    pub profession: Option<Profession>,
    pub situation: Option<Situation>,
    pub professional_number: Option<String>,
    pub institution_id: Option<String>,
    pub region_code: Option<String>,
    pub email_verified_at: Option<NaiveDateTime>,
    pub disabled_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser {
    pub id: String,
    pub email: String,
    pub password_hash: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub role: Role,
    pub profession: Option<Profession>,
    pub situation: Option<Situation>,
    pub professional_number: Option<String>,
    pub institution_id: Option<String>,
    pub region_code: Option<String>,
    pub email_verified_at: Option<NaiveDateTime>,
    pub disabled_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, user: &NewUser, departements: &[String]) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values(user)
        .execute(conn)?;
    set_departements(conn, &user.id, departements)
}

pub fn set_departements(
    conn: &mut DbConnection,
    user_id: &str,
    departements: &[String],
) -> QueryResult<()> {
    diesel::delete(user_departements::table.filter(user_departements::user_id.eq(user_id)))
        .execute(conn)?;
    for code in departements {
        diesel::insert_into(user_departements::table)
            .values((
                user_departements::user_id.eq(user_id),
                user_departements::departement_code.eq(code),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn departements_of(conn: &mut DbConnection, user_id: &str) -> QueryResult<Vec<String>> {
    user_departements::table
        .filter(user_departements::user_id.eq(user_id))
        .select(user_departements::departement_code)
        .order(user_departements::departement_code)
        .load(conn)
}

pub fn find_by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::email.eq(email))
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<User>> {
    users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn email_taken(conn: &mut DbConnection, email: &str) -> QueryResult<bool> {
    let n: i64 = users::table
        .filter(users::email.eq(email))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn set_password(
    conn: &mut DbConnection,
    id: &str,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((users::password_hash.eq(hash), users::updated_at.eq(now)))
        .execute(conn)
}

pub fn mark_verified(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        users::table
            .find(id)
            .filter(users::email_verified_at.is_null()),
    )
    .set((users::email_verified_at.eq(now), users::updated_at.eq(now)))
    .execute(conn)
}

pub fn set_email(
    conn: &mut DbConnection,
    id: &str,
    email: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::email.eq(email),
            users::email_verified_at.eq(now),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

pub fn set_role(
    conn: &mut DbConnection,
    id: &str,
    role: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((users::role.eq(role), users::updated_at.eq(now)))
        .execute(conn)
}

pub fn set_disabled(
    conn: &mut DbConnection,
    id: &str,
    at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((users::disabled_at.eq(at), users::updated_at.eq(now)))
        .execute(conn)
}

/// Agents and admins of a région, with their institution's name, for the admin pages.
pub fn list_agents_in_region(conn: &mut DbConnection, region: &str) -> QueryResult<Vec<User>> {
    users::table
        .filter(users::region_code.eq(region))
        .filter(users::role.ne("professional"))
        .order((users::role, users::last_name, users::first_name))
        .select(User::as_select())
        .load(conn)
}

/// Every agent of an institution, whatever the state of their account (admin pages).
pub fn members_of_institution(
    conn: &mut DbConnection,
    institution_id: &str,
) -> QueryResult<Vec<User>> {
    users::table
        .filter(users::institution_id.eq(institution_id))
        .filter(users::role.ne("professional"))
        .order((users::last_name, users::first_name))
        .select(User::as_select())
        .load(conn)
}

/// Active agents of an institution (to tell them about a new referral).
pub fn agents_of_institution(
    conn: &mut DbConnection,
    institution_id: &str,
) -> QueryResult<Vec<User>> {
    users::table
        .filter(users::institution_id.eq(institution_id))
        .filter(users::role.eq("partner"))
        .filter(users::disabled_at.is_null())
        .filter(users::password_hash.is_not_null())
        .select(User::as_select())
        .load(conn)
}

/// Active référents who follow a département.
pub fn referents_of_departement(
    conn: &mut DbConnection,
    departement: &str,
) -> QueryResult<Vec<User>> {
    users::table
        .inner_join(user_departements::table)
        .filter(user_departements::departement_code.eq(departement))
        .filter(users::role.eq("referent"))
        .filter(users::disabled_at.is_null())
        .filter(users::password_hash.is_not_null())
        .select(User::as_select())
        .load(conn)
}

/// Active référents and partner agents (the recipients of the daily digest).
pub fn active_agents(conn: &mut DbConnection) -> QueryResult<Vec<User>> {
    users::table
        .filter(users::role.eq_any(["referent", "partner"]))
        .filter(users::disabled_at.is_null())
        .filter(users::password_hash.is_not_null())
        .select(User::as_select())
        .load(conn)
}

/// Is there at least one administrator account (enabled or not)?
pub fn any_admin(conn: &mut DbConnection) -> QueryResult<bool> {
    let n: i64 = users::table
        .filter(users::role.eq("admin"))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Every administrator, regional and national (`guichet admin list`).
pub fn list_admins(conn: &mut DbConnection) -> QueryResult<Vec<User>> {
    users::table
        .filter(users::role.eq("admin"))
        .order((users::region_code, users::email))
        .select(User::as_select())
        .load(conn)
}
