//! Generated data: the demo set (`guichet seed demo`).
pub mod demo;
pub mod permanences;
pub mod qpv;
