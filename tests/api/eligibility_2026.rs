//! `POST /api/v1/eligibility` on the law of December 2026: every aid code answers, the new
//! inputs, announced aids, the questions with their explanations, a zone outside the
//! profession's scale refused with the field named in French.

use crate::helpers::{spawn_app_seeded, TestApp};
use serde_json::{json, Value};

const CODES: [&str; 35] = [
    "CESP",
    "PTMG",
    "PTMA",
    "PTMR",
    "PIAS",
    "CDE",
    "CAIM",
    "COSCOM",
    "COTRAM",
    "CSTM",
    "AIDE-INSTALLATION",
    "PRIME-INTERNE",
    "AIDE-CABINET-SECONDAIRE",
    "MAJORATION-FMT-ZIP",
    "DOCTEUR-JUNIOR-ZIP",
    "MAITRE-STAGE-DOCTEUR-JUNIOR",
    "PTMA-2026",
    "MISSION-SOLIDARITE-TERRITORIALE",
    "CUMUL-EMPLOI-RETRAITE",
    "CAPII",
    "CAII",
    "CAMII",
    "CACCMK",
    "CAIMK",
    "CAMMK",
    "CAPISF",
    "CAISF",
    "CAMSF",
    "CAICD",
    "CAMCD",
    "CAPIOP",
    "CAIOP",
    "CAMOP",
    "AIDE-PHARMACIE-TERRITOIRE-FRAGILE",
    "CRAI-HAUTS-DE-FRANCE",
];

async fn answer(app: &TestApp, body: Value) -> Value {
    let response = app.eligibility(&body).await;
    assert_eq!(response.status(), 200, "{body}");
    response.json().await.expect("JSON")
}

fn aid<'a>(answer: &'a Value, code: &str) -> &'a Value {
    answer["aids"]
        .as_array()
        .and_then(|aids| aids.iter().find(|a| a["code"] == code))
        .unwrap_or_else(|| panic!("aide {code} absente de {answer}"))
}

#[tokio::test]
async fn every_aid_code_answers_with_a_status_and_a_summary() {
    let app = spawn_app_seeded().await;
    let a = answer(
        &app,
        json!({"date": "2026-12-06", "profession": "infirmier", "situation": "installe"}),
    )
    .await;
    assert_eq!(a["aids"].as_array().map(Vec::len), Some(CODES.len()));
    for code in CODES {
        let r = aid(&a, code);
        assert!(r["status"].is_string(), "{r}");
        assert!(!r["summary"].as_str().unwrap_or_default().is_empty(), "{r}");
    }
    assert_eq!(aid(&a, "PTMA-2026")["status"], "announced");
}

#[tokio::test]
async fn a_nurse_in_a_very_under_served_zone_gets_capii_and_the_questions_explained() {
    let app = spawn_app_seeded().await;
    let a = answer(
        &app,
        json!({"date": "2026-12-06", "profession": "infirmier", "situation": "installe",
               "zone": "tres-sous-dotee", "installed_on": "2026-10-01",
               "first_installation": true}),
    )
    .await;
    let capii = aid(&a, "CAPII");
    assert_eq!(capii["status"], "needs_info", "{capii}");
    assert_eq!(capii["missing"], json!(["coordinated_practice"]));
    let question = a["questions"]
        .as_array()
        .and_then(|q| q.iter().find(|q| q["field"] == "coordinated_practice"))
        .unwrap_or_else(|| panic!("{}", a["questions"]));
    assert!(question["label"]
        .as_str()
        .unwrap_or_default()
        .starts_with("Exercice coordonné"));
    assert!(!question["explanation"]
        .as_str()
        .unwrap_or_default()
        .is_empty());
    assert_eq!(aid(&a, "CAII")["status"], "ineligible");
}

#[tokio::test]
async fn a_medecin_zone_for_a_nurse_and_an_impossible_date_are_422_naming_the_field() {
    let app = spawn_app_seeded().await;
    for (body, field, words) in [
        (
            json!({"profession": "infirmier", "situation": "installe", "zone": "ZIP"}),
            "zone",
            "zonage des infirmiers",
        ),
        (
            json!({"profession": "kine", "situation": "installe"}),
            "profession",
            "Profession inconnue",
        ),
        (
            json!({"profession": "medecin", "situation": "installe", "date": "2026-02-30"}),
            "date",
            "Date impossible",
        ),
    ] {
        let response = app.eligibility(&body).await;
        assert_eq!(response.status(), 422, "{body}");
        let problem: Value = response.json().await.expect("JSON");
        let text = problem.to_string();
        assert!(text.contains(field) && text.contains(words), "{text}");
    }
}

#[tokio::test]
async fn a_docteur_junior_in_a_zip_sees_the_1000_euros() {
    let app = spawn_app_seeded().await;
    let a = answer(
        &app,
        json!({"date": "2026-12-06", "profession": "medecin", "specialty": "medecine-generale",
               "situation": "docteur-junior", "ambulatory_internship": true, "zone": "ZIP",
               "housed_free": false}),
    )
    .await;
    let dj = aid(&a, "DOCTEUR-JUNIOR-ZIP");
    assert_eq!(dj["status"], "eligible", "{dj}");
    assert_eq!(dj["amount"]["euros"], 1000);
    assert_eq!(aid(&a, "PRIME-INTERNE")["status"], "ineligible");
}

#[tokio::test]
async fn a_regional_aid_reads_the_region_of_the_commune() {
    let app = spawn_app_seeded().await;
    let body = |commune: Value| {
        json!({"date": "2026-06-01", "profession": "medecin", "specialty": "medecine-generale",
               "situation": "installe", "installed_on": "2025-09-01",
               "installation_aid_last_10_years": false, "commune": commune})
    };
    // Marseille (an arrondissement stands for its commune) is in Provence-Alpes-Côte d'Azur.
    let a = answer(&app, body(json!("13201"))).await;
    let crai = aid(&a, "CRAI-HAUTS-DE-FRANCE");
    assert_eq!(crai["status"], "ineligible", "{crai}");
    assert_eq!(crai["criteria"][0]["id"], "region");
    assert_eq!(crai["criteria"][0]["result"], "not_met");
    let a = answer(&app, body(Value::Null)).await;
    let crai = aid(&a, "CRAI-HAUTS-DE-FRANCE");
    assert_eq!(crai["status"], "needs_info", "{crai}");
    assert_eq!(crai["missing"], json!(["commune"]));
}
