//! States of a request and of its referrals, who acts, and the actions of the workflow.
//! The transitions themselves are in `transition.rs`.

use serde::Serialize;

use super::channel::Channel;
use super::kind::RequestKind;
use crate::domain::slug::slug_enum;

pub use super::reason::{Reason, ReasonError};

slug_enum! {
    /// The state of a request as a whole.
    pub enum RequestState, "État de demande inconnu" {
        Brouillon => ("brouillon", "Brouillon"),
        Deposee => ("deposee", "Déposée"),
        EnQualification => ("en-qualification", "En qualification"),
        Orientee => ("orientee", "Orientée"),
        EnAttenteProfessionnel => ("en-attente-professionnel", "En attente du professionnel"),
        Traitee => ("traitee", "Traitée"),
        Cloturee => ("cloturee", "Clôturée"),
        Retiree => ("retiree", "Retirée"),
    }
}

slug_enum! {
    /// The state of one institution's part of a request (a referral).
    pub enum ReferralState, "État de transmission inconnu" {
        ATraiter => ("a-traiter", "À traiter"),
        EnCours => ("en-cours", "En cours"),
        EnAttenteProfessionnel => ("en-attente-professionnel", "En attente du professionnel"),
        Repondue => ("repondue", "Répondue"),
        Declinee => ("declinee", "Déclinée"),
    }
}

slug_enum! {
    /// Who performs an action (the web layer checks *which* user may act for which referral).
    pub enum ActorRole, "Rôle inconnu" {
        Professionnel => ("professionnel", "Professionnel de santé"),
        Referent => ("referent", "Référent du guichet"),
        Partenaire => ("partenaire", "Agent d'une institution partenaire"),
    }
}

slug_enum! {
    /// The kind of an [`Action`], without its data (timeline entries, error messages).
    pub enum ActionKind, "Action inconnue" {
        Submit => ("deposer", "Dépôt de la demande"),
        StartQualification => ("qualifier", "Prise en qualification"),
        Qualify => ("qualification", "Qualification"),
        Route => ("orienter", "Orientation vers les institutions"),
        AskProfessional => ("questionner", "Question au professionnel"),
        ProfessionalAnswered => ("repondre-question", "Réponse du professionnel"),
        PartnerStart => ("prendre-en-charge", "Prise en charge par l'institution"),
        PartnerAnswer => ("repondre", "Réponse de l'institution"),
        PartnerDecline => ("decliner", "Institution non compétente"),
        PartnerReroute => ("reorienter", "Réorientation vers une autre institution"),
        AddReferral => ("ajouter-institution", "Ajout d'une institution"),
        RemoveReferral => ("retirer-institution", "Retrait d'une institution"),
        Close => ("cloturer", "Clôture"),
        Withdraw => ("retirer", "Retrait par le professionnel"),
        Reopen => ("rouvrir", "Réouverture"),
        ChangeKind => ("changer-type", "Changement du type de demande"),
    }
}

impl RequestState {
    /// DSFR badge classes for lists and the request page.
    pub fn badge_class(self) -> &'static str {
        match self {
            Self::Brouillon | Self::Cloturee | Self::Retiree => "fr-badge",
            Self::Deposee => "fr-badge fr-badge--new",
            Self::EnQualification | Self::Orientee => "fr-badge fr-badge--info",
            Self::EnAttenteProfessionnel => "fr-badge fr-badge--warning",
            Self::Traitee => "fr-badge fr-badge--success",
        }
    }

    /// True once nothing more is expected (clôturée or retirée; clôturée can still be reopened).
    pub fn is_final(self) -> bool {
        matches!(self, Self::Cloturee | Self::Retiree)
    }
}

impl ReferralState {
    /// DSFR badge classes.
    pub fn badge_class(self) -> &'static str {
        match self {
            Self::ATraiter => "fr-badge fr-badge--new",
            Self::EnCours => "fr-badge fr-badge--info",
            Self::EnAttenteProfessionnel => "fr-badge fr-badge--warning",
            Self::Repondue => "fr-badge fr-badge--success",
            Self::Declinee => "fr-badge fr-badge--error",
        }
    }

    /// True while the institution still has to answer (à traiter, en cours, en attente).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Self::ATraiter | Self::EnCours | Self::EnAttenteProfessionnel
        )
    }
}

/// What a question or an answer is about: the request itself (before routing) or one referral
/// (after routing), by its index in the list of active referrals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "on", content = "index", rename_all = "snake_case")]
pub enum Target {
    Request,
    Referral(usize),
}

