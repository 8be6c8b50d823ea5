//! Projects ("Mon projet"): a professional's requests about one installation, grouped; a
//! request is in at most one project.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::requests::RequestRow;
use super::schema::{project_requests, projects, requests};
use super::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = projects)]
pub struct ProjectRow {
    pub id: String,
    pub owner_id: String,
    pub title: String,
    /// Who created it (the professional, or the référent who linked two requests).
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &ProjectRow) -> QueryResult<()> {
    diesel::insert_into(projects::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<ProjectRow>> {
    projects::table
        .find(id)
        .select(ProjectRow::as_select())
        .first(conn)
        .optional()
}

/// A professional's projects, oldest first.
pub fn of_owner(conn: &mut DbConnection, owner_id: &str) -> QueryResult<Vec<ProjectRow>> {
    projects::table
        .filter(projects::owner_id.eq(owner_id))
        .order((projects::created_at, projects::id))
        .select(ProjectRow::as_select())
        .load(conn)
}

/// The project a request is in, if any.
pub fn of_request(conn: &mut DbConnection, request_id: &str) -> QueryResult<Option<ProjectRow>> {
    project_requests::table
        .inner_join(projects::table)
        .filter(project_requests::request_id.eq(request_id))
        .select(ProjectRow::as_select())
        .first(conn)
        .optional()
}

/// Puts the request in the project (out of any other it was in).
pub fn add_request(
    conn: &mut DbConnection,
    project_id: &str,
    request_id: &str,
    added_by: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(project_requests::table.find(request_id)).execute(conn)?;
    diesel::insert_into(project_requests::table)
        .values((
            project_requests::request_id.eq(request_id),
            project_requests::project_id.eq(project_id),
            project_requests::added_by.eq(added_by),
            project_requests::added_at.eq(now),
        ))
        .execute(conn)?;
    touch(conn, project_id, now)
}

fn touch(conn: &mut DbConnection, project_id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(projects::table.find(project_id))
        .set(projects::updated_at.eq(now))
        .execute(conn)
        .map(|_| ())
}

/// Moves every request of `absorb` into `keep`, then deletes `absorb`.
pub fn merge(
    conn: &mut DbConnection,
    keep: &str,
    absorb: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(project_requests::table.filter(project_requests::project_id.eq(absorb)))
        .set(project_requests::project_id.eq(keep))
        .execute(conn)?;
    diesel::delete(projects::table.find(absorb)).execute(conn)?;
    touch(conn, keep, now)
}

/// The requests of a project, oldest first.
pub fn requests_of(conn: &mut DbConnection, project_id: &str) -> QueryResult<Vec<RequestRow>> {
    project_requests::table
        .inner_join(requests::table)
        .filter(project_requests::project_id.eq(project_id))
        .order((requests::created_at, requests::id))
        .select(RequestRow::as_select())
        .load(conn)
}

/// A professional's requests in no project, oldest first.
pub fn loose_requests(conn: &mut DbConnection, owner_id: &str) -> QueryResult<Vec<RequestRow>> {
    requests::table
        .left_join(project_requests::table)
        .filter(requests::professional_id.eq(owner_id))
        .filter(project_requests::project_id.is_null())
        .order((requests::created_at, requests::id))
        .select(RequestRow::as_select())
        .load(conn)
}

/// The request with this number, whoever filed it.
pub fn request_by_number(conn: &mut DbConnection, number: &str) -> QueryResult<Option<RequestRow>> {
    requests::table
        .filter(requests::number.eq(number))
        .select(RequestRow::as_select())
        .first(conn)
        .optional()
}

/// Gives the project a new title.
pub fn rename(
    conn: &mut DbConnection,
    project_id: &str,
    title: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(projects::table.find(project_id))
        .set((projects::title.eq(title), projects::updated_at.eq(now)))
        .execute(conn)
        .map(|_| ())
}

/// Takes the request out of the project; whether it was in it.
pub fn remove_request(
    conn: &mut DbConnection,
    project_id: &str,
    request_id: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let removed = diesel::delete(
        project_requests::table
            .filter(project_requests::request_id.eq(request_id))
            .filter(project_requests::project_id.eq(project_id)),
    )
    .execute(conn)?;
    if removed > 0 {
        touch(conn, project_id, now)?;
    }
    Ok(removed > 0)
}

/// Deletes every project of a professional (their requests stay, in no project).
pub fn delete_of_owner(conn: &mut DbConnection, owner_id: &str) -> QueryResult<usize> {
    let ids = projects::table
        .filter(projects::owner_id.eq(owner_id))
        .select(projects::id);
    diesel::delete(project_requests::table.filter(project_requests::project_id.eq_any(ids)))
        .execute(conn)?;
    diesel::delete(projects::table.filter(projects::owner_id.eq(owner_id))).execute(conn)
}

/// With the account of their owner: the projects go, and the lines about them in the
/// timelines of the requests kept no longer name them ([`ERASED_SUMMARY`]).
///
/// [`ERASED_SUMMARY`]: crate::domain::project::ERASED_SUMMARY
pub fn erase_of_owner(conn: &mut DbConnection, owner_id: &str) -> QueryResult<usize> {
    use super::schema::timeline_events;
    use crate::domain::project::ERASED_SUMMARY;
    use crate::domain::request::TimelineKind;
    let theirs = requests::table
        .filter(requests::professional_id.eq(owner_id))
        .select(requests::id);
    diesel::update(
        timeline_events::table
            .filter(timeline_events::kind.eq(TimelineKind::Project))
            .filter(timeline_events::request_id.eq_any(theirs)),
    )
    .set(timeline_events::summary.eq(ERASED_SUMMARY))
    .execute(conn)?;
    delete_of_owner(conn, owner_id)
}
