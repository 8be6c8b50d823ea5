//! `cargo bench --bench eligibility`: the two hot paths of the simulator and its API.
//!
//! - evaluating every aid of `config/aides` for one profile (target: median ≤ 20 µs);
//! - searching every French commune (the @etalab/decoupage-administratif data installed under
//!   `assets/`) for typical autocomplete queries (target: median ≤ 200 µs per query).

use std::hint::black_box;
use std::path::Path;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};

use guichet::domain::commune_search::CommuneIndex;
use guichet::domain::eligibility::{evaluate, Catalogue, Profile};
use guichet::domain::profession::{Profession, Sector, Situation};
use guichet::domain::zone::ZoneSet;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn eligibility(c: &mut Criterion) {
    let catalogue = Catalogue::load_dir(&root().join("config/aides")).expect("config/aides");
    let on = NaiveDate::from_ymd_opt(2025, 6, 1).expect("date");
    let installed = Profile {
        profession: Some(Profession::Medecin),
        specialty: Some("medecine-generale".into()),
        situation: Some(Situation::Installe),
        installed_on: NaiveDate::from_ymd_opt(2025, 3, 1),
        first_installation: Some(true),
        zone: Some(ZoneSet::not_zip()),
        sector: Some(Sector::Secteur1),
        coordinated_practice: Some(true),
        days_per_week: Some(4.0),
        age: Some(34),
        ..Profile::default()
    };
    let student = Profile {
        profession: Some(Profession::Medecin),
        situation: Some(Situation::Etudiant),
        study_year: Some(5),
        ..Profile::default()
    };
    let mut group = c.benchmark_group("evaluate_all_aids");
    group.bench_function("installed_gp_not_zip", |b| {
        b.iter(|| evaluate(black_box(&catalogue), black_box(&installed), black_box(on)))
    });
    group.bench_function("fifth_year_student", |b| {
        b.iter(|| evaluate(black_box(&catalogue), black_box(&student), black_box(on)))
    });
    group.finish();
}

fn commune_search(c: &mut Criterion) {
    let dir = root().join("assets/node_modules/@etalab/decoupage-administratif/data");
    let (_, _, communes) = guichet::import::communes::read_dir(&dir)
        .expect("communes: lancez `make run` ou `npm install` dans assets/");
    let index = CommuneIndex::new(communes);
    eprintln!("{} communes indexées", index.len());
    let mut group = c.benchmark_group("commune_search");
    for q in [
        "marseille",
        "sainte eti",
        "st",
        "saint jean de",
        "la",
        "13001",
        "130",
        "bourg",
    ] {
        group.bench_function(q, |b| b.iter(|| index.search(black_box(q)).len()));
    }
    group.finish();
}

criterion_group!(benches, eligibility, commune_search);
criterion_main!(benches);
