//! Crash safety of the outbox: a server killed (SIGKILL) while it holds claimed e-mails; the
//! next one sends them within seconds — not at the end of the dead claims' two-minute lease —
//! once each, under a Message-ID derived from the outbox id.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use guichet::db::outbox::{NewOutboxMessage, PENDING, SENDING, SENT};
use guichet::db::schema::outbox;

use crate::cli::guichet;
use crate::helpers::{at, fresh_database_url, test_settings};

const MESSAGES: usize = 5;

/// `serve` on `url`, its clock ticking from `start`, mail settings from `mail`; waits until it
/// prints its address.
fn serve(url: &str, start: &str, mail: &[(&str, String)]) -> Child {
    let mut command: Command = guichet();
    command
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("GUICHET_ENV", "development")
        .env("GUICHET__DEMO__REQUESTS", "0")
        .env("GUICHET__CLOCK__START", start)
        .env("GUICHET__MAIL__WORKER_POLL_MS", "100")
        .env("DATABASE_URL", url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (key, value) in mail {
        command.env(format!("GUICHET__MAIL__{key}"), value);
    }
    let mut child = command.spawn().expect("serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    loop {
        let line = lines.next().expect("sortie de serve").expect("ligne");
        if line.contains("http://127.0.0.1:") {
            break;
        }
    }
    // Keep reading so that the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    child
}

fn ours(conn: &mut guichet::db::DbConnection, status: guichet::db::outbox::OutboxStatus) -> i64 {
    outbox::table
        .filter(outbox::to_address.like("panne-%@exemple.fr"))
        .filter(outbox::status.eq(status))
        .count()
        .get_result(conn)
        .expect("outbox")
}

fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < limit,
            "{what}: toujours pas après {limit:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    start.elapsed()
}

#[test]
fn a_killed_servers_claimed_emails_are_sent_once_by_the_next_within_seconds() {
    let dir = tempfile::tempdir().expect("tmp");
    let url = fresh_database_url(dir.path());
    let (pool, _) = guichet::startup::open_database(&test_settings(&url)).expect("base");
    let mut conn = pool.get().expect("connexion");
    let start: NaiveDateTime = at("2026-12-07 08:00");
    for i in 0..MESSAGES {
        guichet::db::outbox::insert(
            &mut conn,
            &NewOutboxMessage {
                id: uuid::Uuid::now_v7().to_string(),
                template: "request_message".into(),
                to_address: format!("panne-{i}@exemple.fr"),
                subject: format!("Message {i}"),
                body_text: "Bonjour".into(),
                body_html: "<p>Bonjour</p>".into(),
                status: PENDING,
                attempts: 0,
                next_attempt_at: start - chrono::Duration::hours(1),
                created_at: start - chrono::Duration::hours(1),
                attachment_name: None,
                attachment_content_type: None,
                attachment_body: None,
                region_code: None,
            },
        )
        .expect("message");
    }

    // A: its SMTP server accepts the connection and never greets: sending hangs.
    let hole = TcpListener::bind("127.0.0.1:0").expect("port");
    let port = hole.local_addr().expect("adresse").port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in hole.incoming().flatten() {
            held.push(stream);
        }
    });
    let mut a = serve(
        &url,
        "2026-12-07T08:00:00Z",
        &[
            ("TRANSPORT", "smtp".into()),
            ("SMTP_HOST", "127.0.0.1".into()),
            ("SMTP_PORT", port.to_string()),
            ("SMTP_TLS", "false".into()),
        ],
    );
    wait_until("messages réclamés par A", Duration::from_secs(30), || {
        ours(&mut conn, SENDING) == MESSAGES as i64
    });
    Command::new("kill")
        .args(["-KILL", &a.id().to_string()])
        .status()
        .expect("kill");
    a.wait().expect("A arrêté");

    // B starts a minute later (its claims' lease of two minutes still runs) and writes files.
    let mail_dir = dir.path().join("mail");
    let mut b = serve(
        &url,
        "2026-12-07T08:01:00Z",
        &[
            ("TRANSPORT", "file".into()),
            ("DIR", mail_dir.display().to_string()),
        ],
    );
    let took = wait_until("messages envoyés par B", Duration::from_secs(20), || {
        ours(&mut conn, SENT) == MESSAGES as i64
    });
    assert!(took < Duration::from_secs(10), "repris en {took:?}");
    let _ = Command::new("kill")
        .args(["-TERM", &b.id().to_string()])
        .status();
    let _ = b.wait();

    // Once each, under the outbox id.
    let ids: Vec<String> = outbox::table
        .filter(outbox::to_address.like("panne-%@exemple.fr"))
        .select(outbox::id)
        .load(&mut conn)
        .expect("ids");
    let files: Vec<String> = std::fs::read_dir(&mail_dir)
        .expect("dossier des courriels")
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .filter(|text| text.contains("panne-"))
        .collect();
    assert_eq!(files.len(), MESSAGES, "one file per message");
    for id in ids {
        let copies = files
            .iter()
            .filter(|f| f.contains(&format!("Message-ID: <{id}@guichet>")))
            .count();
        assert_eq!(copies, 1, "{id}");
    }
}
