//! The e-mail outbox: a real SMTP server that goes down and comes back, exactly-once delivery
//! with two instances, failed messages retried by an admin.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use guichet::config::MailTransportKind;
use guichet::db;
use guichet::domain::account::Role;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use crate::helpers::{spawn_app_with, TestApp};
use crate::session_helpers::*;

/// A minimal SMTP server that records each message it accepts.
struct SmtpServer {
    task: tokio::task::JoinHandle<()>,
}

type Inbox = Arc<Mutex<Vec<String>>>;

async fn start_smtp(port: u16, inbox: Inbox) -> SmtpServer {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("port SMTP");
    let task = tokio::spawn(async move {
        let mut sessions = tokio::task::JoinSet::new();
        while let Ok((stream, _)) = listener.accept().await {
            let inbox = inbox.clone();
            sessions.spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 test ESMTP\r\n").await;
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(body) = data.as_mut() {
                        if line == "." {
                            if let Ok(mut m) = inbox.lock() {
                                m.push(std::mem::take(body));
                            }
                            data = None;
                            let _ = write.write_all(b"250 OK queued\r\n").await;
                        } else {
                            body.push_str(&line);
                            body.push('\n');
                        }
                        continue;
                    }
                    let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 test\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 go ahead\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            break;
                        }
                        _ => b"250 OK\r\n",
                    };
                    let _ = write.write_all(reply).await;
                }
            });
        }
    });
    SmtpServer { task }
}

