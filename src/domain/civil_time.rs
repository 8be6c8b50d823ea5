//! Stored instants are UTC; people read and type the civil time of their territory. This module
//! is the one place where the two meet: UTC ↔ civil time of a [`Territory`] (IANA zones from
//! `chrono-tz`, daylight saving included), "today" somewhere, and French display of an instant.

use chrono::{NaiveDate, NaiveDateTime, Offset, TimeZone};

pub use crate::domain::calendar::Territory;
use crate::domain::french;

/// The civil (wall-clock) time in `territory` at the UTC instant `utc`.
pub fn to_local(territory: Territory, utc: NaiveDateTime) -> NaiveDateTime {
    let tz = territory.tz();
    utc + tz.offset_from_utc_datetime(&utc).fix()
}

/// The UTC instant of a wall-clock time in `territory`. A time that happens twice (the autumn
/// hour) is its first occurrence; a time that does not exist (the spring gap) is read with the
/// offset in force just before the gap, i.e. it lands just after the change.
pub fn to_utc(territory: Territory, local: NaiveDateTime) -> NaiveDateTime {
    let tz = territory.tz();
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.naive_utc(),
        chrono::LocalResult::Ambiguous(first, _) => first.naive_utc(),
        chrono::LocalResult::None => {
            let before = local - chrono::TimeDelta::hours(3);
            let offset = tz
                .offset_from_local_datetime(&before)
                .earliest()
                .map_or_else(|| tz.offset_from_utc_datetime(&local).fix(), |o| o.fix());
            local - offset
        }
    }
}

/// The civil date in `territory` at the UTC instant `now`.
pub fn today(territory: Territory, now: NaiveDateTime) -> NaiveDate {
    to_local(territory, now).date()
}

/// The latest civil date of any French territory at the UTC instant `now`: no territory's
/// date is past the next UTC date (the jobs look this far ahead, then check each territory).
pub fn latest_today(now: NaiveDateTime) -> NaiveDate {
    now.date().succ_opt().unwrap_or(now.date())
}

/// "lundi 7 décembre 2026 à 09 h 30" in the civil time of `territory`.
pub fn datetime_fr(territory: Territory, utc: NaiveDateTime) -> String {
    french::datetime(to_local(territory, utc))
}

/// "lundi 7 décembre 2026" (the civil date of `utc` in `territory`).
pub fn day_fr(territory: Territory, utc: NaiveDateTime) -> String {
    french::day(to_local(territory, utc).date())
}

/// "09 h 30" in the civil time of `territory`.
pub fn time_fr(territory: Territory, utc: NaiveDateTime) -> String {
    french::time(to_local(territory, utc))
}

