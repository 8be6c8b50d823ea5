//! The deployment kit's commands: `guichet backup FILE` and `guichet check`.

use std::time::Duration;

use diesel::prelude::*;
use guichet::db::{self, institutions::NewInstitution, DatabaseUrl, DbPool, PoolOptions};
use guichet::domain::institution::InstitutionKind;

use crate::cli::{guichet, run};
use crate::helpers::{fixture_communes, fresh_database_url, is_postgres, test_start};

fn pool(url: &str) -> DbPool {
    db::connect(
        &DatabaseUrl::parse(url).expect("url"),
        &PoolOptions {
            max_size: 1,
            busy_timeout_ms: 5000,
            connect_timeout: Duration::from_secs(5),
        },
    )
    .expect("connexion")
}

fn prepared_database(dir: &std::path::Path) -> String {
    let url = fresh_database_url(dir);
    let (code, _, err) = run(guichet()
        .args(["import", "communes"])
        .arg(fixture_communes())
        .env("DATABASE_URL", &url));
    assert_eq!(code, 0, "{err}");
    url
}

#[test]
fn backup_copies_a_live_sqlite_database_and_refuses_postgresql() {
    let dir = tempfile::tempdir().expect("tmp");
    let url = prepared_database(dir.path());
    let copy = dir.path().join("sauvegarde.db");
    let (code, out, err) = run(guichet().arg("backup").arg(&copy).env("DATABASE_URL", &url));
    if is_postgres() {
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("pg_dump"), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        return;
    }
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Sauvegarde écrite"), "{out}");
    // The copy is a complete database of its own.
    let copied = pool(&format!("sqlite://{}", copy.display()));
    let mut conn = copied.get().expect("connexion");
    assert_eq!(
        db::territories::count_communes(&mut conn).expect("communes"),
        955
    );
    assert_eq!(db::pending_migrations(&mut conn).expect("migrations"), 0);
    // Never over an existing file.
    let (code, _, err) = run(guichet().arg("backup").arg(&copy).env("DATABASE_URL", &url));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("existe déjà"), "{err}");
    let (code, _, err) = run(guichet()
        .arg("backup")
        .arg(dir.path().join("autre.db"))
        .env("DATABASE_URL", "postgres://guichet@127.0.0.1:1/guichet"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("pg_dump"), "{err}");
}

#[test]
fn check_lists_what_is_wrong_then_passes() {
    let dir = tempfile::tempdir().expect("tmp");
    let url = prepared_database(dir.path());
    let (code, out, err) = run(guichet()
        .arg("check")
        .env("DATABASE_URL", &url)
        .env_remove("GUICHET__ANTIVIRUS__SOCKET"));
    assert_eq!(code, 1, "{out}{err}");
    for expected in [
        "clé secrète",
        "relais SMTP",
        "antivirus.socket vide",
        "aucun (guichet admin create",
    ] {
        assert!(out.contains(expected), "{expected}: {out}");
    }
    assert!(out.contains("[ok]     règles des aides"), "{out}");
    assert!(out.contains("[ok]     territoires"), "{out}");

    // A configured deployment: secret, SMTP relay listening, secure cookies, an administrator.
    let relay = std::net::TcpListener::bind("127.0.0.1:0").expect("relais");
    let port = relay.local_addr().expect("port").port().to_string();
    let configured = |cmd: &mut std::process::Command| {
        cmd.env("DATABASE_URL", &url)
            .env(
                "GUICHET__SECURITY__SECRET_KEY",
                "a-very-long-production-secret-0123456789",
            )
            .env("GUICHET__SECURITY__SECURE_COOKIES", "true")
            .env("GUICHET__MAIL__TRANSPORT", "smtp")
            .env("GUICHET__MAIL__SMTP_HOST", "127.0.0.1")
            .env("GUICHET__MAIL__SMTP_PORT", &port)
            .env("GUICHET__MAIL__DIR", dir.path().join("mail"))
            .env("GUICHET__ANTIVIRUS__SOCKET", crate::clamd::socket());
    };
    let mut cmd = guichet();
    configured(cmd.args([
        "admin",
        "create",
        "--email",
        "a@exemple.fr",
        "--region",
        "53",
    ]));
    let (code, _, err) = run(&mut cmd);
    assert_eq!(code, 0, "{err}");
    let mut cmd = guichet();
    configured(cmd.arg("check"));
    let (code, out, err) = run(&mut cmd);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Tout est prêt"), "{out}");

    // An institution without a contact mailbox is "à compléter": listed, exit 1.
    let p = pool(&url);
    let mut conn = p.get().expect("connexion");
    let mut row = NewInstitution::new(
        InstitutionKind::Cpam,
        "CPAM d'Ille-et-Vilaine",
        "",
        "",
        test_start(),
    );
    row.region_code = Some("53".into());
    row.departement_code = Some("35".into());
    db::institutions::insert_missing(&mut conn, &[row]).expect("institution");
    let mut cmd = guichet();
    configured(cmd.arg("check"));
    let (code, out, _) = run(&mut cmd);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("à compléter"), "{out}");
    assert!(out.contains("région 53 — CPAM d'Ille-et-Vilaine"), "{out}");
    {
        use guichet::db::schema::institutions::dsl::*;
        diesel::update(institutions)
            .set(email.eq("contact@cpam35.exemple.fr"))
            .execute(&mut conn)
            .expect("adresse");
    }
    // A région that has not gone live (no admin) may keep its directory rows "à compléter".
    let mut row = NewInstitution::new(InstitutionKind::Cpam, "CPAM du Var", "", "", test_start());
    row.region_code = Some("93".into());
    row.departement_code = Some("83".into());
    db::institutions::insert_missing(&mut conn, &[row]).expect("institution");
    let mut cmd = guichet();
    configured(cmd.arg("check"));
    let (code, out, _) = run(&mut cmd);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("CPAM du Var"), "{out}");
    drop(relay);
}
