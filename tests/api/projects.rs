//! "Mon projet" (issue 15): a référent links requests of the same professional into one project
//! (refused across professionals, beside the field); the project's checklist shows each step
//! with the request covering it and its state, and the référent in charge; only the
//! professional and the référents of its requests see a project (404 for anybody else).

use diesel::prelude::*;
use guichet::db::schema::{project_requests, projects, requests, timeline_events};
use guichet::domain::account::Role;
use guichet::domain::request::RequestKind;

use crate::helpers::{spawn_app_seeded, TestApp};
use crate::request_helpers::{demo, file_request, installation_filed};
use crate::session_helpers::*;

const REFERENT: &str = "referent.13-84@demo.test";

fn number_of(app: &TestApp, id: &str) -> String {
    let mut conn = app.pool.get().expect("connexion");
    requests::table
        .find(id)
        .select(requests::number)
        .first(&mut conn)
        .expect("demande")
}

/// The project each request is in.
fn projects_of(app: &TestApp, ids: &[&str]) -> Vec<Option<String>> {
    let mut conn = app.pool.get().expect("connexion");
    ids.iter()
        .map(|id| {
            project_requests::table
                .find(*id)
                .select(project_requests::project_id)
                .first(&mut conn)
                .optional()
                .expect("projet")
        })
        .collect()
}

fn project_events(app: &TestApp, id: &str) -> Vec<String> {
    let mut conn = app.pool.get().expect("connexion");
    timeline_events::table
        .filter(timeline_events::request_id.eq(id))
        .filter(timeline_events::kind.eq("projet"))
        .select(timeline_events::summary)
        .load(&mut conn)
        .expect("historique")
}

async fn link(
    app: &TestApp,
    referent: &reqwest::Client,
    id: &str,
    number: &str,
) -> reqwest::Response {
    post_form(
        app,
        referent,
        &format!("/demandes/{id}/lier"),
        &[("formulaire", "lier"), ("text", number)],
    )
    .await
}

#[tokio::test]
async fn a_referent_links_requests_of_one_professional_into_one_project() {
    let app = spawn_app_seeded().await;
    let (pro, installation) = installation_filed(&app).await;
    let aid = file_request(&app, &pro, RequestKind::AidApplication, "13004").await;
    let referent = demo(&app, REFERENT).await;

    let page = text_of(&app, &referent, &format!("/demandes/{installation}")).await;
    assert!(page.contains("Lier à une autre demande du même professionnel"));

    let linked = link(&app, &referent, &installation, &number_of(&app, &aid)).await;
    assert_eq!(linked.status(), 303);
    assert!(location(&linked).ends_with("?ok=demandes-liees"));
    let both = projects_of(&app, &[&installation, &aid]);
    let project = both[0].clone().expect("dans un projet");
    assert_eq!(both[1].as_deref(), Some(project.as_str()), "le même projet");
    let owner: String = {
        let mut conn = app.pool.get().expect("connexion");
        projects::table
            .find(&project)
            .select(projects::owner_id)
            .first(&mut conn)
            .expect("projet")
    };
    let professional: String = {
        let mut conn = app.pool.get().expect("connexion");
        requests::table
            .find(&installation)
            .select(requests::professional_id)
            .first(&mut conn)
            .expect("demande")
    };
    assert_eq!(owner, professional, "le projet est celui du professionnel");
    // A line in each request's timeline, naming the other one.
    let events = project_events(&app, &installation);
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].contains(&number_of(&app, &aid)), "{events:?}");
    assert_eq!(project_events(&app, &aid).len(), 1);

    // The professional finds it in "Mon projet"; the request page links to it.
    let list = text_of(&app, &pro, "/projets").await;
    assert!(
        list.contains(&format!("href=\"/projets/{project}\"")),
        "{list}"
    );
    let request_page = text_of(&app, &pro, &format!("/demandes/{aid}")).await;
    assert!(request_page.contains(&format!("href=\"/projets/{project}\"")));
    assert!(request_page.contains("Demande liée à la demande"));

    // Linking them again: the message beside the field.
    let again = link(&app, &referent, &aid, &number_of(&app, &installation)).await;
    assert_eq!(again.status(), 422);
    assert!(again
        .text()
        .await
        .expect("page")
        .contains("font déjà partie du même projet"));

    // A third request of the same professional joins the same project.
    let third = file_request(&app, &pro, RequestKind::Question, "13004").await;
    let joined = link(&app, &referent, &third, &number_of(&app, &aid)).await;
    assert_eq!(joined.status(), 303);
    assert_eq!(
        projects_of(&app, &[&third])[0].as_deref(),
        Some(project.as_str())
    );
}

