//! Regional administration: hub, institutions and their agents, routing overrides (used when a
//! request is filed, with their history). Zonage imports and aid rule files: `admin_files`.

use diesel::prelude::*;
use guichet::db::institutions::NewInstitution;
use guichet::db::schema::routing_override_history;
use guichet::domain::account::Role;
use guichet::domain::institution::InstitutionKind;
use guichet::domain::request::{PracticeMode, RequestKind};

use crate::helpers::{spawn_app_seeded, TestApp};
use crate::request_helpers::file_request;
use crate::session_helpers::*;

pub fn institution_id(app: &TestApp, name: &str) -> String {
    let mut conn = app.pool.get().expect("connexion");
    guichet::db::institutions::list_in_region(&mut conn, "93")
        .expect("institutions")
        .into_iter()
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("institution {name}"))
        .id
}

/// A new admin of PACA (93), signed in.
pub async fn admin(app: &TestApp) -> reqwest::Client {
    create_user(app, "admin@exemple.fr", Role::Admin, Some("93"), None, &[]).await;
    signed_in(app, "admin@exemple.fr").await
}

fn routed_to(app: &TestApp, request_id: &str) -> Vec<Option<String>> {
    let mut conn = app.pool.get().expect("connexion");
    guichet::db::requests::active_referrals(&mut conn, request_id)
        .expect("transmissions")
        .into_iter()
        .map(|r| r.institution_id)
        .collect()
}

const LIBERAL: RequestKind = RequestKind::Installation(PracticeMode::Liberal);

