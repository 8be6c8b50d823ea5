//! The provenance report of the aid rules (`guichet rules report`, `/admin/aides`): per aid, its
//! versions, their sources and when they were checked, with what needs attention — a version
//! without source, not checked for more than 6 months, or ending within 3 months.

use super::rules::{Aid, LegalRef};
use chrono::{Months, NaiveDate};
use serde::Serialize;
use std::fmt::Write;

/// Months after which a version's check is stale.
pub const STALE_AFTER_MONTHS: u32 = 6;
/// Months ahead in which an ending version is flagged.
pub const ENDING_WITHIN_MONTHS: u32 = 3;

/// One version as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionReport {
    pub label: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub announced: bool,
    pub sources: Vec<LegalRef>,
    pub last_checked: NaiveDate,
    /// Not checked for more than [`STALE_AFTER_MONTHS`] months on the report's date.
    pub stale: bool,
    /// Ends between the report's date and [`ENDING_WITHIN_MONTHS`] months later.
    pub ending_soon: bool,
}

impl VersionReport {
    /// Whether the version has no source at all.
    pub fn without_source(&self) -> bool {
        self.sources.is_empty()
    }

    /// Whether anything needs attention.
    pub fn needs_attention(&self) -> bool {
        self.without_source() || self.stale || self.ending_soon
    }
}

/// One aid as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AidReport {
    pub code: String,
    pub name: String,
    pub versions: Vec<VersionReport>,
}

/// The report of every aid on a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RulesReport {
    pub on: NaiveDate,
    pub aids: Vec<AidReport>,
}

impl RulesReport {
    /// Builds the report of `aids` on `on`.
    pub fn new<'a>(aids: impl IntoIterator<Item = &'a Aid>, on: NaiveDate) -> RulesReport {
        let stale_before = on.checked_sub_months(Months::new(STALE_AFTER_MONTHS));
        let ending_by = on.checked_add_months(Months::new(ENDING_WITHIN_MONTHS));
        let aids = aids
            .into_iter()
            .map(|aid| AidReport {
                code: aid.code.clone(),
                name: aid.name.clone(),
                versions: aid
                    .versions
                    .iter()
                    .map(|v| VersionReport {
                        label: v.label.to_string(),
                        from: v.from,
                        to: v.to,
                        announced: v.announced.is_some(),
                        sources: v.legal_refs.to_vec(),
                        last_checked: v.last_checked,
                        stale: stale_before.is_some_and(|limit| v.last_checked < limit),
                        ending_soon: v
                            .to
                            .is_some_and(|to| on <= to && ending_by.is_none_or(|by| to <= by)),
                    })
                    .collect(),
            })
            .collect();
        RulesReport { on, aids }
    }

    /// The versions that need attention, as (aid code, version).
    pub fn attention(&self) -> impl Iterator<Item = (&str, &VersionReport)> {
        self.aids.iter().flat_map(|a| {
            a.versions
                .iter()
                .filter(|v| v.needs_attention())
                .map(move |v| (a.code.as_str(), v))
        })
    }

    /// The report as French plain text, one block per aid, then a summary.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Règles des aides au {} ({} aides)",
            self.on,
            self.aids.len()
        );
        for aid in &self.aids {
            let _ = writeln!(out, "\n{} — {}", aid.code, aid.name);
            for v in &aid.versions {
                let to = v.to.map_or("(sans fin)".to_string(), |d| d.to_string());
                let mut flags = Vec::new();
                if v.announced {
                    flags.push("annoncée".to_string());
                }
                if v.without_source() {
                    flags.push("SANS SOURCE".to_string());
                }
                if v.stale {
                    flags.push(format!("vérifiée il y a plus de {STALE_AFTER_MONTHS} mois"));
                }
                if v.ending_soon {
                    flags.push(format!("finit dans moins de {ENDING_WITHIN_MONTHS} mois"));
                }
                let flags = if flags.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", flags.join(", "))
                };
                let _ = writeln!(
                    out,
                    "  {} : du {} au {to}, vérifiée le {}{flags}",
                    v.label, v.from, v.last_checked
                );
                for s in &v.sources {
                    let _ = writeln!(out, "    - {} <{}>", s.title, s.url);
                }
            }
        }
        let attention: Vec<_> = self.attention().collect();
        let _ = writeln!(out, "\nÀ revoir : {} version(s)", attention.len());
        for (code, v) in attention {
            let _ = writeln!(out, "  {code} · {}", v.label);
        }
        out
    }
}
