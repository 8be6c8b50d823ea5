//! `[clock]`: the instant the application believes it is.

use serde::Deserialize;

use super::ConfigError;

/// The instant the application believes it is (`[clock]`): empty = the system clock. Set, it is
/// an RFC 3339 instant (`2026-03-10T09:00:00Z`) at which the clock starts, then runs (or stays,
/// with `frozen`); for tests and demonstrations only, refused in production.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ClockSettings {
    pub start: String,
    pub frozen: bool,
}

impl ClockSettings {
    /// The clock these settings describe.
    pub fn build(&self) -> Result<crate::clock::Clock, ConfigError> {
        let start = self.start.trim();
        if start.is_empty() {
            return Ok(crate::clock::Clock::system());
        }
        let at = chrono::DateTime::parse_from_rfc3339(start)
            .map_err(|e| {
                ConfigError::Invalid(format!(
                    "clock.start = {start:?} : instant RFC 3339 attendu, par exemple 2026-03-10T09:00:00Z ({e})"
                ))
            })?
            .naive_utc();
        Ok(if self.frozen {
            crate::clock::Clock::frozen(at)
        } else {
            crate::clock::Clock::ticking_from(at)
        })
    }
}
