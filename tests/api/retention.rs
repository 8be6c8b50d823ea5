//! RGPD, retention (issue 16, "RGPD in the product"): the daily purge deletes what the
//! `[retention]` periods say is due — forgotten drafts with their files, old closed requests,
//! inactive professionals (pseudonymised), old e-mails, ended sessions, old audit entries —
//! and keeps the rest; the dry run deletes nothing.

use chrono::Duration;
use diesel::prelude::*;
use guichet::db::outbox::{NewOutboxMessage, SENT};
use guichet::db::schema::{attachments, audit_events, erased_accounts, outbox, requests, users};
use guichet::domain::account::Role;
use guichet::domain::request::RequestKind;
use guichet::domain::retention::Category;
use guichet::jobs::retention::{run_once, Mode, PURGE_EVENT};

use crate::helpers::{spawn_app_seeded, TestApp};
use crate::request_helpers::{create_draft, file_request};
use crate::session_helpers::*;
use crate::upload_helpers::{pdf_of_size, upload};

fn exists_request(app: &TestApp, id: &str) -> bool {
    let mut conn = app.pool.get().expect("connexion");
    requests::table
        .find(id)
        .count()
        .get_result::<i64>(&mut conn)
        .expect("compte")
        == 1
}

/// The stored file of the (single) attachment of request `id`.
fn file_of(app: &TestApp, id: &str) -> std::path::PathBuf {
    let mut conn = app.pool.get().expect("connexion");
    let name: String = attachments::table
        .filter(attachments::request_id.eq(id))
        .select(attachments::storage_name)
        .first(&mut conn)
        .expect("pièce jointe");
    app.settings.uploads.dir.join(name)
}

fn erased(app: &TestApp, user: &str) -> bool {
    let mut conn = app.pool.get().expect("connexion");
    erased_accounts::table
        .find(user)
        .count()
        .get_result::<i64>(&mut conn)
        .expect("compte")
        == 1
}

fn purge(app: &TestApp, mode: Mode) -> guichet::jobs::retention::PurgeReport {
    let mut conn = app.pool.get().expect("connexion");
    let policy = app.settings.retention.policy;
    run_once(
        &mut conn,
        &policy,
        &app.settings.uploads.dir,
        app.now(),
        mode,
    )
    .expect("purge")
}

fn email(app: &TestApp, age: Duration) -> String {
    let now = app.now();
    let id = uuid::Uuid::now_v7().to_string();
    let message = NewOutboxMessage {
        id: id.clone(),
        template: "request_message".into(),
        to_address: "pro@exemple.fr".into(),
        subject: "Votre demande".into(),
        body_text: "Bonjour".into(),
        body_html: "<p>Bonjour</p>".into(),
        status: SENT,
        attempts: 1,
        next_attempt_at: now - age,
        created_at: now - age,
        attachment_name: None,
        attachment_content_type: None,
        attachment_body: None,
        region_code: None,
    };
    let mut conn = app.pool.get().expect("connexion");
    guichet::db::outbox::insert(&mut conn, &message).expect("message");
    diesel::update(outbox::table.find(&id))
        .set(outbox::sent_at.eq(Some(now - age)))
        .execute(&mut conn)
        .expect("envoyé");
    id
}

