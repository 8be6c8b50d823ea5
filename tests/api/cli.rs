//! The `guichet` binary: clear failures with exit code 2, migrate, import, graceful shutdown.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::{fixture_communes, fresh_database_url, root};

pub(crate) fn guichet() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_guichet"));
    cmd.current_dir(root())
        .env_remove("GUICHET_ENV")
        .env("GUICHET__LOG__FILTER", "warn")
        .env("GUICHET__REFERENCE__COMMUNES_DIR", fixture_communes())
        .stdin(Stdio::null());
    cmd
}

pub(crate) fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("lancement de guichet");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn unknown_scheme_exits_2_with_one_line() {
    let (code, _, err) = run(guichet().args(["serve"]).env("DATABASE_URL", "mysql://x"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("schéma « mysql » inconnu"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn unreachable_postgres_exits_2() {
    let started = Instant::now();
    let (code, _, err) = run(guichet()
        .args(["serve"])
        .env("DATABASE_URL", "postgres://127.0.0.1:1/x"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("base de données injoignable"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn busy_port_exits_2() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let addr = taken.local_addr().expect("adresse").to_string();
    let dir = tempfile::tempdir().expect("tmp");
    let (code, _, err) = run(guichet()
        .args(["serve", "--bind", &addr])
        .env("DATABASE_URL", fresh_database_url(dir.path())));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("adresse déjà utilisée"), "{err}");
}

#[test]
fn production_refuses_default_secret_and_file_mailer() {
    let (code, _, err) = run(guichet().args(["migrate"]).env("GUICHET_ENV", "production"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("SECRET_KEY"), "{err}");
    let (code, _, err) = run(guichet()
        .args(["migrate"])
        .env("GUICHET_ENV", "production")
        .env(
            "GUICHET__SECURITY__SECRET_KEY",
            "a-very-long-production-secret-0123456789",
        )
        .env("GUICHET__MAIL__TRANSPORT", "file"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("SMTP"), "{err}");
}

#[test]
fn migrate_import_and_seed_commands() {
    let dir = tempfile::tempdir().expect("tmp");
    let url = fresh_database_url(dir.path());
    let (code, out, err) = run(guichet().args(["migrate"]).env("DATABASE_URL", &url));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("à jour"), "{out}");
    for _ in 0..2 {
        let (code, out, err) = run(guichet()
            .args(["import", "communes"])
            .arg(fixture_communes())
            .env("DATABASE_URL", &url));
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("955 communes"), "{out}");
    }
    let (code, out, err) = run(guichet().args(["seed", "demo"]).env("DATABASE_URL", &url));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("24 institutions ajoutées"), "{out}");
    let (code, _, err) = run(guichet()
        .args(["import", "communes", "/nonexistent"])
        .env("DATABASE_URL", &url));
    assert_eq!(code, 1);
    assert!(err.contains("/nonexistent"), "{err}");
}

/// `serve` in demo mode (`make run`) on an empty database imports territories, seeds the demo,
/// prints its address, answers, and stops cleanly on SIGTERM.
#[test]
fn serve_bootstraps_and_stops_gracefully_on_sigterm() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut child = guichet()
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("GUICHET_ENV", "development")
        .env("GUICHET__DEMO__REQUESTS", "0")
        .env("GUICHET__MAIL__DIR", dir.path().join("mail"))
        .env("DATABASE_URL", fresh_database_url(dir.path()))
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
    assert!(
        printed.iter().any(|l| l.contains("955 communes")),
        "{printed:?}"
    );
    assert!(
        printed.iter().any(|l| l.contains("institutions ajoutées")),
        "{printed:?}"
    );
    let body = reqwest::blocking::get(format!("{url}/healthz"))
        .and_then(|r| r.text())
        .expect("healthz");
    assert!(body.contains("\"ok\""), "{body}");
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("wait") {
            break exit;
        }
        assert!(
            Instant::now() < deadline,
            "serve ne s'est pas arrêté après SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "arrêt propre attendu, obtenu {exit:?}");
}

#[test]
fn serve_refuses_a_malformed_aid_file_with_its_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let aides = dir.path().join("aides");
    std::fs::create_dir(&aides).expect("dossier");
    for entry in std::fs::read_dir(root().join("config/aides")).expect("aides") {
        let path = entry.expect("entrée").path();
        std::fs::copy(&path, aides.join(path.file_name().expect("nom"))).expect("copie");
    }
    let broken = aides.join("CESP.toml");
    let text = std::fs::read_to_string(&broken).expect("CESP");
    std::fs::write(
        &broken,
        text.replacen("from = 2010-06-30", "from = 2010-13-30", 1),
    )
    .expect("écriture");
    let line = text
        .lines()
        .position(|l| l.starts_with("from = 2010-06-30"))
        .expect("ligne")
        + 1;
    let (code, _, err) = run(guichet()
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("DATABASE_URL", fresh_database_url(dir.path()))
        .env("GUICHET__REFERENCE__AIDES_DIR", &aides));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(&format!("CESP.toml:{line}")), "{err}");
    assert!(err.contains("règles des aides refusées"), "{err}");
}

#[test]
fn rules_report_lists_every_aid_with_its_sources() {
    let (code, out, err) = run(guichet().args(["rules", "report"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Règles des aides au "), "{out}");
    for aid in [
        "CESP —",
        "PTMA-2026 —",
        "CAPII —",
        "AIDE-PHARMACIE-TERRITOIRE-FRAGILE —",
    ] {
        assert!(out.contains(aid), "{aid} in {out}");
    }
    assert!(out.contains("https://www.legifrance.gouv.fr/"), "{out}");
    assert!(out.contains("[annoncée]"), "{out}");
    assert!(!out.contains("SANS SOURCE"), "{out}");
}
