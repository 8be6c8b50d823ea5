//! French working days for request deadlines (domain.md §6).
//!
//! Conventions:
//! - **Public holidays** are those of the [`Territory`]: the national ones (1 January, Easter
//!   Monday, 1 May, 8 May, Ascension = Easter + 39 days, Whit Monday = Easter + 50 days,
//!   14 July, 15 August, 1 November, 11 November, 25 December), plus Good Friday and 26 December
//!   in Alsace-Moselle and the abolition of slavery overseas (sources in `territory.rs`). Easter
//!   Sunday is computed with the anonymous Gregorian algorithm. Whit Monday counts as a holiday
//!   even though it is often the "journée de solidarité".
//! - A **working day** is Monday to Friday and not a public holiday.
//! - A **deadline of N working days** after a start instant falls at the end (23:59:59) of the
//!   N-th working day strictly after the start's calendar day: the start day itself never counts,
//!   whatever the time of submission and even if it is a working day. With N = 0 the deadline
//!   is the end of the start day.
//! - All times here are naive local (civil) times of the territory; `domain::civil_time`
//!   converts stored UTC instants at the edges.
//!
//! Pauses ([`due_at`]) and deadline status ([`deadline_status`]) live in a submodule.

mod deadline;
mod territory;

pub use deadline::{deadline_status, due_at, DeadlineStatus, Pause};
pub use territory::Territory;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

/// Last second of a day: deadlines fall at this time.
pub const END_OF_DAY: NaiveTime = match NaiveTime::from_hms_opt(23, 59, 59) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// Easter Sunday of `year` (Gregorian calendar, anonymous "Meeus/Jones/Butcher" algorithm).
/// `None` only if the date is outside chrono's range.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let y = i64::from(year);
    let a = y.rem_euclid(19);
    let (b, c) = (y.div_euclid(100), y.rem_euclid(100));
    let (d, e) = (b.div_euclid(4), b.rem_euclid(4));
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let n = h + l - 7 * m + 114;
    let month = u32::try_from(n / 31).ok()?;
    let day = u32::try_from(n % 31 + 1).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The public holidays of `year` in `territory`, sorted by date, with their French names.
///
/// When two holidays fall on the same date (e.g. Ascension on 1 May 2008), both are listed.
/// Empty if the year is outside chrono's range.
pub fn holidays(territory: Territory, year: i32) -> Vec<(NaiveDate, &'static str)> {
    let easter = easter_sunday(year);
    let mut list: Vec<(NaiveDate, &'static str)> = territory
        .rules()
        .filter_map(|r| Some((r.when.date(year, easter)?, r.name)))
        .collect();
    list.sort_by_key(|&(date, _)| date);
    list
}

/// The French name of the holiday on `date` in `territory`, if it is one (a national name wins
/// when two holidays coincide, then the fixed-date one).
pub fn holiday_name(territory: Territory, date: NaiveDate) -> Option<&'static str> {
    territory.rule_on(date).map(|r| r.name)
}

/// True if `date` is a public holiday in `territory`.
pub fn is_public_holiday(territory: Territory, date: NaiveDate) -> bool {
    territory.rule_on(date).is_some()
}

/// True for Monday–Friday dates that are not public holidays in `territory`.
pub fn is_working_day(territory: Territory, date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !is_public_holiday(territory, date)
}

/// `date` at 23:59:59.
pub fn end_of_day(date: NaiveDate) -> NaiveDateTime {
    date.and_time(END_OF_DAY)
}

/// The deadline `days` working days after `start`: the end (23:59:59) of the `days`-th working
/// day strictly after `start`'s calendar day (end of the start day when `days` is 0).
///
/// Example: submitted Friday 2025-07-11 (any time), 5 working days → Monday 2025-07-21
/// 23:59:59, as 14 July is a holiday. Saturates at `NaiveDateTime::MAX` at the end of chrono's
/// range. Runs in O(`days`).
pub fn add_working_days(territory: Territory, start: NaiveDateTime, days: u32) -> NaiveDateTime {
    let mut date = start.date();
    let mut left = days;
    while left > 0 {
        match date.succ_opt() {
            Some(next) => date = next,
            None => return NaiveDateTime::MAX,
        }
        if is_working_day(territory, date) {
            left -= 1;
        }
    }
    end_of_day(date)
}

/// Number of weekdays (Mon–Fri) among days 1..=x counted from 0001-01-01 (a Monday).
fn weekdays_through(date: NaiveDate) -> i64 {
    let x = i64::from(date.num_days_from_ce());
    5 * x.div_euclid(7) + x.rem_euclid(7).min(5)
}

/// Number of working days `d` with `a < d <= b`; negative (the opposite count) when `b < a`.
///
/// Consistent with [`add_working_days`]: for any start instant `s` and `n`,
/// `working_days_between(s.date(), add_working_days(s, n).date()) == n`.
pub fn working_days_between(territory: Territory, a: NaiveDate, b: NaiveDate) -> i64 {
    if b < a {
        return -working_days_between(territory, b, a);
    }
    let weekdays = weekdays_through(b) - weekdays_through(a);
    let mut weekday_holidays = 0;
    for year in a.year()..=b.year() {
        let mut dates: Vec<NaiveDate> = holidays(territory, year)
            .into_iter()
            .map(|(d, _)| d)
            .collect();
        dates.dedup();
        weekday_holidays += dates
            .into_iter()
            .filter(|&d| a < d && d <= b && !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
            .count() as i64;
    }
    weekdays - weekday_holidays
}

#[cfg(test)]
mod tests;
