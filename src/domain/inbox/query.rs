//! The query string of an inbox: tab, filters, sort and keyset cursor. Unknown or out-of-scope
//! values are ignored, never an error: a filter link must not break.

use chrono::{NaiveDate, NaiveDateTime};

use super::Tab;
use crate::domain::request::{Priority, RequestKind};
use crate::domain::territory::normalize_search;

/// Rows per page.
pub const PAGE_SIZE: i64 = 50;

/// Tab counts stop at this number ("plus de 1 000"): counting is bounded whatever the volume.
pub const COUNT_CAP: i64 = 1_000;

/// Whose inbox: the référent's (requests of their départements) or the partner agent's
/// (referrals of their institution).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Referent,
    Partner,
}

/// Who is in charge: nobody yet, or one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    Nobody,
    User(String),
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

/// The query string of an inbox, as typed (also how the page writes its links back).
#[derive(Debug, Default, Clone, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct RawInboxQuery {
    pub onglet: String,
    pub q: String,
    pub type_demande: String,
    pub aide: String,
    pub departement: String,
    pub commune: String,
    pub priorite: String,
    /// A person's id, or `aucun` for nobody in charge.
    pub responsable: String,
    pub etat: String,
    /// Submitted (référent) or transmitted (partner) on or after this day, `AAAA-MM-JJ`.
    pub du: String,
    /// … and on or before this day.
    pub au: String,
    pub tri: String,
    pub apres: String,
    /// `echue`: only requests whose next action (coordination avancée) is due (référents).
    pub prochaine_action: String,
}

/// A parsed inbox view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxQuery {
    pub audience: Audience,
    pub tab: Tab,
    /// Normalised search words (lower-case, no accents); `None` when empty.
    pub search: Option<String>,
    pub kind: Option<RequestKind>,
    pub aid: Option<String>,
    /// One of the viewer's départements, or all of them (the partner: empty, any).
    pub departements: Vec<String>,
    /// An INSEE code.
    pub commune: Option<String>,
    pub priority: Option<Priority>,
    pub owner: Option<Owner>,
    /// A state slug (of the request, or of the referral for a partner) within the tab.
    pub state: Option<&'static str>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub sort: Sort,
    pub after: Option<Cursor>,
    /// Only the requests whose next action is due today or earlier (référents only).
    pub next_action_due: bool,
}

fn code(raw: &str, max: usize) -> Option<String> {
    let raw = raw.trim();
    let ok = !raw.is_empty()
        && raw.len() <= max
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    ok.then(|| raw.to_string())
}

fn day(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok()
}

