//! Standard replies per institution (issue 15): the agents of an institution keep a short list
//! of replies (title and text) and start an answer from one, without JavaScript (the chosen
//! reply is used when the text is empty); another institution never sees nor uses them.

use diesel::prelude::*;
use guichet::db::schema::referrals;
use guichet::domain::account::Role;
use guichet::domain::request::RequestKind;

use crate::helpers::spawn_app_seeded;
use crate::request_helpers::*;
use crate::session_helpers::*;

const CPAM: &str = "CPAM des Bouches-du-Rhône";
const ARS: &str = "ARS PACA — délégation départementale des Bouches-du-Rhône";
const PAGE: &str = "/partenaire/reponses-types";

#[tokio::test]
async fn an_institution_keeps_its_standard_replies_and_answers_from_one() {
    let app = spawn_app_seeded().await;
    let (cpam13, ars13) = (institution_93(&app, CPAM), institution_93(&app, ARS));
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
    create_user(
        &app,
        "ars@exemple.fr",
        Role::Partner,
        Some("93"),
        Some(&ars13),
        &[],
    )
    .await;
    let (cpam, ars) = (
        signed_in(&app, "cpam@exemple.fr").await,
        signed_in(&app, "ars@exemple.fr").await,
    );

    // Empty fields: the page again, 422, a message beside each, what was typed kept.
    let r = post_form(&app, &cpam, PAGE, &[("title", "Pièces"), ("body", "  ")]).await;
    assert_eq!(r.status(), 422);
    let body = r.text().await.expect("corps");
    assert!(body.contains("id=\"body-error\""), "{body}");
    assert!(body.contains("Indiquez le texte de la réponse."));
    assert!(body.contains("value=\"Pièces\""));
    let r = post_form(&app, &cpam, PAGE, &[("title", ""), ("body", "x")]).await;
    assert_eq!(r.status(), 422);

    let r = post_form(
        &app,
        &cpam,
        PAGE,
        &[
            ("title", "Dossier complet"),
            ("body", "Votre dossier est complet : la CPAM l'instruit."),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert!(text_of(&app, &cpam, PAGE).await.contains("Dossier complet"));
    // Another institution's page does not show it.
    let other = text_of(&app, &ars, PAGE).await;
    assert!(!other.contains("Dossier complet"), "{other}");
    let id = {
        let mut conn = app.pool.get().expect("connexion");
        guichet::db::standard_replies::of_institution(&mut conn, &cpam13).expect("réponses")[0]
            .id
            .clone()
    };
    // Nor may it delete it.
    let delete = format!("{PAGE}/{id}/supprimer");
    assert_eq!(post_form(&app, &ars, &delete, &[]).await.status(), 404);

    // The answer form offers the reply to the CPAM's agent only.
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let request = file_request(&app, &pro, RequestKind::AidApplication, "13055").await;
    let referent = demo(&app, "referent.13-84@demo.test").await;
    qualify_and_route(&app, &referent, &request).await;
    let referral = |name: &str| {
        referrals_of(&app, &request)
            .into_iter()
            .find(|(_, n, _)| n == name)
            .map(|(r, _, _)| r)
            .expect("transmission")
    };
    let (cpam_referral, ars_referral) = (referral(CPAM), referral(ARS));
    let page = format!("/demandes/{request}");
    assert!(text_of(&app, &cpam, &page)
        .await
        .contains("Dossier complet"));
    assert!(!text_of(&app, &ars, &page).await.contains("Dossier complet"));

    // The ARS cannot answer with the CPAM's reply: 422 beside the text.
    let answer = |referral: &str| format!("/demandes/{request}/transmissions/{referral}/repondre");
    let ars_form = format!("repondre-{ars_referral}");
    let r = post_form(
        &app,
        &ars,
        &answer(&ars_referral),
        &[
            ("formulaire", ars_form.as_str()),
            ("outcome", "information"),
            ("text", ""),
            ("reponse_type", id.as_str()),
        ],
    )
    .await;
    assert_eq!(r.status(), 422);
    let body = r.text().await.expect("corps");
    assert!(
        body.contains("Choisissez une réponse type de votre institution"),
        "{body}"
    );

    // The CPAM answers with an empty text and its reply: the reply's text is the answer.
    let cpam_form = format!("repondre-{cpam_referral}");
    let r = post_form(
        &app,
        &cpam,
        &answer(&cpam_referral),
        &[
            ("formulaire", cpam_form.as_str()),
            ("outcome", "information"),
            ("text", ""),
            ("reponse_type", id.as_str()),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    let stored: Option<String> = {
        let mut conn = app.pool.get().expect("connexion");
        referrals::table
            .find(&cpam_referral)
            .select(referrals::answer)
            .first(&mut conn)
            .expect("transmission")
    };
    assert_eq!(
        stored.as_deref(),
        Some("Votre dossier est complet : la CPAM l'instruit.")
    );

    // Its own agent deletes it.
    assert_eq!(post_form(&app, &cpam, &delete, &[]).await.status(), 303);
    assert!(!text_of(&app, &cpam, PAGE).await.contains("Dossier complet"));
}
