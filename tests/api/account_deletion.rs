//! RGPD (issue 16): a professional deletes their account. The confirmation page says which
//! requests are kept under a pseudonym and why; the password is asked again; drafts and their
//! files go, filed requests stay without the person's name; the account cannot sign in any
//! more and the address can register again.

use diesel::prelude::*;
use guichet::db::schema::{
    commitment_milestones, commitments, permanence_slots, project_requests, projects, requests,
    sessions, timeline_events, users,
};
use guichet::domain::account::Role;
use guichet::domain::request::RequestKind;

use crate::helpers::{new_client, spawn_app_seeded, TestApp};
use crate::request_helpers::{create_draft, demo, file_request, qualify_and_route, referrals_of};
use crate::session_helpers::*;
use crate::upload_helpers::{pdf_of_size, upload};

fn number_of(app: &TestApp, id: &str) -> Option<String> {
    let mut conn = app.pool.get().expect("connexion");
    requests::table
        .find(id)
        .select(requests::number)
        .first(&mut conn)
        .optional()
        .expect("demande")
}

#[tokio::test]
async fn a_professional_deletes_their_account_filed_requests_stay_pseudonymised() {
    let app = spawn_app_seeded().await;
    let user = create_user(
        &app,
        "depart@exemple.fr",
        Role::Professional,
        None,
        None,
        &[],
    )
    .await;
    let pro = signed_in(&app, "depart@exemple.fr").await;
    // They had turned the second factor on: its secret goes with the account.
    post_form(&app, &pro, "/compte/double-authentification/activer", &[]).await;
    let code = crate::second_factor_helpers::next_code(&app, "depart@exemple.fr");
    let on = "/compte/double-authentification/confirmer";
    assert_eq!(
        post_form(&app, &pro, on, &[("code", &code)]).await.status(),
        200
    );
    let user_id = {
        let mut conn = app.pool.get().expect("connexion");
        guichet::db::users::find_by_email(&mut conn, "depart@exemple.fr")
            .expect("lecture")
            .expect("compte")
            .id
    };
    let filed = file_request(&app, &pro, RequestKind::AidApplication, "83137").await;
    let draft = create_draft(&app, &pro, "question").await;
    let (status, body) = upload(
        &app,
        &pro,
        &format!("/demandes/{draft}/pieces"),
        "brouillon.pdf",
        pdf_of_size(1500),
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let draft_file = {
        let mut conn = app.pool.get().expect("connexion");
        let name: String = guichet::db::schema::attachments::table
            .filter(guichet::db::schema::attachments::request_id.eq(&draft))
            .select(guichet::db::schema::attachments::storage_name)
            .first(&mut conn)
            .expect("pièce");
        app.settings.uploads.dir.join(name)
    };
    assert!(draft_file.is_file());
    let filed_number = number_of(&app, &filed).expect("numéro");
    // Issue 15: a project of theirs, named in their words, holding both requests; the filed one
    // granted, with a commitment the institution follows.
    let created = post_form(
        &app,
        &pro,
        "/projets",
        &[("titre", "Cabinet secret"), ("demande", &filed)],
    )
    .await;
    assert_eq!(created.status(), 303, "projet");
    let project = location(&created)
        .trim_start_matches("/projets/")
        .to_string();
    let added = post_form(
        &app,
        &pro,
        &format!("/projets/{project}/demandes"),
        &[("demande", &draft)],
    )
    .await;
    assert_eq!(added.status(), 303, "brouillon ajouté");
    let referent = demo(&app, "referent.04-05-06-83@demo.test").await;
    qualify_and_route(&app, &referent, &filed).await;
    let (referral, _, _) = referrals_of(&app, &filed)
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
    crate::commitments::fixture_milestone(&app, &filed, &referral, &institution);
    // A place booked in a permanence to come (the demo has some).
    let slot: String = {
        let mut conn = app.pool.get().expect("connexion");
        permanence_slots::table
            .filter(permanence_slots::starts_at.gt(app.now() + chrono::Duration::days(3)))
            .filter(permanence_slots::booked.lt(permanence_slots::capacity))
            .select(permanence_slots::id)
            .first(&mut conn)
            .expect("un créneau à venir")
    };
    let r = post_form(
        &app,
        &pro,
        &format!("/permanences/creneaux/{slot}/reserver"),
        &[("request_number", "")],
    )
    .await;
    assert_eq!(r.status(), 303, "réservation");
    let booked = |app: &TestApp| -> i32 {
        let mut conn = app.pool.get().expect("connexion");
        permanence_slots::table
            .find(&slot)
            .select(permanence_slots::booked)
            .first(&mut conn)
            .expect("créneau")
    };
    let booked_before = booked(&app);
    let draft_number = number_of(&app, &draft).expect("numéro");

    // The confirmation page names what is kept, and why, and what goes.
    let page = pro
        .get(app.url("/compte/suppression"))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("page");
    assert!(
        html.contains(&filed_number) && html.contains(&draft_number),
        "{html}"
    );
    assert!(
        html.contains("conservées sous pseudonyme") && html.contains("5 ans"),
        "{html}"
    );
    assert!(html.contains("name=\"password\"") && html.contains("name=\"csrf_token\""));

    // A wrong password, or no confirmation: the form again, nothing deleted.
    let r = post_form(
        &app,
        &pro,
        "/compte/suppression",
        &[("password", "pas le bon"), ("confirmation", "oui")],
    )
    .await;
    assert_eq!(r.status(), 422);
    assert!(r
        .text()
        .await
        .unwrap_or_default()
        .contains("mot de passe est incorrect"));
    let r = post_form(&app, &pro, "/compte/suppression", &[("password", PASSWORD)]).await;
    assert_eq!(r.status(), 422);
    assert!(number_of(&app, &draft).is_some());

    let r = post_form(
        &app,
        &pro,
        "/compte/suppression",
        &[("password", PASSWORD), ("confirmation", "oui")],
    )
    .await;
    assert_eq!(r.status(), 200);
    assert!(r
        .text()
        .await
        .unwrap_or_default()
        .contains("Votre compte est supprimé"));

    {
        let mut conn = app.pool.get().expect("connexion");
        let factor = guichet::db::second_factor::find(&mut conn, &user_id).expect("lecture");
        assert!(factor.is_none(), "le secret du second facteur est supprimé");
    }
    // The draft and its file are gone; the filed request stays, without the person.
    assert!(number_of(&app, &draft).is_none());
    assert!(!draft_file.exists());
    assert!(number_of(&app, &filed).is_some());
    assert_eq!(
        booked(&app),
        booked_before - 1,
        "la place réservée est libérée"
    );
    {
        let mut conn = app.pool.get().expect("connexion");
        let (email, first, last, number): (String, String, String, Option<String>) = users::table
            .find(&user)
            .select((
                users::email,
                users::first_name,
                users::last_name,
                users::professional_number,
            ))
            .first(&mut conn)
            .expect("compte");
        for value in [&email, &first, &last] {
            assert!(
                !value.contains("depart") && !value.contains("Prénom"),
                "{value}"
            );
        }
        assert!(number.is_none());
        let labels: Vec<String> = timeline_events::table
            .filter(timeline_events::actor_id.eq(&user))
            .select(timeline_events::actor_label)
            .load(&mut conn)
            .expect("historique");
        assert!(
            labels
                .iter()
                .all(|l| !l.contains("depart") && !l.contains("Prénom")),
            "{labels:?}"
        );
        let left: i64 = sessions::table
            .filter(sessions::user_id.eq(&user))
            .count()
            .get_result(&mut conn)
            .expect("sessions");
        assert_eq!(left, 0, "sessions supprimées");
        // Their projects are gone and no timeline names them any more.
        let left: i64 = projects::table
            .filter(projects::owner_id.eq(&user))
            .count()
            .get_result(&mut conn)
            .expect("projets");
        assert_eq!(left, 0, "projets supprimés");
        let linked: i64 = project_requests::table
            .filter(project_requests::request_id.eq(&filed))
            .count()
            .get_result(&mut conn)
            .expect("liens");
        assert_eq!(linked, 0);
        let lines: Vec<String> = timeline_events::table
            .filter(timeline_events::request_id.eq(&filed))
            .filter(timeline_events::kind.eq("projet"))
            .select(timeline_events::summary)
            .load(&mut conn)
            .expect("historique");
        assert!(!lines.is_empty());
        assert!(
            lines.iter().all(|l| !l.contains("Cabinet secret")),
            "{lines:?}"
        );
        // The commitment of the kept request stays, for the institution that follows it.
        let kept: i64 = commitments::table
            .inner_join(commitment_milestones::table)
            .filter(commitments::request_id.eq(&filed))
            .count()
            .get_result(&mut conn)
            .expect("engagements");
        assert_eq!(kept, 1, "engagement et échéance conservés");
        let search: String = requests::table
            .find(&filed)
            .select(requests::search_text)
            .first(&mut conn)
            .expect("recherche");
        assert!(!search.contains("depart"), "{search}");
    }
    // The old session no longer works; signing in fails; the address can register again.
    let r = pro.get(app.url("/compte")).send().await.expect("GET");
    assert_ne!(r.status(), 200);
    let r = post_form(
        &app,
        &new_client(),
        "/connexion",
        &[
            ("email", "depart@exemple.fr"),
            ("password", PASSWORD),
            ("suite", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), 422);
    create_user(
        &app,
        "depart@exemple.fr",
        Role::Professional,
        None,
        None,
        &[],
    )
    .await;
    let again = signed_in(&app, "depart@exemple.fr").await;
    let r = again.get(app.url("/compte")).send().await.expect("GET");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn staff_cannot_delete_their_account_here() {
    let app = spawn_app_seeded().await;
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
    let r = referent
        .get(app.url("/compte/suppression"))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), 404);
    let r = post_form(
        &app,
        &referent,
        "/compte/suppression",
        &[("password", PASSWORD), ("confirmation", "oui")],
    )
    .await;
    assert_eq!(r.status(), 404);
}
