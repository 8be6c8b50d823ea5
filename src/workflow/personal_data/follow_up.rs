//! What follows the requests in the export (issue 15): the professional's projects with the
//! requests they group, and the commitments their grants created with their milestones. The
//! next actions the référents plan are theirs only (not shown to the professional) and stay out.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::db::commitments::Scope;
use crate::db::{self, DbConnection};
use crate::domain::commitment::MilestoneStatus;
use crate::error::AppError;

#[derive(Serialize)]
pub struct ProjectExport {
    pub title: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The numbers of the requests it groups.
    pub requests: Vec<String>,
}

#[derive(Serialize)]
pub struct CommitmentExport {
    /// The number of the request whose grant created it.
    pub request: String,
    pub aid_code: String,
    pub label: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub commune_insee: Option<String>,
    pub zone: Option<String>,
    pub milestones: Vec<MilestoneExport>,
}

#[derive(Serialize)]
pub struct MilestoneExport {
    pub label: String,
    pub due_on: NaiveDate,
    pub status: MilestoneStatus,
    pub comment: Option<String>,
    pub recorded_at: Option<NaiveDateTime>,
}

/// The professional's projects, oldest first.
pub fn projects(conn: &mut DbConnection, user_id: &str) -> Result<Vec<ProjectExport>, AppError> {
    let mut out = Vec::new();
    for p in db::projects::of_owner(conn, user_id)? {
        let requests = db::projects::requests_of(conn, &p.id)?
            .into_iter()
            .map(|r| r.number)
            .collect();
        out.push(ProjectExport {
            title: p.title,
            created_at: p.created_at,
            updated_at: p.updated_at,
            requests,
        });
    }
    Ok(out)
}

/// The professional's commitments with their milestones, oldest first.
pub fn commitments(
    conn: &mut DbConnection,
    user_id: &str,
) -> Result<Vec<CommitmentExport>, AppError> {
    let mut out = Vec::new();
    for c in db::commitments::list(conn, Scope::Professional(user_id))? {
        let request = db::requests::find(conn, &c.commitment.request_id)?
            .map(|r| r.number)
            .unwrap_or_default();
        out.push(CommitmentExport {
            request,
            aid_code: c.commitment.aid_code,
            label: c.commitment.label,
            starts_on: c.commitment.starts_on,
            ends_on: c.commitment.ends_on,
            commune_insee: c.commitment.commune_insee,
            zone: c.commitment.zone,
            milestones: c
                .milestones
                .into_iter()
                .map(|m| MilestoneExport {
                    label: m.label,
                    due_on: m.due_on,
                    status: m.status,
                    comment: m.comment,
                    recorded_at: m.recorded_at,
                })
                .collect(),
        });
    }
    Ok(out)
}
