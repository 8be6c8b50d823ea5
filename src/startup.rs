//! Building the application: database, templates, assets, middleware, listener.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{Server, Service};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::ErrorHandlers;
use actix_web::{web, App, HttpMessage, HttpServer};
use tracing_actix_web::{RequestId, TracingLogger};

use crate::auth::password::Hasher;
use crate::config::{AntivirusMode, ConfigError, Settings};
use crate::content::Library;
use crate::db::{self, DatabaseUrl, DbPool, PoolOptions};
use crate::domain::account::CommonPasswords;
use crate::domain::commune_search::CommuneIndex;
use crate::domain::eligibility::Catalogue;
use crate::mail::transport::{StubMailbox, Transport};
use crate::mail::worker::Worker;
use crate::telemetry::RequestSpan;
use crate::web::zonage_cache::{ZonageCache, REFRESH_EVERY};
use crate::web::{assets::AssetPaths, error_pages, middleware, security, AppState};

pub use crate::command_error::StartupError;

/// Opens the pool for `settings.database` and applies pending migrations.
pub fn open_database(settings: &Settings) -> Result<(DbPool, DatabaseUrl), StartupError> {
    let url = DatabaseUrl::parse(&settings.database.url)?;
    let pool = db::connect(
        &url,
        &PoolOptions {
            max_size: settings.database.pool_size,
            busy_timeout_ms: settings.database.busy_timeout_ms,
            connect_timeout: Duration::from_secs(settings.database.connect_timeout_s.max(1)),
        },
    )?;
    let mut conn = pool
        .get()
        .map_err(|e| anyhow::anyhow!("connexion à la base impossible : {e}"))?;
    let applied = db::migrate(&mut conn)?;
    if applied > 0 {
        tracing::info!(
            applied,
            backend = url.backend_name(),
            "migrations appliquées"
        );
    }
    Ok((pool, url))
}

/// Binds the listening socket, explaining a busy port in one line.
pub fn bind(addr: &str) -> Result<TcpListener, StartupError> {
    TcpListener::bind(addr).map_err(|e| StartupError::Bind {
        addr: addr.to_string(),
        reason: match e.kind() {
            std::io::ErrorKind::AddrInUse => {
                "adresse déjà utilisée (un autre service écoute sur ce port ; choisissez-en un autre avec --bind)".to_string()
            }
            std::io::ErrorKind::PermissionDenied => "permission refusée pour ce port".to_string(),
            _ => e.to_string(),
        },
    })
}

/// The antivirus of uploads; says at start-up whether uploads are scanned.
fn scanner(settings: &Settings) -> Option<crate::antivirus::Scanner> {
    let scanner = crate::antivirus::Scanner::from_settings(&settings.antivirus);
    match &scanner {
        Some(s) => {
            tracing::info!(clamd = %s.describe(), "antivirus : chaque document envoyé est analysé par clamd")
        }
        None if settings.is_production() => tracing::error!(
            "antivirus non configuré : les documents envoyés ne sont PAS analysés \
             (définissez antivirus.socket ou GUICHET__ANTIVIRUS__SOCKET)"
        ),
        None => tracing::warn!(
            "antivirus non configuré : les documents envoyés ne sont pas analysés \
             (développement ; définissez antivirus.socket ou GUICHET__ANTIVIRUS__SOCKET)"
        ),
    }
    scanner
}

pub fn load_templates(settings: &Settings) -> anyhow::Result<tera::Tera> {
    let glob = settings.server.templates_dir.join("**/*");
    let mut tera = tera::Tera::new(&glob.to_string_lossy())
        .map_err(|e| anyhow::anyhow!("gabarits invalides : {e:?}"))?;
    tera.autoescape_on(vec![".html"]);
    crate::template_filters::register(&mut tera);
    Ok(tera)
}

/// The communes search index, from the communes table (empty before the first import).
pub fn load_communes(pool: &DbPool) -> Result<CommuneIndex, StartupError> {
    let mut conn = pool
        .get()
        .map_err(|e| anyhow::anyhow!("connexion à la base impossible : {e}"))?;
    let communes = db::territories::all_communes(&mut conn)
        .map_err(|e| anyhow::anyhow!("lecture des communes impossible : {e}"))?;
    Ok(CommuneIndex::new(communes))
}

