//! `GET /api/v1/communes?q=`: names without accents, postal codes, INSEE codes.

use serde_json::Value;

use crate::helpers::spawn_app_seeded;

async fn names(app: &crate::helpers::TestApp, q: &str) -> Vec<String> {
    let response = app
        .get(&format!("/api/v1/communes?q={}", urlencode(q)))
        .await;
    assert_eq!(response.status(), 200, "{q}");
    let hits: Vec<Value> = response.json().await.expect("JSON");
    assert!(hits.len() <= 10);
    hits.iter()
        .map(|h| h["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn urlencode(q: &str) -> String {
    q.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn finds_communes_by_name_postal_code_and_insee() {
    let app = spawn_app_seeded().await;
    let hits = names(&app, "sainte eti").await;
    assert_eq!(
        hits.first().map(String::as_str),
        Some("Saint-Étienne"),
        "{hits:?}"
    );
    assert!(
        hits.iter().any(|n| n == "Saint-Étienne-du-Grès"),
        "{hits:?}"
    );
    assert!(hits.iter().all(|n| n.starts_with("Saint")), "{hits:?}");

    assert_eq!(
        names(&app, "marseille").await.first().map(String::as_str),
        Some("Marseille")
    );
    assert_eq!(
        names(&app, "MARSEILLE").await,
        names(&app, "marseille").await
    );
    assert!(names(&app, "13001")
        .await
        .contains(&"Marseille".to_string()));
    assert_eq!(names(&app, "13055").await, ["Marseille"]);
    assert!(names(&app, "").await.is_empty());
    assert!(names(&app, "m").await.is_empty());

    let response = app.get("/api/v1/communes?q=aiglun").await;
    let hits: Vec<Value> = response.json().await.expect("JSON");
    assert_eq!(
        hits[0],
        serde_json::json!({"insee": "04001", "name": "Aiglun", "departement": "04",
                           "postal_codes": ["04510"], "population": 1399})
    );
}
