//! The log of zonage imports (who, which file) and what the admin page lists about zonages.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{users, zonage_communes, zonage_imports, zonages};
use super::DbConnection;

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = zonage_imports)]
pub struct NewZonageImport {
    pub id: String,
    pub zonage_id: String,
    pub file_name: String,
    pub communes: i32,
    pub unknown_communes: i32,
    pub actor_id: Option<String>,
    pub imported_at: NaiveDateTime,
    pub file_format: String,
    pub without_zone: i32,
    pub outside_region: i32,
}

pub fn insert(conn: &mut DbConnection, row: &NewZonageImport) -> QueryResult<()> {
    diesel::insert_into(zonage_imports::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// A zonage of the région as the admin page lists it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ListedZonage {
    pub id: String,
    pub profession: crate::domain::profession::Profession,
    pub valid_from: String,
    pub valid_to: Option<String>,
    pub source: String,
    pub imported_at: NaiveDateTime,
    pub communes: i64,
    pub last_checked: Option<String>,
    /// The file and the person (none from the command line or the shipped data).
    pub file_name: Option<String>,
    pub imported_by: Option<String>,
    /// What the import left out: communes without a zone ("N/A"), unknown to the
    /// territories table, or of another région.
    pub without_zone: i32,
    pub unknown_communes: i32,
    pub outside_region: i32,
}

/// Every zonage of the région, the most recent import first.
pub fn list(conn: &mut DbConnection, region: &str) -> QueryResult<Vec<ListedZonage>> {
    type Row = (
        String,
        crate::domain::profession::Profession,
        String,
        Option<String>,
        String,
        NaiveDateTime,
        Option<String>,
    );
    let rows: Vec<Row> = zonages::table
        .filter(zonages::region_code.eq(region))
        .order((zonages::imported_at.desc(), zonages::id.desc()))
        .select((
            zonages::id,
            zonages::profession,
            zonages::valid_from,
            zonages::valid_to,
            zonages::source,
            zonages::imported_at,
            zonages::last_checked,
        ))
        .load(conn)?;
    let ids: Vec<&String> = rows.iter().map(|r| &r.0).collect();
    let counts: Vec<(String, i64)> = zonage_communes::table
        .filter(zonage_communes::zonage_id.eq_any(&ids))
        .group_by(zonage_communes::zonage_id)
        .select((zonage_communes::zonage_id, diesel::dsl::count_star()))
        .load(conn)?;
    type Log = (
        String,
        String,
        Option<String>,
        Option<String>,
        (i32, i32, i32),
    );
    let logs: Vec<Log> = zonage_imports::table
        .left_join(users::table.on(users::id.nullable().eq(zonage_imports::actor_id)))
        .filter(zonage_imports::zonage_id.eq_any(&ids))
        .order(zonage_imports::imported_at.desc())
        .select((
            zonage_imports::zonage_id,
            zonage_imports::file_name,
            users::first_name.nullable(),
            users::last_name.nullable(),
            (
                zonage_imports::without_zone,
                zonage_imports::unknown_communes,
                zonage_imports::outside_region,
            ),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, profession, valid_from, valid_to, source, imported_at, last_checked)| {
                let log = logs.iter().find(|l| l.0 == id);
                let (without_zone, unknown_communes, outside_region) =
                    log.map_or((0, 0, 0), |l| l.4);
                ListedZonage {
                    last_checked,
                    without_zone,
                    unknown_communes,
                    outside_region,
                    communes: counts.iter().find(|c| c.0 == id).map_or(0, |c| c.1),
                    file_name: log.map(|l| l.1.clone()),
                    imported_by: log.and_then(|l| match (&l.2, &l.3) {
                        (Some(f), Some(n)) => Some(format!("{f} {n}")),
                        _ => None,
                    }),
                    id,
                    profession,
                    valid_from,
                    valid_to,
                    source,
                    imported_at,
                }
            },
        )
        .collect())
}

/// The INSEE codes a zonage lists.
pub fn communes_of(conn: &mut DbConnection, zonage_id: &str) -> QueryResult<Vec<String>> {
    zonage_communes::table
        .filter(zonage_communes::zonage_id.eq(zonage_id))
        .select(zonage_communes::insee)
        .load(conn)
}
