//! Regional administration: agents (invite, role, disable), the e-mail outbox, the audit log.

pub mod outbox;
pub mod users;
