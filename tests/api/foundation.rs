//! The portal answers: home page, health, error pages, assets, reference territories.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use crate::helpers::{is_postgres, spawn_app};

#[tokio::test]
async fn healthz_reports_the_database() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
    let on_postgres = app.settings().database.url.starts_with("postgres");
    assert_eq!(
        on_postgres,
        is_postgres(),
        "the suite runs on the backend it announces"
    );
}

#[tokio::test]
async fn home_page_is_french_dsfr_with_security_headers() {
    let app = spawn_app().await;
    app.import_fixture_communes();
    {
        let mut conn = app.pool.get().expect("connexion");
        guichet::seed::demo::seed(&mut conn, &app.settings().security, app.now()).expect("démo");
    }
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    let csp = headers["content-security-policy"]
        .to_str()
        .unwrap_or_default()
        .to_string();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(headers.contains_key("referrer-policy"));
    assert!(headers.contains_key("x-request-id"));
    assert!(
        !headers.contains_key("strict-transport-security"),
        "HSTS en production seulement"
    );
    let html = response.text().await.expect("corps");
    assert!(html.contains("<html lang=\"fr\""));
    assert!(html.contains("/assets/dsfr-"));
    assert!(
        html.contains("fr-header") && html.contains("fr-footer") && html.contains("fr-skiplinks")
    );
    assert!(html.contains("Guichet unique des professionnels de santé"));
    // Demo data shown: the fixture's 955 communes and the 24 PACA institutions.
    assert!(html.contains("<strong>955</strong> communes"), "{html}");
    assert!(html.contains(
        "<strong>24</strong> institutions partenaires en Provence-Alpes-Côte d&#x27;Azur"
    ));
}

#[tokio::test]
async fn institutions_page_lists_demo_institutions() {
    let app = spawn_app().await;
    app.import_fixture_communes();
    {
        let mut conn = app.pool.get().expect("connexion");
        guichet::seed::demo::seed(&mut conn, &app.settings().security, app.now()).expect("démo");
        let again = guichet::seed::demo::seed(&mut conn, &app.settings().security, app.now())
            .expect("démo bis");
        assert_eq!(again.institutions_added, 0, "le seed est idempotent");
    }
    let html = app.get("/institutions").await.text().await.expect("corps");
    assert!(html.contains("CPAM des Bouches-du-Rhône"));
    assert!(html.contains("Conseil départemental de l&#x27;Ordre des médecins du Var"));
}

#[tokio::test]
async fn unknown_page_is_a_french_404_and_api_gets_json() {
    let app = spawn_app().await;
    let response = app.get("/cette-page-n-existe-pas").await;
    assert_eq!(response.status(), 404);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .starts_with("text/html"));
    let html = response.text().await.expect("corps");
    assert!(html.contains("Page non trouvée"));
    assert!(html.contains("fr-header"));

    let response = app.get("/api/v1/rien").await;
    assert_eq!(response.status(), 404);
    let problem: serde_json::Value = response.json().await.expect("JSON problem");
    assert_eq!(problem["status"], 404);
    assert_eq!(problem["title"], "Page non trouvée");
}

#[tokio::test]
async fn database_fault_gives_a_500_page_with_request_id_and_no_detail() {
    let app = spawn_app().await;
    app.pool
        .get()
        .expect("connexion")
        .batch_execute(if is_postgres() {
            "DROP TABLE institutions CASCADE"
        } else {
            "PRAGMA foreign_keys = OFF; DROP TABLE institutions"
        })
        .expect("drop");
    let response = app.get("/institutions").await;
    assert_eq!(response.status(), 500);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .expect("id")
        .to_string();
    let html = response.text().await.expect("corps");
    assert!(html.contains("Erreur inattendue"));
    assert!(
        html.contains(&request_id),
        "l'identifiant de requête est affiché"
    );
    for internal in ["no such table", "does not exist", "diesel", "SELECT"] {
        assert!(
            !html.contains(internal),
            "détail interne affiché : {internal}"
        );
    }
}

#[tokio::test]
async fn dsfr_assets_are_served_with_long_cache() {
    let app = spawn_app().await;
    let html = app.get("/").await.text().await.expect("corps");
    let start = html.find("/assets/dsfr-").expect("lien DSFR");
    let href: String = html[start..].chars().take_while(|c| *c != '"').collect();
    let response = app.get(&href).await;
    assert_eq!(response.status(), 200, "{href}");
    let cache = response.headers()["cache-control"]
        .to_str()
        .unwrap_or_default()
        .to_string();
    assert!(cache.contains("max-age=31536000"), "{cache}");
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .starts_with("text/css"));
    // Nothing outside the DSFR's dist folder is reachable.
    assert_eq!(
        app.get("/assets/dsfr-0.0.0/dsfr.min.css").await.status(),
        404
    );
    let traversal = href.replace("dsfr.min.css", "../package.json");
    assert_ne!(app.get(&traversal).await.status(), 200);
}

#[tokio::test]
async fn communes_import_is_idempotent_and_updates() {
    use guichet::db::schema::communes::dsl as c;
    let app = spawn_app().await;
    let first = app.import_fixture_communes();
    assert_eq!(first.communes, 955);
    let mut conn = app.pool.get().expect("connexion");
    diesel::update(c::communes.find("13055"))
        .set((c::name.eq("Nom périmé"), c::population.eq(1)))
        .execute(&mut conn)
        .expect("update");
    drop(conn);
    let second = app.import_fixture_communes();
    assert_eq!(second, first);
    let mut conn = app.pool.get().expect("connexion");
    let total: i64 = c::communes.count().get_result(&mut conn).expect("count");
    assert_eq!(total, 955, "re-running the import never duplicates");
    let marseille = guichet::db::territories::find_commune(&mut conn, "13055")
        .expect("requête")
        .expect("Marseille");
    assert_eq!(marseille.name, "Marseille");
    assert!(marseille.population > 800_000);
    assert!(marseille.postal_codes.contains("13001"));
    assert_eq!(marseille.departement_code, "13");
    assert_eq!(marseille.region_code, "93");
}
