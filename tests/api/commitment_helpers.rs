//! What the commitment tests share: an aid application filed from the simulator, the
//! milestones and reminders as stored, a run of the reminder job at the test's instant.

use chrono::NaiveDate;
use guichet::domain::request::RequestKind;

use crate::helpers::TestApp;
use crate::request_helpers::*;
use crate::session_helpers::*;

/// The professional's AIDE-INSTALLATION application in Marseille 4e, created from the
/// simulator's « Déposer une demande » (the simulation carried), filed and routed.
pub(crate) async fn filed_from_the_simulator(app: &TestApp, pro: &reqwest::Client) -> String {
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

/// (id, due date, status) of every milestone.
pub(crate) fn milestones(app: &TestApp) -> Vec<(String, NaiveDate, String)> {
    use diesel::prelude::*;
    use guichet::db::schema::commitment_milestones as m;
    let mut conn = app.pool.get().expect("connexion");
    m::table
        .select((m::id, m::due_on, m::status))
        .load(&mut conn)
        .expect("échéances")
}

pub(crate) fn reminders(app: &TestApp) -> Vec<String> {
    use diesel::prelude::*;
    use guichet::db::schema::outbox;
    let mut conn = app.pool.get().expect("connexion");
    outbox::table
        .filter(outbox::template.eq("commitment_reminder"))
        .select(outbox::to_address)
        .load(&mut conn)
        .expect("courriels")
}

pub(crate) fn run_job(app: &TestApp) -> usize {
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

pub(crate) async fn get(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let r = client.get(app.url(path)).send().await.expect("GET");
    let status = r.status().as_u16();
    (status, r.text().await.expect("corps"))
}
