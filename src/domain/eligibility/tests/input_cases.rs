//! The request parser: JSON body and form parameters, one French message per wrong field.

use crate::domain::eligibility::{parse_fields, parse_json, FieldError};
use crate::domain::profession::{Profession, Sector, Situation};
use crate::domain::zone::{ZoneCategory, ZoneSet};
use serde_json::{json, Value};
use std::collections::HashMap;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn errors(body: Value) -> Vec<FieldError> {
    match parse_json(&body, today()) {
        Ok(q) => panic!("accepted {body}: {q:?}"),
        Err(e) => e,
    }
}

fn with(field: &str, value: Value) -> Value {
    let mut body = json!({"profession": "medecin", "situation": "etudiant"});
    body[field] = value;
    body
}

#[test]
fn a_full_json_request_parses() {
    let body = json!({
        "date": "2025-03-01", "profession": "medecin", "specialty": "Medecine-Generale",
        "situation": "installe", "study_year": 9, "installed_on": "2025-01-15",
        "first_installation": true, "commune": "2a004", "zone": "ZIP", "sector": "2-optam",
        "coordinated_practice": false, "days_per_week": 3.5, "outreach_days_per_year_in_zip": 12,
        "age": 34, "hosting_new_doctor": false, "ambulatory_internship": false, "distance_km": 42,
        "unknown_field": "ignored"
    });
    let q = parse_json(&body, today()).unwrap();
    assert_eq!(q.date.to_string(), "2025-03-01");
    assert_eq!(q.commune.as_deref(), Some("2A004"));
    let p = q.profile;
    assert_eq!(p.profession, Some(Profession::Medecin));
    assert_eq!(p.specialty.as_deref(), Some("medecine-generale"));
    assert_eq!(p.situation, Some(Situation::Installe));
    assert_eq!(p.study_year, Some(9));
    assert_eq!(p.installed_on.unwrap().to_string(), "2025-01-15");
    assert_eq!(p.first_installation, Some(true));
    assert_eq!(p.zone, Some(ZoneSet::only(ZoneCategory::Zip)));
    assert_eq!(p.sector, Some(Sector::Secteur2Optam));
    assert_eq!(p.coordinated_practice, Some(false));
    assert_eq!(p.days_per_week, Some(3.5));
    assert_eq!(p.outreach_days_per_year_in_zip, Some(12));
    assert_eq!(p.age, Some(34));
    assert_eq!(p.distance_km, Some(42.0));
}

#[test]
fn defaults_nulls_and_blank_strings_mean_not_given() {
    let q = parse_json(
        &json!({"profession": "sage-femme", "situation": "interne", "zone": null,
        "sector": "", "commune": "  ", "age": null}),
        today(),
    )
    .unwrap();
    assert_eq!(q.date, today());
    assert_eq!(
        q.profile.zone, None,
        "no zone given: the caller looks the commune up"
    );
    assert_eq!(q.profile.sector, None);
    assert_eq!(q.commune, None);
    assert_eq!(q.profile.age, None);
}

