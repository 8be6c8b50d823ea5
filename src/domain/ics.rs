//! iCalendar (RFC 5545) for one appointment: a VCALENDAR with the VTIMEZONE of the place and
//! one VEVENT whose start and end are in that zone's civil time (`DTSTART;TZID=Europe/Paris:…`),
//! lines ending in CRLF and folded at 75 octets, text values escaped.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone};
use chrono_tz::Tz;

use crate::domain::calendar::Territory;
use crate::domain::civil_time::to_local;

/// One appointment. Times are UTC; the file shows them in the civil time of `territory`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Globally unique, stable for the booking (e.g. `<booking id>@guichet`).
    pub uid: String,
    pub stamp: NaiveDateTime,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub summary: String,
    pub location: String,
    pub description: String,
    /// `REQUEST` for a booking; `CANCEL` for its cancellation.
    pub cancelled: bool,
    /// Where the appointment takes place: its time zone.
    pub territory: Territory,
}

/// RFC 5545 §3.3.11: backslash, semicolon, comma and newlines are escaped in TEXT values.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// RFC 5545 §3.1: lines longer than 75 octets are split, each continuation starting with a
/// space; a UTF-8 character is never cut.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

fn utc(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn local(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

/// `+0100`, `-0300`.
fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

fn offset_at(tz: Tz, utc: NaiveDateTime) -> i32 {
    tz.offset_from_utc_datetime(&utc).fix().local_minus_utc()
}

/// The offset changes of `tz` from the start of `from_year` to the end of `to_year`, found hour
/// by hour (every change of the French territories falls on a whole hour): (UTC instant,
/// offset before, offset after), in seconds east of UTC.
fn transitions(tz: Tz, from_year: i32, to_year: i32) -> Vec<(NaiveDateTime, i32, i32)> {
    let (Some(start), Some(end)) = (
        NaiveDate::from_ymd_opt(from_year, 1, 1),
        NaiveDate::from_ymd_opt(to_year + 1, 1, 1),
    ) else {
        return Vec::new();
    };
    let (mut at, end) = (
        start.and_time(chrono::NaiveTime::MIN),
        end.and_time(chrono::NaiveTime::MIN),
    );
    let mut before = offset_at(tz, at);
    let mut found = Vec::new();
    while at < end {
        at += TimeDelta::hours(1);
        let after = offset_at(tz, at);
        if after != before {
            found.push((at, before, after));
            before = after;
        }
    }
    found
}

/// The VTIMEZONE of `tz` around `year`: one STANDARD observance for a zone without daylight
/// saving, else one observance per change of `year - 1` to `year + 1`.
fn vtimezone(tz: Tz, year: i32) -> Vec<String> {
    let mut lines = vec!["BEGIN:VTIMEZONE".to_string(), format!("TZID:{}", tz.name())];
    let changes = transitions(tz, year - 1, year + 1);
    if changes.is_empty() {
        let offset = NaiveDate::from_ymd_opt(year, 1, 1)
            .map(|d| offset_at(tz, d.and_time(chrono::NaiveTime::MIN)))
            .unwrap_or(0);
        lines.extend([
            "BEGIN:STANDARD".to_string(),
            "DTSTART:19700101T000000".to_string(),
            format!("TZOFFSETFROM:{}", offset_text(offset)),
            format!("TZOFFSETTO:{}", offset_text(offset)),
            "END:STANDARD".to_string(),
        ]);
    }
    for (at, before, after) in changes {
        let kind = if after > before {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        let onset = at + TimeDelta::seconds(i64::from(before));
        lines.extend([
            format!("BEGIN:{kind}"),
            format!("DTSTART:{}", local(onset)),
            format!("TZOFFSETFROM:{}", offset_text(before)),
            format!("TZOFFSETTO:{}", offset_text(after)),
            format!("END:{kind}"),
        ]);
    }
    lines.push("END:VTIMEZONE".to_string());
    lines
}

impl Event {
    /// The `.ics` file.
    pub fn to_ics(&self) -> String {
        let method = if self.cancelled { "CANCEL" } else { "PUBLISH" };
        let mut lines = vec![
            "BEGIN:VCALENDAR".to_string(),
            "VERSION:2.0".to_string(),
            "PRODID:-//Guichet unique des professionnels de santé//Permanences//FR".to_string(),
            "CALSCALE:GREGORIAN".to_string(),
            format!("METHOD:{method}"),
        ];
        let tz = self.territory.tz();
        let (start, end) = (
            to_local(self.territory, self.start),
            to_local(self.territory, self.end),
        );
        lines.extend(vtimezone(tz, start.year()));
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}", escape_text(&self.uid)),
            format!("DTSTAMP:{}", utc(self.stamp)),
            format!("DTSTART;TZID={}:{}", tz.name(), local(start)),
            format!("DTEND;TZID={}:{}", tz.name(), local(end)),
            format!("SUMMARY:{}", escape_text(&self.summary)),
            format!("LOCATION:{}", escape_text(&self.location)),
            format!("DESCRIPTION:{}", escape_text(&self.description)),
        ]);
        if self.cancelled {
            lines.push("STATUS:CANCELLED".to_string());
            lines.push("SEQUENCE:1".to_string());
        } else {
            lines.push("STATUS:CONFIRMED".to_string());
            lines.push("SEQUENCE:0".to_string());
        }
        lines.push("END:VEVENT".to_string());
        lines.push("END:VCALENDAR".to_string());
        lines.iter().map(|l| fold_line(l)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 3)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .unwrap()
    }

    fn event() -> Event {
        Event {
            uid: "0192@guichet".into(),
            stamp: at(7, 0),
            start: at(8, 30),
            end: at(9, 0),
            summary: "Permanence installation, Marseille".into(),
            location: "ARS, 132 boulevard de Paris; 13003 Marseille".into(),
            description: "Présents : CPAM, URSSAF\nApportez votre projet.".into(),
            cancelled: false,
            territory: Territory::Metropole,
        }
    }

    #[test]
    fn event_has_the_required_properties_in_the_civil_time_of_its_place() {
        let ics = event().to_ics();
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        for needle in [
            "UID:0192@guichet\r\n",
            "DTSTAMP:20261203T070000Z\r\n",
            "DTSTART;TZID=Europe/Paris:20261203T093000\r\n",
            "DTEND;TZID=Europe/Paris:20261203T100000\r\n",
            "TZID:Europe/Paris\r\n",
            "BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n",
            "BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n",
            "SUMMARY:Permanence installation\\, Marseille\r\n",
            "LOCATION:ARS\\, 132 boulevard de Paris\\; 13003 Marseille\r\n",
            "DESCRIPTION:Présents : CPAM\\, URSSAF\\nApportez votre projet.\r\n",
        ] {
            assert!(ics.contains(needle), "{needle:?} absent de\n{ics}");
        }
        assert!(
            !ics.replace("\r\n", "").contains('\n'),
            "only CRLF line ends"
        );
    }

    #[test]
    fn long_lines_are_folded_at_75_octets_without_cutting_characters() {
        let mut e = event();
        e.description = "é".repeat(100) + " fin";
        let ics = e.to_ics();
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{} octets : {line}", line.len());
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("DESCRIPTION:{} fin\r\n", "é".repeat(100))));
    }

    #[test]
    fn escaping_covers_backslash_and_crlf() {
        assert_eq!(escape_text("a\\b;c,d\r\ne"), "a\\\\b\\;c\\,d\\ne");
    }

    #[test]
    fn overseas_appointments_carry_their_own_zone() {
        let mut e = event();
        e.territory = Territory::Martinique;
        let ics = e.to_ics();
        for needle in [
            "TZID:America/Martinique\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0400\r\n",
            "DTSTART;TZID=America/Martinique:20261203T043000\r\n",
        ] {
            assert!(ics.contains(needle), "{needle:?} absent de\n{ics}");
        }
        assert!(!ics.contains("DAYLIGHT"));
    }

    #[test]
    fn cancellation_is_marked() {
        let mut e = event();
        e.cancelled = true;
        let ics = e.to_ics();
        assert!(ics.contains("METHOD:CANCEL\r\n"));
        assert!(ics.contains("STATUS:CANCELLED\r\n"));
    }
}
