//! What a request takes: 50 Mo in all, even when the uploads arrive together; nothing once it is
//! treated, closed or withdrawn; and a refused upload leaves no file behind.

use guichet::domain::account::Role;
use guichet::domain::request::RequestKind;

use crate::helpers::{spawn_app_seeded, TestApp};
use crate::request_helpers::{create_draft, file_request};
use crate::session_helpers::{create_user, post_form, signed_in};
use crate::upload_helpers::{pdf_of_size, upload};

const MIB: usize = 1024 * 1024;

fn files_on_disk(app: &TestApp) -> usize {
    std::fs::read_dir(&app.settings.uploads.dir).map_or(0, |d| d.count())
}

fn rows(app: &TestApp, id: &str) -> usize {
    let mut conn = app.pool.get().expect("connexion");
    guichet::db::timeline::attachments(&mut conn, id)
        .expect("pièces")
        .len()
}

#[tokio::test]
async fn parallel_uploads_cannot_pass_the_50_mo_of_a_request_together() {
    let app = spawn_app_seeded().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let id = create_draft(&app, &pro, "question").await;
    let path = format!("/demandes/{id}/pieces");
    // Six files of almost 10 Mo each, sent at once: five fit in 50 Mo.
    let sends = (0..6).map(|i| {
        let (app, pro, path) = (&app, &pro, &path);
        async move {
            upload(
                app,
                pro,
                path,
                &format!("piece-{i}.pdf"),
                pdf_of_size(10 * MIB - 4096),
            )
            .await
        }
    });
    let answers = futures_util::future::join_all(sends).await;
    let mut statuses: Vec<u16> = answers.iter().map(|(s, _)| *s).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [303, 303, 303, 303, 303, 422], "{answers:?}");
    let refused = answers
        .iter()
        .find(|(s, _)| *s == 422)
        .map(|(_, b)| b.as_str())
        .unwrap_or_default();
    assert!(refused.contains("50 Mo"), "{refused}");
    // Five rows, five files: the refused upload left nothing on disk.
    assert_eq!((rows(&app, &id), files_on_disk(&app)), (5, 5));
}

#[tokio::test]
async fn a_withdrawn_request_takes_no_more_documents() {
    let app = spawn_app_seeded().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let id = file_request(&app, &pro, RequestKind::AidApplication, "83137").await;
    let path = format!("/demandes/{id}/pieces");
    // Filed and being handled: documents are still welcome.
    let (status, body) = upload(&app, &pro, &path, "avant.pdf", pdf_of_size(1000)).await;
    assert_eq!(status, 303, "{body}");
    let r = post_form(&app, &pro, &format!("/demandes/{id}/retirer"), &[]).await;
    assert_eq!(r.status(), 303);
    let (status, body) = upload(&app, &pro, &path, "apres.pdf", pdf_of_size(1000)).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("retirée"), "{body}");
    assert_eq!((rows(&app, &id), files_on_disk(&app)), (1, 1));
}
