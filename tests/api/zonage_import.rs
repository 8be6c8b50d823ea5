//! Importing zonages: the shipped France data on first start and with `guichet import
//! zonage-france` (idempotent), and one import for the CLI and the admin page reading the
//! guichet's CSV or a CartoSanté export.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::admin::admin;
use crate::helpers::{fixture_communes, fresh_database_url, root, spawn_app_seeded, TestApp};
use crate::session_helpers::csrf_token;

fn guichet() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_guichet"));
    cmd.current_dir(root())
        .env_remove("GUICHET_ENV")
        .env("GUICHET__LOG__FILTER", "warn")
        .env("GUICHET__REFERENCE__COMMUNES_DIR", fixture_communes())
        .stdin(Stdio::null());
    cmd
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("lancement de guichet");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A CartoSanté export as downloaded: BOM, title lines, `;`, CRLF, "N/A" rows.
fn cartosante(profession_header: &str, rows: &[(&str, &str, &str)]) -> Vec<u8> {
    let mut text = format!(
        "\u{feff}CartoSanté; ; \r\nRéférentiel géographique : France par commune et arrondissement mun.; ; \r\nCode;Libellé;Zonage {profession_header}\r\n"
    );
    for (code, name, zone) in rows {
        text.push_str(&format!("{code};{name};{zone}\r\n"));
    }
    text.into_bytes()
}

#[test]
fn serve_loads_the_shipped_zonages_on_first_start() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut child = guichet()
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("DATABASE_URL", fresh_database_url(dir.path()))
        .env("GUICHET__DEMO__SEED_ON_EMPTY", "false")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut printed = Vec::new();
    let url = loop {
        let line = lines.next().expect("sortie de serve").expect("ligne");
        printed.push(line.clone());
        if let Some(start) = line.find("http://127.0.0.1:") {
            break line[start..]
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
        }
    };
    let loaded = printed
        .iter()
        .find(|l| l.starts_with("Zonages livrés"))
        .unwrap_or_else(|| panic!("{printed:?}"));
    assert!(
        loaded.contains(" enregistrés, 0 remplacés, 0 déjà présents"),
        "{loaded}"
    );
    assert!(loaded.contains("communes inconnues ignorées"), "{loaded}");
    let get = |query: &str| -> Value {
        reqwest::blocking::get(format!("{url}/api/v1/zonage?{query}"))
            .and_then(|r| r.json())
            .expect("zonage")
    };
    // Paris (fixture commune) answered from its arrondissements, and a PACA nurse zone.
    let paris = get("commune=75056&profession=medecin&date=2025-06-01");
    let description = paris["zones"][0]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(description.ends_with("selon l'arrondissement"), "{paris}");
    let nurse = get("commune=04001&profession=infirmier&date=2026-06-01");
    assert!(nurse["zones"][0]["zone"].is_array(), "{nurse}");
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    while child.try_wait().expect("wait").is_none() {
        assert!(Instant::now() < deadline, "serve ne s'est pas arrêté");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn import_zonage_france_is_idempotent() {
    let dir = tempfile::tempdir().expect("tmp");
    let url = fresh_database_url(dir.path());
    let (code, _, err) = run(guichet()
        .args(["import", "communes"])
        .arg(fixture_communes())
        .env("DATABASE_URL", &url));
    assert_eq!(code, 0, "{err}");
    let (code, first, err) = run(guichet()
        .args(["import", "zonage-france"])
        .env("DATABASE_URL", &url));
    assert_eq!(code, 0, "{err}");
    let (code, second, err) = run(guichet()
        .args(["import", "zonage-france"])
        .env("DATABASE_URL", &url));
    assert_eq!(code, 0, "{err}");
    let count = |out: &str, word: &str| -> usize {
        let at = out.find(word).unwrap_or_else(|| panic!("{word} : {out}"));
        out[..at]
            .split_whitespace()
            .last()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{word} : {out}"))
    };
    let recorded = count(&first, "enregistrés");
    assert!(recorded > 8, "{first}");
    assert_eq!(count(&second, "enregistrés"), 0, "{second}");
    assert_eq!(count(&second, "remplacés"), recorded, "{second}");
    assert_eq!(
        count(&second, "lignes commune"),
        count(&first, "lignes commune")
    );
}

#[test]
fn the_cli_imports_the_guichet_csv_and_cartosante_exports() {
    let dir = tempfile::tempdir().expect("tmp");
    let url = fresh_database_url(dir.path());
    let (code, _, err) = run(guichet()
        .args(["import", "communes"])
        .arg(fixture_communes())
        .env("DATABASE_URL", &url));
    assert_eq!(code, 0, "{err}");
    let import = |file: &std::path::Path, profession: &str, from: &str, extra: &[&str]| {
        run(guichet()
            .args(["import", "zonage"])
            .arg(file)
            .args(["--region", "93", "--profession", profession, "--from", from])
            .args(["--source", "Arrêté ARS PACA (test)"])
            .args(extra)
            .env("DATABASE_URL", &url))
    };
    let good = dir.path().join("bon.csv");
    std::fs::write(
        &good,
        "insee,zone\n13055,ZAC\n04001,ZIP\n04004,HZ\n04005,\n",
    )
    .expect("écriture");
    let (code, out, err) = import(&good, "medecin", "2025-01-01", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Zonage importé (CSV du guichet) : 3 communes (ZIP 1, ZAC 1, HZ 1)"),
        "{out}"
    );
    assert!(
        out.contains("1 commune(s) sans zone (vide ou N/A)"),
        "{out}"
    );

    let bad = dir.path().join("mauvais.csv");
    std::fs::write(&bad, "insee,zone\n13055,ZIP\n04001,\n04004,ZZ\n").expect("écriture");
    let (code, _, err) = import(&bad, "medecin", "2026-01-01", &["--empty-means-not-zip"]);
    assert_eq!(code, 1);
    assert!(err.contains("ligne 4 : zone inconnue « ZZ »"), "{err}");

    // A CartoSanté export of the nurses for the whole of France: PACA's rows are kept.
    let export = dir.path().join("cartosante-infirmiers.csv");
    std::fs::write(
        &export,
        cartosante(
            "infirmiers",
            &[
                ("04001", "Aiglun", "1_Tres_sous_dotee"),
                (
                    "04004",
                    "Allemagne-en-Provence",
                    "N/A - résultat non disponible",
                ),
                ("13215", "Marseille 15e Arrondissement", "2_Sous_dotee"),
                ("75101", "Paris 1er Arrondissement", "3_intermediaire"),
                ("04999", "Commune fusionnée", "4_Tres_dotee"),
            ],
        ),
    )
    .expect("écriture");
    let (code, out, err) = import(&export, "infirmier", "2026-06-01", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "Zonage importé (export CartoSanté) : 2 communes (très sous-dotée 1, sous-dotée 1)"
        ),
        "{out}"
    );
    assert!(out.contains("1 commune(s) sans zone"), "{out}");
    assert!(
        out.contains("1 commune(s) d'autres régions ignorées"),
        "{out}"
    );
    assert!(
        out.contains("absents du référentiel des communes de la région, ignorés : 04999"),
        "{out}"
    );
    // A médecin zone in a nurses' file is refused with its line; nothing is imported.
    let wrong = dir.path().join("faux.csv");
    std::fs::write(
        &wrong,
        cartosante("infirmiers", &[("04001", "Aiglun", "1_ZIP")]),
    )
    .expect("écriture");
    let (code, _, err) = import(&wrong, "infirmier", "2026-07-01", &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "ligne 4 : la zone « 1_ZIP » n'est pas une catégorie du zonage des infirmiers"
        ),
        "{err}"
    );
    let (code, _, err) = import(&good, "pharmacien", "2026-07-01", &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("pas de zonage conventionnel des pharmaciens"),
        "{err}"
    );
}

