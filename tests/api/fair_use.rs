//! Enumeration and abuse (issue 16, point 11): the e-mail change form tells nobody whether an
//! address has an account; one professional cannot take every permanence place nor pile up
//! drafts.

use diesel::prelude::*;
use guichet::db::schema::outbox;
use guichet::domain::account::Role;

use crate::access_fixture::permanence;
use crate::helpers::{spawn_app_seeded, TestApp};
use crate::session_helpers::*;

fn templates_sent_to(app: &TestApp, address: &str) -> Vec<String> {
    let mut conn = app.pool.get().expect("connexion");
    outbox::table
        .filter(outbox::to_address.eq(address))
        .select(outbox::template)
        .load(&mut conn)
        .expect("outbox")
}

#[tokio::test]
async fn the_email_change_form_answers_the_same_for_a_taken_address() {
    let app = spawn_app_seeded().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    create_user(
        &app,
        "autre@exemple.fr",
        Role::Professional,
        None,
        None,
        &[],
    )
    .await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let change = |address: &'static str| {
        let (app, pro) = (&app, pro.clone());
        async move {
            let r = post_form(
                app,
                &pro,
                "/compte/courriel",
                &[("new_email", address), ("current_password", PASSWORD)],
            )
            .await;
            (r.status().as_u16(), location(&r))
        }
    };
    let free = change("libre@exemple.fr").await;
    let taken = change("autre@exemple.fr").await;
    assert_eq!(free, (303, "/compte?ok=courriel-envoye".to_string()));
    assert_eq!(
        taken, free,
        "same answer for an address that has an account"
    );
    // The free address gets the confirmation link; the taken one's owner is only told.
    assert_eq!(
        templates_sent_to(&app, "libre@exemple.fr"),
        ["email_change_confirm"]
    );
    assert_eq!(
        templates_sent_to(&app, "autre@exemple.fr"),
        ["email_change_taken"]
    );
}

async fn book(app: &TestApp, client: &reqwest::Client, slot: &str) -> (u16, String) {
    let r = post_form(
        app,
        client,
        &format!("/permanences/creneaux/{slot}/reserver"),
        &[("request_number", "")],
    )
    .await;
    let status = r.status().as_u16();
    (status, r.text().await.unwrap_or_default())
}

#[tokio::test]
async fn one_professional_takes_one_place_per_permanence_and_three_upcoming_at_most() {
    let app = spawn_app_seeded().await;
    let author = create_user(
        &app,
        "ref@exemple.fr",
        Role::Referent,
        Some("93"),
        None,
        &["13"],
    )
    .await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let sessions: Vec<Vec<String>> = (1..=4)
        .map(|day| permanence(&app, &author, day, 2).1)
        .collect();

    assert_eq!(book(&app, &pro, &sessions[0][0]).await.0, 303);
    let (status, page) = book(&app, &pro, &sessions[0][1]).await;
    assert_eq!(status, 409);
    assert!(page.contains("un seul créneau par personne"), "{page}");
    assert_eq!(book(&app, &pro, &sessions[1][0]).await.0, 303);
    assert_eq!(book(&app, &pro, &sessions[2][0]).await.0, 303);
    let (status, page) = book(&app, &pro, &sessions[3][0]).await;
    assert_eq!(status, 409);
    assert!(page.contains("trois rendez-vous à venir"), "{page}");
    // The refused places were given back.
    {
        let mut conn = app.pool.get().expect("connexion");
        let booked: i32 = guichet::db::schema::permanence_slots::table
            .find(&sessions[3][0])
            .select(guichet::db::schema::permanence_slots::booked)
            .first(&mut conn)
            .expect("créneau");
        assert_eq!(booked, 0);
    }
    // Cancelling one frees a turn.
    let booking: String = {
        use guichet::db::schema::permanence_bookings as bookings;
        let mut conn = app.pool.get().expect("connexion");
        bookings::table
            .filter(bookings::slot_id.eq(&sessions[0][0]))
            .select(bookings::id)
            .first(&mut conn)
            .expect("réservation")
    };
    let r = post_form(
        &app,
        &pro,
        &format!("/permanences/reservations/{booking}/annuler"),
        &[],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(book(&app, &pro, &sessions[3][0]).await.0, 303);
}

#[tokio::test]
async fn a_professional_keeps_ten_drafts_at_most() {
    let app = spawn_app_seeded().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    for _ in 0..guichet::domain::request::MAX_DRAFTS {
        let r = post_form(&app, &pro, "/demandes", &[("type", "installation-liberal")]).await;
        assert_eq!(r.status(), 303);
    }
    let r = post_form(&app, &pro, "/demandes", &[("type", "installation-liberal")]).await;
    assert_eq!(r.status(), 422);
    assert!(r
        .text()
        .await
        .expect("corps")
        .contains("Vous avez déjà 10 brouillons"));
}
