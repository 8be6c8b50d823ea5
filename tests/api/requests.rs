//! Requests: the whole journey, illegal transitions, scope of partners, uploads, pauses.

use diesel::prelude::*;
use guichet::db::schema::{referrals, requests};
use guichet::domain::account::Role;
use guichet::domain::request::{PracticeMode, RequestKind};

use crate::helpers::{spawn_app_seeded, TestApp};
use crate::request_helpers::*;
use crate::session_helpers::*;

fn request_state(app: &TestApp, id: &str) -> String {
    let mut conn = app.pool.get().expect("connexion");
    requests::table
        .find(id)
        .select(requests::state)
        .first(&mut conn)
        .expect("état")
}

#[tokio::test]
async fn installation_in_a_zip_commune_goes_through_every_institution_until_handled() {
    let app = spawn_app_seeded().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;

    // Submission with missing fields lists them all and changes nothing.
    let id = create_draft(&app, &pro, "installation-liberal").await;
    let r = post_form(
        &app,
        &pro,
        &format!("/demandes/{id}/modifier"),
        &[("action", "deposer")],
    )
    .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("corps");
    assert!(
        html.contains("à compléter") && html.contains("commune"),
        "missing fields listed"
    );
    assert_eq!(request_state(&app, &id), "brouillon");

    // Arles (13004) is a ZIP commune of the Bouches-du-Rhône.
    let id = file_request(
        &app,
        &pro,
        RequestKind::Installation(PracticeMode::Liberal),
        "13004",
    )
    .await;
    assert_eq!(request_state(&app, &id), "deposee");
    let routed = referrals_of(&app, &id);
    let names: Vec<&str> = routed.iter().map(|(_, n, _)| n.as_str()).collect();
    assert_eq!(names.len(), 5, "{names:?}");
    for expected in [
        "ARS PACA — délégation départementale des Bouches-du-Rhône",
        "CPAM des Bouches-du-Rhône",
        "Conseil départemental de l'Ordre des médecins des Bouches-du-Rhône",
        "URPS Médecins libéraux PACA",
        "Urssaf Provence-Alpes-Côte d'Azur",
    ] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    wait_for_email(&app, "pro@exemple.fr", "déposée").await;
    wait_for_email(&app, "referent.13-84@demo.test", "à qualifier").await;

    // The référent of the 13 qualifies and routes; the 04 référent cannot see it.
    let other = demo(&app, "referent.04-05-06-83@demo.test").await;
    assert_eq!(
        other
            .get(app.url(&format!("/demandes/{id}")))
            .send()
            .await
            .expect("page")
            .status(),
        404
    );
    let referent = demo(&app, "referent.13-84@demo.test").await;
    let inbox = referent
        .get(app.url("/guichet/demandes"))
        .send()
        .await
        .expect("inbox")
        .text()
        .await
        .expect("corps");
    assert!(inbox.contains(&format!("/demandes/{id}")));
    let r = post_form(
        &app,
        &referent,
        &format!("/demandes/{id}/qualification"),
        &[
            ("priority", "prioritaire"),
            ("coordination", "avancee"),
            ("referent", "moi"),
        ],
    )
    .await;
    assert_eq!(location(&r), format!("/demandes/{id}?ok=demande-qualifiee"));
    assert_eq!(request_state(&app, &id), "en-qualification");
    let r = post_form(&app, &referent, &format!("/demandes/{id}/orienter"), &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(request_state(&app, &id), "orientee");

    // Each institution's agent takes and answers its part.
    let agents = [
        "agent.ars-dd13@demo.test",
        "agent.cpam13@demo.test",
        "agent.cdom13@demo.test",
        "agent.urps-ml@demo.test",
        "agent.urssaf@demo.test",
    ];
    for (agent, (referral, _, _)) in agents.iter().zip(routed.iter()) {
        wait_for_email(&app, agent, "transmise à votre institution").await;
        let client = demo(&app, agent).await;
        let page = client
            .get(app.url(&format!("/demandes/{id}")))
            .send()
            .await
            .expect("page");
        assert_eq!(page.status(), 200, "{agent} sees the request");
        let r = post_form(
            &app,
            &client,
            &format!("/demandes/{id}/transmissions/{referral}/prendre"),
            &[],
        )
        .await;
        assert_eq!(r.status(), 303, "{agent} takes");
        let r = post_form(
            &app,
            &client,
            &format!("/demandes/{id}/transmissions/{referral}/repondre"),
            &[
                ("outcome", "information"),
                ("text", "Dossier complet, rendez-vous fixé."),
            ],
        )
        .await;
        assert_eq!(r.status(), 303, "{agent} answers");
    }
    assert!(referrals_of(&app, &id)
        .iter()
        .all(|(_, _, s)| s == "repondue"));
    assert_eq!(request_state(&app, &id), "traitee");
    wait_for_email(&app, "pro@exemple.fr", "Traitée").await;

    // The professional's page shows each part answered, the stepper and the timeline.
    let page = pro
        .get(app.url(&format!("/demandes/{id}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("corps");
    assert!(page.contains("fr-stepper") && page.contains("Étape 4 sur 5"));
    assert!(
        page.matches("Dossier complet, rendez-vous fixé.").count() >= 5,
        "each answer shown"
    );
    assert!(page.contains("Orientation vers les institutions"));

    let r = post_form(&app, &referent, &format!("/demandes/{id}/cloturer"), &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(request_state(&app, &id), "cloturee");
    for s in [
        "déposée",
        "En qualification",
        "Orientée",
        "Traitée",
        "Clôturée",
    ] {
        wait_for_email(&app, "pro@exemple.fr", s).await;
    }
}

#[tokio::test]
async fn illegal_transitions_answer_409() {
    let app = spawn_app_seeded().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let id = file_request(&app, &pro, RequestKind::Question, "13055").await;
    let referent = demo(&app, "referent.13-84@demo.test").await;
    // Routing before qualification, closing an untreated request, reopening an open one.
    for path in ["orienter", "cloturer", "rouvrir"] {
        let r = post_form(&app, &referent, &format!("/demandes/{id}/{path}"), &[]).await;
        assert_eq!(r.status(), 409, "{path}");
        assert!(r.text().await.expect("corps").contains("Action impossible"));
    }
    // The professional cannot answer a question nobody asked.
    let r = post_form(
        &app,
        &pro,
        &format!("/demandes/{id}/reponse"),
        &[("text", "Voici")],
    )
    .await;
    assert_eq!(r.status(), 409);
    // A submitted request can no longer be edited.
    let r = post_form(
        &app,
        &pro,
        &format!("/demandes/{id}/modifier"),
        &[("action", "enregistrer")],
    )
    .await;
    assert_eq!(r.status(), 409);
    // The professional is not a référent.
    let r = post_form(&app, &pro, &format!("/demandes/{id}/orienter"), &[]).await;
    assert_eq!(r.status(), 403);
    assert_eq!(request_state(&app, &id), "deposee");
    // Withdrawal, then nothing more.
    let r = post_form(&app, &pro, &format!("/demandes/{id}/retirer"), &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(request_state(&app, &id), "retiree");
    let r = post_form(&app, &pro, &format!("/demandes/{id}/retirer"), &[]).await;
    assert_eq!(r.status(), 409);
}

#[tokio::test]
async fn cpam_13_never_sees_a_request_routed_only_to_cpam_83() {
    let app = spawn_app_seeded().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    // An aid application (CAIM) in Toulon (83137): CPAM 83 and ARS DD 83.
    let id = file_request(&app, &pro, RequestKind::AidApplication, "83137").await;
    let pdf = crate::upload_helpers::pdf_of_size(64);
    let part = reqwest::multipart::Part::bytes(pdf).file_name("attestation.pdf");
    let token = csrf_token(&app, &pro).await;
    let r = pro
        .post(app.url(&format!("/demandes/{id}/pieces")))
        .multipart(
            reqwest::multipart::Form::new()
                .text("csrf_token", token)
                .part("fichier", part),
        )
        .send()
        .await
        .expect("upload");
    assert_eq!(r.status(), 303);
    let referent = demo(&app, "referent.04-05-06-83@demo.test").await;
    post_form(
        &app,
        &referent,
        &format!("/demandes/{id}/qualification"),
        &[("priority", "normal"), ("coordination", "simple")],
    )
    .await;
    assert_eq!(
        post_form(&app, &referent, &format!("/demandes/{id}/orienter"), &[])
            .await
            .status(),
        303
    );
    let attachment: String = {
        let mut conn = app.pool.get().expect("connexion");
        guichet::db::timeline::attachments(&mut conn, &id).expect("pièces")[0]
            .id
            .clone()
    };
    // The référent shares the document with the CPAM 83 (need to know).
    let cpam83_id = institution_93(&app, "CPAM du Var");
    let shared = post_form(
        &app,
        &referent,
        &format!("/demandes/{id}/pieces/{attachment}/partage"),
        &[("institution", cpam83_id.as_str())],
    )
    .await;
    assert_eq!(shared.status(), 303);
    let cpam83 = demo(&app, "agent.cpam83@demo.test").await;
    assert_eq!(
        cpam83
            .get(app.url(&format!("/demandes/{id}")))
            .send()
            .await
            .expect("page")
            .status(),
        200
    );
    let download = cpam83
        .get(app.url(&format!("/demandes/{id}/pieces/{attachment}")))
        .send()
        .await
        .expect("pièce");
    assert_eq!(download.status(), 200);
    assert!(download.headers()["content-disposition"]
        .to_str()
        .expect("header")
        .starts_with("attachment;"));
    assert_eq!(download.headers()["x-content-type-options"], "nosniff");

    let cpam13 = demo(&app, "agent.cpam13@demo.test").await;
    assert_eq!(
        cpam13
            .get(app.url(&format!("/demandes/{id}")))
            .send()
            .await
            .expect("page")
            .status(),
        404,
        "page"
    );
    assert_eq!(
        cpam13
            .get(app.url(&format!("/demandes/{id}/pieces/{attachment}")))
            .send()
            .await
            .expect("pièce")
            .status(),
        404,
        "attachment"
    );
    let inbox = cpam13
        .get(app.url("/partenaire/demandes"))
        .send()
        .await
        .expect("inbox")
        .text()
        .await
        .expect("corps");
    assert!(!inbox.contains(&id), "inbox");
    let referral: String = {
        let mut conn = app.pool.get().expect("connexion");
        referrals::table
            .filter(referrals::request_id.eq(&id))
            .select(referrals::id)
            .first(&mut conn)
            .expect("transmission")
    };
    let r = post_form(
        &app,
        &cpam13,
        &format!("/demandes/{id}/transmissions/{referral}/repondre"),
        &[("text", "intrusion")],
    )
    .await;
    assert_eq!(r.status(), 404, "action");
    let token = {
        let page = post_form(
            &app,
            &cpam13,
            "/compte/jetons",
            &[
                ("name", "outil"),
                ("current_password", guichet::seed::demo::DEMO_PASSWORD),
            ],
        )
        .await
        .text()
        .await
        .expect("corps");
        let start = page.find("<code id=\"nouveau-jeton\">").expect("jeton")
            + "<code id=\"nouveau-jeton\">".len();
        page[start..start + 64].to_string()
    };
    let api = crate::helpers::new_client()
        .get(app.url(&format!("/api/v1/demandes/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("api");
    assert_eq!(api.status(), 404, "API");
    let timeline = crate::helpers::new_client()
        .get(app.url(&format!("/api/v1/demandes/{id}/historique")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("api");
    assert_eq!(timeline.status(), 404, "timeline");
}

#[tokio::test]
async fn uploads_are_checked_by_content_size_and_name() {
    let app = spawn_app_seeded().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let id = create_draft(&app, &pro, "question").await;
    let token = csrf_token(&app, &pro).await;
    let send = |bytes: Vec<u8>, name: &'static str| {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name);
        pro.post(app.url(&format!("/demandes/{id}/pieces")))
            .multipart(
                reqwest::multipart::Form::new()
                    .text("csrf_token", token.clone())
                    .part("fichier", part),
            )
            .send()
    };
    let html = send(
        b"<html><script>alert(1)</script></html>".to_vec(),
        "facture.pdf",
    )
    .await
    .expect("upload");
    assert_eq!(html.status(), 422);
    assert!(html
        .text()
        .await
        .expect("corps")
        .contains("type de fichier"));
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(10 * 1024 * 1024 + 10, b' ');
    let r = send(big, "gros.pdf").await.expect("upload");
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("corps").contains("10 Mo"));
    let pdf = crate::upload_helpers::pdf_of_size(64);
    let r = send(pdf.clone(), "../../etc/passwd.pdf")
        .await
        .expect("upload");
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("corps").contains("chemin"));
    let no_token = pro
        .post(app.url(&format!("/demandes/{id}/pieces")))
        .multipart(reqwest::multipart::Form::new().part(
            "fichier",
            reqwest::multipart::Part::bytes(pdf.clone()).file_name("a.pdf"),
        ))
        .send()
        .await
        .expect("upload");
    assert_eq!(no_token.status(), 403, "CSRF on uploads too");
    assert_eq!(
        send(pdf, "attestation.pdf").await.expect("upload").status(),
        303
    );
    let mut conn = app.pool.get().expect("connexion");
    let stored = guichet::db::timeline::attachments(&mut conn, &id).expect("pièces");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].sha256.len(), 64);
    assert!(
        !stored[0].storage_name.contains("attestation"),
        "stored under a random name"
    );
}

#[tokio::test]
async fn a_question_pauses_the_deadline_and_the_answer_resumes_it() {
    let app = spawn_app_seeded().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let id = file_request(&app, &pro, RequestKind::Question, "13055").await;
    let due = |app: &TestApp| -> Option<chrono::NaiveDateTime> {
        let mut conn = app.pool.get().expect("connexion");
        requests::table
            .find(&id)
            .select(requests::qualification_due_at)
            .first(&mut conn)
            .expect("échéance")
    };
    let before = due(&app).expect("échéance au dépôt");
    let referent = demo(&app, "referent.13-84@demo.test").await;
    post_form(
        &app,
        &referent,
        &format!("/demandes/{id}/qualification"),
        &[("priority", "normal"), ("coordination", "simple")],
    )
    .await;
    let r = post_form(
        &app,
        &referent,
        &format!("/demandes/{id}/question"),
        &[
            ("cible", "demande"),
            ("text", "Quelle est votre date d'installation ?"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(request_state(&app, &id), "en-attente-professionnel");
    assert_eq!(
        due(&app),
        None,
        "suspended while waiting on the professional"
    );
    wait_for_email(&app, "pro@exemple.fr", "une question vous attend").await;
    let page = pro
        .get(app.url(&format!("/demandes/{id}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("corps");
    assert!(page.contains("Une question vous attend") && page.contains("Quelle est votre date"));
    let r = post_form(
        &app,
        &pro,
        &format!("/demandes/{id}/reponse"),
        &[("text", "Le 1er mars.")],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(request_state(&app, &id), "en-qualification");
    let after = due(&app).expect("échéance reprise");
    assert!(
        after >= before,
        "the deadline never moves earlier after a pause"
    );

    // Internal notes stay between agents; the professional sees who read his message.
    post_form(
        &app,
        &referent,
        &format!("/demandes/{id}/messages"),
        &[("text", "Note : dossier sensible"), ("interne", "oui")],
    )
    .await;
    let mine = pro
        .get(app.url(&format!("/demandes/{id}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("corps");
    assert!(
        mine.contains("Pas encore lu"),
        "not read before the référent opens the request"
    );
    let agent_view = referent
        .get(app.url(&format!("/demandes/{id}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("corps");
    assert!(
        agent_view.contains("dossier sensible"),
        "agents see internal notes"
    );
    let page = pro
        .get(app.url(&format!("/demandes/{id}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("corps");
    assert!(
        !page.contains("dossier sensible"),
        "internal note hidden from the professional"
    );
    assert!(
        page.contains("Lu par : Romain Référent"),
        "read receipt shown"
    );
}

#[tokio::test]
async fn an_aid_application_from_the_simulator_keeps_the_eligibility_snapshot_and_zip_is_prioritaire(
) {
    let app = spawn_app_seeded().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let installed = (app.now().date() - chrono::Duration::days(30)).to_string();
    let simulation = format!("profession=medecin&situation=installe&installed_on={installed}&first_installation=oui&installation_aid_last_10_years=non&commune=13004&sector=1");
    let page = pro
        .get(app.url(&format!("/simulateur?{simulation}")))
        .send()
        .await
        .expect("simulateur")
        .text()
        .await
        .expect("corps");
    let marker = "href=\"/demandes/nouvelle?type=aide&amp;aid_code=AIDE-INSTALLATION";
    let start = page
        .find(marker)
        .expect("« Déposer une demande » on the AIDE-INSTALLATION card")
        + "href=\"".len();
    let href = page[start..]
        .split('"')
        .next()
        .expect("lien")
        .replace("&amp;", "&");
    let confirm = pro
        .get(app.url(&href))
        .send()
        .await
        .expect("confirmation")
        .text()
        .await
        .expect("corps");
    assert!(
        confirm.contains("name=\"simulation\""),
        "the simulation is carried to the creation"
    );
    let token = csrf_token(&app, &pro).await;
    let r = pro
        .post(app.url("/demandes"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("type", "aide"),
            ("aid_code", "AIDE-INSTALLATION"),
            ("simulation", simulation.as_str()),
        ])
        .send()
        .await
        .expect("création");
    assert_eq!(r.status(), 303);
    let id = location(&r)
        .trim_start_matches("/demandes/")
        .trim_end_matches("/modifier")
        .to_string();
    let (snapshot, draft): (Option<String>, String) = {
        let mut conn = app.pool.get().expect("connexion");
        requests::table
            .find(&id)
            .select((requests::eligibility_snapshot, requests::draft))
            .first(&mut conn)
            .expect("demande")
    };
    let snapshot: serde_json::Value =
        serde_json::from_str(&snapshot.expect("snapshot kept")).expect("json");
    assert_eq!(snapshot["result"]["code"], "AIDE-INSTALLATION");
    assert!(
        snapshot["result"]["version"]["from"].is_string(),
        "rule version kept: {snapshot}"
    );
    assert_eq!(
        snapshot["zone"]["possible"],
        serde_json::json!(["ZIP"]),
        "Arles is ZIP in the demo zonage"
    );
    assert!(draft.contains("13004"), "commune prefilled: {draft}");

    // An installation in a ZIP commune is suggested prioritaire at submission.
    let id = file_request(
        &app,
        &pro,
        RequestKind::Installation(PracticeMode::Liberal),
        "13004",
    )
    .await;
    let mut conn = app.pool.get().expect("connexion");
    let priority: String = requests::table
        .find(&id)
        .select(requests::priority)
        .first(&mut conn)
        .expect("priorité");
    assert_eq!(priority, "prioritaire");
    let id = file_request(
        &app,
        &pro,
        RequestKind::Installation(PracticeMode::Liberal),
        "13055",
    )
    .await;
    let priority: String = requests::table
        .find(&id)
        .select(requests::priority)
        .first(&mut conn)
        .expect("priorité");
    assert_eq!(priority, "normal", "Marseille is not ZIP as a commune");
}

#[tokio::test]
async fn overdue_items_are_sent_once_a_day_to_each_agent_in_charge() {
    let app = spawn_app_seeded().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let late = file_request(&app, &pro, RequestKind::Question, "13055").await;
    let routed = file_request(&app, &pro, RequestKind::AidApplication, "13055").await;
    let referent = demo(&app, "referent.13-84@demo.test").await;
    post_form(
        &app,
        &referent,
        &format!("/demandes/{routed}/qualification"),
        &[("priority", "normal"), ("coordination", "simple")],
    )
    .await;
    post_form(
        &app,
        &referent,
        &format!("/demandes/{routed}/orienter"),
        &[],
    )
    .await;
    let templates = guichet::startup::load_templates(app.settings()).expect("gabarits");
    let mut conn = app.pool.get().expect("connexion");
    let now = app.now();
    assert_eq!(
        guichet::jobs::digest::run_once(&mut conn, &templates, "http://guichet.test", now)
            .expect("digest"),
        0,
        "nothing overdue yet"
    );
    // Filed and routed on Tuesday 10 March 2026: the qualification was due on the 17th, the
    // CPAM's answer (15 working days) on the 31st. On Thursday 9 April both are overdue.
    let later = crate::helpers::at("2026-04-09 07:00");
    assert!(app.clock.set(later));
    let sent = guichet::jobs::digest::run_once(&mut conn, &templates, "http://guichet.test", later)
        .expect("digest");
    assert!(
        sent >= 2,
        "référent(s) of the 13 and the CPAM 13 agent: {sent}"
    );
    assert_eq!(
        guichet::jobs::digest::run_once(&mut conn, &templates, "http://guichet.test", later)
            .expect("digest"),
        0,
        "once a day"
    );
    let queued: Vec<(String, String, guichet::db::outbox::OutboxStatus)> =
        guichet::db::outbox::latest(&mut conn, 50)
            .expect("outbox")
            .into_iter()
            .map(|m| (m.to_address, m.subject, m.status))
            .collect();
    assert!(
        queued
            .iter()
            .any(|(to, s, _)| to == "referent.13-84@demo.test" && s.contains("en retard")),
        "{queued:?}"
    );
    drop(conn);
    let to_referent = wait_for_email(&app, "referent.13-84@demo.test", "en retard").await;
    let number: String = {
        let mut conn = app.pool.get().expect("connexion");
        requests::table
            .find(&late)
            .select(requests::number)
            .first(&mut conn)
            .expect("numéro")
    };
    assert!(
        to_referent.body_text.contains(&number),
        "{}",
        to_referent.body_text
    );
    let to_cpam = wait_for_email(&app, "agent.cpam13@demo.test", "en retard").await;
    assert!(
        !to_cpam.body_text.contains(&number),
        "a partner only hears of its own referrals"
    );
}
