use super::*;

const METRO: Territory = Territory::Metropole;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn eod(s: &str) -> NaiveDateTime {
    end_of_day(d(s))
}

#[test]
fn easter_dates() {
    for (year, easter) in [
        (2024, "2024-03-31"),
        (2025, "2025-04-20"),
        (2026, "2026-04-05"),
        (2027, "2027-03-28"),
        (2000, "2000-04-23"),
        (2008, "2008-03-23"),
        (2038, "2038-04-25"), // latest possible
        (2285, "2285-03-22"), // earliest possible
        (1818, "1818-03-22"),
        (1961, "1961-04-02"),
    ] {
        assert_eq!(easter_sunday(year), Some(d(easter)), "{year}");
    }
    // Always a Sunday between 22 March and 25 April.
    for year in 1583..=4100 {
        let e = easter_sunday(year).unwrap();
        assert_eq!(e.weekday(), Weekday::Sun);
        assert!(e >= d(&format!("{year:04}-03-22")) && e <= d(&format!("{year:04}-04-25")));
    }
    assert_eq!(easter_sunday(i32::MAX), None);
}

#[test]
fn holidays_2025_with_names() {
    let expected = [
        ("2025-01-01", "Jour de l'an"),
        ("2025-04-21", "Lundi de Pâques"),
        ("2025-05-01", "Fête du Travail"),
        ("2025-05-08", "Victoire 1945"),
        ("2025-05-29", "Ascension"),
        ("2025-06-09", "Lundi de Pentecôte"),
        ("2025-07-14", "Fête nationale"),
        ("2025-08-15", "Assomption"),
        ("2025-11-01", "Toussaint"),
        ("2025-11-11", "Armistice 1918"),
        ("2025-12-25", "Noël"),
    ];
    let expected: Vec<_> = expected.iter().map(|&(s, n)| (d(s), n)).collect();
    assert_eq!(holidays(METRO, 2025), expected);
    for (date, name) in expected {
        assert_eq!(holiday_name(METRO, date), Some(name));
        assert!(is_public_holiday(METRO, date));
        assert!(!is_working_day(METRO, date));
    }
}

#[test]
fn easter_based_holidays_2024_to_2027() {
    for (year, monday, ascension, whit) in [
        (2024, "2024-04-01", "2024-05-09", "2024-05-20"),
        (2025, "2025-04-21", "2025-05-29", "2025-06-09"),
        (2026, "2026-04-06", "2026-05-14", "2026-05-25"),
        (2027, "2027-03-29", "2027-05-06", "2027-05-17"),
    ] {
        let list = holidays(METRO, year);
        assert_eq!(list.len(), 11);
        for s in [monday, ascension, whit] {
            assert!(list.iter().any(|&(h, _)| h == d(s)), "{s}");
            assert!(is_public_holiday(METRO, d(s)), "{s}");
        }
        assert!(list.windows(2).all(|w| w[0].0 <= w[1].0));
    }
    // Easter Sunday itself, Good Friday, Whit Sunday and 26 December are not holidays here.
    for s in [
        "2025-04-20",
        "2025-04-18",
        "2025-06-08",
        "2025-12-26",
        "2025-05-30",
    ] {
        assert!(!is_public_holiday(METRO, d(s)), "{s}");
    }
}

#[test]
fn coinciding_holidays() {
    // 2008: Ascension on 1 May.
    let list = holidays(METRO, 2008);
    assert_eq!(list.len(), 11);
    let may_first: Vec<_> = list
        .iter()
        .filter(|&&(h, _)| h == d("2008-05-01"))
        .collect();
    assert_eq!(may_first.len(), 2);
    assert_eq!(
        holiday_name(METRO, d("2008-05-01")),
        Some("Fête du Travail")
    );
    assert_eq!(
        working_days_between(METRO, d("2008-04-30"), d("2008-05-02")),
        1
    );
}

#[test]
fn working_days() {
    assert!(is_working_day(METRO, d("2025-07-11"))); // Friday
    assert!(!is_working_day(METRO, d("2025-07-12"))); // Saturday
    assert!(!is_working_day(METRO, d("2025-07-13"))); // Sunday
    assert!(!is_working_day(METRO, d("2025-07-14"))); // Monday, holiday
    assert!(is_working_day(METRO, d("2025-07-15")));
    assert!(!is_public_holiday(METRO, d("2025-07-12")));
    assert_eq!(holiday_name(METRO, d("2025-07-15")), None);
    // A holiday on a Saturday is not a working day either way.
    assert!(is_public_holiday(METRO, d("2025-11-01")) && !is_working_day(METRO, d("2025-11-01")));
}

