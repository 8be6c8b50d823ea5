//! Routing: which institutions a request fans out to (domain.md §3 and §6).
//!
//! The rules are data, `config/routing.toml`: request kind (and aid code, for aid applications)
//! → list of [`Destination`]s. [`resolve`] turns them into actual institutions for the
//! territory of the planned practice:
//!
//! - **scope**: département-scoped kinds (ARS DD, CPAM, Ordre, Conseil départemental) must have
//!   the département's code; région-scoped kinds (ARS siège, URPS, Urssaf, Région, Université,
//!   CHU) the région's code, preferring one attached to the département, then one covering the
//!   whole région; the CNG is national;
//! - **profession**: Ordres and URPS must be those of the professional's profession; when a
//!   profession has no departmental Ordre in the département, a regional Ordre of that
//!   profession (no département code, same région) is accepted (pharmaciens, pédicures-podologues);
//! - **alternatives**: a destination `a|b` (e.g. `region|conseil_departemental` for the
//!   investment grants of MSP and centres de santé) takes the first kind that has a matching
//!   institution, so the Région is preferred and the Conseil départemental is the fallback;
//! - **missing**: a destination without any matching institution gives
//!   [`Route::Missing`] with its first kind: the referral goes to the guichet, flagged
//!   "institution manquante";
//! - **not reachable yet**: an institution without contact mailbox ("à compléter") gives
//!   [`Route::Missing`] of its kind until its région's admins complete it;
//! - **régions of one département** (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte): the
//!   ARS has no délégation départementale, its siège takes the `ars_dd` referrals;
//! - **one referral per institution**: routes are deduplicated (keeping the first), e.g. when the
//!   référent institution is also listed; several `Missing` of the same kind collapse too;
//! - **ties** (two matching institutions of the same kind, a data error) go to the smallest id,
//!   so that routing is deterministic.

mod overrides;
mod table;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::institution::{InstitutionKind, Scope};
use crate::domain::profession::Profession;
use crate::domain::request::RequestKind;

pub use overrides::{
    decode, effective_entries, encode, resolve_with_overrides, Entry, Override, RuleKey,
};
pub use table::{DEFAULT_AID, REFERENT};

/// One entry of a routing list: the first of `alternatives` that exists for the territory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Destination {
    /// Never empty.
    pub alternatives: Vec<InstitutionKind>,
}

/// A refused routing file, with the line of the problem when there is one (French message).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", line.map(|l| format!("ligne {l} : ")).unwrap_or_default())]
pub struct RoutingError {
    pub line: Option<usize>,
    pub message: String,
}

/// The routing rules of a region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingTable {
    /// Where the rules come from.
    pub source: String,
    /// When someone last checked them against their source.
    pub last_checked: NaiveDate,
    referent: InstitutionKind,
    kinds: BTreeMap<RequestKind, Vec<Destination>>,
    aids: BTreeMap<String, Vec<Destination>>,
    default_aid: Vec<Destination>,
}

impl RoutingTable {
    /// Parses and checks a routing file: every request kind but `aide` listed in `[kinds]`,
    /// `[aids]` with a `default` list, known institution kinds, no empty list.
    pub fn from_toml(text: &str) -> Result<RoutingTable, RoutingError> {
        table::parse(text)
    }

    /// The kind of the guichet's référent institution (`ars_dd` by default).
    pub fn referent(&self) -> InstitutionKind {
        self.referent
    }

    /// The destinations of a request; for aid applications, those of `aid_code`
    /// (case-insensitive) or the default list.
    pub fn destinations(&self, kind: RequestKind, aid_code: Option<&str>) -> &[Destination] {
        if kind == RequestKind::AidApplication {
            let listed = aid_code.and_then(|code| {
                self.aids
                    .iter()
                    .find(|(c, _)| c.eq_ignore_ascii_case(code.trim()))
                    .map(|(_, d)| d)
            });
            return listed.unwrap_or(&self.default_aid);
        }
        self.kinds.get(&kind).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The destinations of one list of the file.
    pub fn destinations_of(&self, rule: &RuleKey) -> &[Destination] {
        match rule {
            RuleKey::Kind(kind) => self.destinations(*kind, None),
            RuleKey::Aid(code) if code == DEFAULT_AID => &self.default_aid,
            RuleKey::Aid(code) => self.aids.get(code).map(Vec::as_slice).unwrap_or(&[]),
        }
    }

    /// Every list of the file: the request kinds, then the aids (`default` first).
    pub fn rules(&self) -> Vec<RuleKey> {
        let kinds = RequestKind::ALL
            .into_iter()
            .filter(|k| *k != RequestKind::AidApplication)
            .map(RuleKey::Kind);
        let aids = std::iter::once(DEFAULT_AID)
            .chain(self.aid_codes())
            .map(|c| RuleKey::Aid(c.to_string()));
        kinds.chain(aids).collect()
    }

    /// The aid codes with their own list.
    pub fn aid_codes(&self) -> impl Iterator<Item = &str> {
        self.aids.keys().map(String::as_str)
    }

    /// Checks that every listed aid code exists in the catalogue (to call at startup).
    pub fn check_aid_codes(&self, catalogue: &[&str]) -> Result<(), RoutingError> {
        match self.aid_codes().find(|c| !catalogue.contains(c)) {
            None => Ok(()),
            Some(code) => Err(RoutingError {
                line: None,
                message: format!("[aids] : l'aide « {code} » n'existe pas dans le catalogue"),
            }),
        }
    }
}

/// An institution of the directory, as routing needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstitutionRef {
    pub id: String,
    pub kind: InstitutionKind,
    /// INSEE code of the région (every institution has one, even national ones: their seat's).
    pub region_code: String,
    /// INSEE code of the département, for departmental institutions.
    pub departement_code: Option<String>,
    /// The profession of an Ordre or a URPS.
    pub profession: Option<Profession>,
    /// False while it has no contact mailbox ("à compléter"): its referrals go to the guichet,
    /// flagged "institution manquante", until its région's admins complete it.
    #[serde(default = "reachable_by_default")]
    pub reachable: bool,
}

