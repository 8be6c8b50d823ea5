//! Issue 15, profile over time: a professional changes their profile from « Mon compte »; the
//! page shows it with its history, the simulator starts from it, the export contains it.

use guichet::domain::account::Role;

use crate::helpers::spawn_app_seeded;
use crate::session_helpers::*;

const PAGE: &str = "/compte";

#[tokio::test]
async fn profile_changes_are_shown_with_their_history_and_prefill_the_simulator() {
    let app = spawn_app_seeded().await;
    app.import_fixture_communes();
    create_user(
        &app,
        "profil@exemple.fr",
        Role::Professional,
        None,
        None,
        &[],
    )
    .await;
    let client = signed_in(&app, "profil@exemple.fr").await;

    let fields =
        |situation: &'static str, year: &'static str, date: &'static str, commune: &'static str| {
            vec![
                ("profession", "medecin"),
                ("situation", situation),
                ("study_year", year),
                ("installation_date", date),
                ("installation_commune", commune),
            ]
        };
    let r = post_form(
        &app,
        &client,
        "/compte/profil",
        &fields("etudiant", "", "", ""),
    )
    .await;
    assert_eq!(r.status(), 303);
    let r = post_form(
        &app,
        &client,
        "/compte/profil",
        &fields("interne", "3", "", ""),
    )
    .await;
    assert_eq!(r.status(), 303);
    assert!(
        location(&r).starts_with("/compte?ok=profil-modifie"),
        "{}",
        location(&r)
    );
    let page = text_of(&app, &client, PAGE).await;
    assert!(page.contains("Historique de mon profil"), "{page}");
    assert!(page.contains("Interne"), "{page}");

    let r = post_form(
        &app,
        &client,
        "/compte/profil",
        &fields("installe", "", "02/03/2027", "13055"),
    )
    .await;
    assert_eq!(r.status(), 303);
    let page = text_of(&app, &client, PAGE).await;
    assert!(page.contains("Installé en libéral"), "{page}");
    assert!(page.contains("2 mars 2027"), "{page}");
    assert!(page.contains("13055"), "{page}");
    // History: étudiant → interne, interne → installé, the year added then removed.
    assert!(page.contains("<td>Étudiant</td><td>Interne</td>"), "{page}");
    assert!(
        page.contains("<td>Interne</td><td>Installé en libéral</td>"),
        "{page}"
    );
    assert!(page.contains("<td>3</td><td>—</td>"), "{page}");
    assert!(audit_details(&app)
        .iter()
        .any(|d| d.starts_with("profil modifié")));

    // The simulator without parameters starts from the profile; parameters still win.
    let sim = text_of(&app, &client, "/simulateur").await;
    assert!(sim.contains("value=\"installe\" selected"), "{sim}");
    assert!(sim.contains("2027-03-02"), "{sim}");
    assert!(sim.contains("13055"), "{sim}");
    let sim = text_of(&app, &client, "/simulateur?profession=infirmier").await;
    assert!(!sim.contains("2027-03-02"), "{sim}");

    // The export contains the history.
    let r = post_form(&app, &client, "/compte/donnees/archive", &[]).await;
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.expect("archive").to_vec();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut json = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("donnees.json").expect("donnees.json"),
        &mut json,
    )
    .expect("lecture");
    let data: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(data["profile"]["installation_date"], "2027-03-02");
    assert_eq!(data["profile"]["installation_commune_insee"], "13055");
    let history = data["profile_history"].as_array().expect("historique");
    assert!(history.iter().any(|c| c["field"] == "situation"
        && c["old_value"] == "etudiant"
        && c["new_value"] == "interne"));
}

