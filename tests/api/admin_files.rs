//! Regional administration: zonage imports (upload, errors per line, coverage) and the aid
//! rule files re-validated on view.

use guichet::domain::account::Role;

use crate::admin::admin;
use crate::helpers::{root, spawn_app_seeded, spawn_app_with, TestApp};
use crate::session_helpers::*;

async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    profession: &str,
    file_name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let token = csrf_token(app, client).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .text("profession", profession.to_string())
        .text("valid_from", "2026-03-09")
        .text("valid_to", "")
        .text("source", "Arrêté ARS PACA du 1er juin 2025 (test)")
        .part(
            "fichier",
            reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string()),
        );
    client
        .post(app.url("/admin/zonage"))
        .multipart(form)
        .send()
        .await
        .expect("POST multipart")
}

fn zonage_count(app: &TestApp) -> usize {
    let mut conn = app.pool.get().expect("connexion");
    guichet::db::zonage::list(&mut conn, "93")
        .expect("zonages")
        .len()
}

#[tokio::test]
async fn zonage_upload_is_listed_and_changes_coverage_or_rejects_everything() {
    let app = spawn_app_seeded().await;
    let admin = admin(&app).await;
    let page = admin
        .get(app.url("/admin/zonage"))
        .send()
        .await
        .expect("GET");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("corps");
    assert!(
        html.contains("Médecin"),
        "la couverture du zonage médecins de la démo"
    );
    assert!(
        html.contains("<strong>Infirmier</strong> :"),
        "la couverture de chaque profession"
    );
    let before = zonage_count(&app);

    // Bad lines: every one is reported, nothing is imported.
    let bad =
        "insee,nom,zone\n13055,Marseille,ZIP\n1305,Typo,ZIP\n13001,Aix,ZZZ\n75056,Paris,ZIP\n";
    let r = upload(
        &app,
        &admin,
        "infirmier",
        "faux.csv",
        bad.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("corps");
    for needle in [
        "Ligne 3 : code INSEE mal formé",
        "Ligne 4 : zone inconnue",
        "rien n&#x27;a été importé",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    assert_eq!(zonage_count(&app), before);
    // A médecin zone in a nurses' zonage is refused with its line.
    let medecin = "insee,zone\n13001,ZIP\n".as_bytes().to_vec();
    let r = upload(&app, &admin, "infirmier", "zip.csv", medecin).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("corps");
    assert!(
        html.contains(
            "Ligne 2 : la zone « ZIP » n&#x27;est pas une catégorie du zonage des infirmiers"
        ),
        "{html}"
    );
    assert_eq!(zonage_count(&app), before);

    // A PNG is not a CSV, whatever its name.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01".to_vec();
    let r = upload(&app, &admin, "infirmier", "zonage.csv", png).await;
    assert_eq!(r.status(), 422);
    assert!(r
        .text()
        .await
        .expect("corps")
        .contains("pas un fichier texte CSV"));
    assert_eq!(zonage_count(&app), before);

    // A referent may not import.
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
    // Another région's communes are left out and counted (a national file will do).
    let good = "insee,zone\n13055,tres-sous-dotee\n13001,sous-dotee\n75056,intermediaire\n"
        .as_bytes()
        .to_vec();
    let r = upload(&app, &referent, "infirmier", "infirmiers.csv", good.clone()).await;
    assert_eq!(r.status(), 404);

    let r = upload(&app, &admin, "infirmier", "infirmiers.csv", good).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    assert_eq!(zonage_count(&app), before + 1);
    let html = admin
        .get(app.url("/admin/zonage"))
        .send()
        .await
        .expect("GET");
    let html = html.text().await.expect("corps");
    assert!(
        html.contains("fichier infirmiers.csv, par Prénom admin"),
        "import listé"
    );
    assert!(html.contains("1 d'autres régions"), "Paris compté");
    assert!(html.contains("(2 sur "), "2 communes zonées");
    let mut conn = app.pool.get().expect("connexion");
    assert_eq!(
        guichet::db::audit::count_event(&mut conn, "zonage_import").expect("journal"),
        1
    );
}

#[tokio::test]
async fn aid_rule_files_are_revalidated_on_view() {
    let dir = tempfile::tempdir().expect("dossier");
    for entry in std::fs::read_dir(root().join("config/aides")).expect("aides") {
        let path = entry.expect("fichier").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("nom"))).expect("copie");
    }
    let aides = dir.path().to_path_buf();
    let app = spawn_app_with(move |s| s.reference.aides_dir = aides).await;
    app.import_fixture_communes();
    let admin = admin(&app).await;
    let html = admin
        .get(app.url("/admin/aides"))
        .send()
        .await
        .expect("GET");
    assert_eq!(html.status(), 200);
    let html = html.text().await.expect("corps");
    assert!(html.contains("fichiers sont valides"));
    for code in [
        "CESP",
        "CAIM",
        "AIDE-INSTALLATION",
        "Convention médicale 2016",
        "26 octobre 2016",
    ] {
        assert!(html.contains(code), "{code}");
    }
    assert!(
        html.contains("code = &quot;CAIM&quot;"),
        "source échappée dans <pre>"
    );
    // The sources of each version, and the announced ones flagged.
    assert!(
        html.contains("https:&#x2F;&#x2F;www.legifrance.gouv.fr")
            || html.contains("https://www.legifrance.gouv.fr")
    );
    assert!(html.contains("annoncée"), "PTMA-2026 is announced");
    assert!(!html.contains("sans source"));

    // The file changes on disk after start: the page says which file and line is wrong.
    let broken = "code = \"CAIM\"\nname = \"<script>alert(1)</script>\"\nversions = 3\n";
    std::fs::write(dir.path().join("CAIM.toml"), broken).expect("écriture");
    let html = admin
        .get(app.url("/admin/aides"))
        .send()
        .await
        .expect("GET");
    assert_eq!(html.status(), 200);
    let html = html.text().await.expect("corps");
    assert!(html.contains("1 fichier en erreur"));
    assert!(html.contains("CAIM.toml, ligne "), "fichier et ligne");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"));
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("CESP"), "the other files are still shown");

    // Anybody else: no such page.
    create_user(&app, "pro@exemple.fr", Role::Professional, None, None, &[]).await;
    let pro = signed_in(&app, "pro@exemple.fr").await;
    assert_eq!(
        pro.get(app.url("/admin/aides"))
            .send()
            .await
            .expect("GET")
            .status(),
        404
    );
}
