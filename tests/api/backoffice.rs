//! The référent's inbox: tabs and counts, filters, accent-insensitive search, keyset pagination
//! while requests arrive, CSV export, and scope.

use std::collections::HashSet;

use diesel::prelude::*;
use guichet::db::schema::{requests, users};
use guichet::domain::request::RequestKind;
use guichet::seed::load::{run, LoadOptions};

use crate::helpers::{spawn_app_seeded, TestApp};
use crate::request_helpers::{demo, file_request};

const REFERENT: &str = "referent.13-84@demo.test";

pub fn load(app: &TestApp, requests: usize, seed: u64) {
    let mut conn = app.pool.get().expect("connexion");
    let options = LoadOptions {
        requests,
        professionals: 50,
        seed,
    };
    run(&mut conn, options, app.now(), &mut |_| {}).expect("chargement");
}

pub async fn get(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let r = client.get(app.url(path)).send().await.expect("requête");
    let status = r.status().as_u16();
    (status, r.text().await.expect("corps"))
}

/// The request ids listed in an inbox page, in order.
pub fn listed(html: &str) -> Vec<String> {
    html.split("href=\"/demandes/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|id| id.len() == 36)
        .map(str::to_string)
        .collect()
}

pub fn next_link(html: &str) -> Option<String> {
    let start = html.find("fr-pagination__link--next")?;
    let rest = &html[start..];
    let href = rest.split("href=\"").nth(1)?.split('"').next()?;
    Some(href.replace("&amp;", "&").replace("&#x2F;", "/"))
}

fn in_scope_states(app: &TestApp, states: &[&str]) -> HashSet<String> {
    let mut conn = app.pool.get().expect("connexion");
    requests::table
        .filter(requests::departement_code.eq_any(["13", "84"]))
        .filter(requests::state.eq_any(states))
        .select(requests::id)
        .load::<String>(&mut conn)
        .expect("demandes")
        .into_iter()
        .collect()
}

#[tokio::test]
async fn search_ignores_accents_and_case_and_stays_in_scope() {
    let app = spawn_app_seeded().await;
    {
        let mut conn = app.pool.get().expect("connexion");
        diesel::update(users::table.filter(users::email.eq("camille.martin@demo.test")))
            .set((
                users::first_name.eq("Héloïse"),
                users::last_name.eq("Lefèvre"),
            ))
            .execute(&mut conn)
            .expect("renommage");
    }
    let pro = demo(&app, "camille.martin@demo.test").await;
    let marseille = file_request(&app, &pro, RequestKind::Question, "13055").await;
    let nice = file_request(&app, &pro, RequestKind::Question, "06088").await;
    let referent = demo(&app, REFERENT).await;
    let (status, html) = get(&app, &referent, "/guichet/demandes?q=heloise+LEFEVRE").await;
    assert_eq!(status, 200);
    assert_eq!(
        listed(&html),
        vec![marseille.clone()],
        "only the 13 request"
    );
    assert!(
        html.contains("À qualifier <span class=\"fr-ml-1v\">(1)</span>"),
        "{html}"
    );
    // A département outside the référent's is ignored, not obeyed.
    let (_, html) = get(
        &app,
        &referent,
        "/guichet/demandes?q=heloise&departement=06",
    )
    .await;
    assert!(!listed(&html).contains(&nice));
    let (_, html) = get(&app, &referent, "/guichet/demandes?q=quelquun+dautre").await;
    assert!(listed(&html).is_empty());
    assert!(html.contains("Aucune demande dans cet onglet"));
}

#[tokio::test]
async fn tabs_list_their_states_with_counts_and_filters_narrow_them() {
    let app = spawn_app_seeded().await;
    load(&app, 400, 11);
    let referent = demo(&app, REFERENT).await;
    for (tab, states) in [
        ("a-qualifier", vec!["deposee", "en-qualification"]),
        ("en-cours", vec!["orientee"]),
        ("en-attente", vec!["en-attente-professionnel"]),
        ("traitees", vec!["traitee", "cloturee"]),
    ] {
        let expected = in_scope_states(&app, &states);
        let (status, html) = get(&app, &referent, &format!("/guichet/demandes?onglet={tab}")).await;
        assert_eq!(status, 200);
        let shown: HashSet<String> = listed(&html).into_iter().collect();
        assert!(shown.is_subset(&expected), "{tab}");
        assert_eq!(shown.len(), expected.len().min(50), "{tab}");
    }
    let (_, html) = get(
        &app,
        &referent,
        "/guichet/demandes?onglet=traitees&departement=84&type_demande=question",
    )
    .await;
    let mut conn = app.pool.get().expect("connexion");
    for id in listed(&html) {
        let (dep, kind): (Option<String>, String) = requests::table
            .find(&id)
            .select((requests::departement_code, requests::kind))
            .first(&mut conn)
            .expect("demande");
        assert_eq!((dep.as_deref(), kind.as_str()), (Some("84"), "question"));
    }
}

#[tokio::test]
async fn pages_have_no_duplicates_nor_gaps_while_requests_arrive() {
    let app = spawn_app_seeded().await;
    load(&app, 900, 5);
    let expected = in_scope_states(&app, &["traitee", "cloturee"]);
    assert!(expected.len() > 50, "several pages: {}", expected.len());
    let referent = demo(&app, REFERENT).await;
    let mut path = "/guichet/demandes?onglet=traitees&tri=date".to_string();
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let (status, html) = get(&app, &referent, &path).await;
        assert_eq!(status, 200);
        let ids = listed(&html);
        assert!(ids.len() <= 50);
        seen.extend(ids);
        pages += 1;
        if pages == 1 {
            load(&app, 200, 99); // new requests arrive between pages
        }
        match next_link(&html) {
            Some(next) => path = next,
            None => break,
        }
    }
    let unique: HashSet<String> = seen.iter().cloned().collect();
    assert_eq!(unique.len(), seen.len(), "no duplicates");
    assert!(expected.is_subset(&unique), "no gaps");
    assert!(pages >= 2);
}

