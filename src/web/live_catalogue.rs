//! The aid catalogue the handlers read: the national rules of `config/aides`, plus the regional
//! rules published from the browser, swapped at once when one is published or withdrawn.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use serde_json::value::RawValue;

use crate::db::{self, DbConnection};
use crate::domain::eligibility::{parse_regional, with_regional, Aid, Catalogue, LegalRef, Shared};

pub struct LiveCatalogue {
    national: Catalogue,
    current: RwLock<Arc<Snapshot>>,
}

/// One state of the catalogue, with what the eligibility API writes of it that does not depend
/// on the profile: the sources of each version, serialized once when the catalogue is built
/// (BENCHMARKS.md: they are a third of an answer).
pub struct Snapshot {
    pub catalogue: Arc<Catalogue>,
    /// JSON of each version's `legal_refs`, by the identity of the shared list (kept alive by
    /// `catalogue`).
    sources_json: HashMap<usize, Box<RawValue>>,
}

impl Snapshot {
    fn new(catalogue: Catalogue) -> Snapshot {
        let mut sources_json = HashMap::new();
        for version in catalogue.aids().iter().flat_map(|aid| &aid.versions) {
            let refs = &version.legal_refs;
            if let Ok(json) = serde_json::to_string(&**refs).and_then(RawValue::from_string) {
                sources_json.insert(refs.identity(), json);
            }
        }
        Snapshot {
            catalogue: Arc::new(catalogue),
            sources_json,
        }
    }

    /// The JSON of these sources when they are a version's of this catalogue.
    pub fn sources_json(&self, refs: &Shared<[LegalRef]>) -> Option<&RawValue> {
        self.sources_json.get(&refs.identity()).map(|json| &**json)
    }
}

impl LiveCatalogue {
    pub fn new(national: Catalogue, regional: Vec<Aid>) -> LiveCatalogue {
        let current = RwLock::new(Arc::new(Snapshot::new(with_regional(&national, regional))));
        LiveCatalogue { national, current }
    }

    /// Every aid in force now: national and published regional ones.
    pub fn current(&self) -> Arc<Catalogue> {
        self.snapshot().catalogue.clone()
    }

    /// The catalogue in force now with its prepared JSON.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The rules of `config/aides` only.
    pub fn national(&self) -> &Catalogue {
        &self.national
    }

    /// Rebuilds the catalogue from the published regional rules.
    pub fn reload(&self, regional: Vec<Aid>) {
        let fresh = Arc::new(Snapshot::new(with_regional(&self.national, regional)));
        match self.current.write() {
            Ok(mut guard) => *guard = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
    }
}

/// The published regional rules that still pass the checks (a rule refused after an upgrade of
/// the national catalogue is left out, with a warning in the log).
pub fn published_aids(
    conn: &mut DbConnection,
    national: &Catalogue,
) -> diesel::QueryResult<Vec<Aid>> {
    Ok(db::regional_aids::published(conn)?
        .into_iter()
        .filter_map(|rule| match parse_regional(&rule.body, &rule.region_code, national) {
            Ok(aid) => Some(aid),
            Err(e) => {
                tracing::warn!(code = %rule.code, error = %e, "règle régionale publiée refusée, ignorée");
                None
            }
        })
        .collect())
}
