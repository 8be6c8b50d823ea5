//! The indicators' aggregate queries (one pass over the tables, grouped by département, so a
//! région is the sum of its départements) and the snapshot table the pages read.
//!
//! Durations are grouped by whole days, so medians and percentiles come from histograms and no
//! query returns one row per request. Date arithmetic differs per backend: it stays here.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};

use super::schema::{departements, indicator_snapshots, institutions, regions};
use super::DbConnection;
use crate::domain::indicators::{DepartementRef, Indicators};
use crate::with_backend;

#[path = "indicator_decisions.rs"]
mod decisions;

/// The SQL spelling of the date expressions on one backend.
struct Dialect {
    sqlite: bool,
}

impl Dialect {
    fn of(conn: &DbConnection) -> Dialect {
        Dialect {
            sqlite: matches!(conn, DbConnection::Sqlite(_)),
        }
    }

    /// `YYYY-MM` of a timestamp column.
    fn month(&self, column: &str) -> String {
        if self.sqlite {
            format!("strftime('%Y-%m', {column})")
        } else {
            format!("to_char({column}, 'YYYY-MM')")
        }
    }

    /// `YYYY-MM-DD` of a timestamp column (compared with the zonages' text dates).
    fn day(&self, column: &str) -> String {
        if self.sqlite {
            format!("substr({column}, 1, 10)")
        } else {
            format!("to_char({column}, 'YYYY-MM-DD')")
        }
    }

    /// Whole days elapsed from `from` to `to`.
    fn days(&self, to: &str, from: &str) -> String {
        if self.sqlite {
            format!("CAST(julianday({to}) - julianday({from}) AS INTEGER)")
        } else {
            format!("CAST(FLOOR(EXTRACT(EPOCH FROM ({to} - {from})) / 86400) AS BIGINT)")
        }
    }
}

