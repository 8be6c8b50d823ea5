//! Sessions and CSRF (issue 16, point 9): a sign-in ends the browser's previous session, a new
//! address closes the other sessions, lifetimes within ASVS L2, the CSRF token bound to the
//! session and rotated at sign-in, `__Host-` over HTTPS, upload forms without the token in the URL.

use chrono::TimeDelta;
use guichet::auth::client::TrustedProxies;
use guichet::domain::account::Role;

use crate::golive_proxy::csrf_via;
use crate::helpers::{fresh_database_url, new_client, spawn_app, spawn_app_with, test_settings};
use crate::request_helpers::create_draft;
use crate::session_helpers::*;

/// The page's CSRF token for `client` (its current session, if any).
async fn page_token(app: &crate::helpers::TestApp, client: &reqwest::Client) -> String {
    csrf_token(app, client).await
}

fn session_cookie(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("guichet_session=") && !c.starts_with("guichet_session=;"))
        .and_then(|c| c.split(';').next())
        .expect("cookie de session")
        .to_string()
}

async fn status_with_cookie(app: &crate::helpers::TestApp, cookie: &str) -> u16 {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .get(app.url("/compte"))
        .header("cookie", cookie)
        .send()
        .await
        .expect("GET")
        .status()
        .as_u16()
}

async fn sign_in(app: &crate::helpers::TestApp, client: &reqwest::Client) -> reqwest::Response {
    post_form(
        app,
        client,
        "/connexion",
        &[("email", "pro@exemple.fr"), ("password", PASSWORD)],
    )
    .await
}

#[tokio::test]
async fn a_new_sign_in_ends_the_previous_session_of_the_same_browser() {
    let app = spawn_app().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let client = new_client();
    let first = session_cookie(&sign_in(&app, &client).await);
    assert_eq!(status_with_cookie(&app, &first).await, 200);
    let second = session_cookie(&sign_in(&app, &client).await);
    assert_ne!(first, second);
    assert_eq!(
        status_with_cookie(&app, &first).await,
        303,
        "previous session ended"
    );
    assert_eq!(status_with_cookie(&app, &second).await, 200);
}

#[tokio::test]
async fn changing_the_address_closes_the_other_sessions() {
    let app = spawn_app().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let other = signed_in(&app, "pro@exemple.fr").await;
    let client = signed_in(&app, "pro@exemple.fr").await;
    post_form(
        &app,
        &client,
        "/compte/courriel",
        &[
            ("new_email", "nouvelle@exemple.fr"),
            ("current_password", PASSWORD),
        ],
    )
    .await;
    let mail = wait_for_email(&app, "nouvelle@exemple.fr", "Confirmez").await;
    let jeton = query_value(
        &link_in(&mail.body_text, "/compte/courriel/confirmer?jeton="),
        "jeton",
    );
    let r = post_form(
        &app,
        &client,
        "/compte/courriel/confirmer",
        &[("jeton", &jeton)],
    )
    .await;
    assert_eq!(location(&r), "/compte?ok=adresse-modifiee");
    let url = app.url("/compte");
    let status = |c: reqwest::Client| {
        let url = url.clone();
        async move { c.get(url).send().await.expect("GET").status() }
    };
    assert_eq!(status(other).await, 303, "the other session is closed");
    assert_eq!(status(client).await, 200, "the confirming session stays");
}

#[tokio::test]
async fn sessions_end_after_30_minutes_idle_and_longer_lifetimes_are_refused() {
    let app = spawn_app().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let client = signed_in(&app, "pro@exemple.fr").await;
    app.clock.advance(TimeDelta::minutes(29));
    let r = client.get(app.url("/compte")).send().await.expect("GET");
    assert_eq!(r.status(), 200);
    app.clock.advance(TimeDelta::minutes(31));
    let r = client.get(app.url("/compte")).send().await.expect("GET");
    assert_eq!(r.status(), 303, "a professional too: 30 minutes idle");

    let dir = tempfile::tempdir().expect("dossier");
    let mut settings = test_settings(&fresh_database_url(dir.path()));
    assert!(settings.validate().is_ok());
    settings.security.professional_absolute_hours = 168;
    let refused = settings.validate().expect_err("7 jours refusés");
    assert!(
        refused.to_string().contains("professional_absolute_hours"),
        "{refused}"
    );
    settings.security.professional_absolute_hours = 12;
    settings.security.agent_idle_minutes = 60;
    assert!(settings.validate().is_err(), "one hour idle refused");
}

