//! Indicators: known data gives known numbers (counts, median and 90th percentile, shares,
//! zones, institutions), charts come with their data tables, the région's map links its
//! départements, the CSV is UTF-8 with BOM and defused, and access follows the territory.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use guichet::db::requests::{insert, insert_referral, ReferralRow, RequestRow};
use guichet::db::schema::{institutions, users};

use crate::helpers::{spawn_app_seeded, TestApp};
use crate::request_helpers::demo;

const REFERENT: &str = "referent.13-84@demo.test";

fn at(month: u32, day: u32, hour: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, month, day)
        .and_then(|d| d.and_hms_opt(hour, 0, 0))
        .expect("date")
}

struct Filed<'a> {
    kind: &'a str,
    aid: Option<&'a str>,
    state: &'a str,
    commune: &'a str,
    submitted: Option<NaiveDateTime>,
    due: Option<NaiveDateTime>,
    routed: Option<NaiveDateTime>,
    closed: Option<NaiveDateTime>,
}

fn file(conn: &mut guichet::db::DbConnection, n: usize, professional: &str, f: Filed) -> String {
    let id = uuid::Uuid::now_v7().to_string();
    let created = f.submitted.unwrap_or(at(1, 1, 0));
    insert(
        conn,
        &RequestRow {
            id: id.clone(),
            number: format!("2026-9{n:05}"),
            professional_id: professional.to_string(),
            kind: f.kind.parse().expect("un type de demande"),
            aid_code: f.aid.map(str::to_string),
            state: f.state.parse().expect("un état de demande"),
            priority: "normal".parse().expect("une priorité"),
            coordination: "simple".parse().expect("une coordination"),
            referent_id: None,
            commune_insee: Some(f.commune.to_string()),
            departement_code: Some(f.commune[..2].to_string()),
            region_code: Some("93".to_string()),
            draft: "{}".to_string(),
            eligibility_snapshot: None,
            submitted_at: f.submitted,
            qualification_due_at: f.due,
            routed_at: f.routed,
            closed_at: f.closed,
            created_at: created,
            updated_at: created,
            search_text: String::new(),
            inbox_tab: guichet::domain::inbox::NO_TAB.to_string(),
            inbox_due_at: guichet::domain::inbox::no_deadline(),
            channel: None,
            recorded_by: None,
            contact_phone: None,
        },
    )
    .expect("demande");
    id
}

fn answer(
    conn: &mut guichet::db::DbConnection,
    request: &str,
    institution: &str,
    started: NaiveDateTime,
    due: NaiveDateTime,
    answered: NaiveDateTime,
) {
    insert_referral(
        conn,
        &ReferralRow {
            id: uuid::Uuid::now_v7().to_string(),
            request_id: request.to_string(),
            position: 0,
            institution_id: Some(institution.to_string()),
            institution_kind: "cpam".parse().expect("un type d'institution"),
            state: "repondue".parse().expect("un état de transmission"),
            removed_at: None,
            started_at: Some(started),
            due_at: Some(due),
            answered_at: Some(answered),
            answer: Some("Réponse".to_string()),
            decline_reason: None,
            agent_id: None,
            created_at: started,
            updated_at: answered,
            inbox_tab: guichet::domain::inbox::NO_TAB.to_string(),
            inbox_due_at: guichet::domain::inbox::no_deadline(),
        },
    )
    .expect("transmission");
}

