//! The `guichet` command line: serve, migrate, import, seed.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use chrono::{NaiveDate, NaiveDateTime};
use clap::{Parser, Subcommand};

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::{self, DbPool};
use crate::domain::profession::Profession;
use crate::domain::zonage::{EmptyZone, ZonageMeta};
use crate::import::{self, zonage_france::Existing};
use crate::startup::{self, Application, StartupError};

#[derive(Debug, Parser)]
#[command(
    name = "guichet",
    version,
    about = "Guichet unique des professionnels de santé"
)]
pub struct Cli {
    /// Folder of default.toml and {GUICHET_ENV}.toml.
    #[arg(long, global = true, default_value = "config")]
    pub config_dir: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Runs the web portal (migrates; on an empty database imports the territories and the
    /// shipped zonages, and, in demo mode only, seeds demo data).
    Serve {
        /// Address to listen on, e.g. 127.0.0.1:8080 (default from the configuration).
        #[arg(long)]
        bind: Option<String>,
        /// Demo mode (as GUICHET_ENV=development): demo data on an empty database, the demo
        /// banner, the development mailbox for admins. Refused in production.
        #[arg(long)]
        demo: bool,
    },
    /// Applies pending database migrations.
    Migrate,
    /// Imports reference data.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Generates data.
    #[command(subcommand)]
    Seed(SeedCommand),
    /// The indicators' snapshots.
    #[command(subcommand)]
    Indicators(IndicatorsCommand),
    /// Administrators: create the first one, list them, disable one.
    #[command(subcommand)]
    Admin(crate::ops::admin::AdminCommand),
    /// A consistent copy of the SQLite database while the guichet runs (PostgreSQL: pg_dump).
    Backup {
        /// The copy to write (must not exist yet).
        file: PathBuf,
    },
    /// Verifies configuration, database, SMTP relay, rule files and content, and lists the
    /// institutions still "à compléter"; exit code 1 if anything is wrong.
    Check,
    /// Deletes the personal data past its retention period (`[retention]`); with --dry-run,
    /// lists by category what would go and deletes nothing.
    Purge {
        /// Count only, delete nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// The aid rule files (`guichet rules report`).
    #[command(subcommand)]
    Rules(crate::rules_cli::RulesCommand),
}

#[derive(Debug, Subcommand)]
pub enum IndicatorsCommand {
    /// Recomputes the indicators of every région and département now.
    Refresh,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Régions, départements and communes from @etalab/decoupage-administratif (folder of its JSON files).
    Communes { path: Option<PathBuf> },
    /// A zonage: the guichet's CSV (columns `insee` and `zone`, a slug of the profession's
    /// scale: ZIP, ZAC… or tres-sous-dotee…) or a CartoSanté export (`Code;Libellé;Zonage …`),
    /// detected. Keeps the communes of the région; closes the previous zonage of the same
    /// région and profession the day before --from.
    Zonage {
        /// The file.
        file: PathBuf,
        /// INSEE code of the région, e.g. 93 for Provence-Alpes-Côte d'Azur.
        #[arg(long)]
        region: String,
        /// Profession slug, e.g. medecin.
        #[arg(long)]
        profession: Profession,
        /// First day in force (AAAA-MM-JJ).
        #[arg(long)]
        from: NaiveDate,
        /// Last day in force (AAAA-MM-JJ); open-ended when absent.
        #[arg(long)]
        to: Option<NaiveDate>,
        /// The arrêté or extraction the zones come from (shown to users).
        #[arg(long)]
        source: String,
        /// An empty zone means "not ZIP" = {ZAC, ZV, ZAR, HZ} (médecins sources that only list
        /// ZIP communes); otherwise an empty zone or "N/A" is unknown and the commune left out.
        #[arg(long)]
        empty_means_not_zip: bool,
    },
    /// The zonages shipped in reference/zonage/france/ for every région (idempotent: replaces
    /// the shipped zonages already recorded).
    ZonageFrance,
    /// The national directory of institutions (reference/institutions, or FILE in the same CSV
    /// format): adds the missing ones, updates the others by key; run twice, changes nothing.
    Institutions { file: Option<PathBuf> },
}

#[derive(Debug, Subcommand)]
pub enum SeedCommand {
    /// Demo institutions (and accounts) for Provence-Alpes-Côte d'Azur.
    Demo,
    /// Generated volumes in Provence-Alpes-Côte d'Azur (seeds the demo data first if missing):
    /// professionals, requests in every state, referrals, messages and timelines.
    Load {
        /// Number of requests to generate.
        #[arg(long)]
        requests: usize,
        /// Number of professionals to generate (authors of the requests).
        #[arg(long)]
        professionals: usize,
        /// Seed of the generator: the same seed gives the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

pub fn run(cli: Cli) -> Result<(), StartupError> {
    let mut settings = Settings::load(&cli.config_dir)?;
    if let Command::Serve { demo: true, .. } = cli.command {
        settings.demo.enabled = true;
        settings.validate()?;
    }
    crate::telemetry::init(&settings.log);
    let clock = settings.clock.build()?;
    match cli.command {
        Command::Serve { bind, .. } => serve(settings, bind, clock),
        Command::Rules(command) => crate::rules_cli::run(command, &settings, &clock),
        Command::Migrate => {
            let (_, url) = startup::open_database(&settings)?;
            println!("Base {} à jour.", url.backend_name());
            Ok(())
        }
        Command::Import(ImportCommand::Communes { path }) => {
            let (pool, _) = startup::open_database(&settings)?;
            let dir = path.unwrap_or_else(|| settings.reference.communes_dir.clone());
            import_communes(&pool, &dir, clock.now())
        }
        Command::Import(ImportCommand::Zonage {
            file,
            region,
            profession,
            from,
            to,
            source,
            empty_means_not_zip,
        }) => {
            let (pool, _) = startup::open_database(&settings)?;
            let meta = ZonageMeta {
                region_code: region,
                profession,
                valid_from: from,
                valid_to: to,
                source,
                last_checked: None,
            };
            let empty = if empty_means_not_zip {
                EmptyZone::NotZip
            } else {
                EmptyZone::Unknown
            };
            let mut conn = pool
                .get()
                .map_err(|e| anyhow::anyhow!("connexion impossible : {e}"))?;
            import::zonage_cli::import_file(&mut conn, &file, &meta, empty, clock.now())?;
            Ok(())
        }
        Command::Import(ImportCommand::ZonageFrance) => {
            let (pool, _) = startup::open_database(&settings)?;
            import_zonage_france(&pool, Existing::Replace, clock.now())
        }
        Command::Import(ImportCommand::Institutions { file }) => {
            let (pool, _) = startup::open_database(&settings)?;
            import::institutions::run(&pool, file.as_deref(), clock.now())
        }
        Command::Indicators(IndicatorsCommand::Refresh) => {
            let (pool, _) = startup::open_database(&settings)?;
            let mut conn = pool
                .get()
                .map_err(|e| anyhow::anyhow!("connexion impossible : {e}"))?;
            let started = Instant::now();
            let written = crate::jobs::indicators::refresh_all(&mut conn, clock.now())
                .map_err(|e| anyhow::anyhow!("calcul des indicateurs impossible : {e}"))?;
            println!(
                "Indicateurs recalculés : {written} territoires en {:.2} s.",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Admin(command) => {
            let (pool, _) = startup::open_database(&settings)?;
            crate::ops::admin::run(command, &pool, &settings, clock.now())
        }
        Command::Backup { file } => crate::ops::backup::run(&settings, &file),
        Command::Check => crate::ops::check::run(&settings),
        Command::Purge { dry_run } => crate::ops::purge::run(&settings, dry_run, clock.now()),
        Command::Seed(SeedCommand::Demo) => {
            let (pool, _) = startup::open_database(&settings)?;
            seed_demo(&pool, &settings, clock.now())
        }
        Command::Seed(SeedCommand::Load {
            requests,
            professionals,
            seed,
        }) => {
            let (pool, _) = startup::open_database(&settings)?;
            let options = crate::seed::load::LoadOptions {
                requests,
                professionals,
                seed,
            };
            seed_load(&pool, &settings, options, clock.now())
        }
    }
}

fn import_communes(pool: &DbPool, dir: &Path, now: NaiveDateTime) -> Result<(), StartupError> {
    let started = Instant::now();
    let mut conn = pool
        .get()
        .map_err(|e| anyhow::anyhow!("connexion impossible : {e}"))?;
    let report = crate::import::communes::import_dir(&mut conn, dir, now)?;
    println!(
        "Territoires importés : {} régions, {} départements, {} communes en {:.2} s.",
        report.regions,
        report.departements,
        report.communes,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Records the shipped zonages of every région that has communes.
fn import_zonage_france(
    pool: &DbPool,
    existing: Existing,
    now: NaiveDateTime,
) -> Result<(), StartupError> {
    let mut conn = pool
        .get()
        .map_err(|e| anyhow::anyhow!("connexion impossible : {e}"))?;
    import::zonage_cli::import_shipped(&mut conn, existing, now)?;
    Ok(())
}

fn seed_demo(pool: &DbPool, settings: &Settings, now: NaiveDateTime) -> Result<(), StartupError> {
    let mut conn = pool
        .get()
        .map_err(|e| anyhow::anyhow!("connexion impossible : {e}"))?;
    let report = crate::seed::demo::seed(&mut conn, &settings.security, now)?;
    println!(
        "Données de démonstration : {} institutions ajoutées, zonage médecins PACA : {}.",
        report.institutions_added,
        match report.zonage_communes {
            0 => "déjà présent".to_string(),
            n => format!("{n} lignes commune importées"),
        }
    );
    print_logins(&report.logins);
    Ok(())
}

fn seed_load(
    pool: &DbPool,
    settings: &Settings,
    options: crate::seed::load::LoadOptions,
    now: NaiveDateTime,
) -> Result<(), StartupError> {
    let mut conn = pool
        .get()
        .map_err(|e| anyhow::anyhow!("connexion impossible : {e}"))?;
    crate::seed::demo::seed(&mut conn, &settings.security, now)?;
    let report = crate::seed::load::run(&mut conn, options, now, &mut |p| {
        println!(
            "  {} professionnels, {}/{} demandes ({:.0} lignes/s)",
            p.professionals,
            p.requests,
            options.requests,
            p.rows_per_second()
        );
    })?;
    crate::db::bulk::refresh_statistics(&mut conn)
        .map_err(|e| anyhow::anyhow!("mise à jour des statistiques impossible : {e}"))?;
    println!(
        "Chargement terminé : {} professionnels, {} demandes, {} transmissions, {} messages, \
         {} événements en {:.1} s ({:.0} lignes/s).",
        report.professionals,
        report.requests,
        report.referrals,
        report.messages,
        report.events,
        report.seconds,
        report.rows_per_second()
    );
    Ok(())
}

fn print_logins(logins: &[(String, String, String)]) {
    let Some((_, _, password)) = logins.first() else {
        return;
    };
    println!("Comptes de démonstration (mot de passe identique pour tous : {password}) :");
    for (role, email, _) in logins {
        println!("  {email:<42} {role}");
    }
}

fn serve(settings: Settings, bind: Option<String>, clock: Clock) -> Result<(), StartupError> {
    let addr = bind.unwrap_or_else(|| settings.server.bind.clone());
    let (pool, url) = startup::open_database(&settings)?;
    {
        let mut conn = pool
            .get()
            .map_err(|e| anyhow::anyhow!("connexion impossible : {e}"))?;
        let empty = db::territories::count_communes(&mut conn)
            .map_err(|e| anyhow::anyhow!("lecture des communes impossible : {e}"))?
            == 0;
        if empty {
            drop(conn);
            import_communes(&pool, &settings.reference.communes_dir, clock.now())?;
            import_zonage_france(&pool, Existing::Keep, clock.now())?;
            if settings.demo_enabled() && settings.demo.seed_on_empty {
                seed_demo(&pool, &settings, clock.now())?;
                if settings.demo.requests > 0 {
                    let options = crate::seed::load::LoadOptions {
                        requests: settings.demo.requests,
                        professionals: settings.demo.requests.div_ceil(5),
                        seed: 1,
                    };
                    seed_load(&pool, &settings, options, clock.now())?;
                }
            }
        }
        let mut conn = crate::ops::connection(&pool)?;
        if !db::users::any_admin(&mut conn)
            .map_err(|e| anyhow::anyhow!("lecture des comptes impossible : {e}"))?
        {
            println!("{}", crate::ops::admin::FIRST_ADMIN_HINT);
        }
    }
    let listener = startup::bind(&addr)?;
    let local = listener
        .local_addr()
        .map_err(|e| anyhow::anyhow!("adresse locale inconnue : {e}"))?;
    let shown = if local.ip().is_unspecified() {
        format!("http://127.0.0.1:{}", local.port())
    } else {
        format!("http://{local}")
    };
    let mut settings = settings;
    if settings.env.is_local() || settings.demo_enabled() {
        // Links in e-mails must reach this very server, whatever port it got.
        settings.server.base_url = shown.clone();
    }
    let settings = Arc::new(settings);
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build_with_clock(settings.clone(), pool, listener, clock)?;
        println!(
            "Guichet en service sur {shown} (base {}, environnement {}). Ctrl+C pour arrêter.",
            url.backend_name(),
            settings.env.name()
        );
        tracing::info!(address = %shown, "serveur démarré");
        app.run_until_stopped().await.map_err(|e| {
            StartupError::Other(anyhow::anyhow!("arrêt du serveur sur erreur : {e}"))
        })?;
        tracing::info!("serveur arrêté proprement");
        Ok(())
    })
}
