//! The only place that reads the system time. Everything else asks a [`Clock`] for "now".
//!
//! Production uses [`Clock::system`]. Tests (and the browser tests, through
//! `[clock] start`) choose their instant: [`Clock::frozen`] never moves unless told to,
//! [`Clock::ticking_from`] starts at a chosen instant and then advances with real time, so that
//! several actions of one test still happen one after the other.
//!
//! Instants are UTC (`NaiveDateTime` in UTC, as stored); civil time is applied at the edges by
//! `domain::civil_time`.

use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Instant;

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};

/// A source of "now", cheap to clone and shared by the whole application.
#[derive(Clone)]
pub struct Clock(Arc<Source>);

enum Source {
    System,
    Manual(RwLock<Manual>),
}

#[derive(Clone, Copy)]
struct Manual {
    at: NaiveDateTime,
    /// `Some(t)`: the clock has been running since the monotonic instant `t`.
    running_since: Option<Instant>,
}

impl Manual {
    fn now(&self) -> NaiveDateTime {
        match self.running_since {
            None => self.at,
            Some(since) => {
                let elapsed = TimeDelta::from_std(since.elapsed()).unwrap_or(TimeDelta::zero());
                self.at.checked_add_signed(elapsed).unwrap_or(self.at)
            }
        }
    }
}

impl Clock {
    /// The system clock (production).
    pub fn system() -> Self {
        Clock(Arc::new(Source::System))
    }

    /// A clock stopped at `at` (UTC) until [`Clock::set`] or [`Clock::advance`] moves it.
    pub fn frozen(at: NaiveDateTime) -> Self {
        Clock(Arc::new(Source::Manual(RwLock::new(Manual {
            at,
            running_since: None,
        }))))
    }

    /// A clock showing `at` (UTC) now and running at the pace of real time from there.
    pub fn ticking_from(at: NaiveDateTime) -> Self {
        Clock(Arc::new(Source::Manual(RwLock::new(Manual {
            at,
            running_since: Some(Instant::now()),
        }))))
    }

    /// Now, in UTC.
    pub fn now(&self) -> NaiveDateTime {
        match &*self.0 {
            Source::System => Utc::now().naive_utc(),
            Source::Manual(manual) => manual.read().unwrap_or_else(PoisonError::into_inner).now(),
        }
    }

    /// Now, as a time-zone-aware UTC instant.
    pub fn now_utc(&self) -> DateTime<Utc> {
        self.now().and_utc()
    }

    /// Whether this is a set clock (tests), not the system's.
    pub fn is_manual(&self) -> bool {
        matches!(&*self.0, Source::Manual(_))
    }

    /// Moves a set clock to `at` (UTC); a ticking clock keeps ticking from there. Returns
    /// false (and changes nothing) on the system clock.
    pub fn set(&self, at: NaiveDateTime) -> bool {
        match &*self.0 {
            Source::System => false,
            Source::Manual(manual) => {
                let mut m = manual.write().unwrap_or_else(PoisonError::into_inner);
                m.at = at;
                if m.running_since.is_some() {
                    m.running_since = Some(Instant::now());
                }
                true
            }
        }
    }

    /// Moves a set clock forward (or back, with a negative delta). False on the system clock.
    pub fn advance(&self, by: TimeDelta) -> bool {
        let now = self.now();
        self.set(now.checked_add_signed(by).unwrap_or(now))
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::system()
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            Source::System => f.write_str("Clock::System"),
            Source::Manual(_) => write!(f, "Clock::Manual({})", self.now()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 24)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .unwrap()
    }

    #[test]
    fn a_frozen_clock_moves_only_when_told() {
        let clock = Clock::frozen(at(10, 0));
        assert_eq!(clock.now(), at(10, 0));
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert_eq!(clock.now(), at(10, 0));
        assert!(clock.advance(TimeDelta::minutes(30)));
        assert_eq!(clock.now(), at(10, 30));
        let shared = clock.clone();
        assert!(shared.set(at(8, 0)));
        assert_eq!(clock.now(), at(8, 0), "clones share the same time");
        assert!(clock.is_manual());
    }

    #[test]
    fn a_ticking_clock_starts_at_the_chosen_instant_and_runs() {
        let clock = Clock::ticking_from(at(23, 30));
        let first = clock.now();
        assert!(first >= at(23, 30) && first < at(23, 31));
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(clock.now() > first);
        assert!(clock.set(at(9, 0)));
        assert!(clock.now() >= at(9, 0) && clock.now() < at(9, 1));
    }

    #[test]
    fn the_system_clock_cannot_be_set() {
        let clock = Clock::system();
        assert!(!clock.set(at(9, 0)));
        assert!(!clock.is_manual());
        assert!(clock.now().and_utc().timestamp() > 1_700_000_000);
    }
}
