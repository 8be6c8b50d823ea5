//! The commitments a granted aid creates (domain.md, issue 15): planned from the tracked
//! commitments of the rule version in force on the signature date, each with its end and its
//! dated milestones; a milestone is pending until an agent of the granting institution records
//! it met or missed (a miss needs a comment); its reminder is due `remind_days_before` days
//! before it, in the civil date of the request's territory.

use chrono::{Days, Months, NaiveDate};

use crate::domain::eligibility::TrackedCommitment;
use crate::domain::field_error::FieldError;
use crate::domain::slug::slug_enum;

mod correction;
#[cfg(test)]
mod tests;

pub use correction::{correctable, MilestoneCorrection, CORRECTION_CHOICES, REASON_FIELD};

slug_enum! {
    /// Where a milestone stands.
    pub enum MilestoneStatus, "État d'échéance inconnu" {
        Pending => ("pending", "À venir"),
        Met => ("met", "Tenue"),
        Missed => ("missed", "Non tenue"),
    }
}

impl MilestoneStatus {
    /// The DSFR badge of the status.
    pub fn badge_class(self) -> &'static str {
        match self {
            Self::Pending => "fr-badge--info",
            Self::Met => "fr-badge--success",
            Self::Missed => "fr-badge--error",
        }
    }
}

/// A milestone as planned: its due date and the date its reminder goes out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedMilestone {
    pub key: String,
    pub label: String,
    pub due_on: NaiveDate,
    pub remind_on: NaiveDate,
}

/// A commitment as planned from a signature date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedCommitment {
    pub key: String,
    pub label: String,
    pub starts_on: NaiveDate,
    /// The last day it binds (`None`: no duration).
    pub ends_on: Option<NaiveDate>,
    pub binds_place: bool,
    pub binds_zone: bool,
    pub milestones: Vec<PlannedMilestone>,
}

/// `date` plus `months` calendar months (the 31st becomes the month's last day); a date past
/// the calendar's end stays `date`.
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months)).unwrap_or(date)
}

/// Plans `tracked` from the signature date `signed_on`: a commitment of `months` months ends
/// the day before the same date `months` later; a milestone is due `after_months` after the
/// signature, its reminder `remind_days_before` days earlier (never before the signature).
pub fn plan(tracked: &[TrackedCommitment], signed_on: NaiveDate) -> Vec<PlannedCommitment> {
    tracked
        .iter()
        .map(|c| PlannedCommitment {
            key: c.id.clone(),
            label: c.label.clone(),
            starts_on: signed_on,
            ends_on: c.months.map(|m| {
                let end = add_months(signed_on, m);
                end.checked_sub_days(Days::new(1)).unwrap_or(end)
            }),
            binds_place: c.place,
            binds_zone: c.zone,
            milestones: c
                .milestones
                .iter()
                .map(|m| {
                    let due_on = add_months(signed_on, m.after_months);
                    let remind_on = due_on
                        .checked_sub_days(Days::new(u64::from(m.remind_days_before)))
                        .unwrap_or(due_on)
                        .max(signed_on);
                    PlannedMilestone {
                        key: m.id.clone(),
                        label: m.label.clone(),
                        due_on,
                        remind_on,
                    }
                })
                .collect(),
        })
        .collect()
}

/// Whether a pending milestone's reminder is due on the civil date `today`.
pub fn reminder_due(status: MilestoneStatus, remind_on: NaiveDate, today: NaiveDate) -> bool {
    status == MilestoneStatus::Pending && remind_on <= today
}

/// The agent a referral is assigned to, as the reminder needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentInCharge<'a> {
    pub email: &'a str,
    /// Active and still an agent of the granting institution.
    pub still_there: bool,
}

/// Where the granting institution's reminder goes: to the agent in charge of the referral
/// when there is one still there, otherwise to the institution's address (`None`: nowhere).
pub fn institution_reminder_to<'a>(
    agent: Option<AgentInCharge<'a>>,
    institution_email: Option<&'a str>,
) -> Option<&'a str> {
    agent
        .filter(|a| a.still_there && !a.email.trim().is_empty())
        .map(|a| a.email)
        .or(institution_email.filter(|e| !e.trim().is_empty()))
}

/// The fields of the form that records a milestone.
pub const STATUS_FIELD: &str = "statut";
pub const COMMENT_FIELD: &str = "commentaire";
/// The longest comment kept.
pub const MAX_COMMENT: usize = 2000;

/// What an agent records on a milestone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestoneRecord {
    pub status: MilestoneStatus,
    pub comment: Option<String>,
}

impl MilestoneRecord {
    /// Parses the form: the status is met or missed (pending is not recorded); a missed
    /// milestone needs a comment saying why; a comment is at most [`MAX_COMMENT`] characters.
    pub fn parse(status: &str, comment: &str) -> Result<MilestoneRecord, Vec<FieldError>> {
        let mut errors = Vec::new();
        let status = match status.trim().parse::<MilestoneStatus>() {
            Ok(s) if s != MilestoneStatus::Pending => Some(s),
            _ => {
                errors.push(FieldError::new(
                    STATUS_FIELD,
                    "Choisissez si l'échéance est tenue ou non tenue.",
                ));
                None
            }
        };
        let comment = comment.trim();
        if comment.chars().count() > MAX_COMMENT {
            errors.push(FieldError::new(
                COMMENT_FIELD,
                format!("Le commentaire dépasse {MAX_COMMENT} caractères."),
            ));
        } else if comment.is_empty() && status == Some(MilestoneStatus::Missed) {
            errors.push(FieldError::new(
                COMMENT_FIELD,
                "Indiquez pourquoi l'échéance n'est pas tenue.",
            ));
        }
        match status {
            Some(status) if errors.is_empty() => Ok(MilestoneRecord {
                status,
                comment: (!comment.is_empty()).then(|| comment.to_string()),
            }),
            _ => Err(errors),
        }
    }

    /// The timeline's words, e.g. « Échéance « Versement de l'aide » : tenue — versé le 2 juin ».
    pub fn summary(&self, milestone: &str) -> String {
        let mut out = format!(
            "Échéance « {milestone} » : {}",
            self.status.label().to_lowercase()
        );
        if let Some(comment) = &self.comment {
            out.push_str(" — ");
            out.push_str(comment);
        }
        out
    }
}

/// The commitments a grant of `aid_code` signed on `signed_on` creates: those of the rule
/// version in force that day, with the version's label; `None` when the aid is unknown or no
/// version is in force.
pub fn plan_for_grant(
    catalogue: &crate::domain::eligibility::Catalogue,
    aid_code: &str,
    signed_on: NaiveDate,
) -> Option<(String, Vec<PlannedCommitment>)> {
    let version = catalogue.get(aid_code)?.version_on(signed_on)?;
    Some((
        version.label.to_string(),
        plan(&version.tracked_commitments, signed_on),
    ))
}
