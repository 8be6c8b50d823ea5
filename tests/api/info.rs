//! Information pages, site search and "Qui contacter ?".

use guichet::domain::content::Step;
use guichet::domain::profession::Profession;

use crate::helpers::{spawn_app, spawn_app_seeded};

#[tokio::test]
async fn every_profession_and_step_has_a_page() {
    let app = spawn_app().await;
    let index = app.get("/informations").await;
    assert_eq!(index.status(), 200);
    let html = index.text().await.unwrap();
    for profession in Profession::ALL {
        assert!(html.contains(&format!("/informations/{}", profession.slug())));
        let page = app
            .get(&format!("/informations/{}", profession.slug()))
            .await;
        assert_eq!(page.status(), 200, "{profession}");
        for step in Step::ALL {
            let path = format!("/informations/{}/{}", profession.slug(), step.slug());
            let response = app.get(&path).await;
            assert_eq!(response.status(), 200, "{path}");
            let html = response.text().await.unwrap().replace("&#x2F;", "/");
            assert!(
                html.contains(profession.label()),
                "{path} nomme la profession"
            );
            assert!(
                html.contains("/qui-contacter?profession="),
                "{path} : contacts"
            );
            assert!(
                html.contains("/simulateur?profession="),
                "{path} : simulateur"
            );
        }
    }
    assert_eq!(app.get("/informations/veterinaire").await.status(), 404);
    assert_eq!(app.get("/informations/medecin/partir").await.status(), 404);
}

#[tokio::test]
async fn the_medecin_installation_page_links_aids_presets_and_requests() {
    let app = spawn_app().await;
    let html = app
        .get("/informations/medecin/s-installer")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("<h1>Médecin : s&#x27;installer</h1>")
            || html.contains("<h1>Médecin : s'installer</h1>")
    );
    for link in [
        "href=\"/aides/AIDE-INSTALLATION\"",
        "href=\"/aides/CDE\"",
        "href=\"/simulateur?profession=medecin&amp;situation=remplacant\"",
        "href=\"/demandes/nouvelle?type=installation-liberal\"",
        "href=\"/zonage\"",
    ] {
        assert!(html.contains(link), "{link} absent");
    }
    assert!(
        html.contains("Légifrance") || html.contains("legifrance.gouv.fr"),
        "sources citées"
    );
}

#[tokio::test]
async fn every_profession_has_its_own_pages_listing_its_aids() {
    let app = spawn_app().await;
    let html = app
        .get("/informations/pharmacien/se-former")
        .await
        .text()
        .await
        .unwrap();
    // Since December 2026 the nine professions have their own pages (the common ones remain
    // the fallback of a missing file).
    assert!(!html.contains("communes aux professions de santé"));
    assert!(
        html.contains("/aides/CESP"),
        "le CESP concerne les pharmaciens depuis le 16 janvier 2026"
    );
    assert!(html.contains("/aides/PRIME-INTERNE"));
    assert!(
        !html.contains("/aides/CAIM"),
        "le CAIM ne concerne que les médecins"
    );
}

async fn search(app: &crate::helpers::TestApp, q: &str) -> String {
    let response = app
        .client
        .get(app.url("/recherche"))
        .query(&[("q", q)])
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), 200);
    // Tera escapes "/" in attributes; a browser reads them as slashes.
    response.text().await.unwrap().replace("&#x2F;", "/")
}

