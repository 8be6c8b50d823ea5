//! Tests of the eligibility engine against the shipped rule files.

mod aid_table;
mod cases_medecins;
mod cases_others;
mod cases_territorial;
mod catalogue_files;
mod input_cases;
mod law_2026;
mod other_profession;
mod report_cases;
mod specifics;

use super::Catalogue;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The shipped rule files (works in the real crate and in a scratch crate with a `config` link).
pub(super) fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("config")
        .join("aides")
}

/// The shipped catalogue, loaded once per test binary.
pub(super) fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| match Catalogue::load_dir(&rules_dir()) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    })
}
