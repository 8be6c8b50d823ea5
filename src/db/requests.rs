//! Requests and their referrals (the pauses of their SLA clocks are in `clock_pauses`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{counters, referrals, requests};
use super::DbConnection;
use crate::domain::institution::InstitutionKind;
use crate::domain::request::{
    Channel, Coordination, Priority, ReferralState, RequestKind, RequestState,
};
use crate::with_backend;

pub use super::referral_updates::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = requests)]
pub struct RequestRow {
    pub id: String,
    pub number: String,
    pub professional_id: String,
    pub kind: RequestKind,
    pub aid_code: Option<String>,
    pub state: RequestState,
    pub priority: Priority,
    pub coordination: Coordination,
    pub referent_id: Option<String>,
    pub commune_insee: Option<String>,
    pub departement_code: Option<String>,
    pub region_code: Option<String>,
    pub draft: String,
    pub eligibility_snapshot: Option<String>,
    pub submitted_at: Option<NaiveDateTime>,
    pub qualification_due_at: Option<NaiveDateTime>,
    pub routed_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Normalised professional name, e-mail, RPPS, commune and number (inbox search).
    pub search_text: String,
    /// The inbox tab (`domain::inbox`), maintained by `db::inbox::refresh_columns`.
    pub inbox_tab: String,
    /// The earliest open deadline (`domain::inbox::no_deadline()` when none runs).
    pub inbox_due_at: NaiveDateTime,
    /// How the request reached the guichet when a référent recorded it (`None`: filed online).
    pub channel: Option<Channel>,
    /// The référent who recorded it on the professional's behalf.
    pub recorded_by: Option<String>,
    /// The telephone number the professional gave the référent, if any.
    pub contact_phone: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = referrals)]
pub struct ReferralRow {
    pub id: String,
    pub request_id: String,
    pub position: i32,
    pub institution_id: Option<String>,
    pub institution_kind: InstitutionKind,
    pub state: ReferralState,
    pub removed_at: Option<NaiveDateTime>,
    pub started_at: Option<NaiveDateTime>,
    pub due_at: Option<NaiveDateTime>,
    pub answered_at: Option<NaiveDateTime>,
    pub answer: Option<String>,
    pub decline_reason: Option<String>,
    pub agent_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The partner inbox tab, maintained by `db::inbox::refresh_columns`.
    pub inbox_tab: String,
    /// The deadline while open (`domain::inbox::no_deadline()` otherwise).
    pub inbox_due_at: NaiveDateTime,
}

/// The next request number of `year`: `2026-000042` (a counter row per year, incremented in
/// the caller's transaction).
pub fn next_number(conn: &mut DbConnection, year: i32) -> QueryResult<String> {
    let name = format!("request-{year}");
    with_backend!(&mut *conn, |c| diesel::insert_into(counters::table)
        .values((counters::name.eq(&name), counters::value.eq(0i64)))
        .on_conflict_do_nothing()
        .execute(c))?;
    diesel::update(counters::table.find(&name))
        .set(counters::value.eq(counters::value + 1))
        .execute(conn)?;
    let value: i64 = counters::table
        .find(&name)
        .select(counters::value)
        .first(conn)?;
    Ok(format!("{year}-{value:06}"))
}

