//! Registration, verification, sign-in, sessions, reset, e-mail change, throttling, CSRF, API tokens.

use chrono::Duration;
use diesel::prelude::*;
use guichet::db::schema::{audit_events, sessions, user_tokens, users};
use guichet::domain::account::Role;
use guichet::domain::identifiers::luhn_complete;

use crate::helpers::{new_client, spawn_app, TestApp};
use crate::session_helpers::*;

async fn register(
    app: &TestApp,
    client: &reqwest::Client,
    email: &str,
    number: &str,
    password: &str,
) -> reqwest::Response {
    post_form(
        app,
        client,
        "/inscription",
        &[
            ("email", email),
            ("password", password),
            ("first_name", "Héloïse"),
            ("last_name", "Durand"),
            ("profession", "medecin"),
            ("situation", "installe"),
            ("professional_number", number),
        ],
    )
    .await
}

#[tokio::test]
async fn register_verify_sign_in_and_sign_out() {
    let app = spawn_app().await;
    let client = new_client();
    let rpps = luhn_complete("1000012345");
    let response = register(&app, &client, "Heloise.Durand@Exemple.fr", &rpps, PASSWORD).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/inscription/envoyee");

    // Not verified yet: sign-in refused with an explanation.
    let response = post_form(
        &app,
        &client,
        "/connexion",
        &[
            ("email", "heloise.durand@exemple.fr"),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(response.status(), 422);
    assert!(response
        .text()
        .await
        .expect("corps")
        .contains("Confirmez d&#x27;abord votre adresse"));

    let mail = wait_for_email(&app, "heloise.durand@exemple.fr", "Confirmez votre adresse").await;
    let link = link_in(&mail.body_text, "/compte/verifier?jeton=");
    let page = client.get(app.url(&link)).send().await.expect("GET lien");
    assert_eq!(
        page.status(),
        200,
        "the link shows a confirmation button, it does not consume the token"
    );
    let jeton = query_value(&link, "jeton");
    let response = post_form(&app, &client, "/compte/verifier", &[("jeton", &jeton)]).await;
    assert_eq!(location(&response), "/connexion?ok=adresse-verifiee");
    let again = post_form(&app, &client, "/compte/verifier", &[("jeton", &jeton)]).await;
    assert_eq!(again.status(), 410, "a verification link works once");

    let response = post_form(
        &app,
        &client,
        "/connexion",
        &[
            ("email", "heloise.durand@exemple.fr"),
            ("password", PASSWORD),
            ("suite", ""),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("guichet_session="))
        .expect("cookie de session")
        .to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let account = client.get(app.url("/compte")).send().await.expect("compte");
    assert_eq!(account.status(), 200);
    assert_eq!(account.headers()["cache-control"], "no-store");
    let html = account.text().await.expect("corps");
    assert!(html.contains("Héloïse Durand"));
    assert!(!html.contains(&rpps), "the full RPPS is never shown back");

    let out = post_form(&app, &client, "/deconnexion", &[]).await;
    assert_eq!(location(&out), "/?ok=deconnecte");
    let after = client.get(app.url("/compte")).send().await.expect("compte");
    assert_eq!(after.status(), 303);
    assert!(location(&after).starts_with("/connexion?suite=%2Fcompte"));
}

#[tokio::test]
async fn registration_errors_are_shown_beside_fields() {
    let app = spawn_app().await;
    let client = new_client();
    let response = register(
        &app,
        &client,
        "pas-une-adresse",
        "10000000000",
        "azertyuiop12",
    )
    .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.expect("corps");
    assert!(
        html.contains("id=\"email-error\""),
        "email error beside the field"
    );
    assert!(html.contains("id=\"password-error\""));
    assert!(html.contains("plus courants"));
    assert!(html.contains("id=\"professional_number-error\""));
    assert!(
        html.contains("clé de contrôle"),
        "the reason of an invalid RPPS is shown"
    );
    assert!(html.contains("value=\"Héloïse\""), "typed values are kept");
    let short = register(&app, &client, "a@exemple.fr", "", "court")
        .await
        .text()
        .await
        .expect("corps");
    assert!(short.contains("au moins 12 caractères"));
    assert!(short.contains("facultatif que pour les étudiants"));
    let mut conn = app.pool.get().expect("connexion");
    let n: i64 = users::table.count().get_result(&mut conn).expect("count");
    assert_eq!(n, 0, "nothing is created on bad input");
}

#[tokio::test]
async fn registering_an_existing_address_reveals_nothing_and_warns_the_owner() {
    let app = spawn_app().await;
    create_user(&app, "deja@exemple.fr", Role::Professional, None, None, &[]).await;
    let response = register(
        &app,
        &new_client(),
        "deja@exemple.fr",
        &luhn_complete("1000012345"),
        PASSWORD,
    )
    .await;
    assert_eq!(
        location(&response),
        "/inscription/envoyee",
        "same answer as for a new address"
    );
    wait_for_email(&app, "deja@exemple.fr", "Tentative d'inscription").await;
    let mut conn = app.pool.get().expect("connexion");
    let n: i64 = users::table
        .filter(users::email.eq("deja@exemple.fr"))
        .count()
        .get_result(&mut conn)
        .expect("count");
    assert_eq!(n, 1);
}

#[tokio::test]
async fn password_reset_link_is_single_use_and_expires() {
    let app = spawn_app().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let old_session = signed_in(&app, "pro@exemple.fr").await;
    let anonymous = new_client();
    let unknown = post_form(
        &app,
        &anonymous,
        "/mot-de-passe/oublie",
        &[("email", "inconnu@exemple.fr")],
    )
    .await;
    let known = post_form(
        &app,
        &anonymous,
        "/mot-de-passe/oublie",
        &[("email", "pro@exemple.fr")],
    )
    .await;
    assert_eq!(unknown.status(), 200);
    assert_eq!(known.status(), 200);
    let (a, b) = (
        unknown.text().await.expect("a"),
        known.text().await.expect("b"),
    );
    assert!(
        a.contains("Si un compte correspond") && b.contains("Si un compte correspond"),
        "same answer either way"
    );

    let mail = wait_for_email(&app, "pro@exemple.fr", "nouveau mot de passe").await;
    let jeton = query_value(
        &link_in(&mail.body_text, "/mot-de-passe/nouveau?jeton="),
        "jeton",
    );
    let new_password = "un tout nouveau mot de passe";
    let done = post_form(
        &app,
        &anonymous,
        "/mot-de-passe/nouveau",
        &[("jeton", &jeton), ("password", new_password)],
    )
    .await;
    assert_eq!(location(&done), "/connexion?ok=mot-de-passe-modifie");
    let reused = post_form(
        &app,
        &anonymous,
        "/mot-de-passe/nouveau",
        &[
            ("jeton", &jeton),
            ("password", "encore un autre mot de passe"),
        ],
    )
    .await;
    assert_eq!(reused.status(), 410, "a reset link reused is refused");
    assert!(reused.text().await.expect("corps").contains("plus valide"));
    wait_for_email(&app, "pro@exemple.fr", "mot de passe a été modifié").await;
    assert_eq!(
        old_session
            .get(app.url("/compte"))
            .send()
            .await
            .expect("compte")
            .status(),
        303,
        "all sessions ended"
    );

    // An expired link is refused too.
    post_form(
        &app,
        &new_client(),
        "/mot-de-passe/oublie",
        &[("email", "pro@exemple.fr")],
    )
    .await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let jeton = loop {
        let mails: Vec<_> = app
            .mailbox
            .messages()
            .into_iter()
            .filter(|m| m.subject.contains("nouveau mot de passe"))
            .collect();
        if mails.len() == 2 {
            break query_value(
                &link_in(&mails[1].body_text, "/mot-de-passe/nouveau?jeton="),
                "jeton",
            );
        }
        assert!(std::time::Instant::now() < deadline, "second reset e-mail");
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    };
    let mut conn = app.pool.get().expect("connexion");
    diesel::update(user_tokens::table.filter(user_tokens::used_at.is_null()))
        .set(user_tokens::expires_at.eq(app.now() - Duration::minutes(1)))
        .execute(&mut conn)
        .expect("expire");
    let expired = post_form(
        &app,
        &anonymous,
        "/mot-de-passe/nouveau",
        &[
            ("jeton", &jeton),
            ("password", "encore un autre mot de passe"),
        ],
    )
    .await;
    assert_eq!(expired.status(), 410, "an expired link is refused");
}

#[tokio::test]
async fn session_cookie_is_refused_after_sign_out_and_after_idle_timeout() {
    let app = spawn_app().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let client = new_client();
    let response = post_form(
        &app,
        &client,
        "/connexion",
        &[("email", "pro@exemple.fr"), ("password", PASSWORD)],
    )
    .await;
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("guichet_session="))
        .expect("cookie")
        .split(';')
        .next()
        .expect("valeur")
        .to_string();
    post_form(&app, &client, "/deconnexion", &[]).await;
    let replay = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let response = replay
        .get(app.url("/compte"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("replay");
    assert_eq!(
        response.status(),
        303,
        "session cookie after sign-out is refused"
    );

    let client = signed_in(&app, "pro@exemple.fr").await;
    let mut conn = app.pool.get().expect("connexion");
    diesel::update(sessions::table.filter(sessions::revoked_at.is_null()))
        .set(sessions::idle_expires_at.eq(app.now() - Duration::seconds(1)))
        .execute(&mut conn)
        .expect("idle");
    assert_eq!(
        client
            .get(app.url("/compte"))
            .send()
            .await
            .expect("compte")
            .status(),
        303,
        "idle timeout"
    );
}

#[tokio::test]
async fn sixth_rapid_wrong_password_waits_and_attempts_are_audited() {
    let app = spawn_app().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let client = new_client();
    for attempt in 1..=5 {
        let r = post_form(
            &app,
            &client,
            "/connexion",
            &[
                ("email", "pro@exemple.fr"),
                ("password", "mauvais mot de passe"),
            ],
        )
        .await;
        assert_eq!(r.status(), 422, "attempt {attempt}");
        assert!(r
            .text()
            .await
            .expect("corps")
            .contains("Adresse électronique ou mot de passe incorrect"));
    }
    let r = post_form(
        &app,
        &client,
        "/connexion",
        &[("email", "pro@exemple.fr"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), 429);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .expect("header")
        .parse()
        .expect("secondes");
    assert!(retry > 0 && retry <= 900, "{retry}");
    let mut conn = app.pool.get().expect("connexion");
    let failures: i64 =
        guichet::db::audit::count_event(&mut conn, "signin_failure").expect("count");
    assert_eq!(failures, 5);
    let details: Vec<String> = audit_events::table
        .select(audit_events::detail)
        .load(&mut conn)
        .expect("details");
    assert!(
        details
            .iter()
            .all(|d| !d.contains("mauvais") && !d.contains("pro@exemple.fr")),
        "no password or full address in the audit log: {details:?}"
    );
    let tamper = diesel::update(audit_events::table)
        .set(audit_events::detail.eq("effacé"))
        .execute(&mut conn);
    assert!(tamper.is_err(), "the audit log is append-only");
}

#[tokio::test]
async fn forms_without_csrf_token_or_from_another_origin_are_refused() {
    let app = spawn_app().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let client = new_client();
    let token = csrf_token(&app, &client).await;
    let no_token = client
        .post(app.url("/connexion"))
        .form(&[("email", "pro@exemple.fr"), ("password", PASSWORD)])
        .send()
        .await
        .expect("POST");
    assert_eq!(no_token.status(), 403);
    assert!(no_token
        .text()
        .await
        .expect("corps")
        .contains("Formulaire expiré"));
    let wrong = client
        .post(app.url("/connexion"))
        .form(&[
            ("email", "pro@exemple.fr"),
            ("password", PASSWORD),
            ("csrf_token", &"0".repeat(64)),
        ])
        .send()
        .await
        .expect("POST");
    assert_eq!(wrong.status(), 403);
    let foreign = client
        .post(app.url("/connexion"))
        .header("origin", "https://attaquant.example")
        .form(&[
            ("email", "pro@exemple.fr"),
            ("password", PASSWORD),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .expect("POST");
    assert_eq!(foreign.status(), 403);
    let same = client
        .post(app.url("/connexion"))
        .header("origin", app.address.clone())
        .form(&[
            ("email", "pro@exemple.fr"),
            ("password", PASSWORD),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .expect("POST");
    assert_eq!(same.status(), 303);
}

#[tokio::test]
async fn changing_the_password_ends_every_session_and_notifies() {
    let app = spawn_app().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let (a, b) = (
        signed_in(&app, "pro@exemple.fr").await,
        signed_in(&app, "pro@exemple.fr").await,
    );
    let sessions_page = a
        .get(app.url("/compte/sessions"))
        .send()
        .await
        .expect("sessions")
        .text()
        .await
        .expect("corps");
    assert_eq!(
        sessions_page.matches("<tr><td>").count(),
        2,
        "both sessions listed"
    );
    let wrong = post_form(
        &app,
        &a,
        "/compte/mot-de-passe",
        &[("current_password", "faux"), ("new_password", "court")],
    )
    .await;
    assert_eq!(wrong.status(), 422);
    let html = wrong.text().await.expect("corps");
    assert!(html.contains("actuel est incorrect") && html.contains("au moins 12"));
    let ok = post_form(
        &app,
        &a,
        "/compte/mot-de-passe",
        &[
            ("current_password", PASSWORD),
            ("new_password", "mon nouveau mot de passe"),
        ],
    )
    .await;
    assert_eq!(location(&ok), "/connexion?ok=mot-de-passe-modifie");
    for client in [&a, &b] {
        assert_eq!(
            client
                .get(app.url("/compte"))
                .send()
                .await
                .expect("compte")
                .status(),
            303
        );
    }
    wait_for_email(&app, "pro@exemple.fr", "mot de passe a été modifié").await;
}

#[tokio::test]
async fn sign_out_everywhere_and_change_of_address() {
    let app = spawn_app().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let other = signed_in(&app, "pro@exemple.fr").await;
    let client = signed_in(&app, "pro@exemple.fr").await;
    let r = post_form(
        &app,
        &client,
        "/compte/courriel",
        &[
            ("new_email", "nouvelle@exemple.fr"),
            ("current_password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(location(&r), "/compte?ok=courriel-envoye");
    let mail = wait_for_email(
        &app,
        "nouvelle@exemple.fr",
        "Confirmez votre nouvelle adresse",
    )
    .await;
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
    wait_for_email(
        &app,
        "pro@exemple.fr",
        "adresse électronique a été modifiée",
    )
    .await;
    assert!(client
        .get(app.url("/compte"))
        .send()
        .await
        .expect("compte")
        .text()
        .await
        .expect("corps")
        .contains("nouvelle@exemple.fr"));

    let r = post_form(&app, &client, "/compte/sessions/fermer-tout", &[]).await;
    assert_eq!(location(&r), "/connexion?ok=sessions-fermees");
    assert_eq!(
        other
            .get(app.url("/compte"))
            .send()
            .await
            .expect("compte")
            .status(),
        303
    );
    assert_eq!(
        client
            .get(app.url("/compte"))
            .send()
            .await
            .expect("compte")
            .status(),
        303
    );
}

#[tokio::test]
async fn api_uses_bearer_tokens_never_cookies() {
    let app = spawn_app().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let client = signed_in(&app, "pro@exemple.fr").await;
    let with_cookie = client
        .get(app.url("/api/v1/moi"))
        .send()
        .await
        .expect("api");
    assert_eq!(
        with_cookie.status(),
        401,
        "the session cookie does not authenticate the API"
    );
    let page = post_form(
        &app,
        &client,
        "/compte/jetons",
        &[
            ("name", "logiciel du cabinet"),
            ("current_password", PASSWORD),
        ],
    )
    .await
    .text()
    .await
    .expect("corps");
    let start = page
        .find("<code id=\"nouveau-jeton\">")
        .expect("jeton affiché")
        + "<code id=\"nouveau-jeton\">".len();
    let token = &page[start..start + 64];
    let me: serde_json::Value = new_client()
        .get(app.url("/api/v1/moi"))
        .bearer_auth(token)
        .send()
        .await
        .expect("api")
        .json()
        .await
        .expect("json");
    assert_eq!(me["email"], "pro@exemple.fr");
    assert_eq!(me["role"], "professional");
    let bad = new_client()
        .get(app.url("/api/v1/moi"))
        .bearer_auth("0".repeat(64))
        .send()
        .await
        .expect("api");
    assert_eq!(bad.status(), 401);
}
