//! Spawns the guichet on port 0 with a fresh database: a SQLite file in a temporary folder, or,
//! when `TEST_DATABASE_URL` is set, a new database on that PostgreSQL server.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::Connection;
use guichet::clock::Clock;
use guichet::config::{Environment, Settings};
use guichet::db::DbPool;
use guichet::mail::transport::StubMailbox;
use guichet::startup::{self, Application};

pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

pub fn root() -> &'static Path {
    Path::new(ROOT)
}

/// The instant every test server starts at unless the test chooses another: Tuesday
/// 10 March 2026, 09:00 in Paris (08:00 UTC), far from any public holiday. The clock then runs
/// at the pace of real time (`Clock::ticking_from`), so a test's actions keep their order.
pub fn test_start() -> NaiveDateTime {
    at("2026-03-10 08:00")
}

/// A UTC instant written `YYYY-MM-DD HH:MM`.
pub fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("instant de test")
}

pub fn fixture_communes() -> PathBuf {
    root().join("tests/fixtures/communes")
}

pub struct TestApp {
    /// Stops the server (and releases its database connections) when the test ends.
    server: actix_web::dev::ServerHandle,
    pub address: String,
    pub pool: DbPool,
    pub client: reqwest::Client,
    pub mailbox: StubMailbox,
    pub settings: Arc<Settings>,
    /// The server's clock: tests move it (`set`, `advance`) to choose their instant.
    pub clock: Clock,
    _dir: tempfile::TempDir,
}

/// A database URL no other test uses.
pub fn fresh_database_url(dir: &Path) -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin) if !admin.trim().is_empty() => {
            let name = format!("guichet_test_{}", uuid::Uuid::new_v4().simple());
            let mut conn = diesel::PgConnection::establish(&admin)
                .unwrap_or_else(|e| panic!("TEST_DATABASE_URL injoignable : {e}"));
            conn.batch_execute(&format!("CREATE DATABASE {name}"))
                .expect("CREATE DATABASE");
            let (base, _) = admin
                .rsplit_once('/')
                .expect("URL PostgreSQL avec un nom de base");
            format!("{base}/{name}")
        }
        _ => format!("sqlite://{}", dir.join("guichet.db").display()),
    }
}

pub fn is_postgres() -> bool {
    std::env::var("TEST_DATABASE_URL").is_ok_and(|u| !u.trim().is_empty())
}

pub fn test_settings(database_url: &str) -> Settings {
    let mut settings = Settings::load_for(&root().join("config"), Environment::Test)
        .expect("configuration de test");
    settings.database.url = database_url.to_string();
    settings.database.pool_size = 4;
    settings.server.templates_dir = root().join("templates");
    settings.server.assets_dir = root().join("assets");
    settings.server.workers = 2;
    settings.reference.communes_dir = fixture_communes();
    settings.reference.aides_dir = root().join("config/aides");
    settings
}

/// A browser-like client: keeps cookies, does not follow redirects.
pub fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("client HTTP")
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// A server whose database already holds the fixture communes (PACA and a few others) and the
/// demo data (institutions, the shipped zonages of PACA) when it starts: the commune
/// search index is built at start-up.
pub async fn spawn_app_seeded() -> TestApp {
    spawn(|_| {}, true, Clock::ticking_from(test_start()), |_| {}).await
}

/// A seeded server whose database `prepare` completes before it starts (the commune index
/// and the zonages are loaded at start-up).
pub async fn spawn_app_seeded_with(prepare: impl FnOnce(&DbPool)) -> TestApp {
    spawn(|_| {}, true, Clock::ticking_from(test_start()), prepare).await
}

/// A seeded server whose settings `customize` changes first (e.g. demo mode, trusted proxies).
pub async fn spawn_app_seeded_configured(customize: impl FnOnce(&mut Settings)) -> TestApp {
    spawn(customize, true, Clock::ticking_from(test_start()), |_| {}).await
}

/// A seeded server whose clock is `clock` (e.g. `Clock::frozen(at("2026-07-15 22:30"))`).
pub async fn spawn_app_seeded_at(clock: Clock) -> TestApp {
    spawn(|_| {}, true, clock, |_| {}).await
}

pub async fn spawn_app_with(customize: impl FnOnce(&mut Settings)) -> TestApp {
    spawn(customize, false, Clock::ticking_from(test_start()), |_| {}).await
}

async fn spawn(
    customize: impl FnOnce(&mut Settings),
    seeded: bool,
    clock: Clock,
    prepare: impl FnOnce(&DbPool),
) -> TestApp {
    let dir = tempfile::tempdir().expect("dossier temporaire");
    let database_url = fresh_database_url(dir.path());
    let mut settings = test_settings(&database_url);
    settings.mail.dir = dir.path().join("mail");
    settings.uploads.dir = dir.path().join("uploads");
    // Every server scans its uploads with a real clamd (EICAR-only signatures).
    settings.antivirus.socket = crate::clamd::socket();
    customize(&mut settings);
    // Errors the server logs show up in a failing test's output.
    guichet::telemetry::init(&settings.log);
    let settings = Arc::new(settings);
    let (pool, _) = startup::open_database(&settings).expect("base de test");
    if seeded {
        let mut conn = pool.get().expect("connexion");
        guichet::import::communes::import_dir(&mut conn, &fixture_communes(), clock.now())
            .expect("import");
        guichet::seed::demo::seed(&mut conn, &settings.security, clock.now()).expect("démo");
    }
    prepare(&pool);
    let listener = startup::bind("127.0.0.1:0").expect("port libre");
    let app =
        Application::build_with_clock(settings.clone(), pool.clone(), listener, clock.clone())
            .expect("application");
    let address = format!("http://127.0.0.1:{}", app.port());
    let mailbox = app.mailbox();
    let server = app.handle();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        server,
        address,
        pool,
        client: new_client(),
        mailbox,
        settings,
        clock,
        _dir: dir,
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // The stop command is sent at once; its completion is not awaited.
        drop(self.server.stop(false));
    }
}

impl TestApp {
    /// The settings the server runs with (mail folder, database URL…).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The server's "now" (UTC).
    pub fn now(&self) -> NaiveDateTime {
        self.clock.now()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// `POST /api/v1/eligibility` with a JSON body.
    pub async fn eligibility(&self, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/eligibility"))
            .json(body)
            .send()
            .await
            .expect("requête POST")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("requête GET")
    }

    /// Imports the fixture territories (PACA and a few others).
    pub fn import_fixture_communes(&self) -> guichet::import::communes::ImportReport {
        let mut conn = self.pool.get().expect("connexion");
        guichet::import::communes::import_dir(&mut conn, &fixture_communes(), self.now())
            .expect("import")
    }
}
