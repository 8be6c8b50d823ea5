//! What the engine knows about a person: every field optional, because the simulator is used
//! by people who have not decided everything yet; an absent field makes the criteria that need
//! it `unknown`, never `not_met`.

use crate::domain::profession::{slug_enum, Profession, Sector, Situation};
use crate::domain::zone::ZoneSet;
use chrono::NaiveDate;
use serde::Serialize;

/// A profile as given to the simulator or the API. `zone` is the set of zonage categories the
/// practice (or, for an interne, the placement) may be in, already looked up by the caller.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Profile {
    pub profession: Option<Profession>,
    /// Slug of the specialty, e.g. "medecine-generale".
    pub specialty: Option<String>,
    pub situation: Option<Situation>,
    /// Year of study (1 = first year).
    pub study_year: Option<u8>,
    /// Date of installation, past or planned.
    pub installed_on: Option<NaiveDate>,
    /// First libéral installation (main practice).
    pub first_installation: Option<bool>,
    pub zone: Option<ZoneSet>,
    pub sector: Option<Sector>,
    /// Practises, or commits to practise, in a group, MSP, centre de santé, ESP or CPTS.
    pub coordinated_practice: Option<bool>,
    pub days_per_week: Option<f64>,
    pub outreach_days_per_year_in_zip: Option<u32>,
    pub age: Option<u8>,
    /// Hosts in the practice a doctor under 50 installed less than a year ago.
    pub hosting_new_doctor: Option<bool>,
    /// The current internship placement is ambulatory.
    pub ambulatory_internship: Option<bool>,
    /// Distance of the placement from the university hospital and from home.
    pub distance_km: Option<f64>,
}

slug_enum! {
    /// The name of a [`Profile`] field: what a criterion looks at and what a user may be asked.
    pub enum Input, "Donnée inconnue" {
        Profession => ("profession", "Profession"),
        Specialty => ("specialty", "Spécialité"),
        Situation => ("situation", "Situation"),
        StudyYear => ("study_year", "Année d'études"),
        InstalledOn => ("installed_on", "Date d'installation (effective ou prévue)"),
        FirstInstallation => ("first_installation", "Première installation en libéral"),
        Zone => ("zone", "Zone du lieu d'exercice (commune ou zonage)"),
        Sector => ("sector", "Secteur conventionnel"),
        CoordinatedPractice => ("coordinated_practice", "Exercice coordonné (groupe, MSP, centre de santé, ESP ou CPTS)"),
        DaysPerWeek => ("days_per_week", "Jours d'activité par semaine"),
        OutreachDaysPerYearInZip => ("outreach_days_per_year_in_zip", "Jours de consultations par an en ZIP"),
        Age => ("age", "Âge"),
        HostingNewDoctor => ("hosting_new_doctor", "Accueil d'un médecin nouvellement installé"),
        AmbulatoryInternship => ("ambulatory_internship", "Stage ambulatoire en cours"),
        DistanceKm => ("distance_km", "Distance du lieu de stage (km)"),
    }
}

slug_enum! {
    /// A numeric [`Profile`] field, usable in `number_at_least` / `number_above`.
    pub enum NumberInput, "Donnée numérique inconnue" {
        StudyYear => ("study_year", "Année d'études"),
        DaysPerWeek => ("days_per_week", "Jours d'activité par semaine"),
        OutreachDaysPerYearInZip => ("outreach_days_per_year_in_zip", "Jours de consultations par an en ZIP"),
        Age => ("age", "Âge"),
        DistanceKm => ("distance_km", "Distance du lieu de stage (km)"),
    }
}

slug_enum! {
    /// A yes/no [`Profile`] field, usable in `flag_is`.
    pub enum FlagInput, "Donnée oui/non inconnue" {
        FirstInstallation => ("first_installation", "Première installation en libéral"),
        CoordinatedPractice => ("coordinated_practice", "Exercice coordonné"),
        HostingNewDoctor => ("hosting_new_doctor", "Accueil d'un médecin nouvellement installé"),
        AmbulatoryInternship => ("ambulatory_internship", "Stage ambulatoire en cours"),
    }
}

