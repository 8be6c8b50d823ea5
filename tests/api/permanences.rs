//! Permanences: publishing, booking rules, concurrency, e-mails with the .ics, reminders,
//! authorization.

use chrono::{Duration, NaiveDateTime, Timelike};
use guichet::db::permanences;
use guichet::domain::account::Role;
use guichet::domain::permanence::{Mode, SessionPlan};
use guichet::mail::permanence::Mailer;

use crate::helpers::{spawn_app, TestApp};
use crate::session_helpers::*;

/// `days` after the start of every test server (`helpers::test_start`), on the minute.
fn in_days(days: i64) -> NaiveDateTime {
    let t = crate::helpers::test_start() + Duration::days(days);
    t.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap()
}

/// A session of the demo région in `departement`, with one slot per start, created directly.
async fn session(
    app: &TestApp,
    departement: &str,
    starts: &[NaiveDateTime],
    capacity: i32,
) -> (String, Vec<String>) {
    let author = create_user(
        app,
        &format!("auteur-{}@exemple.fr", uuid::Uuid::new_v4().simple()),
        Role::Referent,
        Some("93"),
        None,
        &[departement],
    )
    .await;
    let mut conn = app.pool.get().expect("connexion");
    let institutions: Vec<String> = guichet::db::institutions::list_in_region(&mut conn, "93")
        .unwrap()
        .into_iter()
        .filter(|i| i.departement_code.as_deref() == Some(departement))
        .map(|i| i.id)
        .collect();
    let plan = SessionPlan {
        title: "Permanence installation, Marseille".into(),
        departement_code: departement.into(),
        mode: Mode::SurPlace,
        address: Some("1 rue de la Démo; 13001 Marseille".into()),
        video_url: None,
        details: String::new(),
        capacity,
        slots: starts
            .iter()
            .map(|s| (*s, *s + Duration::minutes(30)))
            .collect(),
        institution_ids: institutions,
    };
    let now = app.now();
    let id = permanences::insert_session(&mut conn, &plan, "93", &author, now).unwrap();
    let slots = permanences::slots_of(&mut conn, std::slice::from_ref(&id))
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    (id, slots)
}

async fn seeded() -> TestApp {
    let app = spawn_app().await;
    app.import_fixture_communes();
    let mut conn = app.pool.get().expect("connexion");
    guichet::seed::demo::seed(&mut conn, &app.settings().security, app.now()).expect("démo");
    app
}

async fn professional(app: &TestApp, name: &str) -> reqwest::Client {
    let email = format!("{name}@exemple.fr");
    create_user(app, &email, Role::Professional, None, None, &[]).await;
    signed_in(app, &email).await
}

async fn book(
    app: &TestApp,
    client: &reqwest::Client,
    slot: &str,
    number: &str,
) -> reqwest::Response {
    post_form(
        app,
        client,
        &format!("/permanences/creneaux/{slot}/reserver"),
        &[("request_number", number)],
    )
    .await
}

fn booked(app: &TestApp, slot: &str) -> i32 {
    let mut conn = app.pool.get().expect("connexion");
    let all = permanences::slots_of(&mut conn, &[slot_session(app, slot)]).unwrap();
    all.into_iter()
        .find(|s| s.id == slot)
        .map(|s| s.booked)
        .unwrap()
}

fn slot_session(app: &TestApp, slot: &str) -> String {
    use diesel::prelude::*;
    use guichet::db::schema::permanence_slots as slots;
    let mut conn = app.pool.get().expect("connexion");
    slots::table
        .find(slot)
        .select(slots::session_id)
        .first(&mut conn)
        .unwrap()
}

