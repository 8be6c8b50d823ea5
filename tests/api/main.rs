//! The one integration test binary: a real server on port 0, a real database (SQLite file, or
//! PostgreSQL when `TEST_DATABASE_URL` is set).

mod cli;
mod communes;
mod eligibility;
mod foundation;
mod helpers;
mod pages;
mod zonage;
