//! `guichet seed load`: realistic volumes in the demo région (deterministic for a seed), inserted
//! in bulk. Needs the territories and the demo institutions (the CLI seeds the latter first).

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use anyhow::bail;
use chrono::{Datelike, NaiveDateTime};

use super::generate::{self, Place, Referent, Rng, Target, World};
use crate::db::bulk::{self, Rows};
use crate::db::{self, DbConnection};
use crate::domain::account::Role;
use crate::domain::institution::InstitutionKind;

const REGION: &str = "93";
/// Requests generated and inserted per transaction.
const CHUNK: usize = 2_000;

#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    pub requests: usize,
    pub professionals: usize,
    pub seed: u64,
}

/// Rows inserted so far (also the progress report).
#[derive(Debug, Default, Clone, Copy)]
pub struct LoadReport {
    pub professionals: usize,
    pub requests: usize,
    pub referrals: usize,
    pub messages: usize,
    pub events: usize,
    pub seconds: f64,
}

impl LoadReport {
    pub fn rows(&self) -> usize {
        self.professionals + self.requests + self.referrals + self.messages + self.events
    }

    pub fn rows_per_second(&self) -> f64 {
        self.rows() as f64 / self.seconds.max(0.001)
    }

    fn add(&mut self, rows: &Rows) {
        self.professionals += rows.users.len();
        self.requests += rows.requests.len();
        self.referrals += rows.referrals.len();
        self.messages += rows.messages.len();
        self.events += rows.events.len();
    }
}

fn world(conn: &mut DbConnection, now: NaiveDateTime) -> anyhow::Result<World> {
    let places: Vec<Place> = db::territories::all_communes(conn)?
        .into_iter()
        .filter(|c| c.region_code == REGION)
        .map(|c| Place {
            insee: c.insee,
            name: c.name,
            departement: c.departement_code,
            region: c.region_code,
        })
        .collect();
    if places.is_empty() {
        bail!("aucune commune de Provence-Alpes-Côte d'Azur : lancez d'abord « guichet import communes »");
    }
    let departemental = [
        InstitutionKind::ArsDd,
        InstitutionKind::Cpam,
        InstitutionKind::Ordre,
    ];
    let targets: Vec<Target> = db::institutions::list_in_region(conn, REGION)?
        .into_iter()
        .filter(|i| departemental.contains(&i.kind))
        .map(|i| Target {
            id: i.id,
            kind: i.kind,
            departement: i.departement_code,
        })
        .collect();
    if targets.is_empty() {
        bail!("aucune institution de démonstration : lancez d'abord « guichet seed demo »");
    }
    let mut referents = Vec::new();
    for user in db::users::list_agents_in_region(conn, REGION)? {
        if user.role == Role::Referent {
            let departements = db::users::departements_of(conn, &user.id)?;
            referents.push(Referent {
                id: user.id,
                departements,
            });
        }
    }
    Ok(World {
        places,
        targets,
        referents,
        now,
    })
}

/// Generates and inserts; `progress` is called after each transaction.
pub fn run(
    conn: &mut DbConnection,
    options: LoadOptions,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(&LoadReport),
) -> anyhow::Result<LoadReport> {
    if options.requests > 0 && options.professionals == 0 {
        bail!("--professionals doit valoir au moins 1 pour générer des demandes");
    }
    let started = Instant::now();
    let world = world(conn, now)?;
    let communes: HashMap<&str, &str> = world
        .places
        .iter()
        .map(|p| (p.insee.as_str(), p.name.as_str()))
        .collect();
    let mut rng = Rng::new(options.seed);
    let mut report = LoadReport::default();
    let first = bulk::count_users(conn)? as usize;
    let professionals = generate::professionals(&mut rng, first, options.professionals, now);
    for chunk in professionals.chunks(CHUNK * 5) {
        let rows = Rows {
            users: chunk.to_vec(),
            ..Rows::default()
        };
        bulk::insert(conn, &rows)?;
        report.add(&rows);
        report.seconds = started.elapsed().as_secs_f64();
        progress(&report);
    }
    let mut done = 0;
    while done < options.requests {
        let size = CHUNK.min(options.requests - done);
        let mut rows = Rows::default();
        let mut authors = Vec::with_capacity(size);
        for _ in 0..size {
            let author = rng.below(professionals.len());
            if let Some(professional) = professionals.get(author) {
                if generate::request(&mut rng, &world, professional, &mut rows).is_some() {
                    authors.push(author);
                }
            }
        }
        // Number per creation year, from counters reserved in one step per year.
        let mut per_year: BTreeMap<i32, i64> = BTreeMap::new();
        for row in &rows.requests {
            *per_year.entry(row.created_at.year()).or_default() += 1;
        }
        let mut next: BTreeMap<i32, i64> = BTreeMap::new();
        for (year, count) in per_year {
            next.insert(year, bulk::reserve_numbers(conn, year, count)?);
        }
        for (row, author) in rows.requests.iter_mut().zip(&authors) {
            let counter = next.entry(row.created_at.year()).or_default();
            let commune = row
                .commune_insee
                .as_deref()
                .and_then(|c| communes.get(c).copied())
                .unwrap_or_default();
            if let Some(professional) = professionals.get(*author) {
                generate::finish(row, *counter, professional, commune);
            }
            *counter += 1;
        }
        bulk::insert(conn, &rows)?;
        report.add(&rows);
        done += size;
        report.seconds = started.elapsed().as_secs_f64();
        progress(&report);
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}
