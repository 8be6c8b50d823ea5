//! A mistake in a form of the back office, of the regional administration or of a request: the
//! same page again, with a 422, the French message beside the field and what was typed or chosen
//! kept (an uploaded file cannot be kept: the page says so).

use diesel::prelude::*;
use guichet::db::schema::{requests, users};
use guichet::domain::request::RequestKind;

use crate::admin::admin;
use crate::backoffice::get;
use crate::helpers::{spawn_app_seeded, TestApp};
use crate::request_helpers::{
    create_draft, demo, file_request, installation_filed, qualify_and_route,
};
use crate::session_helpers::{csrf_token, post_form};
use crate::upload_helpers::{pdf_of_size, upload};

const REFERENT: &str = "referent.13-84@demo.test";

fn user_id(app: &TestApp, email: &str) -> String {
    let mut conn = app.pool.get().expect("connexion");
    users::table
        .filter(users::email.eq(email))
        .select(users::id)
        .first(&mut conn)
        .expect("utilisateur")
}

async fn status_and_text(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    (status, response.text().await.expect("corps"))
}

#[tokio::test]
async fn a_bulk_action_sent_with_a_mistake_shows_the_inbox_again_with_its_ticks_and_choices() {
    let app = spawn_app_seeded().await;
    let pro = demo(&app, "camille.martin@demo.test").await;
    let a = file_request(&app, &pro, RequestKind::Question, "13055").await;
    let b = file_request(&app, &pro, RequestKind::Question, "84007").await;
    let referent = demo(&app, REFERENT).await;
    // Sent from a filtered view: the same view comes back.
    let path = "/guichet/demandes/lot?tri=date";
    let inbox_h1 = "<h1>Demandes de mes départements</h1>";

    let fields = [
        ("action", "priorite"),
        ("priorite", "tres-urgente"),
        ("ids", a.as_str()),
    ];
    let (status, html) = status_and_text(post_form(&app, &referent, path, &fields).await).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains(inbox_h1), "la boîte de réception");
    assert!(
        html.contains("aria-describedby=\"lot-priorite-error\" aria-invalid=\"true\">"),
        "{html}"
    );
    assert!(
        html.contains(
            "<p id=\"lot-priorite-error\" class=\"fr-error-text\">Choisissez une priorité.</p>"
        ),
        "le message à côté de la priorité"
    );
    assert!(
        html.contains(&format!("value=\"{a}\" checked")),
        "la case cochée l'est encore"
    );
    assert!(!html.contains(&format!("value=\"{b}\" checked")));
    assert!(
        html.contains("<option value=\"priorite\" selected>"),
        "l'action choisie"
    );
    assert!(
        html.contains("<option value=\"date\" selected>"),
        "le tri de la vue"
    );
    assert!(html.contains("tri=date"), "le formulaire garde la vue");

    // No request ticked: the message beside the boxes, the choices kept.
    let fields = [("action", "priorite"), ("priorite", "urgent")];
    let (status, html) = status_and_text(post_form(&app, &referent, path, &fields).await).await;
    assert_eq!(status, 422);
    assert!(html.contains(inbox_h1));
    assert!(html.contains(
        "<p id=\"lot-ids-error\" class=\"fr-error-text\">Sélectionnez entre 1 et 50 demandes.</p>"
    ));
    assert!(html.contains(&format!("value=\"{a}\" aria-describedby=\"lot-ids-error\"")));
    assert!(html.contains("<option value=\"priorite\" selected>"));

    // An unknown action.
    let fields = [("action", "supprimer"), ("ids", a.as_str())];
    let (status, html) = status_and_text(post_form(&app, &referent, path, &fields).await).await;
    assert_eq!(status, 422);
    assert!(html.contains(inbox_h1));
    assert!(html
        .contains("<p id=\"lot-action-error\" class=\"fr-error-text\">Choisissez une action.</p>"));
    assert!(html.contains(&format!("value=\"{a}\" checked")));

    // A référent who does not cover the request's département: nothing is changed.
    let outsider = user_id(&app, "referent.04-05-06-83@demo.test");
    let fields = [
        ("action", "assigner"),
        ("referent", outsider.as_str()),
        ("ids", b.as_str()),
        ("ids", a.as_str()),
    ];
    let (status, html) = status_and_text(post_form(&app, &referent, path, &fields).await).await;
    assert_eq!(status, 422);
    assert!(html.contains(inbox_h1));
    assert!(html.contains(
        "<p id=\"lot-referent-error\" class=\"fr-error-text\">Ce référent ne couvre pas le département de la demande.</p>"
    ));
    assert!(html.contains(&format!("value=\"{a}\" checked")));
    assert!(html.contains(&format!("value=\"{b}\" checked")));
    assert!(html.contains("<option value=\"assigner\" selected>"));
    let mut conn = app.pool.get().expect("connexion");
    let in_charge: Vec<Option<String>> = requests::table
        .filter(requests::id.eq_any([&a, &b]))
        .select(requests::referent_id)
        .load(&mut conn)
        .expect("demandes");
    assert!(
        in_charge
            .iter()
            .all(|r| r.as_deref() != Some(outsider.as_str())),
        "rien n'a changé"
    );
    // The page sent back is not the one kept for the next visit.
    let (status, html) = get(&app, &referent, "/guichet/demandes?tri=date").await;
    assert_eq!(status, 200);
    assert!(!html.contains("fr-error-text\">Ce référent"), "{html}");
}