#[tokio::test]
async fn the_purge_deletes_what_is_due_and_keeps_the_rest() {
    let app = spawn_app_seeded().await;
    let t0 = app.now();
    // A forgotten draft with a document; a request withdrawn at once, with a document; a
    // request still open; an account that will come back.
    let forgetful = create_user(
        &app,
        "oubli@exemple.fr",
        Role::Professional,
        None,
        None,
        &[],
    )
    .await;
    let client = signed_in(&app, "oubli@exemple.fr").await;
    let draft = create_draft(&app, &client, "question").await;
    let (status, body) = upload(
        &app,
        &client,
        &format!("/demandes/{draft}/pieces"),
        "piece.pdf",
        pdf_of_size(2000),
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let withdrawer = create_user(
        &app,
        "retrait@exemple.fr",
        Role::Professional,
        None,
        None,
        &[],
    )
    .await;
    let client = signed_in(&app, "retrait@exemple.fr").await;
    let withdrawn = file_request(&app, &client, RequestKind::AidApplication, "83137").await;
    let (status, body) = upload(
        &app,
        &client,
        &format!("/demandes/{withdrawn}/pieces"),
        "justificatif.pdf",
        pdf_of_size(3000),
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let r = post_form(
        &app,
        &client,
        &format!("/demandes/{withdrawn}/retirer"),
        &[],
    )
    .await;
    assert_eq!(r.status(), 303, "retrait");
    let waiting = create_user(
        &app,
        "attente@exemple.fr",
        Role::Professional,
        None,
        None,
        &[],
    )
    .await;
    let client = signed_in(&app, "attente@exemple.fr").await;
    let open = file_request(&app, &client, RequestKind::AidApplication, "83137").await;
    let returning = create_user(
        &app,
        "retour@exemple.fr",
        Role::Professional,
        None,
        None,
        &[],
    )
    .await;
    {
        let mut conn = app.pool.get().expect("connexion");
        let old = t0 - Duration::days(730);
        guichet::db::audit::record(&mut conn, "test_ancien", None, None, None, "ancien", old)
            .expect("audit");
        guichet::db::audit::record(&mut conn, "test_recent", None, None, None, "récent", t0)
            .expect("audit");
    }
    let draft_file = file_of(&app, &draft);
    let withdrawn_file = file_of(&app, &withdrawn);
    assert!(draft_file.is_file() && withdrawn_file.is_file());

    // Four years later: the returning professional signs in again.
    assert!(app.clock.set(t0 + Duration::days(4 * 365 + 1)));
    let _back = signed_in(&app, "retour@exemple.fr").await;
    let old_mail = email(&app, Duration::days(400));
    let recent_mail = email(&app, Duration::days(300));

    let dry = purge(&app, Mode::DryRun);
    assert!(dry.count(Category::Drafts) >= 1, "{dry:?}");
    assert!(dry.count(Category::InactiveAccounts) >= 2, "{dry:?}");
    assert!(dry.count(Category::SentEmails) >= 1, "{dry:?}");
    assert!(dry.count(Category::AuditLog) >= 1, "{dry:?}");
    assert!(
        exists_request(&app, &draft) && draft_file.is_file(),
        "à blanc : rien ne part"
    );
    assert!(!erased(&app, &forgetful));

    let report = purge(&app, Mode::Apply);
    assert_eq!(report.count(Category::Drafts), dry.count(Category::Drafts));
    assert_eq!(report.files_left, 0, "{report:?}");
    // The draft and its file are gone; the withdrawn request (4 years < 5) and its file stay.
    assert!(!exists_request(&app, &draft));
    assert!(
        !draft_file.exists(),
        "le fichier du brouillon est supprimé du disque"
    );
    assert!(exists_request(&app, &withdrawn) && withdrawn_file.is_file());
    assert!(exists_request(&app, &open));
    // Accounts: pseudonymised without sign-in for 3 years and without an open request.
    assert!(erased(&app, &forgetful) && erased(&app, &withdrawer));
    assert!(
        !erased(&app, &waiting),
        "une demande en cours garde le compte"
    );
    assert!(!erased(&app, &returning), "connecté il y a moins de 3 ans");
    {
        let mut conn = app.pool.get().expect("connexion");
        let (mail, name): (String, String) = users::table
            .find(&withdrawer)
            .select((users::email, users::last_name))
            .first(&mut conn)
            .expect("compte");
        assert!(
            !mail.contains("retrait") && !name.contains("retrait"),
            "{mail} {name}"
        );
        assert!(
            !guichet::db::users::email_taken(&mut conn, "retrait@exemple.fr").expect("adresse")
        );
        let mails: Vec<String> = outbox::table
            .select(outbox::id)
            .load(&mut conn)
            .expect("boîte");
        assert!(!mails.contains(&old_mail) && mails.contains(&recent_mail));
        let events: Vec<(String, String)> = audit_events::table
            .select((audit_events::event, audit_events::detail))
            .load(&mut conn)
            .expect("audit");
        assert!(
            !events.iter().any(|(e, _)| e == "test_ancien"),
            "audit de plus de 5 ans"
        );
        assert!(events.iter().any(|(e, _)| e == "test_recent"));
        let purge_entry = events
            .iter()
            .find(|(e, _)| e == PURGE_EVENT)
            .map(|(_, d)| d.clone())
            .expect("entrée d'audit de la purge");
        assert!(
            purge_entry.contains("brouillons=") && purge_entry.contains("fichiers="),
            "{purge_entry}"
        );
        assert!(
            !purge_entry.contains('@'),
            "pas de donnée personnelle : {purge_entry}"
        );
        // Outside the purge, the audit log stays append-only.
        assert!(diesel::delete(audit_events::table)
            .execute(&mut conn)
            .is_err());
    }
    let r = post_form(
        &app,
        &crate::helpers::new_client(),
        "/connexion",
        &[
            ("email", "retrait@exemple.fr"),
            ("password", PASSWORD),
            ("suite", ""),
        ],
    )
    .await;
    assert_eq!(
        r.status(),
        422,
        "un compte pseudonymisé ne se connecte plus"
    );
    assert_eq!(
        purge(&app, Mode::Apply).count(Category::InactiveAccounts),
        0,
        "rien deux fois"
    );

    // Five years and two months after the withdrawal: the request goes with its file.
    assert!(app.clock.set(t0 + Duration::days(5 * 365 + 60)));
    let report = purge(&app, Mode::Apply);
    assert!(report.count(Category::ClosedRequests) >= 1, "{report:?}");
    assert!(!exists_request(&app, &withdrawn));
    assert!(
        !withdrawn_file.exists(),
        "le fichier de la demande close est supprimé"
    );
    assert!(
        exists_request(&app, &open),
        "une demande ouverte ne part jamais"
    );
}

#[test]
fn purge_command_dry_run_lists_by_category_and_deletes_nothing() {
    use crate::cli::{guichet, run};
    let dir = tempfile::tempdir().expect("tmp");
    let url = crate::helpers::fresh_database_url(dir.path());
    let (code, _, err) = run(guichet().args(["migrate"]).env("DATABASE_URL", &url));
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(guichet()
        .args(["purge", "--dry-run"])
        .env("DATABASE_URL", &url));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Purge à blanc"), "{out}");
    for slug in [
        "brouillons",
        "demandes-closes",
        "comptes-inactifs",
        "courriels-envoyes",
        "sessions-expirees",
        "journal-audit",
    ] {
        assert!(out.contains(slug), "{slug} : {out}");
    }
    let (code, out, err) = run(guichet().args(["purge"]).env("DATABASE_URL", &url));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Purge effectuée"), "{out}");
    // A zero period is refused at start-up, in French, on one line.
    let (code, _, err) = run(guichet()
        .args(["purge", "--dry-run"])
        .env("DATABASE_URL", &url)
        .env("GUICHET__RETENTION__DRAFT_MONTHS", "0"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("retention.draft_months"), "{err}");
}