#[tokio::test]
async fn csv_export_has_bom_semicolons_and_stays_in_scope() {
    let app = spawn_app_seeded().await;
    load(&app, 200, 2);
    let referent = demo(&app, REFERENT).await;
    let r = referent
        .get(app.url("/guichet/demandes.csv?onglet=traitees"))
        .send()
        .await
        .expect("export");
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap_or("")
        .starts_with("text/csv"));
    let body = r.text().await.expect("corps");
    assert!(
        body.starts_with("\u{feff}Numéro;Objet;Aide;Département;Commune;État"),
        "{body}"
    );
    let lines: Vec<&str> = body.lines().skip(1).collect();
    assert_eq!(
        lines.len(),
        in_scope_states(&app, &["traitee", "cloturee"]).len()
    );
    assert!(lines
        .iter()
        .all(|l| l.split(';').nth(3).is_some_and(|d| d == "13" || d == "84")));
    for outsider in ["agent.cpam13@demo.test", "camille.martin@demo.test"] {
        let client = demo(&app, outsider).await;
        for path in ["/guichet/demandes.csv", "/guichet/demandes"] {
            let (status, _) = get(&app, &client, path).await;
            assert_eq!(status, 404, "{outsider} {path}");
        }
    }
}

#[tokio::test]
async fn bulk_assign_and_priority_change_each_request_and_its_timeline() {
    let app = spawn_app_seeded().await;
    let pro = demo(&app, "camille.martin@demo.test").await;
    let a = file_request(&app, &pro, RequestKind::Question, "13055").await;
    let b = file_request(&app, &pro, RequestKind::Question, "84007").await;
    let outside = file_request(&app, &pro, RequestKind::Question, "06088").await;
    let referent = demo(&app, REFERENT).await;
    let token = crate::session_helpers::csrf_token(&app, &referent).await;
    let post = |pairs: Vec<(&'static str, String)>| {
        let mut pairs = pairs;
        pairs.push(("csrf_token", token.clone()));
        referent
            .post(app.url("/guichet/demandes/lot"))
            .form(&pairs)
            .send()
    };
    let r = post(vec![
        ("action", "priorite".into()),
        ("priorite", "urgent".into()),
        ("ids", a.clone()),
        ("ids", b.clone()),
    ])
    .await
    .expect("lot");
    assert_eq!(r.status(), 303);
    let back = crate::session_helpers::location(&r);
    let (_, html) = get(&app, &referent, &back).await;
    assert!(html.contains("2 demandes modifiées."), "{back}");
    let r = post(vec![
        ("action", "assigner".into()),
        ("referent", "moi".into()),
        ("ids", a.clone()),
    ])
    .await
    .expect("lot");
    assert_eq!(r.status(), 303);
    let mut conn = app.pool.get().expect("connexion");
    let rows: Vec<(String, String, Option<String>)> = requests::table
        .filter(requests::id.eq_any([&a, &b]))
        .select((requests::id, requests::priority, requests::referent_id))
        .load(&mut conn)
        .expect("demandes");
    assert!(rows.iter().all(|(_, p, _)| p == "urgent"));
    assert!(rows.iter().any(|(id, _, r)| id == &a && r.is_some()));
    let (_, page) = get(&app, &referent, &format!("/demandes/{a}")).await;
    assert!(page.contains("Priorité : urgente"), "timeline");
    assert!(page.contains("Référent en charge"), "timeline");
    // Outside the référent's départements: refused, nothing changed.
    let r = post(vec![
        ("action", "priorite".into()),
        ("priorite", "urgent".into()),
        ("ids", outside.clone()),
    ])
    .await
    .expect("lot");
    assert_eq!(r.status(), 404);
    let priority: String = requests::table
        .find(&outside)
        .select(requests::priority)
        .first(&mut conn)
        .expect("demande");
    assert_ne!(priority, "urgent");
}

