//! `cargo bench --bench requests_and_signin` (add `TEST_DATABASE_URL=postgres://…` for
//! PostgreSQL, e.g. through `scripts/with-postgres.sh`):
//!
//! 1. Filing: requests submitted per second through the real workflow (draft, validation,
//!    routing to every institution, referrals, timeline, e-mails in the outbox, one transaction
//!    each), against plain single-row inserts per second measured in the same run on the same
//!    database.
//! 2. Sign-in: a real server with argon2id at OWASP parameters (19 MiB, 2 passes); 50 concurrent
//!    sign-ins of 50 accounts; sign-ins per second, and the latency of `/healthz` during the burst
//!    against the same measurement before it.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::Connection;
use guichet::config::{Environment, Settings};
use guichet::domain::account::Role;
use guichet::domain::profession::{Profession, Situation};
use guichet::domain::request::{form_for, Draft, InputType, PracticeMode, RequestKind};
use guichet::startup::{self, Application};
use guichet::workflow::{submit, Actor, Context};

const FILINGS: usize = 300;
const SIGNINS: usize = 50;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn settings(dir: &Path) -> Settings {
    let mut s = Settings::load_for(&root().join("config"), Environment::Test).expect("config");
    s.database.url = match std::env::var("TEST_DATABASE_URL") {
        Ok(admin) if !admin.is_empty() => {
            let name = format!("guichet_bench_{}", uuid::Uuid::new_v4().simple());
            let mut c = diesel::PgConnection::establish(&admin).expect("postgres");
            c.batch_execute(&format!("CREATE DATABASE {name}"))
                .expect("create database");
            format!("{}/{name}", admin.rsplit_once('/').expect("url").0)
        }
        _ => format!("sqlite://{}", dir.join("bench.db").display()),
    };
    s.database.pool_size = 8;
    s.server.templates_dir = root().join("templates");
    s.server.assets_dir = root().join("assets");
    s.server.workers = 2;
    s.reference.communes_dir = root().join("tests/fixtures/communes");
    s.mail.dir = dir.join("mail");
    s.uploads.dir = dir.join("uploads");
    s.mail.worker_poll_ms = 3_600_000; // the outbox fills; sending is not what is measured
    s.security.argon2_memory_kib = 19_456;
    s.security.argon2_passes = 2;
    s
}

fn filled(kind: RequestKind) -> Draft {
    let date = (guichet::clock::Clock::system().now_utc().date_naive()
        + chrono::Duration::days(60))
    .to_string();
    Draft::from_pairs(form_for(kind).fields.iter().map(|f| {
        let v = match f.input {
            InputType::Date { .. } => date.clone(),
            InputType::CommuneInsee => "13004".to_string(),
            InputType::Select { options } => options
                .first()
                .map(|o| o.value.to_string())
                .unwrap_or_default(),
            InputType::YesNo => "oui".into(),
            InputType::Number { min, .. } => format!("{}", min.max(1.0)),
            InputType::ProfessionalNumber | InputType::AidCode | InputType::TeamMembers => {
                String::new()
            }
            InputType::Text | InputType::Textarea => "Cabinet".into(),
        };
        (f.name.to_string(), v)
    }))
}

fn filing(settings: &Settings, pool: &guichet::db::DbPool) {
    let mut conn = pool.get().expect("connexion");
    guichet::import::communes::import_dir(
        &mut conn,
        &settings.reference.communes_dir,
        guichet::clock::Clock::system().now(),
    )
    .expect("communes");
    guichet::seed::demo::seed(
        &mut conn,
        &settings.security,
        guichet::clock::Clock::system().now(),
    )
    .expect("démo");
    let pro = guichet::db::users::find_by_email(&mut conn, "camille.martin@demo.test")
        .expect("find")
        .expect("pro");
    let templates = startup::load_templates(settings).expect("templates");
    let routing = startup::load_routing(&settings.server.config_dir).expect("routing");
    let actor = Actor {
        user_id: pro.id.clone(),
        role: guichet::domain::request::ActorRole::Professionnel,
        label: "bench".into(),
    };
    let kind = RequestKind::Installation(PracticeMode::Liberal);
    let draft = filled(kind);
    conn.batch_execute("CREATE TABLE bench_plain (id TEXT PRIMARY KEY, body TEXT NOT NULL)")
        .expect("table");

    let started = Instant::now();
    for i in 0..FILINGS {
        conn.batch_execute(&format!(
            "INSERT INTO bench_plain (id, body) VALUES ('{i}', 'x')"
        ))
        .expect("insert");
    }
    let plain = FILINGS as f64 / started.elapsed().as_secs_f64();

    let started = Instant::now();
    for _ in 0..FILINGS {
        conn.transaction::<_, guichet::error::AppError, _>(|conn| {
            let ctx = Context {
                templates: &templates,
                base_url: "http://bench",
                deadlines: &settings.deadlines,
                now: guichet::clock::Clock::system().now_utc().naive_utc(),
            };
            let id = submit::create_draft(conn, &pro.id, kind, &draft, None, ctx.now)?;
            let request = guichet::db::requests::find(conn, &id)?.expect("request");
            let outcome = submit::submit(
                conn,
                &ctx,
                &request,
                &actor,
                &submit::Submission {
                    routing: &routing,
                    zonages: &guichet::domain::zonage::ZonageIndex::default(),
                    recorded: None,
                },
            )?;
            assert!(outcome.is_ok(), "{outcome:?}");
            Ok(())
        })
        .expect("filing");
    }
    let filed = FILINGS as f64 / started.elapsed().as_secs_f64();
    let backend = if settings.database.url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("filing on {backend}: {filed:.0} requests/s (each: draft, validation, 5 referrals, timeline, 2 e-mails); plain single-row inserts: {plain:.0}/s; ratio {:.1} %", 100.0 * filed / plain);
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted
        .get(((sorted.len() as f64 - 1.0) * p).round() as usize)
        .copied()
        .unwrap_or_default()
}

