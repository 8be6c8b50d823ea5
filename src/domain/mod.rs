//! Pure business types and rules: no I/O, no database, no HTTP.
pub mod account;
pub mod attachment;
pub mod calendar;
pub mod commune_search;
pub mod contacts;
pub mod content;
pub mod eligibility;
pub mod ics;
pub mod identifiers;
pub mod institution;
pub mod permanence;
pub mod profession;
pub mod request;
pub mod routing;
pub mod territory;
pub mod zonage;
pub mod zone;
