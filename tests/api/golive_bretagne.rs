//! The whole start of a région other than the demo one (Bretagne, 53), with no demo data: the
//! first admin, the national directory of institutions, one institution completed, a référent,
//! a professional who files an installation in Rennes, the fan-out and the référent's inbox.

use guichet::domain::institution_directory::{parse, SHIPPED};
use guichet::domain::request::{PracticeMode, RequestKind};
use guichet::ops::admin::{create, NewAdmin};

use crate::helpers::{new_client, spawn_app, TestApp};
use crate::request_helpers::{file_request, referrals_of};
use crate::session_helpers::{
    link_in, location, post_form, query_value, signed_in, wait_for_email, PASSWORD,
};

fn institution_id(app: &TestApp, key: &str) -> String {
    use diesel::prelude::*;
    use guichet::db::schema::institutions;
    let mut conn = app.pool.get().expect("connexion");
    institutions::table
        .filter(institutions::directory_key.eq(key))
        .select(institutions::id)
        .first(&mut conn)
        .expect(key)
}

/// Institution kinds of the referrals flagged "institution manquante" (no institution).
fn missing_kinds(app: &TestApp, request: &str) -> Vec<String> {
    use diesel::prelude::*;
    use guichet::db::schema::referrals;
    let mut conn = app.pool.get().expect("connexion");
    referrals::table
        .filter(referrals::request_id.eq(request))
        .filter(referrals::institution_id.is_null())
        .filter(referrals::removed_at.is_null())
        .order(referrals::position)
        .select(referrals::institution_kind)
        .load(&mut conn)
        .expect("transmissions")
}

