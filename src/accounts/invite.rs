//! An administrator invites an agent of their région (référent, partner agent or
//! administrator); the invited person accepts by choosing a password from the e-mailed link.

use serde::{Deserialize, Serialize};

use super::password_link::{self, ChoosePasswordError};
use super::Deps;
use crate::auth::links::{issue_link, LinkPurpose};
use crate::db::{self, users::NewUser, DbConnection};
use crate::domain::account::{Email, Role};
use crate::domain::field_error::FieldError;
use crate::error::AppError;

/// The invitation form as typed.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct InviteForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub institution_id: String,
    /// Département codes separated by commas or spaces (référents).
    #[serde(default)]
    pub departements: String,
}

/// Who invites, for the e-mail and the audit log.
pub struct Inviter {
    pub user_id: String,
    pub name: String,
    /// The région they administer: the invited agent's.
    pub region: String,
}

/// Why nobody was invited.
#[derive(Debug)]
pub enum InviteError {
    /// Mistakes in the form, each for its field.
    Invalid(Vec<FieldError>),
    /// An account already has this address.
    EmailTaken,
    Failed(AppError),
}

impl From<AppError> for InviteError {
    fn from(e: AppError) -> Self {
        Self::Failed(e)
    }
}

/// The form's checks that need no database: the address, the names, the role and the
/// départements as typed (upper case, without separators).
fn parse(form: &InviteForm) -> (Option<Email>, Option<Role>, Vec<String>, Vec<FieldError>) {
    let mut errors = Vec::new();
    let email = Email::parse(&form.email)
        .map_err(|m| errors.push(FieldError::new("email", m)))
        .ok();
    for (field, value, what) in [
        ("first_name", &form.first_name, "le prénom"),
        ("last_name", &form.last_name, "le nom"),
    ] {
        if value.trim().is_empty() {
            errors.push(FieldError::new(
                field,
                format!("Indiquez {what} de la personne invitée."),
            ));
        }
    }
    let role = form
        .role
        .parse::<Role>()
        .ok()
        .filter(|r| *r != Role::Professional);
    if role.is_none() {
        errors.push(FieldError::new(
            "role",
            "Choisissez le rôle : référent, agent partenaire ou administrateur.",
        ));
    }
    let departements: Vec<String> = form
        .departements
        .split([',', ' ', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_uppercase)
        .collect();
    (email, role, departements, errors)
}

/// Invites the agent of `form` into the inviter's région and e-mails the link (valid 7 days).
pub async fn invite(
    deps: &Deps<'_>,
    inviter: Inviter,
    form: &InviteForm,
) -> Result<(), InviteError> {
    let (email, role, departements, mut errors) = parse(form);
    let (region, inst, deps_typed) = (
        inviter.region.clone(),
        form.institution_id.clone(),
        departements.clone(),
    );
    let (institution_ok, departements_ok) = db::run(deps.pool, move |conn| {
        let institutions = db::institutions::list_in_region(conn, &region)?;
        let region_deps = db::territories::departements_of_region(conn, &region)?;
        Ok((
            institutions.iter().any(|i| i.id == inst),
            deps_typed
                .iter()
                .all(|d| region_deps.iter().any(|(c, _)| c == d)),
        ))
    })
    .await?;
    match role {
        Some(Role::Partner) if !institution_ok => errors.push(FieldError::new(
            "institution_id",
            "Choisissez l'institution de l'agent parmi celles de la région.",
        )),
        Some(Role::Referent) if departements.is_empty() => errors.push(FieldError::new(
            "departements",
            "Indiquez au moins un département suivi par le référent (ex. 13, 84).",
        )),
        _ => {}
    }
    if !departements_ok {
        errors.push(FieldError::new(
            "departements",
            "Ces départements ne sont pas tous dans votre région.",
        ));
    }
    let (Some(email), Some(role), true) = (email, role, errors.is_empty()) else {
        return Err(InviteError::Invalid(errors));
    };
    let invited = Invited {
        email,
        role,
        first_name: form.first_name.trim().to_string(),
        last_name: form.last_name.trim().to_string(),
        institution_id: (role == Role::Partner).then(|| form.institution_id.clone()),
        departements: if role == Role::Referent {
            departements
        } else {
            Vec::new()
        },
    };
    let (templates, base) = (deps.templates.clone(), deps.base_url.to_string());
    let now = deps.clock.now();
    let done = db::run(deps.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            create(conn, &templates, &base, &inviter, &invited, now)
        })
    })
    .await?;
    if done {
        Ok(())
    } else {
        Err(InviteError::EmailTaken)
    }
}

