//! Zonages: import closes the previous one, lookup per commune, profession and date, `/zonage`
//! page and API for every profession, Paris, Lyon and Marseille by arrondissement, the shipped
//! data dated région by région. Expected zones are read from the shipped files themselves.

use chrono::NaiveDate;
use serde_json::{json, Value};

use guichet::db::zonage::{load_index, record};
use guichet::db::DbPool;
use guichet::domain::profession::Profession;
use guichet::domain::territory::Commune;
use guichet::domain::zonage::{CommuneZone, ZonageMeta};
use guichet::domain::zone::{ZoneCategory, ZoneSet};
use guichet::import::zonage_france::{import_shipped, Existing};

use crate::helpers::{root, spawn_app, spawn_app_seeded, spawn_app_seeded_with, TestApp};

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
        last_checked: None,
    }
}

fn zip_commune(insee: &str) -> CommuneZone {
    CommuneZone {
        insee: insee.into(),
        zone: ZoneSet::only(ZoneCategory::Zip),
    }
}

/// (INSEE code, zone slug) of a shipped file.
pub fn shipped(file: &str) -> Vec<(String, String)> {
    let path = root().join("reference/zonage/france").join(file);
    std::fs::read_to_string(&path)
        .expect("fichier livré")
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .map(|(c, z)| (c.to_string(), z.to_string()))
        .collect()
}

/// The zone a shipped file gives a code.
pub fn shipped_zone(file: &str, insee: &str) -> String {
    shipped(file)
        .into_iter()
        .find(|(c, _)| c == insee)
        .map(|(_, z)| z)
        .unwrap_or_else(|| panic!("{insee} absent de {file}"))
}

/// The first commune of PACA (fixture communes) with `zone` in a shipped file.
fn paca_commune_with(file: &str, zone: &str) -> String {
    shipped(file)
        .into_iter()
        .find(|(c, z)| z == zone && ["04", "05", "06", "83", "84"].contains(&&c[..2]))
        .map(|(c, _)| c)
        .unwrap_or_else(|| panic!("aucune commune {zone} dans {file}"))
}

pub fn json_zone(slugs: &str) -> Value {
    let set: ZoneSet = slugs.parse().expect("zone");
    serde_json::to_value(set).expect("JSON")
}

pub async fn api(app: &TestApp, query: &str) -> Value {
    let response = app.get(&format!("/api/v1/zonage?{query}")).await;
    assert_eq!(response.status(), 200, "{query}");
    response.json().await.expect("JSON")
}

/// Boulogne-Billancourt (Île-de-France) and Auch (Occitanie), added to the fixture communes,
/// and every shipped zonage of the régions that now have communes.
pub fn with_more_communes(pool: &DbPool) {
    let commune = |insee: &str, name: &str, dep: &str, region: &str, postal: &str| Commune {
        insee: insee.into(),
        name: name.into(),
        departement_code: dep.into(),
        region_code: region.into(),
        postal_codes: vec![postal.into()],
        population: 20_000,
    };
    let extra = [
        commune("92012", "Boulogne-Billancourt", "92", "11", "92100"),
        commune("32013", "Auch", "32", "76", "32000"),
    ];
    let mut conn = pool.get().expect("connexion");
    let now = chrono::NaiveDateTime::default();
    guichet::db::territories::upsert_all(&mut conn, &[], &[], &extra, now).expect("communes");
    import_shipped(&mut conn, None, Existing::Keep, now).expect("zonages livrés");
}

