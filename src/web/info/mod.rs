//! Information and orientation: pages by profession and career step, "Qui contacter ?", the
//! site search, and the permanences (joint appointments) with their bookings.

pub mod bookings;
pub mod contacts;
pub mod pages;
pub mod permanences;
pub mod publish;
mod regional;
pub mod search;

use serde::Serialize;

use crate::domain::profession::Profession;

/// A `value`/`label` pair for `forms::select` and checkboxes.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

pub fn profession_choices() -> Vec<Choice> {
    Profession::ALL
        .iter()
        .map(|p| Choice {
            value: p.slug().to_string(),
            label: p.label().to_string(),
        })
        .collect()
}
