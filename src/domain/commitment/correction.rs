//! Correcting a recorded milestone: an agent of the granting institution who recorded a
//! milestone by mistake changes it (met ↔ missed, or back to pending when it was recorded too
//! early), always saying why; the correction is kept beside the milestone and in the timeline.

use super::{MilestoneStatus, MAX_COMMENT, STATUS_FIELD};
use crate::domain::field_error::FieldError;

/// The reason field of the correction form.
pub const REASON_FIELD: &str = "motif";

/// Whether a milestone in `status` can be corrected: only once it was recorded.
pub fn correctable(status: MilestoneStatus) -> bool {
    status != MilestoneStatus::Pending
}

/// The statuses a correction may choose, as the form offers them.
pub const CORRECTION_CHOICES: [MilestoneStatus; 3] = [
    MilestoneStatus::Met,
    MilestoneStatus::Missed,
    MilestoneStatus::Pending,
];

/// A correction: from the recorded status to another, with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestoneCorrection {
    pub from: MilestoneStatus,
    pub to: MilestoneStatus,
    pub reason: String,
}

impl MilestoneCorrection {
    /// Parses the form for a milestone now `current` (recorded: see [`correctable`]): the new
    /// status differs from the current one; the reason is mandatory, at most [`MAX_COMMENT`]
    /// characters.
    pub fn parse(
        current: MilestoneStatus,
        to: &str,
        reason: &str,
    ) -> Result<MilestoneCorrection, Vec<FieldError>> {
        let mut errors = Vec::new();
        let to = match to.trim().parse::<MilestoneStatus>() {
            Ok(to) if to == current => {
                errors.push(FieldError::new(
                    STATUS_FIELD,
                    format!(
                        "L'échéance est déjà « {} » : choisissez un autre état.",
                        current.label().to_lowercase()
                    ),
                ));
                None
            }
            Ok(to) => Some(to),
            Err(_) => {
                errors.push(FieldError::new(
                    STATUS_FIELD,
                    "Choisissez l'état corrigé de l'échéance.",
                ));
                None
            }
        };
        let reason = reason.trim();
        if reason.is_empty() {
            errors.push(FieldError::new(
                REASON_FIELD,
                "Indiquez pourquoi vous corrigez l'échéance.",
            ));
        } else if reason.chars().count() > MAX_COMMENT {
            errors.push(FieldError::new(
                REASON_FIELD,
                format!("Le motif dépasse {MAX_COMMENT} caractères."),
            ));
        }
        match to {
            Some(to) if errors.is_empty() => Ok(MilestoneCorrection {
                from: current,
                to,
                reason: reason.to_string(),
            }),
            _ => Err(errors),
        }
    }

    /// The milestone's comment once corrected: the reason, or none when it is pending again.
    pub fn comment(&self) -> Option<&str> {
        (self.to != MilestoneStatus::Pending).then_some(self.reason.as_str())
    }

    /// Whether the milestone keeps who recorded it (false: pending again, recordable anew).
    pub fn recorded(&self) -> bool {
        self.to != MilestoneStatus::Pending
    }

    /// The timeline's words, e.g. « Échéance « Versement » corrigée : tenue → non tenue — … ».
    pub fn summary(&self, milestone: &str) -> String {
        format!(
            "Échéance « {milestone} » corrigée : {} → {} — {}",
            self.from.label().to_lowercase(),
            self.to.label().to_lowercase(),
            self.reason
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MilestoneStatus::*;

    fn fields(r: Result<MilestoneCorrection, Vec<FieldError>>) -> Vec<String> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn only_a_recorded_milestone_is_corrected() {
        assert!(correctable(Met) && correctable(Missed));
        assert!(!correctable(Pending));
    }

    #[test]
    fn a_correction_changes_the_status_and_says_why() {
        let c = MilestoneCorrection::parse(Met, "missed", "  Versement non reçu.  ")
            .expect("correction");
        assert_eq!((c.from, c.to), (Met, Missed));
        assert_eq!(c.reason, "Versement non reçu.");
        assert_eq!(c.comment(), Some("Versement non reçu."));
        assert!(c.recorded());
        assert_eq!(
            c.summary("Versement"),
            "Échéance « Versement » corrigée : tenue → non tenue — Versement non reçu."
        );
        let back = MilestoneCorrection::parse(Missed, "pending", "Enregistrée trop tôt.")
            .expect("correction");
        assert_eq!(back.to, Pending);
        assert_eq!(back.comment(), None, "pending again: no comment");
        assert!(!back.recorded());
    }

    #[test]
    fn the_reason_is_mandatory_and_bounded() {
        assert_eq!(
            fields(MilestoneCorrection::parse(Met, "missed", " ")),
            ["motif"]
        );
        let long = "x".repeat(MAX_COMMENT + 1);
        assert_eq!(
            fields(MilestoneCorrection::parse(Met, "missed", &long)),
            ["motif"]
        );
        assert!(MilestoneCorrection::parse(Met, "missed", &"é".repeat(MAX_COMMENT)).is_ok());
    }

    #[test]
    fn the_new_status_is_known_and_differs() {
        assert_eq!(
            fields(MilestoneCorrection::parse(Met, "met", "Motif")),
            ["statut"]
        );
        assert_eq!(
            fields(MilestoneCorrection::parse(Met, "", "Motif")),
            ["statut"]
        );
        assert_eq!(
            fields(MilestoneCorrection::parse(Met, "oui", "")),
            ["statut", "motif"]
        );
        let same = MilestoneCorrection::parse(Missed, "missed", "Motif")
            .err()
            .unwrap_or_default();
        assert!(same[0].message.contains("déjà « non tenue »"), "{same:?}");
    }
}
