//! Commitments after a grant (issue 15): an AIDE-INSTALLATION application filed from the
//! simulator, routed, granted 10 000 € by the CPAM with a signature date, creates the
//! commitment its rule file declares; the professional and the CPAM's agent see it with its
//! milestone; the reminder reaches the outbox on its date, once; the agent records the milestone
//! met and the request's timeline says so. Another institution's agent sees and does nothing.
//! The institution's reminder goes to the agent in charge of the referral, if any and still
//! there, otherwise to the institution's address.

use chrono::NaiveDate;
use guichet::domain::account::Role;

use crate::commitment_helpers::{filed_from_the_simulator, reminders, run_job};
use crate::commitment_helpers::{get, milestones};
use crate::helpers::{at, spawn_app_seeded, TestApp};
use crate::request_helpers::*;
use crate::session_helpers::*;

const CPAM: &str = "CPAM des Bouches-du-Rhône";
const PAYMENT: &str = "Versement de l'aide par la CPAM (trois mois)";

pub(crate) struct Granted {
    pub pro: reqwest::Client,
    pub cpam: reqwest::Client,
    pub id: String,
    pub milestone: String,
}

/// Filed, routed, granted by the CPAM on 9 March 2026 (the clock: 10 March 2026).
pub(crate) async fn granted(app: &TestApp) -> Granted {
    granted_in_charge(app, None).await
}

