//! French formatting of dates and times, for pages, e-mails and CSV: "lundi 7 décembre 2026",
//! "1er mars 2026", "09 h 30", "lundi 7 décembre 2026 à 09 h 30".
//!
//! Everything here formats *civil* (local) values: converting a stored UTC instant to the civil
//! time of a territory is `domain::civil_time`'s job.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

const DAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// The French month names, January first.
pub const MONTHS: [&str; 12] = [
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

/// "janvier" … "décembre".
pub fn month_name(date: NaiveDate) -> &'static str {
    MONTHS[date.month0() as usize]
}

/// "lundi" … "dimanche".
pub fn weekday_name(date: NaiveDate) -> &'static str {
    DAYS[date.weekday().num_days_from_monday() as usize]
}

fn day_number(date: NaiveDate) -> String {
    match date.day() {
        1 => "1er".to_string(),
        d => d.to_string(),
    }
}

/// "7 décembre 2026", "1er mars 2026".
pub fn date(date: NaiveDate) -> String {
    format!("{} {} {}", day_number(date), month_name(date), date.year())
}

/// "lundi 7 décembre 2026".
pub fn day(date: NaiveDate) -> String {
    format!("{} {}", weekday_name(date), self::date(date))
}

/// "09 h 30".
pub fn time(at: NaiveDateTime) -> String {
    format!("{:02} h {:02}", at.hour(), at.minute())
}

/// "lundi 7 décembre 2026 à 09 h 30".
pub fn datetime(at: NaiveDateTime) -> String {
    format!("{} à {}", day(at.date()), time(at))
}

/// "07/12/2026 09:30": the compact form of tables and CSV files.
pub fn compact_datetime(at: NaiveDateTime) -> String {
    at.format("%d/%m/%Y %H:%M").to_string()
}

/// "07/12/2026".
pub fn compact_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, min, 0))
            .unwrap()
    }

    #[test]
    fn dates_and_times_read_as_in_french() {
        assert_eq!(
            datetime(at(2026, 12, 7, 9, 30)),
            "lundi 7 décembre 2026 à 09 h 30"
        );
        assert_eq!(day(at(2026, 3, 1, 0, 0).date()), "dimanche 1er mars 2026");
        assert_eq!(date(at(2026, 8, 15, 0, 0).date()), "15 août 2026");
        assert_eq!(time(at(2026, 7, 3, 21, 5)), "21 h 05");
        assert_eq!(compact_datetime(at(2026, 1, 2, 3, 4)), "02/01/2026 03:04");
        assert_eq!(compact_date(at(2026, 1, 2, 3, 4).date()), "02/01/2026");
        let names: Vec<&str> = (1..=12)
            .map(|m| month_name(NaiveDate::from_ymd_opt(2026, m, 1).unwrap()))
            .collect();
        assert_eq!(names, MONTHS);
    }
}
