//! An admin invites an agent of an institution, who sets a password, works, and is disabled.

use crate::access::{people, Who};
use crate::helpers::{new_client, spawn_app_seeded};
use crate::session_helpers::*;

#[tokio::test]
async fn admin_invites_an_agent_who_sets_a_password_and_is_disabled_later() {
    let app = spawn_app_seeded().await;
    let people = people(&app).await;
    let admin = &people
        .clients
        .iter()
        .find(|(w, _)| *w == Who::Admin)
        .expect("admin")
        .1;
    let institution = {
        let mut conn = app.pool.get().expect("connexion");
        guichet::db::institutions::list_in_region(&mut conn, "93")
            .expect("institutions")
            .into_iter()
            .find(|i| i.name == "Urssaf Provence-Alpes-Côte d'Azur")
            .expect("Urssaf")
            .id
    };
    let missing = post_form(
        &app,
        admin,
        "/admin/invitations",
        &[
            ("email", "agent@urssaf.test"),
            ("first_name", "Inès"),
            ("last_name", "Agent"),
            ("role", "partner"),
        ],
    )
    .await;
    assert_eq!(missing.status(), 422);
    assert!(missing
        .text()
        .await
        .expect("corps")
        .contains("Choisissez l&#x27;institution"));
    let r = post_form(
        &app,
        admin,
        "/admin/invitations",
        &[
            ("email", "agent@urssaf.test"),
            ("first_name", "Inès"),
            ("last_name", "Agent"),
            ("role", "partner"),
            ("institution_id", &institution),
        ],
    )
    .await;
    assert_eq!(location(&r), "/admin/utilisateurs?ok=invitation-envoyee");
    let mail = wait_for_email(&app, "agent@urssaf.test", "Votre accès").await;
    let jeton = query_value(&link_in(&mail.body_text, "/invitation?jeton="), "jeton");
    let agent = new_client();
    assert_eq!(
        agent
            .get(app.url(&format!("/invitation?jeton={jeton}")))
            .send()
            .await
            .expect("page")
            .status(),
        200
    );
    let r = post_form(
        &app,
        &agent,
        "/invitation",
        &[("jeton", &jeton), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(location(&r), "/connexion?ok=mot-de-passe-modifie");
    let agent = signed_in(&app, "agent@urssaf.test").await;
    let me = agent
        .get(app.url("/compte"))
        .send()
        .await
        .expect("compte")
        .text()
        .await
        .expect("corps");
    assert!(me.contains("Agent d&#x27;une institution partenaire"));

    // Disabling ends the agent's sessions and refuses the next sign-in.
    let id = {
        let mut conn = app.pool.get().expect("connexion");
        guichet::db::users::find_by_email(&mut conn, "agent@urssaf.test")
            .expect("find")
            .expect("agent")
            .id
    };
    let r = post_form(
        &app,
        admin,
        &format!("/admin/utilisateurs/{id}/desactiver"),
        &[],
    )
    .await;
    assert_eq!(location(&r), "/admin/utilisateurs?ok=compte-desactive");
    assert_eq!(
        agent
            .get(app.url("/compte"))
            .send()
            .await
            .expect("compte")
            .status(),
        303
    );
    let r = post_form(
        &app,
        &new_client(),
        "/connexion",
        &[("email", "agent@urssaf.test"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("corps").contains("désactivé"));
    let mut conn = app.pool.get().expect("connexion");
    for event in [
        "invitation",
        "invitation_accepted",
        "account_disabled",
        "signin_success",
    ] {
        assert!(
            guichet::db::audit::count_event(&mut conn, event).expect("count") >= 1,
            "{event} audited"
        );
    }
}
