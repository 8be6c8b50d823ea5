//! The aid catalogue the handlers read: the national rules of `config/aides`, plus the regional
//! rules published from the browser, swapped at once when one is published or withdrawn.

use std::sync::{Arc, RwLock};

use crate::db::{self, DbConnection};
use crate::domain::eligibility::{parse_regional, with_regional, Aid, Catalogue};

pub struct LiveCatalogue {
    national: Catalogue,
    current: RwLock<Arc<Catalogue>>,
}

impl LiveCatalogue {
    pub fn new(national: Catalogue, regional: Vec<Aid>) -> LiveCatalogue {
        let current = RwLock::new(Arc::new(with_regional(&national, regional)));
        LiveCatalogue { national, current }
    }

    /// Every aid in force now: national and published regional ones.
    pub fn current(&self) -> Arc<Catalogue> {
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
        let fresh = Arc::new(with_regional(&self.national, regional));
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
