//! The simulator asks only the questions that matter for the chosen profession and situation:
//! the page carries, per `profession|situation`, the questions derived from the rules (the
//! browser hides the others); without JavaScript every question stays and the page still works.

use serde_json::Value;

use crate::helpers::spawn_app;

/// The JSON table of the form's `data-questions` attribute, unescaped.
fn questions(html: &str) -> Value {
    let start = html.find("data-questions=\"").expect("data-questions") + 16;
    let end = start + html[start..].find('"').expect("fin de l'attribut");
    let json = html[start..end]
        .replace("&quot;", "\"")
        .replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&json).expect("JSON des questions")
}

fn asked(table: &Value, key: &str) -> Vec<String> {
    table[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} absent"))
        .split(' ')
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn the_form_says_which_questions_matter_for_each_profession_and_situation() {
    let app = spawn_app().await;
    let response = app.get("/simulateur").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.expect("corps");
    // Without JavaScript, every question of the day is on the page.
    for field in [
        "specialty",
        "sector",
        "study_year",
        "industrial_pharmacy",
        "creating_practice",
        "housed_free",
    ] {
        assert!(
            html.contains(&format!("data-question=\"{field}\"")),
            "{field}"
        );
    }
    let table = questions(&html);
    let nurse = asked(&table, "infirmier|installe");
    for field in [
        "profession",
        "situation",
        "commune",
        "installed_on",
        "first_installation",
    ] {
        assert!(nurse.contains(&field.to_string()), "{field} : {nurse:?}");
    }
    for field in [
        "sector",
        "specialty",
        "study_year",
        "industrial_pharmacy",
        "creating_practice",
    ] {
        assert!(!nurse.contains(&field.to_string()), "{field} : {nurse:?}");
    }
    let physio = asked(&table, "masseur-kinesitherapeute|installe");
    assert!(
        physio.contains(&"creating_practice".to_string()),
        "{physio:?}"
    );
    let pharmacy_student = asked(&table, "pharmacien|etudiant");
    assert!(pharmacy_student.contains(&"industrial_pharmacy".to_string()));
    let doctor = asked(&table, "medecin|");
    assert!(doctor.contains(&"sector".to_string()), "{doctor:?}");
    // No aid concerns an orthoptist: only the profile and the date are asked.
    assert_eq!(
        asked(&table, "orthoptiste|installe"),
        vec!["profession", "situation", "date"]
    );
}

#[tokio::test]
async fn without_javascript_irrelevant_answers_are_sent_and_the_answer_still_comes() {
    let app = spawn_app().await;
    // A browser without JavaScript sends every field, the irrelevant ones too.
    let response = app
        .get("/simulateur?profession=infirmier&situation=installe&specialty=&sector=1&industrial_pharmacy=oui&creating_practice=non&first_installation=oui&date=2026-12-06")
        .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.expect("corps");
    for code in ["CAPII", "CAII", "CAMII"] {
        assert!(html.contains(&format!("id=\"aide-{code}\"")), "{code}");
    }
    assert!(html.contains("id=\"aide-CAPII\" data-status=\"needs_info\""));
    assert!(
        !html.contains("fr-error-text"),
        "no error for irrelevant answers"
    );
    // The form below the results still asks everything, with the answers kept.
    assert!(html.contains("data-question=\"sector\""));
    assert!(html.contains("<option value=\"1\" selected>"));
    // An information page's link naming only the profession prefills the form, without errors.
    let response = app.get("/simulateur?profession=orthoptiste").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.expect("corps");
    assert!(html.contains("<option value=\"orthoptiste\" selected>"));
    assert!(!html.contains("fr-error-text"));
    assert!(
        !html.contains("fr-card"),
        "no results before the situation is chosen"
    );
}
