//! The back office: the référent's inbox (tabs, filters, search, keyset pagination) and its CSV
//! export.
pub mod bulk;
pub mod inbox;
