//! "Mon projet" (issue 15): a professional's requests about one installation, grouped, and the
//! checklist of the steps their profession and practice mode call for.
//!
//! The steps are data ([`STEPS`]): who they apply to, which kinds of request cover them and which
//! kind the "Déposer la demande" link files. [`checklist`] matches them against the project's
//! requests; [`link_plan`] says how linking two requests of one professional groups them.

use crate::domain::field_error::FieldError;
use crate::domain::profession::{Profession, Situation};
use crate::domain::request::{CoordinatedStructure, PracticeMode, RequestKind, RequestState};

#[cfg(test)]
mod tests;

/// Longest project title, in characters.
pub const TITLE_MAX_CHARS: usize = 120;
/// The title of a project the guichet creates when a référent links two requests.
pub const DEFAULT_TITLE: &str = "Mon projet d'installation";

/// Who a step applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applies {
    Everyone,
    /// Professions with an Ordre (all but orthophonistes and orthoptistes).
    WithOrdre,
    /// Professions without an Ordre: their diploma is registered with the ARS.
    WithoutOrdre,
    /// Libéral or mixte practice (conventionnement, Urssaf).
    Liberal,
}

/// One step of an installation, as data.
#[derive(Debug, Clone, Copy)]
pub struct StepSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub applies: Applies,
    /// Recommended, not required.
    pub optional: bool,
    /// The kinds of request that cover the step.
    pub covered_by: &'static [RequestKind],
    /// The kind the "Déposer la demande" link files; `None`: the installation of the project's
    /// practice mode.
    pub files: Option<RequestKind>,
}

use CoordinatedStructure as C;
use PracticeMode as M;
use RequestKind as K;

const INSTALLATION: &[RequestKind] = &[
    K::Installation(M::Liberal),
    K::Installation(M::Salarie),
    K::Installation(M::Mixte),
];

/// Every step, in the order of the checklist.
pub const STEPS: &[StepSpec] = &[
    StepSpec {
        key: "installation",
        label: "Déclarer votre projet d'installation",
        hint: "Le guichet le transmet à chaque institution concernée.",
        applies: Applies::Everyone,
        optional: false,
        covered_by: INSTALLATION,
        files: None,
    },
    StepSpec {
        key: "ordre",
        label: "Inscription au tableau de l'Ordre",
        hint:
            "Votre Ordre reçoit votre projet d'installation ; un remplacement passe aussi par lui.",
        applies: Applies::WithOrdre,
        optional: false,
        covered_by: &[
            K::Installation(M::Liberal),
            K::Installation(M::Salarie),
            K::Installation(M::Mixte),
            K::Remplacement,
        ],
        files: None,
    },
    StepSpec {
        key: "enregistrement-ars",
        label: "Enregistrement de votre diplôme auprès de l'ARS",
        hint: "Votre profession n'a pas d'Ordre : l'ARS enregistre votre diplôme (RPPS).",
        applies: Applies::WithoutOrdre,
        optional: false,
        covered_by: INSTALLATION,
        files: None,
    },
    StepSpec {
        key: "conventionnement",
        label: "Conventionnement avec l'Assurance Maladie (CPAM)",
        hint: "Pour l'exercice libéral : la CPAM reçoit votre projet d'installation.",
        applies: Applies::Liberal,
        optional: false,
        covered_by: &[K::Installation(M::Liberal), K::Installation(M::Mixte)],
        files: None,
    },
    StepSpec {
        key: "urssaf",
        label: "Affiliation à l'Urssaf",
        hint: "Pour l'exercice libéral : l'Urssaf reçoit votre projet d'installation.",
        applies: Applies::Liberal,
        optional: false,
        covered_by: &[
            K::Installation(M::Liberal),
            K::Installation(M::Mixte),
            K::CumulEmploiRetraite,
        ],
        files: None,
    },
    StepSpec {
        key: "aides",
        label: "Demandes d'aides à l'installation",
        hint: "CAIM, aide à l'installation, CDE… selon votre profession et le zonage.",
        applies: Applies::Everyone,
        optional: false,
        covered_by: &[K::AidApplication],
        files: Some(K::AidApplication),
    },
    StepSpec {
        key: "exercice-coordonne",
        label: "Exercice coordonné (MSP, centre de santé, ESP, CPTS)",
        hint: "Rejoindre ou créer une structure d'exercice coordonné.",
        applies: Applies::Everyone,
        optional: true,
        covered_by: &[
            K::CoordinatedPractice(C::Msp),
            K::CoordinatedPractice(C::CentreDeSante),
            K::CoordinatedPractice(C::Esp),
            K::CoordinatedPractice(C::Cpts),
        ],
        files: Some(K::CoordinatedPractice(C::Msp)),
    },
];

/// Whether the profession has an Ordre (orthophonistes and orthoptistes have none).
pub fn has_ordre(profession: Profession) -> bool {
    !matches!(
        profession,
        Profession::Orthophoniste | Profession::Orthoptiste
    )
}

impl Applies {
    /// Without a known profession, the steps of the professions with an Ordre (most of them).
    fn to(self, profession: Option<Profession>, mode: PracticeMode) -> bool {
        match self {
            Self::Everyone => true,
            Self::WithOrdre => profession.is_none_or(has_ordre),
            Self::WithoutOrdre => profession.is_some_and(|p| !has_ordre(p)),
            Self::Liberal => mode != PracticeMode::Salarie,
        }
    }
}

