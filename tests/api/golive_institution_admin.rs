//! A région's admin creates an institution (errors beside the fields, what was typed kept),
//! limits the communes a caisse covers, and deactivates one: routing follows, the audit log
//! records each change, another région's admin gets 404.

use guichet::domain::account::Role;
use guichet::domain::request::{PracticeMode, RequestKind};

use crate::helpers::{spawn_app_seeded, TestApp};
use crate::request_helpers::{filled_form, referrals_of};
use crate::session_helpers::{audit_details, create_user, location, post_form, signed_in};

fn id_of(app: &TestApp, name: &str) -> String {
    let mut conn = app.pool.get().expect("connexion");
    guichet::db::institutions::all(&mut conn)
        .expect("institutions")
        .into_iter()
        .find(|i| i.name == name)
        .expect(name)
        .id
}

async fn file_installation(app: &TestApp, commune: &str) -> String {
    create_user(app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(app, "pro@exemple.fr").await;
    let kind = RequestKind::Installation(PracticeMode::Liberal);
    let id = crate::request_helpers::create_draft(app, &pro, kind.slug()).await;
    let mut fields = filled_form(kind, commune, app.now().date());
    fields.push(("action".into(), "deposer".into()));
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = post_form(app, &pro, &format!("/demandes/{id}/modifier"), &pairs).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    id
}

#[tokio::test]
async fn an_admin_creates_limits_and_deactivates_institutions() {
    let app = spawn_app_seeded().await;
    create_user(&app, "adm93@exemple.fr", Role::Admin, Some("93"), None, &[]).await;
    let admin = signed_in(&app, "adm93@exemple.fr").await;

    // Mistakes: every message beside its field, the typed name kept.
    let r = post_form(
        &app,
        &admin,
        "/admin/institutions",
        &[
            ("kind", "ordre"),
            ("name", "Caisse du pays d'Aubagne"),
            ("departement", "35"),
            ("profession", ""),
            ("email", "pas-une-adresse"),
            ("phone", ""),
            ("communes", "13055 ABC"),
        ],
    )
    .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("corps");
    for field in ["departement-error", "profession-error", "email-error"] {
        assert!(html.contains(field), "{field}: {html}");
    }
    assert!(
        html.contains("Caisse du pays d&#x27;Aubagne"),
        "typed name kept"
    );
    let r = post_form(
        &app,
        &admin,
        "/admin/institutions",
        &[
            ("kind", "cpam"),
            ("name", "CPAM du Var"),
            ("departement", "13"),
            ("communes", "83137"),
        ],
    )
    .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("corps");
    assert!(html.contains("porte déjà ce nom"), "{html}");
    assert!(html.contains("hors du département 13 : 83137"), "{html}");

    // A second caisse for Aubagne (13005) and La Ciotat (13028), with its mailbox.
    let r = post_form(
        &app,
        &admin,
        "/admin/institutions",
        &[
            ("kind", "cpam"),
            ("name", "Caisse du pays d'Aubagne"),
            ("departement", "13"),
            ("profession", ""),
            ("email", "nord@caisse.exemple.fr"),
            ("phone", "04 91 00 00 00"),
            ("communes", "13005, 13028"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let created = id_of(&app, "Caisse du pays d'Aubagne");
    assert_eq!(
        location(&r),
        format!("/admin/institutions/{created}?ok=institution-creee")
    );
    let page = admin
        .get(app.url(&format!("/admin/institutions/{created}")))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("corps");
    assert!(page.contains("Communes couvertes : 2"), "{page}");

    // The demo CPAM des Bouches-du-Rhône is deactivated: a request in Aubagne goes to the new
    // caisse.
    let cpam13 = id_of(&app, "CPAM des Bouches-du-Rhône");
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/institutions/{cpam13}/desactiver"),
        &[],
    )
    .await;
    assert_eq!(
        location(&r),
        format!("/admin/institutions/{cpam13}?ok=institution-desactivee")
    );
    let north = file_installation(&app, "13005").await;
    let names: Vec<String> = referrals_of(&app, &north)
        .into_iter()
        .map(|(_, n, _)| n)
        .collect();
    assert!(
        names.contains(&"Caisse du pays d'Aubagne".to_string()),
        "{names:?}"
    );
    assert!(
        !names.contains(&"CPAM des Bouches-du-Rhône".to_string()),
        "{names:?}"
    );

    let r = post_form(
        &app,
        &admin,
        &format!("/admin/institutions/{cpam13}/reactiver"),
        &[],
    )
    .await;
    assert_eq!(
        location(&r),
        format!("/admin/institutions/{cpam13}?ok=institution-reactivee")
    );

    let audit = audit_details(&app);
    for line in [
        "institution « Caisse du pays d'Aubagne » créée (cpam)",
        "institution « CPAM des Bouches-du-Rhône » désactivée",
        "institution « CPAM des Bouches-du-Rhône » réactivée",
    ] {
        assert!(audit.iter().any(|d| d == line), "{line}: {audit:?}");
    }

    // Another région's admin: 404 on the page and on the action.
    create_user(&app, "adm84@exemple.fr", Role::Admin, Some("84"), None, &[]).await;
    let other = signed_in(&app, "adm84@exemple.fr").await;
    let r = post_form(
        &app,
        &other,
        &format!("/admin/institutions/{created}/desactiver"),
        &[],
    )
    .await;
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn the_communes_of_an_institution_are_edited_and_checked() {
    let app = spawn_app_seeded().await;
    create_user(&app, "adm93@exemple.fr", Role::Admin, Some("93"), None, &[]).await;
    let admin = signed_in(&app, "adm93@exemple.fr").await;
    let cpam13 = id_of(&app, "CPAM des Bouches-du-Rhône");
    let path = format!("/admin/institutions/{cpam13}/modifier");
    let fields = |communes: &'static str| {
        vec![
            ("name", "CPAM des Bouches-du-Rhône"),
            ("email", "cpam13@paca.demo.test"),
            ("phone", ""),
            ("communes", communes),
        ]
    };
    let r = post_form(&app, &admin, &path, &fields("13001 06088")).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("corps");
    assert!(html.contains("hors du département 13 : 06088"), "{html}");
    assert!(html.contains("13001 06088"), "typed text kept: {html}");
    // Its territory: a département of the région, never "toute la région" for a CPAM.
    let mut moved = fields("");
    moved.push(("departement", "35"));
    let r = post_form(&app, &admin, &path, &moved).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("corps").contains("departement-error"));
    let mut regional = fields("");
    regional.push(("departement", ""));
    let r = post_form(&app, &admin, &path, &regional).await;
    assert_eq!(r.status(), 422);
    let mut var = fields("");
    var.push(("departement", "83"));
    assert_eq!(post_form(&app, &admin, &path, &var).await.status(), 303);
    let mut back = fields("13001");
    back.push(("departement", "13"));
    let r = post_form(&app, &admin, &path, &back).await;
    assert_eq!(r.status(), 303);
    let audit = audit_details(&app);
    assert!(audit.iter().any(|d| d.contains("territoire")), "{audit:?}");
    let aix = file_installation(&app, "13001").await;
    let names: Vec<String> = referrals_of(&app, &aix)
        .into_iter()
        .map(|(_, n, _)| n)
        .collect();
    assert!(
        names.contains(&"CPAM des Bouches-du-Rhône".to_string()),
        "{names:?}"
    );
}
