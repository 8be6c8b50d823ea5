//! Two factors for staff (issue 16, point 12): administrators set an application up at their
//! first sign-in and type a code at each one after; a code is accepted once; recovery codes work
//! once each; wrong codes are throttled; a région may require it of its référents and agents; an
//! administrator of the région resets a lost phone (audited); anyone may turn it on for
//! themself, and off where it is not required.

use chrono::TimeDelta;
use guichet::domain::account::Role;

use crate::helpers::{new_client, spawn_app, TestApp};
use crate::second_factor_helpers::{next_code, pass_second_step};
use crate::session_helpers::*;

const ADMIN: &str = "admin@ars.test";
const REFERENT: &str = "referent@guichet.test";

async fn app_with_staff() -> TestApp {
    let app = spawn_app().await;
    app.import_fixture_communes();
    create_user(&app, ADMIN, Role::Admin, Some("93"), None, &[]).await;
    create_user(&app, REFERENT, Role::Referent, Some("93"), None, &["13"]).await;
    app
}

async fn password_step(app: &TestApp, client: &reqwest::Client, email: &str) -> reqwest::Response {
    post_form(
        app,
        client,
        "/connexion",
        &[("email", email), ("password", PASSWORD), ("suite", "")],
    )
    .await
}

fn audit_events(app: &TestApp) -> Vec<String> {
    use diesel::prelude::*;
    use guichet::db::schema::audit_events;
    let mut conn = app.pool.get().expect("connexion");
    audit_events::table
        .select(audit_events::event)
        .load(&mut conn)
        .expect("journal")
}

#[tokio::test]
async fn an_administrator_sets_an_application_up_then_types_a_code_once() {
    let app = app_with_staff().await;
    let client = new_client();
    let response = password_step(&app, &client, ADMIN).await;
    assert_eq!(response.status(), 303);
    assert!(location(&response).starts_with("/connexion/activation"));
    // The password alone opens no session.
    assert_eq!(status_of(&app, &client, "/admin").await, 303);
    let page = text_of(&app, &client, "/connexion/activation").await;
    assert!(page.contains("<svg"), "code QR dans la page");
    assert!(page.contains("cle-secrete"));

    let wrong = post_form(
        &app,
        &client,
        "/connexion/activation",
        &[("code", "000000")],
    )
    .await;
    assert_eq!(wrong.status(), 422);
    let body = wrong.text().await.unwrap_or_default();
    assert!(body.contains("Code incorrect"), "{body}");
    assert_eq!(status_of(&app, &client, "/admin").await, 303);

    let code = next_code(&app, ADMIN);
    let done = post_form(&app, &client, "/connexion/activation", &[("code", &code)]).await;
    assert_eq!(done.status(), 200);
    let body = done.text().await.unwrap_or_default();
    let recovery: Vec<String> = body
        .split("<code>")
        .skip(1)
        .filter_map(|s| s.split("</code>").next())
        .map(str::to_string)
        .collect();
    assert_eq!(recovery.len(), 10, "dix codes de secours : {body}");
    assert_eq!(status_of(&app, &client, "/admin").await, 200);
    assert!(audit_events(&app).contains(&"second_factor_enabled".to_string()));

    // Next sign-in: the same code again is refused (already used), a new one passes.
    let other = new_client();
    let response = password_step(&app, &other, ADMIN).await;
    assert!(location(&response).starts_with("/connexion/code"));
    let replay = post_form(&app, &other, "/connexion/code", &[("code", &code)]).await;
    assert_eq!(replay.status(), 422);
    assert_eq!(status_of(&app, &other, "/admin").await, 303);
    let fresh = next_code(&app, ADMIN);
    let passed = post_form(&app, &other, "/connexion/code", &[("code", &fresh)]).await;
    assert_eq!(passed.status(), 303);
    assert_eq!(location(&passed), "/admin/utilisateurs");
    assert_eq!(status_of(&app, &other, "/admin").await, 200);

    // A recovery code works once.
    for (attempt, expected) in [(1, 303), (2, 422)] {
        let phone_lost = new_client();
        password_step(&app, &phone_lost, ADMIN).await;
        let r = post_form(
            &app,
            &phone_lost,
            "/connexion/code",
            &[("code", &recovery[0])],
        )
        .await;
        assert_eq!(r.status(), expected, "code de secours, essai {attempt}");
    }
    assert!(audit_events(&app).contains(&"recovery_code_used".to_string()));
}

#[tokio::test]
async fn wrong_codes_are_throttled_and_the_step_expires() {
    let app = app_with_staff().await;
    signed_in(&app, ADMIN).await;
    let client = new_client();
    password_step(&app, &client, ADMIN).await;
    let mut statuses = Vec::new();
    for _ in 0..11 {
        let r = post_form(&app, &client, "/connexion/code", &[("code", "123456")]).await;
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses[..10], [422; 10]);
    assert_eq!(statuses[10], 429, "{statuses:?}");

    // The step lasts ten minutes; after that, back to the password.
    let late = new_client();
    password_step(&app, &late, ADMIN).await;
    app.clock.advance(TimeDelta::minutes(11));
    let code = next_code(&app, ADMIN);
    let r = post_form(&app, &late, "/connexion/code", &[("code", &code)]).await;
    assert_eq!(r.status(), 303);
    assert!(location(&r).contains("etape=expiree"), "{}", location(&r));
    assert_eq!(status_of(&app, &late, "/compte").await, 303);
}