impl SmtpServer {
    fn stop(self) {
        self.task.abort();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("port libre")
}

async fn smtp_app(port: u16, max_attempts: i32) -> TestApp {
    spawn_app_with(|s| {
        s.mail.transport = MailTransportKind::Smtp;
        s.mail.smtp_host = "127.0.0.1".into();
        s.mail.smtp_port = port;
        s.mail.smtp_tls = false;
        s.mail.max_attempts = max_attempts;
        s.mail.backoff_base_ms = 50;
        s.mail.backoff_max_ms = 300;
    })
    .await
}

/// Writes `n` e-mails to the outbox, as a change of the guichet would.
fn enqueue(app: &TestApp, n: usize) {
    let templates = guichet::startup::load_templates(app.settings()).expect("gabarits");
    let mut conn = app.pool.get().expect("connexion");
    #[derive(serde::Serialize)]
    struct Data {
        first_name: String,
    }
    for i in 0..n {
        let data = Data {
            first_name: format!("Personne {i}"),
        };
        guichet::mail::enqueue(
            &mut conn,
            &templates,
            "http://guichet.test",
            &format!("personne{i}@exemple.fr"),
            "password_changed",
            &data,
            app.now(),
        )
        .expect("enqueue");
    }
}

async fn wait_until(what: &str, timeout: Duration, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !check() {
        assert!(Instant::now() < deadline, "délai dépassé : {what}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

fn count(app: &TestApp, status: db::outbox::OutboxStatus) -> i64 {
    let mut conn = app.pool.get().expect("connexion");
    db::outbox::count_status(&mut conn, status).expect("count")
}

#[tokio::test]
async fn twenty_emails_survive_an_smtp_outage_and_arrive_once() {
    let port = free_port();
    let app = smtp_app(port, 50).await;
    let inbox: Inbox = Arc::default();
    // The server is down: every attempt fails and is retried with backoff.
    enqueue(&app, 20);
    let pool = app.pool.clone();
    wait_until(
        "each message attempted while SMTP is down",
        Duration::from_secs(20),
        || {
            let mut conn = pool.get().expect("connexion");
            db::outbox::latest(&mut conn, 100)
                .expect("latest")
                .iter()
                .all(|m| m.attempts >= 1 && m.status == db::outbox::PENDING)
        },
    )
    .await;
    assert!(inbox.lock().expect("inbox").is_empty());
    let server = start_smtp(port, inbox.clone()).await;
    wait_until(
        "all 20 sent after the restart",
        Duration::from_secs(30),
        || count(&app, db::outbox::SENT) == 20,
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let received = inbox.lock().expect("inbox").clone();
    server.stop();
    assert_eq!(received.len(), 20, "each e-mail delivered exactly once");
    let ids: HashSet<String> = received
        .iter()
        .filter_map(|m| {
            m.lines()
                .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
                .map(str::to_string)
        })
        .collect();
    assert_eq!(ids.len(), 20, "20 distinct messages");
    let recipients: HashSet<String> = received
        .iter()
        .filter_map(|m| m.lines().find(|l| l.starts_with("To:")).map(str::to_string))
        .collect();
    assert_eq!(recipients.len(), 20);
    let mut conn = app.pool.get().expect("connexion");
    let kept: Vec<(String, String)> = db::outbox::latest(&mut conn, 100)
        .expect("latest")
        .into_iter()
        .map(|m| (m.body_text, m.body_html))
        .filter(|(text, html)| !text.is_empty() || !html.is_empty())
        .collect();
    assert!(
        kept.is_empty(),
        "a delivered e-mail's body (and any link in it) is not kept: {kept:?}"
    );
}

#[tokio::test]
async fn two_instances_send_each_email_exactly_once() {
    let first = spawn_app_with(|_| {}).await;
    let url = first.settings().database.url.clone();
    let second = spawn_app_with(move |s| s.database.url = url).await;
    enqueue(&first, 100);
    wait_until("100 sent", Duration::from_secs(30), || {
        count(&first, db::outbox::SENT) == 100
    })
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (a, b) = (first.mailbox.messages(), second.mailbox.messages());
    assert_eq!(
        a.len() + b.len(),
        100,
        "sent by instance 1: {}, by instance 2: {}",
        a.len(),
        b.len()
    );
    let ids: HashSet<String> = a.iter().chain(b.iter()).map(|m| m.id.clone()).collect();
    assert_eq!(ids.len(), 100, "no message sent twice");
}

#[tokio::test]
async fn failed_messages_are_listed_for_admins_of_their_region_and_can_be_retried() {
    let port = free_port();
    let app = smtp_app(port, 2).await;
    app.import_fixture_communes();
    // personne0 works in PACA (93), personne1 in Île-de-France (11).
    create_user(
        &app,
        "personne0@exemple.fr",
        Role::Referent,
        Some("93"),
        None,
        &[],
    )
    .await;
    create_user(
        &app,
        "personne1@exemple.fr",
        Role::Referent,
        Some("11"),
        None,
        &[],
    )
    .await;
    enqueue(&app, 2);
    wait_until(
        "messages failed after 2 attempts",
        Duration::from_secs(20),
        || count(&app, db::outbox::FAILED) == 2,
    )
    .await;
    create_user(&app, "admin@exemple.fr", Role::Admin, Some("93"), None, &[]).await;
    let admin = signed_in(&app, "admin@exemple.fr").await;
    let page = admin
        .get(app.url("/admin/courriels"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("corps");
    assert!(
        page.contains("personne0@exemple.fr") && page.contains("Relancer"),
        "{page}"
    );
    assert!(
        !page.contains("personne1@exemple.fr"),
        "another région's e-mail is not shown"
    );
    let id_of = |to: &str| {
        let mut conn = app.pool.get().expect("connexion");
        db::outbox::list_by_status(&mut conn, db::outbox::FAILED, 10)
            .expect("failed")
            .into_iter()
            .find(|m| m.to_address == to)
            .map(|m| m.id)
            .expect("message")
    };
    let (mine, theirs) = (id_of("personne0@exemple.fr"), id_of("personne1@exemple.fr"));
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/courriels/{theirs}/relancer"),
        &[],
    )
    .await;
    assert_eq!(r.status(), 404, "another région's e-mail cannot be retried");
    let inbox: Inbox = Arc::default();
    let server = start_smtp(port, inbox.clone()).await;
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/courriels/{mine}/relancer"),
        &[],
    )
    .await;
    assert_eq!(location(&r), "/admin/courriels?ok=courriel-relance");
    wait_until("retried message sent", Duration::from_secs(20), || {
        count(&app, db::outbox::SENT) == 1
    })
    .await;
    server.stop();
    assert_eq!(inbox.lock().expect("inbox").len(), 1);
    assert_eq!(count(&app, db::outbox::FAILED), 1);
}
