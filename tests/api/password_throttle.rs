//! Wrong passwords and password hashing (issue 16, point 6): an exponential delay per (account,
//! client address) instead of a lock anybody could put on an account, a per-account ceiling that
//! slows without blocking, current-password checks throttled too, dead links refused before any
//! hashing, and a bounded hashing queue (503 with `Retry-After`).

use chrono::TimeDelta;
use guichet::auth::client::TrustedProxies;
use guichet::domain::account::Role;

use crate::helpers::{new_client, spawn_app, spawn_app_with, TestApp};
use crate::session_helpers::*;

async fn behind_proxy() -> TestApp {
    spawn_app_with(|s| {
        s.server.trusted_proxies = TrustedProxies::parse(["127.0.0.1"]).expect("proxies")
    })
    .await
}

/// One sign-in attempt from the client address `ip`; returns the status and `Retry-After`.
async fn attempt(app: &TestApp, ip: &str, password: &str) -> (u16, Option<u64>) {
    let client = new_client();
    let token = csrf_token(app, &client).await;
    let r = client
        .post(app.url("/connexion"))
        .header("X-Forwarded-For", ip)
        .form(&[
            ("email", "pro@exemple.fr"),
            ("password", password),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .expect("POST");
    let retry = r
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    (r.status().as_u16(), retry)
}

const WRONG: &str = "mauvais mot de passe";

#[tokio::test]
async fn the_delay_doubles_for_one_client_and_the_others_are_not_locked_out() {
    let app = behind_proxy().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let attacker = "203.0.113.66";
    for n in 1..=5 {
        assert_eq!(attempt(&app, attacker, WRONG).await.0, 422, "free try {n}");
    }
    assert_eq!(attempt(&app, attacker, PASSWORD).await, (429, Some(2)));
    app.clock.advance(TimeDelta::seconds(2));
    assert_eq!(attempt(&app, attacker, WRONG).await.0, 422);
    assert_eq!(attempt(&app, attacker, WRONG).await, (429, Some(4)));
    app.clock.advance(TimeDelta::seconds(4));
    assert_eq!(attempt(&app, attacker, WRONG).await.0, 422);
    assert_eq!(attempt(&app, attacker, WRONG).await, (429, Some(8)));
    // Eleven attempts and seven failures later, the owner signs in from their own address.
    assert_eq!(attempt(&app, "198.51.100.7", PASSWORD).await.0, 303);
    assert_eq!(
        attempt(&app, attacker, PASSWORD).await.0,
        429,
        "still waiting"
    );
}

#[tokio::test]
async fn past_the_account_ceiling_each_client_gets_one_try_and_the_owner_still_signs_in() {
    let app = behind_proxy().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    for n in 0..25 {
        let ip = format!("203.0.113.{n}");
        assert_eq!(attempt(&app, &ip, WRONG).await.0, 422, "{ip}");
    }
    // Over the ceiling: a client that failed once now waits before its second try.
    assert_eq!(attempt(&app, "203.0.113.24", WRONG).await, (429, Some(2)));
    // The owner, who never failed, is not blocked.
    assert_eq!(attempt(&app, "198.51.100.7", PASSWORD).await.0, 303);
}

#[tokio::test]
async fn current_password_checks_are_throttled() {
    let app = spawn_app().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let client = signed_in(&app, "pro@exemple.fr").await;
    for n in 1..=5 {
        let r = post_form(
            &app,
            &client,
            "/compte/courriel",
            &[
                ("new_email", "nouvelle@exemple.fr"),
                ("current_password", WRONG),
            ],
        )
        .await;
        assert_eq!(r.status(), 422, "try {n}");
    }
    let r = post_form(
        &app,
        &client,
        "/compte/jetons",
        &[("name", "outil"), ("current_password", PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), 429, "token creation shares the delay");
    assert!(r.headers().get("retry-after").is_some());
}

/// A server whose only hashing slot is held for a while by a sign-in (heavy argon2), with no
/// queue behind it.
async fn one_busy_hashing_slot() -> (TestApp, tokio::task::JoinHandle<u16>) {
    let app = spawn_app_with(|s| {
        s.security.argon2_memory_kib = 131_072;
        s.security.argon2_passes = 12;
        s.security.password_hash_concurrency = 1;
        s.security.password_hash_queue = 0;
    })
    .await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let (address, client) = (app.address.clone(), new_client());
    let token = csrf_token(&app, &client).await;
    let busy = tokio::spawn(async move {
        client
            .post(format!("{address}/connexion"))
            // An unknown account: the dummy hash, made with the server's (heavy) parameters.
            .form(&[
                ("email", "inconnu@exemple.fr"),
                ("password", WRONG),
                ("csrf_token", token.as_str()),
            ])
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0)
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    (app, busy)
}

#[tokio::test]
async fn a_full_hashing_queue_answers_503_and_a_dead_link_costs_no_hashing() {
    let (app, busy) = one_busy_hashing_slot().await;
    let r = post_form(
        &app,
        &new_client(),
        "/mot-de-passe/nouveau",
        &[
            ("jeton", &"0".repeat(64)),
            ("password", "une phrase de passe neuve"),
        ],
    )
    .await;
    assert_eq!(r.status(), 410, "the dead link is refused before hashing");
    assert!(!busy.is_finished(), "answered while the only slot was busy");
    let r = post_form(
        &app,
        &new_client(),
        "/connexion",
        &[("email", "pro@exemple.fr"), ("password", PASSWORD)],
    )
    .await;
    assert!(!busy.is_finished(), "the slot was still busy");
    assert_eq!(r.status(), 503);
    assert!(r
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|s| s > 0));
    assert_eq!(busy.await.expect("tâche"), 422);
}
