//! What both inboxes show: rows with deadline badges, tabs with their counts, the filter
//! choices, the links that keep the filters, and the CSV of a view.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::db::inbox::{InboxRow, ReferralPart};
use crate::domain::calendar::Territory;
use crate::domain::commune_search::{CommuneHit, CommuneIndex, Resolved};
use crate::domain::csv::CsvWriter;
use crate::domain::inbox::{self, Audience, InboxQuery, RawInboxQuery, Tab, COUNT_CAP};
use crate::domain::request::{DeadlinePolicy, Priority, RequestKind};
use crate::web::AppState;

/// Rows of one CSV export at most.
pub const EXPORT_LIMIT: usize = 20_000;

#[derive(Serialize)]
pub struct Row {
    pub id: String,
    pub number: String,
    pub kind_label: &'static str,
    pub aid: String,
    pub departement: String,
    pub commune: String,
    pub state_label: &'static str,
    pub state_badge: &'static str,
    pub priority_label: &'static str,
    pub owner: String,
    /// Submitted (référent) or transmitted (partner).
    pub date: Option<NaiveDateTime>,
    pub due: Option<NaiveDateTime>,
    pub deadline_label: &'static str,
    pub deadline_badge: &'static str,
    pub unread: bool,
    /// "téléphone"…: a request the guichet recorded (référent intake).
    pub channel: Option<&'static str>,
}

#[derive(Serialize)]
pub struct TabLink {
    pub label: &'static str,
    pub count: String,
    pub href: String,
    pub current: bool,
}

pub use crate::web::forms::Choice;

/// The whole page (template `backoffice/inbox.html`).
#[derive(Serialize)]
pub struct InboxPage {
    pub title: &'static str,
    pub referent: bool,
    pub path: &'static str,
    pub date_label: &'static str,
    pub owner_label: &'static str,
    pub changed: Option<u32>,
    /// People who can be in charge (filter, and the référent's bulk assignment).
    pub people: Vec<Choice>,
    pub tab_label: &'static str,
    pub tabs: Vec<TabLink>,
    pub filters: RawInboxQuery,
    pub commune_error: Option<&'static str>,
    pub kinds: Vec<Choice>,
    pub aids: Vec<Choice>,
    pub priorities: Vec<Choice>,
    pub states: Vec<Choice>,
    pub departements: Vec<Choice>,
    pub rows: Vec<Row>,
    pub next_href: Option<String>,
    pub csv_href: String,
    /// The référent's bulk form (its choices, and what was sent after a mistake).
    pub bulk: super::bulk::BulkForm,
}

/// The parts of a row that differ between audiences.
pub struct RowState {
    pub label: &'static str,
    pub badge: &'static str,
    pub date: Option<NaiveDateTime>,
    pub due: NaiveDateTime,
    pub owner: Option<String>,
}

impl RowState {
    pub fn of_request(r: &InboxRow) -> RowState {
        RowState {
            label: r.state.label(),
            badge: r.state.badge_class(),
            date: r.submitted_at,
            due: r.inbox_due_at,
            owner: r.referent_id.clone(),
        }
    }

    pub fn of_referral(r: &ReferralPart) -> RowState {
        RowState {
            label: r.state.label(),
            badge: r.state.badge_class(),
            date: r.started_at,
            due: r.inbox_due_at,
            owner: r.agent_id.clone(),
        }
    }
}

pub struct RowContext<'a> {
    pub deadlines: &'a DeadlinePolicy,
    pub communes: &'a CommuneIndex,
    pub people: &'a [Choice],
    pub now: NaiveDateTime,
}

pub fn row(r: InboxRow, shown: RowState, ctx: &RowContext, unread: bool) -> Row {
    let due = inbox::deadline(shown.due);
    let territory = Territory::of_optional(r.departement_code.as_deref());
    let (deadline_label, deadline_badge) = due
        .map(|d| ctx.deadlines.status(territory, d, ctx.now))
        .map(|s| (s.label(), s.badge_class()))
        .unwrap_or(("—", ""));
    let owner = shown
        .owner
        .map(|id| {
            ctx.people
                .iter()
                .find(|p| p.value == id)
                .map(|p| p.label.clone())
                .unwrap_or_else(|| "Autre personne".to_string())
        })
        .unwrap_or_default();
    Row {
        kind_label: r.kind.label(),
        aid: r.aid_code.unwrap_or_default(),
        departement: r.departement_code.unwrap_or_default(),
        commune: r
            .commune_insee
            .as_deref()
            .and_then(|c| ctx.communes.get(c))
            .map(|c| c.name.clone())
            .unwrap_or_default(),
        state_label: shown.label,
        state_badge: shown.badge,
        priority_label: r.priority.label(),
        owner,
        date: shown.date,
        due,
        deadline_label,
        deadline_badge,
        unread,
        channel: None,
        number: r.number,
        id: r.id,
    }
}

