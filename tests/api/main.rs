//! The one integration test binary: a real server on port 0, a real database (SQLite file, or
//! PostgreSQL when `TEST_DATABASE_URL` is set), the stub mailer.

mod access;
mod accounts;
mod admin;
mod admin_files;
mod backoffice;
mod cli;
mod communes;
mod content_shortcuts;
mod eligibility;
mod eligibility_2026;
mod foundation;
mod golive_admin;
mod golive_defaults;
mod golive_institutions;
mod golive_ops;
mod golive_proxy;
mod helpers;
mod inboxes;
mod indicators;
mod info;
mod load;
mod message_targets;
mod outbox;
mod pages;
mod permanences;
mod request_helpers;
mod requests;
mod session_helpers;
mod signin_redirect;
mod simulator_questions;
mod time;
mod view_cache;
mod zonage;
mod zonage_france;
mod zonage_import;