/// "07/12/2026 09:30" in the civil time of `territory` (tables, CSV).
pub fn compact_fr(territory: Territory, utc: NaiveDateTime) -> String {
    french::compact_datetime(to_local(territory, utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, min, 0))
            .unwrap()
    }

    const PARIS: Territory = Territory::Metropole;

    #[test]
    fn paris_winter_and_summer_offsets() {
        assert_eq!(
            to_utc(PARIS, dt(2026, 12, 3, 9, 30)),
            dt(2026, 12, 3, 8, 30)
        );
        assert_eq!(to_utc(PARIS, dt(2026, 7, 3, 9, 30)), dt(2026, 7, 3, 7, 30));
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(
            to_local(PARIS, dt(2026, 3, 29, 0, 59)),
            dt(2026, 3, 29, 1, 59)
        );
        assert_eq!(
            to_local(PARIS, dt(2026, 3, 29, 1, 0)),
            dt(2026, 3, 29, 3, 0)
        );
        assert_eq!(
            to_local(PARIS, dt(2026, 10, 25, 0, 59)),
            dt(2026, 10, 25, 2, 59)
        );
        assert_eq!(
            to_local(PARIS, dt(2026, 10, 25, 1, 0)),
            dt(2026, 10, 25, 2, 0)
        );
        for local in [
            dt(2026, 1, 5, 14, 0),
            dt(2026, 6, 5, 14, 0),
            dt(2027, 11, 2, 8, 15),
        ] {
            assert_eq!(to_local(PARIS, to_utc(PARIS, local)), local);
        }
    }

    #[test]
    fn the_changes_of_time_are_read_sensibly() {
        // 02:30 on 29 March 2026 does not exist in Paris: read just after the change.
        assert_eq!(
            to_utc(PARIS, dt(2026, 3, 29, 2, 30)),
            dt(2026, 3, 29, 1, 30)
        );
        // 02:30 on 25 October 2026 happens twice: the first one (summer time).
        assert_eq!(
            to_utc(PARIS, dt(2026, 10, 25, 2, 30)),
            dt(2026, 10, 25, 0, 30)
        );
    }

    #[test]
    fn overseas_territories_have_their_own_civil_time() {
        let noon_utc = dt(2026, 7, 1, 12, 0);
        let cases = [
            (Territory::of_departement("971"), 8),
            (Territory::of_departement("972"), 8),
            (Territory::of_departement("973"), 9),
            (Territory::of_departement("974"), 16),
            (Territory::of_departement("976"), 15),
            (Territory::of_departement("975"), 10), // summer time in Miquelon: UTC−2
            (Territory::of_departement("987"), 2),
            (Territory::of_departement("988"), 23),
            (Territory::of_departement("57"), 14),
            (Territory::of_departement("13"), 14),
        ];
        for (territory, hour) in cases {
            assert_eq!(
                to_local(territory, noon_utc),
                dt(2026, 7, 1, hour, 0),
                "{territory:?}"
            );
        }
        // Saint-Pierre-et-Miquelon in winter: UTC−3.
        assert_eq!(
            to_local(Territory::SaintPierreEtMiquelon, dt(2026, 12, 1, 12, 0)),
            dt(2026, 12, 1, 9, 0)
        );
    }

    #[test]
    fn today_depends_on_where_you_are() {
        // 23:30 UTC on 31 December: already 1 January in Paris, still 31 December in Martinique.
        let now = dt(2026, 12, 31, 23, 30);
        assert_eq!(today(PARIS, now), dt(2027, 1, 1, 0, 0).date());
        assert_eq!(
            today(Territory::Martinique, now),
            dt(2026, 12, 31, 0, 0).date()
        );
    }

    #[test]
    fn no_territory_is_past_the_latest_today() {
        use Territory::*;
        let all = [
            Metropole,
            AlsaceMoselle,
            Guadeloupe,
            Martinique,
            Guyane,
            Reunion,
            Mayotte,
            SaintPierreEtMiquelon,
            SaintBarthelemy,
            SaintMartin,
            Taaf,
            WallisEtFutuna,
            Polynesie,
            NouvelleCaledonie,
            Clipperton,
        ];
        for hour in 0..24 {
            let now = dt(2026, 12, 31, hour, 59);
            for t in all {
                assert!(today(t, now) <= latest_today(now), "{t:?} à {hour} h UTC");
            }
        }
        // At 23:59 UTC, Wallis-et-Futuna (UTC+12) is already on the next day.
        let late = dt(2026, 12, 31, 23, 59);
        assert_eq!(today(WallisEtFutuna, late), latest_today(late));
    }

    #[test]
    fn french_display_of_an_instant() {
        assert_eq!(
            datetime_fr(PARIS, dt(2026, 12, 7, 8, 30)),
            "lundi 7 décembre 2026 à 09 h 30"
        );
        assert_eq!(
            datetime_fr(Territory::Reunion, dt(2026, 12, 7, 8, 30)),
            "lundi 7 décembre 2026 à 12 h 30"
        );
        assert_eq!(
            day_fr(PARIS, dt(2026, 11, 30, 23, 30)),
            "mardi 1er décembre 2026"
        );
        assert_eq!(time_fr(PARIS, dt(2026, 7, 3, 7, 5)), "09 h 05");
        assert_eq!(compact_fr(PARIS, dt(2026, 7, 3, 7, 5)), "03/07/2026 09:05");
    }
}
