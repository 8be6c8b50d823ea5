//! The types of a request kind's form, as data the web layer renders generically (the fields of
//! each kind are in `fields.rs`).
//!
//! A [`FormSpec`] lists [`FieldSpec`]s (name, French label, hint, [`InputType`], whether the
//! field is required on submission) and whether a document must be attached (the health
//! project of a coordinated-practice project). Drafts store raw strings under the field names;
//! `validate.rs` checks them on submission.
//!
//! The field [`COMMUNE`] (INSEE code of the planned practice) gives the département used for
//! routing; it is required for every kind except the question, which is routed by the
//! professional's own département when no commune is given.

use serde::Serialize;

use super::kind::RequestKind;

/// Name of the commune field (INSEE code), used for routing.
pub const COMMUNE: &str = "commune_insee";
/// Name of the aid code field of an aid application.
pub const AID_CODE: &str = "aid_code";
/// Name of the team members field of a coordinated-practice project.
pub const TEAM: &str = "equipe";
/// Name of the RPPS / ADELI number field.
pub const PROFESSIONAL_NUMBER: &str = "numero_professionnel";
/// Pseudo field name under which a missing required attachment is reported.
pub const ATTACHMENTS: &str = "pieces_jointes";

/// One choice of a select input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SelectOption {
    pub value: &'static str,
    pub label: &'static str,
}

/// The dates a date field accepts, relative to the day of submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateRange {
    pub max_days_before: u32,
    pub max_days_after: u32,
}

/// How a field is entered and checked.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InputType {
    /// One line, at most [`TEXT_MAX_CHARS`] characters.
    Text,
    /// Several lines, at most [`TEXTAREA_MAX_CHARS`] characters.
    Textarea,
    /// A date, ISO (`2026-03-02`, as sent by `<input type=date>`) or French (`02/03/2026`).
    Date { range: DateRange },
    /// A commune, stored as its INSEE code (the web layer offers a search by name).
    CommuneInsee,
    /// One of a closed list of choices.
    Select { options: &'static [SelectOption] },
    /// An aid of the catalogue, stored as its code (the web layer lists the catalogue).
    AidCode,
    /// `oui` or `non`.
    YesNo,
    /// A decimal number (comma or point) within bounds.
    Number { min: f64, max: f64 },
    /// An RPPS or ADELI number, checked with its Luhn key.
    ProfessionalNumber,
    /// One team member per line: `name ; profession`.
    TeamMembers,
}

/// Longest accepted single-line text.
pub const TEXT_MAX_CHARS: usize = 200;
/// Longest accepted multi-line text.
pub const TEXTAREA_MAX_CHARS: usize = 5_000;

/// One field of a request form.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FieldSpec {
    /// Key in the draft and in the HTML form.
    pub name: &'static str,
    /// French label.
    pub label: &'static str,
    /// The field as the object of a French sentence, with its article ("la commune d'exercice
    /// envisagée"): used in error messages ("Indiquez la commune d'exercice envisagée.").
    pub subject: &'static str,
    /// French help text shown under the label.
    pub hint: Option<&'static str>,
    pub input: InputType,
    /// Whether submission requires a value.
    pub required: bool,
}

/// A document the request must carry when it is submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AttachmentRequirement {
    pub label: &'static str,
    pub hint: &'static str,
    /// French message when it is missing.
    pub missing_message: &'static str,
}

/// The form of one request kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormSpec {
    pub kind: RequestKind,
    pub fields: Vec<FieldSpec>,
    /// `Some` when at least one attachment is required on submission.
    pub attachment: Option<AttachmentRequirement>,
}

impl FormSpec {
    /// The field with this name.
    /// The subjects ("la commune d'exercice envisagée") of the required fields that `value`
    /// leaves empty: what a request changed to this kind still lacks.
    pub fn missing_required<'a>(
        &self,
        value: impl Fn(&str) -> Option<&'a str>,
    ) -> Vec<&'static str> {
        self.fields
            .iter()
            .filter(|f| f.required && value(f.name).is_none_or(|v| v.trim().is_empty()))
            .map(|f| f.subject)
            .collect()
    }

    pub fn field(&self, name: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// The health project every coordinated-practice project must attach.
pub const HEALTH_PROJECT: AttachmentRequirement = AttachmentRequirement {
    label: "Projet de santé",
    hint: "Le projet de santé de la structure, en PDF, ODT ou DOCX.",
    missing_message: "Joignez le projet de santé de la structure.",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::request::fields::form_for;
    use crate::domain::request::kind::{CoordinatedStructure, PracticeMode};
    use std::collections::HashSet;

    #[test]
    fn every_form_has_unique_fields_and_a_routing_commune() {
        for kind in RequestKind::ALL {
            let form = form_for(kind);
            let names: HashSet<_> = form.fields.iter().map(|f| f.name).collect();
            assert_eq!(names.len(), form.fields.len(), "{kind}");
            let commune = form.field(COMMUNE).expect("commune field");
            assert_eq!(commune.required, kind != RequestKind::Question, "{kind}");
            assert_eq!(commune.input, InputType::CommuneInsee);
            assert!(form.fields.iter().any(|f| f.required), "{kind}");
            assert_eq!(
                form.attachment.is_some(),
                kind.is_coordinated_practice(),
                "{kind}"
            );
            for f in &form.fields {
                assert!(
                    f.subject.chars().next().is_some_and(char::is_lowercase),
                    "{}",
                    f.name
                );
                assert!(
                    f.label.chars().next().is_some_and(char::is_uppercase),
                    "{}",
                    f.name
                );
            }
        }
    }

    #[test]
    fn kind_specific_fields() {
        use CoordinatedStructure as C;
        let liberal = form_for(RequestKind::Installation(PracticeMode::Liberal));
        assert!(liberal.field("secteur").is_some());
        assert!(liberal.field(AID_CODE).is_none());
        let salarie = form_for(RequestKind::Installation(PracticeMode::Salarie));
        assert!(salarie.field("secteur").is_none());
        assert!(
            form_for(RequestKind::AidApplication)
                .field(AID_CODE)
                .unwrap()
                .required
        );
        assert!(
            form_for(RequestKind::CoordinatedPractice(C::Msp))
                .field(TEAM)
                .unwrap()
                .required
        );
        let cds = form_for(RequestKind::CoordinatedPractice(C::CentreDeSante));
        assert!(!cds.field(TEAM).unwrap().required);
        assert!(form_for(RequestKind::Question).field(TEAM).is_none());
    }

    #[test]
    fn serializes_for_templates() {
        let form = form_for(RequestKind::Remplacement);
        let json = serde_json::to_value(&form).unwrap();
        assert_eq!(json["kind"], "remplacement");
        assert_eq!(json["fields"][0]["input"]["type"], "select");
        assert_eq!(
            json["fields"][0]["input"]["options"][1]["value"],
            "medecin-adjoint"
        );
        assert_eq!(json["fields"][2]["input"]["type"], "date");
        assert_eq!(json["fields"][2]["input"]["range"]["max_days_before"], 31);
        assert!(json["attachment"].is_null());
    }
}
