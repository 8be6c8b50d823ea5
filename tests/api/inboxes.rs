//! The inboxes' filters, the "en retard" tab against the clocks, the partner's inbox and its
//! CSV, and the stored inbox columns following the workflow.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use guichet::db::schema::{communes, referrals, requests, users};
use guichet::domain::request::RequestKind;

use crate::backoffice::{get, listed, load};
use crate::helpers::{spawn_app_seeded, TestApp};
use crate::request_helpers::{demo, file_request};
use crate::session_helpers::post_form;

const REFERENT: &str = "referent.13-84@demo.test";
const CPAM13: &str = "agent.cpam13@demo.test";

type Req = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<NaiveDateTime>,
);

/// Id, state, priority, aid, commune, référent and submission of the requests of 13 and 84.
fn in_scope(app: &TestApp) -> Vec<Req> {
    let mut conn = app.pool.get().expect("connexion");
    requests::table
        .filter(requests::departement_code.eq_any(["13", "84"]))
        .select((
            requests::id,
            requests::state,
            requests::priority,
            requests::aid_code,
            requests::commune_insee,
            requests::referent_id,
            requests::submitted_at,
        ))
        .load(&mut conn)
        .expect("demandes")
}

fn ids(rows: &[&Req]) -> HashSet<String> {
    rows.iter().map(|r| r.0.clone()).collect()
}

async fn shown(app: &TestApp, client: &reqwest::Client, path: &str) -> HashSet<String> {
    let (status, html) = get(app, client, path).await;
    assert_eq!(status, 200, "{path}");
    listed(&html).into_iter().collect()
}

/// The page shows exactly the expected requests (all of them when they fit in one page).
fn check(path: &str, shown: &HashSet<String>, expected: &HashSet<String>) {
    assert!(shown.is_subset(expected), "{path}: rows outside the filter");
    assert_eq!(shown.len(), expected.len().min(50), "{path}");
    assert!(
        !expected.is_empty(),
        "{path}: the data set exercises the filter"
    );
}

#[tokio::test]
async fn each_filter_narrows_the_tab_to_what_it_names() {
    let app = spawn_app_seeded().await;
    load(&app, 600, 21);
    let referent = demo(&app, REFERENT).await;
    let all = in_scope(&app);
    let traitees: Vec<&Req> = all
        .iter()
        .filter(|r| r.1 == "traitee" || r.1 == "cloturee")
        .collect();

    // State within the tab.
    let path = "/guichet/demandes?onglet=traitees&etat=cloturee";
    let expected = ids(&traitees
        .iter()
        .copied()
        .filter(|r| r.1 == "cloturee")
        .collect::<Vec<_>>());
    check(path, &shown(&app, &referent, path).await, &expected);

    // Priority.
    let path = "/guichet/demandes?onglet=traitees&priorite=urgent";
    let expected = ids(&traitees
        .iter()
        .copied()
        .filter(|r| r.2 == "urgent")
        .collect::<Vec<_>>());
    check(path, &shown(&app, &referent, path).await, &expected);

    // Aid.
    let aid = traitees
        .iter()
        .find_map(|r| r.3.clone())
        .expect("une demande d'aide traitée");
    let path = format!("/guichet/demandes?onglet=traitees&aide={aid}");
    let expected = ids(&traitees
        .iter()
        .copied()
        .filter(|r| r.3.as_deref() == Some(&aid))
        .collect::<Vec<_>>());
    check(&path, &shown(&app, &referent, &path).await, &expected);

    // Commune, typed by name.
    let insee = traitees[0].4.clone().expect("commune");
    let name: String = {
        let mut conn = app.pool.get().expect("connexion");
        communes::table
            .find(&insee)
            .select(communes::name)
            .first(&mut conn)
            .expect("commune")
    };
    let path = format!(
        "/guichet/demandes?onglet=traitees&commune={}",
        urlencoding(&name)
    );
    let expected = ids(&traitees
        .iter()
        .copied()
        .filter(|r| r.4.as_deref() == Some(&insee))
        .collect::<Vec<_>>());
    let found = shown(&app, &referent, &path).await;
    assert!(found.is_subset(&expected), "{path}");
    assert!(!found.is_empty(), "{path}");
    // A commune outside the référent's départements is an error beside the field, no rows.
    let (status, html) = get(
        &app,
        &referent,
        "/guichet/demandes?onglet=traitees&commune=Nice",
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        html.contains("commune-erreur") && listed(&html).is_empty(),
        "{html}"
    );

    // Référent in charge: nobody (the requests just submitted), then one person.
    let path = "/guichet/demandes?onglet=a-qualifier&responsable=aucun";
    let expected = ids(&all
        .iter()
        .filter(|r| (r.1 == "deposee" || r.1 == "en-qualification") && r.5.is_none())
        .collect::<Vec<_>>());
    check(path, &shown(&app, &referent, path).await, &expected);
    let owner = traitees.iter().find_map(|r| r.5.clone()).expect("référent");
    let path = format!("/guichet/demandes?onglet=traitees&responsable={owner}");
    let expected = ids(&traitees
        .iter()
        .copied()
        .filter(|r| r.5.as_deref() == Some(&owner))
        .collect::<Vec<_>>());
    check(&path, &shown(&app, &referent, &path).await, &expected);

    // Dates of submission, both bounds included.
    let mut days: Vec<chrono::NaiveDate> = traitees
        .iter()
        .filter_map(|r| r.6.map(|d| d.date()))
        .collect();
    days.sort();
    let (from, to) = (days[days.len() / 3], days[days.len() / 2]);
    let path = format!("/guichet/demandes?onglet=traitees&du={from}&au={to}");
    let expected = ids(&traitees
        .iter()
        .copied()
        .filter(|r| r.6.is_some_and(|d| d.date() >= from && d.date() <= to))
        .collect::<Vec<_>>());
    check(&path, &shown(&app, &referent, &path).await, &expected);
}

