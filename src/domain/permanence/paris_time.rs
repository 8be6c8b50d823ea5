//! Civil time in metropolitan France (Europe/Paris): UTC+1, and UTC+2 from the last Sunday of
//! March 01:00 UTC to the last Sunday of October 01:00 UTC (directive 2000/84/CE). Dates are
//! stored in UTC; people type and read Paris time.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

fn last_sunday(year: i32, month: u32) -> Option<NaiveDate> {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let last = first_of_next.pred_opt()?;
    let back = last.weekday().num_days_from_sunday();
    Some(last - Duration::days(i64::from(back)))
}

fn is_summer_time(utc: NaiveDateTime) -> bool {
    let year = utc.year();
    let bounds = last_sunday(year, 3)
        .zip(last_sunday(year, 10))
        .and_then(|(start, end)| Some((start.and_hms_opt(1, 0, 0)?, end.and_hms_opt(1, 0, 0)?)));
    match bounds {
        Some((start, end)) => start <= utc && utc < end,
        None => false,
    }
}

/// The Paris offset at a UTC instant.
pub fn offset_at(utc: NaiveDateTime) -> Duration {
    if is_summer_time(utc) {
        Duration::hours(2)
    } else {
        Duration::hours(1)
    }
}

pub fn to_local(utc: NaiveDateTime) -> NaiveDateTime {
    utc + offset_at(utc)
}

/// The UTC instant of a Paris wall-clock time (a time skipped in spring is read as winter time).
pub fn to_utc(local: NaiveDateTime) -> NaiveDateTime {
    let summer = local - Duration::hours(2);
    if is_summer_time(summer) {
        summer
    } else {
        local - Duration::hours(1)
    }
}

const DAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// "jeudi 3 décembre 2026" (Paris date of a UTC instant).
pub fn french_day(utc: NaiveDateTime) -> String {
    let local = to_local(utc);
    let day = DAYS[local.weekday().num_days_from_monday() as usize];
    let month = MONTHS[local.month0() as usize];
    let first = if local.day() == 1 {
        "1er".to_string()
    } else {
        local.day().to_string()
    };
    format!("{day} {first} {month} {}", local.year())
}

/// "9 h 30" (Paris time of a UTC instant).
pub fn french_time(utc: NaiveDateTime) -> String {
    let local = to_local(utc);
    local.format("%-H h %M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, min, 0))
            .unwrap()
    }

    #[test]
    fn winter_and_summer_offsets() {
        assert_eq!(to_utc(dt(2026, 12, 3, 9, 30)), dt(2026, 12, 3, 8, 30));
        assert_eq!(to_utc(dt(2026, 7, 3, 9, 30)), dt(2026, 7, 3, 7, 30));
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(offset_at(dt(2026, 3, 29, 0, 59)), Duration::hours(1));
        assert_eq!(offset_at(dt(2026, 3, 29, 1, 0)), Duration::hours(2));
        assert_eq!(offset_at(dt(2026, 10, 25, 0, 59)), Duration::hours(2));
        assert_eq!(offset_at(dt(2026, 10, 25, 1, 0)), Duration::hours(1));
        for local in [
            dt(2026, 1, 5, 14, 0),
            dt(2026, 6, 5, 14, 0),
            dt(2027, 11, 2, 8, 15),
        ] {
            assert_eq!(to_local(to_utc(local)), local);
        }
    }

    #[test]
    fn french_formatting() {
        assert_eq!(french_day(dt(2026, 12, 3, 8, 30)), "jeudi 3 décembre 2026");
        assert_eq!(
            french_day(dt(2026, 12, 1, 8, 30)),
            "mardi 1er décembre 2026"
        );
        assert_eq!(french_time(dt(2026, 12, 3, 8, 30)), "9 h 30");
        assert_eq!(french_time(dt(2026, 7, 3, 7, 5)), "9 h 05");
    }
}
