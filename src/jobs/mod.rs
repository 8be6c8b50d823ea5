//! Background jobs besides the e-mail worker.
pub mod reminders;
