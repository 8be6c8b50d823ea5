//! Commitments over time: created with a grant (in the answer's transaction), recorded met or
//! missed by an agent of the granting institution (in the request's timeline), corrected by
//! one of them with a reason (kept, and in the timeline), reminded by the job
//! `jobs::commitment_reminders`.

use chrono::NaiveDateTime;

use super::{append, Actor};
use crate::db::commitments::{CommitmentRow, MilestoneRow};
use crate::db::milestone_corrections::CorrectionRow;
use crate::db::requests::{ReferralRow, RequestRow};
use crate::db::{self, DbConnection};
use crate::domain::commitment::{
    correctable, plan_for_grant, MilestoneCorrection, MilestoneRecord, MilestoneStatus,
    PlannedCommitment,
};
use crate::domain::eligibility::Catalogue;
use crate::domain::field_error::FieldError;
use crate::domain::request::TimelineKind;
use crate::domain::request::{Decision, DecisionOutcome, RequestKind};
use crate::domain::zonage::ZonageIndex;
use crate::error::AppError;

/// What a grant creates, computed from the rule version in force on the signature date.
#[derive(Debug, Clone)]
pub struct GrantPlan {
    pub professional_id: String,
    pub aid_code: String,
    pub version_label: String,
    pub commune_insee: Option<String>,
    pub zone: Option<String>,
    pub commitments: Vec<PlannedCommitment>,
}

/// Writes the commitments of `plan` for the granted `referral`, and says so in the timeline.
pub fn create(
    conn: &mut DbConnection,
    referral: &ReferralRow,
    plan: &GrantPlan,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    if plan.commitments.is_empty() {
        return Ok(());
    }
    for c in &plan.commitments {
        let row = CommitmentRow {
            id: uuid::Uuid::now_v7().to_string(),
            request_id: referral.request_id.clone(),
            referral_id: referral.id.clone(),
            institution_id: referral.institution_id.clone(),
            professional_id: plan.professional_id.clone(),
            aid_code: plan.aid_code.clone(),
            version_label: plan.version_label.clone(),
            commitment_key: c.key.clone(),
            label: c.label.clone(),
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            commune_insee: c.binds_place.then(|| plan.commune_insee.clone()).flatten(),
            zone: c.binds_zone.then(|| plan.zone.clone()).flatten(),
            created_at: now,
        };
        let milestones: Vec<MilestoneRow> = c
            .milestones
            .iter()
            .map(|m| MilestoneRow {
                id: uuid::Uuid::now_v7().to_string(),
                commitment_id: row.id.clone(),
                milestone_key: m.key.clone(),
                label: m.label.clone(),
                due_on: m.due_on,
                remind_on: m.remind_on,
                status: MilestoneStatus::Pending,
                comment: None,
                recorded_by: None,
                recorded_at: None,
                reminded_at: None,
            })
            .collect();
        db::commitments::insert(conn, &row, &milestones)?;
    }
    let labels: Vec<&str> = plan.commitments.iter().map(|c| c.label.as_str()).collect();
    let summary = format!(
        "Engagements suivis ({} — {}) : {}",
        plan.aid_code,
        plan.version_label,
        labels.join(" ; ")
    );
    append(
        conn,
        &referral.request_id,
        actor,
        TimelineKind::Commitment,
        &summary,
        Some(&referral.id),
        false,
        now,
    )
}

