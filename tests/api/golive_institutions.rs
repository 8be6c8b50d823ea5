//! A région's admin completes an institution (name, contact mailbox, phone): "à compléter" shown
//! while it has no mailbox, validation beside the fields, audit entry, other régions 404.

use guichet::domain::account::Role;

use crate::helpers::{spawn_app_seeded, TestApp};
use crate::session_helpers::{create_user, location, post_form, signed_in};

fn cpam13(app: &TestApp) -> String {
    let mut conn = app.pool.get().expect("connexion");
    guichet::db::institutions::list_in_region(&mut conn, "93")
        .expect("institutions")
        .into_iter()
        .find(|i| i.name == "CPAM des Bouches-du-Rhône")
        .expect("CPAM 13")
        .id
}

#[tokio::test]
async fn an_admin_completes_an_institution_of_the_region() {
    let app = spawn_app_seeded().await;
    let id = cpam13(&app);
    {
        use diesel::prelude::*;
        use guichet::db::schema::institutions::dsl;
        let mut conn = app.pool.get().expect("connexion");
        diesel::update(dsl::institutions.find(&id))
            .set(dsl::email.eq(""))
            .execute(&mut conn)
            .expect("adresse vidée");
    }
    create_user(&app, "adm93@exemple.fr", Role::Admin, Some("93"), None, &[]).await;
    let admin = signed_in(&app, "adm93@exemple.fr").await;
    let list = admin
        .get(app.url("/admin/institutions"))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("corps");
    assert!(list.contains("1 institution(s) à compléter"), "{list}");

    let path = format!("/admin/institutions/{id}/modifier");
    let r = post_form(
        &app,
        &admin,
        &path,
        &[
            ("name", " "),
            ("email", "pas-une-adresse"),
            ("phone", "abc"),
        ],
    )
    .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("corps");
    for field in ["name-error", "email-error", "phone-error"] {
        assert!(html.contains(field), "{field}: {html}");
    }

    let r = post_form(
        &app,
        &admin,
        &path,
        &[
            ("name", "CPAM des Bouches-du-Rhône"),
            ("email", "Accueil.Pro@cpam13.exemple.fr"),
            ("phone", "04 91 00 00 00"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        location(&r),
        format!("/admin/institutions/{id}?ok=institution-modifiee")
    );
    let page = admin
        .get(app.url(&format!("/admin/institutions/{id}")))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("corps");
    assert!(page.contains("accueil.pro@cpam13.exemple.fr"), "{page}");
    assert!(!page.contains("à compléter"), "{page}");
    let mut conn = app.pool.get().expect("connexion");
    let events = guichet::db::audit::latest_in_region(&mut conn, "93", 20).expect("journal");
    let event = events
        .iter()
        .find(|e| e.event == "institution-modifiee")
        .expect("audit");
    assert!(
        event.detail.contains("adresse de contact, téléphone"),
        "{}",
        event.detail
    );
    assert_eq!(event.ip.as_deref(), Some("127.0.0.1"));

    // Another région's admin: 404, nothing changed.
    create_user(&app, "adm53@exemple.fr", Role::Admin, Some("53"), None, &[]).await;
    let other = signed_in(&app, "adm53@exemple.fr").await;
    let r = post_form(
        &app,
        &other,
        &path,
        &[("name", "Piratée"), ("email", ""), ("phone", "")],
    )
    .await;
    assert_eq!(r.status(), 404);
    let again = guichet::db::institutions::find(&mut conn, &id)
        .expect("lecture")
        .expect("institution");
    assert_eq!(again.name, "CPAM des Bouches-du-Rhône");
    // Without the CSRF token: refused.
    let r = admin
        .post(app.url(&path))
        .form(&[("name", "Sans jeton"), ("email", ""), ("phone", "")])
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status(), 403);
}
