//! Eligibility to the aids: rules as data (`config/aides/<CODE>.toml`), loaded into a
//! [`Catalogue`], evaluated by a pure engine with three-valued logic (domain.md §5).
//!
//! - [`Catalogue::load_dir`] loads and checks the rule files;
//! - [`evaluate`] / [`evaluate_one`] answer, for a [`Profile`] on a date, each aid's
//!   [`AidStatus`] with its criteria, amount, commitments and missing inputs;
//! - [`inputs_that_matter`] lists the questions a form should ask;
//! - [`parse_json`] / [`parse_fields`] turn an API body or form parameters into an
//!   [`EligibilityQuery`].

mod catalogue;
mod commitment_rules;
mod criteria;
mod describe;
mod engine;
mod input;
mod profile;
pub mod questions;
pub mod regional;
mod report;
mod rules;
mod shared;
mod template;

#[cfg(test)]
mod tests;

pub use catalogue::{inspect_dir, Catalogue, InspectedFile, RuleFileError};
pub use commitment_rules::{MilestoneRule, TrackedCommitment};
pub use criteria::{installed_within, Condition, Criterion, Outcome};
pub use engine::{
    evaluate, evaluate_one, inputs_that_matter, AidResult, AidStatus, Closure, CriterionResult,
    SuccessorRef, VersionRef, OTHER_PROFESSION,
};
pub use input::{
    parse_date_text, parse_fields, parse_json, EligibilityQuery, FieldError, FieldSource, RawValue,
};
pub use profile::{FlagInput, Input, NumberInput, Place, Profile};
pub use regional::{parse_regional, with_regional, RegionalRuleError};
pub use report::{AidReport, RulesReport, VersionReport};
pub use rules::{
    Aid, AmountResult, AmountRule, AmountStep, FixedAmount, InstitutionKind, LegalRef, NumberScale,
    Version, ZoneAmount,
};
pub use shared::Shared;
pub use template::Template;