#[test]
fn add_working_days_examples() {
    let cases = [
        // The reference example: 14 July is skipped.
        ("2025-07-11 16:45", 5, "2025-07-21"),
        // Across a weekend.
        ("2025-03-06 10:00", 2, "2025-03-10"),
        ("2025-03-07 23:59", 1, "2025-03-10"),
        // Started on a weekend.
        ("2025-03-08 10:00", 1, "2025-03-10"),
        ("2025-03-09 10:00", 5, "2025-03-14"),
        // Easter Monday 2025-04-21 (Good Friday is a working day).
        ("2025-04-17 10:00", 1, "2025-04-18"),
        ("2025-04-18 10:00", 1, "2025-04-22"),
        // Ascension 2025-05-29.
        ("2025-05-28 10:00", 1, "2025-05-30"),
        // Whit Monday 2025-06-09.
        ("2025-06-06 10:00", 1, "2025-06-10"),
        // May 2025: 1 and 8 May (Thursdays).
        ("2025-04-30 10:00", 5, "2025-05-09"),
        // Christmas and New Year.
        ("2025-12-24 10:00", 2, "2025-12-29"),
        ("2025-12-31 10:00", 1, "2026-01-02"),
        // Zero days: end of the start day, even on a Sunday.
        ("2025-03-09 10:00", 0, "2025-03-09"),
        // Start on a holiday.
        ("2025-07-14 10:00", 1, "2025-07-15"),
    ];
    for (start, n, due) in cases {
        assert_eq!(
            add_working_days(METRO, at(start), n),
            eod(due),
            "{start} + {n}"
        );
    }
    assert_eq!(eod("2025-07-21").to_string(), "2025-07-21 23:59:59");
}

#[test]
fn add_working_days_saturates() {
    let near_max = NaiveDate::MAX.and_time(NaiveTime::MIN);
    assert_eq!(add_working_days(METRO, near_max, 1), NaiveDateTime::MAX);
    assert_eq!(
        add_working_days(METRO, near_max, 0),
        end_of_day(NaiveDate::MAX)
    );
    assert_eq!(due_at(METRO, near_max, 1, &[]), None);
}

/// Brute-force reference for `working_days_between`.
fn count(a: NaiveDate, b: NaiveDate) -> i64 {
    let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
    sign * lo
        .iter_days()
        .skip(1)
        .take_while(|&x| x <= hi)
        .filter(|&x| is_working_day(METRO, x))
        .count() as i64
}

#[test]
fn working_days_between_examples() {
    assert_eq!(
        working_days_between(METRO, d("2025-07-11"), d("2025-07-21")),
        5
    );
    assert_eq!(
        working_days_between(METRO, d("2025-07-21"), d("2025-07-11")),
        -5
    );
    assert_eq!(
        working_days_between(METRO, d("2025-07-11"), d("2025-07-11")),
        0
    );
    assert_eq!(
        working_days_between(METRO, d("2025-03-07"), d("2025-03-10")),
        1
    );
    assert_eq!(
        working_days_between(METRO, d("2025-03-08"), d("2025-03-09")),
        0
    );
    // 251 working days in 2025, 252 in 2026 (Easter-based and fixed holidays on weekdays).
    assert_eq!(
        working_days_between(METRO, d("2024-12-31"), d("2025-12-31")),
        251
    );
    assert_eq!(
        count(d("2025-12-31"), d("2026-12-31")),
        working_days_between(METRO, d("2025-12-31"), d("2026-12-31"))
    );
    assert_eq!(
        working_days_between(METRO, d("2025-12-31"), d("2026-12-31")),
        252
    );
}

