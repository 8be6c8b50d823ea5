//! The workflow of a request and its referrals: [`apply`] checks an action against the stored
//! states and returns the new ones, the referral changes and the clock events.
//!
//! # Phases
//!
//! Referrals are created (all *à traiter*) when the request is submitted, from
//! `routing::resolve`; before the référent confirms the routing they are dormant: partners cannot
//! act on them and their clocks do not run. Questions to the professional are asked **on the
//! request** before routing (they pause the qualification clock) and **on a referral** after
//! routing (they pause that referral's clock). This keeps the state derivable: a request *en
//! attente du professionnel* is past routing exactly when one of its referrals is waiting.
//!
//! After routing, the request's state is **derived** from its referrals: *en attente du
//! professionnel* if any referral is; else *traitée* if every referral is *répondue*; else
//! *orientée*. A *déclinée* referral therefore keeps the request *orientée*: it goes back to the
//! référent, who removes it (adding another institution if needed) before the request can be
//! *traitée*.
//!
//! # Transition table
//!
//! "After routing" = orientée, traitée, or en attente with a waiting referral. Every other
//! (state, action, role) combination is refused with a French reason.
//!
//! | action | who | request state before | referral *i* | request after | referral *i* after | clocks |
//! |---|---|---|---|---|---|---|
//! | Submit | professionnel | brouillon | — | déposée | — | qualification: start |
//! | StartQualification | référent | déposée | — | en qualification | — | — |
//! | Qualify | référent | déposée, en qualification, en attente, orientée | — | en qualification from déposée, else unchanged | — | — |
//! | AskProfessional(request) | référent | en qualification | — | en attente du professionnel | — | qualification: pause |
//! | ProfessionalAnswered(request) | professionnel, référent | en attente, before routing | — | en qualification | — | qualification: resume |
//! | Route | référent | en qualification, ≥ 1 referral | all à traiter | orientée | — | qualification: stop; every referral: start |
//! | AddReferral(reason) | référent | en qualification, en attente, orientée, traitée | — | unchanged before routing, else derived | new, à traiter | after routing: new referral start |
//! | RemoveReferral(i, reason) | référent | en qualification, en attente, orientée | not répondue; after routing, another remains | unchanged before routing, else derived | removed | after routing, if open: *i* stop |
//! | PartnerStart(i) | partenaire, référent | after routing, not traitée | à traiter | derived | en cours | — |
//! | AskProfessional(referral i) | partenaire, référent | after routing, not traitée | à traiter, en cours | en attente du professionnel | en attente du professionnel | *i* pause |
//! | ProfessionalAnswered(referral i) | professionnel, partenaire, référent | after routing | en attente du professionnel | derived | en cours | *i* resume |
//! | PartnerAnswer(i) | partenaire, référent | after routing, not traitée | open | derived | répondue | *i* stop |
//! | PartnerDecline(i, reason) | partenaire, référent | after routing, not traitée | open | derived | déclinée | *i* stop |
//! | PartnerReroute(i, reason) | partenaire, référent | after routing, not traitée | open | derived | réorientée (leaves the list); new, à traiter | *i* stop; new referral start |
//! | Record(channel) | référent | brouillon (created for the professional) | — | déposée | — | qualification: start |
//! | Close | référent | traitée | — | clôturée | — | — |
//! | Reopen | référent | clôturée | — | traitée | — | — |
//! | ChangeKind(from, to) | référent | déposée, en qualification, en attente, before routing; from ≠ to | unchanged | all removed (the caller adds the routing of the new kind, dormant) | — |
//! | Withdraw | professionnel | déposée, en qualification, en attente, orientée | — (left as they are) | retirée | — | every running clock: stop |
//!
//! "Open" = à traiter, en cours or en attente du professionnel. Agents may record an answer
//! the professional gave by phone or mail (`ProfessionalAnswered` by an agent). A clôturée request
//! is reopened to traitée; adding an institution then brings it back to orientée.
//!
//! # Consistent inputs
//!
//! brouillon: no referral; déposée and en qualification: all à traiter; en attente: all à
//! traiter (before routing) or at least one waiting (after routing); orientée: at least one
//! referral, none waiting, not all répondue; traitée and clôturée: at least one, all répondue;
//! retirée: anything. Anything else is [`TransitionError::Inconsistent`].

