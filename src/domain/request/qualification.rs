//! What the référent decides when qualifying a request (priority, coordination level), and the
//! deadlines of a request and of its referrals (domain.md §6).

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::kind::RequestKind;
use crate::domain::calendar::{deadline_status, due_at, DeadlineStatus, Pause, Territory};
use crate::domain::civil_time::{to_local, to_utc};
use crate::domain::slug::slug_enum;
use crate::domain::zone::{ZoneCategory, ZoneSet};

slug_enum! {
    /// How fast the guichet should handle a request ("degré de priorisation").
    pub enum Priority, "Priorité inconnue" {
        Normal => ("normal", "Normale"),
        Prioritaire => ("prioritaire", "Prioritaire"),
        Urgent => ("urgent", "Urgente"),
    }
}

slug_enum! {
    /// Simple coordination (orientation) or advanced (case management by a named référent).
    pub enum Coordination, "Coordination inconnue" {
        Simple => ("simple", "Simple (orientation)"),
        Avancee => ("avancee", "Avancée (accompagnement par un référent)"),
    }
}

impl Priority {
    /// DSFR badge class hint for lists.
    pub fn badge_class(self) -> &'static str {
        match self {
            Self::Normal => "fr-badge--info",
            Self::Prioritaire => "fr-badge--warning",
            Self::Urgent => "fr-badge--error",
        }
    }
}

/// The priority suggested to the référent: `Prioritaire` for an installation whose commune is
/// surely in a ZIP (every possible zone of the commune is ZIP), `Normal` otherwise (other
/// kinds, zonage unknown, or only possibly ZIP).
pub fn suggested_priority(kind: RequestKind, zone: Option<ZoneSet>) -> Priority {
    let in_zip =
        zone.is_some_and(|z| !z.is_empty() && z.is_subset(ZoneSet::only(ZoneCategory::Zip)));
    if matches!(kind, RequestKind::Installation(_)) && in_zip {
        Priority::Prioritaire
    } else {
        Priority::Normal
    }
}

/// Deadlines in French working days, from `config` (`[deadlines]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlinePolicy {
    /// From submission to routing by the référent.
    pub qualification_days: u32,
    /// From routing (or from the referral's creation, if later) to the institution's answer.
    pub referral_answer_days: u32,
    /// A deadline this close (in working days) is shown as "échéance proche".
    pub due_soon_days: u32,
}

impl Default for DeadlinePolicy {
    /// The defaults of the issue: 5, 15 and 2 working days.
    fn default() -> Self {
        DeadlinePolicy {
            qualification_days: 5,
            referral_answer_days: 15,
            due_soon_days: 2,
        }
    }
}

impl DeadlinePolicy {
    /// When the référent must have routed a request submitted at `submitted_at`, given the
    /// pauses of its qualification clock; `None` while a pause is open ("suspendu"). Instants
    /// are UTC; the working days are those of `territory`, counted in its civil time.
    pub fn qualification_due(
        &self,
        territory: Territory,
        submitted_at: NaiveDateTime,
        pauses: &[Pause],
    ) -> Option<NaiveDateTime> {
        local_due(territory, submitted_at, self.qualification_days, pauses)
    }

    /// When an institution must have answered a referral whose clock started at `started_at`
    /// (UTC), counting the working days of `territory` (the institution's).
    pub fn referral_due(
        &self,
        territory: Territory,
        started_at: NaiveDateTime,
        pauses: &[Pause],
    ) -> Option<NaiveDateTime> {
        local_due(territory, started_at, self.referral_answer_days, pauses)
    }

    /// On time, due soon or overdue, at the UTC instant `now`, for a deadline `due` (UTC) counted
    /// in `territory`.
    pub fn status(
        &self,
        territory: Territory,
        due: NaiveDateTime,
        now: NaiveDateTime,
    ) -> DeadlineStatus {
        deadline_status(
            territory,
            to_local(territory, due),
            to_local(territory, now),
            self.due_soon_days,
        )
    }
}

