//! `/guichet/demandes` and `/guichet/demandes.csv`: the requests of the référent's départements.

use std::collections::HashSet;

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{NaiveDateTime, Utc};
use serde::Serialize;

use crate::auth::{policy, Viewer};
use crate::db::{self, requests::RequestRow};
use crate::domain::calendar::DeadlineStatus;
use crate::domain::csv::CsvWriter;
use crate::domain::inbox::{Cursor, InboxQuery, RawInboxQuery, Sort, PAGE_SIZE};
use crate::domain::request::{DeadlinePolicy, Priority, RequestKind, RequestState};
use crate::error::AppError;
use crate::web::page::render;
use crate::web::AppState;

/// Rows of one CSV export at most.
const EXPORT_LIMIT: usize = 20_000;

#[derive(Serialize)]
struct Row {
    id: String,
    number: String,
    kind_label: &'static str,
    departement: String,
    state_label: &'static str,
    state_badge: &'static str,
    priority_label: &'static str,
    submitted_at: Option<NaiveDateTime>,
    due: Option<NaiveDateTime>,
    deadline_label: &'static str,
    deadline_badge: &'static str,
    unread: bool,
}

#[derive(Serialize)]
struct TabLink {
    label: &'static str,
    count: i64,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct Choice {
    value: &'static str,
    label: &'static str,
}

/// What the previous bulk action changed (`?modifiees=N`).
#[derive(Debug, serde::Deserialize)]
pub struct Notice {
    modifiees: Option<u32>,
}

#[derive(Serialize)]
struct Person {
    id: String,
    name: String,
}

#[derive(Serialize)]
struct InboxPage {
    changed: Option<u32>,
    referents: Vec<Person>,
    title: &'static str,
    tab_label: &'static str,
    tabs: Vec<TabLink>,
    filters: RawInboxQuery,
    kinds: Vec<Choice>,
    priorities: Vec<Choice>,
    departements: Vec<String>,
    rows: Vec<Row>,
    next_href: Option<String>,
    csv_href: String,
}

fn deadline(status: Option<DeadlineStatus>) -> (&'static str, &'static str) {
    match status {
        Some(DeadlineStatus::OnTime) => ("Dans les délais", "fr-badge--success"),
        Some(DeadlineStatus::DueSoon) => ("Échéance proche", "fr-badge--warning"),
        Some(DeadlineStatus::Overdue) => ("En retard", "fr-badge--error"),
        None => ("—", ""),
    }
}

fn row(r: RequestRow, deadlines: &DeadlinePolicy, now: NaiveDateTime, unread: bool) -> Row {
    let state = r.state.parse::<RequestState>().ok();
    let waiting = matches!(
        state,
        Some(RequestState::Deposee | RequestState::EnQualification)
    );
    let due = r.qualification_due_at.filter(|_| waiting);
    let (deadline_label, deadline_badge) = deadline(due.map(|d| deadlines.status(d, now)));
    Row {
        kind_label: r
            .kind
            .parse::<RequestKind>()
            .map(|k| k.label())
            .unwrap_or("Demande"),
        departement: r.departement_code.unwrap_or_default(),
        state_label: state.map(|s| s.label()).unwrap_or("?"),
        state_badge: state.map(|s| s.badge_class()).unwrap_or("fr-badge"),
        priority_label: r
            .priority
            .parse::<Priority>()
            .map(|p| p.label())
            .unwrap_or("?"),
        submitted_at: r.submitted_at,
        due,
        deadline_label,
        deadline_badge,
        unread,
        number: r.number,
        id: r.id,
    }
}

/// The cursor after `last` for the sort of `query`.
fn cursor_after(query: &InboxQuery, last: &RequestRow) -> Option<Cursor> {
    let key = match query.sort {
        Sort::Deadline => last.qualification_due_at,
        Sort::Date => last.submitted_at,
    }?;
    Some(Cursor {
        key,
        id: last.id.clone(),
    })
}

fn href(path: &str, raw: &RawInboxQuery) -> String {
    match serde_urlencoded::to_string(raw) {
        Ok(qs) => format!("{path}?{qs}"),
        Err(_) => path.to_string(),
    }
}

pub async fn referent(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    raw: web::Query<RawInboxQuery>,
    notice: web::Query<Notice>,
) -> Result<HttpResponse, AppError> {
    let scope = policy::referent_inbox(&viewer)?.to_vec();
    let raw = raw.into_inner();
    let query = InboxQuery::parse(&raw, &scope);
    let deadlines = state.settings.deadlines;
    let viewer_id = viewer.user_id.clone();
    let now = Utc::now().naive_utc();
    let q = query.clone();
    let departements = scope.clone();
    let (found, counts, unread, referents) = db::run(&state.pool, move |conn| {
        let mut referents: Vec<Person> = Vec::new();
        for departement in &departements {
            for user in db::users::referents_of_departement(conn, departement)? {
                if !referents.iter().any(|p| p.id == user.id) {
                    referents.push(Person {
                        name: format!("{} {}", user.first_name, user.last_name),
                        id: user.id,
                    });
                }
            }
        }
        let found = db::inbox::page(conn, &q, now)?;
        let counts = db::inbox::tab_counts(conn, &q, now)?;
        let ids: Vec<String> = found.iter().map(|r| r.id.clone()).collect();
        let unread: HashSet<String> = db::inbox::unread(conn, &ids, &viewer_id)?
            .into_iter()
            .collect();
        Ok((found, counts, unread, referents))
    })
    .await?;
    let next_href = (found.len() as i64 == PAGE_SIZE)
        .then(|| found.last().and_then(|last| cursor_after(&query, last)))
        .flatten()
        .map(|c| {
            href(
                "/guichet/demandes",
                &RawInboxQuery {
                    apres: c.encode(),
                    ..raw.clone()
                },
            )
        });
    let base = RawInboxQuery {
        apres: String::new(),
        ..raw.clone()
    };
    let tabs = counts
        .into_iter()
        .map(|(tab, count)| TabLink {
            label: tab.label(),
            count,
            current: tab == query.tab,
            href: href(
                "/guichet/demandes",
                &RawInboxQuery {
                    onglet: tab.slug().to_string(),
                    ..base.clone()
                },
            ),
        })
        .collect();
    let rows = found
        .into_iter()
        .map(|r| {
            let unread = unread.contains(&r.id);
            row(r, &deadlines, now, unread)
        })
        .collect();
    let page = InboxPage {
        title: "Demandes de mes départements",
        changed: notice.modifiees,
        referents,
        tab_label: query.tab.label(),
        tabs,
        kinds: RequestKind::ALL
            .iter()
            .map(|k| Choice {
                value: k.slug(),
                label: k.label(),
            })
            .collect(),
        priorities: Priority::ALL
            .iter()
            .map(|p| Choice {
                value: p.slug(),
                label: p.label(),
            })
            .collect(),
        departements: scope,
        rows,
        next_href,
        csv_href: href("/guichet/demandes.csv", &base),
        filters: RawInboxQuery {
            onglet: query.tab.slug().to_string(),
            ..base
        },
    };
    render(&state, &req, "backoffice/inbox.html", &page)
}

/// The current view (every page, up to [`EXPORT_LIMIT`] rows) as CSV.
pub async fn referent_csv(
    state: web::Data<AppState>,
    viewer: Viewer,
    raw: web::Query<RawInboxQuery>,
) -> Result<HttpResponse, AppError> {
    let scope = policy::referent_inbox(&viewer)?.to_vec();
    let mut query = InboxQuery::parse(&raw.into_inner(), &scope);
    query.after = None;
    let deadlines = state.settings.deadlines;
    let now = Utc::now().naive_utc();
    let found = db::run(&state.pool, move |conn| {
        let mut all = Vec::new();
        loop {
            let page = db::inbox::page(conn, &query, now)?;
            let full = page.len() as i64 == PAGE_SIZE;
            query.after = page.last().and_then(|last| cursor_after(&query, last));
            all.extend(page);
            if !full || query.after.is_none() || all.len() >= EXPORT_LIMIT {
                return Ok(all);
            }
        }
    })
    .await?;
    let mut csv = CsvWriter::new();
    csv.row([
        "Numéro",
        "Objet",
        "Département",
        "État",
        "Priorité",
        "Déposée le (UTC)",
        "Échéance de qualification (UTC)",
    ]);
    let stamp = |at: Option<NaiveDateTime>| {
        at.map(|a| a.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default()
    };
    for r in found {
        let r = row(r, &deadlines, now, false);
        csv.row([
            r.number.as_str(),
            r.kind_label,
            r.departement.as_str(),
            r.state_label,
            r.priority_label,
            &stamp(r.submitted_at),
            &stamp(r.due),
        ]);
    }
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"demandes.csv\"",
        ))
        .body(csv.finish()))
}
