//! The fields of each request kind, and its form (see `form.rs` for the types).

use super::form::{
    DateRange, FieldSpec, FormSpec, InputType, SelectOption, AID_CODE, COMMUNE, HEALTH_PROJECT,
    PROFESSIONAL_NUMBER, TEAM,
};
use super::kind::{CoordinatedStructure, PracticeMode, RequestKind};

/// The form of `kind`.
pub fn form_for(kind: RequestKind) -> FormSpec {
    let fields = match kind {
        RequestKind::Installation(mode) => installation(mode),
        RequestKind::CoordinatedPractice(structure) => coordinated(structure),
        RequestKind::AidApplication => aid_application(),
        RequestKind::Remplacement => remplacement(),
        RequestKind::CumulEmploiRetraite => cumul_emploi_retraite(),
        RequestKind::Question => question(),
    };
    let attachment = kind.is_coordinated_practice().then_some(HEALTH_PROJECT);
    FormSpec {
        kind,
        fields,
        attachment,
    }
}

const fn opt(value: &'static str, label: &'static str) -> SelectOption {
    SelectOption { value, label }
}

const YEAR: u32 = 366;

const SECTORS: &[SelectOption] = &[
    opt("1", "Secteur 1"),
    opt("2-optam", "Secteur 2 avec OPTAM ou OPTAM-ACO (ex-OPTAM-CO)"),
    opt("2", "Secteur 2 sans OPTAM"),
];

const SETTINGS: &[SelectOption] = &[
    opt("cabinet-individuel", "Cabinet individuel"),
    opt("cabinet-groupe", "Cabinet de groupe"),
    opt("msp", "Maison de santé pluriprofessionnelle"),
    opt("centre-de-sante", "Centre de santé"),
    opt("etablissement", "Établissement de santé ou médico-social"),
    opt("autre", "Autre"),
];

const LEGAL_FORMS: &[SelectOption] = &[
    opt(
        "sisa",
        "Société interprofessionnelle de soins ambulatoires (SISA)",
    ),
    opt("association", "Association"),
    opt("autre", "Autre ou pas encore choisie"),
];

const REPLACEMENT_NATURES: &[SelectOption] = &[
    opt("remplacement", "Remplacement"),
    opt("medecin-adjoint", "Médecin adjoint"),
];

const fn field(
    name: &'static str,
    label: &'static str,
    subject: &'static str,
    hint: Option<&'static str>,
    input: InputType,
    required: bool,
) -> FieldSpec {
    FieldSpec {
        name,
        label,
        subject,
        hint,
        input,
        required,
    }
}

const fn dates(max_days_before: u32, max_days_after: u32) -> InputType {
    InputType::Date {
        range: DateRange {
            max_days_before,
            max_days_after,
        },
    }
}

const COMMUNE_HINT: Option<&str> = Some("Saisissez le nom ou le code INSEE de la commune.");

fn commune(label: &'static str, subject: &'static str, required: bool) -> FieldSpec {
    let hint = if required {
        COMMUNE_HINT
    } else {
        Some("Facultatif : sans commune, la demande est adressée au guichet de votre département.")
    };
    field(
        COMMUNE,
        label,
        subject,
        hint,
        InputType::CommuneInsee,
        required,
    )
}

fn professional_number() -> FieldSpec {
    let hint = "11 chiffres (RPPS) ou 9 caractères (ADELI), inscrits sur votre carte CPS ; \
                laissez vide si vous n'en avez pas encore.";
    let (label, subject) = ("Numéro RPPS ou ADELI", "votre numéro RPPS ou ADELI");
    field(
        PROFESSIONAL_NUMBER,
        label,
        subject,
        Some(hint),
        InputType::ProfessionalNumber,
        false,
    )
}

fn details(required: bool) -> FieldSpec {
    let (label, subject) = if required {
        ("Votre projet", "la présentation de votre projet")
    } else {
        ("Précisions", "vos précisions")
    };
    let hint = "Tout ce qui aidera les institutions à traiter votre demande.";
    field(
        "description",
        label,
        subject,
        Some(hint),
        InputType::Textarea,
        required,
    )
}

pub(super) fn installation(mode: PracticeMode) -> Vec<FieldSpec> {
    let mut fields = vec![
        commune(
            "Commune d'exercice envisagée",
            "la commune d'exercice envisagée",
            true,
        ),
        field(
            "date_installation",
            "Date d'installation envisagée",
            "la date d'installation envisagée",
            None,
            dates(YEAR, 5 * YEAR),
            true,
        ),
        field(
            "cadre_exercice",
            "Cadre d'exercice envisagé",
            "le cadre d'exercice envisagé",
            None,
            InputType::Select { options: SETTINGS },
            true,
        ),
        field(
            "specialite",
            "Spécialité",
            "votre spécialité",
            Some("Pour les médecins : médecine générale, pédiatrie…"),
            InputType::Text,
            false,
        ),
        field(
            "jours_par_semaine",
            "Jours d'activité par semaine",
            "le nombre de jours d'activité par semaine",
            Some("Par exemple 4 ou 4,5."),
            InputType::Number { min: 0.5, max: 7.0 },
            false,
        ),
    ];
    if mode != PracticeMode::Salarie {
        let hint = Some("Pour les médecins libéraux.");
        let select = InputType::Select { options: SECTORS };
        let (label, subject) = ("Secteur conventionnel envisagé", "le secteur conventionnel");
        fields.push(field("secteur", label, subject, hint, select, false));
    }
    fields.extend([professional_number(), details(true)]);
    fields
}

