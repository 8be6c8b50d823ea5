//! Time is an input: each test sets the server's clock to the instant it needs, and deadlines,
//! digests and pages follow the civil time and the public holidays of the request's territory.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use guichet::clock::Clock;
use guichet::db::schema::requests;
use guichet::domain::account::Role;
use guichet::domain::request::RequestKind;

use crate::helpers::{at, spawn_app_seeded_at, TestApp};
use crate::request_helpers::*;
use crate::session_helpers::*;

fn qualification_due(app: &TestApp, id: &str) -> Option<NaiveDateTime> {
    let mut conn = app.pool.get().expect("connexion");
    requests::table
        .find(id)
        .select(requests::qualification_due_at)
        .first(&mut conn)
        .expect("échéance")
}

/// A professional files a question in `commune` at the server's current instant.
async fn question_in(app: &TestApp, email: &str, commune: &str) -> String {
    create_user(app, email, Role::Professional, None, None, &[]).await;
    let pro = signed_in(app, email).await;
    file_request(app, &pro, RequestKind::Question, commune).await
}

#[tokio::test]
async fn a_request_filed_just_after_midnight_in_paris_counts_from_that_day() {
    // Thursday 16 July 2026 at 00:30 in Paris is still Wednesday 15 July in UTC.
    let app = spawn_app_seeded_at(Clock::frozen(at("2026-07-15 22:30"))).await;
    let id = question_in(&app, "nuit@exemple.fr", "13055").await;
    // Five working days after Thursday 16 July: 17, 20, 21, 22, 23 July; the deadline is the end
    // of Thursday 23 July in Paris (summer time), 21:59:59 UTC — not the 22nd.
    assert_eq!(
        qualification_due(&app, &id),
        Some(at("2026-07-23 21:59") + chrono::Duration::seconds(59))
    );
    let referent = demo(&app, "referent.13-84@demo.test").await;
    let html = referent
        .get(app.url(&format!("/demandes/{id}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        html.contains("jeudi 23 juillet 2026 à 23 h 59"),
        "deadline in Paris time"
    );
    assert!(
        html.contains("jeudi 16 juillet 2026 à 00 h 30"),
        "filing time in Paris time"
    );
    assert!(!html.contains("UTC"), "no UTC on the page");
}

#[tokio::test]
async fn moselle_does_not_count_good_friday_and_martinique_does_not_count_22_may() {
    // Thursday 2 April 2026, 10:00 in Paris: Good Friday is the next day, Easter Monday the 6th.
    let app = spawn_app_seeded_at(Clock::frozen(at("2026-04-02 08:00"))).await;
    let marseille = question_in(&app, "marseille@exemple.fr", "13055").await;
    let metz = question_in(&app, "metz@exemple.fr", "57463").await;
    // Marseille: 3, 7, 8, 9, 10 April → end of Friday 10 April (UTC+2).
    assert_eq!(
        qualification_due(&app, &marseille),
        Some(at("2026-04-10 21:59") + chrono::Duration::seconds(59))
    );
    // Metz: Good Friday is a holiday in Moselle (Code du travail, L3134-13): 7, 8, 9, 10, 13.
    assert_eq!(
        qualification_due(&app, &metz),
        Some(at("2026-04-13 21:59") + chrono::Duration::seconds(59))
    );

    // Wednesday 20 May 2026, 10:00 in Fort-de-France (UTC−4).
    assert!(app.clock.set(at("2026-05-20 14:00")));
    let fort_de_france = question_in(&app, "fdf@exemple.fr", "97209").await;
    let paris = question_in(&app, "paris@exemple.fr", "75056").await;
    // Paris: 21, 22, 26, 27, 28 May (25 May is Whit Monday) → Thursday 28 May.
    assert_eq!(
        qualification_due(&app, &paris),
        Some(at("2026-05-28 21:59") + chrono::Duration::seconds(59))
    );
    // Martinique: 22 May commemorates the abolition of slavery: 21, 26, 27, 28, 29 May, and the
    // end of Friday 29 May in Fort-de-France is 03:59:59 UTC on the 30th.
    assert_eq!(
        qualification_due(&app, &fort_de_france),
        Some(at("2026-05-30 03:59") + chrono::Duration::seconds(59))
    );
}

#[tokio::test]
async fn the_overdue_digest_follows_the_agents_calendar_over_the_holidays() {
    // Thursday 24 December 2026, 17:00 in Paris: 25 December and 1 January are holidays, so the
    // five working days are 28, 29, 30, 31 December and Monday 4 January 2027.
    let app = spawn_app_seeded_at(Clock::frozen(at("2026-12-24 16:00"))).await;
    let id = question_in(&app, "noel@exemple.fr", "13055").await;
    assert_eq!(
        qualification_due(&app, &id),
        Some(at("2027-01-04 22:59") + chrono::Duration::seconds(59))
    );
    let templates = guichet::startup::load_templates(app.settings()).expect("gabarits");
    let digest = |now: &str| {
        assert!(app.clock.set(at(now)));
        let mut conn = app.pool.get().expect("connexion");
        guichet::jobs::digest::run_once(&mut conn, &templates, "http://guichet.test", app.now())
            .expect("digest")
    };
    // Friday evening 1 January and Monday 4 January at 23:30 in Paris: not late yet.
    assert_eq!(digest("2027-01-01 18:00"), 0, "Friday evening");
    assert_eq!(digest("2027-01-04 22:30"), 0, "Monday 23:30 in Paris");
    // Tuesday 5 January at 00:30 in Paris (still Monday in UTC): late, one digest.
    assert_eq!(
        digest("2027-01-04 23:30"),
        1,
        "just after midnight in Paris"
    );
    // Later the same Paris day (another UTC day): nothing more.
    assert_eq!(digest("2027-01-05 20:00"), 0, "once a day in Paris");
    // The next Paris day: the request is still late, a new digest.
    assert_eq!(digest("2027-01-05 23:30"), 1, "the next day in Paris");
    let mail = wait_for_email(&app, "referent.13-84@demo.test", "en retard").await;
    assert!(
        mail.body_text.contains("échéance du 04/01/2027"),
        "{}",
        mail.body_text
    );
    assert!(!mail.body_text.contains("UTC"));
}

#[tokio::test]
async fn a_deadline_across_the_autumn_change_of_time_ends_at_local_midnight() {
    // Sunday 25 October 2026 at 02:30 in Paris, the second time (winter time): 01:30 UTC.
    let app = spawn_app_seeded_at(Clock::frozen(at("2026-10-25 01:30"))).await;
    let id = question_in(&app, "heure@exemple.fr", "13055").await;
    // 26 to 30 October; 30 October is in winter time (UTC+1): 22:59:59 UTC.
    assert_eq!(
        qualification_due(&app, &id),
        Some(at("2026-10-30 22:59") + chrono::Duration::seconds(59))
    );
}
