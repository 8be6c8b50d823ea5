//! The decisions' part of the indicators (a child of `db::indicators`, whose dialect and
//! helpers it uses): counts and amounts by outcome, aid and institution, and the days from a
//! referral's start to its decision.

use std::collections::BTreeMap;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};

use super::{count, load, DaysRow, Dialect, SUBMITTED};
use crate::db::DbConnection;
use crate::domain::indicators::Indicators;

/// The name shown for referrals without an institution (handled by the guichet).
const NO_INSTITUTION: &str = "Traitée par le guichet";

#[derive(QueryableByName)]
struct DecisionRow {
    #[diesel(sql_type = Text)]
    departement: String,
    #[diesel(sql_type = Text)]
    outcome: String,
    #[diesel(sql_type = Nullable<Text>)]
    aid: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    institution: Option<String>,
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = BigInt)]
    amount: i64,
}

/// Adds the decisions of every département to `out`; `name` gives an institution's name.
pub(super) fn add(
    conn: &mut DbConnection,
    out: &mut BTreeMap<String, Indicators>,
    name: &dyn Fn(&str) -> String,
) -> QueryResult<()> {
    let sql = Dialect::of(conn);
    let decided = "f.removed_at IS NULL AND f.outcome IS NOT NULL";
    let rows: Vec<DecisionRow> = load(
        conn,
        &format!(
            "SELECT r.departement_code AS departement, f.outcome AS outcome, r.aid_code AS aid, \
             f.institution_id AS institution, COUNT(*) AS n, \
             CAST(COALESCE(SUM(f.amount_cents), 0) AS BIGINT) AS amount \
             FROM referrals f JOIN requests r ON r.id = f.request_id \
             WHERE {SUBMITTED} AND {decided} GROUP BY 1, 2, 3, 4"
        ),
    )?;
    for r in rows {
        let institution = r
            .institution
            .as_deref()
            .map(name)
            .unwrap_or_else(|| NO_INSTITUTION.to_string());
        out.entry(r.departement).or_default().decisions.add(
            &r.outcome,
            r.aid.as_deref(),
            &institution,
            count(r.n),
            r.amount,
        );
    }
    let days: Vec<DaysRow> = load(
        conn,
        &format!(
            "SELECT r.departement_code AS departement, {} AS days, COUNT(*) AS n \
             FROM referrals f JOIN requests r ON r.id = f.request_id \
             WHERE {SUBMITTED} AND {decided} AND f.answered_at IS NOT NULL \
             AND f.started_at IS NOT NULL GROUP BY 1, 2",
            sql.days("f.answered_at", "f.started_at")
        ),
    )?;
    for r in days {
        out.entry(r.departement)
            .or_default()
            .decisions
            .days
            .add(r.days, count(r.n));
    }
    Ok(())
}
