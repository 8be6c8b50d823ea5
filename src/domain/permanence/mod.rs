//! Permanences: joint appointments where the partner institutions receive professionals together
//! (seed 002: the Île-de-France monthly permanences, the Eure "accueil unique"). A référent
//! publishes a session (a place or a video link, a date, consecutive time slots, the
//! institutions present); a professional books a slot, is reminded 48 h before, may cancel.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::domain::field_error::FieldError;
use crate::domain::slug::slug_enum;

slug_enum! {
    /// How the professional meets the institutions.
    pub enum Mode, "Modalité inconnue" {
        SurPlace => ("sur-place", "Sur place"),
        Visio => ("visio", "En visioconférence"),
    }
}

/// How long before a slot the reminder is sent.
pub fn reminder_lead() -> Duration {
    Duration::hours(48)
}

/// Whether the reminder of a slot starting at `start` is due at `now`: the slot has not begun
/// and starts within 48 hours.
pub fn reminder_due(start: NaiveDateTime, now: NaiveDateTime) -> bool {
    now < start && start - now <= reminder_lead()
}

/// Limits of a session.
pub const MAX_SLOTS: u32 = 24;
pub const MAX_CAPACITY: u32 = 20;
pub const SLOT_MINUTES: std::ops::RangeInclusive<u32> = 10..=120;

/// The publication form as typed (every field a string; institutions repeated).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SessionForm {
    pub title: String,
    pub departement: String,
    pub mode: String,
    pub address: String,
    pub video_url: String,
    pub date: String,
    pub start_time: String,
    pub slot_minutes: String,
    pub slot_count: String,
    pub capacity: String,
    pub details: String,
    #[serde(default)]
    pub institutions: Vec<String>,
}

/// A checked session, its slots in UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionPlan {
    pub title: String,
    pub departement_code: String,
    pub mode: Mode,
    pub address: Option<String>,
    pub video_url: Option<String>,
    pub details: String,
    pub capacity: i32,
    pub slots: Vec<(NaiveDateTime, NaiveDateTime)>,
    pub institution_ids: Vec<String>,
}

fn number(raw: &str, range: std::ops::RangeInclusive<u32>) -> Option<u32> {
    raw.trim().parse::<u32>().ok().filter(|n| range.contains(n))
}