use super::state::{
    Action, ActionKind, ActorRole, Clock, ClockAction, ClockEvent, IllegalTransition, Outcome,
    ReferralChange, ReferralState, RequestState, Target, TransitionError,
};
use crate::domain::french;

use ReferralState as F;
use RequestState as R;

/// Whether the stored states agree with each other (see the module documentation).
pub fn is_consistent(state: RequestState, referrals: &[ReferralState]) -> bool {
    let all = |s: F| referrals.iter().all(|r| *r == s);
    let any = |s: F| referrals.contains(&s);
    match state {
        R::Brouillon => referrals.is_empty(),
        R::Deposee | R::EnQualification => all(F::ATraiter),
        R::EnAttenteProfessionnel => all(F::ATraiter) || any(F::EnAttenteProfessionnel),
        R::Orientee => {
            !referrals.is_empty() && !any(F::EnAttenteProfessionnel) && !all(F::Repondue)
        }
        R::Traitee | R::Cloturee => !referrals.is_empty() && all(F::Repondue),
        R::Retiree => true,
    }
}

/// Whether the request is past routing (see the module documentation).
pub fn is_routed(state: RequestState, referrals: &[ReferralState]) -> bool {
    match state {
        R::Orientee | R::Traitee | R::Cloturee => true,
        R::EnAttenteProfessionnel | R::Retiree => referrals.iter().any(|r| *r != F::ATraiter),
        R::Brouillon | R::Deposee | R::EnQualification => false,
    }
}

/// The request state after routing, derived from its referrals.
pub fn derived_state(referrals: &[ReferralState]) -> RequestState {
    if referrals.contains(&F::EnAttenteProfessionnel) {
        R::EnAttenteProfessionnel
    } else if !referrals.is_empty() && referrals.iter().all(|r| *r == F::Repondue) {
        R::Traitee
    } else {
        R::Orientee
    }
}

pub(super) fn event(clock: Clock, action: ClockAction) -> ClockEvent {
    ClockEvent { clock, action }
}

fn outcome(request: RequestState) -> Outcome {
    Outcome {
        request,
        referrals: Vec::new(),
        clocks: Vec::new(),
    }
}

