//! Back-office queries: the référent's inbox (tabs, filters, search, keyset pagination) over
//! the stored inbox columns (see `domain::inbox`); the partner's inbox is in `partner.rs`.

mod capped;
mod columns;
mod late;
mod partner;
mod search;

use chrono::{NaiveDateTime, NaiveTime};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

pub use columns::refresh_columns;
pub use late::{late_referrals, late_requests};
pub use partner::{partner_counts, partner_page, partner_sort_key, ReferralPart};
pub use search::{refresh_search_text, search_text, set_priority, set_referent, unread};

use super::connection::MultiBackend;
use super::schema::{request_next_actions, requests};
use super::DbConnection;
use crate::domain::civil_time::{self, Territory};
use crate::domain::inbox::{InboxQuery, Owner, Sort, Tab, COUNT_CAP, PAGE_SIZE};
use crate::domain::request::{Priority, RequestKind, RequestState};
use diesel::dsl::exists;

type Boxed<'a> = requests::BoxedQuery<'a, MultiBackend>;

/// What an inbox row shows of a request (not its draft nor its eligibility snapshot).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = requests)]
pub struct InboxRow {
    pub id: String,
    pub number: String,
    pub kind: RequestKind,
    pub aid_code: Option<String>,
    pub state: RequestState,
    pub priority: Priority,
    pub referent_id: Option<String>,
    pub commune_insee: Option<String>,
    pub departement_code: Option<String>,
    pub submitted_at: Option<NaiveDateTime>,
    pub inbox_due_at: NaiveDateTime,
}

/// Midnight of a filter day, and midnight of the day after for the upper bound.
pub(crate) fn day_bounds(query: &InboxQuery) -> (Option<NaiveDateTime>, Option<NaiveDateTime>) {
    let from = query.from.map(|d| d.and_time(NaiveTime::MIN));
    let to = query
        .to
        .and_then(|d| d.succ_opt())
        .map(|d| d.and_time(NaiveTime::MIN));
    (from, to)
}

/// The requests of one département (or of all the query's) in `tab`, with every filter.
fn filtered<'a>(
    query: &'a InboxQuery,
    departement: Option<&'a str>,
    tab: Tab,
    now: NaiveDateTime,
    fts: bool,
) -> Boxed<'a> {
    let mut q = requests::table.into_boxed();
    q = match departement {
        Some(d) => q.filter(requests::departement_code.eq(d)),
        None => q.filter(requests::departement_code.eq_any(&query.departements)),
    };
    q = match tab {
        Tab::EnRetard => q.filter(requests::inbox_due_at.lt(now)),
        other => q.filter(requests::inbox_tab.eq(other.slug())),
    };
    if let Some(state) = query.state {
        q = q.filter(requests::state.eq(state));
    }
    if let Some(kind) = query.kind {
        q = q.filter(requests::kind.eq(kind.slug()));
    }
    if let Some(aid) = &query.aid {
        q = q.filter(requests::aid_code.eq(aid));
    }
    if let Some(commune) = &query.commune {
        q = q.filter(requests::commune_insee.eq(commune));
    }
    if let Some(priority) = query.priority {
        q = q.filter(requests::priority.eq(priority.slug()));
    }
    match &query.owner {
        Some(Owner::Nobody) => q = q.filter(requests::referent_id.is_null()),
        Some(Owner::User(id)) => q = q.filter(requests::referent_id.eq(id)),
        None => {}
    }
    let (from, to) = day_bounds(query);
    if let Some(from) = from {
        q = q.filter(requests::submitted_at.ge(from));
    }
    if let Some(to) = to {
        q = q.filter(requests::submitted_at.lt(to));
    }
    if query.next_action_due {
        // The civil day of the département (of metropolitan France for the tab counts).
        let today = civil_time::today(Territory::of_optional(departement), now);
        q = q.filter(exists(
            request_next_actions::table
                .filter(request_next_actions::request_id.eq(requests::id))
                .filter(request_next_actions::due_on.le(today)),
        ));
    }
    if let Some(search) = &query.search {
        q = match fts_phrase(search, fts) {
            Some(phrase) => q.filter(sql::<Bool>(FTS_MATCH).bind::<Text, _>(phrase).sql(")")),
            None => q.filter(requests::search_text.like(format!("%{search}%"))),
        };
    }
    q
}

