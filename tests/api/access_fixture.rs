//! The people and the objects the access matrix probes: one of each thing a route can name
//! (a request routed to the CPAM 13 with a document, a permanence booked, an API token, a
//! regional rule, a text version, a failed e-mail), and a person on each side of every boundary.

use chrono::{Duration, Timelike};
use diesel::prelude::*;
use guichet::db::schema::outbox;
use guichet::domain::account::Role;
use guichet::domain::permanence::{Mode, SessionPlan};
use guichet::domain::request::{PracticeMode, RequestKind};

use crate::helpers::{new_client, TestApp};
use crate::request_helpers::{file_request, institution_93, qualify_and_route, referrals_of};
use crate::session_helpers::*;
use crate::upload_helpers::{pdf_of_size, upload as upload_file};

/// Who probes the routes: each role, and for each a person of the same role who is out of
/// scope (another professional, a référent of another département, an agent of another
/// institution, an admin of another région).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Who {
    Anonymous,
    Professional,
    OtherProfessional,
    Referent,
    OtherReferent,
    Partner,
    OtherPartner,
    Admin,
    OtherAdmin,
}

pub(crate) const EVERYONE: [Who; 9] = [
    Who::Anonymous,
    Who::Professional,
    Who::OtherProfessional,
    Who::Referent,
    Who::OtherReferent,
    Who::Partner,
    Who::OtherPartner,
    Who::Admin,
    Who::OtherAdmin,
];

/// The ids the routes' `{…}` segments take.
pub(crate) struct Fixture {
    pub clients: Vec<(Who, reqwest::Client)>,
    /// The professional's installation in Marseille, qualified and routed by the référent.
    pub request: String,
    pub attachment: String,
    pub cpam_referral: String,
    pub ars_referral: String,
    pub session: String,
    pub slot: String,
    pub booking: String,
    /// An API token of the professional.
    pub token: String,
    pub regional_aid: String,
    pub version: String,
    /// A failed e-mail of the région 93.
    pub email: String,
    pub cpam13: String,
    /// An institution of the région 93 no person of the fixture belongs to.
    pub spare_institution: String,
    /// The account the admin routes act on.
    pub target_user: String,
    /// A pending milestone of a commitment the CPAM 13 follows.
    pub milestone: String,
    /// The professional's project holding the request ("Mon projet").
    pub project: String,
    /// A standard reply of the CPAM 13 (the partner's institution).
    pub standard_reply: String,
}

impl Fixture {
    pub fn client(&self, who: Who) -> &reqwest::Client {
        &self
            .clients
            .iter()
            .find(|(w, _)| *w == who)
            .expect("client")
            .1
    }
}

async fn upload(app: &TestApp, client: &reqwest::Client, request: &str) -> String {
    let path = format!("/demandes/{request}/pieces");
    let (status, _) = upload_file(app, client, &path, "attestation.pdf", pdf_of_size(0)).await;
    assert_eq!(status, 303, "pièce jointe");
    let mut conn = app.pool.get().expect("connexion");
    guichet::db::timeline::attachments(&mut conn, request).expect("pièces")[0]
        .id
        .clone()
}

/// A permanence in the Bouches-du-Rhône in `days` days, with every institution of the
/// département, and `count` slots of 30 minutes; its id and its slots' ids.
pub(crate) fn permanence(
    app: &TestApp,
    author: &str,
    days: i64,
    count: i64,
) -> (String, Vec<String>) {
    let mut conn = app.pool.get().expect("connexion");
    let institution_ids = guichet::db::institutions::list_in_region(&mut conn, "93")
        .expect("institutions")
        .into_iter()
        .filter(|i| i.departement_code.as_deref() == Some("13"))
        .map(|i| i.id)
        .collect();
    let start = (app.now() + Duration::days(days))
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .expect("minute");
    let plan = SessionPlan {
        title: "Permanence installation, Marseille".into(),
        departement_code: "13".into(),
        mode: Mode::SurPlace,
        address: Some("1 rue de la Démo; 13001 Marseille".into()),
        video_url: None,
        details: String::new(),
        capacity: 3,
        slots: (0..count)
            .map(|i| start + Duration::minutes(30 * i))
            .map(|s| (s, s + Duration::minutes(30)))
            .collect(),
        institution_ids,
    };
    let id = guichet::db::permanences::insert_session(&mut conn, &plan, "93", author, app.now())
        .expect("permanence");
    let mut slots =
        guichet::db::permanences::slots_of(&mut conn, std::slice::from_ref(&id)).expect("créneaux");
    slots.sort_by_key(|s| s.starts_at);
    (id, slots.into_iter().map(|s| s.id).collect())
}

/// Who, e-mail, role, région, institution, départements.
type Person<'a> = (
    Who,
    &'a str,
    Role,
    Option<&'a str>,
    Option<&'a str>,
    &'a [&'a str],
);

