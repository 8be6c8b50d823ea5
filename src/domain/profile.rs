//! A professional's profile over time (issue 15): profession, situation, study year,
//! installation date and commune. The form is validated here, purely (the commune through a
//! resolver the caller gives, so that the index and its messages stay outside); the changes
//! between two profiles are listed field by field for the history.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::field_error::FieldError;
use crate::domain::profession::{Profession, Situation};
use crate::domain::request::parse_date;

/// The current profile, typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Profile {
    pub profession: Option<Profession>,
    pub situation: Option<Situation>,
    pub study_year: Option<i32>,
    pub installation_date: Option<NaiveDate>,
    pub installation_commune_insee: Option<String>,
}

/// The profile form as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ProfileForm {
    #[serde(default)]
    pub profession: String,
    #[serde(default)]
    pub situation: String,
    #[serde(default)]
    pub study_year: String,
    #[serde(default)]
    pub installation_date: String,
    #[serde(default)]
    pub installation_commune: String,
}

/// Situations in which a study year applies.
pub fn has_study_year(situation: Situation) -> bool {
    matches!(
        situation,
        Situation::Etudiant | Situation::Interne | Situation::DocteurJunior
    )
}

/// How far from today an installation date may be, in years (past or planned).
const INSTALLATION_YEARS_BACK: i32 = 60;
const INSTALLATION_YEARS_AHEAD: i32 = 10;

/// The profile the form describes, or a French message beside each wrong field.
/// `resolve_commune` gives the INSEE code of what was typed, or its message.
pub fn validate(
    form: &ProfileForm,
    today: NaiveDate,
    resolve_commune: impl Fn(&str) -> Result<String, String>,
) -> Result<Profile, Vec<FieldError>> {
    let mut errors = Vec::new();
    let profession = match form.profession.trim() {
        "" => {
            errors.push(FieldError::new(
                "profession",
                "Choisissez votre profession dans la liste.",
            ));
            None
        }
        slug => slug
            .parse::<Profession>()
            .map_err(|e| {
                errors.push(FieldError::new("profession", format!("{e}.")));
            })
            .ok(),
    };
    let situation = match form.situation.trim() {
        "" => {
            errors.push(FieldError::new(
                "situation",
                "Choisissez votre situation dans la liste.",
            ));
            None
        }
        slug => slug
            .parse::<Situation>()
            .map_err(|e| {
                errors.push(FieldError::new("situation", format!("{e}.")));
            })
            .ok(),
    };
    let study_year = study_year(form.study_year.trim(), situation, &mut errors);
    let installation_date = installation_date(form.installation_date.trim(), today, &mut errors);
    let typed = form.installation_commune.trim();
    let installation_commune_insee = if typed.is_empty() {
        None
    } else {
        match resolve_commune(typed) {
            Ok(insee) => Some(insee),
            Err(message) => {
                errors.push(FieldError::new("installation_commune", message));
                None
            }
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Profile {
        profession,
        situation,
        study_year,
        installation_date,
        installation_commune_insee,
    })
}

fn study_year(
    raw: &str,
    situation: Option<Situation>,
    errors: &mut Vec<FieldError>,
) -> Option<i32> {
    let applies = situation.is_some_and(has_study_year);
    if raw.is_empty() {
        return None;
    }
    if !applies {
        let message = "L'année d'études ne concerne que les étudiants, les internes et les docteurs juniors : laissez ce champ vide.";
        errors.push(FieldError::new("study_year", message));
        return None;
    }
    match raw.parse::<i32>() {
        Ok(year) if (1..=12).contains(&year) => Some(year),
        _ => {
            let message = format!(
                "Année d'études invalide : « {raw} » ; un nombre entier entre 1 et 12 est attendu."
            );
            errors.push(FieldError::new("study_year", message));
            None
        }
    }
}

fn installation_date(
    raw: &str,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    if raw.is_empty() {
        return None;
    }
    let message = match parse_date(raw) {
        Ok(date) => {
            let (earliest, latest) = (
                today.with_year(today.year() - INSTALLATION_YEARS_BACK),
                today.with_year(today.year() + INSTALLATION_YEARS_AHEAD),
            );
            if earliest.is_some_and(|e| date >= e) && latest.is_some_and(|l| date <= l) {
                return Some(date);
            }
            format!(
                "La date d'installation doit être comprise entre il y a {INSTALLATION_YEARS_BACK} ans et dans {INSTALLATION_YEARS_AHEAD} ans."
            )
        }
        Err(true) => format!("La date d'installation est impossible : {raw}."),
        Err(false) => format!(
            "La date d'installation n'est pas une date : « {raw} » ; utilisez le format jj/mm/aaaa."
        ),
    };
    errors.push(FieldError::new("installation_date", message));
    None
}

/// One field of the profile, as named in the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileField {
    Profession,
    Situation,
    StudyYear,
    InstallationDate,
    InstallationCommune,
}

impl ProfileField {
    pub const ALL: [ProfileField; 5] = [
        ProfileField::Profession,
        ProfileField::Situation,
        ProfileField::StudyYear,
        ProfileField::InstallationDate,
        ProfileField::InstallationCommune,
    ];

    /// Stored in `profile_changes.field`.
    pub fn slug(self) -> &'static str {
        match self {
            ProfileField::Profession => "profession",
            ProfileField::Situation => "situation",
            ProfileField::StudyYear => "study_year",
            ProfileField::InstallationDate => "installation_date",
            ProfileField::InstallationCommune => "installation_commune_insee",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ProfileField::Profession => "Profession",
            ProfileField::Situation => "Situation",
            ProfileField::StudyYear => "Année d'études",
            ProfileField::InstallationDate => "Date d'installation",
            ProfileField::InstallationCommune => "Commune d'installation",
        }
    }

    pub fn from_slug(slug: &str) -> Option<ProfileField> {
        Self::ALL.into_iter().find(|f| f.slug() == slug)
    }

    /// The stored text of this field in `profile` (slug, year, ISO date, INSEE code).
    pub fn value_in(self, profile: &Profile) -> Option<String> {
        match self {
            ProfileField::Profession => profile.profession.map(|p| p.slug().to_string()),
            ProfileField::Situation => profile.situation.map(|s| s.slug().to_string()),
            ProfileField::StudyYear => profile.study_year.map(|y| y.to_string()),
            ProfileField::InstallationDate => profile
                .installation_date
                .map(|d| d.format("%Y-%m-%d").to_string()),
            ProfileField::InstallationCommune => profile.installation_commune_insee.clone(),
        }
    }
}

/// One field changed: its stored text before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub field: ProfileField,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The fields that differ between `old` and `new`, in the form's order.
pub fn changes(old: &Profile, new: &Profile) -> Vec<Change> {
    ProfileField::ALL
        .into_iter()
        .filter_map(|field| {
            let (before, after) = (field.value_in(old), field.value_in(new));
            (before != after).then_some(Change {
                field,
                old: before,
                new: after,
            })
        })
        .collect()
}

#[cfg(test)]
#[path = "profile_tests.rs"]
mod tests;