async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    profession: &str,
    from: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let token = csrf_token(app, client).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .text("profession", profession.to_string())
        .text("valid_from", from.to_string())
        .text("valid_to", "")
        .text("source", "Arrêté ARS PACA (test)")
        .part(
            "fichier",
            reqwest::multipart::Part::bytes(bytes).file_name("cartosante.csv"),
        );
    client
        .post(app.url("/admin/zonage"))
        .multipart(form)
        .send()
        .await
        .expect("POST multipart")
}

#[tokio::test]
async fn the_admin_page_imports_a_cartosante_export_and_shows_every_profession() {
    let app = spawn_app_seeded().await;
    let admin = admin(&app).await;
    let html = admin
        .get(app.url("/admin/zonage"))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("corps");
    for needle in [
        "<strong>Médecin</strong>",
        "<strong>Masseur-kinésithérapeute</strong>",
        "pas de zonage conventionnel des orthoptistes",
        "données livrées avec le guichet",
    ] {
        assert!(html.contains(needle), "{needle}");
    }

    let bad = cartosante(
        "masseurs-kinésithérapeutes",
        &[
            ("04001", "Aiglun", "5b_Non_prioritaire"),
            ("04004", "Allemagne", "Zone rouge"),
        ],
    );
    let r = upload(&app, &admin, "masseur-kinesitherapeute", "2026-06-01", bad).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("corps");
    assert!(
        html.contains("Ligne 5 : zone inconnue « Zone rouge »"),
        "{html}"
    );

    let good = cartosante(
        "masseurs-kinésithérapeutes",
        &[
            ("04001", "Aiglun", "5b_Non_prioritaire"),
            (
                "04004",
                "Allemagne-en-Provence",
                "N/A - résultat non disponible",
            ),
            ("75101", "Paris 1er Arrondissement", "1_Tres_sous_dotee"),
        ],
    );
    let r = upload(&app, &admin, "masseur-kinesitherapeute", "2026-06-01", good).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let html = admin
        .get(app.url("/admin/zonage"))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("corps");
    assert!(
        html.contains("fichier cartosante.csv, par Prénom admin"),
        "{html}"
    );
    assert!(html.contains("1 sans zone, "), "{html}");
    assert!(html.contains("1 d'autres régions"), "{html}");
    // The new zonage answers at once; the commune left without zone is unknown, not the lowest.
    let answer: Value = app
        .get("/api/v1/zonage?commune=04001&profession=masseur-kinesitherapeute&date=2026-07-01")
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(
        answer["zones"][0]["zone"],
        serde_json::json!(["non-prioritaire"])
    );
    let answer: Value = app
        .get("/api/v1/zonage?commune=04004&profession=masseur-kinesitherapeute&date=2026-07-01")
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(answer["zones"][0]["zone"], Value::Null);
    // The previous (shipped) kinés zonage ended the day before.
    let answer: Value = app
        .get("/api/v1/zonage?commune=04001&profession=masseur-kinesitherapeute&date=2026-05-31")
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(answer["zones"][0]["valid_to"], "2026-05-31");
}
