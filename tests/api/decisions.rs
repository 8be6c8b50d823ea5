//! Structured decisions (issue 15): a partner's answer carries its outcome and, for a grant, the
//! amount, the signature date and the contract number; the professional sees every decision
//! and the request's derived outcome, another institution sees none of it; the indicators count
//! decisions by outcome, aid and institution; a mistake shows the page again with a 422, the
//! message beside its field and what was typed.

use chrono::Duration;
use guichet::domain::account::Role;
use guichet::domain::request::RequestKind;

use crate::helpers::{spawn_app_seeded, TestApp};
use crate::request_helpers::*;
use crate::session_helpers::*;

const CPAM: &str = "CPAM des Bouches-du-Rhône";
/// Some fields of the answer form, as (name, value).
type Fields<'a> = &'a [(&'a str, &'a str)];

const ARS: &str = "ARS PACA — délégation départementale des Bouches-du-Rhône";

struct Routed {
    pro: reqwest::Client,
    cpam: reqwest::Client,
    ars: reqwest::Client,
    referent: reqwest::Client,
    id: String,
    cpam_referral: String,
    ars_referral: String,
}

/// An aid application (CAIM) in Marseille, routed to the CPAM and the ARS.
async fn routed(app: &TestApp) -> Routed {
    let cpam13 = institution_93(app, CPAM);
    create_user(app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    create_user(
        app,
        "cpam@exemple.fr",
        Role::Partner,
        Some("93"),
        Some(&cpam13),
        &[],
    )
    .await;
    let pro = signed_in(app, "pro@exemple.fr").await;
    let cpam = signed_in(app, "cpam@exemple.fr").await;
    let id = file_request(app, &pro, RequestKind::AidApplication, "13055").await;
    let referent = demo(app, "referent.13-84@demo.test").await;
    qualify_and_route(app, &referent, &id).await;
    let referral = |name: &str| {
        referrals_of(app, &id)
            .into_iter()
            .find(|(_, n, _)| n == name)
            .map(|(r, _, _)| r)
            .unwrap_or_else(|| panic!("transmission à {name}"))
    };
    let (cpam_referral, ars_referral) = (referral(CPAM), referral(ARS));
    let ars = demo(app, "agent.ars-dd13@demo.test").await;
    Routed {
        pro,
        cpam,
        ars,
        referent,
        id,
        cpam_referral,
        ars_referral,
    }
}

async fn answer(
    app: &TestApp,
    who: &reqwest::Client,
    id: &str,
    referral: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let formulaire = format!("repondre-{referral}");
    let mut all = vec![("formulaire", formulaire.as_str())];
    all.extend_from_slice(fields);
    let r = post_form(
        app,
        who,
        &format!("/demandes/{id}/transmissions/{referral}/repondre"),
        &all,
    )
    .await;
    let status = r.status().as_u16();
    (status, r.text().await.expect("corps"))
}

async fn page(app: &TestApp, client: &reqwest::Client, id: &str) -> String {
    let r = client
        .get(app.url(&format!("/demandes/{id}")))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), 200);
    r.text().await.expect("corps")
}

fn today(app: &TestApp) -> chrono::NaiveDate {
    // 09:00 in Paris at the test's start: the UTC date is the civil date.
    app.now().date()
}