#[tokio::test]
async fn the_csrf_token_is_bound_to_the_session_and_rotated_at_sign_in() {
    let app = spawn_app().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    create_user(
        &app,
        "autre@exemple.fr",
        Role::Professional,
        None,
        None,
        &[],
    )
    .await;
    let client = new_client();
    let before = page_token(&app, &client).await;
    assert_eq!(sign_in(&app, &client).await.status(), 303);
    let after = page_token(&app, &client).await;
    assert_ne!(before, after, "rotated at sign-in");
    let other = signed_in(&app, "autre@exemple.fr").await;
    let foreign = page_token(&app, &other).await;
    assert_ne!(after, foreign);
    for stale in [&before, &foreign] {
        let r = client
            .post(app.url("/compte/sessions/fermer-tout"))
            .form(&[("csrf_token", stale.as_str())])
            .send()
            .await
            .expect("POST");
        assert_eq!(r.status(), 403, "token of another session");
    }
    let r = client
        .post(app.url("/compte/sessions/fermer-tout"))
        .form(&[("csrf_token", after.as_str())])
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status(), 303);
}

#[tokio::test]
async fn over_https_the_csrf_cookie_has_the_host_prefix() {
    let app = spawn_app_with(|s| {
        s.server.trusted_proxies = TrustedProxies::parse(["127.0.0.1"]).expect("proxies")
    })
    .await;
    let (_, _, secure) = csrf_via(&app, &[("X-Forwarded-Proto", "https")]).await;
    assert!(secure.starts_with("__Host-guichet_csrf="), "{secure}");
    let lower = secure.to_ascii_lowercase();
    assert!(lower.contains("secure") && lower.contains("path=/") && !lower.contains("domain="));
    let (_, _, plain) = csrf_via(&app, &[]).await;
    assert!(plain.starts_with("guichet_csrf="), "{plain}");
}

#[tokio::test]
async fn upload_forms_carry_the_csrf_token_in_the_body_not_the_url() {
    let app = crate::helpers::spawn_app_seeded().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let id = create_draft(&app, &pro, "question").await;
    let page = pro
        .get(app.url(&format!("/demandes/{id}/modifier")))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("corps");
    assert!(page.contains("enctype=\"multipart/form-data\""));
    assert!(!page.contains("?csrf_token="), "no token in a URL");
    let token = csrf_token(&app, &pro).await;
    let pdf = || {
        reqwest::multipart::Part::bytes(crate::upload_helpers::pdf_of_size(64)).file_name("a.pdf")
    };
    let in_url = pro
        .post(app.url(&format!("/demandes/{id}/pieces?csrf_token={token}")))
        .multipart(reqwest::multipart::Form::new().part("fichier", pdf()))
        .send()
        .await
        .expect("POST");
    assert_eq!(in_url.status(), 403, "the URL is not where the token goes");
    let in_body = pro
        .post(app.url(&format!("/demandes/{id}/pieces")))
        .multipart(
            reqwest::multipart::Form::new()
                .text("csrf_token", token.clone())
                .part("fichier", pdf()),
        )
        .send()
        .await
        .expect("POST");
    assert_eq!(in_body.status(), 303);
    let in_header = pro
        .post(app.url(&format!("/demandes/{id}/pieces")))
        .header("X-CSRF-Token", token)
        .multipart(reqwest::multipart::Form::new().part("fichier", pdf()))
        .send()
        .await
        .expect("POST");
    assert_eq!(in_header.status(), 303);
}
