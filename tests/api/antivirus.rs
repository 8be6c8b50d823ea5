//! Every upload is scanned by a real clamd (INSTREAM) before it is stored: the EICAR test file
//! is refused with a message beside the field and an audit entry; a scanner that cannot be
//! reached refuses the upload.

use guichet::domain::account::Role;

use crate::clamd::eicar;
use crate::helpers::{spawn_app_seeded, spawn_app_seeded_configured, TestApp};
use crate::request_helpers::create_draft;
use crate::session_helpers::{audit_details, create_user, signed_in};
use crate::upload_helpers::{pdf_of_size, pdf_with_stream, upload};

fn stored_files(app: &TestApp) -> usize {
    std::fs::read_dir(&app.settings.uploads.dir).map_or(0, |d| d.count())
}

fn attachment_count(app: &TestApp, id: &str) -> usize {
    let mut conn = app.pool.get().expect("connexion");
    guichet::db::timeline::attachments(&mut conn, id)
        .expect("pièces")
        .len()
}

#[tokio::test]
async fn a_pdf_carrying_eicar_is_refused_with_a_message_and_an_audit_entry() {
    let app = spawn_app_seeded().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let id = create_draft(&app, &pro, "question").await;
    let path = format!("/demandes/{id}/pieces");
    let (status, body) = upload(&app, &pro, &path, "facture.pdf", pdf_with_stream(&eicar())).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("virus"), "{body}");
    assert!(body.contains("Eicar-Test-Signature"), "{body}");
    assert_eq!((attachment_count(&app, &id), stored_files(&app)), (0, 0));
    let audit = audit_details(&app);
    assert!(
        audit
            .iter()
            .any(|d| d.contains("Eicar-Test-Signature") && d.contains("facture.pdf")),
        "{audit:?}"
    );
    // A clean PDF goes through the same scanner and is stored.
    let (status, body) = upload(&app, &pro, &path, "propre.pdf", pdf_of_size(2048)).await;
    assert_eq!(status, 303, "{body}");
    assert_eq!((attachment_count(&app, &id), stored_files(&app)), (1, 1));
}

#[tokio::test]
async fn uploads_are_refused_while_the_scanner_cannot_be_reached() {
    let app = spawn_app_seeded_configured(|s| {
        s.antivirus.socket = "/nonexistent/guichet-test/clamd.sock".into();
        s.antivirus.timeout_seconds = 2;
    })
    .await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let id = create_draft(&app, &pro, "question").await;
    let (status, body) = upload(
        &app,
        &pro,
        &format!("/demandes/{id}/pieces"),
        "propre.pdf",
        pdf_of_size(2048),
    )
    .await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("antivirus"), "{body}");
    assert_eq!((attachment_count(&app, &id), stored_files(&app)), (0, 0));
}

#[tokio::test]
async fn an_administrator_s_zonage_file_is_scanned_too() {
    let app = spawn_app_seeded().await;
    let admin = crate::admin::admin(&app).await;
    let zonages = |app: &TestApp| {
        let mut conn = app.pool.get().expect("connexion");
        guichet::db::zonage::list(&mut conn, "93")
            .expect("zonages")
            .len()
    };
    let before = zonages(&app);
    let mut csv = b"insee,zone\n13055,tres-sous-dotee\n".to_vec();
    csv.extend(eicar());
    let token = crate::session_helpers::csrf_token(&app, &admin).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .text("profession", "infirmier")
        .text("valid_from", "2026-03-09")
        .text("source", "Arrêté (test)")
        .part(
            "fichier",
            reqwest::multipart::Part::bytes(csv).file_name("infirmiers.csv"),
        );
    let r = admin
        .post(app.url("/admin/zonage"))
        .multipart(form)
        .send()
        .await
        .expect("envoi");
    assert_eq!(r.status(), 422);
    let body = r.text().await.expect("corps");
    assert!(body.contains("virus"), "{body}");
    assert_eq!(zonages(&app), before);
    let audit = audit_details(&app);
    assert!(
        audit.iter().any(|d| d.contains("infirmiers.csv")),
        "{audit:?}"
    );
}
