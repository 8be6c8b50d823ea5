//! The standard replies of each institution (`domain::standard_reply`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::standard_replies;
use super::DbConnection;
use crate::domain::standard_reply::StandardReply;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = standard_replies)]
pub struct StandardReplyRow {
    pub id: String,
    pub institution_id: String,
    pub title: String,
    pub body: String,
    pub created_at: NaiveDateTime,
}

/// The replies of one institution, by title.
pub fn of_institution(
    conn: &mut DbConnection,
    institution_id: &str,
) -> QueryResult<Vec<StandardReplyRow>> {
    standard_replies::table
        .filter(standard_replies::institution_id.eq(institution_id))
        .order((standard_replies::title, standard_replies::id))
        .select(StandardReplyRow::as_select())
        .load(conn)
}

/// One reply, only if it is the institution's.
pub fn find_of(
    conn: &mut DbConnection,
    institution_id: &str,
    id: &str,
) -> QueryResult<Option<StandardReplyRow>> {
    standard_replies::table
        .filter(standard_replies::institution_id.eq(institution_id))
        .filter(standard_replies::id.eq(id))
        .select(StandardReplyRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(
    conn: &mut DbConnection,
    institution_id: &str,
    reply: &StandardReply,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(standard_replies::table)
        .values(&StandardReplyRow {
            id: uuid::Uuid::now_v7().to_string(),
            institution_id: institution_id.to_string(),
            title: reply.title.clone(),
            body: reply.body.clone(),
            created_at: now,
        })
        .execute(conn)
}

/// Deletes the institution's reply `id`; 0 when it is not one of theirs.
pub fn delete_of(conn: &mut DbConnection, institution_id: &str, id: &str) -> QueryResult<usize> {
    diesel::delete(
        standard_replies::table
            .filter(standard_replies::institution_id.eq(institution_id))
            .filter(standard_replies::id.eq(id)),
    )
    .execute(conn)
}