/// The practice mode of a project: its installation request's, else the professional's
/// situation (salarié), else libéral.
pub fn practice_mode(kinds: &[RequestKind], situation: Option<Situation>) -> PracticeMode {
    kinds
        .iter()
        .find_map(|k| match k {
            K::Installation(mode) => Some(*mode),
            _ => None,
        })
        .unwrap_or(match situation {
            Some(Situation::Salarie) => PracticeMode::Salarie,
            _ => PracticeMode::Liberal,
        })
}

/// A request of the project, as the checklist needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub kind: RequestKind,
    pub state: RequestState,
}

/// One step of the checklist with the request covering it, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistStep {
    pub key: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub optional: bool,
    /// The index (in the members given) of the request covering the step.
    pub request: Option<usize>,
    /// The covering request is answered (traitée or clôturée).
    pub done: bool,
    /// The kind to file when no request covers the step.
    pub files: RequestKind,
}

/// The steps that apply to `profession` practising in `mode`, each with the project request
/// covering it: a live one before a withdrawn one, the first given among equals.
pub fn checklist(
    profession: Option<Profession>,
    mode: PracticeMode,
    members: &[Member],
) -> Vec<ChecklistStep> {
    STEPS
        .iter()
        .filter(|s| s.applies.to(profession, mode))
        .map(|s| {
            let covering = |live: bool| {
                members.iter().position(|m| {
                    s.covered_by.contains(&m.kind) && (m.state != RequestState::Retiree) == live
                })
            };
            let request = covering(true).or_else(|| covering(false));
            ChecklistStep {
                key: s.key,
                label: s.label,
                hint: s.hint,
                optional: s.optional,
                request,
                done: request.and_then(|i| members.get(i)).is_some_and(|m| {
                    matches!(m.state, RequestState::Traitee | RequestState::Cloturee)
                }),
                files: s.files.unwrap_or(K::Installation(mode)),
            }
        })
        .collect()
}

/// How linking two requests of one professional groups them, from the projects they are in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkPlan {
    /// Already in the same project.
    Together,
    /// The request without a project joins the other's.
    Join { project: String },
    /// Each is in its own project: the second project's requests move into the first's.
    Merge { keep: String, absorb: String },
    /// Neither is in a project: a new one holds both.
    New,
}

pub fn link_plan(first: Option<&str>, second: Option<&str>) -> LinkPlan {
    match (first, second) {
        (Some(a), Some(b)) if a == b => LinkPlan::Together,
        (Some(a), Some(b)) => LinkPlan::Merge {
            keep: a.to_string(),
            absorb: b.to_string(),
        },
        (Some(p), None) | (None, Some(p)) => LinkPlan::Join {
            project: p.to_string(),
        },
        (None, None) => LinkPlan::New,
    }
}

/// The field of the number of the request to link, on the request page.
pub const LINK_FIELD: &str = "text";

/// Only requests of the same professional are linked; a draft is not seen by the guichet.
pub fn check_link(
    first_owner: &str,
    second_owner: &str,
    second_is_draft: bool,
    same_request: bool,
) -> Result<(), FieldError> {
    if same_request {
        return Err(FieldError::new(
            LINK_FIELD,
            "Indiquez le numéro d'une autre demande que celle-ci.",
        ));
    }
    if first_owner != second_owner {
        return Err(FieldError::new(
            LINK_FIELD,
            "Cette demande est celle d'un autre professionnel : seules les demandes d'un même \
             professionnel peuvent être liées.",
        ));
    }
    if second_is_draft {
        return Err(not_found());
    }
    Ok(())
}

/// No request (filed, not a draft) has this number.
pub fn not_found() -> FieldError {
    FieldError::new(
        LINK_FIELD,
        "Aucune demande déposée ne porte ce numéro (format : 2026-000042).",
    )
}

/// A project's title: trimmed, not empty, at most [`TITLE_MAX_CHARS`] characters.
pub fn parse_title(field: &str, raw: &str) -> Result<String, FieldError> {
    let title = raw.trim();
    if title.is_empty() {
        return Err(FieldError::new(field, "Donnez un nom à votre projet."));
    }
    if title.chars().count() > TITLE_MAX_CHARS {
        return Err(FieldError::new(
            field,
            format!("Le nom du projet tient en {TITLE_MAX_CHARS} caractères au plus."),
        ));
    }
    Ok(title.to_string())
}

/// The field of the request to take out of a project, on the project's page.
pub const REMOVE_FIELD: &str = "retirer";

/// The request chosen is not one of the project's.
pub fn not_in_project() -> FieldError {
    FieldError::new(REMOVE_FIELD, "Choisissez une des demandes de ce projet.")
}

/// The timeline line of each request of a renamed project.
pub fn renamed_summary(old: &str, new: &str) -> String {
    format!("Projet « {old} » renommé « {new} »")
}

/// The timeline line of a request taken out of its project.
pub fn removed_summary(title: &str) -> String {
    format!("Demande retirée du projet « {title} »")
}

/// What the timelines of the requests kept after an account's deletion say in place of each
/// line about its projects (their names are the person's words).
pub const ERASED_SUMMARY: &str = "Projet du professionnel (supprimé avec son compte)";
