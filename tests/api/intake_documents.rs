//! Référent intake of a request whose kind needs a document (issue 15): a référent records a
//! telephone MSP project with its health project, checked and scanned as a professional's own
//! upload; the professional who takes over the request sees the document; a refused or infected
//! file, or a missing one, shows the form again (422) with what was typed, and records nothing.

use guichet::domain::request::{CoordinatedStructure, RequestKind};

use crate::clamd::eicar;
use crate::helpers::{new_client, spawn_app_seeded, TestApp};
use crate::request_helpers::{demo, filled_form};
use crate::session_helpers::*;
use crate::upload_helpers::{pdf_of_size, pdf_with_stream};

const REFERENT: &str = "referent.13-84@demo.test";
const PAGE: &str = "/guichet/demandes/nouvelle";
const EMAIL: &str = "maison.sante@exemple.fr";
const MSP: RequestKind = RequestKind::CoordinatedPractice(CoordinatedStructure::Msp);

/// The intake of a telephone MSP project in Marseille for a person without an account.
fn intake(app: &TestApp) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = [
        ("type", "msp"),
        ("channel", "phone"),
        ("contact_first_name", "Inès"),
        ("contact_last_name", "Maison"),
        ("contact_email", EMAIL),
        ("contact_phone", "04 91 00 00 00"),
        ("contact_profession", "medecin"),
        ("contact_situation", "installe"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    form.extend(filled_form(MSP, "13055", app.now().date()));
    form
}

/// Sends the intake as the browser does (multipart, the CSRF token first), with `file`.
async fn send(
    app: &TestApp,
    client: &reqwest::Client,
    form: &[(String, String)],
    file: Option<(&str, Vec<u8>)>,
) -> reqwest::Response {
    let mut multipart =
        reqwest::multipart::Form::new().text("csrf_token", csrf_token(app, client).await);
    for (k, v) in form {
        multipart = multipart.text(k.clone(), v.clone());
    }
    let part = match file {
        Some((name, bytes)) => reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
        // What a browser sends when no file was chosen.
        None => reqwest::multipart::Part::bytes(Vec::new()).file_name(""),
    };
    multipart = multipart.part("pieces_jointes", part);
    client
        .post(app.url(PAGE))
        .multipart(multipart)
        .send()
        .await
        .expect("envoi")
}

/// (requests, attachments, accounts, files stored).
fn counts(app: &TestApp) -> (i64, i64, i64, usize) {
    use diesel::prelude::*;
    use guichet::db::schema::{attachments, requests, users};
    let mut conn = app.pool.get().expect("connexion");
    let r = requests::table
        .count()
        .get_result(&mut conn)
        .expect("demandes");
    let a = attachments::table
        .count()
        .get_result(&mut conn)
        .expect("pièces");
    let u = users::table.count().get_result(&mut conn).expect("comptes");
    let files = std::fs::read_dir(&app.settings().uploads.dir).map_or(0, |d| d.count());
    (r, a, u, files)
}

/// The professional takes the request over from the invitation; returns their client.
async fn take_over(app: &TestApp, id: &str) -> reqwest::Client {
    let mail = wait_for_email(app, EMAIL, "Votre accès").await;
    let link = link_in(&mail.body_text, "/invitation?jeton=");
    let jeton = query_value(&link, "jeton");
    let pro = new_client();
    let suite = format!("/demandes/{id}");
    let fields = [
        ("jeton", jeton.as_str()),
        ("suite", &suite),
        ("password", PASSWORD),
    ];
    let r = post_form(app, &pro, "/invitation", &fields).await;
    assert_eq!(r.status(), 303, "mot de passe choisi");
    let fields = [("email", EMAIL), ("password", PASSWORD), ("suite", &suite)];
    let r = post_form(app, &pro, "/connexion", &fields).await;
    assert_eq!(location(&r), suite, "la demande, une fois connecté");
    pro
}

#[tokio::test]
async fn a_telephone_msp_project_is_recorded_with_its_health_project_seen_by_its_professional() {
    let app = spawn_app_seeded().await;
    let referent = demo(&app, REFERENT).await;
    let page = text_of(&app, &referent, &format!("{PAGE}?type=msp")).await;
    assert!(page.contains("enctype=\"multipart/form-data\""));
    assert!(page.contains("name=\"pieces_jointes\"") && page.contains("Projet de santé"));

    // Without the health project: the form again, the message beside the file field.
    let before = counts(&app);
    let r = send(&app, &referent, &intake(&app), None).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("corps");
    assert!(html.contains("id=\"pieces_jointes-error\""), "{html}");
    assert!(html.contains("Joignez le projet de santé"));
    assert!(
        html.contains(&format!("value=\"{EMAIL}\"")),
        "what was typed"
    );
    assert_eq!(counts(&app), before, "nothing recorded");

    // With it: recorded and filed, the document on the request, uploaded by the référent.
    let pdf = pdf_of_size(2_000);
    let file = Some(("projet de santé.pdf", pdf.clone()));
    let r = send(&app, &referent, &intake(&app), file).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let to = location(&r);
    let id = to
        .trim_start_matches("/demandes/")
        .split('?')
        .next()
        .expect("id");
    let id = id.to_string();
    assert_eq!(counts(&app).1, before.1 + 1, "one document");
    let seen = text_of(&app, &referent, &format!("/demandes/{id}")).await;
    assert!(seen.contains("projet de santé.pdf") || seen.contains("projet de sant&#x27;"));
    assert!(seen.contains("Document ajouté"), "the timeline");
    assert!(seen.contains("Déposée"), "filed");

    // The professional, once in their new account, sees it and downloads it.
    let pro = take_over(&app, &id).await;
    let theirs = text_of(&app, &pro, &format!("/demandes/{id}")).await;
    assert!(theirs.contains("projet de santé.pdf"), "{theirs}");
    let marker = format!("/demandes/{id}/pieces/");
    let start = theirs.find(&marker).expect("lien du document") + marker.len();
    let attachment: String = theirs[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let r = pro
        .get(app.url(&format!("{marker}{attachment}")))
        .send()
        .await
        .expect("téléchargement");
    assert_eq!(r.status(), 200);
    assert_eq!(r.bytes().await.expect("octets").to_vec(), pdf);
}

#[tokio::test]
async fn a_refused_or_infected_file_records_nothing_and_keeps_what_was_typed() {
    let app = spawn_app_seeded().await;
    let referent = demo(&app, REFERENT).await;
    let before = counts(&app);

    // Not a document of an accepted type, whatever its name says.
    let file = Some(("projet.pdf", b"MZ\x90\x00 not a pdf at all".to_vec()));
    let r = send(&app, &referent, &intake(&app), file).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("corps");
    assert!(html.contains("id=\"pieces_jointes-error\""), "{html}");
    assert!(html.contains(&format!("value=\"{EMAIL}\"")));
    assert!(html.contains("value=\"Inès\""));
    assert_eq!(
        counts(&app),
        before,
        "nothing recorded, no account, no file"
    );

    // Infected: refused by the antivirus.
    let file = Some(("projet.pdf", pdf_with_stream(&eicar())));
    let r = send(&app, &referent, &intake(&app), file).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("corps");
    assert!(html.contains("virus"), "{html}");
    assert_eq!(counts(&app), before);

    // A good file but a mistake elsewhere: nothing kept, the file to choose again.
    let mut form = intake(&app);
    form.retain(|(k, _)| k != "commune_insee");
    let file = Some(("projet.pdf", pdf_of_size(500)));
    let r = send(&app, &referent, &form, file).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("corps");
    assert!(html.contains("id=\"commune_insee-error\""), "{html}");
    assert!(html.contains("choisissez-le à nouveau"), "{html}");
    assert_eq!(counts(&app), before);
    assert!(!app.mailbox.messages().iter().any(|m| m.to == EMAIL));
}
