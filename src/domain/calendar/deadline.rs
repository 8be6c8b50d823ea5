//! Deadlines that stop while the request waits on the professional, and deadline status.
//!
//! # Pause rule ("working-time clock, rounded up to whole days")
//!
//! A budget of N working days is N × 24 h of *working time*, where working time is every second
//! of a working day (the whole calendar day, 00:00–24:00; weekends and holidays do not count).
//! The clock starts at midnight after the start day (the start day is free, as in
//! [`add_working_days`]) and runs except during pauses. The deadline is
//! the end (23:59:59) of the day on which the clock runs out.
//!
//! Consequences, all tested:
//! - without pauses, the result equals `add_working_days(start, N)`;
//! - paused working time is summed (overlapping pauses counted once) and the deadline moves by
//!   that total rounded **up** to whole working days: a 4-hour pause adds one day, two 4-hour
//!   pauses still add one day, a pause from Tuesday 10:00 to Thursday 10:00 adds two;
//! - pause time on the start day, on weekends and holidays, or after the clock has run out does
//!   not count (a late request for documents does not revive an overdue request);
//! - while a pause is open (`end == None`) and began before the clock ran out, the deadline is
//!   unknown: [`due_at`] returns `None` ("suspendu"). An open pause that began after the clock ran
//!   out changes nothing;
//! - pauses whose end is not after their start are ignored.

use std::fmt;

use chrono::{NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use super::{add_working_days, end_of_day, is_working_day, working_days_between, Territory};

/// A pause of the clock: `(start, end)`, `end == None` while still waiting.
pub type Pause = (NaiveDateTime, Option<NaiveDateTime>);

const DAY_SECONDS: i64 = 86_400;

/// The deadline of a request started at `start` with a budget of `working_days`, given the
/// pauses of its clock (any order, may overlap). `None` while the clock is stopped by an open
/// pause (or, unreachably in practice, past the end of chrono's range). See the module
/// documentation for the exact rule. With a budget of 0 the deadline is the end of the start day.
pub fn due_at(
    territory: Territory,
    start: NaiveDateTime,
    working_days: u32,
    pauses: &[Pause],
) -> Option<NaiveDateTime> {
    if working_days == 0 {
        return Some(add_working_days(territory, start, 0));
    }
    let mut pauses: Vec<Pause> = pauses
        .iter()
        .copied()
        .filter(|&(s, e)| e.is_none_or(|e| e > s))
        .collect();
    pauses.sort_by_key(|&(s, _)| s);

    let mut remaining = i64::from(working_days) * DAY_SECONDS;
    let mut day = start.date().succ_opt()?;
    loop {
        let next = day.succ_opt()?;
        if is_working_day(territory, day) {
            let day_end = next.and_time(NaiveTime::MIN);
            let mut cursor = day.and_time(NaiveTime::MIN);
            for &(p_start, p_end) in &pauses {
                if p_start >= day_end {
                    break;
                }
                if p_end.is_some_and(|e| e <= cursor) {
                    continue;
                }
                // The clock runs from `cursor` until the pause starts.
                let run = (p_start.max(cursor) - cursor).num_seconds();
                if run >= remaining {
                    return Some(end_of_day(day));
                }
                remaining -= run;
                match p_end {
                    None => return None,
                    Some(e) => cursor = e.min(day_end).max(cursor),
                }
            }
            let run = (day_end - cursor).num_seconds();
            if run >= remaining {
                return Some(end_of_day(day));
            }
            remaining -= run;
        }
        day = next;
    }
}

/// Where a deadline stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStatus {
    OnTime,
    DueSoon,
    Overdue,
}

impl DeadlineStatus {
    /// French label for the user interface.
    pub fn label(self) -> &'static str {
        match self {
            Self::OnTime => "Dans les délais",
            Self::DueSoon => "Échéance proche",
            Self::Overdue => "En retard",
        }
    }

    /// The DSFR badge class that shows it.
    pub fn badge_class(self) -> &'static str {
        match self {
            Self::OnTime => "fr-badge--success",
            Self::DueSoon => "fr-badge--warning",
            Self::Overdue => "fr-badge--error",
        }
    }
}

