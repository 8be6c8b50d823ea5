//! Corrections of recorded milestones (table `milestone_corrections`): the milestone changes
//! only if it is still as the agent saw it (a conditional update), and each correction is kept
//! with who made it, when, from what and why.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{commitment_milestones, milestone_corrections};
use super::DbConnection;
use crate::domain::commitment::{MilestoneCorrection, MilestoneStatus};

/// A correction as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = milestone_corrections)]
pub struct CorrectionRow {
    pub id: String,
    pub milestone_id: String,
    pub corrected_by: String,
    /// The corrector as the timeline names them (« Anne Martin (Partenaire) »).
    pub corrected_by_label: String,
    pub corrected_at: NaiveDateTime,
    pub from_status: MilestoneStatus,
    pub from_comment: Option<String>,
    pub to_status: MilestoneStatus,
    pub reason: String,
}

/// Applies `correction` to milestone `id` if its status is still `correction.from`; 0 when it
/// changed in between. Pending again, it forgets who recorded it (it can be recorded anew).
pub fn apply(
    conn: &mut DbConnection,
    id: &str,
    correction: &MilestoneCorrection,
    by: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let recorded = correction.recorded();
    diesel::update(
        commitment_milestones::table
            .find(id)
            .filter(commitment_milestones::status.eq(correction.from)),
    )
    .set((
        commitment_milestones::status.eq(correction.to),
        commitment_milestones::comment.eq(correction.comment()),
        commitment_milestones::recorded_by.eq(recorded.then_some(by)),
        commitment_milestones::recorded_at.eq(recorded.then_some(now)),
    ))
    .execute(conn)
}

pub fn insert(conn: &mut DbConnection, row: &CorrectionRow) -> QueryResult<()> {
    diesel::insert_into(milestone_corrections::table)
        .values(row.clone())
        .execute(conn)
        .map(|_| ())
}

/// The corrections of these milestones, oldest first.
pub fn of_milestones(
    conn: &mut DbConnection,
    milestone_ids: &[&str],
) -> QueryResult<Vec<CorrectionRow>> {
    milestone_corrections::table
        .filter(milestone_corrections::milestone_id.eq_any(milestone_ids))
        .order((
            milestone_corrections::corrected_at,
            milestone_corrections::id,
        ))
        .select(CorrectionRow::as_select())
        .load(conn)
}
