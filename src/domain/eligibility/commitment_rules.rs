//! The commitments a granted aid creates and follows over time, as a rule file declares them
//! per version (`[[versions.tracked_commitments]]`): a duration, whether the place and the zone
//! bind the professional, and dated milestones with their reminder.

use serde::{Deserialize, Serialize};

/// A milestone of a commitment, `after_months` after the signature date; its reminder goes out
/// `remind_days_before` days before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MilestoneRule {
    pub id: String,
    /// French label, e.g. « Versement du second acompte ».
    pub label: String,
    pub after_months: u32,
    pub remind_days_before: u32,
}

/// A commitment a granted aid creates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrackedCommitment {
    pub id: String,
    /// French label, e.g. « Exercer cinq ans dans la zone d'intervention prioritaire ».
    pub label: String,
    /// How long it binds, from the signature date (`None`: no duration).
    #[serde(default)]
    pub months: Option<u32>,
    /// Whether the place of practice (the commune of the request) is part of it.
    #[serde(default)]
    pub place: bool,
    /// Whether the zone of that place is part of it.
    #[serde(default)]
    pub zone: bool,
    #[serde(default)]
    pub milestones: Vec<MilestoneRule>,
}

/// The longest duration a commitment or a milestone may declare (20 years).
const MAX_MONTHS: u32 = 240;
/// The earliest a reminder may go out before its milestone (one year).
const MAX_REMIND_DAYS: u32 = 366;

fn slug_ok(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Checks the tracked commitments of the version `version`: ids (lower case, unique), labels,
/// durations, and milestones that fall within their commitment.
pub fn check(version: &str, commitments: &[TrackedCommitment]) -> Result<(), String> {
    for (i, c) in commitments.iter().enumerate() {
        let at = format!("version « {version} », engagement « {} »", c.id);
        if !slug_ok(&c.id) {
            return Err(format!("{at} : id en minuscules, chiffres et tirets"));
        }
        if commitments[..i].iter().any(|o| o.id == c.id) {
            return Err(format!("{at} : id en double"));
        }
        if c.label.trim().is_empty() {
            return Err(format!("{at} : libellé (label) vide"));
        }
        if c.months.is_some_and(|m| m == 0 || m > MAX_MONTHS) {
            return Err(format!("{at} : months entre 1 et {MAX_MONTHS}"));
        }
        for (j, m) in c.milestones.iter().enumerate() {
            let at = format!("{at}, échéance « {} »", m.id);
            if !slug_ok(&m.id) {
                return Err(format!("{at} : id en minuscules, chiffres et tirets"));
            }
            if c.milestones[..j].iter().any(|o| o.id == m.id) {
                return Err(format!("{at} : id en double"));
            }
            if m.label.trim().is_empty() {
                return Err(format!("{at} : libellé (label) vide"));
            }
            if m.after_months == 0 || m.after_months > MAX_MONTHS {
                return Err(format!("{at} : after_months entre 1 et {MAX_MONTHS}"));
            }
            if c.months.is_some_and(|months| m.after_months > months) {
                return Err(format!("{at} : après la fin de l'engagement"));
            }
            if m.remind_days_before == 0 || m.remind_days_before > MAX_REMIND_DAYS {
                return Err(format!(
                    "{at} : remind_days_before entre 1 et {MAX_REMIND_DAYS}"
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commitment(months: Option<u32>, after: u32, remind: u32) -> TrackedCommitment {
        TrackedCommitment {
            id: "zone".into(),
            label: "Exercer dans la zone".into(),
            months,
            place: true,
            zone: true,
            milestones: vec![MilestoneRule {
                id: "fin".into(),
                label: "Fin".into(),
                after_months: after,
                remind_days_before: remind,
            }],
        }
    }

    #[test]
    fn sane_commitments_pass_and_bad_ones_are_named() {
        assert_eq!(check("v", &[commitment(Some(60), 60, 30)]), Ok(()));
        assert_eq!(check("v", &[commitment(None, 3, 15)]), Ok(()));
        for bad in [
            commitment(Some(12), 13, 30),
            commitment(Some(0), 1, 30),
            commitment(Some(60), 0, 30),
            commitment(Some(60), 12, 0),
            commitment(Some(60), 12, 400),
        ] {
            assert!(check("v", std::slice::from_ref(&bad)).is_err(), "{bad:?}");
        }
        let twice = [commitment(None, 3, 15), commitment(None, 3, 15)];
        assert!(check("v", &twice).unwrap_err().contains("double"));
        let mut upper = commitment(None, 3, 15);
        upper.id = "Zone".into();
        assert!(check("v", &[upper]).is_err());
    }
}