#[tokio::test]
async fn a_professional_books_gets_an_ics_and_cancels() {
    let app = seeded().await;
    let start = in_days(20);
    let (session_id, slots) = session(&app, "13", &[start], 1).await;
    let camille = professional(&app, "camille").await;
    let page = camille
        .get(app.url(&format!("/permanences/{session_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Réserver le créneau"));

    // Only one of her own requests can be attached, by its number.
    let refused = book(&app, &camille, &slots[0], "2026-999999").await;
    assert_eq!(refused.status(), 422);
    assert!(refused
        .text()
        .await
        .unwrap()
        .contains("Aucune de vos demandes"));
    // As the page sends it: the session's page again, the number kept, the message beside it.
    let path = format!("/permanences/creneaux/{}/reserver", slots[0]);
    let fields = [("request_number", "2026-999999"), ("session", &session_id)];
    let again = post_form(&app, &camille, &path, &fields).await;
    assert_eq!(again.status(), 422);
    let html = again.text().await.unwrap();
    assert!(
        html.contains("Réserver le créneau"),
        "la page de la permanence"
    );
    assert!(
        html.contains("value=\"2026-999999\""),
        "le numéro saisi est gardé"
    );
    assert!(
        html.contains("class=\"fr-error-text\">Aucune de vos demandes"),
        "le message à côté du champ"
    );
    let created = post_form(&app, &camille, "/demandes", &[("type", "question")]).await;
    assert_eq!(created.status(), 303);
    let number: String = {
        use diesel::prelude::*;
        use guichet::db::schema::requests;
        let mut conn = app.pool.get().unwrap();
        requests::table
            .select(requests::number)
            .first(&mut conn)
            .unwrap()
    };
    let response = book(&app, &camille, &slots[0], &number).await;
    assert_eq!(response.status(), 303);
    let confirmation = camille
        .get(app.url(&location(&response)))
        .send()
        .await
        .unwrap();
    let html = confirmation.text().await.unwrap();
    assert!(html.contains("Votre rendez-vous est réservé"), "{html}");
    assert!(html.contains(&number), "the attached request is shown");
    assert_eq!(booked(&app, &slots[0]), 1);

    let mail = wait_for_email(&app, "camille@exemple.fr", "Rendez-vous confirmé").await;
    assert!(mail.body_text.contains(&number));
    let (name, kind, ics) = mail.attachment.expect("fichier .ics joint");
    assert_eq!(name, "permanence.ics");
    assert!(kind.starts_with("text/calendar"));
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    // The appointment is in Marseille: its times are in Paris civil time, zone included.
    let paris = |t: NaiveDateTime| {
        guichet::domain::civil_time::to_local(guichet::domain::calendar::Territory::Metropole, t)
            .format("%Y%m%dT%H%M%S")
            .to_string()
    };
    assert!(ics.contains("TZID:Europe/Paris\r\n"));
    assert!(ics.contains(&format!("DTSTART;TZID=Europe/Paris:{}\r\n", paris(start))));
    assert!(ics.contains(&format!(
        "DTEND;TZID=Europe/Paris:{}\r\n",
        paris(start + Duration::minutes(30))
    )));
    assert!(ics.contains("LOCATION:1 rue de la Démo\\; 13001 Marseille\r\n"));
    assert!(ics.contains("SUMMARY:Permanence installation\\, Marseille\r\n"));

    // The slot is full for somebody else.
    let other = professional(&app, "dominique").await;
    let refused = book(&app, &other, &slots[0], "").await;
    assert_eq!(refused.status(), 409);
    assert!(refused
        .text()
        .await
        .unwrap()
        .contains("Ce créneau est complet"));

    // Cancelling frees the place.
    let mine = camille
        .get(app.url("/permanences/mes-rendez-vous"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let marker = "action=\"/permanences/reservations/";
    let start_at = mine.find(marker).expect("bouton d'annulation") + marker.len();
    let booking_id = &mine[start_at..start_at + 36];
    let cancelled = post_form(
        &app,
        &camille,
        &format!("/permanences/reservations/{booking_id}/annuler"),
        &[],
    )
    .await;
    assert_eq!(cancelled.status(), 303);
    assert_eq!(booked(&app, &slots[0]), 0);
    let mail = wait_for_email(&app, "camille@exemple.fr", "Rendez-vous annulé").await;
    assert!(mail
        .attachment
        .expect(".ics")
        .2
        .contains("STATUS:CANCELLED"));
    let again = post_form(
        &app,
        &camille,
        &format!("/permanences/reservations/{booking_id}/annuler"),
        &[],
    )
    .await;
    assert_eq!(again.status(), 409, "déjà annulé");
    assert_eq!(booked(&app, &slots[0]), 0);
    assert_eq!(book(&app, &other, &slots[0], "").await.status(), 303);
}

#[tokio::test]
async fn booking_rules_same_person_past_slot_and_request_number() {
    let app = seeded().await;
    let (_, slots) = session(&app, "13", &[in_days(5)], 3).await;
    let (_, past) = session(&app, "13", &[app.now() - Duration::hours(1)], 1).await;
    let camille = professional(&app, "camille").await;
    assert_eq!(book(&app, &camille, &slots[0], "").await.status(), 303);
    let twice = book(&app, &camille, &slots[0], "").await;
    assert_eq!(twice.status(), 409);
    assert!(twice
        .text()
        .await
        .unwrap()
        .contains("Vous avez déjà réservé ce créneau"));
    assert_eq!(
        booked(&app, &slots[0]),
        1,
        "the refused attempt gave its place back"
    );
    let late = book(&app, &camille, &past[0], "").await;
    assert_eq!(late.status(), 409);
    assert!(late.text().await.unwrap().contains("Ce créneau est passé"));
    let invalid = book(&app, &camille, &slots[0], "<script>").await;
    assert_eq!(invalid.status(), 422);
    assert!(invalid.text().await.unwrap().contains("numéro de demande"));
    let unknown = book(&app, &camille, "inconnu", "").await;
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn twenty_concurrent_attempts_for_one_place_make_one_booking() {
    let app = seeded().await;
    let (_, slots) = session(&app, "13", &[in_days(9)], 1).await;
    let mut clients = Vec::new();
    for n in 0..20 {
        let client = professional(&app, &format!("pro{n}")).await;
        let token = csrf_token(&app, &client).await;
        clients.push((client, token));
    }
    let url = app.url(&format!("/permanences/creneaux/{}/reserver", slots[0]));
    let handles: Vec<_> = clients
        .into_iter()
        .map(|(client, token)| {
            let url = url.clone();
            tokio::spawn(async move {
                let response = client
                    .post(url)
                    .form(&[("request_number", ""), ("csrf_token", token.as_str())])
                    .send()
                    .await
                    .expect("POST");
                let status = response.status().as_u16();
                (status, response.text().await.unwrap_or_default())
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for handle in handles {
        statuses.push(handle.await.expect("tâche"));
    }
    let won = statuses.iter().filter(|(s, _)| *s == 303).count();
    let full = statuses
        .iter()
        .filter(|(s, body)| *s == 409 && body.contains("Ce créneau est complet"))
        .count();
    assert_eq!(
        won,
        1,
        "{:?}",
        statuses.iter().map(|s| s.0).collect::<Vec<_>>()
    );
    assert_eq!(full, 19);
    assert_eq!(booked(&app, &slots[0]), 1);
    let mut conn = app.pool.get().unwrap();
    let attendees = permanences::attendees_of(&mut conn, &slot_session(&app, &slots[0])).unwrap();
    assert_eq!(attendees.len(), 1);
}

fn reminders_in_outbox(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use guichet::db::schema::outbox;
    let mut conn = app.pool.get().unwrap();
    outbox::table
        .filter(outbox::template.eq("permanence_reminder"))
        .count()
        .get_result(&mut conn)
        .unwrap()
}

#[tokio::test]
async fn the_reminder_is_sent_once_48_hours_before_and_not_after_cancelling() {
    let app = seeded().await;
    let start = in_days(30);
    let (_, slots) = session(&app, "13", &[start, start + Duration::hours(2)], 1).await;
    let camille = professional(&app, "camille").await;
    let dominique = professional(&app, "dominique").await;
    assert_eq!(book(&app, &camille, &slots[0], "").await.status(), 303);
    assert_eq!(book(&app, &dominique, &slots[1], "").await.status(), 303);
    {
        let mut conn = app.pool.get().unwrap();
        let dominique_booking = permanences::due_reminders(&mut conn, start, Duration::hours(3))
            .unwrap()
            .pop()
            .unwrap();
        let owner = permanences::find_booking(&mut conn, &dominique_booking)
            .unwrap()
            .unwrap()
            .booking
            .user_id;
        permanences::cancel(&mut conn, &dominique_booking, &owner, app.now()).unwrap();
    }
    let templates = guichet::startup::load_templates(app.settings()).unwrap();
    let mailer = Mailer {
        templates: &templates,
        base_url: "http://guichet.test",
    };
    let mut conn = app.pool.get().unwrap();
    let run = |conn: &mut guichet::db::DbConnection, at| {
        guichet::jobs::reminders::run_once(conn, &mailer, at).unwrap()
    };
    assert_eq!(run(&mut conn, start - Duration::hours(49)), 0);
    assert_eq!(reminders_in_outbox(&app), 0);
    assert_eq!(run(&mut conn, start - Duration::hours(47)), 1);
    assert_eq!(reminders_in_outbox(&app), 1);
    assert_eq!(
        run(&mut conn, start - Duration::hours(46)),
        0,
        "never twice"
    );
    assert_eq!(
        run(&mut conn, start + Duration::hours(1)),
        0,
        "the cancelled one gets nothing"
    );
    assert_eq!(reminders_in_outbox(&app), 1);
    // Written for the outbox worker, to the person who booked.
    use diesel::prelude::*;
    use guichet::db::schema::outbox;
    let (to, subject, body): (String, String, String) = outbox::table
        .filter(outbox::template.eq("permanence_reminder"))
        .select((outbox::to_address, outbox::subject, outbox::body_text))
        .first(&mut conn)
        .unwrap();
    assert_eq!(to, "camille@exemple.fr");
    assert!(subject.starts_with("Rappel : Permanence installation, Marseille"));
    assert!(body.contains("annulez votre rendez-vous"));
}

#[tokio::test]
async fn only_referents_and_admins_publish_and_agents_see_their_own_bookings() {
    let app = seeded().await;
    let pro = professional(&app, "camille").await;
    assert_eq!(
        pro.get(app.url("/permanences/nouvelle"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        post_form(&app, &pro, "/permanences", &[("title", "X")])
            .await
            .status(),
        404
    );
    create_user(
        &app,
        "ref13@exemple.fr",
        Role::Referent,
        Some("93"),
        None,
        &["13"],
    )
    .await;
    create_user(
        &app,
        "ref06@exemple.fr",
        Role::Referent,
        Some("93"),
        None,
        &["06"],
    )
    .await;
    let ref13 = signed_in(&app, "ref13@exemple.fr").await;
    let ref06 = signed_in(&app, "ref06@exemple.fr").await;

    let form = ref13
        .get(app.url("/permanences/nouvelle"))
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    assert!(html.contains("Bouches-du-Rhône (13)"));
    assert!(
        !html.contains("Alpes-Maritimes (06)"),
        "only the référent's départements"
    );
    let cpam13 = {
        let mut conn = app.pool.get().unwrap();
        guichet::db::institutions::list_in_region(&mut conn, "93")
            .unwrap()
            .into_iter()
            .find(|i| i.name == "CPAM des Bouches-du-Rhône")
            .unwrap()
            .id
    };
    let date = (app.now() + Duration::days(12))
        .format("%Y-%m-%d")
        .to_string();
    let mut fields = vec![
        ("title", "Permanence de Marseille"),
        ("departement", "13"),
        ("mode", "sur-place"),
        ("address", "Hôtel de ville, Marseille"),
        ("video_url", ""),
        ("date", date.as_str()),
        ("start_time", "09:00"),
        ("slot_minutes", "30"),
        ("slot_count", "3"),
        ("capacity", "1"),
        ("details", ""),
        ("institutions", cpam13.as_str()),
    ];
    let refused = post_form(&app, &ref06, "/permanences", &fields).await;
    assert_eq!(refused.status(), 422, "another référent's département");
    fields[7] = ("slot_minutes", "5");
    let invalid = post_form(&app, &ref13, "/permanences", &fields).await;
    assert_eq!(invalid.status(), 422);
    assert!(invalid
        .text()
        .await
        .unwrap()
        .contains("La durée d&#x27;un créneau va de 10 à 120 minutes."));
    fields[7] = ("slot_minutes", "30");
    let created = post_form(&app, &ref13, "/permanences", &fields).await;
    assert_eq!(created.status(), 303);
    let session_path = location(&created);
    let page = pro
        .get(app.url(&session_path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("09 h 00 – 09 h 30"));
    assert!(page.contains("CPAM des Bouches-du-Rhône"));
    let list = pro
        .get(app.url("/permanences"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("Permanence de Marseille"));

    let marker = "action=\"/permanences/creneaux/";
    let at = page.find(marker).unwrap() + marker.len();
    let slot = &page[at..at + 36];
    assert_eq!(book(&app, &pro, slot, "").await.status(), 303);

    let inscriptions = format!("{session_path}/inscriptions");
    let seen = ref13.get(app.url(&inscriptions)).send().await.unwrap();
    assert_eq!(seen.status(), 200);
    assert!(seen.text().await.unwrap().contains("camille@exemple.fr"));
    assert_eq!(
        ref06
            .get(app.url(&inscriptions))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        pro.get(app.url(&inscriptions))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    // A partner agent of an institution present sees them; another does not.
    create_user(
        &app,
        "cpam13@exemple.fr",
        Role::Partner,
        Some("93"),
        Some(&cpam13),
        &[],
    )
    .await;
    let agent = signed_in(&app, "cpam13@exemple.fr").await;
    assert_eq!(
        agent
            .get(app.url(&inscriptions))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let anonymous = crate::helpers::new_client();
    assert_eq!(
        anonymous
            .get(app.url(&inscriptions))
            .send()
            .await
            .unwrap()
            .status(),
        303,
        "sign in first"
    );
}

#[tokio::test]
async fn the_demo_data_has_upcoming_permanences() {
    let app = seeded().await;
    let html = app.get("/permanences").await.text().await.unwrap();
    assert!(html.contains("Permanence installation des Bouches-du-Rhône"));
    assert!(html.contains("Permanence en visioconférence de Vaucluse"));
    assert!(html.contains("place"));
}