#[tokio::test]
async fn linking_requests_of_two_professionals_is_refused_beside_the_field() {
    let app = spawn_app_seeded().await;
    let (_pro, installation) = installation_filed(&app).await;
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
    let theirs = file_request(&app, &other, RequestKind::Question, "13004").await;
    let referent = demo(&app, REFERENT).await;

    let number = number_of(&app, &theirs);
    let refused = link(&app, &referent, &installation, &number).await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.expect("page");
    assert!(
        page.contains("id=\"lier-numero-erreur\""),
        "beside the field"
    );
    assert!(
        page.contains("celle d&#x27;un autre professionnel")
            || page.contains("celle d'un autre professionnel")
    );
    assert!(
        page.contains(&format!("value=\"{number}\"")),
        "the number typed is kept"
    );
    assert_eq!(projects_of(&app, &[&installation, &theirs]), [None, None]);

    let unknown = link(&app, &referent, &installation, "2026-999999").await;
    assert_eq!(unknown.status(), 422);
    assert!(unknown
        .text()
        .await
        .expect("page")
        .contains("Aucune demande déposée ne porte ce numéro"));

    // Only the référent links: the professional may not (403, the request is theirs to see).
    let pro_link = link(&app, &_pro, &installation, &number).await;
    assert_eq!(pro_link.status(), 403);
}

#[tokio::test]
async fn the_checklist_shows_each_step_with_its_request_and_only_its_people_see_it() {
    let app = spawn_app_seeded().await;
    let (pro, installation) = installation_filed(&app).await;
    let aid = file_request(&app, &pro, RequestKind::AidApplication, "13004").await;

    // A title is needed.
    let empty = post_form(&app, &pro, "/projets", &[("titre", "  ")]).await;
    assert_eq!(empty.status(), 422);
    assert!(empty
        .text()
        .await
        .expect("page")
        .contains("Donnez un nom à votre projet"));

    let created = post_form(
        &app,
        &pro,
        "/projets",
        &[
            ("titre", "Installation à Marseille"),
            ("demande", &installation),
        ],
    )
    .await;
    assert_eq!(created.status(), 303);
    let project = location(&created)
        .trim_start_matches("/projets/")
        .to_string();
    let added = post_form(
        &app,
        &pro,
        &format!("/projets/{project}/demandes"),
        &[("demande", &aid)],
    )
    .await;
    assert_eq!(added.status(), 303);
    assert_eq!(project_events(&app, &aid).len(), 1);

    // The référent takes charge of the installation and routes it.
    let referent = demo(&app, REFERENT).await;
    let qualified = post_form(
        &app,
        &referent,
        &format!("/demandes/{installation}/qualification"),
        &[
            ("priority", "normal"),
            ("coordination", "simple"),
            ("referent", "moi"),
        ],
    )
    .await;
    assert_eq!(qualified.status(), 303);
    let routed = post_form(
        &app,
        &referent,
        &format!("/demandes/{installation}/orienter"),
        &[],
    )
    .await;
    assert_eq!(routed.status(), 303);

    let path = format!("/projets/{project}");
    let page = text_of(&app, &pro, &path).await;
    let step = |key: &str| {
        let start = page
            .find(&format!("id=\"etape-{key}\""))
            .unwrap_or_else(|| panic!("étape {key} : {page}"));
        let end = page[start..]
            .find("</li>")
            .map_or(page.len(), |e| start + e);
        page[start..end].to_string()
    };
    let (inst_no, aid_no) = (number_of(&app, &installation), number_of(&app, &aid));
    for key in ["installation", "ordre", "conventionnement", "urssaf"] {
        let s = step(key);
        assert!(s.contains(&inst_no), "{key}: {s}");
        assert!(s.contains("Orientée"), "{key}: {s}");
    }
    let aides = step("aides");
    assert!(
        aides.contains(&aid_no) && aides.contains("Déposée"),
        "{aides}"
    );
    let coordinated = step("exercice-coordonne");
    assert!(
        coordinated.contains("href=\"/demandes/nouvelle?type=msp\""),
        "{coordinated}"
    );
    assert!(coordinated.contains("Déposer la demande"));
    assert!(
        !page.contains("etape-enregistrement-ars"),
        "a doctor has an Ordre"
    );
    // The référent in charge, with the way to write to them.
    assert!(page.contains("Romain Référent"), "{page}");
    assert!(page.contains(&format!("href=\"/demandes/{installation}#messages\"")));

    // Need to know: the référent of the requests sees the project; nobody else does.
    assert_eq!(status_of(&app, &referent, &path).await, 200);
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
    assert_eq!(status_of(&app, &other, &path).await, 404);
    let stolen = post_form(
        &app,
        &other,
        &format!("{path}/demandes"),
        &[("demande", &aid)],
    )
    .await;
    assert_eq!(stolen.status(), 404);
    let partner = demo(&app, "agent.cpam13@demo.test").await;
    assert_eq!(status_of(&app, &partner, &path).await, 404);
    assert_eq!(status_of(&app, &partner, "/projets").await, 404);
    // The partner handles the installation but sees nothing of its project.
    let seen = text_of(&app, &partner, &format!("/demandes/{installation}")).await;
    assert!(!seen.contains("/projets/"), "{seen}");
    assert!(!seen.contains("Demande ajoutée au projet"));
    let elsewhere = demo(&app, "referent.04-05-06-83@demo.test").await;
    assert_eq!(status_of(&app, &elsewhere, &path).await, 404);
}
