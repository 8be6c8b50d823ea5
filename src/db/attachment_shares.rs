//! Which partner institutions a référent shared each document of a request with (need to know).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{attachment_shares, attachments};
use super::DbConnection;

/// (document id, institution id) of every share on the request's documents.
pub fn of_request(conn: &mut DbConnection, request_id: &str) -> QueryResult<Vec<(String, String)>> {
    attachment_shares::table
        .inner_join(attachments::table)
        .filter(attachments::request_id.eq(request_id))
        .select((
            attachment_shares::attachment_id,
            attachment_shares::institution_id,
        ))
        .load(conn)
}

/// Whether the document is shared with the institution.
pub fn is_shared(
    conn: &mut DbConnection,
    attachment_id: &str,
    institution_id: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        attachment_shares::table
            .filter(attachment_shares::attachment_id.eq(attachment_id))
            .filter(attachment_shares::institution_id.eq(institution_id)),
    ))
    .get_result(conn)
}

/// Shares the document with the institution; false when it already was.
pub fn share(
    conn: &mut DbConnection,
    attachment_id: &str,
    institution_id: &str,
    by: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    if is_shared(conn, attachment_id, institution_id)? {
        return Ok(false);
    }
    diesel::insert_into(attachment_shares::table)
        .values((
            attachment_shares::attachment_id.eq(attachment_id),
            attachment_shares::institution_id.eq(institution_id),
            attachment_shares::shared_by.eq(Some(by)),
            attachment_shares::shared_at.eq(at),
        ))
        .execute(conn)
        .map(|n| n > 0)
}

/// Stops sharing the document with the institution; false when it was not shared.
pub fn unshare(
    conn: &mut DbConnection,
    attachment_id: &str,
    institution_id: &str,
) -> QueryResult<bool> {
    diesel::delete(
        attachment_shares::table
            .filter(attachment_shares::attachment_id.eq(attachment_id))
            .filter(attachment_shares::institution_id.eq(institution_id)),
    )
    .execute(conn)
    .map(|n| n > 0)
}
