//! Commitments after a grant (issue 15): an AIDE-INSTALLATION application filed from the
//! simulator, routed, granted 10 000 € by the CPAM with a signature date, creates the
//! commitment its rule file declares; the professional and the CPAM's agent see it with its
//! milestone; the reminder reaches the outbox on its date, once; the agent records the milestone
//! met and the request's timeline says so. Another institution's agent sees and does nothing.

use chrono::NaiveDate;
use guichet::domain::account::Role;
use guichet::domain::request::RequestKind;

use crate::helpers::{at, spawn_app_seeded, TestApp};
use crate::request_helpers::*;
use crate::session_helpers::*;

const CPAM: &str = "CPAM des Bouches-du-Rhône";
const PAYMENT: &str = "Versement de l'aide par la CPAM (trois mois)";

struct Granted {
    pro: reqwest::Client,
    cpam: reqwest::Client,
    id: String,
    milestone: String,
}

/// The professional's AIDE-INSTALLATION application in Marseille 4e, created from the
/// simulator's « Déposer une demande » (the simulation carried), filed and routed.
async fn filed_from_the_simulator(app: &TestApp, pro: &reqwest::Client) -> String {
    let installed = (app.now().date() - chrono::Duration::days(30)).to_string();
    let simulation = format!(
        "profession=medecin&situation=installe&installed_on={installed}&first_installation=oui\
         &installation_aid_last_10_years=non&commune=13004&sector=1"
    );
    let token = csrf_token(app, pro).await;
    let r = pro
        .post(app.url("/demandes"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("type", "aide"),
            ("aid_code", "AIDE-INSTALLATION"),
            ("simulation", simulation.as_str()),
        ])
        .send()
        .await
        .expect("création");
    assert_eq!(r.status(), 303);
    let id = location(&r)
        .trim_start_matches("/demandes/")
        .trim_end_matches("/modifier")
        .to_string();
    let mut fields = filled_form(RequestKind::AidApplication, "13004", app.now().date());
    for (name, value) in fields.iter_mut() {
        if name == "aid_code" {
            *value = "AIDE-INSTALLATION".into();
        }
    }
    fields.push(("action".into(), "deposer".into()));
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = post_form(app, pro, &format!("/demandes/{id}/modifier"), &pairs).await;
    assert_eq!(r.status(), 303, "dépôt");
    id
}

/// Filed, routed, granted by the CPAM on 9 March 2026 (the clock: 10 March 2026).
async fn granted(app: &TestApp) -> Granted {
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
    let r = post_form(
        app,
        &cpam,
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

/// (id, due date, status) of every milestone.
fn milestones(app: &TestApp) -> Vec<(String, NaiveDate, String)> {
    use diesel::prelude::*;
    use guichet::db::schema::commitment_milestones as m;
    let mut conn = app.pool.get().expect("connexion");
    m::table
        .select((m::id, m::due_on, m::status))
        .load(&mut conn)
        .expect("échéances")
}

fn reminders(app: &TestApp) -> Vec<String> {
    use diesel::prelude::*;
    use guichet::db::schema::outbox;
    let mut conn = app.pool.get().expect("connexion");
    outbox::table
        .filter(outbox::template.eq("commitment_reminder"))
        .select(outbox::to_address)
        .load(&mut conn)
        .expect("courriels")
}

fn run_job(app: &TestApp) -> usize {
    let templates = guichet::startup::load_templates(app.settings()).expect("gabarits");
    let mut conn = app.pool.get().expect("connexion");
    guichet::jobs::commitment_reminders::run_once(
        &mut conn,
        &templates,
        "http://guichet.test",
        app.now(),
    )
    .expect("tour")
}

async fn get(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let r = client.get(app.url(path)).send().await.expect("GET");
    let status = r.status().as_u16();
    (status, r.text().await.expect("corps"))
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
