//! Regional administration: the hub, institutions and their agents (invite, role, disable),
//! routing overrides, zonage imports, aid rule files, the e-mail outbox, the audit log.

pub mod accounts;
pub mod aids;
pub mod hub;
pub mod institution_edit;
pub mod institution_manage;
pub mod institutions;
pub mod outbox;
pub mod regional_aids;
pub mod regional_history;
pub mod regional_texts;
pub mod routing;
mod routing_view;
pub mod users;
pub mod zonage_imports;
