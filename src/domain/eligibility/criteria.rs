//! Declarative criteria: a tree of `all` / `any` / `not` over predicates on the [`Profile`],
//! evaluated with three-valued logic.
//!
//! In a rule file a criterion reads:
//! ```toml
//! [[versions.criteria]]
//! id = "etudes"
//! when = { any = [ { situation_in = ["interne"] },
//!                  { all = [ { situation_in = ["etudiant"] }, { study_year_at_least = 4 } ] } ] }
//! met = "Vous êtes {situation}."
//! not_met = "Réservé aux étudiants à partir de la 4e année et aux internes."
//! unknown = "Indiquez votre situation et votre année d'études."   # optional
//! ```
//! Explanations may name any input between braces (`{zone}`, `{situation}`, `{age}` …): it is
//! replaced by the French rendering of the profile's value ("non renseigné" when absent).

use super::profile::{FlagInput, Input, NumberInput, Profile};
use super::shared::Shared;
use super::template::Template;
use crate::domain::profession::{Profession, Sector, Situation};
use crate::domain::zone::{zone_in, zone_not_in, Tri, ZoneSet};
use chrono::{Months, NaiveDate};
use serde::Deserialize;

/// A condition over a profile.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// Every sub-condition holds (met when the list is empty).
    All(Vec<Condition>),
    /// At least one sub-condition holds.
    Any(Vec<Condition>),
    /// The sub-condition does not hold.
    Not(Box<Condition>),
    ProfessionIn(Vec<Profession>),
    /// The specialty slug equals this one (case-insensitive).
    SpecialtyIs(String),
    SituationIn(Vec<Situation>),
    StudyYearAtLeast(u8),
    /// The installation date is after the date of the check minus this many months
    /// (strictly: exactly 12 months ago is not "less than a year"), or in the future (planned).
    InstalledWithinMonths(u32),
    /// The installation date (past or planned) is on or after this day (`"2026-01-01"`).
    InstalledOnOrAfter(NaiveDate),
    /// The practice is in one of these categories (set logic, see [`zone_in`]).
    ZoneIn(ZoneSet),
    /// The practice is in none of these categories.
    ZoneNotIn(ZoneSet),
    SectorIn(Vec<Sector>),
    /// A numeric input is ≥ `value`.
    NumberAtLeast {
        input: NumberInput,
        value: f64,
    },
    /// A numeric input is > `value`.
    NumberAbove {
        input: NumberInput,
        value: f64,
    },
    /// The practice is in one of these régions (INSEE codes, e.g. "32").
    RegionIn(Vec<String>),
    /// The practice is in one of these départements (codes, e.g. "59", "2A", "971").
    DepartementIn(Vec<String>),
    /// The practice is in one of these communes (INSEE codes).
    CommuneIn(Vec<String>),
    /// A yes/no input equals `value`.
    FlagIs {
        input: FlagInput,
        value: bool,
    },
}

/// The outcome of a condition: its value and, when unknown, the inputs that would decide it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub result: Tri,
    pub missing: Vec<Input>,
}

impl Outcome {
    fn known(result: Tri) -> Outcome {
        Outcome {
            result,
            missing: Vec::new(),
        }
    }

    fn decide<T>(value: Option<T>, input: Input, test: impl FnOnce(T) -> bool) -> Outcome {
        match value {
            Some(v) => Outcome::known(Tri::from_bool(test(v))),
            None => Outcome {
                result: Tri::Unknown,
                missing: vec![input],
            },
        }
    }

    /// Combines children; `absorbing` is the value that decides alone (not met for `all`,
    /// met for `any`). The missing inputs only matter when the combination is unknown.
    fn combine(
        children: &[Condition],
        profile: &Profile,
        on: NaiveDate,
        absorbing: Tri,
        neutral: Tri,
    ) -> Outcome {
        let mut combined = Outcome::known(neutral);
        for child in children {
            let outcome = child.evaluate(profile, on);
            if outcome.result == absorbing {
                return Outcome::known(absorbing);
            }
            if outcome.result == Tri::Unknown {
                combined.result = Tri::Unknown;
                for input in outcome.missing {
                    if !combined.missing.contains(&input) {
                        combined.missing.push(input);
                    }
                }
            }
        }
        combined
    }
}

