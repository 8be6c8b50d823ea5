//! Régions, départements and communes.

use diesel::prelude::*;
use diesel::upsert::excluded;

use super::schema::{communes, departements, regions};
use super::DbConnection;
use crate::domain::territory::{normalize_search, Commune, Departement, Region};

/// Rows per multi-row INSERT (8 binds each: well under both backends' limits).
const BATCH: usize = 1000;

#[derive(Insertable)]
#[diesel(table_name = regions)]
struct NewRegion<'a> {
    code: &'a str,
    name: &'a str,
}

#[derive(Insertable)]
#[diesel(table_name = departements)]
struct NewDepartement<'a> {
    code: &'a str,
    name: &'a str,
    region_code: &'a str,
}

#[derive(Insertable)]
#[diesel(table_name = communes)]
struct NewCommune<'a> {
    insee: &'a str,
    name: &'a str,
    search_name: String,
    departement_code: &'a str,
    region_code: &'a str,
    postal_codes: String,
    population: i32,
    updated_at: chrono::NaiveDateTime,
}

/// Inserts or updates every territory, in one transaction.
pub fn upsert_all(
    conn: &mut DbConnection,
    new_regions: &[Region],
    new_departements: &[Departement],
    new_communes: &[Commune],
    now: chrono::NaiveDateTime,
) -> QueryResult<()> {
    let region_rows: Vec<NewRegion> = new_regions
        .iter()
        .map(|r| NewRegion {
            code: &r.code,
            name: &r.name,
        })
        .collect();
    let departement_rows: Vec<NewDepartement> = new_departements
        .iter()
        .map(|d| NewDepartement {
            code: &d.code,
            name: &d.name,
            region_code: &d.region_code,
        })
        .collect();
    let commune_rows: Vec<NewCommune> = new_communes
        .iter()
        .map(|c| NewCommune {
            insee: &c.insee,
            name: &c.name,
            search_name: normalize_search(&c.name),
            departement_code: &c.departement_code,
            region_code: &c.region_code,
            postal_codes: c.postal_codes.join(","),
            population: c.population,
            updated_at: now,
        })
        .collect();
    // SQLite cannot combine a multi-row INSERT with ON CONFLICT in diesel: one row per
    // statement there (prepared once, fast in one transaction), batches on PostgreSQL.
    macro_rules! upsert {
        ($c:expr, $table:ident, $key:ident, $values:expr, [$($col:ident),+]) => {
            diesel::insert_into($table::table)
                .values($values)
                .on_conflict($table::$key)
                .do_update()
                .set(($($table::$col.eq(excluded($table::$col)),)+))
                .execute($c)
        };
    }
    macro_rules! upsert_all {
        ($c:expr, $each:ident) => {{
            for rows in $each(&region_rows) {
                upsert!($c, regions, code, rows, [name])?;
            }
            for rows in $each(&departement_rows) {
                upsert!($c, departements, code, rows, [name, region_code])?;
            }
            for rows in $each(&commune_rows) {
                upsert!(
                    $c,
                    communes,
                    insee,
                    rows,
                    [
                        name,
                        search_name,
                        departement_code,
                        region_code,
                        postal_codes,
                        population,
                        updated_at
                    ]
                )?;
            }
            Ok(())
        }};
    }
    fn batches<T>(rows: &[T]) -> std::slice::Chunks<'_, T> {
        rows.chunks(BATCH)
    }
    fn single<T>(rows: &[T]) -> std::slice::Iter<'_, T> {
        rows.iter()
    }
    match conn {
        DbConnection::Postgresql(c) => c.transaction(|c| upsert_all!(c, batches)),
        DbConnection::Sqlite(c) => c.transaction(|c| upsert_all!(c, single)),
    }
}

pub fn count_communes(conn: &mut DbConnection) -> QueryResult<i64> {
    communes::table.count().get_result(conn)
}

#[derive(Debug, Clone, Queryable, serde::Serialize)]
pub struct CommuneRow {
    pub insee: String,
    pub name: String,
    pub departement_code: String,
    pub region_code: String,
    pub postal_codes: String,
    pub population: i32,
}

pub fn find_commune(conn: &mut DbConnection, insee: &str) -> QueryResult<Option<CommuneRow>> {
    communes::table
        .select((
            communes::insee,
            communes::name,
            communes::departement_code,
            communes::region_code,
            communes::postal_codes,
            communes::population,
        ))
        .find(insee)
        .first(conn)
        .optional()
}

pub fn region_name(conn: &mut DbConnection, code: &str) -> QueryResult<Option<String>> {
    regions::table
        .find(code)
        .select(regions::name)
        .first(conn)
        .optional()
}

pub fn departements_of_region(
    conn: &mut DbConnection,
    region: &str,
) -> QueryResult<Vec<(String, String)>> {
    departements::table
        .filter(departements::region_code.eq(region))
        .order(departements::code)
        .select((departements::code, departements::name))
        .load(conn)
}

/// The INSEE codes of the communes of a région.
pub fn insee_codes_of_region(conn: &mut DbConnection, region: &str) -> QueryResult<Vec<String>> {
    communes::table
        .filter(communes::region_code.eq(region))
        .select(communes::insee)
        .load(conn)
}

/// (INSEE code, département code) of every commune of a région (zonage coverage).
pub fn communes_of_region(
    conn: &mut DbConnection,
    region: &str,
) -> QueryResult<Vec<(String, String)>> {
    communes::table
        .filter(communes::region_code.eq(region))
        .select((communes::insee, communes::departement_code))
        .load(conn)
}

/// Every commune, for the in-memory search index built at start-up.
pub fn all_communes(conn: &mut DbConnection) -> QueryResult<Vec<Commune>> {
    let rows: Vec<CommuneRow> = communes::table
        .select((
            communes::insee,
            communes::name,
            communes::departement_code,
            communes::region_code,
            communes::postal_codes,
            communes::population,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| Commune {
            postal_codes: r
                .postal_codes
                .split(',')
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect(),
            insee: r.insee,
            name: r.name,
            departement_code: r.departement_code,
            region_code: r.region_code,
            population: r.population,
        })
        .collect())
}

/// (département code, région code) of every département (zonage imports).
pub fn departement_regions(conn: &mut DbConnection) -> QueryResult<Vec<(String, String)>> {
    departements::table
        .select((departements::code, departements::region_code))
        .load(conn)
}

/// (INSEE code, région code) of every commune (zonage imports).
pub fn commune_regions(conn: &mut DbConnection) -> QueryResult<Vec<(String, String)>> {
    communes::table
        .select((communes::insee, communes::region_code))
        .load(conn)
}
