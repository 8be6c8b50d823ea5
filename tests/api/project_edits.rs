//! "Mon projet" (issue 15): the professional renames their project and takes a request out of
//! it. A mistake shows the project again (422) with the message beside the field and what was
//! typed; each change is written in the timelines of the requests concerned; only the owner
//! changes a project (404 for the référent who sees it, and for anybody else); CSRF on both.

use diesel::prelude::*;
use guichet::db::schema::{project_requests, projects, requests, timeline_events};
use guichet::domain::account::Role;
use guichet::domain::request::RequestKind;

use crate::helpers::{spawn_app_seeded, TestApp};
use crate::request_helpers::{demo, file_request, installation_filed};
use crate::session_helpers::*;

fn title_of(app: &TestApp, project: &str) -> String {
    let mut conn = app.pool.get().expect("connexion");
    projects::table
        .find(project)
        .select(projects::title)
        .first(&mut conn)
        .expect("projet")
}

fn project_of(app: &TestApp, request: &str) -> Option<String> {
    let mut conn = app.pool.get().expect("connexion");
    project_requests::table
        .find(request)
        .select(project_requests::project_id)
        .first(&mut conn)
        .optional()
        .expect("projet")
}

fn project_events(app: &TestApp, request: &str) -> Vec<String> {
    let mut conn = app.pool.get().expect("connexion");
    timeline_events::table
        .filter(timeline_events::request_id.eq(request))
        .filter(timeline_events::kind.eq("projet"))
        .select(timeline_events::summary)
        .load(&mut conn)
        .expect("historique")
}

/// The professional's project "Installation à Marseille" holding both requests.
async fn project_with(app: &TestApp, pro: &reqwest::Client, ids: &[&str]) -> String {
    let created = post_form(
        app,
        pro,
        "/projets",
        &[("titre", "Installation à Marseille"), ("demande", ids[0])],
    )
    .await;
    assert_eq!(created.status(), 303, "projet créé");
    let project = location(&created)
        .trim_start_matches("/projets/")
        .to_string();
    for id in &ids[1..] {
        let added = post_form(
            app,
            pro,
            &format!("/projets/{project}/demandes"),
            &[("demande", id)],
        )
        .await;
        assert_eq!(added.status(), 303, "demande ajoutée");
    }
    project
}

