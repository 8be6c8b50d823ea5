//! The simulator's questions: one definition per field (name = the API's field name), grouped
//! in fieldsets, shown only when an aid in force on the date looks at them.

use serde::Serialize;

use crate::domain::eligibility::Input;
use crate::domain::profession::{Profession, Sector, Situation};
use crate::domain::zone::ZoneCategory;
use crate::error::FieldError;

#[derive(Clone, Copy)]
enum Kind {
    Select(fn() -> Vec<(&'static str, &'static str)>),
    Number {
        min: &'static str,
        max: &'static str,
        step: &'static str,
    },
    Date,
    Commune,
}

struct FieldDef {
    name: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    kind: Kind,
}

const fn field(
    name: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    kind: Kind,
) -> FieldDef {
    FieldDef {
        name,
        label,
        hint,
        kind,
    }
}

const fn number(min: &'static str, max: &'static str, step: &'static str) -> Kind {
    Kind::Number { min, max, step }
}

fn professions() -> Vec<(&'static str, &'static str)> {
    Profession::ALL
        .iter()
        .map(|p| (p.slug(), p.label()))
        .collect()
}

fn situations() -> Vec<(&'static str, &'static str)> {
    Situation::ALL
        .iter()
        .map(|s| (s.slug(), s.label()))
        .collect()
}

fn sectors() -> Vec<(&'static str, &'static str)> {
    Sector::ALL.iter().map(|s| (s.slug(), s.label())).collect()
}

fn zones() -> Vec<(&'static str, &'static str)> {
    ZoneCategory::ALL
        .iter()
        .map(|z| (z.slug(), z.label()))
        .collect()
}

fn specialties() -> Vec<(&'static str, &'static str)> {
    vec![
        ("medecine-generale", "Médecine générale"),
        ("autre", "Une autre spécialité"),
    ]
}

fn yes_no() -> Vec<(&'static str, &'static str)> {
    vec![("oui", "Oui"), ("non", "Non")]
}

const PROFILE: [FieldDef; 7] = [
    field("profession", "Profession", None, Kind::Select(professions)),
    field("situation", "Situation", None, Kind::Select(situations)),
    field(
        "specialty",
        "Spécialité",
        Some("Pour les médecins."),
        Kind::Select(specialties),
    ),
    field(
        "study_year",
        "Année d'études",
        Some("Pour les étudiants : 1 pour la première année."),
        number("1", "15", "1"),
    ),
    field(
        "industrial_pharmacy",
        "Parcours pharmacie industrielle ?",
        Some("Pour les études de pharmacie : le CESP est ouvert à la pharmacie, sauf au parcours pharmacie industrielle."),
        Kind::Select(yes_no),
    ),
    field(
        "similar_contract",
        "Avez-vous déjà signé un contrat de même nature que le CESP ?",
        Some("Allocation d'un établissement de santé ou médico-social, ou d'une collectivité, contre un engagement d'exercice : depuis le 16 janvier 2026, le CESP ne peut pas s'y cumuler."),
        Kind::Select(yes_no),
    ),
    field("age", "Âge", Some("En années."), number("15", "120", "1")),
];

const PRACTICE: [FieldDef; 13] = [
    field("commune", "Commune du lieu d'exercice", Some("Nom, code postal ou code INSEE (ex. 13055). Laissez vide si vous ne la connaissez pas encore."), Kind::Commune),
    field("zone", "Ou, directement, la zone du lieu d'exercice", Some("Si vous connaissez la zone mais pas encore la commune ; elle prime sur la commune."), Kind::Select(zones)),
    field("installed_on", "Date d'installation, effective ou prévue", Some("Format : AAAA-MM-JJ."), Kind::Date),
    field("first_installation", "Première installation en libéral ?", None, Kind::Select(yes_no)),
    field("installation_aid_last_10_years", "Avez-vous reçu une aide à l'installation ces dix dernières années ?", Some("Une nouvelle aide de même catégorie n'est possible qu'après dix ans (loi 2023-1268, décret 2025-231)."), Kind::Select(yes_no)),
    field("secondary_practice", "Ouvrez-vous un cabinet secondaire ?", Some("L'Assurance Maladie aide l'ouverture d'un cabinet secondaire en ZIP, sans condition de première installation."), Kind::Select(yes_no)),
    field("creating_practice", "Créez-vous ou reprenez-vous un cabinet ?", Some("Pour les kinésithérapeutes : la création ou la reprise d'un cabinet ouvre un contrat plus élevé que l'installation dans un cabinet existant."), Kind::Select(yes_no)),
    field("fragile_territory", "Lieu situé dans un territoire fragile pour les pharmacies ?", Some("Territoires fragiles arrêtés par l'ARS (article L5125-6 du code de la santé publique) ; pour les pharmaciens et les internes en pharmacie."), Kind::Select(yes_no)),
    field("sector", "Secteur conventionnel", None, Kind::Select(sectors)),
    field("coordinated_practice", "Exercice coordonné ?", Some("Groupe, maison de santé (MSP), centre de santé, ESP ou CPTS, effectif ou prévu."), Kind::Select(yes_no)),
    field("days_per_week", "Jours d'activité par semaine", Some("Par exemple 4 ou 3,5."), number("0", "7", "0.5")),
    field("outreach_days_per_year_in_zip", "Jours de consultations par an en ZIP", Some("Hors de votre lieu d'exercice principal."), number("0", "366", "1")),
    field("hosting_new_doctor", "Accueillez-vous un médecin de moins de 50 ans installé depuis moins d'un an ?", None, Kind::Select(yes_no)),
];