impl Condition {
    /// Evaluates the condition for `profile` on the date `on`.
    pub fn evaluate(&self, profile: &Profile, on: NaiveDate) -> Outcome {
        match self {
            Condition::All(cs) => Outcome::combine(cs, profile, on, Tri::NotMet, Tri::Met),
            Condition::Any(cs) => Outcome::combine(cs, profile, on, Tri::Met, Tri::NotMet),
            Condition::Not(c) => {
                let inner = c.evaluate(profile, on);
                Outcome {
                    result: inner.result.negate(),
                    missing: inner.missing,
                }
            }
            Condition::ProfessionIn(list) => {
                Outcome::decide(profile.profession, Input::Profession, |p| list.contains(&p))
            }
            Condition::SpecialtyIs(slug) => {
                Outcome::decide(profile.specialty.as_deref(), Input::Specialty, |s| {
                    s.trim().eq_ignore_ascii_case(slug)
                })
            }
            Condition::SituationIn(list) => {
                Outcome::decide(profile.situation, Input::Situation, |s| list.contains(&s))
            }
            Condition::StudyYearAtLeast(min) => {
                Outcome::decide(profile.study_year, Input::StudyYear, |y| y >= *min)
            }
            Condition::InstalledWithinMonths(months) => {
                Outcome::decide(profile.installed_on, Input::InstalledOn, |d| {
                    installed_within(d, on, *months)
                })
            }
            Condition::InstalledOnOrAfter(first) => {
                Outcome::decide(profile.installed_on, Input::InstalledOn, |d| d >= *first)
            }
            Condition::ZoneIn(allowed) => zone_outcome(zone_in(profile.zone, *allowed)),
            Condition::ZoneNotIn(excluded) => zone_outcome(zone_not_in(profile.zone, *excluded)),
            Condition::SectorIn(list) => {
                Outcome::decide(profile.sector, Input::Sector, |s| list.contains(&s))
            }
            Condition::NumberAtLeast { input, value } => {
                Outcome::decide(input.value(profile), input.input(), |v| v >= *value)
            }
            Condition::NumberAbove { input, value } => {
                Outcome::decide(input.value(profile), input.input(), |v| v > *value)
            }
            Condition::FlagIs { input, value } => {
                Outcome::decide(input.value(profile), input.input(), |v| v == *value)
            }
            Condition::RegionIn(codes) => {
                Outcome::decide(profile.place.as_ref(), Input::Commune, |p| {
                    codes.contains(&p.region)
                })
            }
            Condition::DepartementIn(codes) => {
                Outcome::decide(profile.place.as_ref(), Input::Commune, |p| {
                    codes.contains(&p.departement)
                })
            }
            Condition::CommuneIn(codes) => {
                Outcome::decide(profile.place.as_ref(), Input::Commune, |p| {
                    codes.contains(&p.commune)
                })
            }
        }
    }

    /// Every input this condition may look at, in first-use order, without duplicates.
    pub fn inputs(&self) -> Vec<Input> {
        let mut out = Vec::new();
        self.collect_inputs(&mut out);
        out
    }

    fn collect_inputs(&self, out: &mut Vec<Input>) {
        let input = match self {
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter().for_each(|c| c.collect_inputs(out));
                return;
            }
            Condition::Not(c) => return c.collect_inputs(out),
            Condition::ProfessionIn(_) => Input::Profession,
            Condition::SpecialtyIs(_) => Input::Specialty,
            Condition::SituationIn(_) => Input::Situation,
            Condition::StudyYearAtLeast(_) => Input::StudyYear,
            Condition::InstalledWithinMonths(_) | Condition::InstalledOnOrAfter(_) => {
                Input::InstalledOn
            }
            Condition::ZoneIn(_) | Condition::ZoneNotIn(_) => Input::Zone,
            Condition::SectorIn(_) => Input::Sector,
            Condition::NumberAtLeast { input, .. } | Condition::NumberAbove { input, .. } => {
                input.input()
            }
            Condition::FlagIs { input, .. } => input.input(),
            Condition::RegionIn(_) | Condition::DepartementIn(_) | Condition::CommuneIn(_) => {
                Input::Commune
            }
        };
        if !out.contains(&input) {
            out.push(input);
        }
    }
}

/// A zone that is not known at all, or only known as a set too wide to decide, asks for the zone.
fn zone_outcome(result: Tri) -> Outcome {
    Outcome {
        result,
        missing: if result == Tri::Unknown {
            vec![Input::Zone]
        } else {
            Vec::new()
        },
    }
}

/// Installed (or planning to install) less than `months` months before `on`.
pub fn installed_within(installed_on: NaiveDate, on: NaiveDate, months: u32) -> bool {
    match on.checked_sub_months(Months::new(months)) {
        Some(limit) => installed_on > limit,
        None => true,
    }
}

/// One named criterion of an aid version, with its French explanations.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "CriterionFile")]
pub struct Criterion {
    /// Stable identifier within the version, e.g. "zone".
    pub id: Shared<str>,
    pub when: Condition,
    /// Explanation when met.
    pub met: Template,
    /// Explanation when not met.
    pub not_met: Template,
    /// Explanation when it cannot be decided; a default naming the missing inputs otherwise.
    pub unknown: Option<Template>,
    /// Every input `when` may look at ([`Condition::inputs`]), computed once.
    pub inputs: Shared<[Input]>,
}

/// A criterion as written in a rule file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CriterionFile {
    id: String,
    when: Condition,
    met: Template,
    not_met: Template,
    #[serde(default)]
    unknown: Option<Template>,
}

impl Criterion {
    /// True when the criterion looks at the profession and nothing else: when it is not met, the
    /// aid is for other professions.
    pub fn reads_only_profession(&self) -> bool {
        matches!(&*self.inputs, [Input::Profession])
    }
}

impl From<CriterionFile> for Criterion {
    fn from(file: CriterionFile) -> Criterion {
        Criterion {
            inputs: file.when.inputs().into(),
            id: file.id.into(),
            when: file.when,
            met: file.met,
            not_met: file.not_met,
            unknown: file.unknown,
        }
    }
}
