//! Whom a message reaches: only institutions the request has reached, and a partner writes only
//! under its own referral (issue 16, point 8).

use diesel::prelude::*;
use guichet::db::schema::outbox;

use crate::helpers::{spawn_app_seeded, TestApp};
use crate::request_helpers::*;
use crate::session_helpers::*;

fn referral_of(app: &TestApp, request: &str, institution: &str) -> String {
    referrals_of(app, request)
        .into_iter()
        .find(|(_, name, _)| name == institution)
        .map(|(id, _, _)| id)
        .expect("transmission")
}

fn messages_mailed_to(app: &TestApp, address: &str) -> i64 {
    let mut conn = app.pool.get().expect("connexion");
    outbox::table
        .filter(outbox::to_address.eq(address))
        .filter(outbox::template.eq("request_message"))
        .count()
        .get_result(&mut conn)
        .expect("outbox")
}

#[tokio::test]
async fn messages_reach_only_routed_institutions_and_partners_write_under_their_own_referral() {
    let app = spawn_app_seeded().await;
    let (pro, id) = installation_filed(&app).await;
    let cpam = referral_of(&app, &id, "CPAM des Bouches-du-Rhône");
    let ars = referral_of(
        &app,
        &id,
        "ARS PACA — délégation départementale des Bouches-du-Rhône",
    );
    let write = |client: &reqwest::Client, cible: &str, text: &str| {
        let (client, cible, text) = (client.clone(), cible.to_string(), text.to_string());
        let app = &app;
        let id = id.clone();
        async move {
            post_form(
                app,
                &client,
                &format!("/demandes/{id}/messages"),
                &[("cible", cible.as_str()), ("text", text.as_str())],
            )
            .await
        }
    };

    // Before routing, the CPAM has not been reached: no message can be addressed to it.
    let early = write(&pro, &cpam, "Bonjour la CPAM").await;
    assert_eq!(early.status(), 422);
    assert!(early
        .text()
        .await
        .expect("corps")
        .contains("pas encore saisie"));
    assert_eq!(messages_mailed_to(&app, "agent.cpam13@demo.test"), 0);

    let referent = demo(&app, "referent.13-84@demo.test").await;
    post_form(
        &app,
        &referent,
        &format!("/demandes/{id}/qualification"),
        &[("priority", "normal"), ("coordination", "simple")],
    )
    .await;
    let routed = post_form(&app, &referent, &format!("/demandes/{id}/orienter"), &[]).await;
    assert_eq!(routed.status(), 303);

    // A partner cannot file a message under another institution's referral.
    let cpam_agent = demo(&app, "agent.cpam13@demo.test").await;
    let other = write(&cpam_agent, &ars, "Message sous la transmission de l'ARS").await;
    assert_eq!(other.status(), 404);
    assert_eq!(messages_mailed_to(&app, "agent.ars-dd13@demo.test"), 0);
    let own = write(&cpam_agent, &cpam, "Pièce reçue, merci.").await;
    assert_eq!(own.status(), 303);
    let unknown = write(&pro, "n-importe-quoi", "Bonjour").await;
    assert_eq!(unknown.status(), 422);

    // Once routed, the professional's message to the CPAM reaches its agents.
    let now_routed = write(&pro, &cpam, "Bonjour la CPAM").await;
    assert_eq!(now_routed.status(), 303);
    assert_eq!(messages_mailed_to(&app, "agent.cpam13@demo.test"), 1);
}
