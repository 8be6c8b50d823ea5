//! The back office: the référent's and the partner's inboxes (tabs, filters, search, keyset
//! pagination, CSV export) and the référent's bulk actions.
pub mod bulk;
pub mod export;
pub mod inbox;
pub mod standard_replies;
mod view;

/// A choice of a list (value, label), for the select fields of other pages too.
pub use view::Choice;