/// An action on a request. Referral indexes refer to the slice of active referrals given to
/// [`apply`](super::transition::apply).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Submit,
    /// A référent records a request on behalf of the professional (référent intake): a
    /// submission, of kind [`ActionKind::Submit`], which says through which channel it came.
    Record(Channel),
    StartQualification,
    /// The référent sets the priority, the coordination level and who is in charge (starts the
    /// qualification of a déposée request).
    Qualify,
    /// The référent confirms the routing: the referrals go to the institutions.
    Route,
    AskProfessional(Target),
    ProfessionalAnswered(Target),
    PartnerStart(usize),
    PartnerAnswer(usize),
    /// "Pas compétent": the referral returns to the référent.
    PartnerDecline {
        referral: usize,
        reason: Reason,
    },
    /// An agent passes its referral to the institution really competent: its part ends
    /// (*réorientée*) and a new referral, à traiter, goes to the other institution.
    PartnerReroute {
        referral: usize,
        reason: Reason,
    },
    AddReferral {
        reason: Reason,
    },
    RemoveReferral {
        referral: usize,
        reason: Reason,
    },
    Close,
    Withdraw,
    Reopen,
    /// The référent corrects the kind the professional picked (before routing): the dormant
    /// referrals are removed and the routing of the new kind replaces them.
    ChangeKind {
        from: RequestKind,
        to: RequestKind,
    },
}

impl Action {
    /// The kind of this action.
    pub fn kind(&self) -> ActionKind {
        match self {
            Self::Submit | Self::Record(_) => ActionKind::Submit,
            Self::StartQualification => ActionKind::StartQualification,
            Self::Qualify => ActionKind::Qualify,
            Self::Route => ActionKind::Route,
            Self::AskProfessional(_) => ActionKind::AskProfessional,
            Self::ProfessionalAnswered(_) => ActionKind::ProfessionalAnswered,
            Self::PartnerStart(_) => ActionKind::PartnerStart,
            Self::PartnerAnswer(_) => ActionKind::PartnerAnswer,
            Self::PartnerDecline { .. } => ActionKind::PartnerDecline,
            Self::PartnerReroute { .. } => ActionKind::PartnerReroute,
            Self::AddReferral { .. } => ActionKind::AddReferral,
            Self::RemoveReferral { .. } => ActionKind::RemoveReferral,
            Self::Close => ActionKind::Close,
            Self::Withdraw => ActionKind::Withdraw,
            Self::Reopen => ActionKind::Reopen,
            Self::ChangeKind { .. } => ActionKind::ChangeKind,
        }
    }

    /// What the timeline says of the action (before the state change and any note).
    pub fn summary(&self) -> String {
        match self {
            Self::Record(channel) => channel.recorded_summary(),
            Self::ChangeKind { from, to } => format!(
                "Type de demande modifié : « {} » devient « {} »",
                from.label(),
                to.label()
            ),
            _ => self.kind().label().to_string(),
        }
    }

    /// The referral the action is about, if any.
    pub fn referral(&self) -> Option<usize> {
        match self {
            Self::AskProfessional(Target::Referral(i))
            | Self::ProfessionalAnswered(Target::Referral(i))
            | Self::PartnerStart(i)
            | Self::PartnerAnswer(i)
            | Self::PartnerDecline { referral: i, .. }
            | Self::PartnerReroute { referral: i, .. }
            | Self::RemoveReferral { referral: i, .. } => Some(*i),
            _ => None,
        }
    }

    /// The roles allowed to perform the action.
    pub fn roles(&self) -> &'static [ActorRole] {
        use ActorRole::*;
        match self {
            Self::Submit | Self::Withdraw => &[Professionnel],
            Self::StartQualification
            | Self::Qualify
            | Self::Route
            | Self::AskProfessional(Target::Request)
            | Self::AddReferral { .. }
            | Self::RemoveReferral { .. }
            | Self::Close
            | Self::Reopen
            | Self::ChangeKind { .. }
            | Self::Record(_) => &[Referent],
            Self::ProfessionalAnswered(Target::Request) => &[Professionnel, Referent],
            Self::ProfessionalAnswered(Target::Referral(_)) => {
                &[Professionnel, Referent, Partenaire]
            }
            Self::AskProfessional(Target::Referral(_))
            | Self::PartnerStart(_)
            | Self::PartnerAnswer(_)
            | Self::PartnerDecline { .. }
            | Self::PartnerReroute { .. } => &[Referent, Partenaire],
        }
    }
}

