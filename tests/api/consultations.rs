//! Every consultation of a request by the guichet or a partner is recorded; the professional
//! sees which institution or role looked and when; the admins read it in the audit log (RGPD).

use crate::helpers::{spawn_app_seeded, TestApp};
use crate::request_helpers::*;

async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    let r = client.get(app.url(path)).send().await.expect("GET");
    assert_eq!(r.status(), 200, "{path}");
    r.text().await.expect("corps")
}

#[tokio::test]
async fn the_professional_sees_who_consulted_the_request() {
    let app = spawn_app_seeded().await;
    let (pro, id) = installation_filed(&app).await;
    let request = format!("/demandes/{id}");
    assert!(page(&app, &pro, &request)
        .await
        .contains("Personne, en dehors de vous"));

    let referent = demo(&app, "referent.13-84@demo.test").await;
    page(&app, &referent, &request).await;
    page(&app, &referent, &request).await; // the same visit: recorded once
    qualify_and_route(&app, &referent, &id).await;
    let cpam = demo(&app, "agent.cpam13@demo.test").await;
    page(&app, &cpam, &request).await;

    let own = page(&app, &pro, &request).await;
    let section = &own[own.find("Qui a consulté votre demande").expect("section")..];
    assert!(
        section.contains("CPAM des Bouches-du-Rhône (agent)"),
        "{section}"
    );
    assert_eq!(section.matches("Guichet unique (référent)").count(), 1);
    {
        let mut conn = app.pool.get().expect("connexion");
        let views = guichet::db::request_views::of_request(&mut conn, &id).expect("vues");
        assert_eq!(views.len(), 2, "{views:?}");
    }
    let admin = demo(&app, "admin.paca@demo.test").await;
    let journal = page(&app, &admin, "/admin/journal").await;
    assert!(journal.contains("request_view"));
    assert!(journal.contains("CPAM des Bouches-du-Rhône (agent)"));
}
