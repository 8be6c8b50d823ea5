//! Standard replies of an institution: a short title and the text an agent starts an answer
//! from. Parsed once from the form; each field says what is wrong in French.

use crate::domain::field_error::FieldError;

pub const TITLE_MAX_CHARS: usize = 120;
pub const BODY_MAX_CHARS: usize = 5_000;

/// A valid standard reply (trimmed, neither field empty nor too long).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandardReply {
    pub title: String,
    pub body: String,
}

impl StandardReply {
    /// Every mistake of the form at once, beside its field (`title`, `body`).
    pub fn parse(title: &str, body: &str) -> Result<StandardReply, Vec<FieldError>> {
        let (title, body) = (title.trim(), body.trim());
        let mut errors = Vec::new();
        if title.is_empty() {
            errors.push(FieldError::new("title", "Indiquez un titre."));
        } else if title.chars().count() > TITLE_MAX_CHARS {
            errors.push(FieldError::new(
                "title",
                format!("Le titre ne doit pas dépasser {TITLE_MAX_CHARS} caractères."),
            ));
        }
        if body.is_empty() {
            errors.push(FieldError::new("body", "Indiquez le texte de la réponse."));
        } else if body.chars().count() > BODY_MAX_CHARS {
            errors.push(FieldError::new(
                "body",
                format!("Le texte ne doit pas dépasser {BODY_MAX_CHARS} caractères."),
            ));
        }
        if errors.is_empty() {
            Ok(StandardReply {
                title: title.to_string(),
                body: body.to_string(),
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_fields_are_needed_trimmed_and_bounded() {
        let reply = StandardReply::parse("  Pièces manquantes ", " Merci d'envoyer… ").unwrap();
        assert_eq!(reply.title, "Pièces manquantes");
        assert_eq!(reply.body, "Merci d'envoyer…");
        let errors = StandardReply::parse(" ", "\n").unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "body"]);
        let long = "é".repeat(TITLE_MAX_CHARS + 1);
        let errors = StandardReply::parse(&long, "x").unwrap_err();
        assert_eq!(
            errors[0].message,
            "Le titre ne doit pas dépasser 120 caractères."
        );
    }
}
