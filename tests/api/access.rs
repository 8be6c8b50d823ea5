//! The admin actions × every role (and an admin of another région), with the change each one
//! really makes. The whole table, every route × every person, is `access_matrix.rs`.

use guichet::domain::account::Role;

use crate::helpers::{new_client, spawn_app_seeded, TestApp};
use crate::request_helpers::institution_93;
use crate::session_helpers::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Who {
    Anonymous,
    Professional,
    Referent,
    Partner,
    Admin,
    OtherAdmin,
}

const EVERYONE: [Who; 6] = [
    Who::Anonymous,
    Who::Professional,
    Who::Referent,
    Who::Partner,
    Who::Admin,
    Who::OtherAdmin,
];

/// Expected status for `who`, given the route's rule.
#[derive(Clone, Copy)]
enum Rule {
    AdminOfRegion93,
    AnyAdmin,
}

fn expected(rule: Rule, who: Who, ok: u16) -> u16 {
    match (rule, who) {
        (_, Who::Anonymous) => 303,
        (Rule::AnyAdmin, Who::Admin | Who::OtherAdmin) => ok,
        (Rule::AdminOfRegion93, Who::Admin) => ok,
        _ => 404,
    }
}

pub(crate) struct People {
    pub(crate) clients: Vec<(Who, reqwest::Client)>,
    partner_id: String,
}

pub(crate) async fn people(app: &TestApp) -> People {
    // The app was built on seeded data (spawn_app_seeded): territories, institutions, demo accounts.
    let cpam13 = institution_93(app, "CPAM des Bouches-du-Rhône");
    create_user(app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    create_user(
        app,
        "ref@exemple.fr",
        Role::Referent,
        Some("93"),
        None,
        &["13"],
    )
    .await;
    create_user(
        app,
        "cpam@exemple.fr",
        Role::Partner,
        Some("93"),
        Some(&cpam13),
        &[],
    )
    .await;
    // The account the admin routes act on (not one of the clients: a role change ends its sessions).
    let partner_id = create_user(
        app,
        "cible@exemple.fr",
        Role::Partner,
        Some("93"),
        Some(&cpam13),
        &[],
    )
    .await;
    create_user(app, "admin@exemple.fr", Role::Admin, Some("93"), None, &[]).await;
    create_user(
        app,
        "admin84@exemple.fr",
        Role::Admin,
        Some("84"),
        None,
        &[],
    )
    .await;
    let mut clients = vec![(Who::Anonymous, new_client())];
    for (who, email) in [
        (Who::Professional, "pro@exemple.fr"),
        (Who::Referent, "ref@exemple.fr"),
        (Who::Partner, "cpam@exemple.fr"),
        (Who::Admin, "admin@exemple.fr"),
        (Who::OtherAdmin, "admin84@exemple.fr"),
    ] {
        clients.push((who, signed_in(app, email).await));
    }
    People {
        clients,
        partner_id,
    }
}

#[tokio::test]
async fn every_state_changing_admin_route_for_every_role() {
    let app = spawn_app_seeded().await;
    let people = people(&app).await;
    let id = people.partner_id.clone();
    let cpam13_id = institution_93(&app, "CPAM des Bouches-du-Rhône");
    let cpam13 = format!("institution:{cpam13_id}");
    type Route<'a> = (String, Vec<(&'a str, &'a str)>, Rule);
    let routes: Vec<Route> = vec![
        (
            format!("/admin/utilisateurs/{id}/role"),
            vec![("role", "referent")],
            Rule::AdminOfRegion93,
        ),
        (
            format!("/admin/utilisateurs/{id}/desactiver"),
            vec![],
            Rule::AdminOfRegion93,
        ),
        (
            format!("/admin/utilisateurs/{id}/reactiver"),
            vec![],
            Rule::AdminOfRegion93,
        ),
        (
            "/admin/invitations".to_string(),
            vec![("email", ""), ("role", "")],
            Rule::AnyAdmin,
        ),
        (
            "/admin/institutions".to_string(),
            vec![("kind", ""), ("name", "")],
            Rule::AnyAdmin,
        ),
        (
            "/admin/aides/regionales".to_string(),
            vec![("body", "")],
            Rule::AnyAdmin,
        ),
        (
            format!("/admin/institutions/{cpam13_id}/reactiver"),
            vec![],
            Rule::AdminOfRegion93,
        ),
        (
            format!("/admin/institutions/{cpam13_id}/modifier"),
            vec![
                ("name", "CPAM des Bouches-du-Rhône"),
                ("email", "contact@cpam13.exemple.fr"),
                ("phone", ""),
            ],
            Rule::AdminOfRegion93,
        ),
        // Each admin writes the texts of her own région.
        (
            "/admin/contenus/medecin-s-installer".to_string(),
            vec![("body", "## Matrice des accès"), ("action", "enregistrer")],
            Rule::AnyAdmin,
        ),
        // Another région's admin: the département 13 is not theirs (404).
        (
            "/admin/orientation/modifier".to_string(),
            vec![
                ("departement", "13"),
                ("regle", "msp"),
                ("entree", &cpam13),
                ("motif", "Matrice des accès"),
            ],
            Rule::AdminOfRegion93,
        ),
        (
            "/admin/orientation/retablir".to_string(),
            vec![
                ("departement", "13"),
                ("regle", "msp"),
                ("motif_retablir", "Matrice des accès"),
            ],
            Rule::AdminOfRegion93,
        ),
    ];
    let mut failures = Vec::new();
    for (path, fields, rule) in &routes {
        for who in EVERYONE {
            let client = &people
                .clients
                .iter()
                .find(|(w, _)| *w == who)
                .expect("client")
                .1;
            let status = post_form(&app, client, path, fields)
                .await
                .status()
                .as_u16();
            // A successful action redirects (303); the empty invitation or institution is re-shown
            // with errors (422).
            let ok = if path.ends_with("/invitations")
                || path.ends_with("/admin/institutions")
                || path.ends_with("/aides/regionales")
            {
                422
            } else {
                303
            };
            let want = expected(*rule, who, ok);
            if status != want {
                failures.push(format!("POST {path} as {who:?}: {status}, expected {want}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
