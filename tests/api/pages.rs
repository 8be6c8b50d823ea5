//! The simulator, the catalogue and the navigation, as a browser without JavaScript sees them.

use crate::helpers::spawn_app_seeded;

const STUDENT: &str =
    "/simulateur?profession=medecin&situation=etudiant&study_year=5&similar_contract=non&date=2026-11-22";

/// The HTML of one aid's card in a results page.
fn card<'a>(html: &'a str, code: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"aide-{code}\""))
        .unwrap_or_else(|| panic!("carte {code} absente"));
    let end = html[start..]
        .find("</article>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

#[tokio::test]
async fn the_simulator_form_asks_the_questions_that_matter() {
    let app = spawn_app_seeded().await;
    let response = app.get("/simulateur").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.expect("corps");
    for field in [
        "profession",
        "situation",
        "study_year",
        "commune",
        "zone",
        "sector",
        "installed_on",
    ] {
        assert!(html.contains(&format!("name=\"{field}\"")), "{field}");
    }
    assert!(html.contains(
        "<legend class=\"fr-fieldset__legend\" id=\"legende-profil\">Votre profil</legend>"
    ));
    assert!(!html.contains("fr-card"), "no results before answering");
    assert!(!html.contains("style="), "CSP: no inline style");
    assert!(
        !html.contains("onclick") && !html.contains("<script>"),
        "CSP: no inline script"
    );
    // On a date when only CESP existed, questions about the zone are not asked.
    let response = app.get("/simulateur?date=2011-01-01").await;
    assert_eq!(
        response.status(),
        200,
        "a link without profession only prefills"
    );
    let html = response.text().await.expect("corps");
    assert!(
        !html.contains("name=\"commune\""),
        "zone did not matter in 2011"
    );
    assert!(html.contains("value=\"2011-01-01\""));
    // The home page tiles prefill the situation without showing errors.
    let response = app.get("/simulateur?situation=etudiant").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.expect("corps");
    assert!(html.contains("<option value=\"etudiant\" selected>"));
    assert!(!html.contains("fr-error-text"));
}

#[tokio::test]
async fn the_simulator_shows_one_card_per_aid_and_its_url_reproduces_it() {
    let app = spawn_app_seeded().await;
    let response = app.get(STUDENT).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.expect("corps");
    let cesp = card(&html, "CESP");
    assert!(cesp.contains("fr-badge--success\">Éligible</p>"), "{cesp}");
    assert!(cesp.contains("Critère rempli"));
    assert!(cesp.contains("1 200 € brut par mois"));
    assert!(cesp.contains("legifrance.gouv.fr"));
    assert!(cesp.contains("Centre national de gestion"));
    let caim = card(&html, "CAIM");
    assert!(caim.contains("Dispositif fermé"), "{caim}");
    assert!(
        caim.contains("href=\"/aides/AIDE-INSTALLATION\""),
        "successor linked"
    );
    assert!(card(&html, "COSCOM").contains("Dispositif fermé"));
    assert!(card(&html, "CDE").contains("Non éligible"));
    // Eligible aids come first.
    assert!(html.find("aide-CESP").unwrap_or(usize::MAX) < html.find("aide-CDE").unwrap_or(0));
    // The answers stay in the form, and the shareable link is the same URL.
    assert!(html.contains("<option value=\"etudiant\" selected>"));
    let share = STUDENT.replace('&', "&amp;");
    assert!(
        html.contains(&format!("href=\"{share}\"")),
        "lien de partage"
    );
    let again = app.get(STUDENT).await.text().await.expect("corps");
    assert_eq!(
        card(&again, "CESP"),
        cesp,
        "the same URL gives the same answer"
    );
}

#[tokio::test]
async fn the_simulator_uses_the_commune_typed_by_name() {
    let app = spawn_app_seeded().await;
    let html = app
        .get("/simulateur?profession=medecin&situation=installe&installed_on=2025-03-01&commune=Aiglun&sector=1&coordinated_practice=oui&days_per_week=3%2C5&date=2025-06-01")
        .await
        .text()
        .await
        .expect("corps");
    assert!(html.contains("pour Aiglun (04001)"), "{html}");
    let caim = card(&html, "CAIM");
    assert!(caim.contains("Éligible"), "{caim}");
    assert!(caim.contains("43 750"), "amount for 3.5 days: {caim}");
}

#[tokio::test]
async fn simulator_errors_are_shown_beside_their_fields() {
    let app = spawn_app_seeded().await;
    let response = app
        .get("/simulateur?profession=&situation=etudiant&study_year=abc&commune=99999&date=2026-02-30")
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.expect("corps");
    assert!(html.contains("fr-select-group--error"));
    assert!(html.contains("fr-input-group--error"));
    assert!(html.contains("id=\"erreur-profession\" class=\"fr-error-text\">Champ obligatoire : indiquez la profession.</p>"), "{html}");
    assert!(html.contains("id=\"erreur-commune\" class=\"fr-error-text\">Commune inconnue"));
    assert!(html
        .contains("id=\"erreur-date\" class=\"fr-error-text\">Date impossible : 2026-02-30.</p>"));
    assert!(html.contains("id=\"erreur-study_year\""));
    assert!(
        html.contains("href=\"#champ-profession\""),
        "error summary links to the field"
    );
    assert!(!html.contains("id=\"aide-CESP\""));
}

#[tokio::test]
async fn the_catalogue_lists_every_aid_and_their_versions() {
    let app = spawn_app_seeded().await;
    let html = app.get("/aides").await.text().await.expect("corps");
    for code in [
        "CESP",
        "PTMG",
        "CDE",
        "CAIM",
        "COSCOM",
        "COTRAM",
        "CSTM",
        "AIDE-INSTALLATION",
        "PRIME-INTERNE",
    ] {
        assert!(html.contains(&format!("href=\"/aides/{code}\"")), "{code}");
    }
    let response = app.get("/aides/CESP").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.expect("corps");
    for label in [
        "v1 (décret 2010-735)",
        "v2 (décret 2013-735)",
        "v3 (décret 2020-268)",
    ] {
        assert!(html.contains(label), "{label}");
    }
    assert!(html.contains("du 30 juin 2010 au 15 août 2013"));
    assert!(
        html.contains("À partir de la 4e année d&#x27;études")
            || html.contains("à partir de la 4e année d&#x27;études")
    );
    let html = app.get("/aides/ptmg").await.text().await.expect("corps");
    assert!(
        html.contains("remplacé par <a href=\"/aides/CDE\">"),
        "{html}"
    );
    assert_eq!(app.get("/aides/INCONNUE").await.status(), 404);
}

#[tokio::test]
async fn navigation_leads_to_the_new_pages() {
    let app = spawn_app_seeded().await;
    let html = app.get("/").await.text().await.expect("corps");
    for href in [
        "href=\"/aides\"",
        "href=\"/simulateur\"",
        "href=\"/zonage\"",
    ] {
        assert!(html.contains(href), "{href}");
    }
    let html = app.get("/aides").await.text().await.expect("corps");
    assert!(html.contains("href=\"/aides\" aria-current=\"page\""));
}