/// A checked invitation.
struct Invited {
    email: Email,
    role: Role,
    first_name: String,
    last_name: String,
    institution_id: Option<String>,
    departements: Vec<String>,
}

/// What the invitation e-mail says: to whom, as what, from whom, the link and how long it lives.
#[derive(Serialize)]
pub struct InvitationEmail<'a> {
    pub first_name: &'a str,
    pub role_label: &'static str,
    pub inviter: &'a str,
    pub link: &'a str,
    /// How long the link lives, in words.
    pub validity: &'a str,
    /// The number of the request a référent recorded for a professional without an account
    /// (référent intake): the e-mail then says the request waits in the account.
    pub request_number: Option<&'a str>,
}

impl InvitationEmail<'_> {
    /// Queues the e-mail to `to` in the caller's transaction (an admin's invitation and the
    /// first administrator created from the command line send the same one).
    pub fn enqueue(
        &self,
        conn: &mut DbConnection,
        templates: &tera::Tera,
        base: &str,
        to: &str,
        now: chrono::NaiveDateTime,
    ) -> Result<(), AppError> {
        crate::mail::enqueue(conn, templates, base, to, "invitation", self, now)
    }
}

/// Creates the account without a password, issues the link, e-mails it and audits, in the
/// caller's transaction; `false` when the address is taken.
fn create(
    conn: &mut DbConnection,
    templates: &tera::Tera,
    base: &str,
    inviter: &Inviter,
    invited: &Invited,
    now: chrono::NaiveDateTime,
) -> Result<bool, AppError> {
    let email = &invited.email;
    if db::users::email_taken(conn, email.as_str())? {
        return Ok(false);
    }
    let id = uuid::Uuid::now_v7().to_string();
    let user = NewUser {
        id: id.clone(),
        email: email.as_str().to_string(),
        password_hash: None,
        first_name: invited.first_name.clone(),
        last_name: invited.last_name.clone(),
        role: invited.role,
        profession: None,
        situation: None,
        professional_number: None,
        institution_id: invited.institution_id.clone(),
        region_code: Some(inviter.region.clone()),
        email_verified_at: None,
        disabled_at: None,
        created_at: now,
        updated_at: now,
    };
    db::users::insert(conn, &user, &invited.departements)?;
    let secret = issue_link(conn, &id, LinkPurpose::Invitation, None, now)?;
    InvitationEmail {
        first_name: &user.first_name,
        role_label: invited.role.label(),
        inviter: &inviter.name,
        link: &format!("{base}/invitation?jeton={secret}"),
        validity: "7 jours",
        request_number: None,
    }
    .enqueue(conn, templates, base, email.as_str(), now)?;
    db::audit::record(
        conn,
        "invitation",
        Some(&inviter.user_id),
        Some(&id),
        None,
        &format!("{} invité comme {}", email.masked(), invited.role.slug()),
        now,
    )?;
    Ok(true)
}

/// The invited person chooses their password with the link's secret: the address counts as
/// confirmed.
pub async fn accept(
    deps: &Deps<'_>,
    secret: String,
    password: String,
    ip: String,
) -> Result<(), ChoosePasswordError> {
    password_link::choose_password(deps, LinkPurpose::Invitation, secret, password, ip).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(role: &str, departements: &str) -> InviteForm {
        InviteForm {
            email: "Agent@Exemple.fr".into(),
            first_name: "Anne".into(),
            last_name: "Le Gall".into(),
            role: role.into(),
            institution_id: String::new(),
            departements: departements.into(),
        }
    }

    #[test]
    fn departements_are_read_whatever_the_separators() {
        let (email, role, departements, errors) = parse(&form("referent", "13, 84;2a  04"));
        assert_eq!(
            email.map(|e| e.as_str().to_string()).as_deref(),
            Some("agent@exemple.fr")
        );
        assert_eq!(role, Some(Role::Referent));
        assert_eq!(departements, ["13", "84", "2A", "04"]);
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn a_professional_cannot_be_invited_and_names_are_required() {
        let mut typed = form("professional", "");
        typed.first_name = "  ".into();
        let (_, role, _, errors) = parse(&typed);
        assert_eq!(role, None);
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["first_name", "role"]);
    }
}
