//! Accounts: roles, e-mail addresses, the password policy and the registration form.

use crate::domain::slug::slug_enum;
use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::identifiers::ProfessionalNumber;
use super::profession::{Profession, Situation};
use crate::domain::field_error::FieldError;

slug_enum! {
    pub enum Role, "Rôle inconnu" {
        Professional => ("professional", "Professionnel de santé"),
        Referent => ("referent", "Référent du guichet"),
        Partner => ("partner", "Agent d'une institution partenaire"),
        Admin => ("admin", "Administrateur régional"),
    }
}

impl Role {
    /// Agents work on other people's data: shorter sessions.
    pub fn is_agent(self) -> bool {
        !matches!(self, Self::Professional)
    }
}

/// A normalised e-mail address (trimmed, lower-case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err("Indiquez votre adresse électronique.".into());
        }
        let valid = email.len() <= 254
            && !email.chars().any(|c| c.is_whitespace() || c.is_control())
            && match email.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                }
                None => false,
            };
        if valid {
            Ok(Self(email))
        } else {
            Err("L'adresse électronique n'est pas valide : elle doit ressembler à prenom.nom@exemple.fr.".into())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For logs: `c***@exemple.fr`.
    pub fn masked(&self) -> String {
        match self.0.split_once('@') {
            Some((local, domain)) => {
                format!("{}***@{domain}", local.chars().next().unwrap_or('*'))
            }
            None => "***".into(),
        }
    }
}

pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 128;

/// Passwords too common to accept (CNIL 2022: length, no composition rules, a deny list).
#[derive(Debug, Default, Clone)]
pub struct CommonPasswords(HashSet<String>);

impl CommonPasswords {
    /// One password per line; `#` starts a comment line.
    pub fn parse(text: &str) -> Self {
        Self(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_lowercase)
                .collect(),
        )
    }

    pub fn contains(&self, password: &str) -> bool {
        self.0.contains(&password.to_lowercase())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Checks a new password; the message is shown beside the field.
pub fn check_password(password: &str, common: &CommonPasswords) -> Result<(), String> {
    let length = password.chars().count();
    if length < PASSWORD_MIN {
        return Err(format!(
            "Le mot de passe doit compter au moins {PASSWORD_MIN} caractères (vous en avez saisi {length})."
        ));
    }
    if length > PASSWORD_MAX {
        return Err(format!(
            "Le mot de passe ne doit pas dépasser {PASSWORD_MAX} caractères."
        ));
    }
    if common.contains(password) {
        return Err(
            "Ce mot de passe fait partie des mots de passe les plus courants : choisissez-en un autre, par exemple une phrase de plusieurs mots."
                .into(),
        );
    }
    Ok(())
}

/// The registration form as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct RegistrationForm {
    #[serde(default)]
    pub email: String,
    #[serde(default, skip_serializing)]
    pub password: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub profession: String,
    #[serde(default)]
    pub situation: String,
    #[serde(default)]
    pub professional_number: String,
}

/// A professional who may be registered.
#[derive(Debug, Clone)]
pub struct NewProfessional {
    pub email: Email,
    pub password: String,
    pub first_name: String,
    pub last_name: String,
    pub profession: Profession,
    pub situation: Situation,
    pub professional_number: Option<ProfessionalNumber>,
}

fn name(raw: &str, field: &str, what: &str, errors: &mut Vec<FieldError>) -> String {
    let value = raw.trim();
    if value.is_empty() {
        errors.push(FieldError::new(field, format!("Indiquez votre {what}.")));
    } else if value.chars().count() > 100 || value.chars().any(char::is_control) {
        errors.push(FieldError::new(
            field,
            format!("Votre {what} est trop long ou contient des caractères invalides."),
        ));
    }
    value.to_string()
}