/// A running server and the port it listens on (tests bind port 0).
pub struct Application {
    port: u16,
    server: Server,
    mailbox: StubMailbox,
}

/// The routing table of requests (`config/routing.toml`); a malformed file stops start-up.
pub fn load_routing(
    config_dir: &std::path::Path,
) -> Result<crate::domain::routing::RoutingTable, StartupError> {
    let path = config_dir.join("routing.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| anyhow::anyhow!("{} illisible : {e}", path.display()))?;
    crate::domain::routing::RoutingTable::from_toml(&text).map_err(|e| {
        StartupError::Config(ConfigError::Invalid(format!("{} : {e}", path.display())))
    })
}

/// The deny list of passwords shipped in `config/common-passwords.txt`.
pub fn load_common_passwords(config_dir: &std::path::Path) -> anyhow::Result<CommonPasswords> {
    let path = config_dir.join("common-passwords.txt");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| anyhow::anyhow!("liste {} illisible : {e}", path.display()))?;
    Ok(CommonPasswords::parse(&text))
}

impl Application {
    /// Builds the application with the clock of `settings` (`[clock]`: the system clock unless
    /// a start instant is set).
    pub fn build(
        settings: Arc<Settings>,
        pool: DbPool,
        listener: TcpListener,
    ) -> Result<Self, StartupError> {
        let clock = settings.clock.build()?;
        Self::build_with_clock(settings, pool, listener, clock)
    }