/// Four submitted requests and a draft with known dates, then a refresh of the snapshots.
fn seed_known(app: &TestApp) {
    let mut conn = app.pool.get().expect("connexion");
    let pro: String = users::table
        .filter(users::email.eq("camille.martin@demo.test"))
        .select(users::id)
        .first(&mut conn)
        .expect("professionnelle");
    let cpam13: String = institutions::table
        .filter(institutions::kind.eq("cpam"))
        .filter(institutions::departement_code.eq("13"))
        .select(institutions::id)
        .first(&mut conn)
        .expect("CPAM 13");
    diesel::update(institutions::table.find(&cpam13))
        .set(institutions::name.eq("=HYPERLINK(\"x\") CPAM"))
        .execute(&mut conn)
        .expect("renommage");
    // Arles (ZIP): CAIM, routed in time, answered in 3 days (2 after routing), closed in 10.
    let aid = file(
        &mut conn,
        1,
        &pro,
        Filed {
            kind: "aide",
            aid: Some("CAIM"),
            state: "cloturee",
            commune: "13004",
            submitted: Some(at(3, 2, 9)),
            due: Some(at(3, 9, 9)),
            routed: Some(at(3, 3, 9)),
            closed: Some(at(3, 12, 9)),
        },
    );
    answer(
        &mut conn,
        &aid,
        &cpam13,
        at(3, 3, 9),
        at(3, 20, 9),
        at(3, 5, 9),
    );
    // Aix-en-Provence (not ZIP in 2026): installation routed late, answered late, 20 days
    // after submission.
    let installation = file(
        &mut conn,
        2,
        &pro,
        Filed {
            kind: "installation-liberal",
            aid: None,
            state: "orientee",
            commune: "13001",
            submitted: Some(at(3, 10, 9)),
            due: Some(at(3, 17, 9)),
            routed: Some(at(3, 20, 9)),
            closed: None,
        },
    );
    answer(
        &mut conn,
        &installation,
        &cpam13,
        at(3, 20, 9),
        at(3, 25, 9),
        at(3, 30, 9),
    );
    let waiting = |commune| Filed {
        kind: "question",
        aid: None,
        state: "deposee",
        commune,
        submitted: Some(at(4, 1, 9)),
        due: Some(at(4, 8, 9)),
        routed: None,
        closed: None,
    };
    file(&mut conn, 3, &pro, waiting("13055"));
    file(&mut conn, 4, &pro, waiting("06088"));
    file(
        &mut conn,
        5,
        &pro,
        Filed {
            state: "brouillon",
            submitted: None,
            due: None,
            ..waiting("13055")
        },
    );
    guichet::jobs::indicators::refresh_all(&mut conn, app.now()).expect("calcul");
}

async fn get(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let r = client.get(app.url(path)).send().await.expect("requête");
    let status = r.status().as_u16();
    let html = r.text().await.expect("corps");
    // Tera escapes `/` and `'` in what it prints.
    (status, html.replace("&#x2F;", "/").replace("&#x27;", "'"))
}

