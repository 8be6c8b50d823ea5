//! Where the browser goes after signing in: only to a page of this site (issue 16, point 1).

use guichet::domain::account::Role;

use crate::helpers::{new_client, spawn_app};
use crate::session_helpers::*;

#[tokio::test]
async fn a_hostile_next_page_after_sign_in_falls_back_to_the_account_and_never_errors() {
    let app = spawn_app().await;
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let hostile = [
        "/\t/evil.example",
        "/\n/evil.example",
        "/compte\r\nSet-Cookie: x=1",
        "/compte\0",
        "/compte\u{7f}",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
    ];
    for suite in hostile {
        let client = new_client();
        let response = post_form(
            &app,
            &client,
            "/connexion",
            &[
                ("email", "pro@exemple.fr"),
                ("password", PASSWORD),
                ("suite", suite),
            ],
        )
        .await;
        assert_eq!(response.status(), 303, "{suite:?}");
        assert_eq!(location(&response), "/compte", "{suite:?}");
    }
    let client = new_client();
    let response = post_form(
        &app,
        &client,
        "/connexion",
        &[
            ("email", "pro@exemple.fr"),
            ("password", PASSWORD),
            ("suite", "/simulateur?profession=medecin"),
        ],
    )
    .await;
    assert_eq!(location(&response), "/simulateur?profession=medecin");
}