/// A clock measured against a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "clock", content = "index", rename_all = "snake_case")]
pub enum Clock {
    /// From submission to routing.
    Qualification,
    /// One referral, by its index in the list given to `apply` (a referral the transition
    /// adds has the index of the list's former length).
    Referral(usize),
}

/// What happens to a clock; pauses are the intervals between `Pause` and `Resume` (or `Stop`:
/// stopping a paused clock ends its pause at the same instant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockAction {
    Start,
    Pause,
    Resume,
    Stop,
}

/// One clock change caused by a transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ClockEvent {
    pub clock: Clock,
    pub action: ClockAction,
}

/// A change to the list of referrals; indexes refer to the list *before* the transition,
/// except `Added`, which is appended at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ReferralChange {
    Added {
        state: ReferralState,
    },
    Removed {
        index: usize,
    },
    /// The referral ends because its institution passed it to another (*réorientée*): it
    /// leaves the active list like a removed one, and its former institution no longer sees it.
    Rerouted {
        index: usize,
    },
    Changed {
        index: usize,
        from: ReferralState,
        to: ReferralState,
    },
}

/// The result of a legal transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The request's new state (possibly unchanged).
    pub request: RequestState,
    pub referrals: Vec<ReferralChange>,
    pub clocks: Vec<ClockEvent>,
}

/// A refused transition (HTTP 409), with the French reason shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{reason}")]
pub struct IllegalTransition {
    pub from: RequestState,
    pub action: ActionKind,
    pub reason: String,
}

/// Why [`apply`](super::transition::apply) refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The action is not allowed now (HTTP 409).
    #[error(transparent)]
    Illegal(#[from] IllegalTransition),
    /// The stored states contradict each other: a bug or a corrupted row (HTTP 500).
    #[error("inconsistent stored states: request {request}, referrals {referrals:?}")]
    Inconsistent {
        request: RequestState,
        referrals: Vec<ReferralState>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_labels_and_badges() {
        assert_eq!(RequestState::ALL.len(), 8);
        assert_eq!(ReferralState::ALL.len(), 5);
        assert_eq!(RequestState::Cloturee.label(), "Clôturée");
        assert_eq!(
            "en-attente-professionnel".parse::<RequestState>(),
            Ok(RequestState::EnAttenteProfessionnel)
        );
        assert_eq!(ReferralState::ATraiter.label(), "À traiter");
        assert_eq!(
            serde_json::to_string(&ReferralState::Declinee).unwrap(),
            "\"declinee\""
        );
        for s in RequestState::ALL {
            assert!(s.badge_class().starts_with("fr-badge"), "{s}");
        }
        assert_eq!(
            RequestState::Traitee.badge_class(),
            "fr-badge fr-badge--success"
        );
        let open: Vec<_> = ReferralState::ALL.iter().filter(|s| s.is_open()).collect();
        assert_eq!(open.len(), 3);
        assert!(RequestState::Retiree.is_final() && !RequestState::Traitee.is_final());
    }

    #[test]
    fn reasons_are_trimmed_and_bounded() {
        assert_eq!(
            Reason::parse("  hors ressort ").unwrap().as_str(),
            "hors ressort"
        );
        assert_eq!(Reason::parse(" \n "), Err(ReasonError::Empty));
        assert_eq!(
            Reason::parse(&"é".repeat(1_000)).map(|r| r.as_str().chars().count()),
            Ok(1_000)
        );
        let too_long = Reason::parse(&"é".repeat(1_001)).unwrap_err();
        assert_eq!(
            too_long.to_string(),
            "Le motif ne doit pas dépasser 1000 caractères."
        );
        assert_eq!(ReasonError::Empty.to_string(), "Indiquez un motif.");
    }

    #[test]
    fn actions_know_their_kind_referral_and_roles() {
        let reason = Reason::parse("x").unwrap();
        let decline = Action::PartnerDecline {
            referral: 2,
            reason,
        };
        assert_eq!(decline.kind(), ActionKind::PartnerDecline);
        assert_eq!(decline.referral(), Some(2));
        assert_eq!(
            decline.roles(),
            &[ActorRole::Referent, ActorRole::Partenaire]
        );
        assert_eq!(Action::AskProfessional(Target::Request).referral(), None);
        assert_eq!(Action::Submit.roles(), &[ActorRole::Professionnel]);
        assert_eq!(
            ActionKind::ALL.len(),
            16,
            "qualification, the change of kind and the re-route are actions of the table"
        );
        let json = serde_json::to_string(&Clock::Referral(3)).unwrap();
        assert_eq!(json, r#"{"clock":"referral","index":3}"#);
    }
}
