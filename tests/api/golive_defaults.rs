//! Safe by default: demo data, the demo banner and the development mailbox exist only in demo
//! mode (`GUICHET_ENV=development` or `serve --demo`), and the mailbox only for signed-in admins.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use guichet::config::{Environment, Settings};
use guichet::domain::account::Role;

use crate::cli::guichet;
use crate::helpers::{fresh_database_url, root, spawn_app_seeded, spawn_app_seeded_configured};
use crate::session_helpers::{create_user, signed_in};

const BANNER: &str = "Version de démonstration";

#[test]
fn guichet_env_unset_is_production_without_the_secret_and_smtp_checks() {
    let config = root().join("config");
    let unset = Settings::load_for(&config, Environment::Unset).expect("configuration");
    assert!(!unset.demo_enabled());
    assert!(!unset.is_production(), "no secret or SMTP required");
    let dev = Settings::load_for(&config, Environment::Development).expect("configuration");
    assert!(dev.demo_enabled());
    let mut prod = dev.clone();
    prod.env = Environment::Production;
    prod.security.secret_key = "a-very-long-production-secret-0123456789".into();
    prod.mail.transport = guichet::config::MailTransportKind::Smtp;
    let refused = prod.validate().expect_err("demo refused in production");
    assert!(refused.to_string().contains("démonstration"), "{refused}");
    // The demo lets its administrator in without a phone; production does not.
    assert!(!dev.security.admin_second_factor);
    prod.demo.enabled = false;
    prod.clock.start = String::new();
    let refused = prod
        .validate()
        .expect_err("admins without 2FA refused in production");
    assert!(
        refused.to_string().contains("admin_second_factor"),
        "{refused}"
    );
    prod.security.admin_second_factor = true;
    // …nor the demo's controller and DPO on the « Données personnelles » page.
    let refused = prod.validate().expect_err("demo DPO refused in production");
    assert!(refused.to_string().contains("[privacy]"), "{refused}");
    prod.privacy.controller_name = "ARS Bretagne".into();
    prod.privacy.dpo_email = "ars-bretagne-dpo@ars.sante.fr".into();
    prod.privacy.host_name = "Hébergeur agréé HDS".into();
    prod.validate().expect("production settings");
}

#[tokio::test]
async fn outside_demo_mode_no_banner_and_no_development_mailbox() {
    let app = spawn_app_seeded().await;
    let home = app.get("/").await.text().await.expect("accueil");
    assert!(!home.contains(BANNER), "pas de bandeau de démonstration");
    assert!(!home.contains("/dev/courriels"));
    assert_eq!(app.get("/dev/courriels").await.status(), 404);
    create_user(
        &app,
        "adm.hors.demo@exemple.fr",
        Role::Admin,
        Some("93"),
        None,
        &[],
    )
    .await;
    let admin = signed_in(&app, "adm.hors.demo@exemple.fr").await;
    let r = admin
        .get(app.url("/dev/courriels"))
        .send()
        .await
        .expect("GET");
    assert_eq!(
        r.status(),
        404,
        "even an admin: no mailbox outside demo mode"
    );
}

#[tokio::test]
async fn in_demo_mode_the_mailbox_is_for_signed_in_admins_only() {
    let app = spawn_app_seeded_configured(|s| s.demo.enabled = true).await;
    let home = app.get("/").await.text().await.expect("accueil");
    assert!(home.contains(BANNER), "bandeau de démonstration");
    assert!(
        !home.contains("/dev/courriels"),
        "no mailbox link for visitors"
    );
    assert_eq!(app.get("/dev/courriels").await.status(), 404);
    create_user(
        &app,
        "pro.demo@exemple.fr",
        Role::Professional,
        None,
        None,
        &[],
    )
    .await;
    let professional = signed_in(&app, "pro.demo@exemple.fr").await;
    let r = professional
        .get(app.url("/dev/courriels"))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), 404);
    create_user(
        &app,
        "adm.demo@exemple.fr",
        Role::Admin,
        Some("93"),
        None,
        &[],
    )
    .await;
    let admin = signed_in(&app, "adm.demo@exemple.fr").await;
    let r = admin
        .get(app.url("/dev/courriels"))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), 200);
    let page = r.text().await.expect("corps");
    assert!(
        page.contains("<h1>Courriels envoyés (démonstration)</h1>"),
        "{page}"
    );
    let mut conn = app.pool.get().expect("connexion");
    let any = guichet::db::outbox::latest(&mut conn, 1).expect("outbox");
    if let Some(m) = any.first() {
        let path = format!("/dev/courriels/{}", m.id);
        let r = professional.get(app.url(&path)).send().await.expect("GET");
        assert_eq!(r.status(), 404);
        let r = admin.get(app.url(&path)).send().await.expect("GET");
        assert_eq!(r.status(), 200);
    }
}

/// The binary with `GUICHET_ENV` unset on an empty database: territories imported, no demo data,
/// how to create the first administrator printed, no mailbox, no banner.
#[test]
fn serve_with_guichet_env_unset_seeds_nothing_and_explains_the_first_admin() {
    let dir = tempfile::tempdir().expect("tmp");
    let url = fresh_database_url(dir.path());
    let mut child = guichet()
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("DATABASE_URL", &url)
        .env("GUICHET__MAIL__DIR", dir.path().join("mail"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut printed = Vec::new();
    let address = loop {
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
    let all = printed.join("\n");
    let stop = |child: &mut std::process::Child| {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(15);
        while child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    let home = reqwest::blocking::get(format!("{address}/"))
        .and_then(|r| r.text())
        .unwrap_or_default();
    let mailbox = reqwest::blocking::get(format!("{address}/dev/courriels"))
        .map(|r| r.status().as_u16())
        .unwrap_or_default();
    stop(&mut child);
    assert!(all.contains("955 communes"), "{all}");
    assert!(
        !all.contains("institutions ajoutées"),
        "no demo seed: {all}"
    );
    assert!(!all.contains("demo.test"), "no demo login: {all}");
    assert!(all.contains("guichet admin create"), "{all}");
    assert!(!home.is_empty() && !home.contains(BANNER), "{home}");
    assert_eq!(mailbox, 404);
    let (code, out, err) =
        crate::cli::run(guichet().args(["admin", "list"]).env("DATABASE_URL", &url));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Aucun administrateur"), "no demo admin: {out}");
}