#[tokio::test]
async fn a_grant_is_seen_by_the_professional_counted_and_hidden_from_other_institutions() {
    let app = spawn_app_seeded().await;
    let r = routed(&app).await;
    let signed = (today(&app) - Duration::days(1)).to_string();
    let (status, body) = answer(
        &app,
        &r.cpam,
        &r.id,
        &r.cpam_referral,
        &[
            ("outcome", "granted"),
            ("amount", "10 000"),
            ("signed_on", &signed),
            ("file_number", "CT-2026-0042"),
            ("text", "Aide accordée, contrat signé."),
        ],
    )
    .await;
    assert_eq!(status, 303, "{body}");

    // The professional sees the decision and the request's outcome (the ARS has not decided).
    let own = page(&app, &r.pro, &r.id).await;
    for shown in [
        "Accordé",
        "Montant : 10\u{202f}000 €",
        "N° de contrat ou de dossier : CT-2026-0042",
        "Aide accordée, contrat signé.",
        "Issue de la demande",
        "d'autres institutions n'ont pas encore décidé",
    ] {
        assert!(own.contains(shown), "le professionnel lit « {shown} »");
    }
    // The timeline names the outcome and the amount.
    assert!(
        own.contains("décision : Accordé, 10\u{202f}000 €"),
        "timeline"
    );
    // The référent sees it too; the ARS's agent sees neither the decision nor the amount.
    assert!(page(&app, &r.referent, &r.id)
        .await
        .contains("CT-2026-0042"));
    let other = page(&app, &r.ars, &r.id).await;
    for hidden in ["CT-2026-0042", "10\u{202f}000", "Issue de la demande"] {
        assert!(!other.contains(hidden), "l'ARS ne lit pas « {hidden} »");
    }

    // The ARS refuses: the request stays granted, now complete; the ARS sees its own refusal.
    let (status, body) = answer(
        &app,
        &r.ars,
        &r.id,
        &r.ars_referral,
        &[("outcome", "refused"), ("text", "Hors de notre champ.")],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let own = page(&app, &r.pro, &r.id).await;
    assert!(own.contains("Refusé") && own.contains("Hors de notre champ."));
    assert!(!own.contains("d'autres institutions n'ont pas encore décidé"));
    let theirs = page(&app, &r.ars, &r.id).await;
    assert!(theirs.contains("Refusé") && !theirs.contains("CT-2026-0042"));
    assert!(theirs.contains("décision : Refusé"));

    // The JSON API: an institution reads its own decision and an outcome derived from it.
    // (The ARS's demo agent would need a second factor to create a token: the CPAM reads.)
    for (who, referral, outcome, amount) in [(
        &r.cpam,
        &r.cpam_referral,
        "granted",
        serde_json::json!(1_000_000),
    )] {
        let secret = crate::api_tokens::token(&app, who, "read").await;
        let json: serde_json::Value = reqwest::Client::new()
            .get(app.url(&format!("/api/v1/demandes/{}", r.id)))
            .bearer_auth(&secret)
            .send()
            .await
            .expect("GET")
            .json()
            .await
            .expect("JSON");
        let referrals = json["referrals"].as_array().expect("transmissions");
        assert_eq!(referrals.len(), 1, "{json}");
        assert_eq!(referrals[0]["id"], referral.as_str());
        assert_eq!(referrals[0]["decision"]["outcome"], outcome, "{json}");
        assert_eq!(referrals[0]["decision"]["amount_cents"], amount, "{json}");
        assert_eq!(json["outcome"]["outcome"], outcome, "{json}");
        assert_eq!(json["outcome"]["complete"], true, "{json}");
    }

    // Indicators: one grant and one refusal, for the CAIM aid, by institution.
    {
        let mut conn = app.pool.get().expect("connexion");
        guichet::jobs::indicators::refresh_all(&mut conn, app.now()).expect("calcul");
    }
    let (status, html) =
        crate::backoffice::get(&app, &r.referent, "/indicateurs/departement/13").await;
    assert_eq!(status, 200);
    for row in [
        "<th scope=\"row\">Accordé</th><td>1</td><td>10\u{202f}000 €</td>",
        "<th scope=\"row\">Refusé</th><td>1</td><td>0 €</td>",
        "<th scope=\"row\">CAIM</th><td>2</td><td>10\u{202f}000 €</td>",
        &format!("<th scope=\"row\">{CPAM}</th><td>1</td><td>10\u{202f}000 €</td>"),
    ] {
        assert!(html.contains(row), "indicateurs : {row}");
    }
    let csv = r
        .referent
        .get(app.url("/indicateurs/departement/13.csv"))
        .send()
        .await
        .expect("csv")
        .text()
        .await
        .expect("corps");
    assert!(
        csv.contains(
            "Issue;Décisions;Montant accordé\r\nAccordé;1;10\u{202f}000 €\r\nRefusé;1;0 €\r\n"
        ),
        "{csv}"
    );
    assert!(csv.contains("Aide;Décisions;Montant accordé\r\nCAIM;2;10\u{202f}000 €\r\n"));
}

#[tokio::test]
async fn a_wrong_decision_shows_the_page_again_with_the_message_beside_its_field() {
    let app = spawn_app_seeded().await;
    let r = routed(&app).await;
    let tomorrow = (today(&app) + Duration::days(1)).to_string();
    let cases: [(Fields, &str, &str); 5] = [
        (
            &[("outcome", "")],
            "outcome",
            "Choisissez l&#x27;issue de la demande",
        ),
        (
            &[("outcome", "granted")],
            "amount",
            "Indiquez le montant accordé",
        ),
        (
            &[("outcome", "refused"), ("amount", "500")],
            "amount",
            "Un montant ne s&#x27;indique que pour une aide accordée",
        ),
        (
            &[
                ("outcome", "granted"),
                ("amount", "500"),
                ("signed_on", &tomorrow),
            ],
            "signed_on",
            "La date de signature ne peut pas être dans le futur.",
        ),
        (
            &[("outcome", "granted"), ("amount", "douze")],
            "amount",
            "Indiquez un montant en euros",
        ),
    ];
    for (fields, field, message) in cases {
        let mut all = fields.to_vec();
        all.push(("text", "Réponse gardée telle quelle"));
        all.push(("file_number", "N-77"));
        let (status, html) = answer(&app, &r.cpam, &r.id, &r.cpam_referral, &all).await;
        assert_eq!(status, 422, "{field}: {html}");
        let id = format!("{field}-{}-erreur", r.cpam_referral);
        assert!(
            html.contains(&format!("<p class=\"fr-error-text\" id=\"{id}\">{message}")),
            "{field} : {html}"
        );
        assert!(html.contains(&format!("aria-describedby=\"{id}\"")));
        // What was typed is kept.
        assert!(html.contains(">Réponse gardée telle quelle</textarea>"));
        assert!(html.contains("value=\"N-77\""));
        for (name, value) in fields {
            if *name == "outcome" && !value.is_empty() {
                assert!(html.contains(&format!("<option value=\"{value}\" selected>")));
            } else if *name != "outcome" {
                assert!(html.contains(&format!("name=\"{name}\" value=\"{value}\"")));
            }
        }
    }
    // Nothing was recorded: the referral still awaits its answer.
    assert!(referrals_of(&app, &r.id)
        .iter()
        .all(|(_, _, state)| state != "repondue"));
}
