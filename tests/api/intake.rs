//! Référent intake (issue 15): a référent records a request received by telephone, e-mail, at a
//! permanence or by letter, for a professional with or without an account; the invitation leads
//! a new professional to the request in their account.

use diesel::prelude::*;
use guichet::db::schema::{requests, users};
use guichet::domain::request::RequestKind;

use crate::helpers::{new_client, spawn_app_seeded, TestApp};
use crate::request_helpers::{demo, filled_form};
use crate::session_helpers::*;

const REFERENT: &str = "referent.13-84@demo.test";
const PAGE: &str = "/guichet/demandes/nouvelle";

/// The intake form of a telephone question about `commune` for `email`.
fn intake(app: &TestApp, email: &str, commune: &str) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = [
        ("type", "question"),
        ("channel", "phone"),
        ("contact_first_name", "Léa"),
        ("contact_last_name", "Nouvelle"),
        ("contact_email", email),
        ("contact_phone", "04 91 00 00 00"),
        ("contact_profession", "medecin"),
        ("contact_situation", "installe"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    form.extend(filled_form(
        RequestKind::Question,
        commune,
        app.now().date(),
    ));
    form
}

async fn send(
    app: &TestApp,
    client: &reqwest::Client,
    form: &[(String, String)],
) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    post_form(app, client, PAGE, &pairs).await
}

/// The request's id from the redirection to its page.
fn request_of(response: &reqwest::Response) -> String {
    let to = location(response);
    let id = to.trim_start_matches("/demandes/");
    id.split('?').next().unwrap_or_default().to_string()
}

fn number_and_owner(app: &TestApp, id: &str) -> (String, String) {
    let mut conn = app.pool.get().expect("connexion");
    requests::table
        .find(id)
        .select((requests::number, requests::professional_id))
        .first(&mut conn)
        .expect("demande")
}

fn count(app: &TestApp) -> (i64, i64) {
    let mut conn = app.pool.get().expect("connexion");
    let r = requests::table
        .count()
        .get_result(&mut conn)
        .expect("demandes");
    let u = users::table.count().get_result(&mut conn).expect("comptes");
    (r, u)
}

#[tokio::test]
async fn a_telephone_request_for_a_person_without_an_account_leads_to_it_in_the_new_account() {
    let app = spawn_app_seeded().await;
    let referent = demo(&app, REFERENT).await;
    let inbox = text_of(&app, &referent, "/guichet/demandes").await;
    assert!(
        inbox.contains("href=\"/guichet/demandes/nouvelle\""),
        "lien depuis la boîte"
    );
    let chooser = text_of(&app, &referent, PAGE).await;
    assert!(chooser.contains("Objet de la demande"));
    let page = text_of(&app, &referent, &format!("{PAGE}?type=question")).await;
    assert!(page.contains("name=\"contact_email\"") && page.contains("name=\"commune_insee\""));

    let email = "lea.nouvelle@exemple.fr";
    let r = send(&app, &referent, &intake(&app, email, "13055")).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    assert!(location(&r).ends_with("?ok=demande-enregistree-invitation"));
    let id = request_of(&r);
    let (number, owner) = number_and_owner(&app, &id);

    // Filed, with its channel, in the référent's inbox and on its page.
    let inbox = text_of(&app, &referent, "/guichet/demandes").await;
    let link = format!("{number}</a>");
    let row = inbox.split(&link).nth(1).expect("la demande dans la boîte");
    assert!(row[..400.min(row.len())].contains("Par téléphone"), "{row}");
    let seen = text_of(&app, &referent, &format!("/demandes/{id}")).await;
    assert!(seen.contains("Enregistrée par le guichet (téléphone)"));
    assert!(
        seen.contains("Demande enregistrée par le guichet (téléphone)"),
        "historique"
    );
    assert!(seen.contains("Déposée"));

    // The invitation leads, after the password, to the request.
    let mail = wait_for_email(&app, email, "Votre accès").await;
    assert!(mail.body_text.contains(&format!("demande n° {number}")));
    let link = link_in(&mail.body_text, "/invitation?jeton=");
    assert_eq!(query_value(&link, "suite"), format!("/demandes/{id}"));
    let jeton = query_value(&link, "jeton");
    let visitor = new_client();
    let form = visitor.get(app.url(&link)).send().await.expect("page");
    assert_eq!(form.status(), 200);
    let form = form.text().await.expect("corps");
    assert!(
        form.contains("name=\"suite\""),
        "the request kept in the form"
    );
    let suite = format!("/demandes/{id}");
    let r = post_form(
        &app,
        &visitor,
        "/invitation",
        &[("jeton", &jeton), ("suite", &suite), ("password", PASSWORD)],
    )
    .await;
    let signin = location(&r);
    assert_eq!(
        signin,
        format!("/connexion?ok=mot-de-passe-modifie&suite=%2Fdemandes%2F{id}")
    );
    let r = post_form(
        &app,
        &visitor,
        "/connexion",
        &[("email", email), ("password", PASSWORD), ("suite", &suite)],
    )
    .await;
    assert_eq!(location(&r), suite, "la demande, une fois connecté");
    let mine = text_of(&app, &visitor, "/demandes").await;
    assert!(mine.contains(&number), "Mes demandes");
    assert_eq!(status_of(&app, &visitor, &suite).await, 200);
    let user: String = {
        let mut conn = app.pool.get().expect("connexion");
        users::table
            .filter(users::email.eq(email))
            .select(users::id)
            .first(&mut conn)
            .expect("compte")
    };
    assert_eq!(owner, user);
}

