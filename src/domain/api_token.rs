//! What an API token may do and for how long: parsed once from the creation form, stored as a
//! slug, checked on every API request.

use crate::domain::slug::slug_enum;

/// Lifetimes offered at creation, in days; the default is 90 and nothing exceeds a year.
pub const LIFETIMES_DAYS: [i64; 4] = [30, 90, 180, 365];
pub const DEFAULT_LIFETIME_DAYS: i64 = 90;
pub const MAX_LIFETIME_DAYS: i64 = 365;

slug_enum! {
    pub enum ApiScope, "Portée inconnue" {
        /// Reads only (GET, HEAD).
        Read => ("read", "Lecture seule"),
        /// Everything the account may do (a partner agent answers its referrals).
        Act => ("act", "Lecture et actions au nom du compte"),
    }
}

impl ApiScope {
    /// May a request with this method change something?
    pub fn allows(self, safe_method: bool) -> bool {
        safe_method || self == Self::Act
    }
}

/// The lifetime typed in the form: a whole number of days between 1 and a year; empty means
/// the default.
pub fn parse_lifetime_days(raw: &str) -> Result<i64, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(DEFAULT_LIFETIME_DAYS);
    }
    match raw.parse::<i64>() {
        Ok(days) if (1..=MAX_LIFETIME_DAYS).contains(&days) => Ok(days),
        _ => Err("Choisissez une durée de validité d'un an au plus."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetimes_are_bounded_and_default_to_90_days() {
        assert_eq!(parse_lifetime_days(""), Ok(90));
        assert_eq!(parse_lifetime_days("365"), Ok(365));
        assert!(parse_lifetime_days("366").is_err());
        assert!(parse_lifetime_days("0").is_err());
        assert!(parse_lifetime_days("-5").is_err());
        assert!(parse_lifetime_days("beaucoup").is_err());
    }

    #[test]
    fn a_read_token_only_reads() {
        assert!(ApiScope::Read.allows(true));
        assert!(!ApiScope::Read.allows(false));
        assert!(ApiScope::Act.allows(false));
        assert_eq!("read".parse::<ApiScope>().ok(), Some(ApiScope::Read));
        assert_eq!("tout".parse::<ApiScope>().ok(), None);
    }
}
