//! French health professional and facility identifiers (domain.md §7).
//!
//! - [`Rpps`]: 11 digits, the last one a Luhn key.
//! - [`Adeli`]: 9 characters = département (2 characters), profession code (2 digits),
//!   4 digits, Luhn key. The département is `01`–`95` (except `20`), `2A`/`2B` (Corsica) or
//!   `9A`–`9F` (overseas: Guadeloupe, Martinique, Guyane, La Réunion, Saint-Pierre-et-Miquelon,
//!   Mayotte).
//! - [`Finess`]: 9 characters, the last one a Luhn key; the first two may be `2A`/`2B`.
//! - IDNPS (national id in Pro Santé Connect): `8` + RPPS or `0` + ADELI.
//!
//! **Letters in the Luhn computation**: a letter `A`–`F` in the département counts as its
//! rank in the alphabet (`A`→1 … `F`→6). This gives the documented `2A`→`21`, `2B`→`22`,
//! and extends it uniformly to the overseas codes: `9A`→`91` … `9F`→`96`.
//!
//! Parsing trims the input, ignores any whitespace inside it (including non-breaking spaces,
//! e.g. `"10 00 123 456 5"`) and upper-cases letters. Errors carry a French message meant to be
//! shown to the user next to the field (see [`IdentifierError`]'s `Display`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

mod luhn;
pub use luhn::{is_luhn_valid, luhn_complete};

/// Which identifier a value or an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    Rpps,
    Adeli,
    Finess,
}

impl IdentifierKind {
    /// Name shown to users: `RPPS`, `ADELI`, `FINESS`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Rpps => "RPPS",
            Self::Adeli => "ADELI",
            Self::Finess => "FINESS",
        }
    }

    fn expected_len(self) -> usize {
        match self {
            Self::Rpps => 11,
            Self::Adeli | Self::Finess => 9,
        }
    }
}

/// Why an identifier was rejected. `Display` gives the French message for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentifierError {
    /// Nothing was typed (or only spaces).
    Empty { kind: IdentifierKind },
    /// Nothing was typed where an RPPS or ADELI number was expected.
    EmptyProfessionalNumber,
    /// A character is not allowed (letters are only allowed in a département).
    InvalidCharacters { kind: IdentifierKind },
    /// Wrong number of characters (spaces not counted).
    WrongLength { kind: IdentifierKind, found: usize },
    /// The first two characters of an ADELI number are not a known département.
    UnknownDepartement { code: String },
    /// The Luhn key does not match.
    BadKey { kind: IdentifierKind },
    /// Neither 11 (RPPS) nor 9 (ADELI) characters.
    UnrecognizedProfessionalNumber { found: usize },
    /// An IDNPS must start with `8` (RPPS) or `0` (ADELI).
    InvalidIdnps,
}

impl fmt::Display for IdentifierError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty { kind } => write!(f, "Veuillez saisir le numéro {}.", kind.label()),
            Self::EmptyProfessionalNumber => {
                f.write_str("Veuillez saisir votre numéro RPPS ou ADELI.")
            }
            Self::InvalidCharacters { kind } => {
                write!(
                    f,
                    "Le numéro {} ne doit contenir que des chiffres",
                    kind.label()
                )?;
                f.write_str(match kind {
                    IdentifierKind::Rpps => ".",
                    IdentifierKind::Adeli => ", hormis le département (2A, 2B, 9A à 9F).",
                    IdentifierKind::Finess => ", hormis le département (2A, 2B).",
                })
            }
            Self::WrongLength { kind, found } => {
                let unit = match kind {
                    IdentifierKind::Rpps => "chiffres",
                    _ => "caractères",
                };
                write!(
                    f,
                    "Le numéro {} compte {} {unit} (vous en avez saisi {found}).",
                    kind.label(),
                    kind.expected_len()
                )
            }
            Self::UnknownDepartement { code } => write!(
                f,
                "Le département « {code} » du numéro ADELI est inconnu : les deux premiers \
                 caractères doivent être compris entre 01 et 95, ou valoir 2A, 2B ou 9A à 9F."
            ),
            Self::BadKey { kind } => {
                write!(
                    f,
                    "La clé de contrôle du numéro {} est incorrecte : ",
                    kind.label()
                )?;
                f.write_str(match kind {
                    IdentifierKind::Finess => "vérifiez le numéro de l'établissement.",
                    _ => "vérifiez le numéro sur votre carte CPS.",
                })
            }
            Self::UnrecognizedProfessionalNumber { found } => write!(
                f,
                "Un numéro RPPS compte 11 chiffres et un numéro ADELI 9 caractères \
                 (vous en avez saisi {found})."
            ),
            Self::InvalidIdnps => f.write_str(
                "L'identifiant national (IDNPS) doit commencer par 8 suivi d'un numéro RPPS, \
                 ou par 0 suivi d'un numéro ADELI.",
            ),
        }
    }
}