/// The texts of the cells of one table row.
fn cells(row: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut in_tag = false;
    for c in row.chars() {
        match c {
            '<' => {
                in_tag = true;
                if !text.trim().is_empty() {
                    out.push(text.trim().to_string());
                }
                text.clear();
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    out
}

/// The rows of the data table `id`, as cell texts.
fn table(html: &str, id: &str) -> Vec<Vec<String>> {
    let start = html
        .find(&format!("<table id=\"donnees-{id}\""))
        .unwrap_or_else(|| panic!("tableau {id} absent"));
    let rest = &html[start..];
    let body = &rest[rest.find("<tbody>").expect("tbody")..rest.find("</tbody>").expect("fin")];
    body.split("<tr>").skip(1).map(cells).collect()
}

#[tokio::test]
async fn a_departement_page_shows_the_known_numbers_with_charts_and_tables() {
    let app = spawn_app_seeded().await;
    seed_known(&app);
    let referent = demo(&app, REFERENT).await;
    let (status, html) = get(&referent, &app, "/indicateurs/departement/13").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Indicateurs — Bouches-du-Rhône"));
    assert!(html.contains("Données arrêtées le"));
    assert_eq!(
        html.matches("role=\"img\"").count(),
        9,
        "one chart per section"
    );
    assert_eq!(html.matches("<details class=\"guichet-data\">").count(), 9);
    assert!(!html.contains("style="), "no inline style");
    let mut kinds = table(&html, "par-objet");
    kinds.sort();
    assert_eq!(
        kinds,
        [
            ["Demande d'aide", "1"],
            ["Projet d'installation en libéral", "1"],
            ["Question au guichet", "1"]
        ]
    );
    assert_eq!(
        table(&html, "par-mois"),
        [["03/2026", "2"], ["04/2026", "1"]]
    );
    assert_eq!(
        table(&html, "delais"),
        [
            ["Premier retour d'une institution", "3", "20", "2"],
            ["Clôture de la demande", "10", "10", "1"]
        ]
    );
    assert_eq!(table(&html, "qualification"), [["2", "1", "1", "50 %"]]);
    assert_eq!(table(&html, "reponses"), [["2", "1", "1", "50 %"]]);
    assert_eq!(table(&html, "aides-par-zone"), [["CAIM — ZIP", "1"]]);
    assert_eq!(
        table(&html, "installations-par-zone"),
        [["hors ZIP (ZAC, ZV, ZAR ou HZ)", "1"]]
    );
    let institutions = table(&html, "institutions");
    assert_eq!(institutions.len(), 1);
    assert_eq!(&institutions[0][1..], ["2", "2", "0", "0", "2", "10"]);
    // The state chart counts the submitted requests only (the draft is left out).
    let states = table(&html, "par-etat");
    assert_eq!(
        states.iter().map(|r| r[1].as_str()).collect::<Vec<_>>(),
        ["1", "1", "1"]
    );
    assert!(
        html.contains("href=\"/indicateurs/region/93\""),
        "link to the région"
    );
    assert!(html.contains("href=\"/indicateurs\""), "navigation link");
}

#[tokio::test]
async fn the_region_page_has_a_map_of_its_departements() {
    let app = spawn_app_seeded().await;
    seed_known(&app);
    let referent = demo(&app, REFERENT).await;
    let r = referent
        .get(app.url("/indicateurs"))
        .send()
        .await
        .expect("requête");
    assert_eq!(r.status(), 303);
    assert_eq!(
        r.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/indicateurs/region/93")
    );
    let (status, html) = get(&referent, &app, "/indicateurs/region/93").await;
    assert_eq!(status, 200);
    assert!(html.contains("class=\"guichet-map\""));
    assert_eq!(
        html.matches("<path d=").count(),
        6,
        "the six départements of PACA"
    );
    assert!(html.contains(
        "<a href=\"/indicateurs/departement/13\" aria-label=\"13 Bouches-du-Rhône : 3 demandes\">"
    ));
    // 06 is not the référent's: shown, not linked.
    assert!(html.contains("<g role=\"img\" aria-label=\"06 Alpes-Maritimes : 1 demande\">"));
    assert!(html.contains("guichet-legend"));
    assert_eq!(
        table(&html, "par-mois"),
        [["03/2026", "2"], ["04/2026", "2"]]
    );
}

#[tokio::test]
async fn the_csv_export_has_a_bom_semicolons_and_defused_cells() {
    let app = spawn_app_seeded().await;
    seed_known(&app);
    let referent = demo(&app, REFERENT).await;
    let r = referent
        .get(app.url("/indicateurs/departement/13.csv"))
        .send()
        .await
        .expect("requête");
    assert_eq!(r.status(), 200);
    assert!(r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/csv")));
    let body = r.text().await.expect("corps");
    assert!(body.starts_with("\u{feff}Indicateurs du guichet — Bouches-du-Rhône\r\n"));
    assert!(body.contains("Mois;Demandes\r\n03/2026;2\r\n04/2026;1\r\n"));
    assert!(
        body.contains("\"'=HYPERLINK(\"\"x\"\") CPAM\";2;2;0;0;2;10"),
        "{body}"
    );
    assert!(!body.contains("\n=HYPERLINK"));
    let (status, _) = get(&referent, &app, "/indicateurs/departement/06.csv").await;
    assert_eq!(status, 404, "no export outside scope");
}

#[tokio::test]
async fn access_follows_the_territory() {
    let app = spawn_app_seeded().await;
    seed_known(&app);
    let referent = demo(&app, REFERENT).await;
    for (path, expected) in [
        ("/indicateurs/departement/13", 200),
        ("/indicateurs/departement/84", 200),
        ("/indicateurs/departement/06", 404),
        ("/indicateurs/departement/99", 404),
        ("/indicateurs/departement/abc", 404),
        ("/indicateurs/region/11", 404),
        ("/indicateurs/region/x", 404),
    ] {
        assert_eq!(get(&referent, &app, path).await.0, expected, "{path}");
    }
    let other = demo(&app, "referent.04-05-06-83@demo.test").await;
    assert_eq!(
        get(&other, &app, "/indicateurs/departement/06").await.0,
        200
    );
    assert_eq!(
        get(&other, &app, "/indicateurs/departement/13").await.0,
        404
    );
    let admin = demo(&app, "admin.paca@demo.test").await;
    assert_eq!(
        get(&admin, &app, "/indicateurs/departement/06").await.0,
        200
    );
    let pro = demo(&app, "camille.martin@demo.test").await;
    let (status, html) = get(&pro, &app, "/indicateurs/region/93").await;
    assert_eq!(status, 404);
    assert!(
        !html.contains("href=\"/indicateurs\""),
        "no link for professionals"
    );
    assert_eq!(get(&pro, &app, "/indicateurs").await.0, 404);
    let anonymous = crate::helpers::new_client();
    let r = anonymous
        .get(app.url("/indicateurs/region/93"))
        .send()
        .await
        .expect("requête");
    assert_eq!(r.status(), 303);
    assert!(r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|l| l.starts_with("/connexion")));
}

#[tokio::test]
async fn a_missing_snapshot_is_computed_on_the_first_view() {
    let app = spawn_app_seeded().await;
    let admin = demo(&app, "admin.paca@demo.test").await;
    let (status, html) = get(&admin, &app, "/indicateurs/region/93").await;
    assert_eq!(status, 200);
    assert!(html.contains("Aucune donnée"));
    assert!(html.contains("Données arrêtées le"));
}
