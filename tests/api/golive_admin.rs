//! `guichet admin create | list | disable`: the first administrator of a région other than the
//! demo one, from the command to signing in; refusals with exit code 2.

use chrono::TimeDelta;
use guichet::ops::admin::{create, NewAdmin};

use crate::cli::{guichet, run};
use crate::helpers::{fresh_database_url, spawn_app};
use crate::session_helpers::{
    link_in, location, post_form, query_value, signed_in, wait_for_email, PASSWORD,
};

#[tokio::test]
async fn the_first_admin_of_bretagne_chooses_a_password_and_signs_in() {
    let app = spawn_app().await;
    let created = {
        let mut conn = app.pool.get().expect("connexion");
        let request = NewAdmin {
            email: "Anne.LeGall@exemple.fr",
            region: Some("53"),
            name: Some("Anne Le Gall"),
            send_email: true,
        };
        create(&mut conn, app.settings(), &request, app.now()).expect("admin create")
    };
    assert_eq!(created.email, "anne.legall@exemple.fr");
    assert!(created.scope.contains("53 Bretagne"), "{}", created.scope);
    assert!(
        created.link.contains("/invitation?jeton="),
        "{}",
        created.link
    );
    // The same link also went by e-mail, saying how long it lives.
    let mail = wait_for_email(&app, "anne.legall@exemple.fr", "accès").await;
    assert!(mail.body_text.contains("24 heures"), "{}", mail.body_text);
    assert_eq!(
        query_value(&link_in(&mail.body_text, "/invitation"), "jeton"),
        query_value(&created.link, "jeton")
    );

    let jeton = query_value(&created.link, "jeton");
    let page = app.get(&format!("/invitation?jeton={jeton}")).await;
    assert_eq!(page.status(), 200);
    let client = crate::helpers::new_client();
    let r = post_form(
        &app,
        &client,
        "/invitation",
        &[("jeton", &jeton), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    // One time only.
    let again = app.get(&format!("/invitation?jeton={jeton}")).await;
    assert_eq!(again.status(), 410);

    let admin = signed_in(&app, "anne.legall@exemple.fr").await;
    let r = admin.get(app.url("/admin")).send().await.expect("GET");
    assert_eq!(r.status(), 200);
    let r = admin
        .get(app.url("/admin/invitations/nouvelle"))
        .send()
        .await
        .expect("GET");
    let html = r.text().await.expect("corps");
    assert!(
        html.contains("35 (Ille-et-Vilaine)"),
        "her région's départements"
    );
}

#[tokio::test]
async fn the_link_lives_24_hours() {
    let app = spawn_app().await;
    let created = {
        let mut conn = app.pool.get().expect("connexion");
        let request = NewAdmin {
            email: "tardif@exemple.fr",
            region: Some("53"),
            name: None,
            send_email: false,
        };
        create(&mut conn, app.settings(), &request, app.now()).expect("admin create")
    };
    let jeton = query_value(&created.link, "jeton");
    app.clock.advance(TimeDelta::hours(23));
    assert_eq!(
        app.get(&format!("/invitation?jeton={jeton}"))
            .await
            .status(),
        200
    );
    app.clock.advance(TimeDelta::hours(2));
    assert_eq!(
        app.get(&format!("/invitation?jeton={jeton}"))
            .await
            .status(),
        410
    );
    assert!(app.mailbox.messages().is_empty(), "no e-mail asked for");
}

#[test]
fn admin_commands_refuse_with_one_line_and_exit_2() {
    let dir = tempfile::tempdir().expect("tmp");
    let url = fresh_database_url(dir.path());
    let cmd = |args: &[&str]| {
        run(guichet()
            .args(args)
            .env("DATABASE_URL", &url)
            .env("GUICHET__MAIL__DIR", dir.path().join("mail")))
    };
    let (code, out, err) = cmd(&[
        "admin",
        "create",
        "--email",
        "yann@exemple.fr",
        "--region",
        "53",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("http://"), "{out}");
    assert!(out.contains("/invitation?jeton="), "{out}");
    assert!(out.contains("24 heures"), "{out}");
    assert!(out.contains("courriel"), "file transport configured: {out}");

    let (code, _, err) = cmd(&[
        "admin",
        "create",
        "--email",
        "yann@exemple.fr",
        "--region",
        "53",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("existe déjà"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");

    let (code, _, err) = cmd(&[
        "admin",
        "create",
        "--email",
        "autre@exemple.fr",
        "--region",
        "99",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("région « 99 » inconnue"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");

    let (code, out, err) = cmd(&["admin", "create", "--email", "nat@exemple.fr", "--national"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("national"), "{out}");

    let (code, out, err) = cmd(&["admin", "list"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("yann@exemple.fr") && out.contains("région 53"),
        "{out}"
    );
    assert!(
        out.contains("nat@exemple.fr") && out.contains("national"),
        "{out}"
    );
    assert!(out.contains("mot de passe à choisir"), "{out}");

    let (code, _, err) = cmd(&["admin", "disable", "--email", "yann@exemple.fr"]);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = cmd(&["admin", "list"]);
    let line = out
        .lines()
        .find(|l| l.contains("yann@"))
        .unwrap_or_default();
    assert!(line.contains("désactivé"), "{out}");
    let (code, _, err) = cmd(&["admin", "disable", "--email", "personne@exemple.fr"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[tokio::test]
async fn a_disabled_admin_cannot_sign_in_any_more() {
    let app = spawn_app().await;
    let mut conn = app.pool.get().expect("connexion");
    let request = NewAdmin {
        email: "bientot.parti@exemple.fr",
        region: Some("53"),
        name: Some("Loïc Morvan"),
        send_email: false,
    };
    let created = create(&mut conn, app.settings(), &request, app.now()).expect("create");
    let jeton = query_value(&created.link, "jeton");
    let client = crate::helpers::new_client();
    let r = post_form(
        &app,
        &client,
        "/invitation",
        &[("jeton", &jeton), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), 303);
    let admin = signed_in(&app, "bientot.parti@exemple.fr").await;
    guichet::ops::admin::disable(&mut conn, "bientot.parti@exemple.fr", app.now())
        .expect("disable");
    let r = admin.get(app.url("/admin")).send().await.expect("GET");
    assert_ne!(r.status(), 200, "session closed");
    let client = crate::helpers::new_client();
    let r = post_form(
        &app,
        &client,
        "/connexion",
        &[
            ("email", "bientot.parti@exemple.fr"),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(r.status(), 422, "{}", location(&r));
}