/// Accepts an invitation (or the first admin's link) and chooses the password.
async fn accept(app: &TestApp, link: &str) {
    let jeton = query_value(link, "jeton");
    let r = post_form(
        app,
        &new_client(),
        "/invitation",
        &[("jeton", &jeton), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
}

#[tokio::test]
async fn bretagne_starts_from_an_empty_database() {
    let app = spawn_app().await;
    // 1. The first administrator, from the command's link.
    let link = {
        let mut conn = app.pool.get().expect("connexion");
        let request = NewAdmin {
            email: "admin.bretagne@exemple.fr",
            region: Some("53"),
            name: Some("Maël Le Roux"),
            send_email: false,
        };
        create(&mut conn, app.settings(), &request, app.now())
            .expect("admin create")
            .link
    };
    accept(&app, &link).await;
    let admin = signed_in(&app, "admin.bretagne@exemple.fr").await;

    // 2. The institutions of France, imported; Bretagne's are listed, all "à compléter".
    let entries = parse(SHIPPED).expect("annuaire");
    {
        let mut conn = app.pool.get().expect("connexion");
        let report =
            guichet::import::institutions::import(&mut conn, &entries, app.now()).expect("import");
        assert_eq!(report.added, entries.len());
    }
    let list = admin
        .get(app.url("/admin/institutions"))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("corps");
    assert!(list.contains("CPAM d&#x27;Ille-et-Vilaine"), "{list}");
    assert!(
        !list.contains("CPAM du Var"),
        "another région's institution"
    );
    let bretagne = entries.iter().filter(|e| e.region_code == "53").count();
    assert!(
        list.contains(&format!("{bretagne} institution(s) à compléter")),
        "{bretagne}: {list}"
    );

    // 3. Two institutions of Ille-et-Vilaine completed with their contact mailbox.
    for (key, name, email) in [
        (
            "ars_dd:35",
            "ARS Bretagne — délégation d'Ille-et-Vilaine",
            "ars35@exemple.fr",
        ),
        ("cpam:35", "CPAM d'Ille-et-Vilaine", "cpam35@exemple.fr"),
    ] {
        let id = institution_id(&app, key);
        let r = post_form(
            &app,
            &admin,
            &format!("/admin/institutions/{id}/modifier"),
            &[
                ("name", name),
                ("email", email),
                ("phone", "02 99 00 00 00"),
            ],
        )
        .await;
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    }

    // 4. A référent for Ille-et-Vilaine, invited and signed in.
    let r = post_form(
        &app,
        &admin,
        "/admin/invitations",
        &[
            ("email", "referente35@exemple.fr"),
            ("first_name", "Gwenaëlle"),
            ("last_name", "Kerjean"),
            ("role", "referent"),
            ("departements", "35"),
        ],
    )
    .await;
    assert_eq!(location(&r), "/admin/utilisateurs?ok=invitation-envoyee");
    let mail = wait_for_email(&app, "referente35@exemple.fr", "Votre accès").await;
    accept(&app, &link_in(&mail.body_text, "/invitation?jeton=")).await;
    let referente = signed_in(&app, "referente35@exemple.fr").await;

    // 5. A professional registers, verifies the address and files an installation in Rennes.
    let pro = new_client();
    let rpps = guichet::domain::identifiers::luhn_complete("1000077777");
    let r = post_form(
        &app,
        &pro,
        "/inscription",
        &[
            ("email", "yann.guivarch@exemple.fr"),
            ("password", PASSWORD),
            ("first_name", "Yann"),
            ("last_name", "Guivarc'h"),
            ("profession", "medecin"),
            ("situation", "installe"),
            ("professional_number", &rpps),
        ],
    )
    .await;
    assert_eq!(location(&r), "/inscription/envoyee");
    let mail = wait_for_email(&app, "yann.guivarch@exemple.fr", "Confirmez votre adresse").await;
    let jeton = query_value(
        &link_in(&mail.body_text, "/compte/verifier?jeton="),
        "jeton",
    );
    let r = post_form(&app, &pro, "/compte/verifier", &[("jeton", &jeton)]).await;
    assert_eq!(location(&r), "/connexion?ok=adresse-verifiee");
    let pro = signed_in(&app, "yann.guivarch@exemple.fr").await;
    let request = file_request(
        &app,
        &pro,
        RequestKind::Installation(PracticeMode::Liberal),
        "35238",
    )
    .await;

    // 6. Routed to the completed institutions; the others are "institution manquante".
    let routed: Vec<String> = referrals_of(&app, &request)
        .into_iter()
        .map(|(_, name, _)| name)
        .collect();
    assert_eq!(
        routed,
        [
            "ARS Bretagne — délégation d'Ille-et-Vilaine",
            "CPAM d'Ille-et-Vilaine"
        ]
    );
    assert_eq!(missing_kinds(&app, &request), ["ordre", "urps", "urssaf"]);

    // 7. The référent sees it in the inbox.
    let inbox = referente
        .get(app.url("/guichet/demandes"))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("corps");
    assert!(inbox.contains(&format!("/demandes/{request}")), "{inbox}");
}

#[test]
fn importing_the_directory_twice_changes_nothing() {
    use crate::cli::{guichet, run};
    let dir = tempfile::tempdir().expect("tmp");
    let url = crate::helpers::fresh_database_url(dir.path());
    let cmd = |args: &[&str]| run(guichet().args(args).env("DATABASE_URL", &url));
    // The territories come first.
    let (code, _, err) = cmd(&["import", "institutions"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("guichet import communes"), "{err}");
    let (code, _, err) = cmd(&["import", "communes"]);
    assert_eq!(code, 0, "{err}");
    let (code, first, err) = cmd(&["import", "institutions"]);
    assert_eq!(code, 0, "{err}");
    let rows = parse(SHIPPED).expect("annuaire").len();
    assert!(
        first.contains(&format!("{rows} ajoutées, 0 reprises")),
        "{first}"
    );
    let (code, second, err) = cmd(&["import", "institutions"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        second.contains(&format!(
            "0 ajoutées, 0 reprises (existantes, sans clé), 0 mises à jour, {rows} inchangées"
        )),
        "{second}"
    );

    // A bad file changes nothing and names its lines; exit code 2.
    let bad = dir.path().join("annuaire.csv");
    let header = guichet::domain::institution_directory::COLUMNS.join(",");
    std::fs::write(
        &bad,
        format!("{header}\nx,cpam,CPAM,53,35,,,,,source,\ny,mairie,Mairie,53,35,,,,,source,\n"),
    )
    .expect("fichier");
    let path = bad.to_string_lossy().to_string();
    let (code, _, err) = cmd(&["import", "institutions", &path]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("ligne 3") && err.contains("mairie"), "{err}");
    let (_, third, _) = cmd(&["import", "institutions"]);
    assert!(third.contains(&format!("{rows} inchangées")), "{third}");
}
