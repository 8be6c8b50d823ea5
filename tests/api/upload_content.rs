//! Documents are named by their content: what the sender called them does not choose the
//! extension they are served under; broken files and markup polyglots are refused.

use guichet::domain::account::Role;

use crate::helpers::{spawn_app_seeded, TestApp};
use crate::request_helpers::create_draft;
use crate::session_helpers::{create_user, signed_in};
use crate::upload_helpers::{pdf_of_size, upload};

fn jpeg() -> Vec<u8> {
    let img = image::RgbImage::from_fn(16, 16, |x, y| image::Rgb([x as u8 * 15, y as u8 * 15, 7]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("JPEG");
    out.into_inner()
}

fn stored(app: &TestApp, id: &str) -> Vec<guichet::db::timeline::Attachment> {
    let mut conn = app.pool.get().expect("connexion");
    guichet::db::timeline::attachments(&mut conn, id).expect("pièces")
}

async fn download(
    app: &TestApp,
    client: &reqwest::Client,
    id: &str,
    attachment: &str,
) -> (String, String, Vec<u8>) {
    let r = client
        .get(app.url(&format!("/demandes/{id}/pieces/{attachment}")))
        .send()
        .await
        .expect("téléchargement");
    assert_eq!(r.status(), 200);
    let header = |name: &str| r.headers()[name].to_str().expect("en-tête").to_string();
    let (disposition, mime) = (header("content-disposition"), header("content-type"));
    (disposition, mime, r.bytes().await.expect("corps").to_vec())
}

#[tokio::test]
async fn a_jpeg_sent_as_hta_is_stored_and_served_as_jpg() {
    let app = spawn_app_seeded().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let id = create_draft(&app, &pro, "question").await;
    let path = format!("/demandes/{id}/pieces");
    let (status, body) = upload(&app, &pro, &path, "piece.hta", jpeg()).await;
    assert_eq!(status, 303, "{body}");
    let (status, body) = upload(&app, &pro, &path, "dossier.bat", pdf_of_size(100)).await;
    assert_eq!(status, 303, "{body}");
    let rows = stored(&app, &id);
    let names: Vec<&str> = rows.iter().map(|a| a.display_name.as_str()).collect();
    assert_eq!(names, ["piece.jpg", "dossier.pdf"]);
    let (disposition, mime, bytes) = download(&app, &pro, &id, &rows[0].id).await;
    assert!(
        disposition.contains("filename=\"piece.jpg\""),
        "{disposition}"
    );
    assert!(!disposition.contains("hta"), "{disposition}");
    assert_eq!(mime, "image/jpeg");
    assert_eq!(bytes, jpeg());
    let page = pro
        .get(app.url(&format!("/demandes/{id}/modifier")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("corps");
    assert!(page.contains("piece.jpg") && !page.contains("piece.hta"));
}

#[tokio::test]
async fn a_document_stored_under_a_foreign_extension_is_served_with_its_type_s() {
    let app = spawn_app_seeded().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let id = create_draft(&app, &pro, "question").await;
    let (status, body) = upload(
        &app,
        &pro,
        &format!("/demandes/{id}/pieces"),
        "photo.jpg",
        jpeg(),
    )
    .await;
    assert_eq!(status, 303, "{body}");
    // A row written before names followed the content.
    {
        use diesel::prelude::*;
        use guichet::db::schema::attachments;
        let mut conn = app.pool.get().expect("connexion");
        diesel::update(attachments::table.filter(attachments::request_id.eq(&id)))
            .set(attachments::display_name.eq("ancien.hta"))
            .execute(&mut conn)
            .expect("mise à jour");
    }
    let rows = stored(&app, &id);
    let (disposition, _, _) = download(&app, &pro, &id, &rows[0].id).await;
    assert!(
        disposition.contains("filename=\"ancien.jpg\""),
        "{disposition}"
    );
}

#[tokio::test]
async fn broken_files_and_markup_polyglots_are_refused_with_a_message() {
    let app = spawn_app_seeded().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let id = create_draft(&app, &pro, "question").await;
    let path = format!("/demandes/{id}/pieces");
    // A JPEG whose comment holds a script: still an image, but a browser would run it.
    let mut polyglot = jpeg()[..2].to_vec();
    let script = b"<script>alert(document.cookie)</script>";
    polyglot.extend([0xFF, 0xFE, 0, (script.len() + 2) as u8]);
    polyglot.extend(script);
    polyglot.extend(&jpeg()[2..]);
    let (status, body) = upload(&app, &pro, &path, "photo.jpg", polyglot).await;
    assert_eq!(status, 422);
    assert!(body.contains("contenu actif"), "{body}");
    // Starts like a PDF, ends like one, but is none.
    let (status, body) = upload(
        &app,
        &pro,
        &path,
        "a.pdf",
        b"%PDF-1.4\n<html>\n%%EOF\n".to_vec(),
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("contenu actif"), "{body}");
    let (status, body) = upload(
        &app,
        &pro,
        &path,
        "a.pdf",
        b"%PDF-1.4\nhello\n%%EOF\n".to_vec(),
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("endommagé"), "{body}");
    // JPEG header, no image.
    let (status, body) = upload(
        &app,
        &pro,
        &path,
        "a.jpg",
        b"\xFF\xD8\xFF\xE0\x00\x10JFIF\0garbage".to_vec(),
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("endommagé"), "{body}");
    assert!(stored(&app, &id).is_empty());
}