/// [`due_at`] on the civil time of `territory`, from and to UTC instants.
fn local_due(
    territory: Territory,
    start: NaiveDateTime,
    days: u32,
    pauses: &[Pause],
) -> Option<NaiveDateTime> {
    let local = |t: NaiveDateTime| to_local(territory, t);
    let pauses: Vec<Pause> = pauses
        .iter()
        .map(|&(from, to)| (local(from), to.map(local)))
        .collect();
    due_at(territory, local(start), days, &pauses).map(|due| to_utc(territory, due))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::request::kind::{CoordinatedStructure, PracticeMode};
    use chrono::NaiveDate;
    use ZoneCategory::*;

    const METRO: Territory = Territory::Metropole;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    #[test]
    fn zip_installations_are_suggested_prioritaire() {
        let zip = Some(ZoneSet::only(Zip));
        for mode in PracticeMode::ALL {
            let kind = RequestKind::Installation(*mode);
            assert_eq!(suggested_priority(kind, zip), Priority::Prioritaire);
            for zone in [
                None,
                Some(ZoneSet::EMPTY),
                Some(ZoneSet::only(Zac)),
                Some(ZoneSet::from_categories([Zip, Zac])),
                Some(ZoneSet::not_zip()),
                Some(ZoneSet::all()),
            ] {
                assert_eq!(suggested_priority(kind, zone), Priority::Normal, "{zone:?}");
            }
        }
        for kind in RequestKind::ALL {
            if !matches!(kind, RequestKind::Installation(_)) {
                assert_eq!(suggested_priority(kind, zip), Priority::Normal, "{kind}");
            }
        }
        let msp = RequestKind::CoordinatedPractice(CoordinatedStructure::Msp);
        assert_eq!(suggested_priority(msp, zip), Priority::Normal);
    }

    #[test]
    fn enums_have_slugs_labels_and_badges() {
        assert_eq!("prioritaire".parse::<Priority>(), Ok(Priority::Prioritaire));
        assert_eq!(Priority::Urgent.label(), "Urgente");
        assert_eq!(Priority::Urgent.badge_class(), "fr-badge--error");
        assert_eq!("avancee".parse::<Coordination>(), Ok(Coordination::Avancee));
        assert!("avancée".parse::<Coordination>().is_err());
        assert_eq!(Coordination::ALL.len(), 2);
    }

    #[test]
    fn deadlines_use_working_days_and_pauses() {
        let policy = DeadlinePolicy::default();
        // Friday 11 July 2025: 5 working days, skipping the weekend and 14 July.
        let submitted = at(2025, 7, 11, 16);
        let due = policy.qualification_due(METRO, submitted, &[]).unwrap();
        // The end of Monday 21 July in Paris (summer time, UTC+2) is 21:59:59 UTC.
        assert_eq!(due, at(2025, 7, 21, 21) + chrono::TimeDelta::seconds(3_599));
        // A one-day pause on Tuesday 15 July moves it by one working day.
        let pause = (at(2025, 7, 15, 9), Some(at(2025, 7, 16, 9)));
        let paused = policy
            .qualification_due(METRO, submitted, &[pause])
            .unwrap();
        assert_eq!(paused.date(), NaiveDate::from_ymd_opt(2025, 7, 22).unwrap());
        assert_eq!(
            policy.qualification_due(METRO, submitted, &[(at(2025, 7, 15, 9), None)]),
            None
        );
        // Easter Monday 2025 is 21 April: 15 working days from Thursday 17 April
        // (1 and 8 May are holidays too).
        let routed = at(2025, 4, 17, 10);
        let referral = policy.referral_due(METRO, routed, &[]).unwrap();
        assert_eq!(
            referral.date(),
            NaiveDate::from_ymd_opt(2025, 5, 13).unwrap()
        );
        assert_eq!(
            policy.status(METRO, due, at(2025, 7, 16, 9)),
            DeadlineStatus::OnTime
        );
        assert_eq!(
            policy.status(METRO, due, at(2025, 7, 17, 9)),
            DeadlineStatus::DueSoon
        );
        assert_eq!(
            policy.status(METRO, due, at(2025, 7, 22, 0)),
            DeadlineStatus::Overdue
        );
    }
}
