//! RGPD (issue 16): a professional downloads all their data — `donnees.json` and their
//! documents — in one ZIP archive, from a form of « Mes données »; nobody else gets it.

use std::io::Read;

use diesel::prelude::*;
use guichet::db::schema::requests;
use guichet::domain::account::Role;
use guichet::domain::request::RequestKind;

use crate::helpers::{new_client, spawn_app_seeded, TestApp};
use crate::request_helpers::{demo, file_request, qualify_and_route, referrals_of};
use crate::session_helpers::*;
use crate::upload_helpers::{pdf_of_size, upload};

async fn archive_of(
    app: &TestApp,
    client: &reqwest::Client,
) -> zip::ZipArchive<std::io::Cursor<Vec<u8>>> {
    let r = post_form(app, client, "/compte/donnees/archive", &[]).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/zip")
    );
    let disposition = r
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(
        disposition.contains("mes-donnees-guichet.zip"),
        "{disposition}"
    );
    let bytes = r.bytes().await.expect("archive").to_vec();
    zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("une archive ZIP valide")
}

fn entry(archive: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str) -> Vec<u8> {
    let mut file = archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} dans l'archive"));
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).expect("lecture");
    bytes
}

#[tokio::test]
async fn a_professional_downloads_their_data_and_documents_nobody_else_does() {
    let app = spawn_app_seeded().await;
    create_user(
        &app,
        "export@exemple.fr",
        Role::Professional,
        None,
        None,
        &[],
    )
    .await;
    let pro = signed_in(&app, "export@exemple.fr").await;
    let id = file_request(&app, &pro, RequestKind::AidApplication, "83137").await;
    let document = pdf_of_size(4000);
    let (status, body) = upload(
        &app,
        &pro,
        &format!("/demandes/{id}/pieces"),
        "mon projet (santé) v2.pdf",
        document.clone(),
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let number: String = {
        let mut conn = app.pool.get().expect("connexion");
        requests::table
            .find(&id)
            .select(requests::number)
            .first(&mut conn)
            .expect("numéro")
    };

    let page = pro
        .get(app.url("/compte/donnees"))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("page");
    assert!(
        html.contains("action=\"/compte/donnees/archive\""),
        "{html}"
    );
    assert!(html.contains("name=\"csrf_token\""));

    let mut archive = archive_of(&app, &pro).await;
    let json: serde_json::Value =
        serde_json::from_slice(&entry(&mut archive, "donnees.json")).expect("JSON");
    assert_eq!(json["profile"]["email"], "export@exemple.fr");
    let request = &json["requests"][0];
    assert_eq!(request["number"], number.as_str());
    assert!(request["timeline"]
        .as_array()
        .is_some_and(|t| !t.is_empty()));
    assert!(request["form"].is_object(), "{request}");
    let path = request["documents"][0]["file"]
        .as_str()
        .expect("chemin du document");
    assert!(
        path.starts_with("documents/") && path.ends_with(".pdf"),
        "{path}"
    );
    assert!(
        !path.contains("..") && path.matches('/').count() == 2,
        "{path}"
    );
    assert_eq!(
        entry(&mut archive, path),
        document,
        "les octets du document"
    );
    assert!(json["sessions"].as_array().is_some_and(|s| !s.is_empty()));
    let text = serde_json::to_string(&json).expect("texte");
    assert!(
        !text.contains("token_hash") && !text.contains("password"),
        "aucun secret"
    );

    // Another professional gets their own data only.
    create_user(
        &app,
        "autre@exemple.fr",
        Role::Professional,
        None,
        None,
        &[],
    )
    .await;
    let other = signed_in(&app, "autre@exemple.fr").await;
    let mut theirs = archive_of(&app, &other).await;
    let json: serde_json::Value =
        serde_json::from_slice(&entry(&mut theirs, "donnees.json")).expect("JSON");
    assert_eq!(json["profile"]["email"], "autre@exemple.fr");
    assert_eq!(json["requests"].as_array().map(Vec::len), Some(0));
    assert_eq!(theirs.len(), 1, "aucun document d'autrui");

    // Without the CSRF token, nothing; staff and anonymous visitors neither.
    let r = pro
        .post(app.url("/compte/donnees/archive"))
        .send()
        .await
        .expect("POST");
    assert!(r.status().is_client_error(), "{}", r.status());
    create_user(
        &app,
        "ref@exemple.fr",
        Role::Referent,
        Some("93"),
        None,
        &["83"],
    )
    .await;
    let referent = signed_in(&app, "ref@exemple.fr").await;
    let r = post_form(&app, &referent, "/compte/donnees/archive", &[]).await;
    assert_eq!(r.status(), 404);
    let r = post_form(&app, &new_client(), "/compte/donnees/archive", &[]).await;
    assert_ne!(r.status(), 200);
}

/// Issue 15: the export holds the professional's projects with their requests, and the
/// commitments their grants created with the milestones.
#[tokio::test]
async fn the_export_holds_the_projects_and_the_commitments() {
    let app = spawn_app_seeded().await;
    create_user(
        &app,
        "suivi@exemple.fr",
        Role::Professional,
        None,
        None,
        &[],
    )
    .await;
    let pro = signed_in(&app, "suivi@exemple.fr").await;
    let id = file_request(&app, &pro, RequestKind::AidApplication, "13004").await;
    let created = post_form(
        &app,
        &pro,
        "/projets",
        &[("titre", "Cabinet du Panier"), ("demande", &id)],
    )
    .await;
    assert_eq!(created.status(), 303);
    let referent = demo(&app, "referent.13-84@demo.test").await;
    qualify_and_route(&app, &referent, &id).await;
    let (referral, _, _) = referrals_of(&app, &id)
        .into_iter()
        .next()
        .expect("transmission");
    let institution: Option<String> = {
        use guichet::db::schema::referrals;
        let mut conn = app.pool.get().expect("connexion");
        referrals::table
            .find(&referral)
            .select(referrals::institution_id)
            .first(&mut conn)
            .expect("transmission")
    };
    let institution = institution.expect("institution");
    crate::commitments::fixture_milestone(&app, &id, &referral, &institution);
    let number: String = {
        let mut conn = app.pool.get().expect("connexion");
        requests::table
            .find(&id)
            .select(requests::number)
            .first(&mut conn)
            .expect("numéro")
    };

    let mut archive = archive_of(&app, &pro).await;
    let json: serde_json::Value =
        serde_json::from_slice(&entry(&mut archive, "donnees.json")).expect("JSON");
    let project = &json["projects"][0];
    assert_eq!(project["title"], "Cabinet du Panier", "{json}");
    assert_eq!(project["requests"][0], number.as_str());
    let commitment = &json["commitments"][0];
    assert_eq!(commitment["request"], number.as_str(), "{json}");
    assert_eq!(commitment["aid_code"], "AIDE-INSTALLATION");
    assert_eq!(commitment["milestones"][0]["label"], "Versement");
    assert_eq!(commitment["milestones"][0]["status"], "pending");

    // Nobody else's projects nor commitments.
    create_user(
        &app,
        "autre@exemple.fr",
        Role::Professional,
        None,
        None,
        &[],
    )
    .await;
    let other = signed_in(&app, "autre@exemple.fr").await;
    let mut theirs = archive_of(&app, &other).await;
    let json: serde_json::Value =
        serde_json::from_slice(&entry(&mut theirs, "donnees.json")).expect("JSON");
    assert_eq!(json["projects"].as_array().map(Vec::len), Some(0));
    assert_eq!(json["commitments"].as_array().map(Vec::len), Some(0));
}