    /// Builds the application reading "now" from `clock` (tests pass a set clock).
    pub fn build_with_clock(
        settings: Arc<Settings>,
        pool: DbPool,
        listener: TcpListener,
        clock: crate::clock::Clock,
    ) -> Result<Self, StartupError> {
        let port = listener
            .local_addr()
            .map_err(|e| anyhow::anyhow!("adresse locale inconnue : {e}"))?
            .port();
        let concurrency = match settings.security.password_hash_concurrency {
            0 => std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2),
            n => n,
        };
        let hasher = Hasher::new(
            settings.security.argon2_memory_kib,
            settings.security.argon2_passes,
            concurrency,
            settings.security.password_hash_queue,
        )?;
        let mailbox = StubMailbox::default();
        let transport = Transport::from_settings(&settings.mail, mailbox.clone())?;
        let worker = Worker::new(
            pool.clone(),
            Arc::new(transport),
            &settings.mail,
            clock.clone(),
        )?;
        let catalogue = Catalogue::load_dir(&settings.reference.aides_dir)?;
        let regional = {
            let mut conn = pool
                .get()
                .map_err(|e| anyhow::anyhow!("connexion impossible : {e}"))?;
            crate::web::live_catalogue::published_aids(&mut conn, &catalogue)
                .map_err(|e| anyhow::anyhow!("règles régionales illisibles : {e}"))?
        };
        let communes = load_communes(&pool)?;
        let library = Library::load(&settings.reference.content_dir, &catalogue)
            .map_err(|e| anyhow::anyhow!("pages d'information invalides : {e}"))?;
        let refresher = Arc::new(crate::jobs::indicators::Refresher::new(
            pool.clone(),
            clock.clone(),
        ));
        let state = web::Data::new(AppState {
            pool: pool.clone(),
            clock,
            templates: Arc::new(load_templates(&settings)?),
            assets: AssetPaths::discover(&settings.server.assets_dir)?,
            hasher,
            common_passwords: load_common_passwords(&settings.server.config_dir)?,
            routing: load_routing(&settings.server.config_dir)?,
            settings: settings.clone(),
            catalogue: crate::web::live_catalogue::LiveCatalogue::new(catalogue, regional),
            communes,
            library,
            zonages: ZonageCache::load(&pool)?,
            indicators: crate::web::indicators::IndicatorsState::load(
                &settings.reference.departement_map,
                refresher.clone(),
            ),
            views: Arc::new(crate::web::view_cache::ViewCache::new(settings.view_cache)),
            uploads: crate::web::uploads::UploadBudget::new(
                settings.uploads.in_flight_mib,
                std::thread::available_parallelism().map_or(2, |n| n.get()),
            ),
            scanner: scanner(&settings),
        });
        let refreshed = state.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(REFRESH_EVERY);
            every.tick().await;
            loop {
                every.tick().await;
                if let Err(e) = refreshed.zonages.refresh(&refreshed.pool).await {
                    tracing::warn!(error = %e, "rechargement des zonages impossible");
                }
            }
        });
        let jobs_state = state.clone();
        let production = settings.is_production();
        let mut server = HttpServer::new(move || {
            let assets = state.assets.clone();
            App::new()
                .app_data(state.clone())
                .app_data(
                    web::FormConfig::default()
                        .limit(256 * 1024)
                        .error_handler(|e, _| {
                            crate::error::AppError::BadRequest(format!(
                                "formulaire illisible : {e}"
                            ))
                            .into()
                        }),
                )
                .app_data(web::QueryConfig::default().error_handler(|e, _| {
                    crate::error::AppError::BadRequest(format!("paramètres illisibles : {e}"))
                        .into()
                }))
                // Outermost last: the viewer is loaded first, so that the CSRF token can be
                // bound to the live session.
                .wrap(actix_web::middleware::from_fn(middleware::csrf_protection))
                .wrap(actix_web::middleware::from_fn(
                    middleware::writes_forget_views,
                ))
                .wrap(actix_web::middleware::from_fn(middleware::load_viewer))
                .wrap(ErrorHandlers::new().default_handler(error_pages::render))
                .wrap(security::headers(production))
                .wrap_fn(|req, srv| {
                    let request_id = req.extensions().get::<RequestId>().map(|id| id.to_string());
                    let response = srv.call(req);
                    async move {
                        let mut response = response.await?;
                        if let Some(value) =
                            request_id.and_then(|id| HeaderValue::from_str(&id).ok())
                        {
                            response
                                .headers_mut()
                                .insert(HeaderName::from_static("x-request-id"), value);
                        }
                        Ok(response)
                    }
                })
                .wrap(TracingLogger::<RequestSpan>::new())
                .app_data(crate::web::api::json_config())
                .app_data(crate::web::api::query_config())
                .configure(crate::web::routes::configure)
                .configure(|cfg| assets.mount(cfg))
                .default_service(web::to(crate::web::routes::not_found))
        })
        .shutdown_timeout(10);
        if settings.server.workers > 0 {
            server = server.workers(settings.server.workers);
        }
        let server = server
            .listen(listener)
            .map_err(|e| anyhow::anyhow!("écoute impossible : {e}"))?
            .run();
        tokio::spawn(worker.run());
        let deps = crate::jobs::Deps {
            pool: jobs_state.pool.clone(),
            clock: jobs_state.clock.clone(),
            templates: jobs_state.templates.clone(),
            base_url: jobs_state.base_url().to_string(),
        };
        tokio::spawn(crate::jobs::digest::run(deps.clone()));
        tokio::spawn(crate::jobs::commitment_reminders::run(deps.clone()));
        tokio::spawn(crate::jobs::indicators::run(
            refresher,
            settings.indicators.refresh_seconds,
        ));
        tokio::spawn(crate::jobs::link_bodies::run(deps.clone()));
        tokio::spawn(crate::jobs::retention::run(
            deps.clone(),
            settings.retention.policy,
            settings.uploads.dir.clone(),
            settings.retention.purge_every_hours,
        ));
        tokio::spawn(crate::jobs::next_actions::run(deps.clone()));
        tokio::spawn(crate::jobs::reminders::run(deps));
        if let (AntivirusMode::Quarantine, Some(scanner)) =
            (settings.antivirus.mode, jobs_state.scanner.clone())
        {
            let quarantine = crate::jobs::quarantine::Quarantine {
                pool: jobs_state.pool.clone(),
                scanner,
                dir: settings.uploads.dir.clone(),
                clock: jobs_state.clock.clone(),
            };
            tokio::spawn(quarantine.run());
        }
        Ok(Self {
            port,
            server,
            mailbox,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Runs until SIGTERM/SIGINT (graceful: in-flight requests finish) or the handle stops it.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }

    /// The messages of the stub transport (tests).
    pub fn mailbox(&self) -> StubMailbox {
        self.mailbox.clone()
    }

    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }
}
