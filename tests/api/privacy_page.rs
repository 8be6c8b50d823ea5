//! RGPD (issue 16): the « Données personnelles » page states this deployment's controller, DPO
//! and retention periods, read from the configuration.

use crate::helpers::spawn_app_with;

#[tokio::test]
async fn the_privacy_page_shows_the_configured_dpo_and_durations() {
    let app = spawn_app_with(|s| {
        s.privacy.controller_name = "Agence régionale de santé de Bretagne".into();
        s.privacy.dpo_email = "dpo@ars-bretagne.example".into();
        s.retention.policy.draft_months = 9;
        s.retention.policy.closed_request_years = 7;
    })
    .await;
    let r = app.get("/pages/donnees-personnelles").await;
    assert_eq!(r.status(), 200);
    let body = r.text().await.expect("page");
    assert!(
        body.contains("Agence régionale de santé de Bretagne"),
        "{body}"
    );
    assert!(body.contains("mailto:dpo@ars-bretagne.example"));
    assert!(body.contains("9 mois") && body.contains("7 ans"), "{body}");
    assert!(!body.contains("dpo@guichet-demo.test"));
    for words in [
        "article 6, paragraphe 1, point e",
        "article 9, paragraphe 2, point h",
        "Destinataires",
        "Rectification",
        "Limitation et opposition",
        "www.cnil.fr/fr/plaintes",
    ] {
        assert!(body.contains(words), "{words}");
    }
}

#[test]
fn an_empty_dpo_address_stops_the_start_in_french() {
    use crate::cli::{guichet, run};
    let dir = tempfile::tempdir().expect("tmp");
    let (code, _, err) = run(guichet()
        .args(["migrate"])
        .env(
            "DATABASE_URL",
            crate::helpers::fresh_database_url(dir.path()),
        )
        .env("GUICHET__PRIVACY__DPO_EMAIL", "personne"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("privacy.dpo_email"), "{err}");
}
