//! Tera filters for French pages: stored instants (UTC) shown in the civil time of the
//! viewer's territory, `{{ at | datetime_fr(territoire=layout.territory) }}` →
//! "lundi 7 décembre 2026 à 09 h 30"; `date_fr` → "lundi 7 décembre 2026"; `datetime_short`
//! → "07/12/2026 09:30" (tables). Without `territoire`, metropolitan France.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use tera::{Result, Value};

use crate::domain::civil_time::{self, Territory};
use crate::domain::french;

fn parse(value: &Value) -> Option<NaiveDateTime> {
    let text = value.as_str()?;
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").ok()
}

fn territory(args: &HashMap<String, Value>) -> Territory {
    args.get("territoire")
        .and_then(Value::as_str)
        .and_then(Territory::from_key)
        .unwrap_or(Territory::Metropole)
}

/// Applies `format` to the civil time of the instant; a value that is not a stored instant is
/// shown as it is.
fn civil(
    value: &Value,
    args: &HashMap<String, Value>,
    format: fn(NaiveDateTime) -> String,
) -> Result<Value> {
    Ok(Value::String(match parse(value) {
        Some(utc) => format(civil_time::to_local(territory(args), utc)),
        None => value.as_str().unwrap_or_default().to_string(),
    }))
}

pub fn datetime_fr(value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    civil(value, args, french::datetime)
}

pub fn date_fr(value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    civil(value, args, |at| french::day(at.date()))
}

pub fn datetime_short(value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    civil(value, args, french::compact_datetime)
}

pub fn register(tera: &mut tera::Tera) {
    tera.register_filter("datetime_fr", datetime_fr);
    tera.register_filter("date_fr", date_fr);
    tera.register_filter("datetime_short", datetime_short);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(
        filter: fn(&Value, &HashMap<String, Value>) -> Result<Value>,
        value: &str,
        territoire: Option<&str>,
    ) -> String {
        let mut args = HashMap::new();
        if let Some(t) = territoire {
            args.insert("territoire".to_string(), Value::String(t.into()));
        }
        match filter(&Value::String(value.into()), &args).expect("filtre") {
            Value::String(s) => s,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn stored_instants_are_shown_in_the_civil_time_of_the_viewer() {
        let at = "2026-12-07T08:30:07.708535";
        assert_eq!(
            run(datetime_fr, at, None),
            "lundi 7 décembre 2026 à 09 h 30"
        );
        assert_eq!(
            run(datetime_fr, at, Some("metropole")),
            "lundi 7 décembre 2026 à 09 h 30"
        );
        assert_eq!(
            run(datetime_fr, at, Some("martinique")),
            "lundi 7 décembre 2026 à 04 h 30"
        );
        assert_eq!(
            run(datetime_fr, "2026-07-15T22:30:00", Some("metropole")),
            "jeudi 16 juillet 2026 à 00 h 30"
        );
        assert_eq!(
            run(date_fr, "2026-07-15T22:30:00", None),
            "jeudi 16 juillet 2026"
        );
        assert_eq!(
            run(datetime_short, "2026-07-15T22:30:00", Some("reunion")),
            "16/07/2026 02:30"
        );
        assert_eq!(run(datetime_fr, "pas une date", None), "pas une date");
    }
}
