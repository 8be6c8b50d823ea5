//! The texts a région may rewrite: the body of each information page (profession × step) and
//! the introduction of "Qui contacter ?". The national text of `content/` is the default; a
//! regional version replaces it for the visitors of the région.

use super::{render_checked, Rendered, Step};
use crate::domain::profession::Profession;

/// One text a région may rewrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKey {
    Page(Profession, Step),
    ContactsIntro,
}

/// The key of the "Qui contacter ?" introduction, in URLs and in the database.
const CONTACTS_INTRO: &str = "qui-contacter";

/// The longest text accepted, in characters (the longest national page has about 6 000; even
/// URL-encoded as accented letters, such a text stays under the forms' limit of 256 KiB).
pub const MAX_CHARS: usize = 40_000;

impl TextKey {
    /// Every text, the "Qui contacter ?" introduction first, then the pages by profession.
    pub fn all() -> Vec<TextKey> {
        std::iter::once(TextKey::ContactsIntro)
            .chain(Profession::ALL.iter().flat_map(|p| {
                Step::ALL
                    .iter()
                    .map(move |s| TextKey::Page(*p, *s))
                    .collect::<Vec<_>>()
            }))
            .collect()
    }

    /// `qui-contacter` or `<profession>-<step>`, e.g. `medecin-s-installer`.
    pub fn slug(self) -> String {
        match self {
            TextKey::ContactsIntro => CONTACTS_INTRO.to_string(),
            TextKey::Page(p, s) => format!("{}-{}", p.slug(), s.slug()),
        }
    }

    pub fn parse(slug: &str) -> Option<TextKey> {
        TextKey::all().into_iter().find(|k| k.slug() == slug)
    }

    /// What the text is, in French.
    pub fn label(self) -> String {
        match self {
            TextKey::ContactsIntro => "« Qui contacter ? » : introduction".to_string(),
            TextKey::Page(p, s) => format!("{} — {}", p.label(), s.label()),
        }
    }

    /// The public page that shows the text.
    pub fn public_path(self) -> String {
        match self {
            TextKey::ContactsIntro => "/qui-contacter".to_string(),
            TextKey::Page(p, s) => format!("/informations/{}/{}", p.slug(), s.slug()),
        }
    }
}

/// Why a regional text is refused; `line` when the fault is on one line of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyError {
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for BodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "Ligne {line} : {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// A regional text checked with the rules of the national pages: not empty, not too long, raw
/// HTML shown as text, links local (to a known page), `https://` or `mailto:`, titles from `##`.
pub fn check_body(body: &str, aid_codes: &[String]) -> Result<Rendered, BodyError> {
    if body.trim().is_empty() {
        return Err(BodyError {
            line: None,
            message: "Le texte est vide : écrivez-le, ou gardez le texte national.".into(),
        });
    }
    let chars = body.chars().count();
    if chars > MAX_CHARS {
        return Err(BodyError {
            line: None,
            message: format!("Le texte est trop long ({chars} caractères, {MAX_CHARS} au plus)."),
        });
    }
    render_checked(body, aid_codes).map_err(|e| BodyError {
        line: Some(e.line),
        message: e.message,
    })
}

/// Line endings as a browser sends them (`\r\n`) become `\n`, so that versions compare.
pub fn normalize_body(body: &str) -> String {
    body.replace("\r\n", "\n")
}

/// The région whose texts a visitor reads: the commune they typed, else the région they chose,
/// else the région of their account; none (the national texts) otherwise. Every candidate must
/// be a known région (`known`).
pub fn visitor_region(
    commune_region: Option<&str>,
    chosen: Option<&str>,
    account_region: Option<&str>,
    known: impl Fn(&str) -> bool,
) -> Option<String> {
    [commune_region, chosen, account_region]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|r| !r.is_empty() && known(r))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        let all = TextKey::all();
        assert_eq!(all.len(), 1 + Profession::ALL.len() * Step::ALL.len());
        for key in &all {
            assert_eq!(TextKey::parse(&key.slug()), Some(*key), "{}", key.slug());
        }
        assert_eq!(
            TextKey::parse("chirurgien-dentiste-s-installer"),
            Some(TextKey::Page(
                Profession::ChirurgienDentiste,
                Step::SInstaller
            ))
        );
        assert_eq!(TextKey::parse("medecin-partir"), None);
        assert_eq!(
            TextKey::parse("qui-contacter"),
            Some(TextKey::ContactsIntro)
        );
    }

    #[test]
    fn bodies_follow_the_rules_of_the_national_pages() {
        let codes = vec!["CESP".to_string()];
        assert!(check_body("## Titre\n\n[CESP](/aides/CESP)", &codes).is_ok());
        let e = check_body("## Titre\n\nVoir [ici](/nulle-part).", &codes).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.to_string().contains("« /nulle-part »"), "{e}");
        assert_eq!(check_body("  \n", &codes).unwrap_err().line, None);
        let long = "a".repeat(MAX_CHARS + 1);
        assert!(check_body(&long, &codes).is_err());
        let html = check_body("<script>x</script>", &codes).unwrap().html;
        assert!(!html.contains("<script>"), "{html}");
    }

    #[test]
    fn the_commune_then_the_choice_then_the_account_decide() {
        let known = |r: &str| ["93", "53"].contains(&r);
        assert_eq!(
            visitor_region(Some("53"), Some("93"), Some("93"), known),
            Some("53".into())
        );
        assert_eq!(
            visitor_region(None, Some("93"), Some("53"), known),
            Some("93".into())
        );
        assert_eq!(
            visitor_region(None, Some("99"), Some("53"), known),
            Some("53".into())
        );
        assert_eq!(visitor_region(None, Some(""), None, known), None);
    }
}
