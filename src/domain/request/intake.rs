//! Référent intake: what a référent types about the professional they record a request for (the
//! channel and the contact), checked once. The request's own fields are the kind's form, checked
//! by [`validate_for_submission`](super::validate_for_submission) as when a professional files.

use super::channel::Channel;
use crate::domain::account::Email;
use crate::domain::field_error::FieldError;
use crate::domain::profession::{Profession, Situation};

/// The names of the intake fields (prefixed: the kinds' forms have their own names).
pub const CHANNEL: &str = "channel";
pub const CONTACT_FIRST_NAME: &str = "contact_first_name";
pub const CONTACT_LAST_NAME: &str = "contact_last_name";
pub const CONTACT_EMAIL: &str = "contact_email";
pub const CONTACT_PHONE: &str = "contact_phone";
pub const CONTACT_PROFESSION: &str = "contact_profession";
pub const CONTACT_SITUATION: &str = "contact_situation";

/// The professional a request is recorded for, as the référent typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub email: Email,
    pub first_name: String,
    pub last_name: String,
    /// Digits and separators as typed (trimmed), when given.
    pub phone: Option<String>,
    pub profession: Option<Profession>,
    pub situation: Option<Situation>,
}

/// The intake part of the form: its channel and its contact, or a message for each wrong field.
pub fn parse_intake(
    get: impl Fn(&str) -> Option<String>,
) -> Result<(Channel, Contact), Vec<FieldError>> {
    let mut errors = Vec::new();
    let value = |name: &str| get(name).map(|v| v.trim().to_string()).unwrap_or_default();
    let channel = value(CHANNEL)
        .parse::<Channel>()
        .map_err(|_| {
            errors.push(FieldError::new(
                CHANNEL,
                "Choisissez comment la demande est parvenue au guichet.",
            ))
        })
        .ok();
    let email = Email::parse(&value(CONTACT_EMAIL))
        .map_err(|m| errors.push(FieldError::new(CONTACT_EMAIL, m)))
        .ok();
    for (field, what) in [
        (CONTACT_FIRST_NAME, "le prénom"),
        (CONTACT_LAST_NAME, "le nom"),
    ] {
        if value(field).is_empty() {
            errors.push(FieldError::new(
                field,
                format!("Indiquez {what} du professionnel."),
            ));
        }
    }
    let phone = Some(value(CONTACT_PHONE)).filter(|p| !p.is_empty());
    if phone.as_deref().is_some_and(|p| !is_phone(p)) {
        errors.push(FieldError::new(
            CONTACT_PHONE,
            "Indiquez un numéro de téléphone (chiffres, espaces, points ou tirets ; ex. 04 91 00 00 00).",
        ));
    }
    let profession = optional_slug::<Profession>(
        &value(CONTACT_PROFESSION),
        CONTACT_PROFESSION,
        "Choisissez la profession dans la liste.",
        &mut errors,
    );
    let situation = optional_slug::<Situation>(
        &value(CONTACT_SITUATION),
        CONTACT_SITUATION,
        "Choisissez la situation dans la liste.",
        &mut errors,
    );
    match (channel, email, errors.is_empty()) {
        (Some(channel), Some(email), true) => Ok((
            channel,
            Contact {
                email,
                first_name: value(CONTACT_FIRST_NAME),
                last_name: value(CONTACT_LAST_NAME),
                phone,
                profession,
                situation,
            },
        )),
        _ => Err(errors),
    }
}

/// An optional choice of a list: `None` when left empty, a message when it names nothing.
fn optional_slug<T: std::str::FromStr>(
    typed: &str,
    field: &str,
    message: &str,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    if typed.is_empty() {
        return None;
    }
    typed
        .parse::<T>()
        .map_err(|_| errors.push(FieldError::new(field, message)))
        .ok()
}

/// A French or international number: 10 to 15 digits, with spaces, dots, dashes or a leading +.
fn is_phone(typed: &str) -> bool {
    let digits = typed.chars().filter(char::is_ascii_digit).count();
    let allowed = typed
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-') || (c == '+' && i == 0));
    allowed && (10..=15).contains(&digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn a_complete_intake_is_read_trimmed_and_typed() {
        let form = [
            (CHANNEL, "phone"),
            (CONTACT_FIRST_NAME, " Léa "),
            (CONTACT_LAST_NAME, "Martin"),
            (CONTACT_EMAIL, " Lea.Martin@Exemple.fr"),
            (CONTACT_PHONE, "+33 6 12-34.56 78"),
            (CONTACT_PROFESSION, "medecin"),
        ];
        let (channel, contact) = parse_intake(typed(&form)).unwrap();
        assert_eq!(channel, Channel::Phone);
        assert_eq!(contact.email.as_str(), "lea.martin@exemple.fr");
        assert_eq!(contact.first_name, "Léa");
        assert_eq!(contact.phone.as_deref(), Some("+33 6 12-34.56 78"));
        assert_eq!(contact.profession, Some(Profession::Medecin));
        assert_eq!(contact.situation, None);
    }

    #[test]
    fn every_wrong_field_has_its_message() {
        let form = [
            (CHANNEL, "fax"),
            (CONTACT_EMAIL, "pas-une-adresse"),
            (CONTACT_PHONE, "06 12"),
            (CONTACT_PROFESSION, "astronaute"),
            (CONTACT_SITUATION, "?"),
        ];
        let errors = parse_intake(typed(&form)).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                CHANNEL,
                CONTACT_EMAIL,
                CONTACT_FIRST_NAME,
                CONTACT_LAST_NAME,
                CONTACT_PHONE,
                CONTACT_PROFESSION,
                CONTACT_SITUATION
            ]
        );
    }

    #[test]
    fn telephone_numbers() {
        assert!(is_phone("04 91 00 00 00"));
        assert!(is_phone("0491000000"));
        assert!(is_phone("+262 262 00 00 00"));
        assert!(!is_phone("04 91"));
        assert!(!is_phone("04 91 00 00 0A"));
        assert!(!is_phone("04+91000000"));
    }
}