impl std::error::Error for IdentifierError {}

/// Removes all whitespace and upper-cases ASCII letters.
fn compact(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Checks the shared shape: non-empty, ASCII alphanumeric (or digits only), expected length,
/// digits after the first two characters, correct Luhn key. `dept_ok` validates the first two.
fn check(
    input: &str,
    kind: IdentifierKind,
    dept_ok: impl Fn(&str) -> Result<(), IdentifierError>,
) -> Result<String, IdentifierError> {
    let s = compact(input);
    let letters_allowed = kind != IdentifierKind::Rpps;
    if s.is_empty() {
        return Err(IdentifierError::Empty { kind });
    }
    let allowed = |c: char| c.is_ascii_digit() || (letters_allowed && c.is_ascii_alphabetic());
    if !s.chars().all(allowed) {
        return Err(IdentifierError::InvalidCharacters { kind });
    }
    if s.len() != kind.expected_len() {
        return Err(IdentifierError::WrongLength {
            kind,
            found: s.len(),
        });
    }
    let (dept, rest) = s.split_at(2);
    if !rest.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IdentifierError::InvalidCharacters { kind });
    }
    dept_ok(dept)?;
    if !is_luhn_valid(&s) {
        return Err(IdentifierError::BadKey { kind });
    }
    Ok(s)
}

/// Keeps the last 4 characters, replaces the others by `*`.
fn mask(s: &str) -> String {
    let keep = s.len().saturating_sub(4);
    let tail = s.get(keep..).unwrap_or_default();
    format!("{}{tail}", "*".repeat(keep))
}

macro_rules! identifier_newtype {
    ($name:ident) => {
        impl $name {
            /// The normalized number (no spaces, upper case).
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The number with all but the last 4 characters replaced by `*`, for logs.
            pub fn masked(&self) -> String {
                mask(&self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = IdentifierError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdentifierError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }
    };
}

/// RPPS number (Répertoire partagé des professionnels de santé): 11 digits with a Luhn key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Rpps(String);

impl Rpps {
    /// Parses and validates an RPPS number (spaces allowed).
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        check(input, IdentifierKind::Rpps, |_| Ok(())).map(Self)
    }

    /// IDNPS used by Pro Santé Connect: `8` followed by the RPPS number.
    pub fn idnps(&self) -> String {
        format!("8{}", self.0)
    }
}
identifier_newtype!(Rpps);

/// ADELI number: département + profession code + 4 digits + Luhn key (9 characters).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Adeli(String);

/// True if `code` (upper case) is a département accepted in an ADELI number.
fn is_adeli_departement(code: &str) -> bool {
    match code.as_bytes() {
        [b'2', b'A' | b'B'] | [b'9', b'A'..=b'F'] => true,
        [a @ b'0'..=b'9', b @ b'0'..=b'9'] => {
            let n = (a - b'0') * 10 + (b - b'0');
            (1..=95).contains(&n) && n != 20
        }
        _ => false,
    }
}

impl Adeli {
    /// Parses and validates an ADELI number (spaces allowed, letters case-insensitive).
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        check(input, IdentifierKind::Adeli, |dept| {
            if is_adeli_departement(dept) {
                Ok(())
            } else {
                Err(IdentifierError::UnknownDepartement {
                    code: dept.to_owned(),
                })
            }
        })
        .map(Self)
    }

    /// The département code (first two characters, e.g. `75`, `2A`, `9D`).
    pub fn departement(&self) -> &str {
        self.0.get(..2).unwrap_or_default()
    }

    /// The 2-digit profession code (characters 3 and 4).
    pub fn profession_code(&self) -> &str {
        self.0.get(2..4).unwrap_or_default()
    }

    /// IDNPS used by Pro Santé Connect: `0` followed by the ADELI number.
    pub fn idnps(&self) -> String {
        format!("0{}", self.0)
    }
}
identifier_newtype!(Adeli);