fn urlencoding(text: &str) -> String {
    serde_urlencoded::to_string([("x", text)])
        .unwrap_or_default()
        .trim_start_matches("x=")
        .to_string()
}

#[tokio::test]
async fn late_tab_lists_exactly_the_open_requests_past_a_deadline() {
    let app = spawn_app_seeded().await;
    load(&app, 800, 8);
    let now = app.now();
    // The definition, from the clocks themselves (not from the stored inbox columns).
    let expected: HashSet<String> = {
        let mut conn = app.pool.get().expect("connexion");
        let waiting: Vec<String> = requests::table
            .filter(requests::departement_code.eq_any(["13", "84"]))
            .filter(requests::state.eq_any(["deposee", "en-qualification"]))
            .filter(requests::qualification_due_at.lt(now))
            .select(requests::id)
            .load(&mut conn)
            .expect("qualification");
        let referred: Vec<String> = requests::table
            .inner_join(referrals::table)
            .filter(requests::departement_code.eq_any(["13", "84"]))
            .filter(requests::state.eq_any([
                "deposee",
                "en-qualification",
                "orientee",
                "en-attente-professionnel",
            ]))
            .filter(referrals::removed_at.is_null())
            .filter(referrals::state.eq_any(["a-traiter", "en-cours", "en-attente-professionnel"]))
            .filter(referrals::due_at.lt(now))
            .select(requests::id)
            .load(&mut conn)
            .expect("transmissions");
        waiting.into_iter().chain(referred).collect()
    };
    assert!(
        !expected.is_empty() && expected.len() <= 50,
        "{}",
        expected.len()
    );
    let referent = demo(&app, REFERENT).await;
    let (_, html) = get(&app, &referent, "/guichet/demandes?onglet=en-retard").await;
    assert_eq!(listed(&html).into_iter().collect::<HashSet<_>>(), expected);
    assert!(html.contains(&format!(
        "En retard <span class=\"fr-ml-1v\">({})</span>",
        expected.len()
    )));
    assert!(html.contains("fr-badge--error"));
}

fn institution_of(app: &TestApp, email: &str) -> String {
    let mut conn = app.pool.get().expect("connexion");
    users::table
        .filter(users::email.eq(email))
        .select(users::institution_id)
        .first::<Option<String>>(&mut conn)
        .expect("agent")
        .expect("institution")
}

