//! A mistake in a form of the request page gives the page again (422), with the message beside
//! the form that was sent and what was typed in it (issue 14: form errors keep the form).

use crate::helpers::spawn_app_seeded;
use crate::request_helpers::*;
use crate::session_helpers::*;

#[tokio::test]
async fn a_mistake_shows_the_request_page_again_with_the_text_and_the_message() {
    let app = spawn_app_seeded().await;
    let (pro, id) = installation_filed(&app).await;
    let cpam = referrals_of(&app, &id)
        .into_iter()
        .find(|(_, name, _)| name == "CPAM des Bouches-du-Rhône")
        .map(|(r, _, _)| r)
        .expect("transmission");

    // Not routed yet: the CPAM cannot be written to. The text typed is kept in its form.
    let r = post_form(
        &app,
        &pro,
        &format!("/demandes/{id}/messages"),
        &[
            ("cible", cpam.as_str()),
            ("text", "Mon bail commence en mars"),
            ("formulaire", "message"),
        ],
    )
    .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.expect("corps");
    assert!(page.contains("pas encore saisie"), "the message");
    assert!(
        page.contains(">Mon bail commence en mars</textarea>"),
        "the text typed, in its field"
    );
    assert!(page.contains("id=\"message-erreur\""), "beside the field");
    assert!(
        page.contains("Historique"),
        "the request page, not an error page"
    );

    let referent = demo(&app, "referent.13-84@demo.test").await;
    // A qualification without a priority (the référent's first step): the message above the
    // qualification form.
    let r = post_form(
        &app,
        &referent,
        &format!("/demandes/{id}/qualification"),
        &[("priority", "n-importe"), ("formulaire", "qualification")],
    )
    .await;
    assert_eq!(r.status(), 422);
    assert!(r
        .text()
        .await
        .expect("corps")
        .contains("Choisissez une priorité."));
    let r = post_form(
        &app,
        &referent,
        &format!("/demandes/{id}/qualification"),
        &[("priority", "normal"), ("coordination", "simple")],
    )
    .await;
    assert_eq!(r.status(), 303);

    // The référent's empty question: the message under that form only.
    let r = post_form(
        &app,
        &referent,
        &format!("/demandes/{id}/question"),
        &[
            ("cible", "demande"),
            ("text", "  "),
            ("formulaire", "question-demande"),
        ],
    )
    .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.expect("corps");
    assert!(page.contains("id=\"ask-request-erreur\""), "{page}");
    assert!(page.contains("Écrivez votre question"));
    assert!(
        !page.contains("id=\"message-erreur\""),
        "only the form sent"
    );
}
