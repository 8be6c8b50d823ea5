//! The aid rules as loaded from `config/aides/<CODE>.toml`: an aid, its dated versions, their
//! criteria, amounts, commitments and legal references.

use super::commitment_rules::TrackedCommitment;
use super::criteria::Criterion;
use super::profile::{Input, NumberInput, Profile};
use super::shared::Shared;
use crate::domain::slug::slug_enum;
use crate::domain::zone::ZoneCategory;
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

slug_enum! {
    /// A kind of institution that instructs (handles) an aid application.
    pub enum InstitutionKind, "Institution inconnue" {
        Cpam => ("cpam", "CPAM (CGSS outre-mer)"),
        ArsDd => ("ars_dd", "ARS – délégation départementale"),
        ArsSiege => ("ars_siege", "ARS – siège régional"),
        Universite => ("universite", "Université (UFR)"),
        Cng => ("cng", "Centre national de gestion (CNG)"),
        Asp => ("asp", "Agence de services et de paiement (ASP)"),
        Chu => ("chu", "CHU"),
        Ordre => ("ordre", "Ordre professionnel"),
        Urps => ("urps", "URPS"),
        Urssaf => ("urssaf", "URSSAF"),
        Region => ("region", "Région"),
        Departement => ("departement", "Conseil départemental"),
    }
}

/// A legal or official source of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalRef {
    pub title: String,
    pub url: String,
}

/// A concrete amount for one zonage category.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoneAmount {
    pub zone: ZoneCategory,
    pub euros: u32,
    pub text: Shared<str>,
}

/// One step of an amount scale: applies when the input is ≥ `at_least`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmountStep {
    pub at_least: f64,
    pub euros: u32,
    pub text: Shared<str>,
}

/// An amount that depends on a numeric input (e.g. CAIM by days of activity per week).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberScale {
    pub input: NumberInput,
    pub steps: Vec<AmountStep>,
}

/// An amount that does not depend on the profile.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedAmount {
    pub euros: u32,
    pub text: Shared<str>,
}

/// The amount of a version: a French summary, optionally a fixed amount or a table to compute
/// it from the profile (`fixed`, `by_zone` and `by_number` are exclusive).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmountRule {
    pub text: Shared<str>,
    #[serde(default)]
    pub fixed: Option<FixedAmount>,
    #[serde(default)]
    pub by_zone: Vec<ZoneAmount>,
    #[serde(default)]
    pub by_number: Option<NumberScale>,
}

/// The amount as evaluated for a profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmountResult {
    /// The general French summary of the version.
    pub text: Shared<str>,
    /// The concrete amount for this profile, when the profile decides it.
    pub computed: Option<Shared<str>>,
    pub euros: Option<u32>,
}

impl AmountRule {
    /// The inputs the amount table looks at.
    pub fn inputs(&self) -> Vec<Input> {
        let mut out = Vec::new();
        if !self.by_zone.is_empty() {
            out.push(Input::Zone);
        }
        if let Some(scale) = &self.by_number {
            out.push(scale.input.input());
        }
        out
    }

    /// Computes the amount for `profile` when its inputs decide it.
    pub fn evaluate(&self, profile: &Profile) -> AmountResult {
        let fixed = self.fixed.as_ref().map(|f| (f.text.clone(), f.euros));
        let (computed, euros) = fixed
            .or_else(|| self.zone_amount(profile))
            .or_else(|| self.scale_amount(profile))
            .map_or((None, None), |(text, euros)| (Some(text), Some(euros)));
        AmountResult {
            text: self.text.clone(),
            computed,
            euros,
        }
    }

    fn zone_amount(&self, profile: &Profile) -> Option<(Shared<str>, u32)> {
        let zone = profile.zone.filter(|z| !z.is_empty())?;
        let mut found: Option<&ZoneAmount> = None;
        for category in zone.iter() {
            let entry = self.by_zone.iter().find(|a| a.zone == category)?;
            match found {
                Some(previous) if previous.euros != entry.euros => return None,
                _ => found = Some(entry),
            }
        }
        found.map(|a| (a.text.clone(), a.euros))
    }

