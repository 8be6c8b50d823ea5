//! Inbox pages served again (`web::view_cache`): never once this server wrote anything, never
//! to another reader.

use diesel::prelude::*;
use guichet::db::schema::requests;
use guichet::domain::request::RequestKind;

use crate::backoffice::get;
use crate::helpers::spawn_app_seeded;
use crate::request_helpers::{demo, file_request};
use crate::session_helpers::{csrf_token, post_form};

const REFERENT: &str = "referent.13-84@demo.test";
const VIEW: &str = "/guichet/demandes?onglet=a-qualifier&tri=date";

/// The table row of request `id` in an inbox page.
fn row<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let start = html.find(&format!("href=\"/demandes/{id}\""))?;
    let rest = &html[start..];
    Some(&rest[..rest.find("</tr>").unwrap_or(rest.len())])
}

#[tokio::test]
async fn a_kept_inbox_page_gives_way_to_every_write_and_stays_with_its_reader() {
    let app = spawn_app_seeded().await;
    let pro = demo(&app, "camille.martin@demo.test").await;
    let a = file_request(&app, &pro, RequestKind::Question, "13055").await;
    let referent = demo(&app, REFERENT).await;
    let (status, first) = get(&app, &referent, VIEW).await;
    assert_eq!(status, 200);
    let shown = row(&first, &a).expect("la demande est listée");
    assert!(!shown.contains("Urgente"), "{shown}");

    // Another process writes (`guichet seed load`, a second server): the page kept for this
    // reader is served again for a few seconds, as documented…
    {
        let mut conn = app.pool.get().expect("connexion");
        diesel::update(requests::table.find(&a))
            .set(requests::priority.eq("urgent"))
            .execute(&mut conn)
            .expect("priorité");
    }
    let (_, again) = get(&app, &referent, VIEW).await;
    assert_eq!(again, first, "the kept page is served again");

    // …until this server writes anything: the référent takes the request.
    let token = csrf_token(&app, &referent).await;
    let r = referent
        .post(app.url("/guichet/demandes/lot"))
        .form(&[
            ("action", "assigner"),
            ("referent", "moi"),
            ("ids", a.as_str()),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .expect("lot");
    assert_eq!(r.status(), 303);
    let (_, after) = get(&app, &referent, VIEW).await;
    let shown = row(&after, &a).expect("toujours listée");
    assert!(shown.contains("Romain Référent"), "{shown}");
    assert!(shown.contains("Urgente"), "{shown}");

    // A message from the professional shows as unread; opening the request (a GET that records
    // the reading) clears the marker at once.
    let r = post_form(
        &app,
        &pro,
        &format!("/demandes/{a}/messages"),
        &[("text", "Voici les précisions demandées.")],
    )
    .await;
    assert_eq!(r.status(), 303);
    let (_, unread) = get(&app, &referent, VIEW).await;
    assert!(
        row(&unread, &a).is_some_and(|r| r.contains("Message non lu")),
        "unread marker"
    );
    let (status, _) = get(&app, &referent, &format!("/demandes/{a}")).await;
    assert_eq!(status, 200);
    let (_, read) = get(&app, &referent, VIEW).await;
    assert!(
        row(&read, &a).is_some_and(|r| !r.contains("Message non lu")),
        "marker gone once read"
    );

    // Another session of the same person gets a page with its own CSRF token; another référent
    // gets their own départements, never the page kept for the first.
    let (_, mine) = get(&app, &referent, VIEW).await;
    let second = demo(&app, REFERENT).await;
    let (_, theirs) = get(&app, &second, VIEW).await;
    let (t1, t2) = (
        csrf_token(&app, &referent).await,
        csrf_token(&app, &second).await,
    );
    assert_ne!(t1, t2);
    assert!(mine.contains(&t1) && !mine.contains(&t2));
    assert!(theirs.contains(&t2) && !theirs.contains(&t1));
    let other = demo(&app, "referent.04-05-06-83@demo.test").await;
    let (status, elsewhere) = get(&app, &other, VIEW).await;
    assert_eq!(status, 200);
    assert!(row(&elsewhere, &a).is_none());
    assert!(elsewhere.contains("Rachida"));
    assert!(!elsewhere.contains("Romain"));
}
