//! HTTP handlers, grouped by area. Handlers are thin: extract, parse, call the domain or the
//! database in `db::run`, render.

pub mod assets;
pub mod error_pages;
pub mod health;
pub mod home;
pub mod page;
pub mod security;

use std::sync::Arc;

use crate::config::Settings;
use crate::db::DbPool;

/// Everything a handler may need, shared by all workers.
pub struct AppState {
    pub pool: DbPool,
    pub settings: Arc<Settings>,
    pub templates: tera::Tera,
    pub assets: assets::AssetPaths,
}
