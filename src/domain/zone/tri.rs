//! Three-valued answers, and "is the practice in one of these zones?" over a set of possible
//! categories.

use serde::{Deserialize, Serialize};

use super::ZoneSet;

/// A three-valued answer: a criterion is met, not met, or cannot be decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tri {
    Met,
    NotMet,
    Unknown,
}

impl Tri {
    /// Met when `b`, not met otherwise.
    pub fn from_bool(b: bool) -> Tri {
        if b {
            Tri::Met
        } else {
            Tri::NotMet
        }
    }

    /// Swaps met and not met; unknown stays unknown.
    pub fn negate(self) -> Tri {
        match self {
            Tri::Met => Tri::NotMet,
            Tri::NotMet => Tri::Met,
            Tri::Unknown => Tri::Unknown,
        }
    }

    /// Conjunction: not met if any is, else unknown if any is, else met (met when empty).
    pub fn all<I: IntoIterator<Item = Tri>>(values: I) -> Tri {
        values.into_iter().fold(Tri::Met, |acc, v| match (acc, v) {
            (Tri::NotMet, _) | (_, Tri::NotMet) => Tri::NotMet,
            (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
            _ => Tri::Met,
        })
    }

    /// Disjunction: met if any is, else unknown if any is, else not met (not met when empty).
    pub fn any<I: IntoIterator<Item = Tri>>(values: I) -> Tri {
        Tri::all(values.into_iter().map(Tri::negate)).negate()
    }
}

/// "The practice is in one of `allowed`": met when every possibility is allowed, not met when
/// none is, unknown otherwise, and unknown when no zonage is known (`None` or an empty set).
pub fn zone_in(possible: Option<ZoneSet>, allowed: ZoneSet) -> Tri {
    match possible {
        None => Tri::Unknown,
        Some(p) if p.is_empty() => Tri::Unknown,
        Some(p) if p.is_subset(allowed) => Tri::Met,
        Some(p) if p.intersection(allowed).is_empty() => Tri::NotMet,
        Some(_) => Tri::Unknown,
    }
}

/// "The practice is in none of `excluded`" (e.g. CSTM: main practice not in a ZIP).
pub fn zone_not_in(possible: Option<ZoneSet>, excluded: ZoneSet) -> Tri {
    zone_in(possible, excluded.complement())
}
