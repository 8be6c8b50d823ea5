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

/// A number the French way, to two decimals at most: "2,5", "10".
pub fn number(value: f64) -> String {
    let text = format!("{}", (value * 100.0).round() / 100.0);
    text.replace('.', ",")
}

/// A count with its thousands grouped by narrow no-break spaces: `1 234 567`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

/// A percentage with one decimal, e.g. `87,5 %` (`—` when there is nothing to count).
pub fn share(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "—".to_string();
    }
    let tenths = (part as u128 * 1000 + whole as u128 / 2) / whole as u128;
    format!("{},{} %", tenths / 10, tenths % 10)
}

/// A list of labels the French way: "A", "A ou B", "A, B ou C".
pub fn join<I, S>(items: I, conjunction: &str) -> String
where
    I: IntoIterator<Item = S>,
    S: std::fmt::Display,
{
    let items: Vec<String> = items.into_iter().map(|i| i.to_string()).collect();
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {conjunction} {last}", rest.join(", ")),
    }
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

    #[test]
    fn numbers_shares_and_lists_read_as_in_french() {
        assert_eq!(count(7), "7");
        assert_eq!(count(1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(count(100_000), "100\u{202f}000");
        assert_eq!(number(2.5), "2,5");
        assert_eq!(number(10.0), "10");
        assert_eq!(number(1.0 / 3.0), "0,33");
        assert_eq!(share(0, 0), "—");
        assert_eq!(share(2, 2), "100,0 %");
        assert_eq!(share(7, 8), "87,5 %");
        assert_eq!(join(["A"], "ou"), "A");
        assert_eq!(join(["A", "B"], "ou"), "A ou B");
        assert_eq!(join(["A", "B", "C"], "et"), "A, B et C");
        assert_eq!(join(Vec::<String>::new(), "ou"), "");
    }
}