/// FINESS number of a health facility: 9 characters with a Luhn key (`2A`→21, `2B`→22).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Finess(String);

impl Finess {
    /// Parses and validates a FINESS number (spaces allowed, `2a`/`2b` accepted).
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        let kind = IdentifierKind::Finess;
        check(input, kind, |dept| match dept.as_bytes() {
            [b'2', b'A' | b'B'] => Ok(()),
            [a, b] if a.is_ascii_digit() && b.is_ascii_digit() => Ok(()),
            _ => Err(IdentifierError::InvalidCharacters { kind }),
        })
        .map(Self)
    }

    /// The département part (first two characters).
    pub fn departement(&self) -> &str {
        self.0.get(..2).unwrap_or_default()
    }
}
identifier_newtype!(Finess);

/// A professional's number, either RPPS or ADELI (told apart by length: 11 vs 9).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "number", rename_all = "snake_case")]
pub enum ProfessionalNumber {
    Rpps(Rpps),
    Adeli(Adeli),
}

impl ProfessionalNumber {
    /// Parses an RPPS (11 characters) or an ADELI (9 characters) number.
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        let s = compact(input);
        match s.chars().count() {
            0 => Err(IdentifierError::EmptyProfessionalNumber),
            11 => Rpps::parse(&s).map(Self::Rpps),
            9 => Adeli::parse(&s).map(Self::Adeli),
            found => Err(IdentifierError::UnrecognizedProfessionalNumber { found }),
        }
    }

    /// Parses an IDNPS (`8` + RPPS or `0` + ADELI), e.g. as returned by Pro Santé Connect.
    pub fn from_idnps(input: &str) -> Result<Self, IdentifierError> {
        let s = compact(input);
        match s.strip_prefix('8') {
            Some(rest) => Rpps::parse(rest).map(Self::Rpps),
            None => match s.strip_prefix('0') {
                Some(rest) => Adeli::parse(rest).map(Self::Adeli),
                None => Err(IdentifierError::InvalidIdnps),
            },
        }
    }

    /// Which register the number belongs to.
    pub fn kind(&self) -> IdentifierKind {
        match self {
            Self::Rpps(_) => IdentifierKind::Rpps,
            Self::Adeli(_) => IdentifierKind::Adeli,
        }
    }

    /// The normalized number.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Rpps(n) => n.as_str(),
            Self::Adeli(n) => n.as_str(),
        }
    }

    /// The number masked for logs (last 4 characters kept).
    pub fn masked(&self) -> String {
        mask(self.as_str())
    }

    /// The IDNPS (`8` + RPPS or `0` + ADELI).
    pub fn idnps(&self) -> String {
        match self {
            Self::Rpps(n) => n.idnps(),
            Self::Adeli(n) => n.idnps(),
        }
    }
}

impl fmt::Display for ProfessionalNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind().label(), self.as_str())
    }
}

#[cfg(test)]
mod tests;