#[tokio::test]
async fn a_request_for_an_existing_account_lands_in_it_and_its_owner_is_told() {
    let app = spawn_app_seeded().await;
    let referent = demo(&app, REFERENT).await;
    let email = "camille.martin@demo.test";
    let mut form = intake(&app, email, "13055");
    form.retain(|(k, _)| k != "contact_profession");
    form.iter_mut()
        .filter(|(k, _)| k == "channel")
        .for_each(|(_, v)| *v = "permanence".into());
    let before = count(&app);
    let r = send(&app, &referent, &form).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    assert!(location(&r).ends_with("?ok=demande-enregistree"));
    assert_eq!(count(&app), (before.0 + 1, before.1), "no new account");
    let id = request_of(&r);
    let (number, _) = number_and_owner(&app, &id);
    let mail = wait_for_email(&app, email, "enregistrée par le guichet").await;
    assert!(mail.body_text.contains(&format!("/demandes/{id}")));
    let pro = demo(&app, email).await;
    assert!(text_of(&app, &pro, "/demandes").await.contains(&number));
    let page = text_of(&app, &pro, &format!("/demandes/{id}")).await;
    assert!(page.contains("Enregistrée par le guichet (permanence)"));
    assert!(!app
        .mailbox
        .messages()
        .iter()
        .any(|m| m.to == email && m.subject.contains("Votre accès")));
}

#[tokio::test]
async fn a_professional_cannot_record_requests_for_others() {
    let app = spawn_app_seeded().await;
    let pro = demo(&app, "camille.martin@demo.test").await;
    assert_eq!(status_of(&app, &pro, PAGE).await, 404);
    let before = count(&app);
    let r = send(&app, &pro, &intake(&app, "x@exemple.fr", "13055")).await;
    assert_eq!(r.status(), 404);
    assert_eq!(count(&app), before);
    let inbox = text_of(&app, &pro, "/demandes").await;
    assert!(!inbox.contains(PAGE));
}

#[tokio::test]
async fn a_wrong_input_shows_the_page_again_with_each_message_and_what_was_typed() {
    let app = spawn_app_seeded().await;
    let referent = demo(&app, REFERENT).await;
    let before = count(&app);

    // The contact: each message beside its field, the rest kept.
    let mut form = intake(&app, "pas-une-adresse", "13055");
    form.iter_mut()
        .filter(|(k, _)| k == "contact_phone")
        .for_each(|(_, v)| *v = "04 91".into());
    let r = send(&app, &referent, &form).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("corps");
    assert!(html.contains("id=\"contact_email-error\""), "{html}");
    assert!(html.contains("id=\"contact_phone-error\""));
    assert!(html.contains("value=\"pas-une-adresse\""));
    assert!(html.contains("value=\"Léa\""));
    assert!(
        html.contains("value=\"13055\""),
        "the kind's fields keep their values"
    );

    // The request's own fields: checked as when a professional files; nothing recorded.
    let form = intake(&app, "lea.nouvelle@exemple.fr", "");
    let r = send(&app, &referent, &form).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("corps");
    assert!(html.contains("id=\"commune_insee-error\""), "{html}");
    assert!(html.contains("value=\"lea.nouvelle@exemple.fr\""));

    // A commune outside the référent's départements (Nice, 06).
    let r = send(
        &app,
        &referent,
        &intake(&app, "lea.nouvelle@exemple.fr", "06088"),
    )
    .await;
    assert_eq!(r.status(), 422);
    assert!(r
        .text()
        .await
        .expect("corps")
        .contains("pas dans un département que vous suivez"));
    assert_eq!(count(&app), before, "nothing recorded, no account created");
    assert!(!app
        .mailbox
        .messages()
        .iter()
        .any(|m| m.to == "lea.nouvelle@exemple.fr"));
}
