//! `guichet check`: is this deployment ready? Configuration, database, SMTP relay, antivirus, rule files,
//! content, first administrator, and the institutions still "à compléter" (no contact mailbox).
//! One line per verification; exit code 1 when anything is wrong.

use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use super::connection;
use crate::config::{MailTransportKind, Settings, DEFAULT_SECRET};
use crate::db::{self, DatabaseUrl, DbConnection, PoolOptions};
use crate::domain::eligibility::Catalogue;
use crate::startup::StartupError;

/// The outcome of one verification.
pub struct Finding {
    pub ok: bool,
    pub what: &'static str,
    pub detail: String,
}

fn finding(ok: bool, what: &'static str, detail: impl Into<String>) -> Finding {
    Finding {
        ok,
        what,
        detail: detail.into(),
    }
}

/// Runs every verification and prints them; `Err` (exit 1) when one failed.
pub fn run(settings: &Settings) -> Result<(), StartupError> {
    let findings = verify(settings);
    for f in &findings {
        println!(
            "{} {:<28} {}",
            if f.ok { "[ok]    " } else { "[ÉCHEC] " },
            f.what,
            f.detail
        );
    }
    let failed = findings.iter().filter(|f| !f.ok).count();
    if failed == 0 {
        println!("Tout est prêt.");
        Ok(())
    } else {
        Err(StartupError::Other(anyhow::anyhow!(
            "{failed} vérification(s) en échec"
        )))
    }
}

pub fn verify(settings: &Settings) -> Vec<Finding> {
    let mut out = vec![configuration(settings)];
    out.push(smtp(settings));
    out.push(antivirus(settings));
    let catalogue = Catalogue::load_dir(&settings.reference.aides_dir);
    out.push(match &catalogue {
        Ok(c) => finding(
            true,
            "règles des aides",
            format!("{} aides", c.aids().len()),
        ),
        Err(e) => finding(false, "règles des aides", e.to_string()),
    });
    out.push(
        match crate::startup::load_routing(&settings.server.config_dir) {
            Ok(_) => finding(true, "table de routage", "config/routing.toml lisible"),
            Err(e) => finding(false, "table de routage", e.to_string()),
        },
    );
    if let Ok(catalogue) = &catalogue {
        out.push(
            match crate::content::Library::load(&settings.reference.content_dir, catalogue) {
                Ok(_) => finding(
                    true,
                    "pages d'information",
                    settings.reference.content_dir.display().to_string(),
                ),
                Err(e) => finding(false, "pages d'information", e.to_string()),
            },
        );
    }
    out.push(match crate::startup::load_templates(settings) {
        Ok(_) => finding(true, "gabarits", "lisibles"),
        Err(e) => finding(false, "gabarits", format!("{e:#}")),
    });
    database(settings, &mut out);
    out
}

fn configuration(settings: &Settings) -> Finding {
    let mut problems = Vec::new();
    if settings.security.secret_key == DEFAULT_SECRET || settings.security.secret_key.len() < 32 {
        problems.push("clé secrète par défaut ou trop courte (GUICHET__SECURITY__SECRET_KEY)");
    }
    if settings.demo_enabled() {
        problems.push("mode démonstration actif");
    }
    if !settings.security.secure_cookies && settings.server.trusted_proxies.is_empty() {
        problems.push(
            "ni cookies sécurisés (security.secure_cookies) ni mandataire de confiance (server.trusted_proxies)",
        );
    }
    if problems.is_empty() {
        finding(
            true,
            "configuration",
            format!("environnement {}", settings.env.name()),
        )
    } else {
        finding(false, "configuration", problems.join(" ; "))
    }
}

/// clamd configured and answering: without it every upload is refused.
fn antivirus(settings: &Settings) -> Finding {
    let Some(scanner) = crate::antivirus::Scanner::from_settings(&settings.antivirus) else {
        return finding(
            false,
            "antivirus (clamd)",
            "antivirus.socket vide : les documents envoyés ne seraient pas analysés",
        );
    };
    match scanner.ping_blocking() {
        Ok(()) => finding(
            true,
            "antivirus (clamd)",
            format!("{} répond", scanner.describe()),
        ),
        Err(e) => finding(
            false,
            "antivirus (clamd)",
            format!("{} : {e} (les envois sont refusés)", scanner.describe()),
        ),
    }
}

