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

/// The filters Tera has without its optional features (the project builds it without them),
/// then ours.
#[cfg(test)]
const KNOWN: &[&str] = &[
    "upper",
    "lower",
    "trim",
    "trim_start",
    "trim_end",
    "trim_start_matches",
    "trim_end_matches",
    "truncate",
    "wordcount",
    "replace",
    "capitalize",
    "title",
    "linebreaksbr",
    "indent",
    "striptags",
    "spaceless",
    "escape",
    "escape_xml",
    "addslashes",
    "split",
    "int",
    "float",
    "first",
    "last",
    "nth",
    "join",
    "sort",
    "unique",
    "slice",
    "group_by",
    "filter",
    "map",
    "concat",
    "abs",
    "pluralize",
    "round",
    "length",
    "reverse",
    "json_encode",
    "as_str",
    "get",
    "default",
    "safe",
    "datetime_fr",
    "date_fr",
    "datetime_short",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// A filter Tera does not know fails only when a page using it is rendered (a 500): every
    /// template's filters must be known. `| date` was used on two admin pages once.
    #[test]
    fn templates_use_only_known_filters() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut pending = vec![dir];
        let mut unknown = Vec::new();
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    pending.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for name in filters_in(&text) {
                    if !KNOWN.contains(&name.as_str()) {
                        unknown.push(format!("{}: {name}", path.display()));
                    }
                }
            }
        }
        assert!(unknown.is_empty(), "{}", unknown.join("\n"));
        assert_eq!(filters_in("{{ a | date(format='x') }} | b"), ["date"]);
    }

    /// The names after `|` inside `{{ }}` and `{% %}`.
    fn filters_in(text: &str) -> Vec<String> {
        let mut names = Vec::new();
        for (open, close) in [("{{", "}}"), ("{%", "%}")] {
            for block in text.split(open).skip(1) {
                let inside = block.split(close).next().unwrap_or("");
                for after in inside.split('|').skip(1) {
                    let name: String = after
                        .trim_start()
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    names.push(name);
                }
            }
        }
        names
    }

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
