//! The texts of a région, administered from the browser: an information page and the "Qui
//! contacter ?" introduction edited with a preview, saved as versions, listed with their author,
//! restored; the visitors of the région read them, the others the national text; every change in
//! the audit log; out of scope is a 404; a refused text is a 422 that keeps what was typed.

use guichet::domain::account::Role;

use crate::helpers::{new_client, spawn_app_seeded, TestApp};
use crate::session_helpers::{create_user, location, post_form, signed_in};

const EDITOR: &str = "/admin/contenus/medecin-s-installer";
const PUBLIC: &str = "/informations/medecin/s-installer";
const FIRST: &str = "## Installation en Provence\n\nLe guichet régional reçoit [vos projets](/demandes/nouvelle?type=installation-liberal).\n\n<script>alert(1)</script>\n";
const SECOND: &str = "## Deuxième rédaction régionale\n\nTexte revu par l'ARS.\n";

/// The HTML as a reader sees it (Tera escapes `/` and quotes).
fn text_of(html: &str) -> String {
    html.replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

async fn body(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let response = client.get(app.url(path)).send().await.expect("GET");
    let status = response.status().as_u16();
    (status, text_of(&response.text().await.expect("corps")))
}

/// The ids of the versions linked from a history page, latest first.
fn version_ids(html: &str) -> Vec<String> {
    let marker = format!("{EDITOR}/versions/");
    let mut ids: Vec<String> = Vec::new();
    for part in html.split(&marker).skip(1) {
        let id: String = part
            .chars()
            .take_while(|c| c.is_ascii_hexdigit() || *c == '-')
            .collect();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

fn audit_count(app: &TestApp) -> i64 {
    let mut conn = app.pool.get().expect("connexion");
    guichet::db::audit::count_event(&mut conn, guichet::regional_content::AUDIT_EVENT)
        .expect("journal")
}

/// A page five times as long as the longest national one (beyond a form's default 16 KiB).
async fn assert_long_pages_are_accepted(app: &TestApp, admin: &reqwest::Client) {
    let source =
        std::fs::read_to_string(crate::helpers::root().join("content/medecin/s-installer.md"))
            .expect("page nationale");
    let (_, national) = guichet::domain::content::split_front_matter(&source).expect("en-tête");
    let long = [national; 5].join("\n\n");
    assert!(long.len() > 18_000, "{}", long.len());
    let r = post_form(
        app,
        admin,
        EDITOR,
        &[("body", &long), ("action", "enregistrer")],
    )
    .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let (_, public) = body(&new_client(), app, &format!("{PUBLIC}?region=93")).await;
    assert_eq!(
        public
            .matches("Choisir son lieu d'exercice : le zonage")
            .count(),
        5
    );
}

#[tokio::test]
async fn an_admin_rewrites_a_page_of_her_region_and_restores_an_old_version() {
    let app = spawn_app_seeded().await;
    create_user(&app, "admin@exemple.fr", Role::Admin, Some("93"), None, &[]).await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let admin = signed_in(&app, "admin@exemple.fr").await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let visitor = new_client();

    // The list, then the editor, pre-filled with the national text.
    let (status, list) = body(&admin, &app, "/admin/contenus").await;
    assert_eq!(status, 200);
    assert!(list.contains(EDITOR), "{list}");
    assert!(list.contains("Qui contacter"), "{list}");
    let (status, editor) = body(&admin, &app, EDITOR).await;
    assert_eq!(status, 200);
    assert!(
        editor.contains("## Choisir son lieu d'exercice : le zonage"),
        "the national text is the default"
    );
    assert!(editor.contains("Prévisualiser"));
    assert!(editor.contains("name=\"csrf_token\""));

    // Preview: rendered like the content pages (raw HTML escaped), nothing saved.
    let r = post_form(
        &app,
        &admin,
        EDITOR,
        &[("body", FIRST), ("action", "previsualiser")],
    )
    .await;
    assert_eq!(r.status(), 200);
    let preview = r.text().await.expect("corps");
    assert!(
        preview.contains("<h2>Installation en Provence</h2>"),
        "{preview}"
    );
    assert!(preview.contains("&lt;script&gt;"), "raw HTML shown as text");
    assert!(!preview.contains("<script>alert"), "raw HTML never passed");
    assert!(text_of(&preview).contains("Installation en Provence\n\nLe guichet"));
    let (_, public) = body(&visitor, &app, &format!("{PUBLIC}?region=93")).await;
    assert!(!public.contains("Installation en Provence"), "preview only");
    assert_eq!(audit_count(&app), 0);

    // Save: a visitor of the région reads it, the national text elsewhere.
    let r = post_form(
        &app,
        &admin,
        EDITOR,
        &[("body", FIRST), ("action", "enregistrer")],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("{EDITOR}?ok=texte-enregistre"));
    for (client, path) in [
        (&visitor, format!("{PUBLIC}?region=93")),
        (&pro, format!("{PUBLIC}?region=93")),
        (&admin, PUBLIC.to_string()),
    ] {
        let (status, html) = body(client, &app, &path).await;
        assert_eq!(status, 200);
        assert!(html.contains("<h2>Installation en Provence</h2>"), "{path}");
        assert!(html.contains("Texte de la région Provence-Alpes-Côte d'Azur"));
    }
    for path in [PUBLIC.to_string(), format!("{PUBLIC}?region=84")] {
        let (_, html) = body(&visitor, &app, &path).await;
        assert!(!html.contains("Installation en Provence"), "{path}");
        assert!(html.contains("Choisir son lieu d'exercice"), "{path}");
    }
    // The other pages of the région keep the national text.
    let (_, other) = body(&visitor, &app, "/informations/medecin/exercer?region=93").await;
    assert!(!other.contains("Installation en Provence"));

    // A second version, then the history: both, with their author.
    let r = post_form(
        &app,
        &admin,
        EDITOR,
        &[("body", SECOND), ("action", "enregistrer")],
    )
    .await;
    assert_eq!(r.status(), 303);
    let (_, public) = body(&visitor, &app, &format!("{PUBLIC}?region=93")).await;
    assert!(public.contains("Deuxième rédaction régionale"));
    assert!(!public.contains("Installation en Provence"));
    let (status, history) = body(&admin, &app, &format!("{EDITOR}/historique")).await;
    assert_eq!(status, 200);
    assert_eq!(
        history.matches("Prénom admin (admin@exemple.fr)").count(),
        2,
        "{history}"
    );
    let ids = version_ids(&history);
    assert_eq!(ids.len(), 2, "{history}");
    let (second_id, first_id) = (&ids[0], &ids[1]);
    assert_ne!(first_id, second_id);
    let (status, old) = body(&admin, &app, &format!("{EDITOR}/versions/{first_id}")).await;
    assert_eq!(status, 200);
    assert!(old.contains("<h2>Installation en Provence</h2>"));
    assert!(old.contains("Rétablir cette version"));

    // Restore the first: a third version with its text, read by the visitors again.
    let r = post_form(
        &app,
        &admin,
        &format!("{EDITOR}/versions/{first_id}/retablir"),
        &[],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        location(&r),
        format!("{EDITOR}/historique?ok=version-retablie")
    );
    let (_, public) = body(&visitor, &app, &format!("{PUBLIC}?region=93")).await;
    assert!(public.contains("<h2>Installation en Provence</h2>"));
    assert!(!public.contains("Deuxième rédaction régionale"));
    let (_, history) = body(&admin, &app, &format!("{EDITOR}/historique")).await;
    assert_eq!(version_ids(&history).len(), 3);
    assert!(
        history.contains("rétablissement de la version 1"),
        "{history}"
    );

    // Every change is in the audit log, shown to the admins of the région.
    assert_eq!(audit_count(&app), 3);
    assert_long_pages_are_accepted(&app, &admin).await;
    assert_eq!(audit_count(&app), 4);
    let (_, journal) = body(&admin, &app, "/admin/journal").await;
    assert!(journal.contains("contenu-regional-modifie"));
    assert!(journal.contains("version 3 (rétablissement de la version 1)"));
    assert!(journal.contains("version 4 enregistrée"));
    assert!(journal.contains("version 2 enregistrée"));
}

#[tokio::test]
async fn the_contacts_introduction_follows_the_commune_typed() {
    let app = spawn_app_seeded().await;
    create_user(&app, "admin@exemple.fr", Role::Admin, Some("93"), None, &[]).await;
    let admin = signed_in(&app, "admin@exemple.fr").await;
    let visitor = new_client();
    let (status, editor) = body(&admin, &app, "/admin/contenus/qui-contacter").await;
    assert_eq!(status, 200);
    assert!(
        editor.contains("Indiquez votre commune d'exercice"),
        "national default"
    );
    let r = post_form(
        &app,
        &admin,
        "/admin/contenus/qui-contacter",
        &[
            ("body", "Le guichet de PACA répond au **04 00 00 00 00**."),
            ("action", "enregistrer"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    let (_, marseille) = body(
        &visitor,
        &app,
        "/qui-contacter?commune=13055&profession=medecin",
    )
    .await;
    assert!(
        marseille.contains("<strong>04 00 00 00 00</strong>"),
        "{marseille}"
    );
    let (_, rennes) = body(
        &visitor,
        &app,
        "/qui-contacter?commune=35238&profession=medecin",
    )
    .await;
    assert!(!rennes.contains("Le guichet de PACA"));
    assert!(rennes.contains("Indiquez votre commune d'exercice"));
    // Before a commune is typed: the région chosen, else the national text.
    let (_, chosen) = body(&visitor, &app, "/qui-contacter?region=93").await;
    assert!(chosen.contains("Le guichet de PACA"));
    let (_, plain) = body(&visitor, &app, "/qui-contacter").await;
    assert!(!plain.contains("Le guichet de PACA"));
    // The commune typed wins over the région chosen.
    let (_, typed) = body(
        &visitor,
        &app,
        "/qui-contacter?commune=35238&profession=medecin&region=93",
    )
    .await;
    assert!(!typed.contains("Le guichet de PACA"));
    assert_eq!(audit_count(&app), 1);
}

#[tokio::test]
async fn out_of_scope_is_a_404_and_a_refused_text_keeps_what_was_typed() {
    let app = spawn_app_seeded().await;
    create_user(&app, "admin@exemple.fr", Role::Admin, Some("93"), None, &[]).await;
    create_user(
        &app,
        "admin84@exemple.fr",
        Role::Admin,
        Some("84"),
        None,
        &[],
    )
    .await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let admin = signed_in(&app, "admin@exemple.fr").await;
    let other = signed_in(&app, "admin84@exemple.fr").await;
    let pro = signed_in(&app, "pro@exemple.fr").await;

    let r = post_form(
        &app,
        &admin,
        EDITOR,
        &[("body", FIRST), ("action", "enregistrer")],
    )
    .await;
    assert_eq!(r.status(), 303);
    let (_, history) = body(&admin, &app, &format!("{EDITOR}/historique")).await;
    let id = version_ids(&history).pop().expect("une version");
    let version = format!("{EDITOR}/versions/{id}");
    let restore = format!("{version}/retablir");

    // Another région's admin: her own texts, never this version.
    assert_eq!(body(&other, &app, &version).await.0, 404);
    assert_eq!(post_form(&app, &other, &restore, &[]).await.status(), 404);
    let (status, hers) = body(&other, &app, &format!("{EDITOR}/historique")).await;
    assert_eq!(status, 200);
    assert!(version_ids(&hers).is_empty());
    let (_, editor) = body(&other, &app, EDITOR).await;
    assert!(
        !editor.contains("Installation en Provence"),
        "her région has none"
    );

    // A professional: no administration page at all.
    for path in [
        "/admin/contenus".to_string(),
        EDITOR.to_string(),
        format!("{EDITOR}/historique"),
        version.clone(),
    ] {
        assert_eq!(body(&pro, &app, &path).await.0, 404, "{path}");
    }
    let r = post_form(
        &app,
        &pro,
        EDITOR,
        &[("body", SECOND), ("action", "enregistrer")],
    )
    .await;
    assert_eq!(r.status(), 404);
    assert_eq!(post_form(&app, &pro, &restore, &[]).await.status(), 404);
    // Anonymous visitors are sent to the sign-in page; an unknown text is a 404.
    let anonymous = new_client().get(app.url(EDITOR)).send().await.expect("GET");
    assert_eq!(anonymous.status(), 303);
    assert_eq!(
        body(&admin, &app, "/admin/contenus/medecin-partir").await.0,
        404
    );

    // A link to an unknown path: 422, the message and its line beside the field, the text kept.
    let typed = "## Mon titre\n\nVoir [cette page](/nulle-part) pour tout-savoir-mot-témoin.\n";
    for action in ["previsualiser", "enregistrer"] {
        let r = post_form(&app, &admin, EDITOR, &[("body", typed), ("action", action)]).await;
        assert_eq!(r.status(), 422, "{action}");
        let html = text_of(&r.text().await.expect("corps"));
        let error = html
            .split("id=\"body-error\"")
            .nth(1)
            .expect("message beside the field");
        assert!(error.contains("Ligne 3"), "{error}");
        assert!(error.contains("/nulle-part"), "{error}");
        assert!(html.contains("aria-invalid=\"true\""));
        assert!(
            html.contains("pour tout-savoir-mot-témoin."),
            "typed text kept"
        );
        assert!(html.contains("## Mon titre"), "typed text kept");
    }
    let (_, history) = body(&admin, &app, &format!("{EDITOR}/historique")).await;
    assert_eq!(version_ids(&history).len(), 1, "nothing saved");
    // An empty text is refused too.
    let r = post_form(
        &app,
        &admin,
        EDITOR,
        &[("body", "  "), ("action", "enregistrer")],
    )
    .await;
    assert_eq!(r.status(), 422);
    // A form without its CSRF token is refused.
    let forged = admin
        .post(app.url(EDITOR))
        .form(&[("body", SECOND), ("action", "enregistrer")])
        .send()
        .await
        .expect("POST");
    assert!(forged.status().is_client_error(), "{}", forged.status());
    assert_eq!(audit_count(&app), 1);
}