/// Parses the publication form. `departements` are those the author may publish for,
/// `institutions` the ids they may list; `now` is UTC: a session starts in the future.
pub fn parse_session(
    form: &SessionForm,
    departements: &[String],
    institutions: &[String],
    now: NaiveDateTime,
) -> Result<SessionPlan, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut err = |field: &str, message: &str| errors.push(FieldError::new(field, message));
    let title = form.title.trim().to_string();
    if title.is_empty() || title.chars().count() > 120 {
        err("title", "Indiquez un intitulé de 120 caractères au plus.");
    }
    let departement = form.departement.trim().to_string();
    if !departements.contains(&departement) {
        err("departement", "Choisissez l'un de vos départements.");
    }
    let mode = form.mode.parse::<Mode>().ok();
    let address = form.address.trim().to_string();
    let video_url = form.video_url.trim().to_string();
    match mode {
        None => err("mode", "Choisissez sur place ou en visioconférence."),
        Some(Mode::SurPlace) if address.is_empty() => err("address", "Indiquez l'adresse du lieu."),
        Some(Mode::Visio)
            if !video_url.starts_with("https://") || video_url.contains(char::is_whitespace) =>
        {
            err(
                "video_url",
                "Indiquez le lien de la visioconférence (adresse commençant par https://).",
            )
        }
        _ => {}
    }
    let date = NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d").ok();
    if date.is_none() {
        err("date", "Indiquez une date valide (jj/mm/aaaa).");
    }
    let start = NaiveTime::parse_from_str(form.start_time.trim(), "%H:%M").ok();
    if start.is_none() {
        err("start_time", "Indiquez une heure de début valide (hh:mm).");
    }
    let minutes = number(&form.slot_minutes, SLOT_MINUTES);
    if minutes.is_none() {
        err(
            "slot_minutes",
            "La durée d'un créneau va de 10 à 120 minutes.",
        );
    }
    let count = number(&form.slot_count, 1..=MAX_SLOTS);
    if count.is_none() {
        err("slot_count", "Le nombre de créneaux va de 1 à 24.");
    }
    let capacity = if form.capacity.trim().is_empty() {
        Some(1)
    } else {
        number(&form.capacity, 1..=MAX_CAPACITY)
    };
    if capacity.is_none() {
        err("capacity", "Le nombre de places par créneau va de 1 à 20.");
    }
    let mut institution_ids: Vec<String> = form
        .institutions
        .iter()
        .map(|i| i.trim().to_string())
        .filter(|i| !i.is_empty())
        .collect();
    institution_ids.sort();
    institution_ids.dedup();
    if institution_ids.is_empty() || institution_ids.iter().any(|i| !institutions.contains(i)) {
        err(
            "institutions",
            "Cochez au moins une institution présente, parmi celles de votre région.",
        );
    }
    let details = form.details.trim().to_string();
    if details.chars().count() > 2000 {
        err(
            "details",
            "Les précisions tiennent en 2 000 caractères au plus.",
        );
    }
    let mut slots = Vec::new();
    if let (Some(date), Some(start), Some(minutes), Some(count)) = (date, start, minutes, count) {
        let territory = crate::domain::civil_time::Territory::of_departement(&departement);
        let first = crate::domain::civil_time::to_utc(territory, date.and_time(start));
        if first <= now {
            err("date", "La permanence doit commencer dans le futur.");
        }
        let length = Duration::minutes(i64::from(minutes));
        slots = (0..count)
            .map(|i| {
                let s = first + length * i as i32;
                (s, s + length)
            })
            .collect();
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(SessionPlan {
        title,
        departement_code: departement,
        mode: mode.unwrap_or(Mode::SurPlace),
        address: (mode == Some(Mode::SurPlace)).then_some(address),
        video_url: (mode == Some(Mode::Visio)).then_some(video_url),
        details,
        capacity: capacity.map_or(1, |c| c as i32),
        slots,
        institution_ids,
    })
}

/// The optional request number a professional attaches to a booking: letters, digits and
/// dashes, 40 characters at most.
pub fn parse_request_number(raw: &str) -> Result<Option<String>, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.len() <= 40 && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        Ok(Some(value.to_ascii_uppercase()))
    } else {
        Err("Le numéro de demande ne contient que des lettres, des chiffres et des tirets (40 caractères au plus).".into())
    }
}

/// Why a booking is refused (409).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Full,
    AlreadyBooked,
    Past,
    NotCancellable,
    /// Another slot of the same permanence is already booked by the person.
    OnePerPermanence,
    /// The person holds [`MAX_UPCOMING_BOOKINGS`] upcoming appointments already.
    TooMany,
}

/// Upcoming appointments one person may hold at once (fair use of the permanences' places).
pub const MAX_UPCOMING_BOOKINGS: usize = 3;

impl Refusal {
    pub fn message(self) -> &'static str {
        match self {
            Refusal::Full => "Ce créneau est complet : une autre personne vient de le réserver. Choisissez un autre créneau.",
            Refusal::AlreadyBooked => "Vous avez déjà réservé ce créneau : retrouvez-le dans « Mes rendez-vous ».",
            Refusal::Past => "Ce créneau est passé : il ne peut plus être réservé.",
            Refusal::NotCancellable => "Ce rendez-vous est déjà annulé ou passé.",
            Refusal::OnePerPermanence => "Vous avez déjà un rendez-vous à cette permanence : un seul créneau par personne, pour laisser les autres aux autres professionnels.",
            Refusal::TooMany => "Vous avez déjà trois rendez-vous à venir : annulez-en un dans « Mes rendez-vous » pour en prendre un autre.",
        }
    }
}

#[cfg(test)]
mod tests;