/// The bulk action and the request page ask the same question of the transition table: a
/// traitée request can no longer be qualified, so its priority no longer changes in bulk either,
/// and its page shows no qualification form.
#[tokio::test]
async fn a_handled_request_keeps_its_priority_in_bulk_as_on_its_page() {
    use guichet::db::schema::referrals;
    let app = spawn_app_seeded().await;
    let pro = demo(&app, "camille.martin@demo.test").await;
    let open = file_request(&app, &pro, RequestKind::Question, "13055").await;
    let handled = file_request(&app, &pro, RequestKind::Question, "13055").await;
    {
        // Make `handled` traitée, consistently: its referrals answered.
        let mut conn = app.pool.get().expect("connexion");
        diesel::update(requests::table.find(&handled))
            .set(requests::state.eq("traitee"))
            .execute(&mut conn)
            .expect("état");
        diesel::update(referrals::table.filter(referrals::request_id.eq(&handled)))
            .set((
                referrals::state.eq("repondue"),
                referrals::started_at.eq(Some(app.now())),
            ))
            .execute(&mut conn)
            .expect("transmissions");
    }
    let referent = demo(&app, REFERENT).await;
    let (_, page) = get(&app, &referent, &format!("/demandes/{handled}")).await;
    assert!(
        !page.contains("Enregistrer la qualification"),
        "no form on the page"
    );
    let (_, page) = get(&app, &referent, &format!("/demandes/{open}")).await;
    assert!(page.contains("Enregistrer la qualification"));
    let token = crate::session_helpers::csrf_token(&app, &referent).await;
    let r = referent
        .post(app.url("/guichet/demandes/lot"))
        .form(&[
            ("action", "priorite"),
            ("priorite", "urgent"),
            ("ids", open.as_str()),
            ("ids", handled.as_str()),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .expect("lot");
    assert_eq!(r.status(), 303);
    let mut conn = app.pool.get().expect("connexion");
    let mut priority = |id: &str| -> String {
        requests::table
            .find(id)
            .select(requests::priority)
            .first(&mut conn)
            .expect("priorité")
    };
    assert_eq!(priority(&open), "urgent");
    assert_ne!(
        priority(&handled),
        "urgent",
        "a traitée request is not qualified any more"
    );
    let r = referent
        .post(app.url(&format!("/demandes/{handled}/qualification")))
        .form(&[
            ("priority", "urgent"),
            ("coordination", "simple"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .expect("qualification");
    assert_eq!(r.status(), 409, "the page's form is refused the same way");
}
