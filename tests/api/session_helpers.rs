//! Acting as a person in the tests: forms with their CSRF token, signing in, reading e-mails.

use std::time::{Duration, Instant};

use guichet::db::users::NewUser;
use guichet::domain::account::Role;
use guichet::domain::profession::{Profession, Situation};

use crate::helpers::{new_client, TestApp};

pub const PASSWORD: &str = "une phrase de passe solide";

/// The CSRF token of `client`'s cookie, read from a form page.
pub async fn csrf_token(app: &TestApp, client: &reqwest::Client) -> String {
    let html = client
        .get(app.url("/connexion"))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("corps");
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("jeton CSRF dans le formulaire") + marker.len();
    html[start..start + 64].to_string()
}

/// POSTs a form with `client`, adding its CSRF token.
pub async fn post_form(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let token = csrf_token(app, client).await;
    let mut all: Vec<(&str, &str)> = fields.to_vec();
    all.push(("csrf_token", &token));
    client
        .post(app.url(path))
        .form(&all)
        .send()
        .await
        .expect("POST")
}

pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Creates a verified account directly in the database; returns its id.
pub async fn create_user(
    app: &TestApp,
    email: &str,
    role: Role,
    region: Option<&str>,
    institution: Option<&str>,
    departements: &[&str],
) -> String {
    let hash = guichet::auth::password::hash_now(1024, 1, PASSWORD).expect("hash");
    let now = app.now();
    let id = uuid::Uuid::now_v7().to_string();
    let user = NewUser {
        id: id.clone(),
        email: email.to_string(),
        password_hash: Some(hash),
        first_name: "Prénom".into(),
        last_name: email.split('@').next().unwrap_or("x").to_string(),
        role,
        profession: (role == Role::Professional).then_some(Profession::Medecin),
        situation: (role == Role::Professional).then_some(Situation::Installe),
        professional_number: None,
        institution_id: institution.map(str::to_string),
        region_code: region.map(str::to_string),
        email_verified_at: Some(now),
        disabled_at: None,
        created_at: now,
        updated_at: now,
    };
    let deps: Vec<String> = departements.iter().map(|d| d.to_string()).collect();
    let mut conn = app.pool.get().expect("connexion");
    guichet::db::users::insert(&mut conn, &user, &deps).expect("insert user");
    id
}

/// A new client signed in as `email`.
pub async fn signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let client = new_client();
    let response = post_form(
        app,
        &client,
        "/connexion",
        &[("email", email), ("password", PASSWORD), ("suite", "")],
    )
    .await;
    let response =
        crate::second_factor_helpers::pass_second_step(app, &client, email, response).await;
    // 303 to the home page; 200 once a first application is set up (the recovery codes).
    assert!(
        [200, 303].contains(&response.status().as_u16()),
        "connexion de {email} : {} {}",
        response.status(),
        response.text().await.unwrap_or_default()
    );
    client
}

/// Waits for the outbox worker to deliver an e-mail to `to` whose subject contains `subject`.
pub async fn wait_for_email(
    app: &TestApp,
    to: &str,
    subject: &str,
) -> guichet::mail::transport::SentMessage {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(m) = app
            .mailbox
            .messages()
            .into_iter()
            .rev()
            .find(|m| m.to == to && m.subject.contains(subject))
        {
            return m;
        }
        assert!(
            Instant::now() < deadline,
            "aucun courriel « {subject} » pour {to} ; reçus : {:?}",
            app.mailbox
                .messages()
                .iter()
                .map(|m| (&m.to, &m.subject))
                .collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// The guichet link of an e-mail body that contains `path`, made relative to the test server.
pub fn link_in(body: &str, path: &str) -> String {
    let word = body
        .split_whitespace()
        .find(|w| w.contains(path))
        .expect("lien dans le courriel");
    let start = word.find(path).unwrap_or(0);
    word[start..].to_string()
}

pub fn query_value(link: &str, key: &str) -> String {
    let query = link.split_once('?').map(|(_, q)| q).unwrap_or_default();
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .expect("query")
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
        .expect("paramètre")
}

/// The details of every audit entry, in insertion order.
pub fn audit_details(app: &TestApp) -> Vec<String> {
    use diesel::prelude::*;
    use guichet::db::schema::audit_events;
    let mut conn = app.pool.get().expect("connexion");
    audit_events::table
        .select(audit_events::detail)
        .load(&mut conn)
        .expect("journal")
}

/// The status of `client`'s GET of `path`.
pub async fn status_of(app: &TestApp, client: &reqwest::Client, path: &str) -> u16 {
    client
        .get(app.url(path))
        .send()
        .await
        .expect("GET")
        .status()
        .as_u16()
}

/// The body of `client`'s GET of `path`, whatever its status.
pub async fn text_of(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    client
        .get(app.url(path))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .unwrap_or_default()
}
