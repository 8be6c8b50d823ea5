//! A partner institution's decision on its referral: the outcome (accordé, refusé, sans suite,
//! réorienté, information donnée) and, where it applies, the amount granted, the signature
//! date, the contract or file number and the document that carries it; and the outcome of a
//! whole request, derived from those of its referrals.

use chrono::NaiveDate;

use super::validate::parse_date;
use super::ReferralState;
use crate::domain::field_error::FieldError;
use crate::domain::slug::slug_enum;

slug_enum! {
    /// What an institution decided on its referral.
    pub enum DecisionOutcome, "Issue de décision inconnue" {
        Granted => ("granted", "Accordé"),
        Refused => ("refused", "Refusé"),
        NoFollowUp => ("no_follow_up", "Sans suite"),
        Redirected => ("redirected", "Réorienté"),
        Information => ("information", "Information donnée"),
    }
}

impl DecisionOutcome {
    /// Only a grant carries an amount and a signature date.
    pub fn takes_amount(self) -> bool {
        self == Self::Granted
    }

    /// The DSFR badge of the outcome.
    pub fn badge_class(self) -> &'static str {
        match self {
            Self::Granted => "fr-badge--success",
            Self::Refused => "fr-badge--error",
            Self::NoFollowUp => "fr-badge--warning",
            Self::Redirected | Self::Information => "fr-badge--info",
        }
    }

    /// Rank in the outcome of a request (lower wins), see [`request_outcome`].
    fn precedence(self) -> u8 {
        match self {
            Self::Granted => 0,
            Self::Redirected => 1,
            Self::Information => 2,
            Self::Refused => 3,
            Self::NoFollowUp => 4,
        }
    }
}

/// The largest amount an institution may record: 5 000 000 €, in cents.
pub const MAX_AMOUNT_CENTS: i64 = 500_000_000;
/// The longest contract or file number.
pub const FILE_NUMBER_MAX_CHARS: usize = 40;

/// The names of the decision's fields (those of its form and of its [`FieldError`]s).
pub const DECISION_FIELDS: [&str; 5] =
    ["outcome", "amount", "signed_on", "file_number", "document"];

/// The decision's fields as typed in the form.
#[derive(Debug, Clone, Default)]
pub struct DecisionInput<'a> {
    pub outcome: &'a str,
    pub amount: &'a str,
    pub signed_on: &'a str,
    pub file_number: &'a str,
    pub document: &'a str,
}

/// A decision whose fields agree with its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub outcome: DecisionOutcome,
    /// In cents; only for a grant (required then).
    pub amount_cents: Option<i64>,
    /// Only for a grant; never after the civil date of the decision.
    pub signed_on: Option<NaiveDate>,
    pub file_number: Option<String>,
    /// One of the request's documents the agent may see.
    pub document_id: Option<String>,
}

impl Decision {
    /// Checks the form's fields against the outcome, `today` (the civil date of the request's
    /// territory) and the documents the agent may attach; every mistake, each beside its field.
    pub fn parse(
        input: &DecisionInput,
        today: NaiveDate,
        documents: &[&str],
    ) -> Result<Decision, Vec<FieldError>> {
        let mut errors = Vec::new();
        let outcome = match input.outcome.trim() {
            "" => {
                errors.push(FieldError::new(
                    "outcome",
                    "Choisissez l'issue de la demande pour votre institution.",
                ));
                None
            }
            raw => match raw.parse::<DecisionOutcome>() {
                Ok(o) => Some(o),
                Err(e) => {
                    errors.push(FieldError::new("outcome", e.to_string()));
                    None
                }
            },
        };
        let grant = outcome.map(DecisionOutcome::takes_amount);
        let amount = input.amount.trim();
        let amount_cents = match (amount.is_empty(), grant) {
            (true, Some(true)) => {
                errors.push(FieldError::new(
                    "amount",
                    "Indiquez le montant accordé, en euros.",
                ));
                None
            }
            (false, Some(false)) => {
                errors.push(FieldError::new(
                    "amount",
                    "Un montant ne s'indique que pour une aide accordée : laissez ce champ vide.",
                ));
                None
            }
            (false, _) => match parse_amount(amount) {
                Ok(cents) => Some(cents),
                Err(message) => {
                    errors.push(FieldError::new("amount", message));
                    None
                }
            },
            (true, _) => None,
        };
        let signed = input.signed_on.trim();
        let signed_on = match (signed.is_empty(), grant) {
            (true, _) => None,
            (false, Some(false)) => {
                errors.push(FieldError::new(
                    "signed_on",
                    "Une date de signature ne s'indique que pour une aide accordée : laissez ce champ vide.",
                ));
                None
            }
            (false, _) => match parse_date(signed) {
                Ok(date) if date > today => {
                    errors.push(FieldError::new(
                        "signed_on",
                        "La date de signature ne peut pas être dans le futur.",
                    ));
                    None
                }
                Ok(date) => Some(date),
                Err(_) => {
                    errors.push(FieldError::new(
                        "signed_on",
                        "Indiquez une date de signature valide, par exemple 02/03/2026.",
                    ));
                    None
                }
            },
        };
        let number = input.file_number.trim();
        if number.chars().count() > FILE_NUMBER_MAX_CHARS || number.chars().any(char::is_control) {
            errors.push(FieldError::new(
                "file_number",
                format!(
                    "Le numéro de contrat ou de dossier tient en {FILE_NUMBER_MAX_CHARS} caractères au plus, sur une ligne."
                ),
            ));
        }
        let document = input.document.trim();
        if !document.is_empty() && !documents.contains(&document) {
            errors.push(FieldError::new(
                "document",
                "Choisissez un document de la demande dans la liste.",
            ));
        }
        match outcome {
            Some(outcome) if errors.is_empty() => Ok(Decision {
                outcome,
                amount_cents,
                signed_on,
                file_number: (!number.is_empty()).then(|| number.to_string()),
                document_id: (!document.is_empty()).then(|| document.to_string()),
            }),
            _ => Err(errors),
        }
    }

