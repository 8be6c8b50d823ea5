//! `guichet admin create | list | disable`: the first administrator of a région (or a national
//! one), and recovery when nobody can sign in any more.

use chrono::{Duration, NaiveDateTime};
use clap::Subcommand;

use super::{connection, refuse};
use crate::accounts::invite::InvitationEmail;
use crate::auth::links::{issue_link_valid_for, LinkPurpose};
use crate::config::{MailTransportKind, Settings};
use crate::db::{self, users::NewUser, DbConnection, DbPool};
use crate::domain::account::{Email, Role};
use crate::error::AppError;
use crate::startup::StartupError;

/// Printed by `serve` while the database has no administrator.
pub const FIRST_ADMIN_HINT: &str = "Aucun administrateur dans la base. Créez le premier avec :\n  \
guichet admin create --email prenom.nom@exemple.fr --region 53 --name \"Prénom Nom\"\n\
(code INSEE de la région ; --national au lieu de --region pour un administrateur national). \
La commande affiche un lien valable 24 heures pour choisir le mot de passe.";

/// How long the link of `admin create` lives.
pub const FIRST_LINK_HOURS: i64 = 24;

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Creates an administrator and prints a one-time link (valid 24 h) to choose the password;
    /// the link is also e-mailed when a mail transport (file or smtp) is configured.
    Create {
        /// The administrator's e-mail address.
        #[arg(long)]
        email: String,
        /// INSEE code of the région administered, e.g. 53 for Bretagne.
        #[arg(
            long,
            required_unless_present = "national",
            conflicts_with = "national"
        )]
        region: Option<String>,
        /// First name and last name, e.g. "Anne Le Gall".
        #[arg(long)]
        name: Option<String>,
        /// A national administrator (no région).
        #[arg(long)]
        national: bool,
    },
    /// Lists the administrators.
    List,
    /// Disables an administrator's account and closes their sessions.
    Disable {
        #[arg(long)]
        email: String,
    },
}

pub fn run(
    command: AdminCommand,
    pool: &DbPool,
    settings: &Settings,
    now: NaiveDateTime,
) -> Result<(), StartupError> {
    let mut conn = connection(pool)?;
    match command {
        AdminCommand::Create {
            email,
            region,
            name,
            national: _,
        } => {
            let send_email = settings.mail.transport != MailTransportKind::Stub;
            let request = NewAdmin {
                email: &email,
                region: region.as_deref(),
                name: name.as_deref(),
                send_email,
            };
            let created = create(&mut conn, settings, &request, now)?;
            println!(
                "Administrateur créé : {} ({}).",
                created.email, created.scope
            );
            println!(
                "Lien pour choisir le mot de passe (valable {FIRST_LINK_HOURS} heures, une seule fois) :"
            );
            println!("{}", created.link);
            if created.emailed {
                println!("Le lien part aussi par courriel à cette adresse.");
            }
            Ok(())
        }
        AdminCommand::List => {
            let admins = db::users::list_admins(&mut conn).map_err(db_error)?;
            if admins.is_empty() {
                println!("{FIRST_ADMIN_HINT}");
            }
            for a in admins {
                let state = match (&a.disabled_at, &a.password_hash) {
                    (Some(_), _) => "désactivé",
                    (None, None) => "mot de passe à choisir",
                    (None, Some(_)) => "actif",
                };
                println!(
                    "{:<40} {:<12} {} {} — {state}",
                    a.email,
                    a.region_code
                        .as_deref()
                        .map_or("national".to_string(), |r| format!("région {r}")),
                    a.first_name,
                    a.last_name
                );
            }
            Ok(())
        }
        AdminCommand::Disable { email } => {
            disable(&mut conn, &email, now)?;
            println!("Compte désactivé : {}.", email.trim());
            Ok(())
        }
    }
}

/// What `admin create` made.
pub struct Created {
    pub email: String,
    pub scope: String,
    pub link: String,
    pub emailed: bool,
}

fn db_error(e: diesel::result::Error) -> StartupError {
    StartupError::Other(anyhow::anyhow!("base de données : {e}"))
}

fn app_error(e: AppError) -> StartupError {
    StartupError::Other(anyhow::anyhow!("{e}"))
}

/// What `admin create` is asked for.
pub struct NewAdmin<'a> {
    pub email: &'a str,
    /// INSEE code of the région; `None`: a national administrator.
    pub region: Option<&'a str>,
    /// "First Last".
    pub name: Option<&'a str>,
    /// Also send the link by e-mail (through the outbox).
    pub send_email: bool,
}

