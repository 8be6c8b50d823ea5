//! Tera filters for French pages.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use tera::{Result, Value};

fn parse(value: &Value) -> Option<NaiveDateTime> {
    let text = value.as_str()?;
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").ok()
}

/// `2026-11-22T14:38:07.7` → `22/11/2026 14:38` (times are UTC, as stored).
pub fn datetime_fr(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    Ok(Value::String(match parse(value) {
        Some(dt) => dt.format("%d/%m/%Y %H:%M").to_string(),
        None => value.as_str().unwrap_or_default().to_string(),
    }))
}

pub fn register(tera: &mut tera::Tera) {
    tera.register_filter("datetime_fr", datetime_fr);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_stored_timestamps() {
        let v = datetime_fr(
            &Value::String("2026-11-22T14:38:07.708535".into()),
            &HashMap::new(),
        )
        .expect("filtre");
        assert_eq!(v, Value::String("22/11/2026 14:38".into()));
        let v = datetime_fr(
            &Value::String("2026-11-22T14:38:07".into()),
            &HashMap::new(),
        )
        .expect("filtre");
        assert_eq!(v, Value::String("22/11/2026 14:38".into()));
    }
}
