//! `guichet seed load`: deterministic volumes whose states agree with each other; the search text
//! of requests.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;
use guichet::db::schema::{referrals, requests};
use guichet::domain::request::{
    is_consistent, is_routed, ReferralState, RequestKind, RequestState,
};
use guichet::seed::load::{run, LoadOptions};

use crate::helpers::{spawn_app_seeded, TestApp};
use crate::request_helpers::{demo, file_request};

fn load(app: &TestApp, seed: u64) -> BTreeMap<String, i64> {
    let mut conn = app.pool.get().expect("connexion");
    let now = NaiveDate::from_ymd_opt(2026, 11, 22)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .expect("date");
    let options = LoadOptions {
        requests: 300,
        professionals: 40,
        seed,
    };
    let mut calls = 0;
    let report = run(&mut conn, options, now, &mut |_| calls += 1).expect("chargement");
    assert_eq!(report.requests, 300);
    assert_eq!(report.professionals, 40);
    assert!(calls >= 2, "progress is reported");
    requests::table
        .group_by(requests::state)
        .select((requests::state, count_star()))
        .load::<(String, i64)>(&mut conn)
        .expect("comptes")
        .into_iter()
        .collect()
}

#[tokio::test]
async fn same_seed_gives_the_same_volume_in_every_state() {
    let (a, b) = (spawn_app_seeded().await, spawn_app_seeded().await);
    let first = load(&a, 7);
    assert_eq!(first, load(&b, 7));
    assert!(first.len() >= 6, "many states: {first:?}");
    assert_eq!(first.values().sum::<i64>(), 300);
}

#[tokio::test]
async fn generated_requests_are_consistent_and_searchable() {
    let app = spawn_app_seeded().await;
    load(&app, 3);
    let mut conn = app.pool.get().expect("connexion");
    let rows: Vec<(String, String, String, String)> = requests::table
        .select((
            requests::id,
            requests::state,
            requests::number,
            requests::search_text,
        ))
        .load(&mut conn)
        .expect("demandes");
    let refs: Vec<(String, String, bool)> = referrals::table
        .select((
            referrals::request_id,
            referrals::state,
            referrals::started_at.is_not_null(),
        ))
        .load(&mut conn)
        .expect("transmissions");
    let mut by_request: BTreeMap<&str, Vec<(ReferralState, bool)>> = BTreeMap::new();
    for (request, state, started) in &refs {
        let state: ReferralState = state.parse().expect("état de transmission");
        by_request
            .entry(request)
            .or_default()
            .push((state, *started));
    }
    for (id, state, number, search) in &rows {
        let state: RequestState = state.parse().expect("état");
        let of = by_request.get(id.as_str()).cloned().unwrap_or_default();
        let states: Vec<ReferralState> = of.iter().map(|(s, _)| *s).collect();
        assert!(is_consistent(state, &states), "{state:?} {states:?}");
        if of.iter().any(|(_, started)| *started) {
            assert!(
                is_routed(state, &states),
                "started but not routed: {state:?}"
            );
        }
        assert!(search.contains("charge test"), "{search}");
        assert!(search.ends_with(&number.replace('-', " ")), "{search}");
    }
}

#[tokio::test]
async fn a_filed_request_is_searchable_without_accents() {
    let app = spawn_app_seeded().await;
    let client = demo(&app, "camille.martin@demo.test").await;
    let id = file_request(&app, &client, RequestKind::Question, "13055").await;
    let mut conn = app.pool.get().expect("connexion");
    let search: String = requests::table
        .find(&id)
        .select(requests::search_text)
        .first(&mut conn)
        .expect("demande");
    assert!(search.contains("camille martin"), "{search}");
    assert!(search.contains("marseille"), "{search}");
}
