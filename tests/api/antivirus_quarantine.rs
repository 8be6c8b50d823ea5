//! Quarantine mode (`antivirus.mode = "quarantine"`, issue 16 point 4): while clamd cannot be
//! reached, a request's document is stored but served to nobody and shown as being analysed;
//! once clamd answers, the background scan makes a clean one downloadable and deletes an
//! infected one (audited). Administrators' files are still refused.

use guichet::antivirus::Scanner;
use guichet::config::{AntivirusMode, AntivirusSettings};
use guichet::domain::account::Role;
use guichet::jobs::quarantine::Quarantine;

use crate::clamd::eicar;
use crate::helpers::{spawn_app_seeded_configured, TestApp};
use crate::request_helpers::create_draft;
use crate::session_helpers::{audit_details, create_user, signed_in, text_of};
use crate::upload_helpers::{pdf_of_size, pdf_with_stream, upload};

fn documents(app: &TestApp, id: &str) -> Vec<(String, String, String)> {
    let mut conn = app.pool.get().expect("connexion");
    guichet::db::timeline::attachments(&mut conn, id)
        .expect("pièces")
        .into_iter()
        .map(|a| (a.id, a.scan_state.slug().to_string(), a.storage_name))
        .collect()
}

/// The background job, with a clamd that answers (the server's own points nowhere).
fn job(app: &TestApp) -> Quarantine {
    let settings = AntivirusSettings {
        socket: crate::clamd::socket(),
        ..Default::default()
    };
    Quarantine {
        pool: app.pool.clone(),
        scanner: Scanner::from_settings(&settings).expect("clamd"),
        dir: app.settings.uploads.dir.clone(),
        clock: app.clock.clone(),
    }
}

#[tokio::test]
async fn documents_wait_in_quarantine_until_clamd_answers() {
    let app = spawn_app_seeded_configured(|s| {
        s.antivirus.socket = "/nonexistent/guichet-test/clamd.sock".into();
        s.antivirus.mode = AntivirusMode::Quarantine;
        s.antivirus.timeout_seconds = 2;
    })
    .await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let id = create_draft(&app, &pro, "question").await;
    let path = format!("/demandes/{id}/pieces");
    let (status, body) = upload(&app, &pro, &path, "propre.pdf", pdf_of_size(2048)).await;
    assert_eq!(status, 303, "{body}");
    let (status, body) = upload(&app, &pro, &path, "facture.pdf", pdf_with_stream(&eicar())).await;
    assert_eq!(status, 303, "{body}");
    let stored = documents(&app, &id);
    assert_eq!(stored.len(), 2);
    assert!(
        stored.iter().all(|(_, state, _)| state == "pending"),
        "{stored:?}"
    );

    // Served to nobody, shown as being analysed.
    let download = |piece: &str| format!("/demandes/{id}/pieces/{piece}");
    let r = pro
        .get(app.url(&download(&stored[0].0)))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), 409);
    assert!(r
        .text()
        .await
        .unwrap_or_default()
        .contains("analyse antivirus"));
    let page = text_of(&app, &pro, &format!("/demandes/{id}/modifier")).await;
    assert!(page.contains("analyse antivirus en cours"), "{page}");
    assert!(
        !page.contains(&download(&stored[0].0)),
        "pas de lien de téléchargement"
    );

    // clamd answers again: the clean one is served, the infected one deleted and audited.
    assert_eq!(job(&app).rescan_once().await.expect("analyse"), 2);
    let states: Vec<String> = documents(&app, &id).into_iter().map(|d| d.1).collect();
    assert_eq!(states, ["clean", "infected"]);
    let r = pro
        .get(app.url(&download(&stored[0].0)))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), 200);
    let r = pro
        .get(app.url(&download(&stored[1].0)))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), 409);
    assert!(
        !app.settings.uploads.dir.join(&stored[1].2).exists(),
        "fichier supprimé"
    );
    assert!(app.settings.uploads.dir.join(&stored[0].2).exists());
    let audit = audit_details(&app);
    assert!(
        audit
            .iter()
            .any(|d| d.contains("quarantaine") && d.contains("Eicar-Test-Signature")),
        "{audit:?}"
    );
    // Nothing left to do.
    assert_eq!(job(&app).rescan_once().await.expect("analyse"), 0);
}

#[tokio::test]
async fn an_administrator_s_files_are_still_refused_without_clamd() {
    let app = spawn_app_seeded_configured(|s| {
        s.antivirus.socket = "/nonexistent/guichet-test/clamd.sock".into();
        s.antivirus.mode = AntivirusMode::Quarantine;
        s.antivirus.timeout_seconds = 2;
    })
    .await;
    let admin = crate::admin::admin(&app).await;
    let token = crate::session_helpers::csrf_token(&app, &admin).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .text("profession", "infirmier")
        .text("valid_from", "2026-03-09")
        .text("source", "Arrêté (test)")
        .part(
            "fichier",
            reqwest::multipart::Part::bytes(b"insee,zone\n13055,tres-sous-dotee\n".to_vec())
                .file_name("infirmiers.csv"),
        );
    let r = admin
        .post(app.url("/admin/zonage"))
        .multipart(form)
        .send()
        .await
        .expect("envoi");
    assert_eq!(r.status(), 503);
    assert!(r.text().await.unwrap_or_default().contains("antivirus"));
}
