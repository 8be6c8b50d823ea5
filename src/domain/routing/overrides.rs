//! Overrides of the routing file by the admins of a région (issue 6, administration).
//!
//! An override replaces, for one département and one [`RuleKey`] (a list of
//! `config/routing.toml`), the list of institutions a request fans out to. Its [`Entry`]s are
//! either a concrete institution of the directory, or institution kinds resolved as the file's
//! destinations are (needed for Ordres and URPS, which depend on the professional's
//! profession, and for kinds missing from the directory). Without an override, the file's rule
//! applies: [`resolve_with_overrides`] is [`resolve`] whenever no override matches.

use serde::Serialize;

use super::{
    find, resolve, route_to, Destination, InstitutionRef, Route, RoutingTable, DEFAULT_AID,
};
use crate::domain::institution::InstitutionKind;
use crate::domain::profession::Profession;
use crate::domain::request::RequestKind;

/// Prefix of the aid rules in [`RuleKey::slug`].
const AID_PREFIX: &str = "aide:";

/// One list of the routing file: a request kind (aid applications excepted), or an aid code
/// of `[aids]` (`default` for the aids not listed).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleKey {
    Kind(RequestKind),
    Aid(String),
}

impl RuleKey {
    /// The stable name stored in the database and used in URLs: `msp`, `aide:CESP`, `aide:default`.
    pub fn slug(&self) -> String {
        match self {
            RuleKey::Kind(kind) => kind.slug().to_string(),
            RuleKey::Aid(code) => format!("{AID_PREFIX}{code}"),
        }
    }

    /// The rule of `slug`, if the table has it.
    pub fn parse(table: &RoutingTable, slug: &str) -> Option<RuleKey> {
        table.rules().into_iter().find(|r| r.slug() == slug)
    }

    /// The French label of the rule.
    pub fn label(&self) -> String {
        match self {
            RuleKey::Kind(kind) => kind.label().to_string(),
            RuleKey::Aid(code) if code == DEFAULT_AID => {
                "Demande d'aide (aides sans règle propre)".to_string()
            }
            RuleKey::Aid(code) => format!("Demande d'aide {code}"),
        }
    }

    /// The rule a request of `kind` (and `aid_code`) is routed by.
    pub fn of_request(table: &RoutingTable, kind: RequestKind, aid_code: Option<&str>) -> RuleKey {
        if kind != RequestKind::AidApplication {
            return RuleKey::Kind(kind);
        }
        let listed = aid_code.and_then(|code| {
            table
                .aid_codes()
                .find(|c| c.eq_ignore_ascii_case(code.trim()))
        });
        RuleKey::Aid(listed.unwrap_or(DEFAULT_AID).to_string())
    }
}

/// One entry of an overridden list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Entry {
    /// This institution of the directory.
    Institution(String),
    /// The first of these kinds that exists for the territory (and the profession).
    Kinds(Destination),
}

impl Entry {
    /// `institution:<id>` or `type:<kind>[|<kind>…]`.
    pub fn token(&self) -> String {
        match self {
            Entry::Institution(id) => format!("institution:{id}"),
            Entry::Kinds(d) => {
                let kinds: Vec<&str> = d.alternatives.iter().map(|k| k.slug()).collect();
                format!("type:{}", kinds.join("|"))
            }
        }
    }

    /// Reads a token written by [`Entry::token`].
    pub fn parse(token: &str) -> Option<Entry> {
        if let Some(id) = token.strip_prefix("institution:") {
            let ok = !id.is_empty() && !id.contains(char::is_whitespace);
            return ok.then(|| Entry::Institution(id.to_string()));
        }
        let kinds = token.strip_prefix("type:")?;
        let alternatives = kinds
            .split('|')
            .map(|k| k.parse::<InstitutionKind>().ok())
            .collect::<Option<Vec<_>>>()?;
        (!alternatives.is_empty()).then_some(Entry::Kinds(Destination { alternatives }))
    }
}

/// The entries of an override as stored: tokens separated by spaces.
pub fn encode(entries: &[Entry]) -> String {
    entries
        .iter()
        .map(Entry::token)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads stored entries; `None` if a token is unreadable.
pub fn decode(text: &str) -> Option<Vec<Entry>> {
    text.split_whitespace().map(Entry::parse).collect()
}

/// The list of institutions of one rule in one département, as set by an admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub departement: String,
    pub rule: RuleKey,
    pub entries: Vec<Entry>,
}

fn find_override<'a>(
    overrides: &'a [Override],
    rule: &RuleKey,
    departement: &str,
) -> Option<&'a Override> {
    overrides
        .iter()
        .find(|o| &o.rule == rule && o.departement.eq_ignore_ascii_case(departement.trim()))
}

/// The entries in force for a rule in a département: the override's, or the file's rule with
/// each destination replaced by the institution it designates there. Destinations that depend on
/// the profession (Ordre, URPS) and those without an institution stay kinds.
pub fn effective_entries(
    table: &RoutingTable,
    overrides: &[Override],
    rule: &RuleKey,
    departement: &str,
    region: &str,
    institutions: &[InstitutionRef],
) -> Vec<Entry> {
    if let Some(o) = find_override(overrides, rule, departement) {
        return o.entries.clone();
    }
    let mut entries: Vec<Entry> = Vec::new();
    for destination in table.destinations_of(rule) {
        let per_profession = destination
            .alternatives
            .iter()
            .any(|k| k.is_per_profession());
        // The profession does not matter for kinds that are not per profession.
        let found = (!per_profession)
            .then(|| {
                destination
                    .alternatives
                    .iter()
                    .find_map(|k| find(*k, departement, region, Profession::Medecin, institutions))
            })
            .flatten();
        let entry = match found {
            Some(i) => Entry::Institution(i.id.clone()),
            None => Entry::Kinds(destination.clone()),
        };
        if !entries.contains(&entry) {
            entries.push(entry);
        }
    }
    entries
}

/// [`resolve`], with the région's overrides applied: when one matches the rule of the request
/// and the département, its entries replace the file's list. An overridden institution that is
/// no longer in the directory is skipped, as is an Ordre or a URPS of another profession.
#[allow(clippy::too_many_arguments)]
pub fn resolve_with_overrides(
    table: &RoutingTable,
    overrides: &[Override],
    kind: RequestKind,
    aid_code: Option<&str>,
    departement: &str,
    region: &str,
    profession: Profession,
    institutions: &[InstitutionRef],
) -> Vec<Route> {
    let rule = RuleKey::of_request(table, kind, aid_code);
    let Some(o) = find_override(overrides, &rule, departement) else {
        return resolve(
            table,
            kind,
            aid_code,
            departement,
            region,
            profession,
            institutions,
        );
    };
    let mut routes: Vec<Route> = Vec::new();
    for entry in &o.entries {
        let route = match entry {
            Entry::Institution(id) => {
                let Some(i) = institutions.iter().find(|i| &i.id == id) else {
                    continue;
                };
                if i.kind.is_per_profession() && i.profession != Some(profession) {
                    continue;
                }
                route_to(i)
            }
            Entry::Kinds(d) => {
                let found = d.alternatives.iter().find_map(|k| {
                    find(*k, departement, region, profession, institutions).map(route_to)
                });
                match (found, d.alternatives.first()) {
                    (Some(route), _) => route,
                    (None, Some(kind)) => Route::Missing { kind: *kind },
                    (None, None) => continue,
                }
            }
        };
        if !routes.contains(&route) {
            routes.push(route);
        }
    }
    routes
}

#[cfg(test)]
#[path = "overrides_tests.rs"]
mod tests;