/// Records milestone `id` as `record` says, for an agent of `institution_id` (anybody else, or
/// an unknown milestone: 404; a milestone already recorded: 409); appears in the timeline.
pub fn record_milestone(
    conn: &mut DbConnection,
    institution_id: &str,
    id: &str,
    record: &MilestoneRecord,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<String, AppError> {
    let (milestone, commitment) =
        db::commitments::milestone(conn, id)?.ok_or(AppError::NotFound)?;
    if commitment.institution_id.as_deref() != Some(institution_id) {
        return Err(AppError::NotFound);
    }
    let changed = db::commitments::record(
        conn,
        id,
        record.status,
        record.comment.as_deref(),
        &actor.user_id,
        now,
    )?;
    if changed == 0 {
        return Err(AppError::Conflict(
            "Cette échéance est déjà enregistrée.".to_string(),
        ));
    }
    append(
        conn,
        &commitment.request_id,
        actor,
        TimelineKind::Commitment,
        &record.summary(&milestone.label),
        Some(&commitment.referral_id),
        false,
        now,
    )?;
    Ok(commitment.request_id)
}

/// Corrects milestone `id` to the status `to` for `reason`, for an agent of `institution_id`
/// (anybody else, or an unknown milestone: 404; a milestone not recorded yet, or changed in
/// between: 409). `Ok(Err(..))`: the form's messages, nothing changed. Kept with the previous
/// status and comment, and in the timeline; returns the request's id.
pub fn correct_milestone(
    conn: &mut DbConnection,
    institution_id: &str,
    id: &str,
    (to, reason): (&str, &str),
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Result<String, Vec<FieldError>>, AppError> {
    let (milestone, commitment) =
        db::commitments::milestone(conn, id)?.ok_or(AppError::NotFound)?;
    if commitment.institution_id.as_deref() != Some(institution_id) {
        return Err(AppError::NotFound);
    }
    if !correctable(milestone.status) {
        return Err(AppError::Conflict(
            "Cette échéance n'est pas encore enregistrée : enregistrez-la comme tenue ou non \
             tenue."
                .to_string(),
        ));
    }
    let correction = match MilestoneCorrection::parse(milestone.status, to, reason) {
        Ok(correction) => correction,
        Err(errors) => return Ok(Err(errors)),
    };
    if db::milestone_corrections::apply(conn, id, &correction, &actor.user_id, now)? == 0 {
        return Err(AppError::Conflict(
            "Cette échéance a changé entre-temps : rechargez la page.".to_string(),
        ));
    }
    db::milestone_corrections::insert(
        conn,
        &CorrectionRow {
            id: uuid::Uuid::now_v7().to_string(),
            milestone_id: milestone.id.clone(),
            corrected_by: actor.user_id.clone(),
            corrected_by_label: actor.label.clone(),
            corrected_at: now,
            from_status: correction.from,
            from_comment: milestone.comment.clone(),
            to_status: correction.to,
            reason: correction.reason.clone(),
        },
    )?;
    append(
        conn,
        &commitment.request_id,
        actor,
        TimelineKind::Commitment,
        &correction.summary(&milestone.label),
        Some(&commitment.referral_id),
        false,
        now,
    )?;
    Ok(Ok(commitment.request_id))
}

/// What a grant of `decision` on the aid application `request` creates: the commitments the
/// rule version in force on the signature date declares, with the commune of the request and
/// its zone for the professional's profession on that date. `None` for another kind of request,
/// another outcome, or no aid / version / signature date.
pub fn plan_grant(
    conn: &mut DbConnection,
    catalogue: &Catalogue,
    zonages: &ZonageIndex,
    request: &RequestRow,
    decision: &Decision,
) -> Result<Option<GrantPlan>, AppError> {
    let (Some(aid_code), Some(signed_on)) = (request.aid_code.as_deref(), decision.signed_on)
    else {
        return Ok(None);
    };
    if request.kind != RequestKind::AidApplication || decision.outcome != DecisionOutcome::Granted {
        return Ok(None);
    }
    let Some((version_label, commitments)) = plan_for_grant(catalogue, aid_code, signed_on) else {
        return Ok(None);
    };
    let profession = db::users::find(conn, &request.professional_id)?.and_then(|u| u.profession);
    let zone = match (request.commune_insee.as_deref(), profession) {
        (Some(insee), Some(p)) => zonages
            .zone_of_commune(insee, p, signed_on)
            .map(|z| z.zone.to_string()),
        _ => None,
    };
    Ok(Some(GrantPlan {
        professional_id: request.professional_id.clone(),
        aid_code: aid_code.to_string(),
        version_label,
        commune_insee: request.commune_insee.clone(),
        zone,
        commitments,
    }))
}
