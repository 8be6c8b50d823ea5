//! Importers of reference data files into the database (`guichet import …`).
pub mod communes;
pub mod institutions;
pub mod zonage;
pub mod zonage_cli;
pub mod zonage_france;