pub(super) fn coordinated(structure: CoordinatedStructure) -> Vec<FieldSpec> {
    let team_required = structure != CoordinatedStructure::CentreDeSante;
    let team_hint = "Une personne par ligne : nom ; profession (par exemple « Claire Martin ; \
                     infirmière »).";
    vec![
        field(
            "nom_projet",
            "Nom du projet",
            "le nom du projet",
            None,
            InputType::Text,
            true,
        ),
        commune(
            "Commune d'implantation",
            "la commune d'implantation du projet",
            true,
        ),
        field(
            "date_ouverture",
            "Date d'ouverture envisagée",
            "la date d'ouverture envisagée",
            None,
            dates(YEAR, 5 * YEAR),
            false,
        ),
        field(
            TEAM,
            "Membres de l'équipe",
            "les membres de l'équipe",
            Some(team_hint),
            InputType::TeamMembers,
            team_required,
        ),
        field(
            "forme_juridique",
            "Forme juridique",
            "la forme juridique",
            None,
            InputType::Select {
                options: LEGAL_FORMS,
            },
            false,
        ),
        field(
            "aci",
            "Souhaitez-vous adhérer à l'accord conventionnel interprofessionnel (ACI) ?",
            "votre souhait d'adhérer à l'ACI",
            None,
            InputType::YesNo,
            false,
        ),
        professional_number(),
        details(true),
    ]
}

pub(super) fn aid_application() -> Vec<FieldSpec> {
    vec![
        field(
            AID_CODE,
            "Aide demandée",
            "l'aide demandée",
            None,
            InputType::AidCode,
            true,
        ),
        commune(
            "Commune d'exercice (effective ou envisagée)",
            "la commune d'exercice",
            true,
        ),
        field(
            "date_installation",
            "Date d'installation (effective ou envisagée)",
            "la date d'installation",
            None,
            dates(50 * YEAR, 5 * YEAR),
            false,
        ),
        professional_number(),
        details(false),
    ]
}

pub(super) fn remplacement() -> Vec<FieldSpec> {
    let (nature_label, nature_subject) = ("Nature de la demande", "la nature de la demande");
    let nature = InputType::Select {
        options: REPLACEMENT_NATURES,
    };
    vec![
        field("nature", nature_label, nature_subject, None, nature, true),
        commune("Commune du cabinet", "la commune du cabinet", true),
        field(
            "date_debut",
            "Date de début",
            "la date de début",
            None,
            dates(31, 2 * YEAR),
            true,
        ),
        field(
            "date_fin",
            "Date de fin",
            "la date de fin",
            None,
            dates(31, 5 * YEAR),
            false,
        ),
        field(
            "praticien_accueillant",
            "Praticien remplacé ou accueillant",
            "le praticien remplacé ou accueillant",
            None,
            InputType::Text,
            false,
        ),
        professional_number(),
        details(false),
    ]
}

pub(super) fn cumul_emploi_retraite() -> Vec<FieldSpec> {
    vec![
        commune("Commune d'exercice", "la commune d'exercice", true),
        field(
            "date_retraite",
            "Date de départ à la retraite (effective ou prévue)",
            "la date de départ à la retraite",
            None,
            dates(50 * YEAR, 5 * YEAR),
            true,
        ),
        field(
            "revenus_estimes",
            "Revenus d'activité annuels estimés (en euros)",
            "les revenus d'activité estimés",
            None,
            InputType::Number {
                min: 0.0,
                max: 10_000_000.0,
            },
            false,
        ),
        professional_number(),
        details(false),
    ]
}

pub(super) fn question() -> Vec<FieldSpec> {
    vec![
        field(
            "sujet",
            "Sujet",
            "le sujet de votre question",
            None,
            InputType::Text,
            true,
        ),
        field(
            "question",
            "Votre question",
            "votre question",
            None,
            InputType::Textarea,
            true,
        ),
        commune("Commune concernée", "la commune concernée", false),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::profession::Sector;

    #[test]
    fn sector_options_match_the_sector_slugs() {
        let values: Vec<_> = SECTORS.iter().map(|o| o.value).collect();
        let slugs: Vec<_> = Sector::ALL.iter().map(|s| s.slug()).collect();
        assert_eq!(values, slugs);
        let labels: Vec<_> = SECTORS.iter().map(|o| o.label).collect();
        assert_eq!(
            labels,
            Sector::ALL.iter().map(|s| s.label()).collect::<Vec<_>>()
        );
    }
}
