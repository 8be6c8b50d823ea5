//! Zonages and their communes: import (closing the previous zonage of the same région and
//! profession) and the lookup "commune + profession + date".
//!
//! Dates are stored as ISO text (`YYYY-MM-DD`), which both backends compare like dates.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::schema::{zonage_communes, zonage_imports, zonages};
use super::DbConnection;
use crate::domain::profession::Profession;
use crate::domain::zonage::{CommuneZone, ZonageIndex, ZonageMeta};
use crate::domain::zone::ZoneSet;

/// Rows per multi-row INSERT on SQLite (3 binds each, under its 32,766 parameters).
const SQLITE_BATCH: usize = 2_000;

#[derive(Insertable)]
#[diesel(table_name = zonages)]
struct NewZonage<'a> {
    id: &'a str,
    region_code: &'a str,
    profession: Profession,
    valid_from: String,
    valid_to: Option<String>,
    source: &'a str,
    imported_at: chrono::NaiveDateTime,
    last_checked: String,
}

#[derive(Insertable)]
#[diesel(table_name = zonage_communes)]
#[diesel(treat_none_as_default_value = false)]
struct NewZonageCommune<'a> {
    zonage_id: &'a str,
    insee: &'a str,
    zone_set: String,
}

fn commune_rows<'a>(id: &'a str, communes: &'a [CommuneZone]) -> Vec<NewZonageCommune<'a>> {
    communes
        .iter()
        .map(|c| NewZonageCommune {
            zonage_id: id,
            insee: &c.insee,
            zone_set: c.zone.storage_code(),
        })
        .collect()
}

/// Inserts the communes of a zonage: `COPY … FROM STDIN` on PostgreSQL, multi-row INSERTs on
/// SQLite (the caller holds the transaction).
fn insert_communes(conn: &mut DbConnection, rows: &[NewZonageCommune]) -> QueryResult<()> {
    match conn {
        DbConnection::Postgresql(c) => {
            diesel::copy_from(zonage_communes::table)
                .from_insertable(rows)
                .execute(c)?;
        }
        DbConnection::Sqlite(c) => {
            for chunk in rows.chunks(SQLITE_BATCH) {
                diesel::insert_into(zonage_communes::table)
                    .values(chunk)
                    .execute(c)?;
            }
        }
    }
    Ok(())
}

/// Why a zonage could not be recorded.
#[derive(Debug, thiserror::Error)]
pub enum ZonageWriteError {
    #[error("un zonage de cette région et de cette profession commence déjà le {0} : importez les zonages dans l'ordre chronologique")]
    LaterZonageExists(String),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub id: String,
    pub communes: usize,
    /// Previous zonages closed the day before the new one starts.
    pub closed: usize,
}

fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Records a zonage and its communes in one transaction; the zonages of the same région and
/// profession still in force on `valid_from` end the day before.
pub fn record(
    conn: &mut DbConnection,
    meta: &ZonageMeta,
    communes: &[CommuneZone],
    now: chrono::NaiveDateTime,
) -> Result<Recorded, ZonageWriteError> {
    let id = uuid::Uuid::now_v7().to_string();
    let from = iso(meta.valid_from);
    let day_before = iso(meta.valid_from.pred_opt().unwrap_or(meta.valid_from));
    let profession = meta.profession;
    let zonage = NewZonage {
        id: &id,
        region_code: &meta.region_code,
        profession,
        valid_from: from.clone(),
        valid_to: meta.valid_to.map(iso),
        source: &meta.source,
        imported_at: now,
        last_checked: iso(meta.last_checked.unwrap_or(now.date())),
    };
    let rows = commune_rows(&id, communes);
    crate::db::transaction::<_, ZonageWriteError, _>(conn, |conn| {
        let same = zonages::table
            .filter(zonages::region_code.eq(&meta.region_code))
            .filter(zonages::profession.eq(profession));
        let later: Option<String> = same
            .filter(zonages::valid_from.ge(&from))
            .select(zonages::valid_from)
            .order(zonages::valid_from)
            .first(conn)
            .optional()?;
        if let Some(later) = later {
            return Err(ZonageWriteError::LaterZonageExists(later));
        }
        let closed = diesel::update(
            same.filter(zonages::valid_to.is_null().or(zonages::valid_to.ge(&from))),
        )
        .set(zonages::valid_to.eq(&day_before))
        .execute(conn)?;
        diesel::insert_into(zonages::table)
            .values(&zonage)
            .execute(conn)?;
        insert_communes(conn, &rows)?;
        Ok(Recorded {
            id: id.clone(),
            communes: rows.len(),
            closed,
        })
    })
}

/// Is there already a zonage of this région and profession starting on this date?
pub fn exists(
    conn: &mut DbConnection,
    region_code: &str,
    profession: Profession,
    valid_from: NaiveDate,
) -> QueryResult<bool> {
    let count: i64 = zonages::table
        .filter(zonages::region_code.eq(region_code))
        .filter(zonages::profession.eq(profession))
        .filter(zonages::valid_from.eq(iso(valid_from)))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

/// A zonage already recorded, as a re-import sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredZonage {
    pub id: String,
    /// Its last day (ISO), if closed.
    pub valid_to: Option<String>,
    /// The file its latest import log names (none when recorded without a log).
    pub file_name: Option<String>,
}

