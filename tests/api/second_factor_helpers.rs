//! Passing the second step of a sign-in in the tests, as a person with their phone would: the
//! code of the account's secret at the server's "now" (read from the database, where the
//! application keeps it sealed), for the first time step the server has not accepted yet.

use guichet::auth::totp;
use guichet::domain::second_factor::candidate_steps;

use crate::helpers::TestApp;
use crate::session_helpers::{location, post_form};

/// The account's TOTP secret, opened with the server's key.
pub fn secret_of(app: &TestApp, email: &str) -> Vec<u8> {
    let mut conn = app.pool.get().expect("connexion");
    let user = guichet::db::users::find_by_email(&mut conn, email)
        .expect("lecture")
        .expect("compte");
    let row = guichet::db::second_factor::find(&mut conn, &user.id)
        .expect("lecture")
        .expect("second facteur en base");
    totp::open(
        &app.settings().security.secret_key,
        &user.id,
        &row.secret_sealed,
    )
    .expect("secret lisible")
}

/// A code the server will accept now for `email` (the clock moves on one step when the three
/// steps around "now" have all been used, as a person would wait for the next code).
pub fn next_code(app: &TestApp, email: &str) -> String {
    let secret = secret_of(app, email);
    let last = {
        let mut conn = app.pool.get().expect("connexion");
        let user = guichet::db::users::find_by_email(&mut conn, email)
            .expect("lecture")
            .expect("compte");
        guichet::db::second_factor::find(&mut conn, &user.id)
            .expect("lecture")
            .map_or(0, |r| r.last_step)
    };
    let mut steps = candidate_steps(app.now().and_utc().timestamp(), last);
    if steps.is_empty() {
        app.clock.advance(chrono::TimeDelta::seconds(60));
        steps = candidate_steps(app.now().and_utc().timestamp(), last);
    }
    let step = *steps.first().expect("un pas de temps libre");
    totp::code_of_step(&secret, step).expect("code")
}

/// After a correct password: passes the second step if the server asks for one (setting the
/// application up first when the account has none), and returns the final response.
pub async fn pass_second_step(
    app: &TestApp,
    client: &reqwest::Client,
    email: &str,
    response: reqwest::Response,
) -> reqwest::Response {
    let target = location(&response);
    let path = if target.starts_with("/connexion/activation") {
        let page = client
            .get(app.url(&target))
            .send()
            .await
            .expect("GET activation");
        assert_eq!(page.status(), 200, "page d'activation");
        assert!(page
            .text()
            .await
            .unwrap_or_default()
            .contains("cle-secrete"));
        "/connexion/activation"
    } else if target.starts_with("/connexion/code") {
        "/connexion/code"
    } else {
        return response;
    };
    let suite = target
        .split_once("suite=")
        .map(|(_, s)| urlencoding_decode(s))
        .unwrap_or_default();
    let code = next_code(app, email);
    post_form(app, client, path, &[("code", &code), ("suite", &suite)]).await
}

fn urlencoding_decode(text: &str) -> String {
    serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("s={text}"))
        .ok()
        .and_then(|v| v.into_iter().next())
        .map(|(_, v)| v)
        .unwrap_or_default()
}
