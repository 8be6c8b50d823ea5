//! The référent's handling (issue 15): correcting a request's kind before routing (the routing
//! is recomputed and everyone sees the change), and the next action of a request in
//! coordination avancée (planned with a note, reminded on its civil day, listed by an inbox
//! filter).

use guichet::domain::account::Role;
use guichet::domain::request::{PracticeMode, RequestKind};

use crate::helpers::{at, spawn_app_seeded, TestApp};
use crate::request_helpers::*;
use crate::session_helpers::*;

const REFERENT: &str = "referent.13-84@demo.test";
const CPAM: &str = "CPAM des Bouches-du-Rhône";

async fn page(app: &TestApp, client: &reqwest::Client, id: &str) -> String {
    let r = client
        .get(app.url(&format!("/demandes/{id}")))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), 200);
    r.text().await.expect("corps")
}

async fn qualify(app: &TestApp, referent: &reqwest::Client, id: &str, coordination: &str) {
    let r = post_form(
        app,
        referent,
        &format!("/demandes/{id}/qualification"),
        &[
            ("priority", "normal"),
            ("coordination", coordination),
            ("referent", "moi"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303, "qualification");
}

fn stored_kind(app: &TestApp, id: &str) -> String {
    use diesel::prelude::*;
    use guichet::db::schema::requests;
    let mut conn = app.pool.get().expect("connexion");
    requests::table
        .find(id)
        .select(requests::kind)
        .first(&mut conn)
        .expect("demande")
}

#[tokio::test]
async fn a_referent_corrects_the_kind_before_routing_and_the_routing_follows() {
    let app = spawn_app_seeded().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let id = file_request(&app, &pro, RequestKind::Question, "13055").await;
    let referent = demo(&app, REFERENT).await;
    qualify(&app, &referent, &id, "simple").await;
    let before: Vec<String> = referrals_of(&app, &id).into_iter().map(|r| r.1).collect();
    assert!(!before.contains(&CPAM.to_string()), "{before:?}");

    // A mistake: no kind chosen → the page again, the message beside the field.
    let r = post_form(&app, &referent, &format!("/demandes/{id}/type"), &[]).await;
    assert_eq!(r.status(), 422);
    assert!(r
        .text()
        .await
        .expect("corps")
        .contains("Choisissez le nouveau type de la demande."));

    let installation = RequestKind::Installation(PracticeMode::Liberal);
    let r = post_form(
        &app,
        &referent,
        &format!("/demandes/{id}/type"),
        &[("new_kind", installation.slug())],
    )
    .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    assert_eq!(stored_kind(&app, &id), installation.slug());
    let after = referrals_of(&app, &id);
    assert!(after.iter().any(|r| r.1 == CPAM), "{after:?}");
    assert!(after.iter().all(|r| r.2 == "a-traiter"), "{after:?}");

    // Everyone sees the change in the timeline, with what the new kind still lacks.
    let seen = page(&app, &pro, &id).await;
    // (The page escapes the label's apostrophe.)
    let change = format!(
        "Type de demande modifié : « {} » devient « {} »",
        RequestKind::Question.label(),
        installation.label().replace('\'', "&#x27;")
    );
    assert!(seen.contains(&change), "professionnel : {change}");
    assert!(seen.contains("orientation recalculée"));
    assert!(seen.contains(CPAM));

    // Routed, the request goes to the new institutions; its kind can no longer change.
    let routed = post_form(&app, &referent, &format!("/demandes/{id}/orienter"), &[]).await;
    assert_eq!(routed.status(), 303);
    let r = post_form(
        &app,
        &referent,
        &format!("/demandes/{id}/type"),
        &[("new_kind", "question")],
    )
    .await;
    assert_eq!(r.status(), 409);
    assert_eq!(stored_kind(&app, &id), installation.slug());
    // The professional cannot change it (nor see the form).
    assert!(!seen.contains("Changer le type"));
    let r = post_form(
        &app,
        &pro,
        &format!("/demandes/{id}/type"),
        &[("new_kind", "question")],
    )
    .await;
    assert_eq!(r.status(), 403, "visible, not theirs to change");
}

/// The number of next-action reminders the job writes at `now`.
fn remind(app: &TestApp, now: chrono::NaiveDateTime) -> usize {
    let templates = guichet::startup::load_templates(app.settings()).expect("gabarits");
    let mut conn = app.pool.get().expect("connexion");
    guichet::jobs::next_actions::run_once(&mut conn, &templates, "http://guichet.test", now)
        .expect("rappels")
}

async fn inbox_lists(app: &TestApp, referent: &reqwest::Client, number: &str) -> bool {
    let r = referent
        .get(app.url("/guichet/demandes?onglet=en-cours&prochaine_action=echue"))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), 200, "{}", location(&r));
    r.text().await.expect("corps").contains(number)
}

