//! Upload bodies cannot hold the server's memory: a cut-off or stalled body gets an answer
//! within seconds and gives its bytes back; the bytes of uploads held at once are bounded.

use std::time::Duration;

use guichet::domain::account::Role;

use crate::helpers::{spawn_app_seeded_configured, TestApp};
use crate::request_helpers::create_draft;
use crate::session_helpers::create_user;
use crate::upload_helpers::{pdf_of_size, signed_in_with_jar, upload, RawUpload};

const MIB: usize = 1024 * 1024;

/// A server holding at most 12 Mio of uploads at once, giving up on a body silent for 2 s.
async fn small_budget_app() -> TestApp {
    spawn_app_seeded_configured(|s| {
        s.uploads.in_flight_mib = 12;
        s.uploads.read_idle_seconds = 2;
        s.uploads.read_deadline_seconds = 10;
    })
    .await
}

#[tokio::test]
async fn a_body_cut_inside_its_closing_boundary_is_answered_and_its_bytes_given_back() {
    let app = small_budget_app().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let (pro, jar) = signed_in_with_jar(&app, "pro@exemple.fr").await;
    let id = create_draft(&app, &pro, "question").await;
    let path = format!("/demandes/{id}/pieces");
    let mut cut =
        RawUpload::prepare(&app, &pro, &jar, &path, "piece.pdf", &pdf_of_size(9 * MIB)).await;
    cut.cut_in_closing_boundary();
    let len = cut.body.len();
    cut.send_first(len).await;
    let status = cut.status_within(Duration::from_secs(15)).await;
    assert!(
        matches!(status, Some(400 | 408)),
        "a cut-off body gets a 400 or 408 within seconds, got {status:?}"
    );
    // Its 9 Mio are given back: another 9 Mio upload fits in the 12 Mio budget.
    let (status, body) = upload(&app, &pro, &path, "piece.pdf", pdf_of_size(9 * MIB)).await;
    assert_eq!(status, 303, "{body}");
}

#[tokio::test]
async fn uploads_beyond_the_in_flight_budget_wait_for_a_503_and_a_stalled_body_times_out() {
    let app = small_budget_app().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let (pro, jar) = signed_in_with_jar(&app, "pro@exemple.fr").await;
    let id = create_draft(&app, &pro, "question").await;
    let path = format!("/demandes/{id}/pieces");
    // A 9 Mio upload that stalls after its first 64 Kio.
    let mut slow =
        RawUpload::prepare(&app, &pro, &jar, &path, "lent.pdf", &pdf_of_size(9 * MIB)).await;
    slow.send_first(64 * 1024).await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    // Meanwhile a second 9 Mio upload does not fit: 503 with Retry-After, at once.
    let token = crate::session_helpers::csrf_token(&app, &pro).await;
    let part = reqwest::multipart::Part::bytes(pdf_of_size(9 * MIB)).file_name("b.pdf");
    let r = pro
        .post(app.url(&path))
        .multipart(
            reqwest::multipart::Form::new()
                .text("csrf_token", token)
                .part("fichier", part),
        )
        .send()
        .await
        .expect("envoi");
    assert_eq!(r.status(), 503);
    assert!(r.headers().contains_key("retry-after"));
    let text = r.text().await.expect("corps");
    assert!(text.contains("Réessayez"), "{text}");
    // The stalled one is answered 408 once silent for 2 s.
    assert_eq!(slow.status_within(Duration::from_secs(10)).await, Some(408));
    // Then the budget is free again.
    let (status, body) = upload(&app, &pro, &path, "c.pdf", pdf_of_size(9 * MIB)).await;
    assert_eq!(status, 303, "{body}");
}

#[tokio::test]
async fn malformed_multipart_bodies_get_a_french_400_never_a_5xx() {
    let app = small_budget_app().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let (pro, _) = signed_in_with_jar(&app, "pro@exemple.fr").await;
    let id = create_draft(&app, &pro, "question").await;
    let token = crate::session_helpers::csrf_token(&app, &pro).await;
    let part = |name: &str, value: &str| {
        format!("--B\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
    };
    let many_parts = (0..40)
        .map(|i| part(&format!("f{i}"), "x"))
        .collect::<String>()
        + "--B--\r\n";
    let long_text = part("note", &"x".repeat(10_000)) + "--B--\r\n";
    let cases: [(&str, &str, String); 5] = [
        ("no boundary", "multipart/form-data", "--B--\r\n".into()),
        (
            "garbage",
            "multipart/form-data; boundary=B",
            "not multipart at all".into(),
        ),
        (
            "headers cut",
            "multipart/form-data; boundary=B",
            "--B\r\nContent-Disposition: form-da".into(),
        ),
        (
            "too many parts",
            "multipart/form-data; boundary=B",
            many_parts,
        ),
        (
            "overlong text field",
            "multipart/form-data; boundary=B",
            long_text,
        ),
    ];
    for (what, content_type, body) in cases {
        let r = pro
            .post(app.url(&format!("/demandes/{id}/pieces")))
            .header("X-CSRF-Token", &token)
            .header("Content-Type", content_type)
            .body(body)
            .send()
            .await
            .expect("envoi");
        let status = r.status().as_u16();
        let text = r.text().await.unwrap_or_default();
        assert!((400..500).contains(&status), "{what}: {status} {text}");
        assert!(text.contains("lang=\"fr\""), "{what}: a French page");
    }
    // The server still takes a good upload.
    let (status, body) = upload(
        &app,
        &pro,
        &format!("/demandes/{id}/pieces"),
        "a.pdf",
        pdf_of_size(100),
    )
    .await;
    assert_eq!(status, 303, "{body}");
}