#[test]
fn every_field_error_has_a_french_message() {
    let cases = [
        (with("date", json!("2025-02-30")), "date", "Date impossible : 2025-02-30."),
        (with("date", json!("30/01/2025")), "date", "Date mal formée : « 30/01/2025 » (format AAAA-MM-JJ, ex. 2026-01-15)."),
        (with("date", json!(20250101)), "date", "Type incorrect : une chaîne de caractères est attendue."),
        (with("profession", json!("dentiste")), "profession", "Profession inconnue : « dentiste » ; choisissez parmi medecin, chirurgien-dentiste, sage-femme, pharmacien, infirmier, masseur-kinesitherapeute, orthophoniste, orthoptiste, pedicure-podologue."),
        (with("situation", json!("chomeur")), "situation", "Situation inconnue : « chomeur »"),
        (with("specialty", json!("médecine générale")), "specialty", "Spécialité mal formée"),
        (with("study_year", json!(0)), "study_year", "Valeur invalide : un nombre entier entre 1 et 15 est attendu."),
        (with("study_year", json!(2.5)), "study_year", "Valeur invalide"),
        (with("study_year", json!("5")), "study_year", "Type incorrect"),
        (with("installed_on", json!("2025-13-01")), "installed_on", "Date impossible : 2025-13-01."),
        (with("first_installation", json!("oui")), "first_installation", "Type incorrect : true ou false est attendu."),
        (with("commune", json!("1305")), "commune", "Code INSEE mal formé (5 caractères, ex. 13055 ou 2A004)."),
        (with("commune", json!("2C004")), "commune", "Code INSEE mal formé"),
        (with("zone", json!("QPV")), "zone", "Zone inconnue : « QPV » ; choisissez parmi ZIP, ZAC, ZV, ZAR, HZ, tres-sous-dotee"),
        (with("sector", json!("3")), "sector", "Secteur inconnu : « 3 »"),
        (with("coordinated_practice", json!(1)), "coordinated_practice", "Type incorrect"),
        (with("days_per_week", json!(8)), "days_per_week", "Valeur invalide : un nombre entre 0 et 7 est attendu."),
        (with("outreach_days_per_year_in_zip", json!(-1)), "outreach_days_per_year_in_zip", "Valeur invalide"),
        (with("age", json!(200)), "age", "Valeur invalide : un nombre entier entre 15 et 120 est attendu."),
        (with("hosting_new_doctor", json!([])), "hosting_new_doctor", "Type incorrect"),
        (with("ambulatory_internship", json!({})), "ambulatory_internship", "Type incorrect"),
        (with("distance_km", json!(-3)), "distance_km", "Valeur invalide"),
        (json!({"situation": "etudiant"}), "profession", "Champ obligatoire : indiquez la profession."),
        (json!({"profession": "medecin", "situation": ""}), "situation", "Champ obligatoire : indiquez la situation."),
        (json!([1, 2]), "body", "Le corps de la requête doit être un objet JSON."),
    ];
    for (body, field, message) in cases {
        let errs = errors(body.clone());
        assert_eq!(errs.len(), 1, "{body}: {errs:?}");
        assert_eq!(errs[0].field, field, "{body}");
        assert!(
            errs[0].message.starts_with(message),
            "{body}: {}",
            errs[0].message
        );
    }
}

#[test]
fn all_errors_are_reported_together() {
    let errs = errors(json!({"profession": 3, "age": "x", "commune": "ABCDE"}));
    let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["profession", "situation", "age", "commune"]);
}

#[test]
fn form_parameters_parse_the_same_way() {
    let form: HashMap<String, String> = [
        ("profession", "medecin"),
        ("situation", "remplacant"),
        ("zone", "ZAC|ZV|ZAR|HZ"),
        ("days_per_week", "2,5"),
        ("coordinated_practice", "oui"),
        ("first_installation", "non"),
        ("age", " 41 "),
        ("study_year", ""),
        ("commune", "13055"),
        ("submit", "Voir"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let q = parse_fields(&form, today()).unwrap();
    assert_eq!(q.profile.zone, Some(ZoneSet::not_zip()));
    assert_eq!(q.profile.days_per_week, Some(2.5));
    assert_eq!(q.profile.coordinated_practice, Some(true));
    assert_eq!(q.profile.first_installation, Some(false));
    assert_eq!(q.profile.age, Some(41));
    assert_eq!(q.profile.study_year, None);
    assert_eq!(q.commune.as_deref(), Some("13055"));

    let pairs = vec![
        ("profession".to_string(), "medecin".to_string()),
        ("situation".to_string(), "etudiant".to_string()),
        ("age".to_string(), "vingt".to_string()),
        ("coordinated_practice".to_string(), "peut-être".to_string()),
    ];
    let errs = parse_fields(pairs.as_slice(), today()).unwrap_err();
    let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["coordinated_practice", "age"]);
    assert_eq!(errs[0].message, "Valeur invalide : répondez oui ou non.");
}

#[test]
fn arbitrary_json_values_never_panic() {
    let values = [
        json!(null),
        json!(true),
        json!(-1),
        json!(0),
        json!(1e308),
        json!(-0.0),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(""),
        json!(" "),
        json!("\u{0}"),
        json!("ZIP|"),
        json!("2B"),
        json!("9999-99-99"),
        json!("0000-00-00"),
        json!("é".repeat(500)),
        json!([null]),
        json!({"a": 1}),
        json!(4.5),
        json!("NaN"),
        json!("inf"),
    ];
    let fields = [
        "date",
        "profession",
        "specialty",
        "situation",
        "study_year",
        "installed_on",
        "first_installation",
        "commune",
        "zone",
        "sector",
        "coordinated_practice",
        "days_per_week",
        "outreach_days_per_year_in_zip",
        "age",
        "hosting_new_doctor",
        "ambulatory_internship",
        "distance_km",
    ];
    for field in fields {
        for value in &values {
            let _ = parse_json(&with(field, value.clone()), today());
            let form: HashMap<String, String> = [(field.to_string(), value.to_string())]
                .into_iter()
                .collect();
            let _ = parse_fields(&form, today());
        }
    }
    for body in &values {
        let _ = parse_json(body, today());
    }
}
