//! The daily digest of overdue items: once a day, each référent and partner agent with at least
//! one overdue item receives one e-mail listing them. The send is claimed in the database
//! (`counters`), so a second run, or a second instance, sends nothing more that day.

use std::time::Duration;

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::db::inbox::InboxRow;
use crate::db::{self, DbConnection};
use crate::domain::account::Role;
use crate::domain::civil_time::{self, Territory};
use crate::domain::french;
use crate::error::AppError;

/// How often the task looks; the claim makes it daily.
pub const PERIOD: Duration = Duration::from_secs(3600);

#[derive(Serialize)]
struct Item {
    id: String,
    number: String,
    kind_label: &'static str,
    due: String,
}

#[derive(Serialize)]
struct Digest<'a> {
    first_name: &'a str,
    count: i64,
    /// Overdue items beyond the listed ones.
    more: i64,
    /// The "en retard" tab of the agent's inbox.
    inbox_path: &'static str,
    items: Vec<Item>,
}

/// Items listed in one e-mail at most (the count says how many there are in all).
const LISTED: i64 = 50;

fn item(request: &InboxRow, due: NaiveDateTime, territory: Territory) -> Item {
    Item {
        id: request.id.clone(),
        number: request.number.clone(),
        kind_label: request.kind.label(),
        due: french::compact_date(civil_time::to_local(territory, due).date()),
    }
}

/// Enqueues today's digests due at `now`; returns how many were written.
pub fn run_once(
    conn: &mut DbConnection,
    templates: &tera::Tera,
    base_url: &str,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    let mut sent = 0;
    for agent in db::users::active_agents(conn)? {
        let departements = if agent.role == Role::Referent {
            db::users::departements_of(conn, &agent.id)?
        } else {
            Vec::new()
        };
        // The agent's civil time: its first département, else its région.
        let territory = match (departements.first(), agent.region_code.as_deref()) {
            (Some(d), _) => Territory::of_departement(d),
            (None, Some(r)) => Territory::of_region(r),
            (None, None) => Territory::Metropole,
        };
        let (count, items): (i64, Vec<Item>) = if agent.role == Role::Referent {
            let (count, rows) = db::inbox::late_requests(conn, &departements, now, LISTED)?;
            (
                count,
                rows.iter()
                    .map(|r| item(r, r.inbox_due_at, territory))
                    .collect(),
            )
        } else if let Some(institution) = agent.institution_id.as_deref() {
            let (count, rows) = db::inbox::late_referrals(conn, institution, now, LISTED)?;
            let items = rows
                .iter()
                .map(|(r, f)| item(r, f.inbox_due_at, territory))
                .collect();
            (count, items)
        } else {
            (0, Vec::new())
        };
        if items.is_empty() {
            continue;
        }
        // Once a day of the agent's own calendar.
        let key = format!("digest:{}:{}", agent.id, civil_time::today(territory, now));
        let claim = |conn: &mut DbConnection| Ok(db::requests::claim_once(conn, &key)?);
        sent += super::claim_then_send(conn, claim, |conn| {
            let data = Digest {
                first_name: &agent.first_name,
                count,
                more: count - items.len() as i64,
                inbox_path: if agent.role == Role::Referent {
                    "/guichet/demandes?onglet=en-retard"
                } else {
                    "/partenaire/demandes?onglet=en-retard"
                },
                items,
            };
            crate::mail::enqueue(
                conn,
                templates,
                base_url,
                &agent.email,
                "overdue_digest",
                &data,
                now,
            )?;
            Ok(1)
        })?;
    }
    Ok(sent)
}

/// Runs [`run_once`] every [`PERIOD`] until the runtime stops.
pub async fn run(deps: super::Deps) {
    super::every(
        "récapitulatif des retards",
        PERIOD,
        deps,
        |conn, deps, now| run_once(conn, &deps.templates, &deps.base_url, now),
    )
    .await;
}