impl fmt::Display for DeadlineStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Status of deadline `due` at instant `now`:
/// - `Overdue` once `now` is after `due`;
/// - `DueSoon` if at most `soon_working_days` working days lie between today (excluded) and the
///   due day (included), i.e. `working_days_between(now.date(), due.date()) <= soon`; a deadline
///   falling today is always `DueSoon`;
/// - `OnTime` otherwise.
pub fn deadline_status(
    territory: Territory,
    due: NaiveDateTime,
    now: NaiveDateTime,
    soon_working_days: u32,
) -> DeadlineStatus {
    if now > due {
        DeadlineStatus::Overdue
    } else if working_days_between(territory, now.date(), due.date())
        <= i64::from(soon_working_days)
    {
        DeadlineStatus::DueSoon
    } else {
        DeadlineStatus::OnTime
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    const METRO: Territory = Territory::Metropole;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn eod(s: &str) -> Option<NaiveDateTime> {
        Some(end_of_day(
            NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap(),
        ))
    }

    fn closed(a: &str, b: &str) -> Pause {
        (at(a), Some(at(b)))
    }

    // Monday 2025-03-03 09:00, 5 working days → Monday 2025-03-10 without pauses.
    const START: &str = "2025-03-03 09:00";

    fn due(pauses: &[Pause]) -> Option<NaiveDateTime> {
        due_at(METRO, at(START), 5, pauses)
    }

    #[test]
    fn no_pause_equals_add_working_days() {
        assert_eq!(due(&[]), eod("2025-03-10"));
        let mut start = at("2024-12-20 17:30");
        for _ in 0..200 {
            for n in 0..25 {
                assert_eq!(
                    due_at(METRO, start, n, &[]),
                    Some(add_working_days(METRO, start, n)),
                    "{start} {n}"
                );
            }
            start += chrono::TimeDelta::hours(31);
        }
    }

    #[test]
    fn pause_and_resume_whole_days() {
        // Tuesday 10:00 → Thursday 10:00 = 48 h of working time: two more days.
        let p = closed("2025-03-04 10:00", "2025-03-06 10:00");
        assert_eq!(due(&[p]), eod("2025-03-12"));
    }

    #[test]
    fn partial_day_pause_rounds_up() {
        assert_eq!(
            due(&[closed("2025-03-04 10:00", "2025-03-04 14:00")]),
            eod("2025-03-11")
        );
        // One second is enough to move the deadline by one day.
        assert_eq!(
            due(&[(
                at("2025-03-04 10:00"),
                Some(at("2025-03-04 10:00") + chrono::TimeDelta::seconds(1))
            )]),
            eod("2025-03-11")
        );
    }

    #[test]
    fn pause_over_weekend_counts_only_working_time() {
        // Friday 18:00 → Monday 09:00: 6 h + 9 h = 15 h → one day.
        let p = closed("2025-03-07 18:00", "2025-03-10 09:00");
        assert_eq!(due(&[p]), eod("2025-03-11"));
        // Entirely within the weekend: no effect.
        let p = closed("2025-03-08 08:00", "2025-03-09 20:00");
        assert_eq!(due(&[p]), eod("2025-03-10"));
    }

    #[test]
    fn pause_across_holiday() {
        // Thursday 2025-07-10, 3 days → Fri 11, Tue 15, Wed 16 (14 July is a holiday).
        let start = at("2025-07-10 11:00");
        assert_eq!(due_at(METRO, start, 3, &[]), eod("2025-07-16"));
        // Fri 12:00 → Tue 12:00 = 12 h + 12 h of working time → one more day.
        let p = closed("2025-07-11 12:00", "2025-07-15 12:00");
        assert_eq!(due_at(METRO, start, 3, &[p]), eod("2025-07-17"));
    }

    #[test]
    fn pause_on_start_day_is_free() {
        assert_eq!(
            due(&[closed("2025-03-03 10:00", "2025-03-03 16:00")]),
            eod("2025-03-10")
        );
        // Started on the start day, ending Tuesday 06:00: 6 h counted.
        assert_eq!(
            due(&[closed("2025-03-03 10:00", "2025-03-04 06:00")]),
            eod("2025-03-11")
        );
        // Pause before the request even started.
        assert_eq!(
            due(&[closed("2025-02-20 10:00", "2025-02-25 16:00")]),
            eod("2025-03-10")
        );
    }

    #[test]
    fn pause_still_open() {
        assert_eq!(due(&[(at("2025-03-05 10:00"), None)]), None);
        // Opened on the due day, before the end: the clock was still running.
        assert_eq!(due(&[(at("2025-03-10 15:00"), None)]), None);
        // Opened on a weekend.
        assert_eq!(due(&[(at("2025-03-08 15:00"), None)]), None);
        // Opened after the clock ran out: the request stays overdue.
        assert_eq!(due(&[(at("2025-03-11 08:00"), None)]), eod("2025-03-10"));
        // Open pause after earlier closed pauses.
        let ps = [
            closed("2025-03-04 10:00", "2025-03-04 14:00"),
            (at("2025-03-12 08:00"), None),
        ];
        assert_eq!(due(&ps), eod("2025-03-11"));
        let ps = [
            closed("2025-03-04 10:00", "2025-03-04 14:00"),
            (at("2025-03-10 08:00"), None),
        ];
        assert_eq!(due(&ps), None);
    }

    #[test]
    fn clock_runs_out_mid_day_before_a_pause() {
        // A 4 h pause makes the clock run out on Tuesday 03-11 at 04:00; a pause opened at
        // 10:00 that day comes too late, whether closed or still open.
        let first = closed("2025-03-04 10:00", "2025-03-04 14:00");
        assert_eq!(
            due(&[first, (at("2025-03-11 10:00"), None)]),
            eod("2025-03-11")
        );
        assert_eq!(
            due(&[first, closed("2025-03-11 10:00", "2025-03-20 10:00")]),
            eod("2025-03-11")
        );
        // Opened at 03:00, before the clock ran out.
        assert_eq!(due(&[first, (at("2025-03-11 03:00"), None)]), None);
    }

    #[test]
    fn multiple_pauses() {
        // Two 4 h pauses on different days: 8 h → one day.
        let a = closed("2025-03-04 10:00", "2025-03-04 14:00");
        let b = closed("2025-03-06 10:00", "2025-03-06 14:00");
        assert_eq!(due(&[b, a]), eod("2025-03-11"));
        // Three 10 h pauses: 30 h → two days.
        let ps = [
            closed("2025-03-04 08:00", "2025-03-04 18:00"),
            closed("2025-03-05 08:00", "2025-03-05 18:00"),
            closed("2025-03-06 08:00", "2025-03-06 18:00"),
        ];
        assert_eq!(due(&ps), eod("2025-03-12"));
        // Overlapping or nested pauses are counted once: union is Tue 10:00 → Wed 12:00 (26 h).
        let ps = [
            closed("2025-03-04 10:00", "2025-03-05 08:00"),
            closed("2025-03-04 12:00", "2025-03-04 13:00"),
            closed("2025-03-05 06:00", "2025-03-05 12:00"),
        ];
        assert_eq!(due(&ps), eod("2025-03-12"));
    }

    #[test]
    fn closed_pause_after_deadline_and_invalid_pauses_ignored() {
        assert_eq!(
            due(&[closed("2025-03-11 08:00", "2025-03-14 08:00")]),
            eod("2025-03-10")
        );
        assert_eq!(
            due(&[closed("2025-03-05 10:00", "2025-03-04 10:00")]),
            eod("2025-03-10")
        );
        assert_eq!(
            due(&[closed("2025-03-05 10:00", "2025-03-05 10:00")]),
            eod("2025-03-10")
        );
        // Zero budget: end of the start day whatever the pauses.
        assert_eq!(
            due_at(METRO, at(START), 0, &[(at("2025-03-03 10:00"), None)]),
            eod("2025-03-03")
        );
    }

    #[test]
    fn long_pause() {
        // Paused from Tuesday 2025-03-04 00:00 to Monday 2025-04-07 00:00: 24 working days.
        let p = closed("2025-03-04 00:00", "2025-04-07 00:00");
        let expected = add_working_days(METRO, at(START), 5 + 24);
        assert_eq!(due(&[p]), Some(expected));
        assert_eq!(expected, eod("2025-04-11").unwrap());
    }

    #[test]
    fn status() {
        let due = eod("2025-07-21").unwrap(); // Monday
        let s = |now: &str, soon| deadline_status(METRO, due, at(now), soon);
        assert_eq!(s("2025-07-15 10:00", 2), DeadlineStatus::OnTime);
        assert_eq!(s("2025-07-17 10:00", 2), DeadlineStatus::DueSoon); // Fri 18, Mon 21
        assert_eq!(s("2025-07-17 10:00", 1), DeadlineStatus::OnTime);
        assert_eq!(s("2025-07-18 10:00", 1), DeadlineStatus::DueSoon);
        assert_eq!(s("2025-07-19 10:00", 0), DeadlineStatus::OnTime); // Saturday: Monday left
        assert_eq!(s("2025-07-21 23:59", 0), DeadlineStatus::DueSoon);
        assert_eq!(deadline_status(METRO, due, due, 0), DeadlineStatus::DueSoon);
        let late = due + chrono::TimeDelta::seconds(1);
        assert_eq!(
            deadline_status(METRO, due, late, 5),
            DeadlineStatus::Overdue
        );
        assert_eq!(s("2025-08-01 09:00", 5), DeadlineStatus::Overdue);
    }

    #[test]
    fn status_labels_and_serde() {
        use DeadlineStatus::*;
        let cases = [
            (OnTime, "Dans les délais", "\"on_time\""),
            (DueSoon, "Échéance proche", "\"due_soon\""),
            (Overdue, "En retard", "\"overdue\""),
        ];
        for (status, label, json) in cases {
            assert_eq!(
                (status.label(), status.to_string()),
                (label, label.to_owned())
            );
            assert_eq!(serde_json::to_string(&status).unwrap(), json);
            assert_eq!(
                serde_json::from_str::<DeadlineStatus>(json).unwrap(),
                status
            );
        }
    }
}
