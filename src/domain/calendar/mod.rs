//! French working days for request deadlines (domain.md §6).
//!
//! Conventions:
//! - **Public holidays** are those of metropolitan France: 1 January, Easter Monday, 1 May,
//!   8 May, Ascension (Easter + 39 days), Whit Monday (Easter + 50 days), 14 July, 15 August,
//!   1 November, 11 November, 25 December. Easter Sunday is computed with the anonymous
//!   Gregorian algorithm. Alsace-Moselle's extra days (Good Friday, 26 December) and overseas
//!   days are not included. Whit Monday counts as a holiday even though it is often the
//!   "journée de solidarité".
//! - A **working day** is Monday to Friday and not a public holiday.
//! - A **deadline of N working days** after a start instant falls at the end (23:59:59) of the
//!   N-th working day strictly after the start's calendar day: the start day itself never counts,
//!   whatever the time of submission and even if it is a working day. With N = 0 the deadline
//!   is the end of the start day.
//! - All times are naive local (Europe/Paris wall-clock) times; converting from UTC is the
//!   caller's business.
//!
//! Pauses ([`due_at`]) and deadline status ([`deadline_status`]) live in a submodule.

mod deadline;

pub use deadline::{deadline_status, due_at, DeadlineStatus, Pause};

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

/// Last second of a day: deadlines fall at this time.
pub const END_OF_DAY: NaiveTime = match NaiveTime::from_hms_opt(23, 59, 59) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// Fixed-date holidays: (month, day, French name).
const FIXED_HOLIDAYS: [(u32, u32, &str); 8] = [
    (1, 1, "Jour de l'an"),
    (5, 1, "Fête du Travail"),
    (5, 8, "Victoire 1945"),
    (7, 14, "Fête nationale"),
    (8, 15, "Assomption"),
    (11, 1, "Toussaint"),
    (11, 11, "Armistice 1918"),
    (12, 25, "Noël"),
];

/// Easter-based holidays: (days after Easter Sunday, French name).
const EASTER_HOLIDAYS: [(i64, &str); 3] = [
    (1, "Lundi de Pâques"),
    (39, "Ascension"),
    (50, "Lundi de Pentecôte"),
];

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

/// The public holidays of `year`, sorted by date, with their French names.
///
/// When two holidays fall on the same date (e.g. Ascension on 1 May 2008), both are listed.
/// Empty if the year is outside chrono's range.
pub fn holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let mut list: Vec<(NaiveDate, &'static str)> = FIXED_HOLIDAYS
        .iter()
        .filter_map(|&(m, d, name)| Some((NaiveDate::from_ymd_opt(year, m, d)?, name)))
        .collect();
    if let Some(easter) = easter_sunday(year) {
        list.extend(EASTER_HOLIDAYS.iter().filter_map(|&(offset, name)| {
            let date = easter.checked_add_signed(chrono::TimeDelta::try_days(offset)?)?;
            Some((date, name))
        }));
    }
    list.sort_by_key(|&(date, _)| date);
    list
}

/// The French name of the holiday on `date`, if it is one (a fixed-date name wins when two
/// holidays coincide).
pub fn holiday_name(date: NaiveDate) -> Option<&'static str> {
    let (month, day) = (date.month(), date.day());
    if let Some(&(_, _, name)) = FIXED_HOLIDAYS
        .iter()
        .find(|&&(m, d, _)| m == month && d == day)
    {
        return Some(name);
    }
    if !(3..=6).contains(&month) {
        return None;
    }
    let offset = date
        .signed_duration_since(easter_sunday(date.year())?)
        .num_days();
    EASTER_HOLIDAYS
        .iter()
        .find(|&&(o, _)| o == offset)
        .map(|&(_, name)| name)
}

/// True if `date` is a public holiday in metropolitan France.
pub fn is_public_holiday(date: NaiveDate) -> bool {
    holiday_name(date).is_some()
}

/// True for Monday–Friday dates that are not public holidays.
pub fn is_working_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !is_public_holiday(date)
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
pub fn add_working_days(start: NaiveDateTime, days: u32) -> NaiveDateTime {
    let mut date = start.date();
    let mut left = days;
    while left > 0 {
        match date.succ_opt() {
            Some(next) => date = next,
            None => return NaiveDateTime::MAX,
        }
        if is_working_day(date) {
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
pub fn working_days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    if b < a {
        return -working_days_between(b, a);
    }
    let weekdays = weekdays_through(b) - weekdays_through(a);
    let mut weekday_holidays = 0;
    for year in a.year()..=b.year() {
        let mut dates: Vec<NaiveDate> = holidays(year).into_iter().map(|(d, _)| d).collect();
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