/// Applies `action` by someone of `role` to a request in `state` whose active referrals are in
/// `referrals`. See the module documentation for the full table.
pub fn apply(
    state: RequestState,
    referrals: &[ReferralState],
    action: &Action,
    role: ActorRole,
) -> Result<Outcome, TransitionError> {
    if !is_consistent(state, referrals) {
        return Err(TransitionError::Inconsistent {
            request: state,
            referrals: referrals.to_vec(),
        });
    }
    let refuse = |reason: &str| {
        Err(TransitionError::Illegal(IllegalTransition {
            from: state,
            action: action.kind(),
            reason: reason.to_string(),
        }))
    };
    if !action.roles().contains(&role) {
        let who = french::join(action.roles().iter().map(|r| role_phrase(*r)), "ou");
        return refuse(&format!("Cette action est réservée {who}."));
    }
    if let Some(reason) = closed_reason(state, action.kind()) {
        return refuse(reason);
    }
    let routed = is_routed(state, referrals);
    let target = match action.referral() {
        Some(i) => match referrals.get(i) {
            Some(s) => Some((i, *s)),
            None => return refuse("Cette institution ne fait pas partie de la demande."),
        },
        None => None,
    };
    match (action, target) {
        (Action::Submit | Action::Record(_), _) => Ok(Outcome {
            clocks: vec![event(Clock::Qualification, ClockAction::Start)],
            ..outcome(R::Deposee)
        }),
        (Action::StartQualification, _) => match state {
            R::Deposee => Ok(outcome(R::EnQualification)),
            _ if routed => refuse("La demande est déjà orientée."),
            _ => refuse("La demande est déjà en qualification."),
        },
        (Action::Qualify, _) => match state {
            R::Deposee => Ok(outcome(R::EnQualification)),
            R::EnQualification | R::EnAttenteProfessionnel | R::Orientee => Ok(outcome(state)),
            _ => refuse("Cette demande ne peut plus être qualifiée."),
        },
        (Action::Route, _) => match state {
            _ if routed => refuse("La demande est déjà orientée."),
            R::Deposee => refuse("Prenez d'abord la demande en qualification."),
            R::EnAttenteProfessionnel => refuse(
                "Une question attend la réponse du professionnel : enregistrez-la avant \
                 d'orienter la demande.",
            ),
            _ if referrals.is_empty() => {
                refuse("Ajoutez au moins une institution avant d'orienter la demande.")
            }
            _ => {
                let mut clocks = vec![event(Clock::Qualification, ClockAction::Stop)];
                clocks.extend(
                    (0..referrals.len()).map(|i| event(Clock::Referral(i), ClockAction::Start)),
                );
                Ok(Outcome {
                    clocks,
                    ..outcome(derived_state(referrals))
                })
            }
        },
        (Action::AskProfessional(Target::Request), _) => match state {
            _ if routed => {
                refuse("La demande est orientée : posez la question au titre d'une institution.")
            }
            R::EnQualification => Ok(Outcome {
                clocks: vec![event(Clock::Qualification, ClockAction::Pause)],
                ..outcome(R::EnAttenteProfessionnel)
            }),
            R::EnAttenteProfessionnel => {
                refuse("Une question attend déjà la réponse du professionnel.")
            }
            _ => refuse("Prenez d'abord la demande en qualification."),
        },
        (Action::ProfessionalAnswered(Target::Request), _) => match state {
            R::EnAttenteProfessionnel if !routed => Ok(Outcome {
                clocks: vec![event(Clock::Qualification, ClockAction::Resume)],
                ..outcome(R::EnQualification)
            }),
            _ => refuse("Aucune question au titre de la demande n'attend de réponse."),
        },
        (Action::AddReferral { .. }, _) => match state {
            R::Deposee => refuse("Prenez d'abord la demande en qualification."),
            _ if !routed => Ok(Outcome {
                referrals: vec![ReferralChange::Added { state: F::ATraiter }],
                ..outcome(state)
            }),
            _ => {
                let mut after = referrals.to_vec();
                after.push(F::ATraiter);
                Ok(Outcome {
                    referrals: vec![ReferralChange::Added { state: F::ATraiter }],
                    clocks: vec![event(Clock::Referral(referrals.len()), ClockAction::Start)],
                    ..outcome(derived_state(&after))
                })
            }
        },
        (Action::RemoveReferral { .. }, Some((i, from))) => {
            remove_referral(state, referrals, routed, i, from).or_else(refuse)
        }
        (Action::Close, _) => match state {
            R::Traitee => Ok(outcome(R::Cloturee)),
            _ if referrals.contains(&F::Declinee) => refuse(
                "Une institution a décliné : retirez-la ou orientez la demande vers une autre \
                 institution avant de la clôturer.",
            ),
            _ => refuse("Toutes les institutions n'ont pas encore répondu."),
        },
        (Action::ChangeKind { from, to }, _) => match state {
            _ if from == to => refuse("La demande est déjà de ce type."),
            _ if routed => refuse(
                "La demande est déjà orientée : ajoutez ou retirez des institutions plutôt que \
                 de changer son type.",
            ),
            R::Deposee | R::EnQualification | R::EnAttenteProfessionnel => Ok(Outcome {
                referrals: (0..referrals.len())
                    .map(|index| ReferralChange::Removed { index })
                    .collect(),
                ..outcome(state)
            }),
            _ => refuse("Le type de cette demande ne peut plus être changé."),
        },
        (Action::Reopen, _) => match state {
            R::Cloturee => Ok(outcome(R::Traitee)),
            _ => refuse("Seule une demande clôturée peut être rouverte."),
        },
        (Action::Withdraw, _) => Ok(Outcome {
            clocks: if routed {
                let open = referrals.iter().enumerate().filter(|(_, r)| r.is_open());
                open.map(|(i, _)| event(Clock::Referral(i), ClockAction::Stop))
                    .collect()
            } else {
                vec![event(Clock::Qualification, ClockAction::Stop)]
            },
            ..outcome(R::Retiree)
        }),
        (Action::PartnerReroute { .. }, Some((i, from))) if routed => {
            super::reroute::reroute(referrals, i, from).or_else(refuse)
        }
        (_, Some((i, from))) if routed => {
            referral_action(referrals, action, i, from).or_else(refuse)
        }
        (_, _) => refuse("La demande n'a pas encore été orientée par le référent."),
    }
}

/// The French complement "au référent du guichet" etc.
fn role_phrase(role: ActorRole) -> &'static str {
    match role {
        ActorRole::Professionnel => "au professionnel",
        ActorRole::Referent => "au référent du guichet",
        ActorRole::Partenaire => "aux agents des institutions",
    }
}

