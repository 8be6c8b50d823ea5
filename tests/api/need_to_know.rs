//! Need to know between institutions (issue 16, point 7): a partner sees its own referral, what
//! is addressed to it, the documents shared with it, and after declining only what it wrote;
//! the JSON API follows the same policy.

use guichet::domain::account::Role;
use guichet::domain::request::{PracticeMode, RequestKind};

use crate::helpers::{spawn_app_seeded, TestApp};
use crate::request_helpers::*;
use crate::session_helpers::*;
use crate::upload_helpers::{pdf_of_size, upload};

async fn page(app: &TestApp, client: &reqwest::Client, id: &str) -> String {
    let r = client
        .get(app.url(&format!("/demandes/{id}")))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), 200);
    r.text().await.expect("corps")
}

async fn write(
    app: &TestApp,
    who: &reqwest::Client,
    id: &str,
    cible: &str,
    text: &str,
    note: bool,
) {
    let mut fields = vec![("cible", cible), ("text", text)];
    if note {
        fields.push(("interne", "oui"));
    }
    let r = post_form(app, who, &format!("/demandes/{id}/messages"), &fields).await;
    assert_eq!(r.status(), 303, "{text}");
}

#[tokio::test]
async fn a_partner_sees_only_what_is_addressed_or_shared_with_it() {
    let app = spawn_app_seeded().await;
    let cpam13 = institution_93(&app, "CPAM des Bouches-du-Rhône");
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    create_user(
        &app,
        "cpam@exemple.fr",
        Role::Partner,
        Some("93"),
        Some(&cpam13),
        &[],
    )
    .await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let cpam = signed_in(&app, "cpam@exemple.fr").await;
    let id = file_request(
        &app,
        &pro,
        RequestKind::Installation(PracticeMode::Liberal),
        "13004",
    )
    .await;
    let pieces = format!("/demandes/{id}/pieces");
    let (uploaded, _) = upload(&app, &pro, &pieces, "bail-du-cabinet.pdf", pdf_of_size(0)).await;
    assert_eq!(uploaded, 303);
    let document = {
        let mut conn = app.pool.get().expect("connexion");
        guichet::db::timeline::attachments(&mut conn, &id).expect("pièces")[0]
            .id
            .clone()
    };
    let referent = demo(&app, "referent.13-84@demo.test").await;
    qualify_and_route(&app, &referent, &id).await;
    let referral = |name: &str| {
        referrals_of(&app, &id)
            .into_iter()
            .find(|(_, n, _)| n == name)
            .map(|(r, _, _)| r)
            .expect("transmission")
    };
    let (cpam_referral, ars_referral) = (
        referral("CPAM des Bouches-du-Rhône"),
        referral("ARS PACA — délégation départementale des Bouches-du-Rhône"),
    );
    let ars = demo(&app, "agent.ars-dd13@demo.test").await;
    write(
        &app,
        &referent,
        &id,
        "",
        "Note pour les référents seuls",
        true,
    )
    .await;
    write(
        &app,
        &referent,
        &id,
        &cpam_referral,
        "Note adressée à la CPAM",
        true,
    )
    .await;
    write(
        &app,
        &referent,
        &id,
        &ars_referral,
        "Note adressée aux agents ARS",
        true,
    )
    .await;
    write(
        &app,
        &pro,
        &id,
        "",
        "Message du professionnel au guichet",
        false,
    )
    .await;
    write(
        &app,
        &ars,
        &id,
        &ars_referral,
        "Avis ARS sur le projet",
        false,
    )
    .await;
    write(
        &app,
        &cpam,
        &id,
        &cpam_referral,
        "Question de la CPAM au guichet",
        false,
    )
    .await;

    let seen = page(&app, &cpam, &id).await;
    for shown in ["Note adressée à la CPAM", "Question de la CPAM au guichet"] {
        assert!(seen.contains(shown), "la CPAM lit « {shown} »");
    }
    for hidden in [
        "Note pour les référents seuls",
        "Note adressée aux agents ARS",
        "Message du professionnel au guichet",
        "Avis ARS sur le projet",
        "bail-du-cabinet.pdf",
    ] {
        assert!(!seen.contains(hidden), "la CPAM ne lit pas « {hidden} »");
    }
    // The guichet reads everything; the professional everything but the notes.
    let all = page(&app, &referent, &id).await;
    assert!(
        all.contains("Note adressée aux agents ARS")
            && all.contains("Note pour les référents seuls")
    );
    let own = page(&app, &pro, &id).await;
    assert!(own.contains("Avis ARS sur le projet") && !own.contains("Note adressée"));
    assert!(
        own.contains("Transmis à aucune institution"),
        "the professional sees the shares"
    );

    // Documents: only once the référent shares them, and only with that institution.
    let download = format!("/demandes/{id}/pieces/{document}");
    assert_eq!(status_of(&app, &cpam, &download).await, 404);
    let share = format!("{download}/partage");
    let r = post_form(&app, &referent, &share, &[("institution", cpam13.as_str())]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(status_of(&app, &cpam, &download).await, 200);
    assert!(page(&app, &cpam, &id).await.contains("bail-du-cabinet.pdf"));
    assert_eq!(status_of(&app, &ars, &download).await, 404);
    assert!(page(&app, &pro, &id)
        .await
        .contains("Transmis à : CPAM des Bouches-du-Rhône"));
    // Nobody but the référent shares, and only with an institution the request reached.
    let r = post_form(&app, &cpam, &share, &[("institution", cpam13.as_str())]).await;
    assert_eq!(r.status(), 403);
    let elsewhere = institution_93(&app, "CPAM du Var");
    let r = post_form(
        &app,
        &referent,
        &share,
        &[("institution", elsewhere.as_str())],
    )
    .await;
    assert_eq!(r.status(), 422);
    let r = post_form(
        &app,
        &referent,
        &share,
        &[("institution", cpam13.as_str()), ("action", "retirer")],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(status_of(&app, &cpam, &download).await, 404);
    post_form(&app, &referent, &share, &[("institution", cpam13.as_str())]).await;

    // The JSON API: its own referral only, no other institution's events.
    let secret = crate::api_tokens::token(&app, &cpam, "read").await;
    let api = reqwest::Client::new();
    let get = |path: String| {
        let request = api.get(app.url(&path)).bearer_auth(&secret);
        async move {
            let r = request.send().await.expect("GET");
            assert_eq!(r.status(), 200);
            r.json::<serde_json::Value>().await.expect("JSON")
        }
    };
    let request = get(format!("/api/v1/demandes/{id}")).await;
    let referrals = request["referrals"].as_array().expect("transmissions");
    assert_eq!(referrals.len(), 1, "{request}");
    assert_eq!(referrals[0]["id"], cpam_referral.as_str());
    let events = get(format!("/api/v1/demandes/{id}/historique")).await;
    let events = events.as_array().expect("historique");
    assert!(!events.is_empty());
    assert!(events
        .iter()
        .all(|e| e["referral_id"].is_null() || e["referral_id"] == cpam_referral.as_str()));
    assert!(events
        .iter()
        .all(|e| e["internal"] == false || !e["referral_id"].is_null()));

    // After declining: only what it wrote (and its referral's own history).
    let r = post_form(
        &app,
        &cpam,
        &format!("/demandes/{id}/transmissions/{cpam_referral}/decliner"),
        &[("text", "Cette demande relève de la CPAM du Var.")],
    )
    .await;
    assert_eq!(r.status(), 303);
    let after = page(&app, &cpam, &id).await;
    assert!(after.contains("Question de la CPAM au guichet"));
    assert!(!after.contains("Note adressée à la CPAM"));
    assert!(!after.contains("bail-du-cabinet.pdf"));
    assert_eq!(status_of(&app, &cpam, &download).await, 404);
}

#[tokio::test]
async fn after_its_referral_is_withdrawn_a_partner_reads_only_what_it_wrote() {
    let app = spawn_app_seeded().await;
    let (pro, id) = installation_filed(&app).await;
    let referent = demo(&app, "referent.13-84@demo.test").await;
    qualify_and_route(&app, &referent, &id).await;
    let ars_referral = referrals_of(&app, &id)
        .into_iter()
        .find(|(_, n, _)| n == "ARS PACA — délégation départementale des Bouches-du-Rhône")
        .map(|(r, _, _)| r)
        .expect("transmission ARS");
    let ars = demo(&app, "agent.ars-dd13@demo.test").await;
    write(
        &app,
        &ars,
        &id,
        &ars_referral,
        "Avis ARS avant retrait",
        false,
    )
    .await;
    write(
        &app,
        &referent,
        &id,
        &ars_referral,
        "Note du guichet à l'ARS",
        true,
    )
    .await;
    let removed = post_form(
        &app,
        &referent,
        &format!("/demandes/{id}/transmissions/{ars_referral}/retirer"),
        &[("text", "Le projet ne relève pas de l'ARS finalement.")],
    )
    .await;
    assert_eq!(removed.status(), 303);
    write(
        &app,
        &pro,
        &id,
        "",
        "Message du professionnel après le retrait",
        false,
    )
    .await;

    let seen = page(&app, &ars, &id).await;
    assert!(
        seen.contains("Avis ARS avant retrait"),
        "ce qu'elle a écrit"
    );
    assert!(seen.contains("plus saisie de cette demande"));
    for hidden in [
        "Note du guichet à l'ARS",
        "Message du professionnel après le retrait",
        "/messages\"",
    ] {
        assert!(!seen.contains(hidden), "l'ARS ne voit plus « {hidden} »");
    }
    // It reads, and acts on nothing.
    let r = post_form(
        &app,
        &ars,
        &format!("/demandes/{id}/messages"),
        &[("cible", ""), ("text", "Encore un mot")],
    )
    .await;
    assert_eq!(r.status(), 403);
    // An institution the request never reached still gets a 404.
    let var = demo(&app, "agent.cpam83@demo.test").await;
    assert_eq!(status_of(&app, &var, &format!("/demandes/{id}")).await, 404);
}
