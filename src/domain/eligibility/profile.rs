//! What the engine knows about a person: every field optional, because the simulator is used
//! by people who have not decided everything yet; an absent field makes the criteria that need
//! it `unknown`, never `not_met`.

use crate::domain::french;
use crate::domain::profession::{Profession, Sector, Situation};
use crate::domain::slug::slug_enum;
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
    /// Received an installation aid of the same category in the last ten years.
    pub installation_aid_last_10_years: Option<bool>,
    /// Opens (or runs) a secondary practice.
    pub secondary_practice: Option<bool>,
    /// Housed free of charge, or helped with housing by a collectivité or an établissement.
    pub housed_free: Option<bool>,
    /// Pharmacy student enrolled in the "pharmacie industrielle" track.
    pub industrial_pharmacy: Option<bool>,
    /// Already bound by a contract of the same nature as the CESP (établissement, collectivité).
    pub similar_contract: Option<bool>,
    /// The pharmacy (or the pharmacy intern's placement) is in a "territoire fragile" (L.5125-6).
    pub fragile_territory: Option<bool>,
    /// Creates or takes over a practice (rather than joining an existing one).
    pub creating_practice: Option<bool>,
    /// Where the practice is: commune, département and région codes, filled by the caller
    /// from the commune given (territory conditions of regional and local aids).
    pub place: Option<Place>,
}

