//! API tokens (issue 16, point 5): the password asked again, a chosen expiry (a year at most), a
//! scope (read, or act), revoked with the sessions and on every password change, last use shown.

use chrono::TimeDelta;
use guichet::domain::account::Role;

use crate::helpers::{new_client, spawn_app, TestApp};
use crate::session_helpers::*;

/// Creates a token from the tokens page; returns the response's status and page.
async fn create(app: &TestApp, client: &reqwest::Client, fields: &[(&str, &str)]) -> (u16, String) {
    let r = post_form(app, client, "/compte/jetons", fields).await;
    let status = r.status().as_u16();
    (status, r.text().await.expect("corps"))
}

fn secret_in(page: &str) -> Option<String> {
    let marker = "<code id=\"nouveau-jeton\">";
    let start = page.find(marker)? + marker.len();
    page.get(start..start + 64).map(str::to_string)
}

/// A token with `scope` made by `client` (signed in with [`PASSWORD`]).
pub async fn token(app: &TestApp, client: &reqwest::Client, scope: &str) -> String {
    let (status, page) = create(
        app,
        client,
        &[
            ("name", "logiciel du cabinet"),
            ("portee", scope),
            ("duree", "90"),
            ("current_password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    secret_in(&page).expect("jeton affiché")
}

async fn me(app: &TestApp, secret: &str) -> u16 {
    new_client()
        .get(app.url("/api/v1/moi"))
        .bearer_auth(secret)
        .send()
        .await
        .expect("api")
        .status()
        .as_u16()
}

async fn pro(app: &TestApp) -> reqwest::Client {
    create_user(app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    signed_in(app, "pro@exemple.fr").await
}

#[tokio::test]
async fn creating_a_token_asks_for_the_password_again() {
    let app = spawn_app().await;
    let client = pro(&app).await;
    for password in ["", "pas le bon mot de passe"] {
        let (status, page) = create(
            &app,
            &client,
            &[("name", "outil"), ("current_password", password)],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("id=\"current_password-error\""), "{page}");
        assert!(page.contains("Le mot de passe actuel est incorrect"));
        assert!(secret_in(&page).is_none());
    }
    let secret = token(&app, &client, "read").await;
    assert_eq!(me(&app, &secret).await, 200);
}

#[tokio::test]
async fn a_token_expires_after_its_lifetime_of_a_year_at_most() {
    let app = spawn_app().await;
    let client = pro(&app).await;
    let (status, page) = create(
        &app,
        &client,
        &[
            ("name", "trop long"),
            ("duree", "400"),
            ("current_password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"duree-error\""), "{page}");
    let (status, page) = create(
        &app,
        &client,
        &[
            ("name", "un mois"),
            ("duree", "30"),
            ("current_password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(status, 200);
    let month = secret_in(&page).expect("jeton");
    let (_, page) = create(
        &app,
        &client,
        &[("name", "par défaut"), ("current_password", PASSWORD)],
    )
    .await;
    let default = secret_in(&page).expect("jeton");
    assert_eq!(me(&app, &month).await, 200);
    app.clock.advance(TimeDelta::days(31));
    assert_eq!(me(&app, &month).await, 401, "expired after 30 days");
    assert_eq!(me(&app, &default).await, 200, "90 days by default");
    app.clock.advance(TimeDelta::days(60));
    assert_eq!(me(&app, &default).await, 401, "expired after 90 days");
}

#[tokio::test]
async fn tokens_die_with_the_sessions_and_with_a_password_change_or_reset() {
    let app = spawn_app().await;
    let client = pro(&app).await;
    let secret = token(&app, &client, "act").await;
    post_form(&app, &client, "/compte/sessions/fermer-tout", &[]).await;
    assert_eq!(me(&app, &secret).await, 401, "fermer toutes les sessions");

    let client = signed_in(&app, "pro@exemple.fr").await;
    let secret = token(&app, &client, "act").await;
    let new_password = "une autre phrase de passe";
    let r = post_form(
        &app,
        &client,
        "/compte/mot-de-passe",
        &[
            ("current_password", PASSWORD),
            ("new_password", new_password),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(me(&app, &secret).await, 401, "password changed");

    // Back to PASSWORD through a reset link.
    let client = new_client();
    let r = post_form(
        &app,
        &client,
        "/connexion",
        &[("email", "pro@exemple.fr"), ("password", new_password)],
    )
    .await;
    assert_eq!(r.status(), 303);
    let (_, page) = create(
        &app,
        &client,
        &[("name", "outil"), ("current_password", new_password)],
    )
    .await;
    let secret = secret_in(&page).expect("jeton");
    assert_eq!(me(&app, &secret).await, 200);
    post_form(
        &app,
        &new_client(),
        "/mot-de-passe/oublie",
        &[("email", "pro@exemple.fr")],
    )
    .await;
    let mail = wait_for_email(&app, "pro@exemple.fr", "nouveau mot de passe").await;
    let jeton = query_value(
        &link_in(&mail.body_text, "/mot-de-passe/nouveau?jeton="),
        "jeton",
    );
    let r = post_form(
        &app,
        &new_client(),
        "/mot-de-passe/nouveau",
        &[("jeton", &jeton), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(me(&app, &secret).await, 401, "password reset");
}

#[tokio::test]
async fn a_read_token_cannot_change_anything() {
    let app = spawn_app().await;
    let client = pro(&app).await;
    let read = token(&app, &client, "read").await;
    let act = token(&app, &client, "act").await;
    assert_eq!(me(&app, &read).await, 200);
    // Any state-changing method on the API is refused to a read token before its route.
    let post = |secret: String| {
        new_client()
            .post(app.url("/api/v1/moi"))
            .bearer_auth(secret)
            .json(&serde_json::json!({}))
            .send()
    };
    let refused = post(read.clone()).await.expect("POST");
    assert_eq!(refused.status(), 403);
    assert!(refused
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.contains("json")));
    let allowed = post(act).await.expect("POST").status().as_u16();
    assert!(allowed != 403 && allowed < 500, "{allowed}");
    // The eligibility API computes and changes nothing: a read token may call it.
    let computed = new_client()
        .post(app.url("/api/v1/eligibility"))
        .bearer_auth(read)
        .json(&serde_json::json!({"date": "2026-12-06", "profession": "medecin", "situation": "installe"}))
        .send()
        .await
        .expect("POST");
    let status = computed.status();
    let body = computed.text().await.unwrap_or_default();
    assert_eq!(status, 200, "{body}");
    let (status, page) = create(
        &app,
        &client,
        &[
            ("name", "outil"),
            ("portee", "tout"),
            ("current_password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"portee-error\""), "{page}");
}

#[tokio::test]
async fn the_tokens_page_shows_each_tokens_expiry_and_last_use() {
    let app = spawn_app().await;
    let client = pro(&app).await;
    let secret = token(&app, &client, "read").await;
    let url = app.url("/compte/jetons");
    let page = |c: reqwest::Client| {
        let url = url.clone();
        async move {
            c.get(url)
                .send()
                .await
                .expect("GET")
                .text()
                .await
                .expect("corps")
        }
    };
    let before = page(client.clone()).await;
    assert!(before.contains("Jamais utilisé"), "{before}");
    assert!(before.contains("Lecture seule"));
    assert!(before.contains("Expire le"));
    assert_eq!(me(&app, &secret).await, 200);
    let after = page(client).await;
    assert!(!after.contains("Jamais utilisé"), "{after}");
    assert!(
        after.contains("jeton-dernier-usage\">mardi 10 mars 2026"),
        "{after}"
    );
}
