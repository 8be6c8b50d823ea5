//! Back-office queries: the référent's inbox (tabs, filters, search, keyset pagination),
//! unread markers, and the normalised search text of requests.

use chrono::NaiveDateTime;
use diesel::dsl::exists;
use diesel::prelude::*;

use super::connection::MultiBackend;
use super::requests::RequestRow;
use super::schema::{communes, message_reads, messages, referrals, requests, users};
use super::DbConnection;
use crate::domain::inbox::{InboxQuery, Sort, Tab, PAGE_SIZE};
use crate::domain::request::{ReferralState, RequestState};
use crate::domain::territory::normalize_search;

type Boxed<'a> = requests::BoxedQuery<'a, MultiBackend>;

fn slugs(states: &[RequestState]) -> Vec<&'static str> {
    states.iter().map(|s| s.slug()).collect()
}

/// The requests of `query`'s départements in `tab`, with its filters and search (no cursor).
fn filtered<'a>(query: &'a InboxQuery, tab: Tab, now: NaiveDateTime) -> Boxed<'a> {
    let mut q = requests::table
        .filter(requests::departement_code.eq_any(&query.departements))
        .filter(requests::state.eq_any(slugs(tab.states())))
        .into_boxed();
    if tab == Tab::EnRetard {
        let waiting = slugs(&[RequestState::Deposee, RequestState::EnQualification]);
        let open: Vec<&str> = ReferralState::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| s.slug())
            .collect();
        let late_referral = exists(
            referrals::table
                .filter(referrals::request_id.eq(requests::id))
                .filter(referrals::removed_at.is_null())
                .filter(referrals::state.eq_any(open))
                .filter(referrals::due_at.lt(now)),
        );
        q = q.filter(
            requests::state
                .eq_any(waiting)
                .and(requests::qualification_due_at.lt(now))
                .or(late_referral.nullable()),
        );
    }
    if let Some(kind) = query.kind {
        q = q.filter(requests::kind.eq(kind.slug()));
    }
    if let Some(priority) = query.priority {
        q = q.filter(requests::priority.eq(priority.slug()));
    }
    if let Some(search) = &query.search {
        // Normalised text holds only letters, digits and spaces: nothing to escape for LIKE.
        q = q.filter(requests::search_text.like(format!("%{search}%")));
    }
    q
}

/// One page (50 rows) of the current tab, after the cursor.
pub fn page(
    conn: &mut DbConnection,
    query: &InboxQuery,
    now: NaiveDateTime,
) -> QueryResult<Vec<RequestRow>> {
    let mut q = filtered(query, query.tab, now);
    match (query.sort, &query.after) {
        (Sort::Deadline, Some(c)) => {
            q = q.filter(
                requests::qualification_due_at
                    .gt(c.key)
                    .or(requests::qualification_due_at
                        .eq(c.key)
                        .and(requests::id.gt(c.id.clone()))),
            )
        }
        (Sort::Date, Some(c)) => {
            q = q.filter(
                requests::submitted_at.lt(c.key).or(requests::submitted_at
                    .eq(c.key)
                    .and(requests::id.lt(c.id.clone()))),
            )
        }
        _ => {}
    }
    q = match query.sort {
        Sort::Deadline => q.order((requests::qualification_due_at.asc(), requests::id.asc())),
        Sort::Date => q.order((requests::submitted_at.desc(), requests::id.desc())),
    };
    q.limit(PAGE_SIZE)
        .select(RequestRow::as_select())
        .load(conn)
}

/// The number of requests in each tab, with the same filters and search.
pub fn tab_counts(
    conn: &mut DbConnection,
    query: &InboxQuery,
    now: NaiveDateTime,
) -> QueryResult<Vec<(Tab, i64)>> {
    Tab::ALL
        .iter()
        .map(|tab| Ok((*tab, filtered(query, *tab, now).count().get_result(conn)?)))
        .collect()
}

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
