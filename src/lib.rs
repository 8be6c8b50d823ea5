//! Guichet unique des professionnels de santé.
//!
//! `domain` holds the pure business rules; `db` the only backend-aware code; `workflow` and
//! `accounts` the use cases; `web` the HTTP handlers; `startup` assembles them; `cli` is what the `guichet` binary runs.

pub mod accounts;
pub mod antivirus;
pub mod auth;
pub mod cli;
pub mod client_address;
pub mod clock;
pub mod command_error;
pub mod config;
pub mod content;
pub mod db;
pub mod domain;
pub mod error;
pub mod import;
pub mod jobs;
pub mod mail;
pub mod ops;
pub mod regional_content;
pub mod rules_cli;
pub mod seed;
pub mod startup;
pub mod telemetry;
pub mod template_filters;
pub mod web;
pub mod workflow;

#[cfg(test)]
mod architecture_tests;
