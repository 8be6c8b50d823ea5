//! The pure engine: profile + date → per aid: status, version used, every criterion with its
//! three-valued result and French explanation, amount, commitments and missing inputs.

use super::catalogue::Catalogue;
use super::profile::{Input, Profile};
use super::rules::{Aid, AmountResult, InstitutionKind, LegalRef, Version};
use super::shared::Shared;
use super::template::ProfileValues;
use crate::domain::french;
use crate::domain::zone::Tri;
use chrono::NaiveDate;
use serde::Serialize;

/// The status of an aid for a profile on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AidStatus {
    Eligible,
    Ineligible,
    NeedsInfo,
    /// Adopted but not applicable yet (implementing text awaited, or a later start): shown
    /// with what is known, never eligible.
    Announced,
    Closed,
}

impl AidStatus {
    /// The French badge text.
    pub fn label(self) -> &'static str {
        match self {
            AidStatus::Eligible => "Éligible",
            AidStatus::Ineligible => "Non éligible",
            AidStatus::NeedsInfo => "Informations manquantes",
            AidStatus::Announced => "Annoncé, pas encore applicable",
            AidStatus::Closed => "Dispositif fermé",
        }
    }
}

/// Which version was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionRef {
    pub label: Shared<str>,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

/// One criterion as evaluated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionResult {
    pub id: Shared<str>,
    pub result: Tri,
    /// The inputs this criterion looks at.
    pub inputs: Shared<[Input]>,
    /// When unknown: the inputs that would decide it.
    pub missing: Vec<Input>,
    pub explanation: String,
}

/// Why an aid is closed on the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Closure {
    /// The first version starts later.
    NotYetInForce { from: NaiveDate },
    /// The last version ended (its last day).
    Ended { last_day: NaiveDate },
    /// Between two versions.
    BetweenVersions { next_from: NaiveDate },
}

/// The aid that replaced a closed one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuccessorRef {
    pub code: String,
    pub name: String,
}

/// The answer for one aid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AidResult {
    pub code: String,
    pub name: String,
    pub status: AidStatus,
    /// One French sentence explaining the status.
    pub summary: String,
    pub version: Option<VersionRef>,
    pub criteria: Vec<CriterionResult>,
    pub amount: Option<AmountResult>,
    pub commitments: Shared<[String]>,
    pub instructed_by: Shared<[InstitutionKind]>,
    /// Inputs that would decide the unknown criteria, without duplicates.
    pub missing: Vec<Input>,
    /// Set when the aid ended and names a successor.
    pub successor: Option<SuccessorRef>,
    pub closure: Option<Closure>,
    pub legal_refs: Shared<[LegalRef]>,
    pub last_checked: Option<NaiveDate>,
}

/// Evaluates every aid of the catalogue, in catalogue order.
pub fn evaluate(catalogue: &Catalogue, profile: &Profile, on: NaiveDate) -> Vec<AidResult> {
    let values = ProfileValues::new(profile);
    catalogue
        .aids()
        .iter()
        .map(|aid| evaluate_with(catalogue, aid, &values, on))
        .collect()
}

/// Evaluates one aid (the catalogue is used to name a successor).
pub fn evaluate_one(
    catalogue: &Catalogue,
    aid: &Aid,
    profile: &Profile,
    on: NaiveDate,
) -> AidResult {
    evaluate_with(catalogue, aid, &ProfileValues::new(profile), on)
}

fn evaluate_with(
    catalogue: &Catalogue,
    aid: &Aid,
    values: &ProfileValues<'_>,
    on: NaiveDate,
) -> AidResult {
    if let Some(version) = aid.announced_on(on) {
        return announced(aid, version, values, on);
    }
    match aid.version_on(on) {
        Some(version) => evaluate_version(aid, version, values, on),
        None => closed(catalogue, aid, on),
    }
}