fn reachable_by_default() -> bool {
    true
}

/// Where a referral to this institution goes: to it, or to the guichet ("institution
/// manquante") while it cannot be reached.
fn route_to(i: &InstitutionRef) -> Route {
    if i.reachable {
        Route::Institution {
            id: i.id.clone(),
            kind: i.kind,
        }
    } else {
        Route::Missing { kind: i.kind }
    }
}

/// Where one referral of a request goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "route", rename_all = "snake_case")]
pub enum Route {
    Institution {
        id: String,
        kind: InstitutionKind,
    },
    /// No institution of this kind for the territory: the guichet handles the referral, flagged
    /// "institution manquante".
    Missing {
        kind: InstitutionKind,
    },
}

impl Route {
    /// The institution kind of the referral.
    pub fn kind(&self) -> InstitutionKind {
        match self {
            Route::Institution { kind, .. } | Route::Missing { kind } => *kind,
        }
    }

    /// True for an "institution manquante" referral.
    pub fn is_missing(&self) -> bool {
        matches!(self, Route::Missing { .. })
    }
}

fn same_code(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The institution of `kind` for the territory and profession (see the module documentation).
fn find<'a>(
    kind: InstitutionKind,
    departement: &str,
    region: &str,
    profession: Profession,
    institutions: &'a [InstitutionRef],
) -> Option<&'a InstitutionRef> {
    let mut candidates: Vec<&InstitutionRef> = institutions
        .iter()
        .filter(|i| i.kind == kind)
        .filter(|i| !kind.is_per_profession() || i.profession == Some(profession))
        .collect();
    candidates.sort_by(|a, b| a.id.cmp(&b.id));
    let first =
        |wanted: &dyn Fn(&InstitutionRef) -> bool| candidates.iter().copied().find(|i| wanted(i));
    let in_dep = |i: &InstitutionRef| {
        i.departement_code
            .as_deref()
            .is_some_and(|d| same_code(d, departement))
    };
    let in_region = |i: &InstitutionRef| same_code(&i.region_code, region);
    let region_wide = |i: &InstitutionRef| in_region(i) && i.departement_code.is_none();
    let found = match kind.scope() {
        Scope::National => first(&|_| true),
        Scope::Departement if kind == InstitutionKind::Ordre => {
            first(&in_dep).or_else(|| first(&region_wide))
        }
        Scope::Departement => first(&in_dep),
        Scope::Region => first(&|i| in_region(i) && in_dep(i))
            .or_else(|| first(&region_wide))
            .or_else(|| first(&in_region)),
    };
    // In the régions of one département (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte)
    // the ARS has no délégation départementale: its siège acts for the département.
    let without_delegations = || {
        !institutions
            .iter()
            .any(|i| i.kind == InstitutionKind::ArsDd && in_region(i))
    };
    found.or_else(|| {
        if kind == InstitutionKind::ArsDd && without_delegations() {
            find(
                InstitutionKind::ArsSiege,
                departement,
                region,
                profession,
                institutions,
            )
        } else {
            None
        }
    })
}

/// The referrals of a request: one [`Route`] per destination of the table, deduplicated, in
/// the table's order. `departement` and `region` are those of the planned practice (for a
/// question without commune, the professional's own).
pub fn resolve(
    table: &RoutingTable,
    kind: RequestKind,
    aid_code: Option<&str>,
    departement: &str,
    region: &str,
    profession: Profession,
    institutions: &[InstitutionRef],
) -> Vec<Route> {
    let mut routes: Vec<Route> = Vec::new();
    for destination in table.destinations(kind, aid_code) {
        let found = destination
            .alternatives
            .iter()
            .find_map(|k| find(*k, departement, region, profession, institutions).map(route_to));
        let route = match (found, destination.alternatives.first()) {
            (Some(route), _) => route,
            (None, Some(kind)) => Route::Missing { kind: *kind },
            (None, None) => continue,
        };
        if !routes.contains(&route) {
            routes.push(route);
        }
    }
    routes
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod table_tests;

#[cfg(test)]
#[path = "reachability_tests.rs"]
mod reachability_tests;
