//! The back-office inboxes: tabs, filters, sort and the keyset cursor, parsed from the query
//! string (unknown values are ignored, never an error: a filter link must not break).

use chrono::NaiveDateTime;

use crate::domain::profession::slug_enum;
use crate::domain::request::{Priority, RequestKind, RequestState};
use crate::domain::territory::normalize_search;

/// Rows per page.
pub const PAGE_SIZE: i64 = 50;

slug_enum! {
    /// A tab of the référent's inbox.
    pub enum Tab, "Onglet inconnu" {
        AQualifier => ("a-qualifier", "À qualifier"),
        EnCours => ("en-cours", "En cours"),
        EnAttente => ("en-attente", "En attente du professionnel"),
        EnRetard => ("en-retard", "En retard"),
        Traitees => ("traitees", "Traitées"),
    }
}

impl Tab {
    /// The request states of the tab (every open state for "en retard").
    pub fn states(self) -> &'static [RequestState] {
        use RequestState as R;
        match self {
            Tab::AQualifier => &[R::Deposee, R::EnQualification],
            Tab::EnCours => &[R::Orientee],
            Tab::EnAttente => &[R::EnAttenteProfessionnel],
            Tab::EnRetard => &[
                R::Deposee,
                R::EnQualification,
                R::Orientee,
                R::EnAttenteProfessionnel,
            ],
            Tab::Traitees => &[R::Traitee, R::Cloturee],
        }
    }
}

/// Most urgent deadline first, or most recent submission first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Deadline,
    Date,
}

/// The last row of the previous page: its sort key and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub key: NaiveDateTime,
    pub id: String,
}

const CURSOR_FORMAT: &str = "%Y%m%dT%H%M%S%.6f";

impl Cursor {
    pub fn encode(&self) -> String {
        format!("{}_{}", self.key.format(CURSOR_FORMAT), self.id)
    }

    pub fn decode(raw: &str) -> Option<Cursor> {
        let (key, id) = raw.split_once('_')?;
        let key = NaiveDateTime::parse_from_str(key, CURSOR_FORMAT).ok()?;
        let id_ok = !id.is_empty() && id.len() <= 64;
        id_ok.then(|| Cursor {
            key,
            id: id.to_string(),
        })
    }
}

/// The query string of an inbox, as typed.
#[derive(Debug, Default, Clone, serde::Deserialize, serde::Serialize)]
pub struct RawInboxQuery {
    #[serde(default)]
    pub onglet: String,
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub type_demande: String,
    #[serde(default)]
    pub departement: String,
    #[serde(default)]
    pub priorite: String,
    #[serde(default)]
    pub tri: String,
    #[serde(default)]
    pub apres: String,
}

/// A parsed inbox view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxQuery {
    pub tab: Tab,
    /// Normalised search words (lower-case, no accents); `None` when empty.
    pub search: Option<String>,
    pub kind: Option<RequestKind>,
    /// One of the viewer's départements, or all of them.
    pub departements: Vec<String>,
    pub priority: Option<Priority>,
    pub sort: Sort,
    pub after: Option<Cursor>,
}

impl InboxQuery {
    /// Parses `raw` within the viewer's départements (`scope`).
    pub fn parse(raw: &RawInboxQuery, scope: &[String]) -> InboxQuery {
        let search = normalize_search(&raw.q);
        let departements = match scope.iter().find(|d| **d == raw.departement) {
            Some(one) => vec![one.clone()],
            None => scope.to_vec(),
        };
        InboxQuery {
            tab: raw.onglet.parse().unwrap_or(Tab::AQualifier),
            search: (!search.is_empty()).then_some(search),
            kind: RequestKind::from_slug(&raw.type_demande),
            departements,
            priority: raw.priorite.parse().ok(),
            sort: if raw.tri == "date" {
                Sort::Date
            } else {
                Sort::Deadline
            },
            after: Cursor::decode(&raw.apres),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> Vec<String> {
        vec!["13".to_string(), "84".to_string()]
    }

    #[test]
    fn defaults_to_the_tab_to_qualify_over_every_departement() {
        let q = InboxQuery::parse(&RawInboxQuery::default(), &scope());
        assert_eq!(q.tab, Tab::AQualifier);
        assert_eq!(q.departements, scope());
        assert_eq!(q.search, None);
        assert_eq!(q.sort, Sort::Deadline);
    }

    #[test]
    fn a_departement_outside_scope_is_ignored() {
        let raw = RawInboxQuery {
            departement: "06".into(),
            ..RawInboxQuery::default()
        };
        assert_eq!(InboxQuery::parse(&raw, &scope()).departements, scope());
        let raw = RawInboxQuery {
            departement: "84".into(),
            ..RawInboxQuery::default()
        };
        assert_eq!(InboxQuery::parse(&raw, &scope()).departements, ["84"]);
    }

    #[test]
    fn search_is_normalised() {
        let raw = RawInboxQuery {
            q: "  HÉLOÏSE ".into(),
            ..RawInboxQuery::default()
        };
        assert_eq!(
            InboxQuery::parse(&raw, &scope()).search.as_deref(),
            Some("heloise")
        );
    }

    #[test]
    fn cursor_round_trips_and_rejects_garbage() {
        let key = chrono::NaiveDate::from_ymd_opt(2026, 3, 4)
            .and_then(|d| d.and_hms_micro_opt(5, 6, 7, 890))
            .unwrap_or_default();
        let cursor = Cursor {
            key,
            id: "0190-abc".into(),
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        assert_eq!(Cursor::decode("nimporte"), None);
        assert_eq!(Cursor::decode("20260304T050607.000890_"), None);
    }
}