/// The SQLite trigram index (migration `000520_search_index`), followed by the bound phrase.
pub(crate) const FTS_MATCH: &str =
    "requests.rowid IN (SELECT rowid FROM requests_search WHERE requests_search MATCH ";

/// The FTS5 phrase of normalised search words on SQLite (substring match, like `LIKE '%…%'`),
/// `None` for `LIKE` instead: on PostgreSQL (a trigram index serves `LIKE`) and under three
/// characters (a trigram needs three). Normalised text holds only letters, digits and spaces:
/// nothing to escape in the phrase nor in `LIKE`.
pub(crate) fn fts_phrase(search: &str, fts: bool) -> Option<String> {
    (fts && search.len() >= 3).then(|| format!("\"{search}\""))
}

/// Whether the connection searches with the SQLite trigram index.
pub(crate) fn uses_fts(conn: &DbConnection) -> bool {
    matches!(conn, DbConnection::Sqlite(_))
}

/// The sort key of a row for `sort` (the cursor's key).
pub fn sort_key(sort: Sort, row: &InboxRow) -> Option<NaiveDateTime> {
    match sort {
        Sort::Deadline => Some(row.inbox_due_at),
        Sort::Date => row.submitted_at,
    }
}

/// One page of one département: an index range scan, whatever the volume.
/// One page of an inbox in keyset order: after the cursor of `query`, by the deadline column
/// `$due` (soonest first) or the date column `$date` (newest first), ties broken by `$id`. The
/// référents' and the partners' inboxes page the same way over different tables.
macro_rules! keyset {
    ($q:expr, $query:expr, $due:path, $date:path, $id:path) => {{
        let mut q = $q;
        match ($query.sort, &$query.after) {
            (Sort::Deadline, Some(c)) => {
                q = q.filter($due.gt(c.key).or($due.eq(c.key).and($id.gt(c.id.clone()))))
            }
            (Sort::Date, Some(c)) => {
                q = q.filter(
                    $date
                        .lt(c.key)
                        .or($date.eq(c.key).and($id.lt(c.id.clone()))),
                )
            }
            _ => {}
        }
        match $query.sort {
            Sort::Deadline => q.order(($due.asc(), $id.asc())),
            Sort::Date => q.order(($date.desc(), $id.desc())),
        }
    }};
}
pub(super) use keyset;

fn page_in(
    conn: &mut DbConnection,
    query: &InboxQuery,
    departement: &str,
    now: NaiveDateTime,
) -> QueryResult<Vec<InboxRow>> {
    let q = filtered(query, Some(departement), query.tab, now, uses_fts(conn));
    let q = keyset!(
        q,
        query,
        requests::inbox_due_at,
        requests::submitted_at,
        requests::id
    );
    q.limit(PAGE_SIZE).select(InboxRow::as_select()).load(conn)
}

/// One page (50 rows) of the current tab, after the cursor: the first page of each département,
/// merged (a single query over several départements could not read its order from an index).
pub fn page(
    conn: &mut DbConnection,
    query: &InboxQuery,
    now: NaiveDateTime,
) -> QueryResult<Vec<InboxRow>> {
    let mut rows = Vec::new();
    for departement in &query.departements {
        rows.extend(page_in(conn, query, departement, now)?);
    }
    match query.sort {
        Sort::Deadline => {
            rows.sort_by(|a, b| (a.inbox_due_at, &a.id).cmp(&(b.inbox_due_at, &b.id)))
        }
        Sort::Date => rows.sort_by(|a, b| (b.submitted_at, &b.id).cmp(&(a.submitted_at, &a.id))),
    }
    rows.truncate(PAGE_SIZE as usize);
    Ok(rows)
}

/// The number of requests in each tab with the same filters, counted up to [`COUNT_CAP`] + 1
/// (more shows as "plus de 1 000").
pub fn tab_counts(
    conn: &mut DbConnection,
    query: &InboxQuery,
    now: NaiveDateTime,
) -> QueryResult<Vec<(Tab, i64)>> {
    Tab::ALL
        .iter()
        .map(|tab| {
            let rows = filtered(query, None, *tab, now, uses_fts(conn))
                .select(requests::id)
                .limit(COUNT_CAP + 1);
            Ok((*tab, capped::Capped(rows).get_result(conn)?))
        })
        .collect()
}
