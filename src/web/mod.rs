//! HTTP handlers, grouped by area. Handlers are thin: extract, parse, call the domain or the
//! database in `db::run`, render.

pub mod account;
pub mod admin;
pub mod assets;
pub mod dev_mailbox;
pub mod error_pages;
pub mod filters;
pub mod forms;
pub mod health;
pub mod home;
pub mod middleware;
pub mod page;
pub mod requests;
pub mod security;

use std::sync::Arc;

use crate::auth::password::Hasher;
use crate::config::Settings;
use crate::db::DbPool;
use crate::domain::account::CommonPasswords;

/// Everything a handler may need, shared by all workers.
pub struct AppState {
    pub pool: DbPool,
    pub settings: Arc<Settings>,
    pub templates: tera::Tera,
    pub assets: assets::AssetPaths,
    pub hasher: Hasher,
    pub common_passwords: CommonPasswords,
    pub routing: crate::domain::routing::RoutingTable,
}

impl AppState {
    pub fn base_url(&self) -> &str {
        self.settings.server.base_url.trim_end_matches('/')
    }
}
