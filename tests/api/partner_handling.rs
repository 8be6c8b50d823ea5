//! Partner handling (issue 15): an agent re-routes its referral to the institution really
//! competent (the new one sees it with a fresh deadline, the old one no longer can, the
//! référent is told, the timeline says who did what), hands it to a colleague of the same
//! institution (nobody else), and a référent puts a colleague in charge from the request page.

use chrono::TimeDelta;
use diesel::prelude::*;
use guichet::db::schema::{outbox, referrals, timeline_events};
use guichet::domain::account::Role;
use guichet::domain::calendar::Territory;
use guichet::domain::request::RequestKind;

use crate::helpers::{spawn_app_seeded, TestApp};
use crate::request_helpers::*;
use crate::session_helpers::*;

const CPAM: &str = "CPAM des Bouches-du-Rhône";
const ORDRE: &str = "Conseil départemental de l'Ordre des médecins des Bouches-du-Rhône";

struct Routed {
    cpam: reqwest::Client,
    referent: reqwest::Client,
    id: String,
    cpam_referral: String,
    cpam13: String,
}

/// An aid application in Marseille routed to the CPAM (agent `cpam@exemple.fr`) and the ARS.
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
    let cpam_referral = referrals_of(app, &id)
        .into_iter()
        .find(|(_, n, _)| n == CPAM)
        .map(|(r, _, _)| r)
        .expect("transmission à la CPAM");
    Routed {
        cpam,
        referent,
        id,
        cpam_referral,
        cpam13,
    }
}

fn templates_sent_to(app: &TestApp, address: &str) -> Vec<String> {
    let mut conn = app.pool.get().expect("connexion");
    outbox::table
        .filter(outbox::to_address.eq(address))
        .select(outbox::template)
        .load(&mut conn)
        .expect("outbox")
}

fn timeline(app: &TestApp, id: &str) -> Vec<(String, String)> {
    let mut conn = app.pool.get().expect("connexion");
    timeline_events::table
        .filter(timeline_events::request_id.eq(id))
        .order(timeline_events::at)
        .select((timeline_events::actor_label, timeline_events::summary))
        .load(&mut conn)
        .expect("historique")
}

async fn post(
    app: &TestApp,
    who: &reqwest::Client,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let r = post_form(app, who, path, fields).await;
    let status = r.status().as_u16();
    let to = location(&r);
    (status, to, r.text().await.unwrap_or_default())
}