async fn healthz_latencies(client: &reqwest::Client, url: &str, until: Instant) -> Vec<Duration> {
    let mut all = Vec::new();
    while Instant::now() < until {
        let t = Instant::now();
        client
            .get(format!("{url}/healthz"))
            .send()
            .await
            .expect("healthz");
        all.push(t.elapsed());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    all.sort();
    all
}

async fn signin(settings: Settings, pool: guichet::db::DbPool) {
    let hash =
        guichet::auth::password::hash_now(19_456, 2, "une phrase de passe solide").expect("hash");
    {
        let mut conn = pool.get().expect("connexion");
        let now = guichet::clock::Clock::system().now_utc().naive_utc();
        for i in 0..SIGNINS {
            let user = guichet::db::users::NewUser {
                id: uuid::Uuid::now_v7().to_string(),
                email: format!("bench{i}@exemple.fr"),
                password_hash: Some(hash.clone()),
                first_name: "B".into(),
                last_name: format!("{i}"),
                role: Role::Professional,
                profession: Some(Profession::Medecin),
                situation: Some(Situation::Installe),
                professional_number: None,
                institution_id: None,
                region_code: None,
                email_verified_at: Some(now),
                disabled_at: None,
                created_at: now,
                updated_at: now,
            };
            guichet::db::users::insert(&mut conn, &user, &[]).expect("user");
        }
    }
    let listener = startup::bind("127.0.0.1:0").expect("port");
    let app = Application::build(Arc::new(settings), pool, listener).expect("app");
    let url = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let probe = reqwest::Client::new();
    let calm = healthz_latencies(&probe, &url, Instant::now() + Duration::from_secs(2)).await;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..SIGNINS {
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client");
            let html = client
                .get(format!("{url}/connexion"))
                .send()
                .await
                .expect("get")
                .text()
                .await
                .expect("body");
            let at = html.find("name=\"csrf_token\" value=\"").expect("token") + 25;
            let token = html[at..at + 64].to_string();
            let email = format!("bench{i}@exemple.fr");
            let r = client
                .post(format!("{url}/connexion"))
                .form(&[
                    ("csrf_token", token.as_str()),
                    ("email", email.as_str()),
                    ("password", "une phrase de passe solide"),
                ])
                .send()
                .await
                .expect("post");
            assert_eq!(r.status(), 303, "sign-in {i}");
        }));
    }
    let probe_url = url.clone();
    let during = tokio::spawn(async move {
        healthz_latencies(
            &reqwest::Client::new(),
            &probe_url,
            Instant::now() + Duration::from_secs(3),
        )
        .await
    });
    for t in tasks {
        t.await.expect("sign-in task");
    }
    let elapsed = started.elapsed();
    let during = during.await.expect("probe");
    println!("sign-in (argon2id 19 MiB, t=2): {SIGNINS} concurrent sign-ins in {:.2} s = {:.1} sign-ins/s", elapsed.as_secs_f64(), SIGNINS as f64 / elapsed.as_secs_f64());
    println!(
        "/healthz latency before the burst: p50 {:?}, p99 {:?} ({} requests)",
        percentile(&calm, 0.5),
        percentile(&calm, 0.99),
        calm.len()
    );
    println!(
        "/healthz latency during the burst: p50 {:?}, p99 {:?} ({} requests)",
        percentile(&during, 0.5),
        percentile(&during, 0.99),
        during.len()
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let settings = settings(dir.path());
    let (pool, _) = startup::open_database(&settings).expect("database");
    filing(&settings, &pool);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(signin(settings, pool));
}