pub(crate) async fn fixture(app: &TestApp) -> Fixture {
    let cpam13 = institution_93(app, "CPAM des Bouches-du-Rhône");
    let cpam83 = institution_93(app, "CPAM du Var");
    let spare_institution = institution_93(app, "CPAM des Alpes-Maritimes");
    let people: [Person; 8] = [
        (
            Who::Professional,
            "pro@exemple.fr",
            Role::Professional,
            None,
            None,
            &[],
        ),
        (
            Who::OtherProfessional,
            "pro2@exemple.fr",
            Role::Professional,
            None,
            None,
            &[],
        ),
        (
            Who::Referent,
            "ref@exemple.fr",
            Role::Referent,
            Some("93"),
            None,
            &["13"],
        ),
        (
            Who::OtherReferent,
            "ref83@exemple.fr",
            Role::Referent,
            Some("93"),
            None,
            &["83"],
        ),
        (
            Who::Partner,
            "cpam@exemple.fr",
            Role::Partner,
            Some("93"),
            Some(&cpam13),
            &[],
        ),
        (
            Who::OtherPartner,
            "cpam83@exemple.fr",
            Role::Partner,
            Some("93"),
            Some(&cpam83),
            &[],
        ),
        (
            Who::Admin,
            "admin@exemple.fr",
            Role::Admin,
            Some("93"),
            None,
            &[],
        ),
        (
            Who::OtherAdmin,
            "admin84@exemple.fr",
            Role::Admin,
            Some("84"),
            None,
            &[],
        ),
    ];
    let mut clients = vec![(Who::Anonymous, new_client())];
    let mut referent_id = String::new();
    for (who, email, role, region, institution, departements) in people {
        let id = create_user(app, email, role, region, institution, departements).await;
        if who == Who::Referent {
            referent_id = id;
        }
        clients.push((who, signed_in(app, email).await));
    }
    let target_user = create_user(
        app,
        "cible@exemple.fr",
        Role::Partner,
        Some("93"),
        Some(&cpam13),
        &[],
    )
    .await;
    let by = |who| &clients.iter().find(|(w, _)| *w == who).expect("client").1;
    let (pro, referent, admin) = (by(Who::Professional), by(Who::Referent), by(Who::Admin));

    let request = file_request(
        app,
        pro,
        RequestKind::Installation(PracticeMode::Liberal),
        "13004",
    )
    .await;
    let attachment = upload(app, pro, &request).await;
    qualify_and_route(app, referent, &request).await;
    let referral = |name: &str| {
        referrals_of(app, &request)
            .into_iter()
            .find(|(_, n, _)| n == name)
            .map(|(id, _, _)| id)
            .unwrap_or_else(|| panic!("transmission {name}"))
    };
    let cpam_referral = referral("CPAM des Bouches-du-Rhône");
    let shared = post_form(
        app,
        referent,
        &format!("/demandes/{request}/pieces/{attachment}/partage"),
        &[("institution", cpam13.as_str())],
    )
    .await;
    assert_eq!(shared.status(), 303, "partage du document");
    let ars_referral = referral("ARS PACA — délégation départementale des Bouches-du-Rhône");
    let milestone = crate::commitments::fixture_milestone(app, &request, &cpam_referral, &cpam13);

    let (session, slots) = permanence(app, &referent_id, 7, 1);
    let slot = slots[0].clone();
    let booked = post_form(
        app,
        pro,
        &format!("/permanences/creneaux/{slot}/reserver"),
        &[("request_number", "")],
    )
    .await;
    assert_eq!(booked.status(), 303, "réservation");
    let booking = location(&booked)
        .trim_start_matches("/permanences/reservations/")
        .split(['?', '/'])
        .next()
        .unwrap_or_default()
        .to_string();

    crate::api_tokens::token(app, pro, "read").await;
    let token = {
        let mut conn = app.pool.get().expect("connexion");
        guichet::db::schema::api_tokens::table
            .select(guichet::db::schema::api_tokens::id)
            .first::<String>(&mut conn)
            .expect("jeton")
    };

    let created = post_form(
        app,
        admin,
        "/admin/aides/regionales",
        &[("body", &crate::regional_aids::rule("93", "2026-01-01"))],
    )
    .await;
    assert_eq!(created.status(), 303, "règle régionale");
    let regional_aid = location(&created)
        .trim_start_matches("/admin/aides/regionales/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();

    let saved = post_form(
        app,
        admin,
        "/admin/contenus/medecin-s-installer",
        &[
            ("body", "## Texte de la matrice"),
            ("action", "enregistrer"),
        ],
    )
    .await;
    assert_eq!(saved.status(), 303, "texte régional");
    let version = {
        use guichet::db::schema::regional_texts;
        let mut conn = app.pool.get().expect("connexion");
        regional_texts::table
            .select(regional_texts::id)
            .first::<String>(&mut conn)
            .expect("version")
    };

    let email = {
        let mut conn = app.pool.get().expect("connexion");
        let id: String = outbox::table
            .select(outbox::id)
            .first(&mut conn)
            .expect("courriel");
        diesel::update(outbox::table.find(&id))
            .set((
                outbox::status.eq(guichet::db::outbox::FAILED),
                outbox::region_code.eq("93"),
            ))
            .execute(&mut conn)
            .expect("échec simulé");
        id
    };

    let grouped = post_form(
        app,
        pro,
        "/projets",
        &[("titre", "Installation à Marseille"), ("demande", &request)],
    )
    .await;
    assert_eq!(grouped.status(), 303, "projet");
    let project = location(&grouped)
        .trim_start_matches("/projets/")
        .to_string();
    let standard_reply = {
        let mut conn = app.pool.get().expect("connexion");
        let reply = guichet::domain::standard_reply::StandardReply::parse("Titre", "Texte")
            .expect("réponse type");
        guichet::db::standard_replies::insert(&mut conn, &cpam13, &reply, app.now())
            .expect("réponse type");
        guichet::db::standard_replies::of_institution(&mut conn, &cpam13).expect("réponses")[0]
            .id
            .clone()
    };

    Fixture {
        project,
        clients,
        request,
        attachment,
        cpam_referral,
        ars_referral,
        session,
        slot,
        booking,
        token,
        regional_aid,
        version,
        email,
        cpam13,
        spare_institution,
        target_user,
        milestone,
        standard_reply,
    }
}
