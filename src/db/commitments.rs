//! The commitments a grant created and their milestones (tables `commitments` and
//! `commitment_milestones`): written once at the grant, read by the professional, the granting
//! institution and the request page; a milestone is recorded once, reminded once.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{commitment_milestones, commitments, referrals, requests};
use super::DbConnection;
use crate::domain::commitment::MilestoneStatus;

/// A commitment as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = commitments)]
pub struct CommitmentRow {
    pub id: String,
    pub request_id: String,
    pub referral_id: String,
    pub institution_id: Option<String>,
    pub professional_id: String,
    pub aid_code: String,
    pub version_label: String,
    pub commitment_key: String,
    pub label: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub commune_insee: Option<String>,
    pub zone: Option<String>,
    pub created_at: NaiveDateTime,
}

/// A milestone as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = commitment_milestones)]
pub struct MilestoneRow {
    pub id: String,
    pub commitment_id: String,
    pub milestone_key: String,
    pub label: String,
    pub due_on: NaiveDate,
    pub remind_on: NaiveDate,
    pub status: MilestoneStatus,
    pub comment: Option<String>,
    pub recorded_by: Option<String>,
    pub recorded_at: Option<NaiveDateTime>,
    pub reminded_at: Option<NaiveDateTime>,
}

/// A commitment with its milestones, by due date.
#[derive(Debug, Clone)]
pub struct WithMilestones {
    pub commitment: CommitmentRow,
    pub milestones: Vec<MilestoneRow>,
}

/// Writes a commitment and its milestones.
pub fn insert(
    conn: &mut DbConnection,
    commitment: &CommitmentRow,
    milestones: &[MilestoneRow],
) -> QueryResult<()> {
    diesel::insert_into(commitments::table)
        .values(commitment.clone())
        .execute(conn)?;
    for m in milestones {
        diesel::insert_into(commitment_milestones::table)
            .values(m.clone())
            .execute(conn)?;
    }
    Ok(())
}

fn with_milestones(
    conn: &mut DbConnection,
    rows: Vec<CommitmentRow>,
) -> QueryResult<Vec<WithMilestones>> {
    let ids: Vec<&str> = rows.iter().map(|c| c.id.as_str()).collect();
    let mut all: Vec<MilestoneRow> = commitment_milestones::table
        .filter(commitment_milestones::commitment_id.eq_any(&ids))
        .order((commitment_milestones::due_on, commitment_milestones::id))
        .select(MilestoneRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|commitment| {
            let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut all)
                .into_iter()
                .partition(|m| m.commitment_id == commitment.id);
            all = rest;
            WithMilestones {
                commitment,
                milestones: mine,
            }
        })
        .collect())
}

/// Which commitments to list.
pub enum Scope<'a> {
    Request(&'a str),
    Professional(&'a str),
    Institution(&'a str),
}

/// The commitments of a request, of a professional or of an institution, oldest first.
pub fn list(conn: &mut DbConnection, scope: Scope<'_>) -> QueryResult<Vec<WithMilestones>> {
    let query = commitments::table
        .order((commitments::starts_on, commitments::id))
        .select(CommitmentRow::as_select());
    let rows = match scope {
        Scope::Request(id) => query.filter(commitments::request_id.eq(id)).load(conn)?,
        Scope::Professional(id) => query
            .filter(commitments::professional_id.eq(id))
            .load(conn)?,
        Scope::Institution(id) => query
            .filter(commitments::institution_id.eq(id))
            .load(conn)?,
    };
    with_milestones(conn, rows)
}

/// A milestone with its commitment.
pub fn milestone(
    conn: &mut DbConnection,
    id: &str,
) -> QueryResult<Option<(MilestoneRow, CommitmentRow)>> {
    commitment_milestones::table
        .inner_join(commitments::table)
        .filter(commitment_milestones::id.eq(id))
        .select((MilestoneRow::as_select(), CommitmentRow::as_select()))
        .first(conn)
        .optional()
}

/// Records a pending milestone met or missed; 0 when it was no longer pending.
pub fn record(
    conn: &mut DbConnection,
    id: &str,
    status: MilestoneStatus,
    comment: Option<&str>,
    by: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        commitment_milestones::table
            .find(id)
            .filter(commitment_milestones::status.eq(MilestoneStatus::Pending)),
    )
    .set((
        commitment_milestones::status.eq(status),
        commitment_milestones::comment.eq(comment),
        commitment_milestones::recorded_by.eq(by),
        commitment_milestones::recorded_at.eq(now),
    ))
    .execute(conn)
}

/// Pending milestones not yet reminded whose reminder date is on or before `until`, with their
/// commitment and the request's département (for its civil date).
pub fn reminder_candidates(
    conn: &mut DbConnection,
    until: NaiveDate,
) -> QueryResult<Vec<(MilestoneRow, CommitmentRow, Option<String>)>> {
    commitment_milestones::table
        .inner_join(commitments::table.inner_join(requests::table))
        .filter(commitment_milestones::status.eq(MilestoneStatus::Pending))
        .filter(commitment_milestones::reminded_at.is_null())
        .filter(commitment_milestones::remind_on.le(until))
        .order(commitment_milestones::id)
        .select((
            MilestoneRow::as_select(),
            CommitmentRow::as_select(),
            requests::departement_code,
        ))
        .load(conn)
}

/// Claims a milestone's reminder; 0 when another run already did.
pub fn mark_reminded(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        commitment_milestones::table
            .find(id)
            .filter(commitment_milestones::reminded_at.is_null()),
    )
    .set(commitment_milestones::reminded_at.eq(now))
    .execute(conn)
}

/// The agent the referral that granted a commitment is assigned to, if any.
pub fn referral_agent(conn: &mut DbConnection, referral_id: &str) -> QueryResult<Option<String>> {
    referrals::table
        .find(referral_id)
        .select(referrals::agent_id)
        .first::<Option<String>>(conn)
        .optional()
        .map(Option::flatten)
}