#[tokio::test]
async fn the_owner_renames_the_project_and_takes_a_request_out_of_it() {
    let app = spawn_app_seeded().await;
    let (pro, installation) = installation_filed(&app).await;
    let aid = file_request(&app, &pro, RequestKind::AidApplication, "13004").await;
    let project = project_with(&app, &pro, &[&installation, &aid]).await;
    let path = format!("/projets/{project}");

    let page = text_of(&app, &pro, &path).await;
    assert!(
        page.contains(&format!("action=\"{path}/renommer\"")),
        "{page}"
    );
    assert!(page.contains(&format!("action=\"{path}/retirer\"")));
    assert!(page.contains("value=\"Installation à Marseille\""));

    // An empty title: the message beside the field.
    let empty = post_form(&app, &pro, &format!("{path}/renommer"), &[("titre", " ")]).await;
    assert_eq!(empty.status(), 422);
    let html = empty.text().await.expect("page");
    assert!(html.contains("id=\"titre-erreur\""), "{html}");
    assert!(html.contains("Donnez un nom à votre projet"));
    // Too long: the message, and what was typed is kept.
    let long = "Cabinet ".repeat(20);
    let too_long = post_form(&app, &pro, &format!("{path}/renommer"), &[("titre", &long)]).await;
    assert_eq!(too_long.status(), 422);
    let html = too_long.text().await.expect("page");
    assert!(html.contains("120 caractères au plus"), "{html}");
    assert!(html.contains(&format!("value=\"{long}\"")), "typed kept");
    assert_eq!(title_of(&app, &project), "Installation à Marseille");

    // Without the CSRF token, nothing changes.
    let forged = pro
        .post(app.url(&format!("{path}/renommer")))
        .form(&[("titre", "Sans jeton")])
        .send()
        .await
        .expect("POST");
    assert!(forged.status().is_client_error(), "{}", forged.status());
    assert_eq!(title_of(&app, &project), "Installation à Marseille");

    let renamed = post_form(
        &app,
        &pro,
        &format!("{path}/renommer"),
        &[("titre", "  Cabinet de Gap ")],
    )
    .await;
    assert_eq!(renamed.status(), 303);
    assert!(location(&renamed).ends_with("?ok=projet-renomme"));
    assert_eq!(title_of(&app, &project), "Cabinet de Gap");
    for id in [&installation, &aid] {
        let events = project_events(&app, id);
        assert!(
            events
                .iter()
                .any(|e| e == "Projet « Installation à Marseille » renommé « Cabinet de Gap »"),
            "{events:?}"
        );
    }
    let page = text_of(&app, &pro, &path).await;
    assert!(page.contains("<h1>Cabinet de Gap</h1>"), "{page}");
    // The same title again: nothing more in the timelines.
    let same = post_form(
        &app,
        &pro,
        &format!("{path}/renommer"),
        &[("titre", "Cabinet de Gap")],
    )
    .await;
    assert_eq!(same.status(), 303);
    assert_eq!(project_events(&app, &aid).len(), 2, "ajout et renommage");

    // Taking out a request that is not in the project: the message beside the choice.
    let loose = file_request(&app, &pro, RequestKind::Question, "13004").await;
    for choice in ["", loose.as_str()] {
        let wrong = post_form(
            &app,
            &pro,
            &format!("{path}/retirer"),
            &[("retirer", choice)],
        )
        .await;
        assert_eq!(wrong.status(), 422);
        let html = wrong.text().await.expect("page");
        assert!(html.contains("id=\"retirer-erreur\""), "{html}");
        assert!(html.contains("Choisissez une des demandes de ce projet"));
        // The rename form keeps the stored title.
        assert!(html.contains("value=\"Cabinet de Gap\""));
    }
    let forged = pro
        .post(app.url(&format!("{path}/retirer")))
        .form(&[("retirer", aid.as_str())])
        .send()
        .await
        .expect("POST");
    assert!(forged.status().is_client_error(), "{}", forged.status());
    assert_eq!(project_of(&app, &aid).as_deref(), Some(project.as_str()));

    let removed = post_form(&app, &pro, &format!("{path}/retirer"), &[("retirer", &aid)]).await;
    assert_eq!(removed.status(), 303);
    assert!(location(&removed).ends_with("?ok=demande-retiree-du-projet"));
    assert_eq!(project_of(&app, &aid), None);
    assert_eq!(
        project_of(&app, &installation).as_deref(),
        Some(project.as_str())
    );
    // The request itself is untouched, and its timeline says it left the project.
    let state: String = {
        let mut conn = app.pool.get().expect("connexion");
        requests::table
            .find(&aid)
            .select(requests::state)
            .first(&mut conn)
            .expect("demande")
    };
    assert_eq!(state, "deposee");
    let seen = text_of(&app, &pro, &format!("/demandes/{aid}")).await;
    assert!(
        seen.contains("Demande retirée du projet « Cabinet de Gap »"),
        "{seen}"
    );
    // It can be added again from the project's page.
    let page = text_of(&app, &pro, &path).await;
    assert!(page.contains("Ajouter une de vos demandes au projet"));
    assert!(page.contains(&format!("<option value=\"{aid}\">")));
}

#[tokio::test]
async fn only_the_owner_renames_or_changes_the_project() {
    let app = spawn_app_seeded().await;
    let (pro, installation) = installation_filed(&app).await;
    let project = project_with(&app, &pro, &[&installation]).await;
    let path = format!("/projets/{project}");

    // The référent of the request sees the project, without the owner's forms, and may not
    // change it: 404, as for the other people.
    let referent = demo(&app, "referent.13-84@demo.test").await;
    let page = text_of(&app, &referent, &path).await;
    assert!(page.contains("Installation à Marseille"), "{page}");
    assert!(!page.contains("/renommer") && !page.contains("/retirer\""));
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
    let partner = demo(&app, "agent.cpam13@demo.test").await;
    for someone in [&referent, &other, &partner] {
        let r = post_form(
            &app,
            someone,
            &format!("{path}/renommer"),
            &[("titre", "Pris")],
        )
        .await;
        assert_eq!(r.status(), 404);
        let r = post_form(
            &app,
            someone,
            &format!("{path}/retirer"),
            &[("retirer", &installation)],
        )
        .await;
        assert_eq!(r.status(), 404);
    }
    assert_eq!(title_of(&app, &project), "Installation à Marseille");
    assert_eq!(
        project_of(&app, &installation).as_deref(),
        Some(project.as_str())
    );
    // An unknown project: 404 for its would-be owner too.
    let r = post_form(&app, &pro, "/projets/inconnu/renommer", &[("titre", "X")]).await;
    assert_eq!(r.status(), 404);
}
