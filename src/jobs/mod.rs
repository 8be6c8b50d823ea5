//! Background jobs besides the e-mail worker.
pub mod digest;
pub mod indicators;
pub mod reminders;