#[tokio::test]
async fn a_new_import_closes_the_previous_zonage_the_day_before() {
    let app = spawn_app().await;
    app.import_fixture_communes();
    let mut conn = app.pool.get().expect("connexion");
    record(
        &mut conn,
        &meta("2022-01-01", "Arrêté 2022"),
        &[zip_commune("04001")],
        app.now(),
    )
    .expect("2022");
    let hz = CommuneZone {
        insee: "04001".into(),
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
    let on = |d: &str| index.zone_of_commune("04001", Profession::Medecin, day(d));
    let last_day_of_first = on("2024-06-30").expect("zonage 2022");
    assert_eq!(last_day_of_first.zone, ZoneSet::only(ZoneCategory::Zip));
    assert_eq!(last_day_of_first.source, "Arrêté 2022");
    let first_day_of_second = on("2024-07-01").expect("zonage 2024");
    assert_eq!(first_day_of_second.zone, ZoneSet::only(ZoneCategory::Hz));
    assert_eq!(on("2021-12-31"), None, "no zonage before: unknown");
    assert!(index
        .zones_of_commune("04004", day("2025-01-01"))
        .is_empty());

    // Importing out of order is refused, and nothing changes.
    let err = record(
        &mut conn,
        &meta("2023-01-01", "Arrêté 2023"),
        &[zip_commune("04001")],
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
    assert!(html.contains("du 9 mai 2025 au 4 janvier 2026"), "{html}");
    // The other professions' zonages start in September 2025: "inconnu", never "hors zone".
    assert!(html.contains("inconnu"));
    assert!(html.contains("pas de zonage conventionnel des pharmaciens"));

    // In 2026, a nurse's zone on the nurses' scale, with its label.
    let nurse = shipped_zone("infirmiers-2026-03.csv", "04001");
    let html = app
        .get("/zonage?commune=Aiglun&profession=infirmier&date=2026-06-01")
        .await
        .text()
        .await
        .expect("corps");
    let label: ZoneSet = nurse.parse().expect("zone");
    assert!(
        html.contains(&format!("<strong>{}</strong>", label.description())),
        "{html}"
    );
    assert!(html.contains("depuis le 6 mars 2026"), "{html}");
    assert!(
        !html.contains("Médecin</th>"),
        "only the profession asked for"
    );

    // Before every shipped zonage: unknown for every profession.
    let html = app
        .get("/zonage?commune=04001&date=2025-05-08")
        .await
        .text()
        .await
        .expect("corps");
    assert!(!html.contains("<strong>"));
    assert!(html.contains("la zone est inconnue"));
}

#[tokio::test]
async fn zonage_errors_are_french_and_beside_their_field() {
    let app = spawn_app_seeded().await;
    let response = app
        .get("/zonage?commune=99999&date=2025-13-01&profession=plombier")
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.expect("corps");
    assert!(html.contains("fr-input-group--error"));
    assert!(
        html.contains("Commune inconnue : aucune commune n&#x27;a le code INSEE 99999."),
        "{html}"
    );
    assert!(html.contains("Date impossible : 2025-13-01."));
    assert!(
        html.contains("Profession inconnue : « plombier »"),
        "{html}"
    );

    for (query, field) in [
        ("commune=99999", "commune"),
        ("commune=04001&profession=dentiste", "profession"),
        ("commune=04001&date=2026-02-30", "date"),
        ("", "commune"),
    ] {
        let response = app.get(&format!("/api/v1/zonage?{query}")).await;
        assert_eq!(response.status(), 422, "{query}");
        let problem: Value = response.json().await.expect("JSON");
        assert_eq!(problem["errors"][0]["field"], field, "{query}: {problem}");
        let message = problem["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(!message.is_empty(), "{query}");
    }
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
    let by_path = api(&app, "commune=04001&date=2025-06-01").await;
    assert_eq!(by_accept, by_path);
    let zones = by_path["zones"].as_array().expect("zones");
    assert_eq!(zones.len(), 9, "every profession");
    let medecin = zones
        .iter()
        .find(|z| z["profession"] == "medecin")
        .expect("médecin");
    assert_eq!(medecin["zone"], json!(["ZIP"]));
    assert_eq!(medecin["valid_from"], "2025-05-09");
    assert_eq!(medecin["valid_to"], "2026-01-04");
    assert_eq!(medecin["last_checked"], "2026-12-06");
    let infirmier = zones
        .iter()
        .find(|z| z["profession"] == "infirmier")
        .expect("infirmier");
    assert_eq!(infirmier["zone"], Value::Null);
    assert_eq!(infirmier["description"], "inconnu");
}

#[tokio::test]
async fn the_api_answers_every_profession_on_its_own_scale() {
    let app = spawn_app_seeded_with(with_more_communes).await;
    let on = "date=2026-06-01";
    // A nurse in a "très sous-dotée" commune (Île-de-France), per the March 2026 file.
    assert_eq!(
        shipped_zone("infirmiers-2026-03.csv", "92012"),
        "tres-sous-dotee"
    );
    let nurse = api(&app, &format!("commune=92012&profession=infirmier&{on}")).await;
    assert_eq!(nurse["profession"], "infirmier");
    let zone = &nurse["zones"][0];
    assert_eq!(zone["zone"], json!(["tres-sous-dotee"]));
    assert_eq!(zone["labels"], json!(["Zone très sous-dotée"]));
    assert_eq!(zone["description"], "très sous-dotée");
    assert_eq!(zone["valid_from"], "2026-03-06");
    assert!(zone["source"]
        .as_str()
        .unwrap_or_default()
        .contains("mars 2026"));
    assert_eq!(nurse["zones"].as_array().map(Vec::len), Some(1));

    for (profession, file, category) in [
        (
            "masseur-kinesitherapeute",
            "masseurs-kinesitherapeutes-2025-09.csv",
            "non-prioritaire",
        ),
        ("orthophoniste", "orthophonistes-2025-09.csv", "sous-dense"),
        (
            "chirurgien-dentiste",
            "chirurgiens-dentistes-2025-09.csv",
            "non-prioritaire",
        ),
        ("sage-femme", "sages-femmes-2025-09.csv", "tres-sous-dotee"),
        ("medecin", "medecins-paca-2026-01.csv", "ZIP"),
    ] {
        let commune = paca_commune_with(file, category);
        let answer = api(
            &app,
            &format!("commune={commune}&profession={profession}&{on}"),
        )
        .await;
        let zone = &answer["zones"][0];
        assert_eq!(
            zone["zone"],
            json!([category]),
            "{profession} {commune}: {answer}"
        );
        assert!(zone["source"]
            .as_str()
            .unwrap_or_default()
            .contains("font foi"));
    }
    // No zonage scale: said plainly, never a category.
    let answer = api(&app, &format!("commune=04001&profession=pharmacien&{on}")).await;
    assert_eq!(answer["zones"][0]["zone"], Value::Null);
    assert_eq!(answer["zones"][0]["has_scale"], false);
    assert_eq!(
        answer["zones"][0]["description"],
        "sans objet : pas de zonage conventionnel des pharmaciens"
    );
}

#[tokio::test]
async fn the_zonage_cache_reloads_after_an_import_by_another_process() {
    use guichet::web::zonage_cache::ZonageCache;
    let app = spawn_app_seeded().await;
    let cache = ZonageCache::load(&app.pool).expect("cache");
    let before = cache.index();
    let zone = |d: &str| {
        cache
            .index()
            .zone_of_commune("04004", Profession::Medecin, day(d))
            .map(|z| z.zone)
    };
    assert_eq!(zone("2027-06-01"), Some(ZoneSet::not_zip()));
    assert!(
        !cache.refresh(&app.pool).await.expect("refresh"),
        "nothing changed"
    );
    {
        let mut conn = app.pool.get().expect("connexion");
        record(
            &mut conn,
            &meta("2027-01-01", "Arrêté 2027"),
            &[zip_commune("04004")],
            app.now(),
        )
        .expect("2027");
    }
    assert!(cache.refresh(&app.pool).await.expect("refresh"));
    assert_eq!(zone("2027-06-01"), Some(ZoneSet::only(ZoneCategory::Zip)));
    assert_eq!(
        zone("2026-12-31"),
        Some(ZoneSet::not_zip()),
        "the 2026 zonage, now closed"
    );
    assert_eq!(
        before
            .zone_of_commune("04004", Profession::Medecin, day("2027-06-01"))
            .map(|z| z.zone),
        Some(ZoneSet::not_zip()),
        "a lookup in progress keeps its snapshot"
    );
}
