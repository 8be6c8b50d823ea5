//! Zonages: import closes the previous one, lookup per commune and date, `/zonage` page and API.

use chrono::NaiveDate;
use serde_json::Value;

use guichet::db::zonage::{load_index, record};
use guichet::domain::profession::Profession;
use guichet::domain::zonage::{CommuneZone, ZonageMeta};
use guichet::domain::zone::{ZoneCategory, ZoneSet};

use crate::helpers::{spawn_app, spawn_app_seeded};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn meta(from: &str, source: &str) -> ZonageMeta {
    ZonageMeta {
        region_code: "93".into(),
        profession: Profession::Medecin,
        valid_from: day(from),
        valid_to: None,
        source: source.into(),
    }
}

fn zip_commune(insee: &str) -> CommuneZone {
    CommuneZone {
        insee: insee.into(),
        zone: ZoneSet::only(ZoneCategory::Zip),
    }
}

#[tokio::test]
async fn a_new_import_closes_the_previous_zonage_the_day_before() {
    let app = spawn_app().await;
    app.import_fixture_communes();
    let mut conn = app.pool.get().expect("connexion");
    record(
        &mut conn,
        &meta("2022-01-01", "Arrêté 2022"),
        &[zip_commune("13055")],
        app.now(),
    )
    .expect("2022");
    let hz = CommuneZone {
        insee: "13055".into(),
        zone: ZoneSet::only(ZoneCategory::Hz),
    };
    let second = record(
        &mut conn,
        &meta("2024-07-01", "Arrêté 2024"),
        &[hz],
        app.now(),
    )
    .expect("2024");
    assert_eq!(second.closed, 1);
    let rows = guichet::db::zonage::list(&mut conn, "93").expect("liste");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].valid_to.as_deref(), Some("2024-06-30"));
    assert_eq!(rows[1].valid_to, None);

    let index = load_index(&mut conn).expect("zonages");
    let on = |d: &str| index.zone_of_commune("13055", Profession::Medecin, day(d));
    let last_day_of_first = on("2024-06-30").expect("zonage 2022");
    assert_eq!(last_day_of_first.zone, ZoneSet::only(ZoneCategory::Zip));
    assert_eq!(last_day_of_first.source, "Arrêté 2022");
    let first_day_of_second = on("2024-07-01").expect("zonage 2024");
    assert_eq!(first_day_of_second.zone, ZoneSet::only(ZoneCategory::Hz));
    assert_eq!(on("2021-12-31"), None, "no zonage before: unknown");
    assert!(index
        .zones_of_commune("04001", day("2025-01-01"))
        .is_empty());

    // Importing out of order is refused, and nothing changes.
    let err = record(
        &mut conn,
        &meta("2023-01-01", "Arrêté 2023"),
        &[zip_commune("13055")],
        app.now(),
    )
    .expect_err("antérieur");
    assert!(err.to_string().contains("ordre chronologique"), "{err}");
    assert_eq!(
        guichet::db::zonage::list(&mut conn, "93")
            .expect("liste")
            .len(),
        2
    );
}

#[tokio::test]
async fn zonage_page_shows_the_zone_per_profession_with_its_source() {
    let app = spawn_app_seeded().await;
    let response = app.get("/zonage?commune=04001&date=2025-06-01").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.expect("corps");
    assert!(html.contains("Aiglun (04001"), "{html}");
    assert!(html.contains("<strong>ZIP</strong>"));
    assert!(html.contains("CartoSanté"));
    assert!(html.contains("depuis le 1er janvier 2025"));
    // Other professions have no zonage: "inconnu", never "hors zone".
    assert!(html.contains("inconnu"));

    // Marseille: not ZIP (ZAC possible), its districts listed.
    let html = app
        .get("/zonage?commune=Marseille&date=2025-06-01")
        .await
        .text()
        .await
        .expect("corps");
    assert!(html.contains("hors ZIP (ZAC, ZV, ZAR ou HZ)"), "{html}");
    assert!(html.contains("Quartiers prioritaires"));

    // Before the zonage: unknown for every profession.
    let html = app
        .get("/zonage?commune=04001&date=2024-12-31")
        .await
        .text()
        .await
        .expect("corps");
    assert!(!html.contains("<strong>ZIP</strong>"));
    assert!(html.contains("la zone est inconnue"));
}

#[tokio::test]
async fn zonage_errors_are_french_and_beside_their_field() {
    let app = spawn_app_seeded().await;
    let response = app.get("/zonage?commune=99999&date=2025-13-01").await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.expect("corps");
    assert!(html.contains("fr-input-group--error"));
    assert!(
        html.contains("Commune inconnue : aucune commune n&#x27;a le code INSEE 99999."),
        "{html}"
    );
    assert!(html.contains("Date impossible : 2025-13-01."));

    let response = app.get("/api/v1/zonage?commune=99999").await;
    assert_eq!(response.status(), 422);
    let problem: Value = response.json().await.expect("JSON");
    assert_eq!(problem["errors"][0]["field"], "commune");
    let response = app.get("/api/v1/zonage").await;
    assert_eq!(response.status(), 422);
}

#[tokio::test]
async fn zonage_json_by_accept_header_or_api_path() {
    let app = spawn_app_seeded().await;
    let response = app
        .client
        .get(app.url("/zonage?commune=04001&date=2025-06-01"))
        .header("accept", "application/json")
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), 200);
    let by_accept: Value = response.json().await.expect("JSON");
    let by_path: Value = app
        .get("/api/v1/zonage?commune=04001&date=2025-06-01")
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(by_accept, by_path);
    let medecin = by_path["zones"]
        .as_array()
        .and_then(|z| z.iter().find(|z| z["profession"] == "medecin"))
        .expect("médecin");
    assert_eq!(medecin["zone"], serde_json::json!(["ZIP"]));
    assert_eq!(medecin["valid_from"], "2025-01-01");
    let infirmier = by_path["zones"]
        .as_array()
        .and_then(|z| z.iter().find(|z| z["profession"] == "infirmier"))
        .expect("infirmier");
    assert_eq!(infirmier["zone"], Value::Null);
    assert_eq!(infirmier["description"], "inconnu");
}

#[tokio::test]
async fn the_zonage_cache_reloads_after_an_import_by_another_process() {
    use guichet::web::zonage_cache::ZonageCache;
    let app = spawn_app_seeded().await;
    let cache = ZonageCache::load(&app.pool).expect("cache");
    let before = cache.index();
    let zip = |d: &str| {
        cache
            .index()
            .zone_of_commune("13055", Profession::Medecin, day(d))
            .map(|z| z.zone)
    };
    assert_eq!(zip("2027-06-01"), Some(ZoneSet::not_zip()));
    assert!(
        !cache.refresh(&app.pool).await.expect("refresh"),
        "nothing changed"
    );
    {
        let mut conn = app.pool.get().expect("connexion");
        record(
            &mut conn,
            &meta("2027-01-01", "Arrêté 2027"),
            &[zip_commune("13055")],
            app.now(),
        )
        .expect("2027");
    }
    assert!(cache.refresh(&app.pool).await.expect("refresh"));
    assert_eq!(zip("2027-06-01"), Some(ZoneSet::only(ZoneCategory::Zip)));
    assert_eq!(
        zip("2026-12-31"),
        Some(ZoneSet::not_zip()),
        "the demo zonage, now closed"
    );
    assert_eq!(
        before
            .zone_of_commune("13055", Profession::Medecin, day("2027-06-01"))
            .map(|z| z.zone),
        Some(ZoneSet::not_zip()),
        "a lookup in progress keeps its snapshot"
    );
}