#[tokio::test]
async fn the_partner_inbox_lists_its_institution_s_referrals_by_tab_with_filters_and_csv() {
    let app = spawn_app_seeded().await;
    load(&app, 600, 4);
    let cpam = institution_of(&app, CPAM13);
    let agent = demo(&app, CPAM13).await;
    let mine = |states: &[&str], kind: Option<&str>| -> HashSet<String> {
        let mut conn = app.pool.get().expect("connexion");
        let mut q = referrals::table
            .inner_join(requests::table)
            .filter(referrals::institution_id.eq(&cpam))
            .filter(referrals::removed_at.is_null())
            .filter(referrals::started_at.is_not_null())
            .filter(referrals::state.eq_any(states.to_vec()))
            .into_boxed();
        if let Some(kind) = kind {
            q = q.filter(requests::kind.eq(kind));
        }
        q.select(requests::id)
            .load::<String>(&mut conn)
            .expect("transmissions")
            .into_iter()
            .collect()
    };
    for (tab, states) in [
        ("a-traiter", vec!["a-traiter"]),
        ("en-cours", vec!["en-cours"]),
        ("en-attente", vec!["en-attente-professionnel"]),
        ("traitees", vec!["repondue", "declinee"]),
    ] {
        let path = format!("/partenaire/demandes?onglet={tab}");
        let expected = mine(&states, None);
        let found = shown(&app, &agent, &path).await;
        assert!(found.is_subset(&expected), "{path}");
        assert_eq!(found.len(), expected.len().min(50), "{path}");
    }
    let path = "/partenaire/demandes?onglet=traitees&type_demande=question&etat=repondue";
    let expected = mine(&["repondue"], Some("question"));
    check(path, &shown(&app, &agent, path).await, &expected);

    // CSV of the view: only this institution's referrals.
    let r = agent
        .get(app.url("/partenaire/demandes.csv?onglet=traitees"))
        .send()
        .await
        .expect("export");
    assert_eq!(r.status(), 200);
    let body = r.text().await.expect("corps");
    assert!(body.starts_with("\u{feff}Numéro;Objet;Aide;Département;Commune;État;Priorité;Agent en charge;Transmise le;Échéance"));
    assert_eq!(
        body.lines().count() - 1,
        mine(&["repondue", "declinee"], None).len()
    );
    assert!(
        body.lines()
            .skip(1)
            .all(|l| l.split(';').nth(3) == Some("13")),
        "{body}"
    );

    // Nobody else reads it: another institution's agent sees other rows, others get 404.
    let urssaf = demo(&app, "agent.urssaf@demo.test").await;
    let theirs = shown(&app, &urssaf, "/partenaire/demandes?onglet=traitees").await;
    let cpam_rows = mine(&["repondue", "declinee"], None);
    let urssaf_id = institution_of(&app, "agent.urssaf@demo.test");
    let mut conn = app.pool.get().expect("connexion");
    for id in &theirs {
        let to_urssaf: i64 = referrals::table
            .filter(referrals::request_id.eq(id))
            .filter(referrals::institution_id.eq(&urssaf_id))
            .count()
            .get_result(&mut conn)
            .expect("transmission");
        assert_eq!(to_urssaf, 1, "{id}");
    }
    assert!(cpam_rows.iter().any(|id| !theirs.contains(id)));
    let referent = demo(&app, REFERENT).await;
    let pro = demo(&app, "camille.martin@demo.test").await;
    for (client, path) in [
        (&referent, "/partenaire/demandes.csv"),
        (&pro, "/partenaire/demandes"),
        (&agent, "/guichet/demandes.csv"),
    ] {
        let (status, _) = get(&app, client, path).await;
        assert_eq!(status, 404, "{path}");
    }
}

#[tokio::test]
async fn a_request_moves_between_tabs_as_the_workflow_goes() {
    let app = spawn_app_seeded().await;
    let pro = demo(&app, "camille.martin@demo.test").await;
    let id = file_request(&app, &pro, RequestKind::Question, "13055").await;
    let referent = demo(&app, REFERENT).await;
    let agent = demo(&app, CPAM13).await;
    assert!(
        shown(&app, &referent, "/guichet/demandes?onglet=a-qualifier")
            .await
            .contains(&id)
    );
    assert!(
        !shown(&app, &agent, "/partenaire/demandes?onglet=a-traiter")
            .await
            .contains(&id)
    );
    let qualification = [
        ("priority", "normal"),
        ("coordination", "simple"),
        ("referent", "moi"),
    ];
    let r = post_form(
        &app,
        &referent,
        &format!("/demandes/{id}/qualification"),
        &qualification,
    )
    .await;
    assert_eq!(r.status(), 303);
    let r = post_form(&app, &referent, &format!("/demandes/{id}/orienter"), &[]).await;
    assert_eq!(r.status(), 303);
    assert!(shown(&app, &referent, "/guichet/demandes?onglet=en-cours")
        .await
        .contains(&id));
    assert!(
        !shown(&app, &referent, "/guichet/demandes?onglet=a-qualifier")
            .await
            .contains(&id)
    );
    let routed_to_cpam: i64 = {
        let mut conn = app.pool.get().expect("connexion");
        referrals::table
            .filter(referrals::request_id.eq(&id))
            .filter(referrals::institution_id.eq(institution_of(&app, CPAM13)))
            .count()
            .get_result(&mut conn)
            .expect("transmissions")
    };
    if routed_to_cpam == 1 {
        assert!(shown(&app, &agent, "/partenaire/demandes?onglet=a-traiter")
            .await
            .contains(&id));
    }
    // Late once the clock passes its deadline: move the stored due dates into the past.
    {
        let mut conn = app.pool.get().expect("connexion");
        let past = app.now() - chrono::Duration::days(30);
        diesel::update(referrals::table.filter(referrals::request_id.eq(&id)))
            .set(referrals::due_at.eq(past))
            .execute(&mut conn)
            .expect("échéance");
        guichet::db::inbox::refresh_columns(&mut conn, &id).expect("colonnes");
    }
    assert!(shown(&app, &referent, "/guichet/demandes?onglet=en-retard")
        .await
        .contains(&id));
    // Withdrawn by the professional: in no tab any more.
    let r = post_form(&app, &pro, &format!("/demandes/{id}/retirer"), &[]).await;
    assert_eq!(r.status(), 303);
    for tab in ["a-qualifier", "en-cours", "en-retard", "traitees"] {
        let path = format!("/guichet/demandes?onglet={tab}");
        assert!(!shown(&app, &referent, &path).await.contains(&id), "{tab}");
    }
}
