//! Secrets at rest (issue 16, point 10): an e-mail carrying a single-use link keeps its body
//! only while a link can be used; then the hourly job empties it, whatever its status.

use chrono::Duration;
use diesel::prelude::*;
use guichet::db::outbox::{NewOutboxMessage, OutboxStatus, FAILED, SENT};
use guichet::db::schema::outbox;

use crate::helpers::spawn_app;

#[tokio::test]
async fn link_emails_lose_their_bodies_once_every_link_has_expired() {
    let app = spawn_app().await;
    let now = app.now();
    let mut conn = app.pool.get().expect("connexion");
    let message = |template: &str, status: OutboxStatus, age: Duration| NewOutboxMessage {
        id: uuid::Uuid::now_v7().to_string(),
        template: template.into(),
        to_address: "pro@exemple.fr".into(),
        subject: "Lien".into(),
        body_text: "https://guichet.exemple/mot-de-passe/nouveau?jeton=secret".into(),
        body_html: "<a href=\"https://guichet.exemple/mot-de-passe/nouveau?jeton=secret\">".into(),
        status,
        attempts: 1,
        next_attempt_at: now - age,
        created_at: now - age,
        attachment_name: None,
        attachment_content_type: None,
        attachment_body: None,
        region_code: None,
    };
    let cases = [
        ("reset_password", FAILED, Duration::days(8), true),
        ("invitation", SENT, Duration::days(8), true),
        ("invitation", FAILED, Duration::days(6), false), // the link still works
        ("request_message", SENT, Duration::days(30), false), // no link in it
    ];
    let mut ids = Vec::new();
    for (template, status, age, _) in cases {
        let m = message(template, status, age);
        ids.push(m.id.clone());
        guichet::db::outbox::insert(&mut conn, &m).expect("message");
    }
    let emptied = guichet::jobs::link_bodies::run_once(&mut conn, now).expect("tâche");
    assert_eq!(emptied, 2);
    for (id, (template, _, _, gone)) in ids.iter().zip(cases) {
        let (text, html): (String, String) = outbox::table
            .find(id)
            .select((outbox::body_text, outbox::body_html))
            .first(&mut conn)
            .expect("message");
        assert_eq!(text.is_empty() && html.is_empty(), gone, "{template}");
    }
    assert_eq!(
        guichet::jobs::link_bodies::run_once(&mut conn, now).expect("tâche"),
        0,
        "nothing twice"
    );
}