impl RegistrationForm {
    /// Parses every field and reports every problem at once.
    pub fn parse(&self, common: &CommonPasswords) -> Result<NewProfessional, Vec<FieldError>> {
        let mut errors = Vec::new();
        let email = Email::parse(&self.email)
            .map_err(|m| errors.push(FieldError::new("email", m)))
            .ok();
        if let Err(m) = check_password(&self.password, common) {
            errors.push(FieldError::new("password", m));
        }
        let first_name = name(&self.first_name, "first_name", "prénom", &mut errors);
        let last_name = name(&self.last_name, "last_name", "nom", &mut errors);
        let profession = self.profession.parse::<Profession>().map_err(|_| {
            errors.push(FieldError::new(
                "profession",
                "Choisissez votre profession dans la liste.",
            ))
        });
        let situation = self.situation.parse::<Situation>().map_err(|_| {
            errors.push(FieldError::new(
                "situation",
                "Choisissez votre situation dans la liste.",
            ))
        });
        let in_training = matches!(situation, Ok(Situation::Etudiant | Situation::Interne));
        let number = if self.professional_number.trim().is_empty() {
            if !in_training && situation.is_ok() {
                errors.push(FieldError::new(
                    "professional_number",
                    "Indiquez votre numéro RPPS (11 chiffres) ou ADELI (9 caractères) : il n'est facultatif que pour les étudiants et les internes.",
                ));
            }
            None
        } else {
            ProfessionalNumber::parse(&self.professional_number)
                .map_err(|e| errors.push(FieldError::new("professional_number", e.to_string())))
                .ok()
        };
        match (email, profession, situation) {
            (Some(email), Ok(profession), Ok(situation)) if errors.is_empty() => {
                Ok(NewProfessional {
                    email,
                    password: self.password.clone(),
                    first_name,
                    last_name,
                    profession,
                    situation,
                    professional_number: number,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn common() -> CommonPasswords {
        CommonPasswords::parse("# comment\nazertyuiop12\n123qweasdzxc\n")
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Camille.Martin@Exemple.FR ").map(|e| e.0),
            Ok("camille.martin@exemple.fr".into())
        );
        for bad in [
            "",
            "camille",
            "camille@",
            "@exemple.fr",
            "a b@exemple.fr",
            "a@b@c.fr",
            "a@exemple",
            "a@.fr",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Email::parse("camille@exemple.fr").map(|e| e.masked()),
            Ok("c***@exemple.fr".into())
        );
    }

    #[test]
    fn password_policy_is_length_and_deny_list_only() {
        let common = common();
        assert!(check_password("court", &common)
            .unwrap_err()
            .contains("au moins 12"));
        assert!(check_password(&"x".repeat(129), &common)
            .unwrap_err()
            .contains("128"));
        assert!(check_password("AZERTYUIOP12", &common)
            .unwrap_err()
            .contains("plus courants"));
        assert!(check_password("tout en minuscules sans chiffre", &common).is_ok());
        assert!(
            check_password("éléphant rose à pois", &common).is_ok(),
            "counts characters, not bytes"
        );
    }

    fn form() -> RegistrationForm {
        RegistrationForm {
            email: "camille@exemple.fr".into(),
            password: "une phrase de passe solide".into(),
            first_name: "Camille".into(),
            last_name: "Martin".into(),
            profession: "medecin".into(),
            situation: "installe".into(),
            professional_number: "10000000006".into(),
        }
    }

    #[test]
    fn registration_accepts_a_valid_professional() {
        let mut f = form();
        f.professional_number = crate::domain::identifiers::luhn_complete("1000012345");
        let parsed = f.parse(&common()).expect("valid");
        assert_eq!(parsed.profession, Profession::Medecin);
        assert!(parsed.professional_number.is_some());
    }

    #[test]
    fn registration_reports_every_field() {
        let f = RegistrationForm::default();
        let errors = f.parse(&common()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        for field in [
            "email",
            "password",
            "first_name",
            "last_name",
            "profession",
            "situation",
        ] {
            assert!(fields.contains(&field), "{field} missing in {fields:?}");
        }
    }

    #[test]
    fn number_optional_only_for_students_and_interns() {
        let mut f = form();
        f.professional_number.clear();
        let errors = f.parse(&common()).unwrap_err();
        assert_eq!(errors[0].field, "professional_number");
        f.situation = "etudiant".into();
        assert!(f.parse(&common()).is_ok());
        f.professional_number = "10000000001".into();
        let errors = f.parse(&common()).unwrap_err();
        assert!(errors[0].message.contains("clé"), "{}", errors[0].message);
    }
}