fn smtp(settings: &Settings) -> Finding {
    let mail = &settings.mail;
    if mail.transport != MailTransportKind::Smtp {
        return finding(
            false,
            "relais SMTP",
            "mail.transport n'est pas « smtp » : les courriels ne partent pas",
        );
    }
    let target = format!("{}:{}", mail.smtp_host, mail.smtp_port);
    let reached = target
        .to_socket_addrs()
        .map_err(|e| e.to_string())
        .and_then(|mut addrs| {
            addrs
                .next()
                .ok_or_else(|| "adresse introuvable".to_string())
        })
        .and_then(|addr| {
            TcpStream::connect_timeout(&addr, Duration::from_secs(5)).map_err(|e| e.to_string())
        });
    match reached {
        Ok(_) => finding(true, "relais SMTP", format!("{target} joignable")),
        Err(e) => finding(false, "relais SMTP", format!("{target} injoignable : {e}")),
    }
}

/// The database without migrating it: reachable, up to date, territories, an administrator,
/// the institutions to complete.
fn database(settings: &Settings, out: &mut Vec<Finding>) {
    let url = match DatabaseUrl::parse(&settings.database.url) {
        Ok(url) => url,
        Err(e) => return out.push(finding(false, "base de données", e.to_string())),
    };
    if let DatabaseUrl::Sqlite(path) = &url {
        if !path.is_file() {
            return out.push(finding(
                false,
                "base de données",
                format!("{} n'existe pas (lancez guichet migrate)", path.display()),
            ));
        }
    }
    let pool = match db::connect(
        &url,
        &PoolOptions {
            max_size: 1,
            busy_timeout_ms: settings.database.busy_timeout_ms,
            connect_timeout: Duration::from_secs(settings.database.connect_timeout_s.max(1)),
        },
    ) {
        Ok(pool) => pool,
        Err(e) => return out.push(finding(false, "base de données", e.to_string())),
    };
    let mut conn = match connection(&pool) {
        Ok(c) => c,
        Err(e) => return out.push(finding(false, "base de données", e.to_string())),
    };
    match db::pending_migrations(&mut conn) {
        Ok(0) => out.push(finding(
            true,
            "base de données",
            format!("{} à jour", url.backend_name()),
        )),
        Ok(n) => out.push(finding(
            false,
            "base de données",
            format!("{n} migration(s) en attente (guichet migrate)"),
        )),
        Err(e) => return out.push(finding(false, "base de données", format!("{e:#}"))),
    }
    if let Err(e) = contents(&mut conn, out) {
        out.push(finding(
            false,
            "base de données",
            format!("lecture impossible : {e}"),
        ));
    }
}

fn contents(conn: &mut DbConnection, out: &mut Vec<Finding>) -> diesel::QueryResult<()> {
    let communes = db::territories::count_communes(conn)?;
    out.push(finding(
        communes > 0,
        "territoires",
        if communes > 0 {
            format!("{communes} communes")
        } else {
            "aucune commune (guichet import communes, ou un premier guichet serve)".into()
        },
    ));
    let admins = db::users::list_admins(conn)?;
    let active = admins.iter().filter(|a| a.disabled_at.is_none()).count();
    out.push(finding(
        active > 0,
        "administrateurs",
        if active > 0 {
            format!("{active} actif(s)")
        } else {
            "aucun (guichet admin create --email … --region …)".into()
        },
    ));
    // Only the régions that went live (an active regional admin) must have complete
    // institutions: the national directory lists every région of France.
    let live: Vec<String> = admins
        .iter()
        .filter(|a| a.disabled_at.is_none())
        .filter_map(|a| a.region_code.clone())
        .collect();
    let missing: Vec<_> = db::institutions::without_mailbox(conn)?
        .into_iter()
        .filter(|i| i.region_code.as_ref().is_some_and(|r| live.contains(r)))
        .collect();
    let total = db::institutions::count(conn)?;
    out.push(finding(
        missing.is_empty(),
        "institutions",
        if missing.is_empty() {
            format!("{total} institution(s) ; celles des régions ouvertes ont une adresse de contact")
        } else {
            format!(
                "{} « à compléter » (sans adresse de contact) dans les régions ouvertes, sur {total} :",
                missing.len()
            )
        },
    ));
    for i in missing {
        out.push(finding(
            false,
            "  à compléter",
            format!(
                "région {} — {}",
                i.region_code.as_deref().unwrap_or("nationale"),
                i.name
            ),
        ));
    }
    Ok(())
}