#[tokio::test]
async fn a_routing_override_is_used_recorded_and_reverted() {
    let app = spawn_app_seeded().await;
    let admin = admin(&app).await;
    let cpam13 = institution_id(&app, "CPAM des Bouches-du-Rhône");
    let cpam83 = institution_id(&app, "CPAM du Var");
    let urssaf = institution_id(&app, "Urssaf Provence-Alpes-Côte d'Azur");
    let ars13 = institution_id(
        &app,
        "ARS PACA — délégation départementale des Bouches-du-Rhône",
    );
    let edit = "/admin/orientation/modifier";
    let form = |entries: &[&str], motif: &str| {
        let mut f: Vec<(String, String)> = vec![
            ("departement".into(), "13".into()),
            ("regle".into(), "installation-liberal".into()),
            ("motif".into(), motif.into()),
        ];
        f.extend(
            entries
                .iter()
                .map(|e| ("entree".to_string(), e.to_string())),
        );
        f
    };
    let post = |fields: Vec<(String, String)>| {
        let (app, admin) = (&app, &admin);
        async move {
            let pairs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            post_form(app, admin, edit, &pairs).await
        }
    };
    let cpam_token = format!("institution:{cpam13}");
    let urssaf_token = format!("institution:{urssaf}");
    // The edit page proposes the institutions of the département.
    let page = admin
        .get(app.url(&format!("{edit}?departement=13&regle=installation-liberal")))
        .send()
        .await
        .expect("GET");
    assert_eq!(page.status(), 200);
    assert!(page.text().await.expect("corps").contains(&cpam_token));
    // A reason is mandatory; an institution of another département is refused; nothing saved.
    let r = post(form(&[&cpam_token], "  ")).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("corps");
    assert!(html.contains("Indiquez un motif."));
    assert!(
        html.contains(&format!("value=\"{cpam_token}\" checked")),
        "choice kept"
    );
    assert!(!html.contains(&format!("value=\"{urssaf_token}\" checked")));
    let r = post(form(&[&format!("institution:{cpam83}")], "CPAM du Var")).await;
    assert_eq!(r.status(), 422);
    assert!(r
        .text()
        .await
        .expect("corps")
        .contains("Choisissez parmi les institutions proposées"));
    let r = post(form(&[], "Personne")).await;
    assert_eq!(r.status(), 422);
    // Unknown département or rule: no such page.
    let mut other = form(&[&cpam_token], "x");
    other[0].1 = "69".into();
    assert_eq!(post(other).await.status(), 404);
    // A non-admin cannot override.
    create_user(
        &app,
        "ref@exemple.fr",
        Role::Referent,
        Some("93"),
        None,
        &["13"],
    )
    .await;
    let referent = signed_in(&app, "ref@exemple.fr").await;
    let fields = form(&[&cpam_token], "Je ne suis pas admin");
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(post_form(&app, &referent, edit, &pairs).await.status(), 404);

    let r = post(form(
        &[&cpam_token, &urssaf_token],
        "Convention locale 2026 : l'Urssaf instruit",
    ))
    .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    assert_eq!(location(&r), "/admin/orientation?ok=routage-modifie");

    // A request filed in Marseille goes to the overridden institutions; Toulon keeps the file.
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    let marseille = file_request(&app, &pro, LIBERAL, "13055").await;
    assert_eq!(
        routed_to(&app, &marseille),
        [Some(cpam13.clone()), Some(urssaf.clone())]
    );
    let toulon = file_request(&app, &pro, LIBERAL, "83137").await;
    assert_eq!(routed_to(&app, &toulon).len(), 5);

    // The page shows the override and the history: before → after, reason, who.
    let html = admin
        .get(app.url("/admin/orientation"))
        .send()
        .await
        .expect("GET");
    let html = html.text().await.expect("corps");
    assert!(html.contains("dérogation"));
    assert!(
        html.contains("Convention locale 2026 : l&#x27;Urssaf instruit"),
        "motif"
    );
    assert!(
        html.contains(
            "ARS PACA — délégation départementale des Bouches-du-Rhône · CPAM des Bouches-du-Rhône"
        ),
        "avant"
    );
    assert!(
        html.contains("CPAM des Bouches-du-Rhône · Urssaf Provence-Alpes-Côte d&#x27;Azur"),
        "après"
    );

    // Reverting needs a reason too, then the file's rule applies again.
    let revert = "/admin/orientation/retablir";
    let base = [("departement", "13"), ("regle", "installation-liberal")];
    let r = post_form(
        &app,
        &admin,
        revert,
        &[base[0], base[1], ("motif_retablir", "")],
    )
    .await;
    assert_eq!(r.status(), 422);
    let r = post_form(
        &app,
        &admin,
        revert,
        &[base[0], base[1], ("motif_retablir", "Fin de la convention")],
    )
    .await;
    assert_eq!(r.status(), 303);
    let again = file_request(&app, &pro, LIBERAL, "13055").await;
    let routed = routed_to(&app, &again);
    assert_eq!(routed.len(), 5);
    assert_eq!(routed[0], Some(ars13));
    // Nothing left to revert.
    let r = post_form(
        &app,
        &admin,
        revert,
        &[base[0], base[1], ("motif_retablir", "encore")],
    )
    .await;
    assert_eq!(r.status(), 404);

    // Two changes in the history, which cannot be rewritten; both in the audit log.
    let mut conn = app.pool.get().expect("connexion");
    let history = guichet::db::routing_overrides::history(&mut conn, "93", 10).expect("historique");
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].action, "revert");
    assert_eq!(history[0].reason, "Fin de la convention");
    assert!(
        history[0].after_text.contains("Urssaf"),
        "{}",
        history[0].after_text
    );
    assert_eq!(
        history[1].after_text,
        "CPAM des Bouches-du-Rhône · Urssaf Provence-Alpes-Côte d'Azur"
    );
    let tampered = diesel::update(routing_override_history::table)
        .set(routing_override_history::reason.eq("effacé"))
        .execute(&mut conn);
    assert!(tampered.is_err(), "l'historique est en ajout seul");
    assert!(diesel::delete(routing_override_history::table)
        .execute(&mut conn)
        .is_err());
    for event in ["routing_override", "routing_revert"] {
        assert_eq!(
            guichet::db::audit::count_event(&mut conn, event).expect("journal"),
            1
        );
    }
}