    fn scale_amount(&self, profile: &Profile) -> Option<(Shared<str>, u32)> {
        let scale = self.by_number.as_ref()?;
        let value = scale.input.value(profile)?;
        scale
            .steps
            .iter()
            .filter(|s| value >= s.at_least)
            .max_by(|a, b| a.at_least.total_cmp(&b.at_least))
            .map(|s| (s.text.clone(), s.euros))
    }
}

/// One version of an aid, in force from `from` to `to` (both inclusive; `to` absent = open).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    /// Short French label, e.g. "v2 (décret 2013-735)".
    pub label: Shared<str>,
    #[serde(deserialize_with = "rule_date")]
    pub from: NaiveDate,
    #[serde(default, deserialize_with = "optional_rule_date")]
    pub to: Option<NaiveDate>,
    /// What this version changed, in French.
    #[serde(default)]
    pub changes: Option<String>,
    pub criteria: Vec<Criterion>,
    pub amount: AmountRule,
    #[serde(default)]
    pub commitments: Shared<[String]>,
    /// The commitments a grant of this version creates and follows, with their milestones.
    #[serde(default)]
    pub tracked_commitments: Shared<[TrackedCommitment]>,
    pub legal_refs: Shared<[LegalRef]>,
    #[serde(deserialize_with = "rule_date")]
    pub last_checked: NaiveDate,
    /// Publication date of the text that creates this version: from then until `from`, the
    /// version is shown as announced (status `announced`, never eligible).
    #[serde(default, deserialize_with = "optional_rule_date")]
    pub published_on: Option<NaiveDate>,
    /// Set when the version is adopted in a law but cannot apply yet (its implementing text is
    /// not published): French note of what is expected and when. Never eligible.
    #[serde(default)]
    pub announced: Option<String>,
}

impl Version {
    /// Whether the version is in force on `on`.
    pub fn in_force(&self, on: NaiveDate) -> bool {
        self.from <= on && self.to.is_none_or(|to| on <= to)
    }

    /// Every input the criteria and the amount look at, without duplicates.
    pub fn inputs(&self) -> Vec<Input> {
        let mut out: Vec<Input> = Vec::new();
        let all = self.criteria.iter().flat_map(|c| c.inputs.iter().copied());
        for input in all.chain(self.amount.inputs()) {
            if !out.contains(&input) {
                out.push(input);
            }
        }
        out
    }
}

/// An aid and its versions, sorted by date, never overlapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Aid {
    pub code: String,
    pub name: String,
    pub description: String,
    pub instructed_by: Shared<[InstitutionKind]>,
    /// Code of the aid that replaced this one, if any.
    pub successor: Option<String>,
    /// French note shown when the aid is closed without a successor.
    pub closed_note: Option<String>,
    pub versions: Vec<Version>,
}

impl Aid {
    /// The version in force on `on`, if any.
    pub fn version_on(&self, on: NaiveDate) -> Option<&Version> {
        self.versions.iter().find(|v| v.in_force(on))
    }

    /// The version announced on `on`: in force but waiting for its implementing text, or
    /// published and starting later while no version is in force.
    pub fn announced_on(&self, on: NaiveDate) -> Option<&Version> {
        match self.version_on(on) {
            Some(v) => v.announced.is_some().then_some(v),
            None => self
                .versions
                .iter()
                .find(|v| v.from > on)
                .filter(|v| v.published_on.is_some_and(|p| p <= on)),
        }
    }

    /// The last version that started on or before `on`.
    pub fn last_version_before(&self, on: NaiveDate) -> Option<&Version> {
        self.versions.iter().rev().find(|v| v.from <= on)
    }
}

/// Reads a date written either as a TOML date (`2020-12-25`) or a string (`"2020-12-25"`).
fn rule_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let text = match toml::Value::deserialize(d)? {
        toml::Value::String(s) => s,
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
        other => {
            return Err(serde::de::Error::custom(format!(
                "date attendue (AAAA-MM-JJ), trouvé : {other}"
            )))
        }
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|_| serde::de::Error::custom(format!("date impossible : {text} (AAAA-MM-JJ)")))
}

fn optional_rule_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    rule_date(d).map(Some)
}
