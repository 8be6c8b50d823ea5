//! The shipped France zonages dated région by région, and Paris, Lyon and Marseille answered
//! from their municipal arrondissements (API, page, simulator, eligibility). Expected zones are
//! read from the shipped files themselves.

use serde_json::{json, Value};

use guichet::domain::zone::ZoneSet;

use crate::helpers::spawn_app_seeded_with;
use crate::zonage::{api, json_zone, shipped, shipped_zone, with_more_communes};

#[tokio::test]
async fn the_shipped_zonages_are_dated_region_by_region() {
    let app = spawn_app_seeded_with(with_more_communes).await;
    // PACA: the May 2025 snapshot until the day before the arrêté of 5 January 2026.
    let may = shipped("medecins-2025-05.csv");
    let january = shipped("medecins-paca-2026-01.csv");
    let changed = january
        .iter()
        .find(|(c, z)| {
            z != "ZIP" && may.iter().any(|(m, mz)| m == c && mz == "ZIP") && c.starts_with("04")
        })
        .map(|(c, _)| c.clone())
        .expect("une commune ZIP en 2025 qui ne l'est plus en 2026");
    let medecin = |date: &str| format!("commune={changed}&profession=medecin&date={date}");
    let before = api(&app, &medecin("2026-01-04")).await;
    assert_eq!(before["zones"][0]["zone"], json!(["ZIP"]), "{before}");
    assert_eq!(before["zones"][0]["valid_to"], "2026-01-04");
    let after = api(&app, &medecin("2026-01-05")).await;
    assert_eq!(
        after["zones"][0]["zone"],
        json!(["ZAC", "ZV", "ZAR", "HZ"]),
        "{after}"
    );
    assert_eq!(
        after["zones"][0]["description"],
        "hors ZIP (ZAC, ZV, ZAR ou HZ)"
    );
    assert!(after["zones"][0]["source"]
        .as_str()
        .unwrap_or_default()
        .contains("5 janvier 2026"));
    // Occitanie re-zoned its nurses by the arrêté of 12 November 2025.
    let auch = |date: &str| format!("commune=32013&profession=infirmier&date={date}");
    let old = api(&app, &auch("2025-11-11")).await;
    let new = api(&app, &auch("2025-11-12")).await;
    assert_eq!(
        old["zones"][0]["zone"],
        json_zone(&shipped_zone("infirmiers-2025-09.csv", "32013"))
    );
    assert_eq!(
        new["zones"][0]["zone"],
        json_zone(&shipped_zone("infirmiers-2026-03.csv", "32013"))
    );
    assert_ne!(old["zones"][0]["zone"], new["zones"][0]["zone"]);
    // Elsewhere the March 2026 export starts on its own date.
    let boulogne = api(&app, "commune=92012&profession=infirmier&date=2026-03-05").await;
    assert_eq!(boulogne["zones"][0]["valid_to"], "2026-03-05");
}

#[tokio::test]
async fn paris_lyon_and_marseille_answer_from_their_arrondissements() {
    let app = spawn_app_seeded_with(with_more_communes).await;
    // Marseille, médecins, May 2025: the arrondissements differ.
    let may = shipped("medecins-2025-05.csv");
    let of = |prefix: &str| -> Vec<String> {
        may.iter()
            .filter(|(c, _)| c.starts_with(prefix))
            .map(|(_, z)| z.clone())
            .collect()
    };
    let expected: ZoneSet = of("132").join("|").parse().expect("zones");
    let marseille = api(&app, "commune=13055&profession=medecin&date=2025-06-01").await;
    let zone = &marseille["zones"][0];
    assert_eq!(zone["zone"], serde_json::to_value(expected).expect("JSON"));
    assert_eq!(
        zone["description"],
        format!("{} selon l'arrondissement", expected.description())
    );
    assert_eq!(zone["arrondissements"].as_array().map(Vec::len), Some(16));
    // An arrondissement code is a commune of its own for the API.
    let fifteenth = api(&app, "commune=13215&profession=medecin&date=2025-06-01").await;
    assert_eq!(fifteenth["commune"]["name"], "Marseille 15e Arrondissement");
    assert_eq!(fifteenth["commune"]["parent"], "13055");
    assert_eq!(
        fifteenth["zones"][0]["zone"],
        json_zone(&shipped_zone("medecins-2025-05.csv", "13215"))
    );
    // Paris, nurses, 2026: from its twenty arrondissements.
    let march = shipped("infirmiers-2026-03.csv");
    let paris: ZoneSet = march
        .iter()
        .filter(|(c, _)| c.starts_with("751"))
        .map(|(_, z)| z.as_str())
        .collect::<Vec<_>>()
        .join("|")
        .parse()
        .expect("zones");
    let answer = api(&app, "commune=75056&profession=infirmier&date=2026-06-01").await;
    assert_eq!(
        answer["zones"][0]["zone"],
        serde_json::to_value(paris).expect("JSON")
    );
    // Lyon, médecins: Auvergne-Rhône-Alpes re-zoned on 1 January 2026, not shipped: unknown.
    let lyon = api(&app, "commune=69123&profession=medecin&date=2026-06-01").await;
    assert_eq!(lyon["zones"][0]["zone"], Value::Null);
    let lyon = api(&app, "commune=69381&profession=medecin&date=2025-12-31").await;
    assert_eq!(
        lyon["zones"][0]["zone"],
        json_zone(&shipped_zone("medecins-2025-05.csv", "69381"))
    );

    // The page offers the arrondissements, and works without JavaScript.
    let html = app
        .get("/zonage?commune=Marseille&profession=medecin&date=2025-06-01")
        .await
        .text()
        .await
        .expect("corps");
    assert!(html.contains("name=\"arrondissement\""), "{html}");
    assert_eq!(html.matches("Arrondissement (132").count(), 16);
    assert!(html.contains("selon l&#x27;arrondissement"), "{html}");
    let html = app
        .get("/zonage?commune=Marseille&arrondissement=13215&profession=medecin&date=2025-06-01")
        .await
        .text()
        .await
        .expect("corps");
    assert!(
        html.contains("Marseille 15e Arrondissement (13215"),
        "{html}"
    );
    assert!(html.contains("<option value=\"13215\" selected>"));
    // A stale choice of another commune is ignored; "Toute la commune" goes back to it.
    for query in [
        "commune=13055&arrondissement=75105",
        "commune=13215&arrondissement=",
    ] {
        let answer = app
            .client
            .get(app.url(&format!("/zonage?{query}&date=2025-06-01")))
            .header("accept", "application/json")
            .send()
            .await
            .expect("GET")
            .json::<Value>()
            .await
            .expect("JSON");
        assert_eq!(answer["commune"]["insee"], "13055", "{query}");
    }

    // The simulator resolves the arrondissement too.
    let html = app
        .get("/simulateur?profession=medecin&situation=installe&installed_on=2025-03-01&commune=Marseille&arrondissement=13215&sector=1&date=2025-06-01")
        .await
        .text()
        .await
        .expect("corps");
    assert!(
        html.contains("Marseille 15e Arrondissement (13215)"),
        "{html}"
    );
    let answer: Value = app
        .eligibility(&json!({"date": "2025-06-01", "profession": "medecin", "situation": "installe", "commune": "13215"}))
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(
        answer["zone"]["possible"],
        json_zone(&shipped_zone("medecins-2025-05.csv", "13215"))
    );
}