#[tokio::test]
async fn each_mistake_is_shown_beside_its_field_and_agents_have_no_profile() {
    let app = spawn_app_seeded().await;
    app.import_fixture_communes();
    create_user(
        &app,
        "erreurs@exemple.fr",
        Role::Professional,
        None,
        None,
        &[],
    )
    .await;
    let client = signed_in(&app, "erreurs@exemple.fr").await;
    let cases: [(&str, &str, &str, &str, &str, &str); 5] = [
        ("astronaute", "", "", "", "situation", "astronaute"),
        ("interne", "13", "", "", "study_year", "13"),
        ("installe", "2", "", "", "study_year", "2"),
        (
            "installe",
            "",
            "2027-02-31",
            "",
            "installation_date",
            "2027-02-31",
        ),
        (
            "installe",
            "",
            "",
            "Atlantide",
            "installation_commune",
            "Atlantide",
        ),
    ];
    for (situation, year, date, commune, field, kept) in cases {
        let r = post_form(
            &app,
            &client,
            "/compte/profil",
            &[
                ("profession", "medecin"),
                ("situation", situation),
                ("study_year", year),
                ("installation_date", date),
                ("installation_commune", commune),
            ],
        )
        .await;
        assert_eq!(r.status(), 422, "{field}");
        let page = r.text().await.expect("page");
        assert!(
            page.contains(&format!("id=\"{field}-error\"")),
            "{field}: {page}"
        );
        assert!(
            page.contains(&format!("value=\"{kept}\""))
                || page.contains(&format!("value=\"{kept}\" selected"))
                || field == "situation",
            "{field}: {page}"
        );
    }
    // Nothing was changed.
    assert!(text_of(&app, &client, PAGE)
        .await
        .contains("Aucune modification"));
    // Without the CSRF token: refused.
    let r = client
        .post(app.url("/compte/profil"))
        .form(&[("profession", "medecin"), ("situation", "interne")])
        .send()
        .await
        .expect("POST");
    assert!(r.status().is_client_error(), "{}", r.status());

    // An agent has no profile: no section, and the form's route is not theirs.
    create_user(
        &app,
        "agent@exemple.fr",
        Role::Referent,
        Some("93"),
        None,
        &["13"],
    )
    .await;
    let agent = signed_in(&app, "agent@exemple.fr").await;
    assert!(!text_of(&app, &agent, PAGE)
        .await
        .contains("Mon profil professionnel"));
    let r = post_form(
        &app,
        &agent,
        "/compte/profil",
        &[("profession", "medecin"), ("situation", "installe")],
    )
    .await;
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn a_new_request_starts_from_the_current_profile_and_a_filed_one_keeps_what_it_was_filed_with(
) {
    let app = spawn_app_seeded().await;
    app.import_fixture_communes();
    let (pro, id) = crate::request_helpers::installation_filed(&app).await;
    let filed = text_of(&app, &pro, &format!("/demandes/{id}")).await;
    assert!(filed.contains("13004"), "{filed}");

    let r = post_form(
        &app,
        &pro,
        "/compte/profil",
        &[
            ("profession", "medecin"),
            ("situation", "installe"),
            ("study_year", ""),
            ("installation_date", "02/03/2027"),
            ("installation_commune", "13055"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);

    // A new installation request: the profile's commune and date are its defaults…
    let form = text_of(&app, &pro, "/demandes/nouvelle?type=installation-liberal").await;
    assert!(form.contains("value=\"13055\""), "{form}");
    assert!(form.contains("value=\"02&#x2F;03&#x2F;2027\""), "{form}");
    // …a link's own values win…
    let form = text_of(
        &app,
        &pro,
        "/demandes/nouvelle?type=installation-liberal&commune_insee=13001",
    )
    .await;
    assert!(form.contains("value=\"13001\""), "{form}");
    assert!(!form.contains("value=\"13055\""), "{form}");
    // …and the request filed before the change keeps its commune.
    let after = text_of(&app, &pro, &format!("/demandes/{id}")).await;
    assert!(after.contains("13004"), "{after}");
    assert!(!after.contains("13055"), "{after}");
}
