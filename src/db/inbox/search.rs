//! The normalised search text of requests, unread markers and the bulk-action updates.

use chrono::NaiveDateTime;
use diesel::dsl::exists;
use diesel::prelude::*;

use crate::db::schema::{communes, message_reads, messages, requests, users};
use crate::db::DbConnection;
use crate::domain::territory::normalize_search;

/// Which of `request_ids` have a message `viewer` did not write nor read.
pub fn unread(
    conn: &mut DbConnection,
    request_ids: &[String],
    viewer: &str,
) -> QueryResult<Vec<String>> {
    messages::table
        .filter(messages::request_id.eq_any(request_ids))
        .filter(messages::author_id.ne(viewer))
        .filter(diesel::dsl::not(exists(
            message_reads::table
                .filter(message_reads::message_id.eq(messages::id))
                .filter(message_reads::user_id.eq(viewer)),
        )))
        .select(messages::request_id)
        .distinct()
        .load(conn)
}

/// What the inbox search matches, lower-case and without accents: the professional's name,
/// e-mail and RPPS, the commune and the request number.
pub fn search_text(
    first_name: &str,
    last_name: &str,
    email: &str,
    rpps: Option<&str>,
    commune: Option<&str>,
    number: &str,
) -> String {
    normalize_search(&format!(
        "{first_name} {last_name} {email} {} {} {number}",
        rpps.unwrap_or_default(),
        commune.unwrap_or_default()
    ))
}

/// Number, commune, first and last name, e-mail, RPPS.
type SearchParts = (
    String,
    Option<String>,
    String,
    String,
    String,
    Option<String>,
);

/// Recomputes the search text of one request from its professional and commune.
pub fn refresh_search_text(conn: &mut DbConnection, request_id: &str) -> QueryResult<()> {
    let row: Option<SearchParts> = requests::table
        .inner_join(users::table)
        .filter(requests::id.eq(request_id))
        .select((
            requests::number,
            requests::commune_insee,
            users::first_name,
            users::last_name,
            users::email,
            users::professional_number,
        ))
        .first(conn)
        .optional()?;
    let Some((number, insee, first, last, email, rpps)) = row else {
        return Ok(());
    };
    let commune: Option<String> = match insee {
        Some(code) => communes::table
            .find(code)
            .select(communes::name)
            .first(conn)
            .optional()?,
        None => None,
    };
    let text = search_text(
        &first,
        &last,
        &email,
        rpps.as_deref(),
        commune.as_deref(),
        &number,
    );
    diesel::update(requests::table.find(request_id))
        .set(requests::search_text.eq(text))
        .execute(conn)
        .map(|_| ())
}

/// Sets the référent in charge of a request (bulk action).
pub fn set_referent(
    conn: &mut DbConnection,
    id: &str,
    referent: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(requests::table.find(id))
        .set((
            requests::referent_id.eq(referent),
            requests::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Sets the priority of a request (bulk action).
pub fn set_priority(
    conn: &mut DbConnection,
    id: &str,
    priority: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(requests::table.find(id))
        .set((
            requests::priority.eq(priority),
            requests::updated_at.eq(now),
        ))
        .execute(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_text_has_no_accents_nor_case() {
        let text = search_text(
            "Héloïse",
            "Lefèvre",
            "Heloise.L@exemple.test",
            Some("10000000016"),
            Some("Salon-de-Provence"),
            "2026-000042",
        );
        assert_eq!(
            text,
            "heloise lefevre heloise l exemple test 10000000016 salon de provence 2026 000042"
        );
    }
}
