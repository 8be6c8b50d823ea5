//! Generated data: the demo set (`guichet seed demo`) and volumes (`guichet seed load`).
pub mod demo;
mod generate;
pub mod load;
pub mod permanences;
pub mod qpv;
mod rng;
