//! Demo permanences: three upcoming sessions in Provence-Alpes-Côte d'Azur (Marseille on site,
//! Vaucluse by video, Nice on site), published by the demo référents, so that a visitor can book
//! a slot. Seeded once (when no session exists); dates are relative to the day of seeding.

use chrono::{Datelike, Duration, NaiveDateTime, Weekday};

use crate::db::{self, DbConnection};
use crate::domain::civil_time::{today, Territory};
use crate::domain::permanence::{parse_session, SessionForm};

struct DemoSession {
    author: &'static str,
    departement: &'static str,
    title: &'static str,
    mode: &'static str,
    address: &'static str,
    video_url: &'static str,
    in_days: i64,
    start: &'static str,
    minutes: &'static str,
    count: &'static str,
    capacity: &'static str,
    /// Institution names must contain one of these, per département.
    institutions: &'static [&'static str],
}

const SESSIONS: [DemoSession; 3] = [
    DemoSession {
        author: "referent.13-84@demo.test",
        departement: "13",
        title: "Permanence installation des Bouches-du-Rhône",
        mode: "sur-place",
        address: "Maison des professionnels de santé (adresse de démonstration), 13001 Marseille",
        video_url: "",
        in_days: 7,
        start: "09:00",
        minutes: "30",
        count: "6",
        capacity: "1",
        institutions: &["des Bouches-du-Rhône", "URPS", "Urssaf"],
    },
    DemoSession {
        author: "referent.13-84@demo.test",
        departement: "84",
        title: "Permanence en visioconférence de Vaucluse",
        mode: "visio",
        address: "",
        video_url: "https://visio.demo.test/permanence-vaucluse",
        in_days: 14,
        start: "14:00",
        minutes: "30",
        count: "4",
        capacity: "2",
        institutions: &["de Vaucluse", "URPS"],
    },
    DemoSession {
        author: "referent.04-05-06-83@demo.test",
        departement: "06",
        title: "Permanence installation des Alpes-Maritimes",
        mode: "sur-place",
        address: "Espace santé (adresse de démonstration), 06000 Nice",
        video_url: "",
        in_days: 10,
        start: "10:00",
        minutes: "20",
        count: "6",
        capacity: "1",
        institutions: &["des Alpes-Maritimes", "URPS", "Urssaf"],
    },
];

/// Seeds the demo sessions when there is none; returns how many were added.
pub fn seed(conn: &mut DbConnection, region: &str, now: NaiveDateTime) -> anyhow::Result<usize> {
    if db::permanences::count_sessions(conn)? > 0 {
        return Ok(0);
    }
    let institutions = db::institutions::list_in_region(conn, region)?;
    let mut added = 0;
    for demo in &SESSIONS {
        let Some(author) = db::users::find_by_email(conn, demo.author)? else {
            continue;
        };
        let chosen: Vec<String> = institutions
            .iter()
            .filter(|i| demo.institutions.iter().any(|n| i.name.contains(n)))
            .map(|i| i.id.clone())
            .collect();
        let mut day =
            today(Territory::of_departement(demo.departement), now) + Duration::days(demo.in_days);
        while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            day += Duration::days(1);
        }
        let form = SessionForm {
            title: demo.title.into(),
            departement: demo.departement.into(),
            mode: demo.mode.into(),
            address: demo.address.into(),
            video_url: demo.video_url.into(),
            date: day.format("%Y-%m-%d").to_string(),
            start_time: demo.start.into(),
            slot_minutes: demo.minutes.into(),
            slot_count: demo.count.into(),
            capacity: demo.capacity.into(),
            details: "Apportez votre projet (lieu, date, mode d'exercice) : les institutions présentes vous répondent ensemble.".into(),
            institutions: chosen.clone(),
        };
        let plan = parse_session(&form, &[demo.departement.to_string()], &chosen, now)
            .map_err(|e| anyhow::anyhow!("permanence de démonstration invalide : {e:?}"))?;
        db::permanences::insert_session(conn, &plan, region, &author.id, now)?;
        added += 1;
    }
    Ok(added)
}