#[tokio::test]
async fn an_unknown_role_shows_the_agents_page_again_with_the_message_beside_that_agent() {
    let app = spawn_app_seeded().await;
    let admin = admin(&app).await;
    let agent = user_id(&app, "agent.cpam13@demo.test");
    let path = format!("/admin/utilisateurs/{agent}/role");
    let r = post_form(&app, &admin, &path, &[("role", "professional")]).await;
    let (status, html) = status_and_text(r).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("<h1>Agents de la région</h1>"));
    assert!(
        html.contains(&format!(
            "id=\"role-{agent}\" name=\"role\" aria-describedby=\"role-{agent}-error\" aria-invalid=\"true\""
        )),
        "{html}"
    );
    assert!(html.contains(&format!(
        "<p id=\"role-{agent}-error\" class=\"fr-error-text\">Rôle inconnu : choisissez référent, agent partenaire ou administrateur.</p>"
    )));
    assert_eq!(
        html.matches("class=\"fr-error-text\"").count(),
        1,
        "une seule ligne"
    );
    let mut conn = app.pool.get().expect("connexion");
    let role: String = users::table
        .find(&agent)
        .select(users::role)
        .first(&mut conn)
        .expect("rôle");
    assert_eq!(role, "partner");
}

async fn upload_zonage(
    app: &TestApp,
    client: &reqwest::Client,
    fields: &[(&str, &str)],
    file: Vec<u8>,
) -> (u16, String) {
    let mut form =
        reqwest::multipart::Form::new().text("csrf_token", csrf_token(app, client).await);
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    let part = reqwest::multipart::Part::bytes(file).file_name("infirmiers.csv");
    let r = client
        .post(app.url("/admin/zonage"))
        .multipart(form.part("fichier", part))
        .send()
        .await
        .expect("POST multipart");
    status_and_text(r).await
}

#[tokio::test]
async fn a_zonage_import_with_a_mistake_shows_the_page_again_and_says_the_file_was_not_kept() {
    let app = spawn_app_seeded().await;
    let admin = admin(&app).await;
    let csv = b"insee,zone\n13055,tres-sous-dotee\n".to_vec();
    let fields = [
        ("profession", "astronaute"),
        ("valid_from", "2026-02-30"),
        ("source", "Arrêté ARS PACA (test)"),
    ];
    let (status, html) = upload_zonage(&app, &admin, &fields, csv).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("<h1>Zonages de la région</h1>"));
    assert!(html.contains(
        "<p id=\"profession-error\" class=\"fr-error-text\">Choisissez la profession du zonage.</p>"
    ));
    assert!(html.contains(
        "<p id=\"valid_from-error\" class=\"fr-error-text\">Indiquez la date d&#x27;entrée en vigueur (AAAA-MM-JJ).</p>"
    ));
    assert!(html.contains("value=\"2026-02-30\""), "la date tapée");
    assert!(
        html.contains("value=\"Arrêté ARS PACA (test)\""),
        "la source tapée"
    );
    assert!(html.contains("aria-describedby=\"fichier-again\""));
    assert!(html.contains("Le fichier choisi n'a pas été conservé"));

    // A file over the limit: its message beside it, the fields sent before it kept.
    let fields = [
        ("profession", "infirmier"),
        ("valid_from", "2026-03-09"),
        ("source", "Arrêté ARS PACA (test)"),
    ];
    let mut big = b"insee,zone\n".to_vec();
    big.resize(5 * 1024 * 1024 + 10, b'x');
    let (status, html) = upload_zonage(&app, &admin, &fields, big).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("<h1>Zonages de la région</h1>"));
    assert!(html.contains("aria-describedby=\"fichier-error fichier-again\" aria-invalid=\"true\""));
    assert!(html.contains("<p class=\"fr-error-text\">Le fichier dépasse 5 Mo.</p>"));
    assert!(
        html.contains("<option value=\"infirmier\" selected>"),
        "la profession choisie"
    );
    assert!(html.contains("value=\"2026-03-09\""));
    assert!(html.contains("Le fichier choisi n'a pas été conservé"));
}