/// The territory of the practice, as INSEE codes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Place {
    /// The commune (a municipal arrondissement stands for its commune).
    pub commune: String,
    pub departement: String,
    pub region: String,
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
        InstallationAidLast10Years => ("installation_aid_last_10_years", "Aide à l'installation de même catégorie reçue ces dix dernières années"),
        SecondaryPractice => ("secondary_practice", "Ouverture d'un cabinet secondaire"),
        HousedFree => ("housed_free", "Logement gratuit ou aide au logement d'une collectivité ou d'un établissement"),
        IndustrialPharmacy => ("industrial_pharmacy", "Parcours pharmacie industrielle"),
        SimilarContract => ("similar_contract", "Contrat de même nature déjà signé (établissement, collectivité)"),
        FragileTerritory => ("fragile_territory", "Territoire fragile (pharmacie)"),
        CreatingPractice => ("creating_practice", "Création ou reprise d'un cabinet"),
        Commune => ("commune", "Commune du lieu d'exercice"),
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
        InstallationAidLast10Years => ("installation_aid_last_10_years", "Aide à l'installation reçue ces dix dernières années"),
        SecondaryPractice => ("secondary_practice", "Ouverture d'un cabinet secondaire"),
        HousedFree => ("housed_free", "Logement gratuit ou aidé"),
        IndustrialPharmacy => ("industrial_pharmacy", "Parcours pharmacie industrielle"),
        SimilarContract => ("similar_contract", "Contrat de même nature déjà signé"),
        FragileTerritory => ("fragile_territory", "Territoire fragile (pharmacie)"),
        CreatingPractice => ("creating_practice", "Création ou reprise d'un cabinet"),
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
            FlagInput::InstallationAidLast10Years => Input::InstallationAidLast10Years,
            FlagInput::SecondaryPractice => Input::SecondaryPractice,
            FlagInput::HousedFree => Input::HousedFree,
            FlagInput::IndustrialPharmacy => Input::IndustrialPharmacy,
            FlagInput::SimilarContract => Input::SimilarContract,
            FlagInput::FragileTerritory => Input::FragileTerritory,
            FlagInput::CreatingPractice => Input::CreatingPractice,
        }
    }

    /// The value in `profile`, if given.
    pub fn value(self, profile: &Profile) -> Option<bool> {
        match self {
            FlagInput::FirstInstallation => profile.first_installation,
            FlagInput::CoordinatedPractice => profile.coordinated_practice,
            FlagInput::HostingNewDoctor => profile.hosting_new_doctor,
            FlagInput::AmbulatoryInternship => profile.ambulatory_internship,
            FlagInput::InstallationAidLast10Years => profile.installation_aid_last_10_years,
            FlagInput::SecondaryPractice => profile.secondary_practice,
            FlagInput::HousedFree => profile.housed_free,
            FlagInput::IndustrialPharmacy => profile.industrial_pharmacy,
            FlagInput::SimilarContract => profile.similar_contract,
            FlagInput::FragileTerritory => profile.fragile_territory,
            FlagInput::CreatingPractice => profile.creating_practice,
        }
    }
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
            Input::InstalledOn => profile.installed_on.map(french::date),
            Input::FirstInstallation => profile.first_installation.map(yes_no),
            Input::Zone => profile.zone.map(|z| z.description()),
            Input::Sector => profile.sector.map(|s| s.label().to_string()),
            Input::CoordinatedPractice => profile.coordinated_practice.map(yes_no),
            Input::DaysPerWeek => profile.days_per_week.map(french::number),
            Input::OutreachDaysPerYearInZip => {
                profile.outreach_days_per_year_in_zip.map(|d| d.to_string())
            }
            Input::Age => profile.age.map(|a| format!("{a} ans")),
            Input::HostingNewDoctor => profile.hosting_new_doctor.map(yes_no),
            Input::AmbulatoryInternship => profile.ambulatory_internship.map(yes_no),
            Input::DistanceKm => profile
                .distance_km
                .map(|d| format!("{} km", french::number(d))),
            Input::InstallationAidLast10Years
            | Input::SecondaryPractice
            | Input::HousedFree
            | Input::IndustrialPharmacy
            | Input::SimilarContract
            | Input::FragileTerritory
            | Input::CreatingPractice => self.flag().and_then(|f| f.value(profile)).map(yes_no),
            Input::Commune => profile.place.as_ref().map(|p| p.commune.clone()),
        }
    }

    /// The yes/no input of the same name, if this is one.
    pub fn flag(self) -> Option<FlagInput> {
        self.slug().parse().ok()
    }

    /// Why the question is asked, in French (shown beside the field and in the API).
    pub fn explanation(self) -> &'static str {
        match self {
            Input::Profession => "Chaque aide est réservée à certaines professions.",
            Input::Specialty => "Certaines aides sont réservées à la médecine générale.",
            Input::Situation => "Les aides dépendent du moment de la carrière : études, internat, docteur junior, remplacement, installation.",
            Input::StudyYear => "Le CESP n'est ouvert qu'à partir d'une certaine année d'études.",
            Input::InstalledOn => "Les aides à l'installation visent une installation récente (moins d'un an) ou prévue, et certaines seulement les installations à partir d'une date donnée.",
            Input::FirstInstallation => "Certaines aides sont réservées à la première installation en libéral (cabinet principal).",
            Input::Zone => "La plupart des aides dépendent du zonage de la profession là où vous exercez.",
            Input::Sector => "Les aides de l'Assurance Maladie aux médecins exigent des tarifs maîtrisés (secteur 1 ou OPTAM).",
            Input::CoordinatedPractice => "Plusieurs contrats exigent un exercice en groupe ou coordonné.",
            Input::DaysPerWeek => "Le montant de certains contrats dépend du temps d'activité.",
            Input::OutreachDaysPerYearInZip => "Le contrat de solidarité territoriale suppose des consultations en ZIP hors de votre lieu principal.",
            Input::Age => "Certains contrats visent les médecins proches de la retraite.",
            Input::HostingNewDoctor => "Le contrat de transition suppose d'accueillir un médecin nouvellement installé.",
            Input::AmbulatoryInternship => "Les indemnités des internes et docteurs juniors visent les stages ambulatoires (cabinet, maison ou centre de santé).",
            Input::DistanceKm => "Avant novembre 2020, l'indemnité d'hébergement exigeait un stage à plus de 30 km du CHU et du domicile.",
            Input::InstallationAidLast10Years => "On ne peut recevoir une nouvelle aide à l'installation de même catégorie qu'après un délai de dix ans (loi 2023-1268, décret 2025-231).",
            Input::SecondaryPractice => "L'Assurance Maladie aide l'ouverture d'un cabinet secondaire en ZIP, sans condition de première installation.",
            Input::HousedFree => "L'indemnité d'hébergement n'est pas due si vous êtes logé gratuitement ou aidé pour votre logement par une collectivité ou un établissement.",
            Input::IndustrialPharmacy => "Le CESP est ouvert aux études de pharmacie, sauf au parcours pharmacie industrielle.",
            Input::SimilarContract => "Depuis le 16 janvier 2026, le CESP ne peut pas être cumulé avec un contrat de même nature (établissement de santé ou médico-social, collectivité).",
            Input::FragileTerritory => "Pour les pharmaciens, les aides visent les territoires fragiles définis par l'ARS (article L5125-6 du code de la santé publique).",
            Input::CreatingPractice => "Le contrat des kinésithérapeutes distingue la création ou la reprise d'un cabinet de l'installation dans un cabinet existant.",
            Input::Commune => "Les aides d'une Région, d'un département ou d'une commune dépendent du lieu d'exercice.",
        }
    }
}
