//! The partner agent's inbox: the referrals of their institution (once routed), with the same
//! tabs, filters, search and keyset pagination as the référent's.

use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::dsl::{InnerJoin, IntoBoxed};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

use super::capped::Capped;
use super::{day_bounds, fts_phrase, uses_fts, InboxRow, FTS_MATCH};
use crate::db::connection::MultiBackend;
use crate::db::schema::{referrals, requests};
use crate::db::DbConnection;
use crate::domain::inbox::{InboxQuery, Owner, Sort, Tab, COUNT_CAP, PAGE_SIZE};
use crate::domain::request::ReferralState;

/// What a partner's inbox row shows of the referral.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = referrals)]
pub struct ReferralPart {
    pub id: String,
    pub state: ReferralState,
    pub started_at: Option<NaiveDateTime>,
    pub agent_id: Option<String>,
    pub inbox_due_at: NaiveDateTime,
}

type Joined<'a> = IntoBoxed<'a, InnerJoin<referrals::table, requests::table>, MultiBackend>;

/// The filters on the referral itself (tab, state, agent in charge, dates), on a boxed query
/// over `referrals` alone or joined with `requests`.
macro_rules! referral_filters {
    ($q:ident, $query:expr, $institution:expr, $tab:expr, $now:expr) => {{
        $q = $q.filter(referrals::institution_id.eq($institution));
        $q = match $tab {
            Tab::EnRetard => $q.filter(referrals::inbox_due_at.lt($now)),
            other => $q.filter(referrals::inbox_tab.eq(other.slug())),
        };
        if let Some(state) = $query.state {
            $q = $q.filter(referrals::state.eq(state));
        }
        match &$query.owner {
            Some(Owner::Nobody) => $q = $q.filter(referrals::agent_id.is_null()),
            Some(Owner::User(id)) => $q = $q.filter(referrals::agent_id.eq(id)),
            None => {}
        }
        let (from, to) = day_bounds($query);
        if let Some(from) = from {
            $q = $q.filter(referrals::started_at.ge(from));
        }
        if let Some(to) = to {
            $q = $q.filter(referrals::started_at.lt(to));
        }
    }};
}

/// Whether the view filters on the request (then the count joins `requests`).
fn filters_requests(query: &InboxQuery) -> bool {
    !query.departements.is_empty()
        || query.kind.is_some()
        || query.aid.is_some()
        || query.commune.is_some()
        || query.priority.is_some()
        || query.search.is_some()
}

fn filtered<'a>(
    query: &'a InboxQuery,
    institution: &'a str,
    tab: Tab,
    now: NaiveDateTime,
    fts: bool,
) -> Joined<'a> {
    let mut q = referrals::table.inner_join(requests::table).into_boxed();
    referral_filters!(q, query, institution, tab, now);
    if !query.departements.is_empty() {
        q = q.filter(requests::departement_code.eq_any(&query.departements));
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
    if let Some(search) = &query.search {
        q = match fts_phrase(search, fts) {
            Some(phrase) => q.filter(sql::<Bool>(FTS_MATCH).bind::<Text, _>(phrase).sql(")")),
            None => q.filter(requests::search_text.like(format!("%{search}%"))),
        };
    }
    q
}

/// The sort key of a referral for `sort` (the cursor's key).
pub fn partner_sort_key(sort: Sort, referral: &ReferralPart) -> Option<NaiveDateTime> {
    match sort {
        Sort::Deadline => Some(referral.inbox_due_at),
        Sort::Date => referral.started_at,
    }
}

/// One page (50 rows) of the current tab of `institution`, after the cursor (a referral id).
pub fn partner_page(
    conn: &mut DbConnection,
    query: &InboxQuery,
    institution: &str,
    now: NaiveDateTime,
) -> QueryResult<Vec<(InboxRow, ReferralPart)>> {
    let q = filtered(query, institution, query.tab, now, uses_fts(conn));
    let q = super::keyset!(
        q,
        query,
        referrals::inbox_due_at,
        referrals::started_at,
        referrals::id
    );
    q.limit(PAGE_SIZE)
        .select((InboxRow::as_select(), ReferralPart::as_select()))
        .load(conn)
}

/// The number of referrals in each tab, up to [`COUNT_CAP`] + 1.
pub fn partner_counts(
    conn: &mut DbConnection,
    query: &InboxQuery,
    institution: &str,
    now: NaiveDateTime,
) -> QueryResult<Vec<(Tab, i64)>> {
    Tab::ALL
        .iter()
        .map(|tab| {
            if filters_requests(query) {
                let rows = filtered(query, institution, *tab, now, uses_fts(conn))
                    .select(referrals::id)
                    .limit(COUNT_CAP + 1);
                return Ok((*tab, Capped(rows).get_result(conn)?));
            }
            // Only the referral's own columns: the index alone answers.
            let mut q = referrals::table.into_boxed::<MultiBackend>();
            referral_filters!(q, query, institution, *tab, now);
            let rows = q.select(referrals::id).limit(COUNT_CAP + 1);
            Ok((*tab, Capped(rows).get_result(conn)?))
        })
        .collect()
}