#[derive(QueryableByName)]
struct CountRow {
    #[diesel(sql_type = Text)]
    departement: String,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    state: String,
    #[diesel(sql_type = Text)]
    month: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct DaysRow {
    #[diesel(sql_type = Text)]
    departement: String,
    #[diesel(sql_type = BigInt)]
    days: i64,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct ShareRow {
    #[diesel(sql_type = Text)]
    departement: String,
    #[diesel(sql_type = BigInt)]
    total: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    within: Option<i64>,
}

#[derive(QueryableByName)]
struct ZoneRow {
    #[diesel(sql_type = Text)]
    departement: String,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Nullable<Text>)]
    aid: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    zone: Option<String>,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct ReferralRow {
    #[diesel(sql_type = Text)]
    departement: String,
    #[diesel(sql_type = Text)]
    institution: String,
    #[diesel(sql_type = Text)]
    state: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct AnswerRow {
    #[diesel(sql_type = Text)]
    departement: String,
    #[diesel(sql_type = Text)]
    institution: String,
    #[diesel(sql_type = BigInt)]
    days: i64,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn load<T>(conn: &mut DbConnection, sql: &str) -> QueryResult<Vec<T>>
where
    T: QueryableByName<diesel::pg::Pg> + QueryableByName<diesel::sqlite::Sqlite> + 'static,
{
    with_backend!(conn, |c| diesel::sql_query(sql).load::<T>(c))
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// Submitted requests, joined to their département.
const SUBMITTED: &str = "r.submitted_at IS NOT NULL AND r.departement_code IS NOT NULL";

/// Every indicator of every département that has requests, by département code.
pub fn compute_by_departement(
    conn: &mut DbConnection,
) -> QueryResult<BTreeMap<String, Indicators>> {
    let sql = Dialect::of(conn);
    let mut out: BTreeMap<String, Indicators> = BTreeMap::new();
    let counts: Vec<CountRow> = load(
        conn,
        &format!(
            "SELECT r.departement_code AS departement, r.kind AS kind, r.state AS state, \
             {} AS month, COUNT(*) AS n FROM requests r WHERE {SUBMITTED} GROUP BY 1, 2, 3, 4",
            sql.month("r.submitted_at")
        ),
    )?;
    for r in counts {
        out.entry(r.departement)
            .or_default()
            .add_requests(&r.kind, &r.state, &r.month, count(r.n));
    }
    let first_answer: Vec<DaysRow> = load(
        conn,
        &format!(
            "SELECT r.departement_code AS departement, {} AS days, COUNT(*) AS n FROM requests r \
             JOIN (SELECT request_id, MIN(answered_at) AS first_at FROM referrals \
             WHERE state = 'repondue' AND removed_at IS NULL AND answered_at IS NOT NULL \
             GROUP BY request_id) f ON f.request_id = r.id WHERE {SUBMITTED} GROUP BY 1, 2",
            sql.days("f.first_at", "r.submitted_at")
        ),
    )?;
    for r in first_answer {
        out.entry(r.departement)
            .or_default()
            .first_answer
            .add(r.days, count(r.n));
    }
    let closure: Vec<DaysRow> = load(
        conn,
        &format!(
            "SELECT r.departement_code AS departement, {} AS days, COUNT(*) AS n FROM requests r \
             WHERE {SUBMITTED} AND r.state = 'cloturee' AND r.closed_at IS NOT NULL GROUP BY 1, 2",
            sql.days("r.closed_at", "r.submitted_at")
        ),
    )?;
    for r in closure {
        out.entry(r.departement)
            .or_default()
            .closure
            .add(r.days, count(r.n));
    }
    let qualification: Vec<ShareRow> = load(
        conn,
        &format!(
            "SELECT r.departement_code AS departement, COUNT(*) AS total, \
             SUM(CASE WHEN r.routed_at <= r.qualification_due_at THEN 1 ELSE 0 END) AS within \
             FROM requests r WHERE {SUBMITTED} AND r.routed_at IS NOT NULL \
             AND r.qualification_due_at IS NOT NULL GROUP BY 1"
        ),
    )?;
    for r in qualification {
        let share = &mut out.entry(r.departement).or_default().qualification_deadline;
        share.total += count(r.total);
        share.within += count(r.within.unwrap_or(0));
    }
    let answers: Vec<ShareRow> = load(
        conn,
        &format!(
            "SELECT r.departement_code AS departement, COUNT(*) AS total, \
             SUM(CASE WHEN f.answered_at <= f.due_at THEN 1 ELSE 0 END) AS within \
             FROM referrals f JOIN requests r ON r.id = f.request_id WHERE {SUBMITTED} \
             AND f.removed_at IS NULL AND f.answered_at IS NOT NULL AND f.due_at IS NOT NULL \
             GROUP BY 1"
        ),
    )?;
    for r in answers {
        let share = &mut out.entry(r.departement).or_default().referral_deadline;
        share.total += count(r.total);
        share.within += count(r.within.unwrap_or(0));
    }
    let day = sql.day("r.submitted_at");
    let zones: Vec<ZoneRow> = load(
        conn,
        &format!(
            "SELECT r.departement_code AS departement, r.kind AS kind, r.aid_code AS aid, \
             zc.zone_set AS zone, COUNT(*) AS n FROM requests r \
             JOIN users u ON u.id = r.professional_id \
             LEFT JOIN zonages z ON z.region_code = r.region_code AND z.profession = u.profession \
             AND z.valid_from <= {day} AND (z.valid_to IS NULL OR z.valid_to >= {day}) \
             LEFT JOIN zonage_communes zc ON zc.zonage_id = z.id AND zc.insee = r.commune_insee \
             WHERE {SUBMITTED} AND (r.kind = 'aide' OR r.kind LIKE 'installation-%') \
             GROUP BY 1, 2, 3, 4"
        ),
    )?;
    for r in zones {
        out.entry(r.departement).or_default().add_zone(
            &r.kind,
            r.aid.as_deref(),
            r.zone.as_deref(),
            count(r.n),
        );
    }
    let names: BTreeMap<String, String> = institutions::table
        .select((institutions::id, institutions::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    let referrals: Vec<ReferralRow> = load(
        conn,
        &format!(
            "SELECT r.departement_code AS departement, f.institution_id AS institution, \
             f.state AS state, COUNT(*) AS n FROM referrals f JOIN requests r ON r.id = f.request_id \
             WHERE {SUBMITTED} AND f.removed_at IS NULL AND f.institution_id IS NOT NULL \
             GROUP BY 1, 2, 3"
        ),
    )?;
    for r in referrals {
        let stats = out
            .entry(r.departement)
            .or_default()
            .institution(&r.institution, &name(&r.institution));
        *stats.states.entry(r.state).or_default() += count(r.n);
    }
    let answer_days: Vec<AnswerRow> = load(
        conn,
        &format!(
            "SELECT r.departement_code AS departement, f.institution_id AS institution, \
             {} AS days, COUNT(*) AS n FROM referrals f JOIN requests r ON r.id = f.request_id \
             WHERE {SUBMITTED} AND f.removed_at IS NULL AND f.institution_id IS NOT NULL \
             AND f.answered_at IS NOT NULL AND f.started_at IS NOT NULL GROUP BY 1, 2, 3",
            sql.days("f.answered_at", "f.started_at")
        ),
    )?;
    for r in answer_days {
        out.entry(r.departement)
            .or_default()
            .institution(&r.institution, &name(&r.institution))
            .answer_days
            .add(r.days, count(r.n));
    }
    decisions::add(conn, &mut out, &name)?;
    Ok(out)
}

/// Every département with its name and région.
pub fn departements(conn: &mut DbConnection) -> QueryResult<Vec<DepartementRef>> {
    let rows: Vec<(String, String, String)> = departements::table
        .order(departements::code)
        .select((
            departements::code,
            departements::name,
            departements::region_code,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(code, name, region)| DepartementRef { code, name, region })
        .collect())
}

/// The name of every région, by code.
pub fn region_names(conn: &mut DbConnection) -> QueryResult<BTreeMap<String, String>> {
    Ok(regions::table
        .select((regions::code, regions::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// The région of a département, if it exists.
pub fn region_of_departement(conn: &mut DbConnection, code: &str) -> QueryResult<Option<String>> {
    departements::table
        .find(code)
        .select(departements::region_code)
        .first(conn)
        .optional()
}

pub fn region_exists(conn: &mut DbConnection, code: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(regions::table.find(code))).get_result(conn)
}

/// The territory of an institution: (région, département), either may be missing.
pub fn institution_territory(
    conn: &mut DbConnection,
    id: &str,
) -> QueryResult<Option<(Option<String>, Option<String>)>> {
    institutions::table
        .find(id)
        .select((institutions::region_code, institutions::departement_code))
        .first(conn)
        .optional()
}

/// A stored snapshot: when it was computed and its JSON payload.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = indicator_snapshots)]
pub struct SnapshotRow {
    pub scope: String,
    pub computed_at: NaiveDateTime,
    pub payload: String,
}

pub fn snapshot(conn: &mut DbConnection, scope: &str) -> QueryResult<Option<SnapshotRow>> {
    indicator_snapshots::table
        .find(scope)
        .select(SnapshotRow::as_select())
        .first(conn)
        .optional()
}

/// Replaces every snapshot at once (one transaction: readers never see half a refresh).
pub fn replace_snapshots(conn: &mut DbConnection, rows: &[SnapshotRow]) -> QueryResult<()> {
    crate::db::transaction(conn, |conn| {
        diesel::delete(indicator_snapshots::table).execute(conn)?;
        for row in rows {
            diesel::insert_into(indicator_snapshots::table)
                .values(row)
                .execute(conn)?;
        }
        Ok(())
    })
}