/// The zonage of this région and profession starting on `valid_from`, if any.
pub fn starting_on(
    conn: &mut DbConnection,
    region_code: &str,
    profession: Profession,
    valid_from: NaiveDate,
) -> QueryResult<Option<StoredZonage>> {
    let found: Option<(String, Option<String>)> = zonages::table
        .filter(zonages::region_code.eq(region_code))
        .filter(zonages::profession.eq(profession))
        .filter(zonages::valid_from.eq(iso(valid_from)))
        .select((zonages::id, zonages::valid_to))
        .first(conn)
        .optional()?;
    let Some((id, valid_to)) = found else {
        return Ok(None);
    };
    let file_name: Option<String> = zonage_imports::table
        .filter(zonage_imports::zonage_id.eq(&id))
        .order(zonage_imports::imported_at.desc())
        .select(zonage_imports::file_name)
        .first(conn)
        .optional()?;
    Ok(Some(StoredZonage {
        id,
        valid_to,
        file_name,
    }))
}

/// Replaces the communes, source and check date of zonage `id` (re-importing a shipped file);
/// its last day becomes the earlier of the stored one and `meta.valid_to`.
pub fn replace(
    conn: &mut DbConnection,
    id: &str,
    stored_to: Option<&str>,
    meta: &ZonageMeta,
    communes: &[CommuneZone],
    now: chrono::NaiveDateTime,
) -> QueryResult<usize> {
    let valid_to = match (stored_to.map(str::to_string), meta.valid_to.map(iso)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let rows = commune_rows(id, communes);
    crate::db::transaction(conn, |conn| {
        diesel::delete(zonage_communes::table.filter(zonage_communes::zonage_id.eq(id)))
            .execute(conn)?;
        diesel::update(zonages::table.find(id))
            .set((
                zonages::source.eq(&meta.source),
                zonages::valid_to.eq(&valid_to),
                zonages::last_checked.eq(iso(meta.last_checked.unwrap_or(now.date()))),
                zonages::imported_at.eq(now),
            ))
            .execute(conn)?;
        insert_communes(conn, &rows)?;
        Ok(rows.len())
    })
}

type ZonageRowDb = (
    String,
    String,
    Profession,
    String,
    Option<String>,
    String,
    Option<String>,
);

/// Turns a stored row into domain values; a value we did not write is a database error.
fn decode(row: ZonageRowDb) -> QueryResult<(String, ZonageMeta)> {
    let (id, region_code, profession, from, to, source, last_checked) = row;
    let bad = |what: String| diesel::result::Error::DeserializationError(what.into());
    let date = |s: &str| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad(format!("date de zonage « {s} »")))
    };
    let meta = ZonageMeta {
        region_code,
        profession,
        valid_from: date(&from)?,
        valid_to: to.as_deref().map(date).transpose()?,
        source,
        last_checked: last_checked.as_deref().map(date).transpose()?,
    };
    Ok((id, meta))
}

/// Every zone of every commune in every zonage (a few hundred thousand rows at most).
pub fn load_index(conn: &mut DbConnection) -> QueryResult<ZonageIndex> {
    let zonage_rows: Vec<ZonageRowDb> = zonages::table
        .select((
            zonages::id,
            zonages::region_code,
            zonages::profession,
            zonages::valid_from,
            zonages::valid_to,
            zonages::source,
            zonages::last_checked,
        ))
        .load(conn)?;
    let metas = zonage_rows
        .into_iter()
        .map(decode)
        .collect::<QueryResult<Vec<_>>>()?;
    let rows: Vec<(String, String, String)> = zonage_communes::table
        .select((
            zonage_communes::zonage_id,
            zonage_communes::insee,
            zonage_communes::zone_set,
        ))
        .load(conn)?;
    let rows = rows
        .into_iter()
        .map(|(zonage, insee, zone)| {
            let zone: ZoneSet = zone
                .parse()
                .map_err(|e| diesel::result::Error::DeserializationError(format!("{e}").into()))?;
            Ok((zonage, insee, zone))
        })
        .collect::<QueryResult<Vec<_>>>()?;
    Ok(ZonageIndex::new(metas, rows))
}

/// Changes whenever a zonage is recorded or closed: (number of zonages, their closing days and
/// import times, concatenated in order). Cheap enough to poll.
pub fn stamp(conn: &mut DbConnection) -> QueryResult<String> {
    let rows: Vec<(String, Option<String>, chrono::NaiveDateTime)> = zonages::table
        .order(zonages::id)
        .select((zonages::id, zonages::valid_to, zonages::imported_at))
        .load(conn)?;
    Ok(rows
        .iter()
        .map(|(id, to, at)| format!("{id}:{}:{at}", to.as_deref().unwrap_or("")))
        .collect::<Vec<_>>()
        .join(","))
}

/// A zonage as listed (for tests and the CLI).
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct ZonageRow {
    pub id: String,
    pub region_code: String,
    pub profession: Profession,
    pub valid_from: String,
    pub valid_to: Option<String>,
    pub source: String,
}

/// The zonages of a région, oldest first.
pub fn list(conn: &mut DbConnection, region_code: &str) -> QueryResult<Vec<ZonageRow>> {
    zonages::table
        .filter(zonages::region_code.eq(region_code))
        .order((zonages::profession, zonages::valid_from))
        .select((
            zonages::id,
            zonages::region_code,
            zonages::profession,
            zonages::valid_from,
            zonages::valid_to,
            zonages::source,
        ))
        .load(conn)
}