#[test]
fn working_days_between_matches_brute_force() {
    let base = d("2023-12-25");
    for a_off in (0..900).step_by(7) {
        let a = base + chrono::Days::new(a_off);
        for b_off in (0..1500).step_by(11) {
            let b = base + chrono::Days::new(b_off);
            assert_eq!(working_days_between(METRO, a, b), count(a, b), "{a} {b}");
        }
    }
    // Consecutive days, including weekday/weekend boundaries and before year 1.
    for start in [d("2025-01-01"), d("0001-01-01"), d("-0003-06-01")] {
        for off in 0..400 {
            let b = start + chrono::Days::new(off);
            assert_eq!(
                working_days_between(METRO, start, b),
                count(start, b),
                "{start} {b}"
            );
        }
    }
}

#[test]
fn working_days_between_inverts_add_working_days() {
    let mut start = at("2023-12-22 08:00");
    for _ in 0..400 {
        for n in [0, 1, 2, 5, 10, 30] {
            let due = add_working_days(METRO, start, n);
            assert_eq!(
                working_days_between(METRO, start.date(), due.date()),
                i64::from(n)
            );
            assert!(n == 0 || is_working_day(METRO, due.date()));
        }
        start += chrono::TimeDelta::hours(29);
    }
}

#[test]
fn each_territory_adds_its_own_days() {
    let name = |code: &str, date: &str| holiday_name(Territory::of_departement(code), d(date));
    // Alsace-Moselle: Good Friday and 26 December (Code du travail, L3134-13).
    for code in ["57", "67", "68"] {
        assert_eq!(name(code, "2026-04-03"), Some("Vendredi saint"), "{code}");
        assert_eq!(name(code, "2025-12-26"), Some("Saint-Étienne"), "{code}");
    }
    assert_eq!(
        name("54", "2026-04-03"),
        None,
        "Meurthe-et-Moselle is not Moselle"
    );
    assert_eq!(name("13", "2025-12-26"), None);
    // The abolition of slavery (décret n° 83-1003, art. 1).
    let abolition = Some("Commémoration de l'abolition de l'esclavage");
    for (code, date) in [
        ("971", "2026-05-27"),
        ("972", "2026-05-22"),
        ("973", "2026-06-10"),
        ("974", "2026-12-20"),
        ("976", "2026-04-27"),
        ("977", "2026-10-09"),
        ("978", "2026-05-28"),
    ] {
        assert_eq!(name(code, date), abolition, "{code}");
        assert_eq!(name("13", date), None, "{code} {date} in Marseille");
    }
    assert_eq!(
        name("972", "2026-05-27"),
        None,
        "Guadeloupe's day, not Martinique's"
    );
    // Everyone keeps the national days; Saint-Pierre-et-Miquelon has no extra one.
    for territory in Territory::ALL {
        assert_eq!(
            holiday_name(territory, d("2026-07-14")),
            Some("Fête nationale")
        );
        assert!(holidays(territory, 2026).len() >= 11);
        assert_eq!(
            territory.holiday_source(d("2026-07-14")),
            Some("Code du travail, art. L3133-1")
        );
        assert_eq!(Territory::from_key(territory.key()), Some(territory));
    }
    assert_eq!(holidays(Territory::SaintPierreEtMiquelon, 2026).len(), 11);
    assert_eq!(holidays(Territory::AlsaceMoselle, 2026).len(), 13);
    assert_eq!(holidays(Territory::Martinique, 2026).len(), 12);
    assert!(Territory::of_departement("57")
        .holiday_source(d("2026-04-03"))
        .is_some_and(|s| s.contains("L3134-13")));
    // Working days follow.
    assert!(!is_working_day(Territory::Martinique, d("2026-05-22")));
    assert!(is_working_day(METRO, d("2026-05-22")));
    assert_eq!(
        working_days_between(Territory::AlsaceMoselle, d("2026-04-02"), d("2026-04-10")),
        4
    );
    assert_eq!(
        working_days_between(METRO, d("2026-04-02"), d("2026-04-10")),
        5
    );
}

#[test]
fn territories_of_codes() {
    assert_eq!(Territory::of_departement("2A"), METRO);
    assert_eq!(Territory::of_departement(""), METRO);
    assert_eq!(Territory::of_region("02"), Territory::Martinique);
    assert_eq!(Territory::of_region("06"), Territory::Mayotte);
    assert_eq!(Territory::of_region("44"), METRO);
    assert_eq!(
        Territory::of_region("975"),
        Territory::SaintPierreEtMiquelon
    );
    assert_eq!(Territory::of_optional(Some("973")), Territory::Guyane);
    assert_eq!(Territory::of_optional(None), METRO);
}