#[tokio::test]
async fn a_regional_rule_file_that_is_not_utf8_shows_the_form_again_with_the_message_beside_it() {
    let app = spawn_app_seeded().await;
    let admin = admin(&app).await;
    let part = reqwest::multipart::Part::bytes(vec![0xff, 0xfe, b'a', 0xc3]).file_name("aide.toml");
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf_token(&app, &admin).await)
        .part("fichier", part);
    let r = admin
        .post(app.url("/admin/aides/regionales/fichier"))
        .multipart(form)
        .send()
        .await
        .expect("POST multipart");
    let (status, html) = status_and_text(r).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("<h1>Ajouter une aide régionale</h1>"));
    assert!(html.contains("aria-describedby=\"fichier-error\" aria-invalid=\"true\""));
    assert!(html.contains(
        "<p id=\"fichier-error\" class=\"fr-error-text\">Le fichier n&#x27;est pas un texte UTF-8"
    ));
    assert!(html.contains("Le fichier n'a pas été conservé"));
}

#[tokio::test]
async fn a_refused_document_shows_the_page_it_was_sent_from_again_with_the_message_beside_it() {
    let app = spawn_app_seeded().await;
    let (pro, id) = installation_filed(&app).await;
    let path = format!("/demandes/{id}/pieces");
    let (status, html) = upload(&app, &pro, &path, "vide.pdf", Vec::new()).await;
    assert_eq!(status, 422, "{html}");
    assert!(
        html.contains("<span class=\"fr-text--lg\">n° "),
        "la page de la demande"
    );
    assert!(
        html.contains("name=\"fichier\" aria-describedby=\"fichier-error\" aria-invalid=\"true\">")
    );
    assert!(html.contains(
        "<p id=\"fichier-error\" class=\"fr-error-text\">Le fichier est vide. Le fichier n'a pas été conservé"
    ));
    assert!(!html.contains("Votre texte est conservé"));

    // From a draft's form: that form again.
    let draft = create_draft(&app, &pro, "question").await;
    let path = format!("/demandes/{draft}/pieces");
    let (status, html) = upload(&app, &pro, &path, "vide.pdf", Vec::new()).await;
    assert_eq!(status, 422, "{html}");
    assert!(
        html.contains("— brouillon n° "),
        "le formulaire du brouillon"
    );
    assert!(
        html.contains("<p id=\"fichier-error\" class=\"fr-error-text\">Le fichier est vide.</p>")
    );
}

#[tokio::test]
async fn a_draft_refused_shows_the_new_request_page_again_with_the_choice_kept() {
    let app = spawn_app_seeded().await;
    let (pro, _) = installation_filed(&app).await;
    let r = post_form(&app, &pro, "/demandes", &[("type", "voyage-lunaire")]).await;
    let (status, html) = status_and_text(r).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("<h1>Nouvelle demande</h1>"));
    assert!(html.contains(
        "<p id=\"type-error\" class=\"fr-error-text\">Choisissez l&#x27;objet de votre demande dans la liste.</p>"
    ));
    for _ in 0..guichet::domain::request::MAX_DRAFTS {
        create_draft(&app, &pro, "question").await;
    }
    // From the simulator's confirmation: the kind and the prefilled answers are kept.
    let fields = [("type", "question"), ("commune_insee", "13055")];
    let r = post_form(&app, &pro, "/demandes", &fields).await;
    let (status, html) = status_and_text(r).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("<input type=\"hidden\" name=\"type\" value=\"question\">"));
    assert!(html.contains("aria-describedby=\"type-error\">Commencer ma demande</button>"));
    assert!(
        html.contains("<p id=\"type-error\" class=\"fr-error-text\">Vous avez déjà 10 brouillons")
    );
}

#[tokio::test]
async fn sharing_a_document_with_an_institution_not_routed_shows_the_request_page_again() {
    use guichet::db::schema::attachments;
    let app = spawn_app_seeded().await;
    let (pro, id) = installation_filed(&app).await;
    let path = format!("/demandes/{id}/pieces");
    let (status, body) = upload(&app, &pro, &path, "piece.pdf", pdf_of_size(2000)).await;
    assert_eq!(status, 303, "{body}");
    let referent = demo(&app, REFERENT).await;
    qualify_and_route(&app, &referent, &id).await;
    let piece: String = {
        let mut conn = app.pool.get().expect("connexion");
        attachments::table
            .filter(attachments::request_id.eq(&id))
            .select(attachments::id)
            .first(&mut conn)
            .expect("document")
    };
    let path = format!("/demandes/{id}/pieces/{piece}/partage");
    let r = post_form(&app, &referent, &path, &[("institution", "inconnue")]).await;
    let (status, html) = status_and_text(r).await;
    assert_eq!(status, 422, "{html}");
    assert!(
        html.contains("<span class=\"fr-text--lg\">n° "),
        "la page de la demande"
    );
    assert!(html.contains(&format!(
        "name=\"institution\" aria-describedby=\"partage-{piece}-error\" aria-invalid=\"true\">"
    )));
    assert!(html.contains(&format!(
        "<p id=\"partage-{piece}-error\" class=\"fr-error-text\">Choisissez une institution à laquelle la demande est transmise.</p>"
    )));
}
