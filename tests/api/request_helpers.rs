//! Filing requests in the tests: a valid value for every field of a kind's form.

use chrono::{Duration, NaiveDate};
use guichet::domain::account::Role;
use guichet::domain::identifiers::luhn_complete;
use guichet::domain::request::{form_for, InputType, PracticeMode, RequestKind};

use crate::helpers::TestApp;
use crate::session_helpers::*;

/// A plausible value for each field of `kind`'s form on `today`, the commune being `commune`.
pub fn filled_form(kind: RequestKind, commune: &str, today: NaiveDate) -> Vec<(String, String)> {
    form_for(kind)
        .fields
        .iter()
        .map(|f| {
            let value = match f.input {
                InputType::Text => "Cabinet des Lices".to_string(),
                InputType::Textarea => "Projet d'installation en cabinet de groupe.".to_string(),
                InputType::Date { range } => {
                    (today + Duration::days(i64::from(range.max_days_after.min(60)))).to_string()
                }
                InputType::CommuneInsee => commune.to_string(),
                InputType::Select { options } => options
                    .first()
                    .map(|o| o.value.to_string())
                    .unwrap_or_default(),
                InputType::AidCode => "CAIM".to_string(),
                InputType::YesNo => "oui".to_string(),
                InputType::Number { min, .. } => format!("{}", min.max(1.0)),
                InputType::ProfessionalNumber => luhn_complete("1000054321"),
                InputType::TeamMembers => {
                    "Alice Martin ; médecin\nBruno Petit ; infirmier".to_string()
                }
            };
            (f.name.to_string(), value)
        })
        .collect()
}

/// Creates a draft of `kind` as `client` and returns its id.
pub async fn create_draft(app: &TestApp, client: &reqwest::Client, kind: &str) -> String {
    let r = post_form(app, client, "/demandes", &[("type", kind)]).await;
    assert_eq!(r.status(), 303, "création du brouillon");
    let loc = location(&r);
    loc.trim_start_matches("/demandes/")
        .trim_end_matches("/modifier")
        .to_string()
}

/// Files a complete request of `kind` in `commune`; returns its id.
pub async fn file_request(
    app: &TestApp,
    client: &reqwest::Client,
    kind: RequestKind,
    commune: &str,
) -> String {
    let id = create_draft(app, client, kind.slug()).await;
    let mut fields = filled_form(kind, commune, app.now().date());
    fields.push(("action".into(), "deposer".into()));
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = post_form(app, client, &format!("/demandes/{id}/modifier"), &pairs).await;
    let status = r.status();
    assert_eq!(
        status,
        303,
        "dépôt : {}",
        r.text().await.unwrap_or_default()
    );
    id
}

/// Signs in a demo account (demo password).
pub async fn demo(app: &TestApp, email: &str) -> reqwest::Client {
    let client = crate::helpers::new_client();
    let r = post_form(
        app,
        &client,
        "/connexion",
        &[
            ("email", email),
            ("password", guichet::seed::demo::DEMO_PASSWORD),
        ],
    )
    .await;
    assert_eq!(r.status(), 303, "connexion {email}");
    // The demo's administrator sets up or types a code, like every administrator.
    let r = crate::second_factor_helpers::pass_second_step(app, &client, email, r).await;
    assert!(
        [200, 303].contains(&r.status().as_u16()),
        "connexion {email}"
    );
    client
}

/// (referral id, institution name, state) of the live referrals.
pub fn referrals_of(app: &TestApp, id: &str) -> Vec<(String, String, String)> {
    use diesel::prelude::*;
    use guichet::db::schema::{institutions, referrals};
    let mut conn = app.pool.get().expect("connexion");
    referrals::table
        .inner_join(institutions::table)
        .filter(referrals::request_id.eq(id))
        .filter(referrals::removed_at.is_null())
        .order(referrals::position)
        .select((referrals::id, institutions::name, referrals::state))
        .load(&mut conn)
        .expect("transmissions")
}

/// The id of an institution of the demo région (PACA, 93), by name.
pub fn institution_93(app: &TestApp, name: &str) -> String {
    let mut conn = app.pool.get().expect("connexion");
    guichet::db::institutions::list_in_region(&mut conn, "93")
        .expect("institutions")
        .into_iter()
        .find(|i| i.name == name)
        .map(|i| i.id)
        .unwrap_or_else(|| panic!("{name}"))
}

/// The référent qualifies the request (normal priority, simple coordination) and routes it.
pub async fn qualify_and_route(app: &TestApp, referent: &reqwest::Client, id: &str) {
    let qualified = post_form(
        app,
        referent,
        &format!("/demandes/{id}/qualification"),
        &[("priority", "normal"), ("coordination", "simple")],
    )
    .await;
    assert_eq!(qualified.status(), 303, "qualification");
    let routed = post_form(app, referent, &format!("/demandes/{id}/orienter"), &[]).await;
    assert_eq!(routed.status(), 303, "orientation");
}

/// A professional (`pro@exemple.fr`, signed in) with a liberal installation request filed in
/// Marseille 4e (13004); returns their client and the request's id.
pub async fn installation_filed(app: &TestApp) -> (reqwest::Client, String) {
    create_user(app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(app, "pro@exemple.fr").await;
    let id = file_request(
        app,
        &pro,
        RequestKind::Installation(PracticeMode::Liberal),
        "13004",
    )
    .await;
    (pro, id)
}
