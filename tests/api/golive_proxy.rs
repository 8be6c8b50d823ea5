//! Behind a reverse proxy: `X-Forwarded-For` / `X-Forwarded-Proto` believed only from
//! `[server] trusted_proxies`; throttling, audit entries and secure cookies follow them.

use diesel::prelude::*;
use guichet::auth::client::TrustedProxies;
use guichet::domain::account::Role;

use crate::helpers::{new_client, spawn_app_with, TestApp};
use crate::session_helpers::{create_user, csrf_token, PASSWORD};

async fn behind_local_proxy() -> TestApp {
    spawn_app_with(|s| {
        s.server.trusted_proxies =
            TrustedProxies::parse(["127.0.0.1", "10.0.0.0/8"]).expect("proxies")
    })
    .await
}

/// The CSRF cookie (`name=value`) and form token a browser gets from `/connexion` with the
/// forwarded headers given (over "HTTPS", the cookie is `Secure`: set by hand here).
pub async fn csrf_via(app: &TestApp, headers: &[(&str, &str)]) -> (String, String, String) {
    let mut request = plain_client().get(app.url("/connexion"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let page = request.send().await.expect("GET");
    let set_cookie = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.contains("guichet_csrf="))
        .expect("cookie CSRF")
        .to_string();
    let pair = set_cookie.split(';').next().unwrap_or_default().to_string();
    let html = page.text().await.expect("corps");
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("jeton") + marker.len();
    (pair, html[start..start + 64].to_string(), set_cookie)
}

fn plain_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Signs in `email` with the forwarded headers given; returns the session cookie header.
async fn sign_in_via(app: &TestApp, email: &str, headers: &[(&str, &str)]) -> String {
    let (cookie, token, _) = csrf_via(app, headers).await;
    let mut request = plain_client()
        .post(app.url("/connexion"))
        .header("cookie", cookie)
        .form(&[
            ("email", email),
            ("password", PASSWORD),
            ("csrf_token", &token),
        ]);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let r = request.send().await.expect("POST");
    assert_eq!(r.status(), 303, "connexion");
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("guichet_session") || c.contains("session"))
        .unwrap_or_default()
        .to_string()
}

fn last_signin_ip(app: &TestApp) -> Option<String> {
    use guichet::db::schema::audit_events::dsl::*;
    let mut conn = app.pool.get().expect("connexion");
    audit_events
        .filter(event.eq("signin_success"))
        .order(at.desc())
        .select(ip)
        .first::<Option<String>>(&mut conn)
        .expect("événement signin_success")
}

#[tokio::test]
async fn a_trusted_proxy_gives_the_client_address_and_scheme() {
    let app = behind_local_proxy().await;
    create_user(
        &app,
        "pro.proxy@exemple.fr",
        Role::Professional,
        None,
        None,
        &[],
    )
    .await;
    let cookie = sign_in_via(
        &app,
        "pro.proxy@exemple.fr",
        &[
            ("X-Forwarded-For", "203.0.113.7"),
            ("X-Forwarded-Proto", "https"),
        ],
    )
    .await;
    assert_eq!(last_signin_ip(&app).as_deref(), Some("203.0.113.7"));
    assert!(cookie.contains("Secure"), "{cookie}");
    // A forged left-most entry does not win over the proxies' chain.
    let cookie = sign_in_via(
        &app,
        "pro.proxy@exemple.fr",
        &[
            ("X-Forwarded-For", "1.2.3.4, 198.51.100.20, 10.0.0.3"),
            ("X-Forwarded-Proto", "http"),
        ],
    )
    .await;
    assert_eq!(last_signin_ip(&app).as_deref(), Some("198.51.100.20"));
    assert!(!cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn without_trusted_proxies_forwarded_headers_are_ignored() {
    let app = spawn_app_with(|_| {}).await;
    create_user(
        &app,
        "pro.direct@exemple.fr",
        Role::Professional,
        None,
        None,
        &[],
    )
    .await;
    let cookie = sign_in_via(
        &app,
        "pro.direct@exemple.fr",
        &[
            ("X-Forwarded-For", "203.0.113.7"),
            ("X-Forwarded-Proto", "https"),
        ],
    )
    .await;
    assert_eq!(last_signin_ip(&app).as_deref(), Some("127.0.0.1"));
    assert!(!cookie.contains("Secure"), "{cookie}");
    // The CSRF cookie too.
    let r = app
        .client
        .get(app.url("/connexion"))
        .header("X-Forwarded-Proto", "https")
        .send()
        .await
        .expect("GET");
    let set = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(!set.contains("Secure"), "{set}");
}

/// Throttling counts per real client: one client exhausting its password-reset budget through
/// the proxy does not block another one behind the same proxy.
#[tokio::test]
async fn throttling_uses_the_forwarded_client_address() {
    let app = behind_local_proxy().await;
    let client = new_client();
    let token = csrf_token(&app, &client).await;
    let forgot = |from: &'static str, n: usize| {
        let (client, token) = (client.clone(), token.clone());
        let url = app.url("/mot-de-passe/oublie");
        async move {
            client
                .post(url)
                .header("X-Forwarded-For", from)
                .form(&[("email", format!("p{n}@exemple.fr")), ("csrf_token", token)])
                .send()
                .await
                .expect("POST")
                .status()
                .as_u16()
        }
    };
    let mut statuses = Vec::new();
    for n in 0..11 {
        statuses.push(forgot("203.0.113.7", n).await);
    }
    assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
    assert_ne!(forgot("203.0.113.8", 99).await, 429, "another client");
    // Without the header, the proxy itself is the client: its own budget.
    let r = app
        .client
        .get(app.url("/connexion"))
        .header("X-Forwarded-Proto", "https")
        .send()
        .await
        .expect("GET");
    let set = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(set.contains("Secure"), "CSRF cookie over https: {set}");
}
