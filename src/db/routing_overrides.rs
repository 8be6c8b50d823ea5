//! Routing overrides of a région and their append-only history (a trigger refuses updates and
//! deletes of the history).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{routing_override_history, routing_overrides};
use super::DbConnection;
use crate::domain::routing::{Override, RoutingTable, RuleKey};

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = routing_overrides)]
pub struct OverrideRow {
    pub id: String,
    pub region_code: String,
    pub departement_code: String,
    pub rule: String,
    pub entries: String,
    pub reason: String,
    pub updated_by: String,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = routing_override_history)]
pub struct HistoryRow {
    pub id: String,
    pub region_code: String,
    pub departement_code: String,
    pub rule: String,
    /// `override` or `revert`.
    pub action: String,
    pub before_text: String,
    pub after_text: String,
    pub reason: String,
    pub actor_id: Option<String>,
    pub actor_label: String,
    pub at: NaiveDateTime,
}

/// The overrides of a région.
pub fn list(conn: &mut DbConnection, region: &str) -> QueryResult<Vec<OverrideRow>> {
    routing_overrides::table
        .filter(routing_overrides::region_code.eq(region))
        .order((routing_overrides::departement_code, routing_overrides::rule))
        .select(OverrideRow::as_select())
        .load(conn)
}

/// The overrides that apply to requests of one département.
pub fn of_departement(
    conn: &mut DbConnection,
    region: &str,
    departement: &str,
) -> QueryResult<Vec<OverrideRow>> {
    routing_overrides::table
        .filter(routing_overrides::region_code.eq(region))
        .filter(routing_overrides::departement_code.eq(departement))
        .select(OverrideRow::as_select())
        .load(conn)
}

/// Sets (inserts or replaces) the override of a rule in a département and records the change.
pub fn set(conn: &mut DbConnection, row: &OverrideRow, history: &HistoryRow) -> QueryResult<()> {
    crate::db::transaction(conn, |conn| {
        delete_one(conn, &row.region_code, &row.departement_code, &row.rule)?;
        diesel::insert_into(routing_overrides::table)
            .values((
                routing_overrides::id.eq(&row.id),
                routing_overrides::region_code.eq(&row.region_code),
                routing_overrides::departement_code.eq(&row.departement_code),
                routing_overrides::rule.eq(&row.rule),
                routing_overrides::entries.eq(&row.entries),
                routing_overrides::reason.eq(&row.reason),
                routing_overrides::updated_by.eq(&row.updated_by),
                routing_overrides::updated_at.eq(row.updated_at),
            ))
            .execute(conn)?;
        record(conn, history)
    })
}

/// Removes the override (back to the file's rule) and records it; returns false if there was none.
pub fn revert(conn: &mut DbConnection, history: &HistoryRow) -> QueryResult<bool> {
    crate::db::transaction(conn, |conn| {
        let n = delete_one(
            conn,
            &history.region_code,
            &history.departement_code,
            &history.rule,
        )?;
        if n == 0 {
            return Ok(false);
        }
        record(conn, history)?;
        Ok(true)
    })
}

fn delete_one(
    conn: &mut DbConnection,
    region: &str,
    departement: &str,
    rule: &str,
) -> QueryResult<usize> {
    diesel::delete(
        routing_overrides::table
            .filter(routing_overrides::region_code.eq(region))
            .filter(routing_overrides::departement_code.eq(departement))
            .filter(routing_overrides::rule.eq(rule)),
    )
    .execute(conn)
}

fn record(conn: &mut DbConnection, history: &HistoryRow) -> QueryResult<()> {
    diesel::insert_into(routing_override_history::table)
        .values(history)
        .execute(conn)
        .map(|_| ())
}

/// The latest changes of a région, newest first.
pub fn history(conn: &mut DbConnection, region: &str, limit: i64) -> QueryResult<Vec<HistoryRow>> {
    routing_override_history::table
        .filter(routing_override_history::region_code.eq(region))
        .order((
            routing_override_history::at.desc(),
            routing_override_history::id.desc(),
        ))
        .limit(limit)
        .select(HistoryRow::as_select())
        .load(conn)
}

/// The stored overrides as the routing domain reads them. A row whose rule the routing file no
/// longer has, or whose entries are unreadable, is ignored (and logged): the file's rule applies.
pub fn to_domain(rows: &[OverrideRow], table: &RoutingTable) -> Vec<Override> {
    rows.iter()
        .filter_map(|row| {
            let rule = RuleKey::parse(table, &row.rule);
            let entries = crate::domain::routing::decode(&row.entries);
            match (rule, entries) {
                (Some(rule), Some(entries)) => Some(Override {
                    departement: row.departement_code.clone(),
                    rule,
                    entries,
                }),
                _ => {
                    tracing::warn!(id = %row.id, rule = %row.rule, "dérogation de routage illisible, ignorée");
                    None
                }
            }
        })
        .collect()
}
