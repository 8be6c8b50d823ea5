//! iCalendar (RFC 5545) for one appointment: a VCALENDAR with one VEVENT, times in UTC, lines
//! ending in CRLF and folded at 75 octets, text values escaped.

use chrono::NaiveDateTime;

/// One appointment. Times are UTC.
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
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}", escape_text(&self.uid)),
            format!("DTSTAMP:{}", utc(self.stamp)),
            format!("DTSTART:{}", utc(self.start)),
            format!("DTEND:{}", utc(self.end)),
            format!("SUMMARY:{}", escape_text(&self.summary)),
            format!("LOCATION:{}", escape_text(&self.location)),
            format!("DESCRIPTION:{}", escape_text(&self.description)),
        ];
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
        }
    }

    #[test]
    fn event_has_the_required_properties_in_utc() {
        let ics = event().to_ics();
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        for needle in [
            "UID:0192@guichet\r\n",
            "DTSTAMP:20261203T070000Z\r\n",
            "DTSTART:20261203T083000Z\r\n",
            "DTEND:20261203T090000Z\r\n",
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
    fn cancellation_is_marked() {
        let mut e = event();
        e.cancelled = true;
        let ics = e.to_ics();
        assert!(ics.contains("METHOD:CANCEL\r\n"));
        assert!(ics.contains("STATUS:CANCELLED\r\n"));
    }
}