pub fn insert(conn: &mut DbConnection, row: &RequestRow) -> QueryResult<()> {
    diesel::insert_into(requests::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<RequestRow>> {
    requests::table
        .find(id)
        .select(RequestRow::as_select())
        .first(conn)
        .optional()
}

pub fn update_draft(
    conn: &mut DbConnection,
    id: &str,
    draft: &str,
    commune: Option<&str>,
    departement: Option<&str>,
    region: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(requests::table.find(id))
        .set((
            requests::draft.eq(draft),
            requests::commune_insee.eq(commune),
            requests::departement_code.eq(departement),
            requests::region_code.eq(region),
            requests::updated_at.eq(now),
        ))
        .execute(conn)
}

pub fn set_state(
    conn: &mut DbConnection,
    id: &str,
    state: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(requests::table.find(id))
        .set((requests::state.eq(state), requests::updated_at.eq(now)))
        .execute(conn)
}

pub fn set_submitted(
    conn: &mut DbConnection,
    id: &str,
    priority: Priority,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(requests::table.find(id))
        .set((
            requests::submitted_at.eq(now),
            requests::priority.eq(priority),
            requests::updated_at.eq(now),
        ))
        .execute(conn)
}

pub fn set_routed(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(requests::table.find(id))
        .set(requests::routed_at.eq(now))
        .execute(conn)
}

pub fn set_closed(
    conn: &mut DbConnection,
    id: &str,
    at: Option<NaiveDateTime>,
) -> QueryResult<usize> {
    diesel::update(requests::table.find(id))
        .set(requests::closed_at.eq(at))
        .execute(conn)
}

pub fn set_qualification_due(
    conn: &mut DbConnection,
    id: &str,
    due: Option<NaiveDateTime>,
) -> QueryResult<usize> {
    diesel::update(requests::table.find(id))
        .set(requests::qualification_due_at.eq(due))
        .execute(conn)
}

pub fn set_qualification(
    conn: &mut DbConnection,
    id: &str,
    priority: &str,
    coordination: &str,
    referent: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(requests::table.find(id))
        .set((
            requests::priority.eq(priority),
            requests::coordination.eq(coordination),
            requests::referent_id.eq(referent),
            requests::updated_at.eq(now),
        ))
        .execute(conn)
}

/// How many drafts the professional has.
pub fn count_drafts(conn: &mut DbConnection, professional_id: &str) -> QueryResult<i64> {
    requests::table
        .filter(requests::professional_id.eq(professional_id))
        .filter(requests::state.eq(crate::domain::request::RequestState::Brouillon.slug()))
        .count()
        .get_result(conn)
}

pub fn list_of_professional(
    conn: &mut DbConnection,
    professional_id: &str,
) -> QueryResult<Vec<RequestRow>> {
    requests::table
        .filter(requests::professional_id.eq(professional_id))
        .order(requests::created_at.desc())
        .select(RequestRow::as_select())
        .load(conn)
}

/// Submitted requests of some départements (the référent's scope), newest first.
pub fn list_in_departements(
    conn: &mut DbConnection,
    departements: &[String],
    limit: i64,
) -> QueryResult<Vec<RequestRow>> {
    requests::table
        .filter(requests::departement_code.eq_any(departements))
        .filter(requests::state.ne("brouillon"))
        .order(requests::submitted_at.desc())
        .limit(limit)
        .select(RequestRow::as_select())
        .load(conn)
}

/// Requests with a live, routed referral to `institution_id`, with that referral.
pub fn list_routed_to_institution(
    conn: &mut DbConnection,
    institution_id: &str,
    limit: i64,
) -> QueryResult<Vec<(RequestRow, ReferralRow)>> {
    requests::table
        .inner_join(referrals::table)
        .filter(referrals::institution_id.eq(institution_id))
        .filter(referrals::removed_at.is_null())
        .filter(referrals::started_at.is_not_null())
        .order(referrals::due_at.asc())
        .limit(limit)
        .select((RequestRow::as_select(), ReferralRow::as_select()))
        .load(conn)
}

/// The referrals still part of the request, in order (the list the state machine works on).
pub fn active_referrals(
    conn: &mut DbConnection,
    request_id: &str,
) -> QueryResult<Vec<ReferralRow>> {
    referrals::table
        .filter(referrals::request_id.eq(request_id))
        .filter(referrals::removed_at.is_null())
        .order(referrals::position)
        .select(ReferralRow::as_select())
        .load(conn)
}

/// Changes the kind of the request (and its aid code: `None` unless an aid application).
pub fn set_kind(
    conn: &mut DbConnection,
    id: &str,
    kind: RequestKind,
    aid_code: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(requests::table.find(id))
        .set((
            requests::kind.eq(kind),
            requests::aid_code.eq(aid_code),
            requests::updated_at.eq(now),
        ))
        .execute(conn)
}

pub fn set_aid_code(conn: &mut DbConnection, id: &str, code: &str) -> QueryResult<usize> {
    diesel::update(requests::table.find(id))
        .set(requests::aid_code.eq(code))
        .execute(conn)
}

/// Records that `name` happened (e.g. today's digest of one agent); `false` if it already had.
pub fn claim_once(conn: &mut DbConnection, name: &str) -> QueryResult<bool> {
    let inserted = with_backend!(&mut *conn, |c| diesel::insert_into(counters::table)
        .values((counters::name.eq(name), counters::value.eq(1i64)))
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(inserted == 1)
}

/// A request of `professional_id` by its number (e.g. to attach it to a permanence booking).
pub fn find_by_number_of(
    conn: &mut DbConnection,
    number: &str,
    professional_id: &str,
) -> QueryResult<Option<RequestRow>> {
    requests::table
        .filter(requests::number.eq(number))
        .filter(requests::professional_id.eq(professional_id))
        .select(RequestRow::as_select())
        .first(conn)
        .optional()
}

/// The withdrawn referrals of a request that had reached their institution, as
/// (referral id, institution id): their agents keep reading what they wrote. A referral its
/// institution re-routed is not one of them: that institution no longer sees the request.
pub fn withdrawn_referrals(
    conn: &mut DbConnection,
    request_id: &str,
) -> QueryResult<Vec<(String, String)>> {
    Ok(referrals::table
        .filter(referrals::request_id.eq(request_id))
        .filter(referrals::removed_at.is_not_null())
        .filter(referrals::rerouted_at.is_null())
        .filter(referrals::started_at.is_not_null())
        .select((referrals::id, referrals::institution_id))
        .load::<(String, Option<String>)>(conn)?
        .into_iter()
        .filter_map(|(id, institution)| institution.map(|i| (id, i)))
        .collect())
}