/// [`granted`], the CPAM's referral first confided to its agent `in_charge` (an address), who
/// then grants the aid, when there is one.
async fn granted_in_charge(app: &TestApp, in_charge: Option<&str>) -> Granted {
    let cpam13 = institution_93(app, CPAM);
    create_user(app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let (agent, partner) = ("cpam@exemple.fr", Role::Partner);
    create_user(app, agent, partner, Some("93"), Some(&cpam13), &[]).await;
    let pro = signed_in(app, "pro@exemple.fr").await;
    let cpam = signed_in(app, agent).await;
    let id = filed_from_the_simulator(app, &pro).await;
    let referent = demo(app, "referent.13-84@demo.test").await;
    qualify_and_route(app, &referent, &id).await;
    let referral = referrals_of(app, &id)
        .into_iter()
        .find(|(_, n, _)| n == CPAM)
        .map(|(r, _, _)| r)
        .expect("transmission à la CPAM");
    let mut answering = cpam.clone();
    if let Some(colleague) = in_charge {
        let id_of = create_user(app, colleague, partner, Some("93"), Some(&cpam13), &[]).await;
        let path = format!("/demandes/{id}/transmissions/{referral}/confier");
        let formulaire = format!("confier-{referral}");
        let fields = [
            ("formulaire", formulaire.as_str()),
            ("agent", id_of.as_str()),
        ];
        let r = post_form(app, &cpam, &path, &fields).await;
        assert_eq!(r.status(), 303, "confiée à {colleague}");
        answering = signed_in(app, colleague).await;
    }
    let r = post_form(
        app,
        &answering,
        &format!("/demandes/{id}/transmissions/{referral}/repondre"),
        &[
            ("formulaire", &format!("repondre-{referral}")),
            ("outcome", "granted"),
            ("amount", "10 000"),
            ("signed_on", "2026-03-09"),
            ("file_number", "AI-2026-0007"),
            ("text", "Aide accordée, versement sous trois mois."),
        ],
    )
    .await;
    assert_eq!(r.status(), 303, "décision");
    let milestone = milestones(app).pop().expect("une échéance").0;
    Granted {
        pro,
        cpam,
        id,
        milestone,
    }
}

#[tokio::test]
async fn a_grant_creates_its_commitment_reminded_once_on_its_date_and_recorded_met() {
    let app = spawn_app_seeded().await;
    let g = granted(&app).await;
    let due = NaiveDate::from_ymd_opt(2026, 6, 9).expect("date");
    assert_eq!(
        milestones(&app)[0].1,
        due,
        "three months after the signature"
    );

    // The professional sees the commitment with what is due next, on their page and the
    // request's.
    for path in ["/engagements".to_string(), format!("/demandes/{}", g.id)] {
        let (status, page) = get(&app, &g.pro, &path).await;
        assert_eq!(status, 200, "{path}");
        assert!(
            page.contains("Versement unique de l&#x27;aide")
                || page.contains("Versement unique de l'aide"),
            "{path}"
        );
        assert!(page.contains("9 juin 2026"), "{path}: the due date");
        assert!(page.contains("À venir"), "{path}");
    }
    let (_, mine) = get(&app, &g.pro, "/engagements").await;
    assert!(mine.contains("Prochaine échéance"));
    assert!(mine.contains("lieu : "), "the place of the commitment");
    // The CPAM's agent sees it, with the form to record the milestone.
    let (status, theirs) = get(&app, &g.cpam, "/partenaire/engagements").await;
    assert_eq!(status, 200);
    assert!(theirs.contains("9 juin 2026"));
    assert!(theirs.contains(&format!(
        "/partenaire/engagements/echeances/{}",
        g.milestone
    )));

    // Fifteen days before: the day before, nothing; that day, one reminder (run twice).
    app.clock.set(at("2026-05-24 07:00"));
    assert_eq!(run_job(&app), 0);
    assert!(
        reminders(&app).is_empty(),
        "nothing before the reminder date"
    );
    app.clock.set(at("2026-05-25 07:00"));
    assert_eq!(run_job(&app), 1);
    assert_eq!(run_job(&app), 0, "never twice");
    let sent = reminders(&app);
    assert_eq!(
        sent.iter().filter(|to| *to == "pro@exemple.fr").count(),
        1,
        "one reminder to the professional: {sent:?}"
    );

    // A missed milestone needs a comment: 422, the message beside the field, the choice kept.
    let cpam = signed_in(&app, "cpam@exemple.fr").await;
    let path = format!("/partenaire/engagements/echeances/{}", g.milestone);
    let r = post_form(
        &app,
        &cpam,
        &path,
        &[("statut", "missed"), ("commentaire", "")],
    )
    .await;
    assert_eq!(r.status(), 422);
    let body = r.text().await.expect("corps");
    assert!(body.contains(&format!("id=\"commentaire-{}-error\"", g.milestone)));
    assert!(
        body.contains("Indiquez pourquoi l&#x27;échéance n&#x27;est pas tenue.")
            || body.contains("Indiquez pourquoi l'échéance n'est pas tenue.")
    );
    assert!(
        body.contains("value=\"missed\" selected"),
        "the choice kept"
    );

    // Recorded met.
    let r = post_form(
        &app,
        &cpam,
        &path,
        &[
            ("statut", "met"),
            ("commentaire", "Versement effectué le 2 juin."),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(milestones(&app)[0].2, "met");
    let again = post_form(
        &app,
        &cpam,
        &path,
        &[("statut", "met"), ("commentaire", "")],
    )
    .await;
    assert_eq!(again.status(), 409, "recorded once");

    // The professional sees it met, and the timeline says so.
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let (_, page) = get(&app, &pro, &format!("/demandes/{}", g.id)).await;
    assert!(page.contains("Tenue"));
    assert!(
        page.contains(&format!(
            "Échéance « {PAYMENT} » : tenue — Versement effectué le 2 juin."
        )) || page.contains("» : tenue — Versement effectué le 2 juin."),
        "timeline"
    );
    let _ = g.cpam;
}

#[tokio::test]
async fn another_institution_neither_sees_nor_records_the_commitment() {
    let app = spawn_app_seeded().await;
    let g = granted(&app).await;
    let ars = demo(&app, "agent.ars-dd13@demo.test").await;
    let (status, page) = get(&app, &ars, "/partenaire/engagements").await;
    assert_eq!(status, 200);
    assert!(!page.contains(&g.milestone), "not the ARS's commitment");
    assert!(page.contains("Aucun engagement"));
    let path = format!("/partenaire/engagements/echeances/{}", g.milestone);
    let r = post_form(&app, &ars, &path, &[("statut", "met"), ("commentaire", "")]).await;
    assert_eq!(r.status(), 404);
    // Not even its form errors: still 404.
    let r = post_form(&app, &ars, &path, &[("statut", "")]).await;
    assert_eq!(r.status(), 404);
    assert_eq!(milestones(&app)[0].2, "pending");
    // The professional's page is theirs only.
    let (status, _) = get(&app, &ars, "/engagements").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_institution_reminder_goes_to_the_agent_in_charge_or_else_to_the_institution() {
    use diesel::prelude::*;
    use guichet::db::schema::{commitment_milestones as m, institutions, users};
    let app = spawn_app_seeded().await;
    let colleague = "collegue.cpam@exemple.fr";
    let g = granted_in_charge(&app, Some(colleague)).await;
    let cpam_address: String = {
        let mut conn = app.pool.get().expect("connexion");
        institutions::table
            .filter(institutions::name.eq(CPAM))
            .select(institutions::email)
            .first(&mut conn)
            .expect("CPAM")
    };
    app.clock.set(at("2026-05-25 07:00"));
    assert_eq!(run_job(&app), 1);
    assert_eq!(run_job(&app), 0, "never twice");
    let sent = reminders(&app);
    assert_eq!(
        sent.iter().filter(|to| *to == colleague).count(),
        1,
        "{sent:?}"
    );
    assert!(
        !sent.contains(&cpam_address),
        "not the general address: {sent:?}"
    );

    // The agent in charge gone (disabled): the next milestone's reminder goes to the institution.
    let mut conn = app.pool.get().expect("connexion");
    diesel::update(users::table.filter(users::email.eq(colleague)))
        .set(users::disabled_at.eq(Some(app.now())))
        .execute(&mut conn)
        .expect("désactivé");
    let commitment: String = m::table
        .find(&g.milestone)
        .select(m::commitment_id)
        .first(&mut conn)
        .expect("engagement");
    let day = app.now().date();
    diesel::insert_into(m::table)
        .values((
            m::id.eq(uuid::Uuid::now_v7().to_string()),
            m::commitment_id.eq(commitment),
            m::milestone_key.eq("suivante"),
            m::label.eq("Échéance suivante"),
            m::due_on.eq(day + chrono::Duration::days(10)),
            m::remind_on.eq(day),
        ))
        .execute(&mut conn)
        .expect("échéance");
    drop(conn);
    assert_eq!(run_job(&app), 1);
    let sent = reminders(&app);
    assert_eq!(
        sent.iter().filter(|to| *to == colleague).count(),
        1,
        "{sent:?}"
    );
    assert_eq!(
        sent.iter().filter(|to| **to == cpam_address).count(),
        1,
        "{sent:?}"
    );
}

/// A milestone of the CPAM 13 on the access fixture's request (for the access matrix).
pub(crate) fn fixture_milestone(
    app: &TestApp,
    request: &str,
    referral: &str,
    cpam: &str,
) -> String {
    use guichet::db::commitments::{insert, CommitmentRow, MilestoneRow};
    use guichet::domain::commitment::MilestoneStatus;
    let day = app.now().date();
    let mut conn = app.pool.get().expect("connexion");
    let professional = {
        use diesel::prelude::*;
        use guichet::db::schema::requests;
        requests::table
            .find(request)
            .select(requests::professional_id)
            .first::<String>(&mut conn)
            .expect("demande")
    };
    let commitment = CommitmentRow {
        id: uuid::Uuid::now_v7().to_string(),
        request_id: request.into(),
        referral_id: referral.into(),
        institution_id: Some(cpam.into()),
        professional_id: professional,
        aid_code: "AIDE-INSTALLATION".into(),
        version_label: "matrice".into(),
        commitment_key: "versement".into(),
        label: "Versement".into(),
        starts_on: day,
        ends_on: None,
        commune_insee: None,
        zone: None,
        created_at: app.now(),
    };
    let milestone = MilestoneRow {
        id: uuid::Uuid::now_v7().to_string(),
        commitment_id: commitment.id.clone(),
        milestone_key: "versement".into(),
        label: "Versement".into(),
        due_on: day,
        remind_on: day,
        status: MilestoneStatus::Pending,
        comment: None,
        recorded_by: None,
        recorded_at: None,
        reminded_at: None,
    };
    insert(&mut conn, &commitment, std::slice::from_ref(&milestone)).expect("engagement");
    milestone.id
}