    /// The words of the timeline: « Accordé, 10 000 € ».
    pub fn summary(&self) -> String {
        match self.amount_cents {
            Some(cents) => format!("{}, {}", self.outcome.label(), euros(cents)),
            None => self.outcome.label().to_string(),
        }
    }
}

/// An amount in euros as typed: `10000`, `10 000`, `10 000,50`, `10000.5 €` → cents; positive
/// and at most [`MAX_AMOUNT_CENTS`].
pub fn parse_amount(raw: &str) -> Result<i64, String> {
    let bad = || "Indiquez un montant en euros, par exemple 10 000 ou 2 500,50.".to_string();
    let cleaned: String = raw
        .trim()
        .trim_end_matches('€')
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let (whole, cents) = match cleaned.split_once([',', '.']) {
        Some((w, c)) => (w, c),
        None => (cleaned.as_str(), ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 12 || !digits(whole) || cents.len() > 2 || !digits(cents) {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let cents: i64 = match cents.len() {
        0 => 0,
        1 => cents.parse::<i64>().map_err(|_| bad())? * 10,
        _ => cents.parse().map_err(|_| bad())?,
    };
    let total = whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(cents))
        .ok_or_else(bad)?;
    if total <= 0 {
        return Err("Le montant accordé doit être supérieur à zéro.".to_string());
    }
    if total > MAX_AMOUNT_CENTS {
        return Err(format!(
            "Le montant dépasse {} : vérifiez-le.",
            euros(MAX_AMOUNT_CENTS)
        ));
    }
    Ok(total)
}

/// An amount the French way: `10 000 €`, `2 500,50 €`.
pub fn euros(cents: i64) -> String {
    let whole = crate::domain::french::count(cents.unsigned_abs() / 100);
    let sign = if cents < 0 { "-" } else { "" };
    match cents.unsigned_abs() % 100 {
        0 => format!("{sign}{whole} €"),
        c => format!("{sign}{whole},{c:02} €"),
    }
}

/// Where a request stands, from its referrals' decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestOutcome {
    /// The prevailing decision so far.
    pub outcome: DecisionOutcome,
    /// False while another institution has still to decide.
    pub complete: bool,
}

/// The outcome of a request from its referrals, each given as its state and its decision.
///
/// - A declined referral (non compétente) and a referral answered without a decision (before
///   decisions were recorded) take no part.
/// - Among the decisions, the most favourable prevails: accordé, then réorienté (the request
///   goes on elsewhere), information donnée, refusé, sans suite. One grant makes the request
///   granted, whatever the others decided.
/// - `None` while no institution has decided; `complete` is false while a referral still
///   awaits its answer.
pub fn request_outcome(
    referrals: &[(ReferralState, Option<DecisionOutcome>)],
) -> Option<RequestOutcome> {
    let awaiting = referrals.iter().any(|(state, decision)| {
        decision.is_none() && !matches!(state, ReferralState::Declinee | ReferralState::Repondue)
    });
    referrals
        .iter()
        .filter_map(|(_, d)| *d)
        .min_by_key(|d| d.precedence())
        .map(|outcome| RequestOutcome {
            outcome,
            complete: !awaiting,
        })
}

#[cfg(test)]
#[path = "decision_tests.rs"]
mod tests;