impl InboxQuery {
    /// Parses `raw` for `audience`, within the viewer's départements (`scope`; empty for a
    /// partner, whose scope is the institution).
    pub fn parse(raw: &RawInboxQuery, audience: Audience, scope: &[String]) -> InboxQuery {
        let search = normalize_search(&raw.q);
        let departements = match scope.iter().find(|d| **d == raw.departement) {
            Some(one) => vec![one.clone()],
            None if audience == Audience::Partner => code(&raw.departement, 3)
                .map(|d| vec![d])
                .unwrap_or_default(),
            None => scope.to_vec(),
        };
        let tab = Tab::parse_for(&raw.onglet, audience).unwrap_or(Tab::AQualifier);
        let state = match audience {
            Audience::Referent => tab
                .request_states()
                .iter()
                .find(|s| s.slug() == raw.etat)
                .map(|s| s.slug()),
            Audience::Partner => tab
                .referral_states()
                .iter()
                .find(|s| s.slug() == raw.etat)
                .map(|s| s.slug()),
        };
        let owner = match raw.responsable.as_str() {
            "aucun" => Some(Owner::Nobody),
            other => code(other, 64).map(Owner::User),
        };
        InboxQuery {
            audience,
            tab,
            search: (!search.is_empty()).then_some(search),
            kind: RequestKind::from_slug(&raw.type_demande),
            aid: code(&raw.aide, 32).map(|a| a.to_uppercase()),
            departements,
            commune: code(&raw.commune, 5)
                .filter(|c| c.len() == 5)
                .map(|c| c.to_uppercase()),
            priority: raw.priorite.parse().ok(),
            owner,
            state,
            from: day(&raw.du),
            to: day(&raw.au),
            sort: if raw.tri == "date" || tab == Tab::Traitees {
                Sort::Date
            } else {
                Sort::Deadline
            },
            after: Cursor::decode(&raw.apres),
            next_action_due: audience == Audience::Referent && raw.prochaine_action == "echue",
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
        let q = InboxQuery::parse(&RawInboxQuery::default(), Audience::Referent, &scope());
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
        assert_eq!(
            InboxQuery::parse(&raw, Audience::Referent, &scope()).departements,
            scope()
        );
        let raw = RawInboxQuery {
            departement: "84".into(),
            ..RawInboxQuery::default()
        };
        assert_eq!(
            InboxQuery::parse(&raw, Audience::Referent, &scope()).departements,
            ["84"]
        );
    }

    #[test]
    fn the_next_action_filter_is_for_referents_only() {
        let raw = RawInboxQuery {
            prochaine_action: "echue".into(),
            ..RawInboxQuery::default()
        };
        assert!(InboxQuery::parse(&raw, Audience::Referent, &scope()).next_action_due);
        assert!(!InboxQuery::parse(&raw, Audience::Partner, &[]).next_action_due);
        let other = RawInboxQuery {
            prochaine_action: "n'importe".into(),
            ..RawInboxQuery::default()
        };
        assert!(!InboxQuery::parse(&other, Audience::Referent, &scope()).next_action_due);
    }

    #[test]
    fn search_is_normalised() {
        let raw = RawInboxQuery {
            q: "  HÉLOÏSE ".into(),
            ..RawInboxQuery::default()
        };
        assert_eq!(
            InboxQuery::parse(&raw, Audience::Referent, &scope())
                .search
                .as_deref(),
            Some("heloise")
        );
    }

    #[test]
    fn filters_outside_the_tab_or_malformed_are_ignored() {
        let raw = RawInboxQuery {
            onglet: "en-cours".into(),
            etat: "traitee".into(),
            commune: "13 055".into(),
            du: "2026-02-30".into(),
            au: "2026-03-31".into(),
            responsable: "aucun".into(),
            aide: "caim".into(),
            ..RawInboxQuery::default()
        };
        let q = InboxQuery::parse(&raw, Audience::Referent, &scope());
        assert_eq!(q.tab, Tab::EnCours);
        assert_eq!(q.state, None);
        assert_eq!(q.commune, None);
        assert_eq!(q.from, None);
        assert_eq!(q.to, NaiveDate::from_ymd_opt(2026, 3, 31));
        assert_eq!(q.owner, Some(Owner::Nobody));
        assert_eq!(q.aid.as_deref(), Some("CAIM"));
        let raw = RawInboxQuery {
            onglet: "en-cours".into(),
            etat: "orientee".into(),
            commune: "2a004".into(),
            responsable: "0190aa-bb".into(),
            ..RawInboxQuery::default()
        };
        let q = InboxQuery::parse(&raw, Audience::Referent, &scope());
        assert_eq!(q.state, Some("orientee"));
        assert_eq!(q.commune.as_deref(), Some("2A004"));
        assert_eq!(q.owner, Some(Owner::User("0190aa-bb".into())));
    }

    #[test]
    fn partner_tabs_use_referral_states_and_any_departement() {
        let raw = RawInboxQuery {
            onglet: "a-traiter".into(),
            etat: "a-traiter".into(),
            departement: "06".into(),
            ..RawInboxQuery::default()
        };
        let q = InboxQuery::parse(&raw, Audience::Partner, &[]);
        assert_eq!(q.tab, Tab::AQualifier);
        assert_eq!(q.state, Some("a-traiter"));
        assert_eq!(q.departements, ["06"]);
        assert!(
            InboxQuery::parse(&RawInboxQuery::default(), Audience::Partner, &[])
                .departements
                .is_empty()
        );
    }

    #[test]
    fn handled_requests_sort_by_date() {
        let raw = RawInboxQuery {
            onglet: "traitees".into(),
            ..RawInboxQuery::default()
        };
        assert_eq!(
            InboxQuery::parse(&raw, Audience::Referent, &scope()).sort,
            Sort::Date
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
