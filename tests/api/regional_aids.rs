//! A région's admin adds an aid rule of their own from the browser: errors with their line,
//! tried on the simulator (only by them), published (the API answers it at once), withdrawn.

use guichet::domain::account::Role;
use serde_json::json;

use crate::helpers::{spawn_app_seeded, TestApp};
use crate::session_helpers::{audit_details, create_user, location, post_form, signed_in};

pub(crate) fn rule(region: &str, from: &str) -> String {
    format!(
        r#"code = "BOURSE-VAR"
name = "Bourse d'installation du Var"
description = "Aide du département du Var aux médecins qui s'installent."
instructed_by = ["departement"]

[[versions]]
label = "Délibération 2026"
from = {from}
changes = "Création."
last_checked = 2026-12-01
legal_refs = [ {{ title = "Délibération du conseil départemental du Var", url = "https://www.var.fr/deliberation" }} ]
[versions.amount]
text = "10 000 €"

[[versions.criteria]]
id = "region"
when = {{ region_in = ["{region}"] }}
met = "Vous exercez en Provence-Alpes-Côte d'Azur."
not_met = "Aide réservée à la région."

[[versions.criteria]]
id = "profession"
when = {{ profession_in = ["medecin"] }}
met = "Vous êtes médecin."
not_met = "Aide réservée aux médecins."
"#
    )
}

async fn codes_answered(app: &TestApp) -> Vec<String> {
    let r = app
        .eligibility(&json!({"date": "2026-12-07", "profession": "medecin", "situation": "installe", "commune": "83137"}))
        .await;
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.expect("JSON");
    body["aids"]
        .as_array()
        .expect("aides")
        .iter()
        .filter_map(|a| a["code"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn an_admin_adds_tries_publishes_and_withdraws_a_regional_rule() {
    let app = spawn_app_seeded().await;
    create_user(&app, "adm93@exemple.fr", Role::Admin, Some("93"), None, &[]).await;
    let admin = signed_in(&app, "adm93@exemple.fr").await;

    // A wrong date: refused with its line, the text kept.
    let broken = rule("93", "2026-13-01");
    let r = post_form(
        &app,
        &admin,
        "/admin/aides/regionales",
        &[("body", &broken)],
    )
    .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("corps");
    assert!(
        html.contains("body-error") && html.contains("ligne 8"),
        "{html}"
    );
    assert!(html.contains("2026-13-01"), "text kept");
    // Not limited to the région: refused.
    let r = post_form(
        &app,
        &admin,
        "/admin/aides/regionales",
        &[("body", &rule("53", "2026-01-01"))],
    )
    .await;
    assert_eq!(r.status(), 422);
    assert!(r
        .text()
        .await
        .expect("corps")
        .contains("region_in = [&quot;93&quot;]"));

    let r = post_form(
        &app,
        &admin,
        "/admin/aides/regionales",
        &[("body", &rule("93", "2026-01-01"))],
    )
    .await;
    assert_eq!(r.status(), 303);
    let id = location(&r)
        .trim_start_matches("/admin/aides/regionales/")
        .trim_end_matches("?ok=regle-enregistree")
        .to_string();
    assert!(
        !codes_answered(&app)
            .await
            .contains(&"BOURSE-VAR".to_string()),
        "a draft is not public"
    );

    // Tried on the simulator by the admin; 404 for anybody else.
    let trial = format!("/simulateur?essai={id}&profession=medecin&situation=installe&commune=83137&date=2026-12-07");
    let r = admin.get(app.url(&trial)).send().await.expect("GET");
    assert_eq!(r.status(), 200);
    let html = r.text().await.expect("corps");
    assert!(
        html.contains("Essai de la règle régionale BOURSE-VAR"),
        "{html}"
    );
    assert!(html.contains("Bourse d&#x27;installation du Var"), "{html}");
    assert_eq!(app.get(&trial).await.status(), 404);
    create_user(&app, "adm84@exemple.fr", Role::Admin, Some("84"), None, &[]).await;
    let other = signed_in(&app, "adm84@exemple.fr").await;
    assert_eq!(
        other
            .get(app.url(&trial))
            .send()
            .await
            .expect("GET")
            .status(),
        404
    );
    let r = post_form(
        &app,
        &other,
        &format!("/admin/aides/regionales/{id}/publier"),
        &[],
    )
    .await;
    assert_eq!(r.status(), 404);

    // Published: the API answers it at once, without a restart; withdrawn: gone again.
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/aides/regionales/{id}/publier"),
        &[],
    )
    .await;
    assert_eq!(
        location(&r),
        format!("/admin/aides/regionales/{id}?ok=regle-publiee")
    );
    assert!(codes_answered(&app)
        .await
        .contains(&"BOURSE-VAR".to_string()));
    assert_eq!(app.get("/aides/BOURSE-VAR").await.status(), 200);
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/aides/regionales/{id}/retirer"),
        &[],
    )
    .await;
    assert_eq!(
        location(&r),
        format!("/admin/aides/regionales/{id}?ok=regle-retiree")
    );
    assert!(!codes_answered(&app)
        .await
        .contains(&"BOURSE-VAR".to_string()));

    let audit = audit_details(&app);
    for line in [
        "règle régionale « BOURSE-VAR » enregistrée (brouillon)",
        "règle régionale « BOURSE-VAR » publiée",
        "règle régionale « BOURSE-VAR » retirée",
    ] {
        assert!(audit.iter().any(|d| d == line), "{line}: {audit:?}");
    }
}