#[tokio::test]
async fn institutions_of_the_region_with_their_agents() {
    let app = spawn_app_seeded().await;
    let admin = admin(&app).await;
    let elsewhere = {
        let mut row = NewInstitution::new(
            InstitutionKind::Cpam,
            "CPAM du Rhône",
            "cpam69@x.test",
            "04",
            app.now(),
        );
        row.region_code = Some("84".into());
        row.departement_code = Some("69".into());
        let id = row.id.clone();
        let mut conn = app.pool.get().expect("connexion");
        guichet::db::institutions::insert_missing(&mut conn, &[row]).expect("insert");
        id
    };
    let cpam13 = institution_id(&app, "CPAM des Bouches-du-Rhône");
    let agent = create_user(
        &app,
        "agent13@exemple.fr",
        Role::Partner,
        Some("93"),
        Some(&cpam13),
        &[],
    )
    .await;

    let html = admin
        .get(app.url("/admin/institutions"))
        .send()
        .await
        .expect("GET");
    assert_eq!(html.status(), 200);
    let html = html.text().await.expect("corps");
    assert!(html.contains("CPAM des Bouches-du-Rhône"));
    assert!(html.contains("Urssaf Provence-Alpes-Côte d&#x27;Azur"));
    assert!(
        !html.contains("CPAM du Rhône"),
        "only the région's institutions"
    );
    let r = admin
        .get(app.url(&format!("/admin/institutions/{elsewhere}")))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), 404);

    let page = format!("/admin/institutions/{cpam13}");
    let html = admin
        .get(app.url(&page))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("corps");
    assert!(html.contains("agent13@exemple.fr"));
    assert!(
        html.contains("agent.cpam13@demo.test"),
        "the demo agent too"
    );
    assert!(html.contains(&format!("/admin/invitations/nouvelle?institution={cpam13}")));
    let invite = admin
        .get(app.url(&format!("/admin/invitations/nouvelle?institution={cpam13}")))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("corps");
    assert!(
        invite.contains(&format!("<option value=\"{cpam13}\" selected>")),
        "prefilled"
    );
    assert!(invite.contains("<option value=\"partner\" selected>"));

    // Disable from the institution's page, and come back to it.
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/utilisateurs/{agent}/desactiver"),
        &[("retour", &page)],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("{page}?ok=compte-desactive"));
    let html = admin
        .get(app.url(&page))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("corps");
    assert!(html.contains("désactivé"));
    // Elsewhere than an admin page, the agents' page.
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/utilisateurs/{agent}/reactiver"),
        &[("retour", "https://exemple.org/")],
    )
    .await;
    assert_eq!(location(&r), "/admin/utilisateurs?ok=compte-reactive");

    // The hub links every admin page; the header leads to it.
    let hub = admin
        .get(app.url("/admin"))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("corps");
    for href in [
        "/admin/institutions",
        "/admin/orientation",
        "/admin/zonage",
        "/admin/aides",
        "/admin/courriels",
        "/admin/utilisateurs",
        "/admin/journal",
    ] {
        assert!(hub.contains(&format!("href=\"{href}\"")), "{href}");
    }
    assert!(hub.contains("href=\"/admin\">Administration"));
}

#[tokio::test]
async fn the_audit_log_shows_what_the_people_of_the_region_did_or_underwent() {
    let app = spawn_app_seeded().await;
    let paca = create_user(
        &app,
        "agent.paca@exemple.fr",
        Role::Referent,
        Some("93"),
        None,
        &[],
    )
    .await;
    let idf = create_user(
        &app,
        "agent.idf@exemple.fr",
        Role::Referent,
        Some("11"),
        None,
        &[],
    )
    .await;
    {
        let mut conn = app.pool.get().expect("connexion");
        let now = app.now();
        for (actor, subject, detail) in [
            (Some(&paca), None, "fait en PACA"),
            (Some(&idf), Some(&paca), "subi en PACA"),
            (Some(&idf), None, "fait en Île-de-France"),
            (None, None, "sans personne connue"),
        ] {
            guichet::db::audit::record(
                &mut conn,
                "test",
                actor.map(String::as_str),
                subject.map(String::as_str),
                None,
                detail,
                now,
            )
            .expect("journal");
        }
    }
    let admin = admin(&app).await;
    let page = admin
        .get(app.url("/admin/journal"))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("corps");
    assert!(page.contains("fait en PACA") && page.contains("subi en PACA"));
    assert!(!page.contains("fait en Île-de-France"));
    assert!(!page.contains("sans personne connue"));
}