/// A version adopted but not applicable on `on`: what is known, when it is expected, and how the
/// profile would fare on the known criteria.
fn announced(aid: &Aid, version: &Version, values: &ProfileValues<'_>, on: NaiveDate) -> AidResult {
    let mut result = evaluate_version(aid, version, values, on);
    let when = match &version.announced {
        Some(note) => format!("Annoncé, pas encore applicable : {note}"),
        None => format!(
            "Adopté, s'applique à partir du {}.",
            french::date(version.from)
        ),
    };
    let outlook = match result.status {
        AidStatus::Eligible => "D'après ce qui est connu, vous en rempliriez les critères.",
        AidStatus::Ineligible => {
            "D'après ce qui est connu, un critère au moins ne serait pas rempli."
        }
        _ => "D'après ce qui est connu, des informations manquent pour se prononcer.",
    };
    result.summary = format!("{when} {outlook}");
    result.status = AidStatus::Announced;
    result
}

/// The inputs that matter for these aids on `on` (criteria and amounts of the versions in force),
/// in the canonical order of [`Input::ALL`]: the questions a simulator form should ask.
pub fn inputs_that_matter<'a, I>(aids: I, on: NaiveDate) -> Vec<Input>
where
    I: IntoIterator<Item = &'a Aid>,
{
    let mut used: Vec<Input> = Vec::new();
    for version in aids.into_iter().filter_map(|a| a.version_on(on)) {
        used.extend(version.inputs());
    }
    Input::ALL
        .iter()
        .copied()
        .filter(|i| used.contains(i))
        .collect()
}

fn version_ref(v: &Version) -> VersionRef {
    VersionRef {
        label: v.label.clone(),
        from: v.from,
        to: v.to,
    }
}

fn evaluate_version(
    aid: &Aid,
    version: &Version,
    values: &ProfileValues<'_>,
    on: NaiveDate,
) -> AidResult {
    let profile = values.profile();
    let mut missing: Vec<Input> = Vec::new();
    let mut criteria: Vec<CriterionResult> = Vec::with_capacity(version.criteria.len());
    for c in &version.criteria {
        let outcome = c.when.evaluate(profile, on);
        let explanation = match (outcome.result, &c.unknown) {
            (Tri::Met, _) => c.met.render(values),
            (Tri::NotMet, _) => c.not_met.render(values),
            (Tri::Unknown, Some(t)) => t.render(values),
            (Tri::Unknown, None) => format!(
                "À préciser : {}.",
                french::join(
                    outcome.missing.iter().map(|i| i.label().to_lowercase()),
                    "et"
                )
            ),
        };
        for input in &outcome.missing {
            if !missing.contains(input) {
                missing.push(*input);
            }
        }
        let other_profession = outcome.result == Tri::NotMet && c.reads_only_profession();
        criteria.push(CriterionResult {
            id: c.id.clone(),
            result: outcome.result,
            inputs: c.inputs.clone(),
            missing: outcome.missing,
            explanation,
        });
        if other_profession {
            // An aid of another profession: its other conditions do not concern this person
            // (a nurse's zone compared with a doctor's would only confuse).
            return other_profession_result(aid, version, criteria);
        }
    }
    let results = criteria.iter().map(|c| c.result);
    let (status, summary) = match Tri::all(results) {
        Tri::Met => (
            AidStatus::Eligible,
            "Vous remplissez tous les critères de la version en vigueur.".to_string(),
        ),
        Tri::NotMet => {
            let failed = criteria.iter().filter(|c| c.result == Tri::NotMet).count();
            let text = if failed == 1 {
                "Non éligible : un critère n'est pas rempli.".to_string()
            } else {
                format!("Non éligible : {failed} critères ne sont pas remplis.")
            };
            (AidStatus::Ineligible, text)
        }
        Tri::Unknown => {
            let labels = missing.iter().map(|i| i.label().to_lowercase());
            let text = format!("Informations manquantes : {}.", french::join(labels, "et"));
            (AidStatus::NeedsInfo, text)
        }
    };
    if status != AidStatus::NeedsInfo {
        missing.clear();
    }
    AidResult {
        amount: Some(version.amount.evaluate(profile)),
        commitments: version.commitments.clone(),
        missing,
        legal_refs: version.legal_refs.clone(),
        ..version_result(aid, version, status, summary, criteria)
    }
}