const INTERNSHIP: [FieldDef; 3] = [
    field(
        "ambulatory_internship",
        "Votre stage actuel est-il ambulatoire ?",
        None,
        Kind::Select(yes_no),
    ),
    field(
        "distance_km",
        "Distance du lieu de stage au CHU et à votre domicile (km)",
        Some("La plus courte des deux."),
        number("0", "20000", "1"),
    ),
    field(
        "housed_free",
        "Êtes-vous logé gratuitement, ou aidé pour votre logement par une collectivité ou un établissement ?",
        Some("L'indemnité d'hébergement n'est pas due dans ce cas."),
        Kind::Select(yes_no),
    ),
];

const WHEN: [FieldDef; 1] = [field(
    "date",
    "Date de la simulation",
    Some("Format : AAAA-MM-JJ ; aujourd'hui si vide. Permet de vérifier les règles d'une autre date."),
    Kind::Date,
)];

/// One choice of a select.
#[derive(Serialize)]
pub struct OptionView {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

/// A field as the template renders it.
#[derive(Serialize)]
pub struct FieldView {
    name: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    /// "select", "number", "date" or "commune".
    kind: &'static str,
    value: String,
    options: Vec<OptionView>,
    min: &'static str,
    max: &'static str,
    step: &'static str,
    required: bool,
    error: Option<String>,
}

/// A group of fields.
#[derive(Serialize)]
pub struct FieldsetView {
    id: &'static str,
    legend: &'static str,
    fields: Vec<FieldView>,
}

/// Whether the field `name` is asked when `matter` are the inputs that matter.
pub fn shown(name: &str, matter: &[Input]) -> bool {
    match name {
        "profession" | "situation" | "date" => true,
        "commune" => matter.contains(&Input::Zone) || matter.contains(&Input::Commune),
        other => other.parse::<Input>().is_ok_and(|i| matter.contains(&i)),
    }
}

/// The names of every field of the form, in order.
pub fn field_names() -> Vec<&'static str> {
    PROFILE
        .iter()
        .chain(PRACTICE.iter())
        .chain(INTERNSHIP.iter())
        .chain(WHEN.iter())
        .map(|d| d.name)
        .collect()
}

/// The form's fieldsets with the values typed and the errors beside their fields.
pub fn fieldsets(
    value_of: impl Fn(&str) -> String,
    errors: &[FieldError],
    matter: &[Input],
) -> Vec<FieldsetView> {
    let groups: [(&str, &str, &[FieldDef]); 4] = [
        ("profil", "Votre profil", &PROFILE),
        ("exercice", "Votre lieu et votre mode d'exercice", &PRACTICE),
        (
            "stage",
            "Votre stage (interne ou docteur junior)",
            &INTERNSHIP,
        ),
        ("date-simulation", "Date", &WHEN),
    ];
    groups
        .into_iter()
        .map(|(id, legend, defs)| FieldsetView {
            id,
            legend,
            fields: defs
                .iter()
                .filter(|d| shown(d.name, matter))
                .map(|d| view(d, value_of(d.name), errors))
                .collect(),
        })
        .filter(|f| !f.fields.is_empty())
        .collect()
}

fn view(def: &FieldDef, value: String, errors: &[FieldError]) -> FieldView {
    let (kind, options, (min, max, step)) = match def.kind {
        Kind::Select(choices) => (
            "select",
            choices()
                .into_iter()
                .map(|(v, label)| OptionView {
                    value: v,
                    label,
                    selected: v.eq_ignore_ascii_case(value.trim()),
                })
                .collect(),
            ("", "", ""),
        ),
        Kind::Number { min, max, step } => ("number", Vec::new(), (min, max, step)),
        Kind::Date => ("date", Vec::new(), ("", "", "")),
        Kind::Commune => ("commune", Vec::new(), ("", "", "")),
    };
    FieldView {
        name: def.name,
        label: def.label,
        hint: def.hint,
        kind,
        value,
        options,
        min,
        max,
        step,
        required: matches!(def.name, "profession" | "situation"),
        error: errors
            .iter()
            .find(|e| e.field == def.name)
            .map(|e| e.message.clone()),
    }
}