#[tokio::test]
async fn a_partner_reroutes_a_referral_the_new_institution_sees_it_the_old_one_no_longer_can() {
    let app = spawn_app_seeded().await;
    let r = routed(&app).await;
    let ordre = institution_93(&app, ORDRE);
    let reroute = format!(
        "/demandes/{}/transmissions/{}/reorienter",
        r.id, r.cpam_referral
    );
    let page = format!("/demandes/{}", r.id);

    // The form lists the institutions of the territory the request is not yet routed to.
    let body = text_of(&app, &r.cpam, &page).await;
    assert!(
        body.contains("Réorienter vers une autre institution"),
        "{body}"
    );
    assert!(body.contains(&format!("<option value=\"{ordre}\">")));

    // Both fields are needed: a 422 with the messages beside them.
    let fields = [("formulaire", "x"), ("institution_id", ""), ("text", " ")];
    let formulaire = format!("reorienter-{}", r.cpam_referral);
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|&(k, v)| {
            if k == "formulaire" {
                (k, formulaire.as_str())
            } else {
                (k, v)
            }
        })
        .collect();
    let (status, _, body) = post(&app, &r.cpam, &reroute, &fields).await;
    assert_eq!(status, 422);
    assert!(
        body.contains("Choisissez l&#x27;institution compétente dans la liste."),
        "{body}"
    );
    assert!(body.contains("Indiquez un motif."));

    // Three working days later the CPAM passes it to the Ordre.
    app.clock.advance(TimeDelta::days(3));
    let rerouted_at = app.now();
    // (Sessions end after a while without activity: sign in again.)
    let r = Routed {
        cpam: signed_in(&app, "cpam@exemple.fr").await,
        referent: demo(&app, "referent.13-84@demo.test").await,
        ..r
    };
    let (status, to, _) = post(
        &app,
        &r.cpam,
        &reroute,
        &[
            ("formulaire", &formulaire),
            ("institution_id", &ordre),
            ("text", "Inscription au tableau : compétence de l'Ordre."),
        ],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(to, "/partenaire/demandes?ok=transmission-reorientee");

    // The old institution no longer sees the request, on its page, its inbox or the API.
    assert_eq!(status_of(&app, &r.cpam, &page).await, 404);
    let inbox = text_of(&app, &r.cpam, "/partenaire/demandes").await;
    assert!(!inbox.contains(&r.id), "{inbox}");
    let secret = crate::api_tokens::token(&app, &r.cpam, "read").await;
    let api = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/demandes/{}", r.id)))
        .bearer_auth(&secret)
        .send()
        .await
        .expect("GET");
    assert_eq!(api.status(), 404);

    // The new one sees it in its inbox, à traiter, with a deadline counted from the re-route.
    let live = referrals_of(&app, &r.id);
    let (new_referral, _, state) = live
        .iter()
        .find(|(_, n, _)| n == ORDRE)
        .expect("transmission à l'Ordre");
    assert_eq!(state, "a-traiter");
    assert!(live.iter().all(|(_, n, _)| n != CPAM), "{live:?}");
    let (started, due): (Option<chrono::NaiveDateTime>, Option<chrono::NaiveDateTime>) = {
        let mut conn = app.pool.get().expect("connexion");
        referrals::table
            .find(new_referral)
            .select((referrals::started_at, referrals::due_at))
            .first(&mut conn)
            .expect("transmission")
    };
    // The test's clock runs on from the instant it set: the re-route happened just after it.
    let started = started.expect("horloge démarrée");
    assert!(started >= rerouted_at && started - rerouted_at < TimeDelta::minutes(1));
    let expected =
        app.settings()
            .deadlines
            .referral_due(Territory::of_optional(Some("13")), started, &[]);
    assert_eq!(due, expected);
    let ordre_agent = demo(&app, "agent.cdom13@demo.test").await;
    let inbox = text_of(&app, &ordre_agent, "/partenaire/demandes").await;
    assert!(inbox.contains(&r.id), "{inbox}");
    assert_eq!(status_of(&app, &ordre_agent, &page).await, 200);

    // The référents of the département are told (nobody is in charge yet), with the reason.
    assert!(templates_sent_to(&app, "referent.13-84@demo.test")
        .contains(&"referral_rerouted".to_string()));
    let mail = wait_for_email(&app, "referent.13-84@demo.test", "réorienté").await;
    assert!(
        mail.body_text.contains("compétence de l'Ordre"),
        "{}",
        mail.body_text
    );

    // The timeline says who re-routed, from which institution to which, and why.
    let events = timeline(&app, &r.id);
    let (who, what) = events
        .iter()
        .find(|(_, s)| s.starts_with("Réorientation"))
        .expect("réorientation dans l'historique");
    assert!(who.contains("cpam"), "{who}");
    assert!(what.contains(&format!("de {CPAM} vers {ORDRE}")), "{what}");
    assert!(what.contains("compétence de l'Ordre"), "{what}");
    let body = text_of(&app, &r.referent, &page).await;
    assert!(
        body.contains("Réorientation vers une autre institution"),
        "{body}"
    );

    // Re-routing again from the old referral is refused: it is no longer theirs.
    let (status, _, _) = post(
        &app,
        &r.cpam,
        &reroute,
        &[("institution_id", &r.cpam13), ("text", "x")],
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn an_agent_hands_a_referral_to_a_colleague_of_the_same_institution_only() {
    let app = spawn_app_seeded().await;
    let r = routed(&app).await;
    let colleague = create_user(
        &app,
        "cpam-collegue@exemple.fr",
        Role::Partner,
        Some("93"),
        Some(&r.cpam13),
        &[],
    )
    .await;
    let ars = institution_93(
        &app,
        "ARS PACA — délégation départementale des Bouches-du-Rhône",
    );
    let stranger = create_user(
        &app,
        "ars@exemple.fr",
        Role::Partner,
        Some("93"),
        Some(&ars),
        &[],
    )
    .await;
    let assign = format!(
        "/demandes/{}/transmissions/{}/confier",
        r.id, r.cpam_referral
    );
    let formulaire = format!("confier-{}", r.cpam_referral);

    let body = text_of(&app, &r.cpam, &format!("/demandes/{}", r.id)).await;
    assert!(
        body.contains(&format!("<option value=\"{colleague}\">")),
        "{body}"
    );
    assert!(!body.contains(&stranger));

    // An agent of another institution is refused beside the field.
    let (status, _, body) = post(
        &app,
        &r.cpam,
        &assign,
        &[("formulaire", &formulaire), ("agent", &stranger)],
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        body.contains("Choisissez un agent actif de l&#x27;institution saisie."),
        "{body}"
    );
    assert!(body.contains(&format!("id=\"agent-{}-erreur\"", r.cpam_referral)));

    let (status, to, _) = post(
        &app,
        &r.cpam,
        &assign,
        &[("formulaire", &formulaire), ("agent", &colleague)],
    )
    .await;
    assert_eq!(status, 303, "{to}");
    let mut conn = app.pool.get().expect("connexion");
    let (state, agent): (String, Option<String>) = referrals::table
        .find(&r.cpam_referral)
        .select((referrals::state, referrals::agent_id))
        .first(&mut conn)
        .expect("transmission");
    drop(conn);
    assert_eq!(state, "en-cours", "taken in charge on the way");
    assert_eq!(agent.as_deref(), Some(colleague.as_str()));
    assert!(templates_sent_to(&app, "cpam-collegue@exemple.fr")
        .contains(&"referral_assigned".to_string()));
    assert!(timeline(&app, &r.id)
        .iter()
        .any(|(_, s)| s == "Prénom cpam a confié la transmission à Prénom cpam-collegue"));

    // The ARS agent cannot hand the CPAM's referral at all.
    let ars_agent = signed_in(&app, "ars@exemple.fr").await;
    let (status, _, _) = post(&app, &ars_agent, &assign, &[("agent", &stranger)]).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_referent_puts_a_colleague_in_charge_from_the_request_page() {
    let app = spawn_app_seeded().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let id = file_request(&app, &pro, RequestKind::AidApplication, "13055").await;
    let referent = demo(&app, "referent.13-84@demo.test").await;
    let colleague = create_user(
        &app,
        "referent2@exemple.fr",
        Role::Referent,
        Some("93"),
        None,
        &["13"],
    )
    .await;
    let elsewhere = create_user(
        &app,
        "referent06@exemple.fr",
        Role::Referent,
        Some("93"),
        None,
        &["06"],
    )
    .await;
    let path = format!("/demandes/{id}/referent");
    let body = text_of(&app, &referent, &format!("/demandes/{id}")).await;
    assert!(
        body.contains(&format!("<option value=\"{colleague}\">")),
        "{body}"
    );

    let fields = |who: &str| {
        vec![
            ("formulaire", "referent".to_string()),
            ("referent", who.to_string()),
        ]
    };
    let send = |who: String| {
        let f = fields(&who);
        let (app, referent, path) = (&app, &referent, &path);
        async move {
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post(app, referent, path, &f).await
        }
    };
    let (status, _, body) = send(elsewhere.clone()).await;
    assert_eq!(status, 422);
    assert!(body.contains("Ce référent ne couvre pas le département de la demande."));
    assert!(body.contains("id=\"referent-in-charge-erreur\""), "{body}");
    let (status, _, _) = send(String::new()).await;
    assert_eq!(status, 422);

    let (status, to, _) = send(colleague.clone()).await;
    assert_eq!(status, 303);
    assert_eq!(to, format!("/demandes/{id}?ok=referent-designe"));
    let mut conn = app.pool.get().expect("connexion");
    let in_charge: Option<String> = guichet::db::schema::requests::table
        .find(&id)
        .select(guichet::db::schema::requests::referent_id)
        .first(&mut conn)
        .expect("demande");
    drop(conn);
    assert_eq!(in_charge.as_deref(), Some(colleague.as_str()));
    assert!(timeline(&app, &id)
        .iter()
        .any(|(_, s)| s == "Référent en charge : Prénom referent2"));

    // The professional cannot.
    let (status, _, _) = post(&app, &pro, &path, &[("referent", &colleague)]).await;
    assert_eq!(status, 403);
}