/// Creates the administrator (imports the territories first on an empty database).
pub fn create(
    conn: &mut DbConnection,
    settings: &Settings,
    request: &NewAdmin<'_>,
    now: NaiveDateTime,
) -> Result<Created, StartupError> {
    let (region, name) = (request.region, request.name);
    let email =
        Email::parse(request.email).map_err(|m| refuse(format!("adresse refusée : {m}")))?;
    if db::territories::count_communes(conn).map_err(db_error)? == 0 {
        crate::import::communes::import_dir(conn, &settings.reference.communes_dir, now)?;
    }
    let scope = match region {
        Some(code) => {
            let code = code.trim();
            let Some(region_name) = db::territories::region_name(conn, code).map_err(db_error)?
            else {
                return Err(refuse(format!(
                    "région « {code} » inconnue : donnez son code INSEE (ex. 53 pour la Bretagne, 93 pour Provence-Alpes-Côte d'Azur)"
                )));
            };
            Some((code.to_string(), region_name))
        }
        None => None,
    };
    let (first_name, last_name) = match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => match n.split_once(char::is_whitespace) {
            Some((first, last)) => (first.to_string(), last.trim().to_string()),
            None => (n.to_string(), String::new()),
        },
        None => ("Administrateur".to_string(), String::new()),
    };
    let emailed = request.send_email;
    let templates = if emailed {
        Some(crate::startup::load_templates(settings)?)
    } else {
        None
    };
    let base = settings.server.base_url.trim_end_matches('/').to_string();
    let id = uuid::Uuid::now_v7().to_string();
    let link = db::transaction(conn, |conn| {
        if db::users::email_taken(conn, email.as_str())? {
            return Ok(None);
        }
        let user = NewUser {
            id: id.clone(),
            email: email.as_str().to_string(),
            password_hash: None,
            first_name: first_name.clone(),
            last_name: last_name.clone(),
            role: Role::Admin,
            profession: None,
            situation: None,
            professional_number: None,
            institution_id: None,
            region_code: scope.as_ref().map(|(code, _)| code.clone()),
            email_verified_at: None,
            disabled_at: None,
            created_at: now,
            updated_at: now,
        };
        db::users::insert(conn, &user, &[])?;
        let secret = issue_link_valid_for(
            conn,
            &id,
            LinkPurpose::Invitation,
            None,
            now,
            Duration::hours(FIRST_LINK_HOURS),
        )?;
        let link = format!("{base}/invitation?jeton={secret}");
        if let Some(templates) = &templates {
            InvitationEmail {
                first_name: &first_name,
                role_label: Role::Admin.label(),
                inviter: "L'équipe d'exploitation du guichet",
                link: &link,
                validity: "24 heures",
                request_number: None,
            }
            .enqueue(conn, templates, &base, email.as_str(), now)?;
        }
        db::audit::record(
            conn,
            "admin-cree",
            None,
            Some(&id),
            None,
            &format!(
                "{} créé en ligne de commande comme administrateur {}",
                email.masked(),
                scope
                    .as_ref()
                    .map_or("national".to_string(), |(code, _)| format!(
                        "de la région {code}"
                    ))
            ),
            now,
        )?;
        Ok::<_, AppError>(Some(link))
    })
    .map_err(app_error)?;
    let Some(link) = link else {
        return Err(refuse(format!(
            "un compte existe déjà avec l'adresse {} : voyez `guichet admin list`",
            email.as_str()
        )));
    };
    Ok(Created {
        email: email.as_str().to_string(),
        scope: scope.map_or("administrateur national".to_string(), |(code, name)| {
            format!("région {code} {name}")
        }),
        link,
        emailed,
    })
}

/// Disables an administrator (their sessions end with it: a disabled account cannot sign in).
pub fn disable(
    conn: &mut DbConnection,
    email: &str,
    now: NaiveDateTime,
) -> Result<(), StartupError> {
    let email = Email::parse(email).map_err(|m| refuse(format!("adresse refusée : {m}")))?;
    let user = db::users::find_by_email(conn, email.as_str())
        .map_err(db_error)?
        .filter(|u| u.role == Role::Admin)
        .ok_or_else(|| {
            refuse(format!(
                "aucun administrateur avec l'adresse {}",
                email.as_str()
            ))
        })?;
    db::transaction(conn, |conn| {
        db::users::set_disabled(conn, &user.id, Some(now), now)?;
        db::sessions::revoke_all_of_user(conn, &user.id, now)?;
        db::audit::record(
            conn,
            "admin-desactive",
            None,
            Some(&user.id),
            None,
            &format!("{} désactivé en ligne de commande", email.masked()),
            now,
        )
    })
    .map_err(db_error)
}
