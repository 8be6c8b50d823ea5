//! Deadlines at chosen instants (UTC in, UTC out), in the civil time and with the holidays of
//! the territory: the cases people notice.

use chrono::{NaiveDateTime, TimeDelta};

use super::DeadlinePolicy;
use crate::domain::calendar::{DeadlineStatus, Territory};

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

/// The last second of the minute `text` (UTC).
fn end(text: &str) -> Option<NaiveDateTime> {
    Some(at(text) + TimeDelta::seconds(59))
}

const POLICY: DeadlinePolicy = DeadlinePolicy {
    qualification_days: 5,
    referral_answer_days: 15,
    due_soon_days: 2,
};

fn due(territory: &str, filed_utc: &str) -> Option<NaiveDateTime> {
    POLICY.qualification_due(Territory::of_departement(territory), at(filed_utc), &[])
}

#[test]
fn a_filing_just_after_midnight_in_paris_in_july() {
    // Thursday 16 July 2026, 00:30 in Paris = Wednesday 15 July, 22:30 UTC.
    assert_eq!(due("13", "2026-07-15 22:30"), end("2026-07-23 21:59"));
    // 23:30 in Paris on Wednesday 15 July: counted from the 15th.
    assert_eq!(due("13", "2026-07-15 21:30"), end("2026-07-22 21:59"));
}

#[test]
fn a_friday_evening_filing_starts_counting_on_monday() {
    // Friday 13 March 2026, 19:30 in Paris: 16 to 20 March.
    assert_eq!(due("75", "2026-03-13 18:30"), end("2026-03-20 22:59"));
    // 23:30 on Friday in Paris is still Friday.
    assert_eq!(due("75", "2026-03-13 22:30"), end("2026-03-20 22:59"));
}

#[test]
fn christmas_eve_and_new_year() {
    // Thursday 24 December 2026: 28, 29, 30, 31 December, 4 January 2027 (25 Dec, 1 Jan off).
    assert_eq!(due("13", "2026-12-24 16:00"), end("2027-01-04 22:59"));
    // Alsace: 26 December is a Saturday in 2026; the same.
    assert_eq!(due("67", "2026-12-24 16:00"), end("2027-01-04 22:59"));
    // Wednesday 24 December 2025 in Moselle skips 25 and 26 December: 29, 30, 31 December,
    // 2 and 5 January; in Marseille 26 December counts.
    assert_eq!(due("57", "2025-12-24 09:00"), end("2026-01-05 22:59"));
    assert_eq!(due("13", "2025-12-24 09:00"), end("2026-01-02 22:59"));
}

#[test]
fn the_night_of_31_december() {
    // 23:30 UTC on 31 December 2026 is already 1 January (a holiday) in Paris: 4 to 8 January.
    assert_eq!(due("13", "2026-12-31 23:30"), end("2027-01-08 22:59"));
    // It is 19:30 on 31 December in Martinique: 4 to 8 January too, ending 04:00 UTC later.
    assert_eq!(due("972", "2026-12-31 23:30"), end("2027-01-09 03:59"));
    // 22:30 UTC is 23:30 on 31 December in Paris: the 31st itself never counts, 1 January is
    // off: the same 8 January.
    assert_eq!(due("13", "2026-12-31 22:30"), end("2027-01-08 22:59"));
    // 10:00 on Wednesday 30 December: 31 December, 4, 5, 6, 7 January.
    assert_eq!(due("13", "2026-12-30 09:00"), end("2027-01-07 22:59"));
}

#[test]
fn the_nights_of_the_changes_of_time() {
    // Saturday 28 March 2026, 23:30 UTC = Sunday 29 March 00:30 in Paris (winter time):
    // 30 March to 3 April, which ends in summer time (UTC+2).
    assert_eq!(due("13", "2026-03-28 23:30"), end("2026-04-03 21:59"));
    // Sunday 25 October 2026 at 02:30 in Paris, twice: 00:30 UTC (summer) and 01:30 UTC
    // (winter); both count from the 25th and end on Friday 30 October in winter time.
    assert_eq!(due("13", "2026-10-25 00:30"), end("2026-10-30 22:59"));
    assert_eq!(due("13", "2026-10-25 01:30"), end("2026-10-30 22:59"));
}

#[test]
fn easter_week_in_paris_and_in_moselle() {
    // Thursday 2 April 2026, 10:00 in Paris. Easter Monday is 6 April.
    assert_eq!(due("13", "2026-04-02 08:00"), end("2026-04-10 21:59"));
    // Moselle also skips Good Friday, 3 April (Code du travail, L3134-13).
    assert_eq!(due("57", "2026-04-02 08:00"), end("2026-04-13 21:59"));
    // A referral (15 working days) started the same day: 24 April for an institution of the
    // Bouches-du-Rhône, 27 April for one of the Bas-Rhin.
    assert_eq!(
        POLICY.referral_due(Territory::of_departement("13"), at("2026-04-02 08:00"), &[]),
        end("2026-04-24 21:59")
    );
    assert_eq!(
        POLICY.referral_due(Territory::of_departement("67"), at("2026-04-02 08:00"), &[]),
        end("2026-04-27 21:59")
    );
}

#[test]
fn overseas_filings_count_their_own_holidays_in_their_own_time() {
    // Wednesday 20 May 2026, 10:00 in Fort-de-France (UTC−4): 22 May is a holiday there.
    assert_eq!(due("972", "2026-05-20 14:00"), end("2026-05-30 03:59"));
    // Guadeloupe's day is 27 May: 21, 22, 26, 28, 29 May.
    assert_eq!(due("971", "2026-05-20 14:00"), end("2026-05-30 03:59"));
    // La Réunion (UTC+4), 20 December: Friday 18 December 2026 → 21, 22, 23, 24, 28 December.
    assert_eq!(due("974", "2026-12-18 06:00"), end("2026-12-28 19:59"));
    // Mayotte (UTC+3), 27 April 2026 is a Monday: filed Friday 24 → 28, 29, 30 April, 4, 5 May
    // (1 May is off everywhere); in Paris the 27th counts: 27, 28, 29, 30 April, 4 May.
    assert_eq!(due("976", "2026-04-24 06:00"), end("2026-05-05 20:59"));
    assert_eq!(due("13", "2026-04-24 06:00"), end("2026-05-04 21:59"));
}

#[test]
fn the_status_uses_the_civil_day_of_the_territory() {
    let metz = Territory::of_departement("57");
    let due = at("2026-04-13 21:59") + TimeDelta::seconds(59);
    // Thursday 9 April: 10 and 13 April remain (Good Friday is long past): due soon.
    assert_eq!(
        POLICY.status(metz, due, at("2026-04-09 08:00")),
        DeadlineStatus::DueSoon
    );
    assert_eq!(
        POLICY.status(metz, due, at("2026-04-08 08:00")),
        DeadlineStatus::OnTime
    );
    // 23:30 on the due day in Metz is still on time; 00:30 the next day is late.
    assert_eq!(
        POLICY.status(metz, due, at("2026-04-13 21:30")),
        DeadlineStatus::DueSoon
    );
    assert_eq!(
        POLICY.status(metz, due, at("2026-04-13 22:30")),
        DeadlineStatus::Overdue
    );
}