/// Refusals that depend only on the request's state (drafts, final and handled requests).
fn closed_reason(state: RequestState, action: ActionKind) -> Option<&'static str> {
    use ActionKind as A;
    match (state, action) {
        (R::Brouillon, A::Submit) | (R::Cloturee, A::Reopen) | (R::Traitee, A::Close) => None,
        (R::Traitee, A::AddReferral) => None,
        (R::Brouillon, A::Withdraw) => Some("Un brouillon ne se retire pas : supprimez-le."),
        (R::Brouillon, _) => Some("La demande n'a pas encore été déposée."),
        (_, A::Submit) => Some("La demande a déjà été déposée."),
        (R::Retiree, _) => Some("La demande a été retirée par le professionnel."),
        (R::Cloturee, _) => Some("La demande est clôturée."),
        (R::Traitee, A::Withdraw) => {
            Some("La demande est déjà traitée : elle ne peut plus être retirée.")
        }
        (R::Traitee, A::Reopen) => Some("Seule une demande clôturée peut être rouverte."),
        (R::Traitee, _) => Some("La demande est déjà traitée."),
        _ => None,
    }
}

fn remove_referral(
    state: RequestState,
    referrals: &[ReferralState],
    routed: bool,
    index: usize,
    from: ReferralState,
) -> Result<Outcome, &'static str> {
    if state == R::Deposee {
        return Err("Prenez d'abord la demande en qualification.");
    }
    if from == F::Repondue {
        return Err("Cette institution a déjà répondu : sa part ne peut plus être retirée.");
    }
    let change = vec![ReferralChange::Removed { index }];
    if !routed {
        return Ok(Outcome {
            referrals: change,
            ..outcome(state)
        });
    }
    if referrals.len() == 1 {
        return Err(
            "Une demande orientée garde au moins une institution : ajoutez-en une \
                    avant de retirer celle-ci.",
        );
    }
    let after: Vec<ReferralState> = referrals
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != index)
        .map(|(_, r)| *r)
        .collect();
    let clocks = if from.is_open() {
        vec![event(Clock::Referral(index), ClockAction::Stop)]
    } else {
        Vec::new()
    };
    Ok(Outcome {
        referrals: change,
        clocks,
        ..outcome(derived_state(&after))
    })
}

/// Partner actions and referral-level questions, after routing.
fn referral_action(
    referrals: &[ReferralState],
    action: &Action,
    index: usize,
    from: ReferralState,
) -> Result<Outcome, &'static str> {
    let (to, clock) = match (action, from) {
        (_, F::Repondue | F::Declinee) if !matches!(action, Action::ProfessionalAnswered(_)) => {
            return Err("Cette institution a déjà répondu ou décliné.")
        }
        (Action::PartnerStart(_), F::ATraiter) => (F::EnCours, None),
        (Action::PartnerStart(_), _) => {
            return Err("Cette part de la demande est déjà prise en charge.")
        }
        (Action::AskProfessional(_), F::ATraiter | F::EnCours) => {
            (F::EnAttenteProfessionnel, Some(ClockAction::Pause))
        }
        (Action::AskProfessional(_), _) => {
            return Err(
                "Une question de cette institution attend déjà la réponse du professionnel.",
            )
        }
        (Action::ProfessionalAnswered(_), F::EnAttenteProfessionnel) => {
            (F::EnCours, Some(ClockAction::Resume))
        }
        (Action::ProfessionalAnswered(_), _) => {
            return Err("Aucune question de cette institution n'attend de réponse.")
        }
        (Action::PartnerAnswer(_), _) => (F::Repondue, Some(ClockAction::Stop)),
        (Action::PartnerDecline { .. }, _) => (F::Declinee, Some(ClockAction::Stop)),
        _ => return Err("Cette action ne porte pas sur une institution."),
    };
    let after: Vec<ReferralState> = referrals
        .iter()
        .enumerate()
        .map(|(i, r)| if i == index { to } else { *r })
        .collect();
    Ok(Outcome {
        request: derived_state(&after),
        referrals: vec![ReferralChange::Changed { index, from, to }],
        clocks: clock
            .map(|c| vec![event(Clock::Referral(index), c)])
            .unwrap_or_default(),
    })
}

#[cfg(test)]
#[path = "transition_tests.rs"]
pub(super) mod tests;

#[cfg(test)]
#[path = "workflow_tests.rs"]
mod workflow_tests;
