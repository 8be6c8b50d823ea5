//! HTTP handlers, grouped by area. Handlers are thin: extract, parse, call the domain or the
//! database in `db::run`, render.

pub mod account;
pub mod admin;
pub mod aides;
pub mod api;
pub mod assets;
pub mod backoffice;
pub mod commitments;
pub mod communes;
pub mod dev_mailbox;
pub mod eligibility;
pub mod error_pages;
pub mod forms;
pub mod health;
pub mod home;
pub mod indicators;
pub mod info;
pub mod live_catalogue;
pub mod middleware;
pub mod page;
pub mod page_rows;
pub mod projects;
pub mod requests;
pub mod routes;
pub mod security;
pub mod simulator;
pub mod uploads;
pub mod view_cache;
pub mod zonage;
pub mod zonage_cache;

use std::sync::Arc;

use crate::auth::password::Hasher;
use crate::config::Settings;
use crate::content::Library;
use crate::db::DbPool;
use crate::domain::account::CommonPasswords;
use crate::domain::commune_search::CommuneIndex;

/// Everything a handler may need, shared by all workers.
pub struct AppState {
    pub pool: DbPool,
    /// "Now" for every handler and job (the system clock in production, set by tests).
    pub clock: crate::clock::Clock,
    pub settings: Arc<Settings>,
    /// The page and e-mail templates, shared with the jobs and the blocking database tasks.
    pub templates: Arc<tera::Tera>,
    pub assets: assets::AssetPaths,
    pub hasher: Hasher,
    pub common_passwords: CommonPasswords,
    pub routing: crate::domain::routing::RoutingTable,
    /// The aid rules: `config/aides` loaded at start-up, plus the published regional rules.
    pub catalogue: live_catalogue::LiveCatalogue,
    /// Every commune, for the search and to check INSEE codes without a query.
    pub communes: CommuneIndex,
    /// The information pages of `content/` and the site search.
    pub library: Library,
    /// Every zonage, reloaded when an import changes them.
    pub zonages: zonage_cache::ZonageCache,
    /// The départements' outlines for the indicators' map, and the refresh lock.
    pub indicators: indicators::IndicatorsState,
    /// Inbox pages rendered recently, forgotten on every write.
    pub views: Arc<view_cache::ViewCache>,
    /// The bytes of uploads held at once by the whole server.
    pub uploads: uploads::UploadBudget,
    /// The antivirus every upload goes through (`None`: not configured, development only).
    pub scanner: Option<crate::antivirus::Scanner>,
}

impl AppState {
    pub fn base_url(&self) -> &str {
        self.settings.server.base_url.trim_end_matches('/')
    }
}