fn number_of(app: &TestApp, id: &str) -> String {
    let mut conn = app.pool.get().expect("connexion");
    guichet::db::requests::find(&mut conn, id)
        .expect("lecture")
        .expect("demande")
        .number
}

#[tokio::test]
async fn a_next_action_is_planned_reminded_on_its_civil_day_and_filtered_in_the_inbox() {
    let app = spawn_app_seeded().await;
    let (pro, id) = installation_filed(&app).await;
    let referent = demo(&app, REFERENT).await;
    let path = format!("/demandes/{id}/prochaine-action");
    // Simple coordination: nothing to plan.
    qualify(&app, &referent, &id, "simple").await;
    let r = post_form(
        &app,
        &referent,
        &path,
        &[("next_action_on", "2026-03-13"), ("next_action_note", "x")],
    )
    .await;
    assert_eq!(r.status(), 409);
    qualify(&app, &referent, &id, "avancee").await;
    let routed = post_form(&app, &referent, &format!("/demandes/{id}/orienter"), &[]).await;
    assert_eq!(routed.status(), 303);

    // A day in the past: the page again, the message beside the date, the note kept.
    let r = post_form(
        &app,
        &referent,
        &path,
        &[
            ("formulaire", "prochaine-action"),
            ("next_action_on", "09/03/2026"),
            ("next_action_note", "Rappeler pour le bail"),
        ],
    )
    .await;
    assert_eq!(r.status(), 422);
    let body = r.text().await.expect("corps");
    assert!(body.contains("ne peut pas être dans le passé"), "message");
    assert!(
        body.contains("value=\"Rappeler pour le bail\""),
        "note gardée"
    );

    let r = post_form(
        &app,
        &referent,
        &path,
        &[
            ("next_action_on", "13/03/2026"),
            ("next_action_note", "Rappeler pour le bail"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    let shown = page(&app, &referent, &id).await;
    assert!(shown.contains("le 13 mars 2026"), "jour affiché");
    assert!(shown.contains("Rappeler pour le bail"));
    // A working note of the guichet: the professional sees neither it nor the form.
    let seen = page(&app, &pro, &id).await;
    assert!(!seen.contains("Rappeler pour le bail"));
    assert!(!seen.contains("prochaine-action"));

    let number = number_of(&app, &id);
    assert!(
        !inbox_lists(&app, &referent, &number).await,
        "pas encore échue"
    );
    // 23:30 in Marseille on the 12th: not yet; 00:30 on the 13th: once.
    assert_eq!(remind(&app, at("2026-03-12 22:30")), 0);
    assert!(app.clock.set(at("2026-03-12 23:30")));
    assert_eq!(remind(&app, app.now()), 1);
    assert_eq!(remind(&app, app.now()), 0, "une seule fois");
    // Two days later the session has expired: the référent signs in again.
    let referent = demo(&app, REFERENT).await;
    assert!(inbox_lists(&app, &referent, &number).await, "échue");
    let mail = wait_for_email(&app, REFERENT, "Prochaine action").await;
    assert!(
        mail.body_text.contains("Rappeler pour le bail"),
        "{}",
        mail.body_text
    );
    assert!(mail.body_text.contains(&format!("/demandes/{id}")));
}
