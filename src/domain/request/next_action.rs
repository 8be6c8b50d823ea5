//! The next action of a request in *coordination avancée* (domain.md §6): the référent who
//! accompanies the professional sets the day they will act next (call back, check a document,
//! meet at a permanence) with a short note; on that day they receive a reminder, and their
//! inbox can list the requests whose next action is due.
//!
//! Only a référent sets it, only on an open request whose coordination is *avancée* (a simple
//! orientation has no follow-up to plan).

use chrono::NaiveDate;

use super::lifecycle::is_open;
use super::qualification::Coordination;
use super::state::{ActorRole, RequestState};
use super::validate::parse_date;
use crate::domain::field_error::FieldError;
use crate::domain::french;

/// Longest accepted note.
pub const NOTE_MAX_CHARS: usize = 200;
/// How far ahead a next action may be planned.
pub const MAX_DAYS_AHEAD: i64 = 366;
/// Names of the form's fields.
pub const DUE_ON_FIELD: &str = "next_action_on";
pub const NOTE_FIELD: &str = "next_action_note";

/// A planned next action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextAction {
    pub due_on: NaiveDate,
    pub note: String,
}

/// Whether someone of `role` may plan the next action of a request in `state` with this
/// coordination level.
pub fn can_plan(state: RequestState, coordination: Coordination, role: ActorRole) -> bool {
    role == ActorRole::Referent && coordination == Coordination::Avancee && is_open(state)
}

impl NextAction {
    /// Checks the typed date and note against `today` (the civil date of the request's
    /// territory): every mistake, in French, beside its field.
    pub fn parse(
        raw_date: &str,
        raw_note: &str,
        today: NaiveDate,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let raw_date = raw_date.trim();
        let due_on = if raw_date.is_empty() {
            errors.push(FieldError::new(
                DUE_ON_FIELD,
                "Indiquez le jour de la prochaine action.",
            ));
            None
        } else {
            match parse_date(raw_date) {
                Ok(d) if d < today => {
                    errors.push(FieldError::new(
                        DUE_ON_FIELD,
                        format!(
                            "La prochaine action ne peut pas être dans le passé (nous sommes le {}).",
                            french::date(today)
                        ),
                    ));
                    None
                }
                Ok(d) if (d - today).num_days() > MAX_DAYS_AHEAD => {
                    errors.push(FieldError::new(
                        DUE_ON_FIELD,
                        "Planifiez la prochaine action dans l'année qui vient.",
                    ));
                    None
                }
                Ok(d) => Some(d),
                Err(true) => {
                    errors.push(FieldError::new(DUE_ON_FIELD, "Cette date n'existe pas."));
                    None
                }
                Err(false) => {
                    errors.push(FieldError::new(
                        DUE_ON_FIELD,
                        "Saisissez une date au format JJ/MM/AAAA.",
                    ));
                    None
                }
            }
        };
        let note = raw_note.trim();
        if note.is_empty() {
            errors.push(FieldError::new(
                NOTE_FIELD,
                "Dites en quelques mots ce qu'il faudra faire.",
            ));
        } else if note.chars().count() > NOTE_MAX_CHARS {
            errors.push(FieldError::new(
                NOTE_FIELD,
                format!("La note ne doit pas dépasser {NOTE_MAX_CHARS} caractères."),
            ));
        }
        match due_on {
            Some(due_on) if errors.is_empty() => Ok(NextAction {
                due_on,
                note: note.to_string(),
            }),
            _ => Err(errors),
        }
    }

    /// The timeline's words.
    pub fn summary(&self) -> String {
        format!(
            "Prochaine action prévue le {} : {}",
            french::date(self.due_on),
            self.note
        )
    }
}

/// Whether a next action planned on `due_on` is due on `today`.
pub fn is_due(due_on: NaiveDate, today: NaiveDate) -> bool {
    due_on <= today
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn only_a_referent_plans_on_an_open_request_in_advanced_coordination() {
        use RequestState as R;
        assert!(can_plan(
            R::Orientee,
            Coordination::Avancee,
            ActorRole::Referent
        ));
        assert!(can_plan(
            R::Deposee,
            Coordination::Avancee,
            ActorRole::Referent
        ));
        assert!(!can_plan(
            R::Orientee,
            Coordination::Simple,
            ActorRole::Referent
        ));
        assert!(!can_plan(
            R::Orientee,
            Coordination::Avancee,
            ActorRole::Partenaire
        ));
        assert!(!can_plan(
            R::Cloturee,
            Coordination::Avancee,
            ActorRole::Referent
        ));
        assert!(!can_plan(
            R::Traitee,
            Coordination::Avancee,
            ActorRole::Referent
        ));
    }

    #[test]
    fn dates_and_notes_are_checked_in_french() {
        let today = day("2026-12-07");
        let ok = NextAction::parse("15/12/2026", " Rappeler le Dr Martin ", today).expect("ok");
        assert_eq!(ok.due_on, day("2026-12-15"));
        assert_eq!(ok.note, "Rappeler le Dr Martin");
        assert_eq!(
            ok.summary(),
            "Prochaine action prévue le 15 décembre 2026 : Rappeler le Dr Martin"
        );
        assert!(NextAction::parse("2026-12-07", "Aujourd'hui", today).is_ok());
        let past = NextAction::parse("2026-12-06", "x", today).expect_err("passé");
        assert_eq!(past[0].field, DUE_ON_FIELD);
        assert!(
            past[0].message.contains("7 décembre 2026"),
            "{}",
            past[0].message
        );
        let far = NextAction::parse("2028-01-01", "x", today).expect_err("loin");
        assert!(far[0].message.contains("l'année"));
        let bad = NextAction::parse("31/02/2027", "", today).expect_err("deux erreurs");
        assert_eq!(bad.len(), 2);
        assert_eq!(bad[0].message, "Cette date n'existe pas.");
        assert_eq!(bad[1].field, NOTE_FIELD);
        let long = "é".repeat(NOTE_MAX_CHARS + 1);
        assert!(NextAction::parse("2026-12-08", &long, today).is_err());
        assert!(NextAction::parse("demain", "x", today).is_err());
    }

    #[test]
    fn due_on_and_after_its_day() {
        let today = day("2026-12-07");
        assert!(is_due(day("2026-12-07"), today));
        assert!(is_due(day("2026-12-01"), today));
        assert!(!is_due(day("2026-12-08"), today));
    }
}