#[tokio::test]
async fn a_region_requires_it_of_its_referents_and_an_admin_resets_a_lost_phone() {
    let app = app_with_staff().await;
    create_user(&app, "admin84@ars.test", Role::Admin, Some("84"), None, &[]).await;
    // Optional by default: the référent signs in with the password alone.
    let client = new_client();
    let r = password_step(&app, &client, REFERENT).await;
    assert_eq!(location(&r), "/compte");

    let admin = signed_in(&app, ADMIN).await;
    let page = text_of(&app, &admin, "/admin/securite").await;
    assert!(page.contains(REFERENT) && page.contains("non configurée"));
    let saved = post_form(&app, &admin, "/admin/securite", &[("obligatoire", "oui")]).await;
    assert_eq!(location(&saved), "/admin/securite?ok=securite-enregistree");

    let referent = new_client();
    let r = password_step(&app, &referent, REFERENT).await;
    assert!(location(&r).starts_with("/connexion/activation"));
    let r = pass_second_step(&app, &referent, REFERENT, r).await;
    assert_eq!(r.status(), 200);
    assert_eq!(status_of(&app, &referent, "/compte").await, 200);

    // Lost phone: the admin of another région may not reset; the région's admin may.
    let referent_id = {
        let mut conn = app.pool.get().expect("connexion");
        guichet::db::users::find_by_email(&mut conn, REFERENT)
            .expect("lecture")
            .expect("compte")
            .id
    };
    let path = format!("/admin/utilisateurs/{referent_id}/double-authentification/reinitialiser");
    let stranger = signed_in(&app, "admin84@ars.test").await;
    assert_eq!(post_form(&app, &stranger, &path, &[]).await.status(), 404);
    let reset = post_form(&app, &admin, &path, &[]).await;
    assert_eq!(
        location(&reset),
        "/admin/securite?ok=double-authentification-reinitialisee"
    );
    assert!(audit_events(&app).contains(&"second_factor_reset".to_string()));
    // The référent's sessions ended; the next sign-in sets a new application up.
    assert_eq!(status_of(&app, &referent, "/compte").await, 303);
    let r = password_step(&app, &new_client(), REFERENT).await;
    assert!(location(&r).starts_with("/connexion/activation"));

    // Back to optional: the référent without an application signs in with the password.
    post_form(&app, &admin, "/admin/securite", &[]).await;
    let r = password_step(&app, &new_client(), REFERENT).await;
    assert_eq!(location(&r), "/compte");
}

#[tokio::test]
async fn a_professional_turns_it_on_and_off_an_administrator_cannot_turn_it_off() {
    let app = app_with_staff().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let started = post_form(&app, &pro, "/compte/double-authentification/activer", &[]).await;
    assert_eq!(started.status(), 303);
    let page = text_of(&app, &pro, "/compte/double-authentification").await;
    assert!(page.contains("cle-secrete"), "{page}");
    let code = next_code(&app, "pro@exemple.fr");
    let confirmed = post_form(
        &app,
        &pro,
        "/compte/double-authentification/confirmer",
        &[("code", &code)],
    )
    .await;
    assert_eq!(confirmed.status(), 200);
    // Now the sign-in asks for a code.
    let r = password_step(&app, &new_client(), "pro@exemple.fr").await;
    assert!(location(&r).starts_with("/connexion/code"));

    let off = "/compte/double-authentification/desactiver";
    let wrong = post_form(&app, &pro, off, &[("current_password", "faux")]).await;
    assert_eq!(wrong.status(), 422);
    let done = post_form(&app, &pro, off, &[("current_password", PASSWORD)]).await;
    assert_eq!(
        location(&done),
        "/compte/double-authentification?ok=double-authentification-desactivee"
    );
    let r = password_step(&app, &new_client(), "pro@exemple.fr").await;
    assert_eq!(location(&r), "/compte");

    let admin = signed_in(&app, ADMIN).await;
    let refused = post_form(&app, &admin, off, &[("current_password", PASSWORD)]).await;
    assert_eq!(refused.status(), 422);
    let body = refused.text().await.unwrap_or_default();
    assert!(body.contains("obligatoire pour votre rôle"), "{body}");
    // New recovery codes need the password again.
    let renew = "/compte/double-authentification/codes-de-secours";
    let r = post_form(&app, &admin, renew, &[("current_password", PASSWORD)]).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.text().await.unwrap_or_default().matches("<code>").count(),
        10
    );
}