pub fn href(path: &str, raw: &RawInboxQuery) -> String {
    match serde_urlencoded::to_string(raw) {
        Ok(qs) => format!("{path}?{qs}"),
        Err(_) => path.to_string(),
    }
}

/// "1 234", or "plus de 1 000" past the counting cap.
pub fn count_label(count: i64) -> String {
    let group = |n: i64| crate::domain::french::count(n.unsigned_abs());
    if count > COUNT_CAP {
        format!("plus de {}", group(COUNT_CAP))
    } else {
        group(count)
    }
}

pub fn tabs(
    path: &str,
    base: &RawInboxQuery,
    query: &InboxQuery,
    counts: Vec<(Tab, i64)>,
) -> Vec<TabLink> {
    counts
        .into_iter()
        .map(|(tab, count)| TabLink {
            label: tab.label_for(query.audience),
            count: count_label(count),
            current: tab == query.tab,
            href: href(
                path,
                &RawInboxQuery {
                    onglet: tab.slug_for(query.audience).to_string(),
                    etat: String::new(),
                    ..base.clone()
                },
            ),
        })
        .collect()
}

/// Kinds, aids, priorities and the states of the current tab.
pub fn choices(state: &AppState, query: &InboxQuery) -> [Vec<Choice>; 4] {
    let kinds = RequestKind::ALL
        .iter()
        .map(|k| Choice::new(k.slug(), k.label()))
        .collect();
    let aids = state
        .catalogue
        .current()
        .aids()
        .iter()
        .map(|a| Choice::new(a.code.clone(), format!("{} — {}", a.code, a.name)))
        .collect();
    let priorities = Priority::ALL
        .iter()
        .map(|p| Choice::new(p.slug(), p.label()))
        .collect();
    let states = match query.audience {
        Audience::Referent => query
            .tab
            .request_states()
            .iter()
            .map(|s| Choice::new(s.slug(), s.label()))
            .collect(),
        Audience::Partner => query
            .tab
            .referral_states()
            .iter()
            .map(|s| Choice::new(s.slug(), s.label()))
            .collect(),
    };
    [kinds, aids, priorities, states]
}

/// Resolves the commune filter ([`CommuneIndex::resolve_within`]) among the communes of
/// `departements` (any when empty); `Err` with the message beside the field otherwise.
pub fn resolve_commune(
    communes: &CommuneIndex,
    typed: &str,
    departements: &[String],
) -> Result<Option<String>, &'static str> {
    if typed.trim().is_empty() {
        return Ok(None);
    }
    let within = |c: &CommuneHit| departements.is_empty() || departements.contains(&c.departement);
    match communes.resolve_within(typed, within) {
        Resolved::One(hit) => Ok(Some(hit.insee.clone())),
        Resolved::SameName(hits) if !hits.is_empty() => Ok(Some(hits[0].insee.clone())),
        Resolved::Several(_) | Resolved::SameName(_) => Err(
            "Plusieurs communes de votre périmètre correspondent : choisissez le nom exact ou le code INSEE.",
        ),
        Resolved::UnknownCode(_) | Resolved::NoMatch => Err(
            "Aucune commune de votre périmètre ne correspond : vérifiez le nom ou le code INSEE.",
        ),
    }
}

/// The CSV of a view: BOM, `;`, formula-like cells escaped (see `domain::csv`); dates in the
/// civil time of `territory` (the reader's).
pub fn csv(rows: &[Row], date_label: &str, owner_label: &str, territory: Territory) -> String {
    let mut csv = CsvWriter::new();
    csv.row([
        "Numéro",
        "Objet",
        "Aide",
        "Département",
        "Commune",
        "État",
        "Priorité",
        owner_label,
        date_label,
        "Échéance",
    ]);
    let stamp = |at: Option<NaiveDateTime>| {
        at.map(|a| {
            crate::domain::civil_time::to_local(territory, a)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
    };
    for r in rows {
        csv.row([
            r.number.as_str(),
            r.kind_label,
            r.aid.as_str(),
            r.departement.as_str(),
            r.commune.as_str(),
            r.state_label,
            r.priority_label,
            r.owner.as_str(),
            &stamp(r.date),
            &stamp(r.due),
        ]);
    }
    csv.finish()
}

pub fn csv_response(body: String) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"demandes.csv\"",
        ))
        .body(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_and_capped() {
        assert_eq!(count_label(7), "7");
        assert_eq!(count_label(1_000), "1\u{202f}000");
        assert_eq!(count_label(1_001), "plus de 1\u{202f}000");
    }
}