/// The answer of a version in force, without amount, commitments, questions or sources.
fn version_result(
    aid: &Aid,
    version: &Version,
    status: AidStatus,
    summary: String,
    criteria: Vec<CriterionResult>,
) -> AidResult {
    AidResult {
        code: aid.code.clone(),
        name: aid.name.clone(),
        status,
        summary,
        version: Some(version_ref(version)),
        criteria,
        amount: None,
        commitments: Shared::default(),
        instructed_by: aid.instructed_by.clone(),
        missing: Vec::new(),
        successor: None,
        closure: None,
        legal_refs: Shared::default(),
        last_checked: Some(version.last_checked),
    }
}

/// The answer for an aid reserved to other professions: the profession criterion only, without
/// an amount computed for someone it does not concern nor its sources (its page has them).
fn other_profession_result(
    aid: &Aid,
    version: &Version,
    criteria: Vec<CriterionResult>,
) -> AidResult {
    let summary = OTHER_PROFESSION.to_string();
    version_result(aid, version, AidStatus::Ineligible, summary, criteria)
}

/// Summary of an aid reserved to other professions.
pub const OTHER_PROFESSION: &str =
    "Non éligible : ce dispositif est réservé à une autre profession ; ses autres conditions ne vous concernent pas.";

fn closed(catalogue: &Catalogue, aid: &Aid, on: NaiveDate) -> AidResult {
    let previous = aid.last_version_before(on);
    let next = aid.versions.iter().find(|v| v.from > on);
    let mut successor = None;
    let (closure, summary) = match (previous, next) {
        (None, next) => {
            let from = next.map_or(on, |v| v.from);
            let text = format!(
                "Dispositif pas encore en vigueur à cette date : il s'applique à partir du {}.",
                french::date(from)
            );
            (Closure::NotYetInForce { from }, text)
        }
        (Some(_), Some(next)) => {
            let text = format!(
                "Aucune version en vigueur à cette date ; la suivante s'applique à partir du {}.",
                french::date(next.from)
            );
            (
                Closure::BetweenVersions {
                    next_from: next.from,
                },
                text,
            )
        }
        (Some(last), None) => {
            let last_day = last.to.unwrap_or(on);
            let since = last_day.succ_opt().unwrap_or(last_day);
            let mut text = format!("Dispositif fermé depuis le {}", french::date(since));
            if let Some(code) = &aid.successor {
                let name = catalogue.get(code).map_or(code.clone(), |s| s.name.clone());
                let named = if name.contains(code.as_str()) {
                    name.clone()
                } else {
                    format!("{name} ({code})")
                };
                text.push_str(&format!(" ; remplacé par {named}."));
                successor = Some(SuccessorRef {
                    code: code.clone(),
                    name,
                });
            } else {
                text.push('.');
            }
            if let Some(note) = &aid.closed_note {
                text.push(' ');
                text.push_str(note);
            }
            (Closure::Ended { last_day }, text)
        }
    };
    let nearest = previous.or(next);
    AidResult {
        code: aid.code.clone(),
        name: aid.name.clone(),
        status: AidStatus::Closed,
        summary,
        version: None,
        criteria: Vec::new(),
        amount: None,
        commitments: Shared::default(),
        instructed_by: aid.instructed_by.clone(),
        missing: Vec::new(),
        successor,
        closure: Some(closure),
        legal_refs: nearest.map(|v| v.legal_refs.clone()).unwrap_or_default(),
        last_checked: nearest.map(|v| v.last_checked),
    }
}