impl NumberInput {
    /// The general input name.
    pub fn input(self) -> Input {
        match self {
            NumberInput::StudyYear => Input::StudyYear,
            NumberInput::DaysPerWeek => Input::DaysPerWeek,
            NumberInput::OutreachDaysPerYearInZip => Input::OutreachDaysPerYearInZip,
            NumberInput::Age => Input::Age,
            NumberInput::DistanceKm => Input::DistanceKm,
        }
    }

    /// The value in `profile`, if given.
    pub fn value(self, profile: &Profile) -> Option<f64> {
        match self {
            NumberInput::StudyYear => profile.study_year.map(f64::from),
            NumberInput::DaysPerWeek => profile.days_per_week,
            NumberInput::OutreachDaysPerYearInZip => {
                profile.outreach_days_per_year_in_zip.map(f64::from)
            }
            NumberInput::Age => profile.age.map(f64::from),
            NumberInput::DistanceKm => profile.distance_km,
        }
    }
}

impl FlagInput {
    /// The general input name.
    pub fn input(self) -> Input {
        match self {
            FlagInput::FirstInstallation => Input::FirstInstallation,
            FlagInput::CoordinatedPractice => Input::CoordinatedPractice,
            FlagInput::HostingNewDoctor => Input::HostingNewDoctor,
            FlagInput::AmbulatoryInternship => Input::AmbulatoryInternship,
        }
    }

    /// The value in `profile`, if given.
    pub fn value(self, profile: &Profile) -> Option<bool> {
        match self {
            FlagInput::FirstInstallation => profile.first_installation,
            FlagInput::CoordinatedPractice => profile.coordinated_practice,
            FlagInput::HostingNewDoctor => profile.hosting_new_doctor,
            FlagInput::AmbulatoryInternship => profile.ambulatory_internship,
        }
    }
}

/// Formats a number the French way: "2,5", "10".
pub fn french_number(value: f64) -> String {
    let text = format!("{}", (value * 100.0).round() / 100.0);
    text.replace('.', ",")
}

/// Formats a date the French way: "25 décembre 2020".
pub fn french_date(date: NaiveDate) -> String {
    use chrono::Datelike;
    const MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let month = MONTHS.get(date.month0() as usize).copied().unwrap_or("?");
    let day = match date.day() {
        1 => "1er".to_string(),
        d => d.to_string(),
    };
    format!("{day} {month} {}", date.year())
}

impl Input {
    /// The value of this field in `profile`, rendered in French; `None` when not given.
    pub fn display_value(self, profile: &Profile) -> Option<String> {
        let yes_no = |b: bool| if b { "oui" } else { "non" }.to_string();
        match self {
            Input::Profession => profile.profession.map(|p| p.label().to_string()),
            Input::Specialty => profile.specialty.clone(),
            Input::Situation => profile.situation.map(|s| s.label().to_string()),
            Input::StudyYear => profile.study_year.map(|y| format!("{y}e année")),
            Input::InstalledOn => profile.installed_on.map(french_date),
            Input::FirstInstallation => profile.first_installation.map(yes_no),
            Input::Zone => profile.zone.map(|z| z.description()),
            Input::Sector => profile.sector.map(|s| s.label().to_string()),
            Input::CoordinatedPractice => profile.coordinated_practice.map(yes_no),
            Input::DaysPerWeek => profile.days_per_week.map(french_number),
            Input::OutreachDaysPerYearInZip => {
                profile.outreach_days_per_year_in_zip.map(|d| d.to_string())
            }
            Input::Age => profile.age.map(|a| format!("{a} ans")),
            Input::HostingNewDoctor => profile.hosting_new_doctor.map(yes_no),
            Input::AmbulatoryInternship => profile.ambulatory_internship.map(yes_no),
            Input::DistanceKm => profile
                .distance_km
                .map(|d| format!("{} km", french_number(d))),
        }
    }
}