#[tokio::test]
async fn site_search_is_accent_and_case_insensitive() {
    let app = spawn_app().await;
    let html = search(&app, "installation").await;
    assert!(
        html.contains("href=\"/informations/medecin/s-installer\""),
        "{html}"
    );
    let html = search(&app, "CESP").await;
    assert!(html.contains("href=\"/aides/CESP\""));
    assert!(html.contains("href=\"/informations/medecin/se-former\""));
    let accented = search(&app, "Préparer sa RETRAITE médecin").await;
    let plain = search(&app, "preparer sa retraite medecin").await;
    assert!(plain.contains("href=\"/informations/medecin/preparer-sa-retraite\""));
    let count = |html: &str| html.matches("<h3 class=\"fr-h6 fr-mb-1v\">").count();
    assert_eq!(count(&accented), count(&plain));
    let none = search(&app, "xylophone").await;
    assert!(none.contains("Aucun résultat pour « xylophone »"));
    // The header carries the search bar on every page.
    let home = app
        .get("/")
        .await
        .text()
        .await
        .unwrap()
        .replace("&#x2F;", "/");
    assert!(home.contains("action=\"/recherche\""));
}

#[tokio::test]
async fn contacts_of_marseille_for_a_medecin() {
    let app = spawn_app_seeded().await;
    let response = app
        .get("/qui-contacter?commune=13055&profession=medecin")
        .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    for name in [
        "ARS PACA — délégation départementale des Bouches-du-Rhône",
        "CPAM des Bouches-du-Rhône",
        "Conseil départemental de l&#x27;Ordre des médecins des Bouches-du-Rhône",
        "URPS Médecins libéraux PACA",
        "Urssaf Provence-Alpes-Côte d&#x27;Azur",
        "Région Sud Provence-Alpes-Côte d&#x27;Azur",
        "ARS Provence-Alpes-Côte d&#x27;Azur (siège)",
    ] {
        assert!(html.contains(name), "{name} absent");
    }
    assert!(!html.contains("CPAM de Vaucluse"));
    assert!(
        html.contains("Inscription au tableau de l&#x27;Ordre"),
        "ce que traite l'Ordre"
    );
    assert!(html.contains("Marseille (13)"));
}

#[tokio::test]
async fn contacts_follow_the_departement_and_the_profession() {
    let app = spawn_app_seeded().await;
    let html = app
        .get("/qui-contacter?commune=84007&profession=medecin")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("CPAM de Vaucluse"));
    assert!(html.contains("délégation départementale de Vaucluse"));
    assert!(!html.contains("CPAM des Bouches-du-Rhône"));
    // No Ordre des médecins for a nurse.
    let html = app
        .get("/qui-contacter?commune=13055&profession=infirmier")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("CPAM des Bouches-du-Rhône"));
    assert!(!html.contains("Ordre des médecins"));
}

#[tokio::test]
async fn contacts_resolve_names_and_explain_unknown_communes() {
    let app = spawn_app_seeded().await;
    let by_name = app
        .get("/qui-contacter?commune=avignon&profession=medecin")
        .await
        .text()
        .await
        .unwrap();
    assert!(by_name.contains("CPAM de Vaucluse"));
    let ambiguous = app
        .get("/qui-contacter?commune=saint&profession=medecin")
        .await;
    assert_eq!(ambiguous.status(), 200);
    let html = ambiguous.text().await.unwrap().replace("&#x2F;", "/");
    assert!(html.contains("Plusieurs communes correspondent"));
    assert!(html.contains("/qui-contacter?commune="));
    let unknown = app
        .get("/qui-contacter?commune=13999&profession=medecin")
        .await;
    assert_eq!(unknown.status(), 404);
    assert!(unknown
        .text()
        .await
        .unwrap()
        .contains("Aucune commune ne porte le code INSEE 13999"));
    let unknown = app
        .get("/qui-contacter?commune=Zzyzx&profession=medecin")
        .await;
    assert_eq!(unknown.status(), 404);
    assert!(unknown
        .text()
        .await
        .unwrap()
        .contains("Aucune commune ne correspond à « Zzyzx »"));
    let missing = app.get("/qui-contacter?commune=13055&profession=").await;
    assert_eq!(missing.status(), 422);
    assert!(missing
        .text()
        .await
        .unwrap()
        .contains("Choisissez votre profession."));
    assert_eq!(app.get("/qui-contacter").await.status(), 200);
}
