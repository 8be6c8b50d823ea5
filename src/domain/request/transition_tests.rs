use super::*;
use crate::domain::request::state::Reason;
use crate::domain::request::RequestKind;
use ActorRole::{Partenaire as Part, Professionnel as Pro, Referent as Ref};

pub(super) fn reason() -> Reason {
    Reason::parse("Hors de notre ressort").unwrap()
}

pub(super) fn changed(index: usize, from: ReferralState, to: ReferralState) -> ReferralChange {
    ReferralChange::Changed { index, from, to }
}

pub(super) fn ev(clock: Clock, action: ClockAction) -> ClockEvent {
    ClockEvent { clock, action }
}

/// One consistent case per request state (two "en attente": before and after routing).
pub(in crate::domain::request) fn fixtures() -> Vec<(&'static str, RequestState, Vec<ReferralState>)>
{
    vec![
        ("brouillon", R::Brouillon, vec![]),
        ("deposee", R::Deposee, vec![F::ATraiter, F::ATraiter]),
        (
            "qualification",
            R::EnQualification,
            vec![F::ATraiter, F::ATraiter],
        ),
        (
            "attente-avant",
            R::EnAttenteProfessionnel,
            vec![F::ATraiter, F::ATraiter],
        ),
        ("orientee", R::Orientee, vec![F::ATraiter, F::EnCours]),
        (
            "attente-apres",
            R::EnAttenteProfessionnel,
            vec![F::EnAttenteProfessionnel, F::EnCours],
        ),
        ("traitee", R::Traitee, vec![F::Repondue, F::Repondue]),
        ("cloturee", R::Cloturee, vec![F::Repondue, F::Repondue]),
        ("retiree", R::Retiree, vec![F::ATraiter, F::EnCours]),
    ]
}

/// One action of each kind; referral actions target referral 0.
fn actions() -> Vec<(&'static str, Action)> {
    vec![
        ("submit", Action::Submit),
        ("qualify", Action::StartQualification),
        ("set-qualification", Action::Qualify),
        ("route", Action::Route),
        ("ask-request", Action::AskProfessional(Target::Request)),
        ("ask-referral", Action::AskProfessional(Target::Referral(0))),
        (
            "answered-request",
            Action::ProfessionalAnswered(Target::Request),
        ),
        (
            "answered-referral",
            Action::ProfessionalAnswered(Target::Referral(0)),
        ),
        ("start", Action::PartnerStart(0)),
        ("answer", Action::PartnerAnswer(0)),
        (
            "decline",
            Action::PartnerDecline {
                referral: 0,
                reason: reason(),
            },
        ),
        (
            "reroute",
            Action::PartnerReroute {
                referral: 0,
                reason: reason(),
            },
        ),
        ("add", Action::AddReferral { reason: reason() }),
        (
            "remove",
            Action::RemoveReferral {
                referral: 0,
                reason: reason(),
            },
        ),
        ("close", Action::Close),
        ("withdraw", Action::Withdraw),
        ("reopen", Action::Reopen),
        (
            "change-kind",
            Action::ChangeKind {
                from: RequestKind::Question,
                to: RequestKind::AidApplication,
            },
        ),
    ]
}

/// Every legal (fixture, action, role) of [`fixtures`] × [`actions`] and the resulting state.
const LEGAL: &[(&str, &str, ActorRole, RequestState)] = &[
    ("brouillon", "submit", Pro, R::Deposee),
    ("deposee", "qualify", Ref, R::EnQualification),
    ("deposee", "set-qualification", Ref, R::EnQualification),
    (
        "qualification",
        "set-qualification",
        Ref,
        R::EnQualification,
    ),
    (
        "attente-avant",
        "set-qualification",
        Ref,
        R::EnAttenteProfessionnel,
    ),
    ("orientee", "set-qualification", Ref, R::Orientee),
    (
        "attente-apres",
        "set-qualification",
        Ref,
        R::EnAttenteProfessionnel,
    ),
    ("deposee", "withdraw", Pro, R::Retiree),
    ("qualification", "route", Ref, R::Orientee),
    (
        "qualification",
        "ask-request",
        Ref,
        R::EnAttenteProfessionnel,
    ),
    ("qualification", "add", Ref, R::EnQualification),
    ("qualification", "remove", Ref, R::EnQualification),
    ("qualification", "withdraw", Pro, R::Retiree),
    ("attente-avant", "answered-request", Pro, R::EnQualification),
    ("attente-avant", "answered-request", Ref, R::EnQualification),
    ("attente-avant", "add", Ref, R::EnAttenteProfessionnel),
    ("attente-avant", "remove", Ref, R::EnAttenteProfessionnel),
    ("attente-avant", "withdraw", Pro, R::Retiree),
    ("orientee", "ask-referral", Ref, R::EnAttenteProfessionnel),
    ("orientee", "ask-referral", Part, R::EnAttenteProfessionnel),
    ("orientee", "start", Ref, R::Orientee),
    ("orientee", "start", Part, R::Orientee),
    ("orientee", "answer", Ref, R::Orientee),
    ("orientee", "answer", Part, R::Orientee),
    ("orientee", "decline", Ref, R::Orientee),
    ("orientee", "decline", Part, R::Orientee),
    ("orientee", "reroute", Ref, R::Orientee),
    ("orientee", "reroute", Part, R::Orientee),
    ("orientee", "add", Ref, R::Orientee),
    ("orientee", "remove", Ref, R::Orientee),
    ("orientee", "withdraw", Pro, R::Retiree),
    ("attente-apres", "answered-referral", Pro, R::Orientee),
    ("attente-apres", "answered-referral", Ref, R::Orientee),
    ("attente-apres", "answered-referral", Part, R::Orientee),
    ("attente-apres", "answer", Ref, R::Orientee),
    ("attente-apres", "answer", Part, R::Orientee),
    ("attente-apres", "decline", Ref, R::Orientee),
    ("attente-apres", "decline", Part, R::Orientee),
    ("attente-apres", "reroute", Ref, R::Orientee),
    ("attente-apres", "reroute", Part, R::Orientee),
    ("attente-apres", "add", Ref, R::EnAttenteProfessionnel),
    ("attente-apres", "remove", Ref, R::Orientee),
    ("attente-apres", "withdraw", Pro, R::Retiree),
    ("traitee", "close", Ref, R::Cloturee),
    ("traitee", "add", Ref, R::Orientee),
    ("cloturee", "reopen", Ref, R::Traitee),
    ("deposee", "change-kind", Ref, R::Deposee),
    ("qualification", "change-kind", Ref, R::EnQualification),
    (
        "attente-avant",
        "change-kind",
        Ref,
        R::EnAttenteProfessionnel,
    ),
];

#[test]
fn every_state_action_role_combination() {
    let mut legal_seen = 0;
    for (name, state, referrals) in fixtures() {
        assert!(is_consistent(state, &referrals), "{name}");
        for (action_name, action) in actions() {
            for role in ActorRole::ALL.iter().copied() {
                let expected = LEGAL
                    .iter()
                    .find(|(f, a, r, _)| *f == name && *a == action_name && *r == role)
                    .map(|l| l.3);
                let result = apply(state, &referrals, &action, role);
                match (expected, result) {
                    (Some(to), Ok(outcome)) => {
                        legal_seen += 1;
                        assert_eq!(outcome.request, to, "{name} {action_name} {role}");
                    }
                    (None, Err(TransitionError::Illegal(e))) => {
                        assert_eq!((e.from, e.action), (state, action.kind()));
                        assert!(
                            e.reason.ends_with('.'),
                            "{name} {action_name}: {}",
                            e.reason
                        );
                        assert!(!e.reason.is_empty());
                    }
                    (expected, got) => {
                        panic!(
                            "{name} / {action_name} / {role}: expected {expected:?}, got {got:?}"
                        )
                    }
                }
            }
        }
    }
    assert_eq!(legal_seen, LEGAL.len());
}

/// The new state of referral 0 for each referral action, from each referral state.
#[test]
fn referral_state_matrix() {
    use Action as A;
    type Row = (ReferralState, [Option<ReferralState>; 5]);
    let rows: [Row; 5] = [
        (
            F::ATraiter,
            [
                Some(F::EnAttenteProfessionnel),
                None,
                Some(F::EnCours),
                Some(F::Repondue),
                Some(F::Declinee),
            ],
        ),
        (
            F::EnCours,
            [
                Some(F::EnAttenteProfessionnel),
                None,
                None,
                Some(F::Repondue),
                Some(F::Declinee),
            ],
        ),
        (
            F::EnAttenteProfessionnel,
            [
                None,
                Some(F::EnCours),
                None,
                Some(F::Repondue),
                Some(F::Declinee),
            ],
        ),
        (F::Repondue, [None; 5]),
        (F::Declinee, [None; 5]),
    ];
    let referral_actions = [
        A::AskProfessional(Target::Referral(0)),
        A::ProfessionalAnswered(Target::Referral(0)),
        A::PartnerStart(0),
        A::PartnerAnswer(0),
        A::PartnerDecline {
            referral: 0,
            reason: reason(),
        },
    ];
    for (from, expected) in rows {
        let referrals = [from, F::EnCours];
        let state = derived_state(&referrals);
        for (action, to) in referral_actions.iter().zip(expected) {
            let role = if matches!(action, A::ProfessionalAnswered(_)) {
                Pro
            } else {
                Part
            };
            match (to, apply(state, &referrals, action, role)) {
                (Some(to), Ok(outcome)) => {
                    assert_eq!(outcome.referrals, vec![changed(0, from, to)]);
                    assert_eq!(outcome.request, derived_state(&[to, F::EnCours]));
                }
                (None, Err(TransitionError::Illegal(_))) => {}
                (to, got) => panic!("{from} {:?}: expected {to:?}, got {got:?}", action.kind()),
            }
        }
        // The référent may remove any referral that has not answered.
        let remove = A::RemoveReferral {
            referral: 0,
            reason: reason(),
        };
        assert_eq!(
            apply(state, &referrals, &remove, Ref).is_ok(),
            from != F::Repondue,
            "{from}"
        );
    }
}

#[test]
fn consistency_and_derivation() {
    assert!(!is_consistent(R::Brouillon, &[F::ATraiter]));
    assert!(!is_consistent(R::Deposee, &[F::EnCours]));
    assert!(!is_consistent(R::Orientee, &[]));
    assert!(!is_consistent(R::Orientee, &[F::Repondue]));
    assert!(!is_consistent(R::Orientee, &[F::EnAttenteProfessionnel]));
    assert!(!is_consistent(R::Traitee, &[F::Repondue, F::Declinee]));
    assert!(!is_consistent(R::Cloturee, &[]));
    assert!(!is_consistent(R::EnAttenteProfessionnel, &[F::EnCours]));
    assert!(is_consistent(R::EnAttenteProfessionnel, &[]));
    assert!(is_consistent(R::Retiree, &[F::Declinee]));
    let err = apply(R::Traitee, &[], &Action::Close, Ref).unwrap_err();
    assert_eq!(
        err,
        TransitionError::Inconsistent {
            request: R::Traitee,
            referrals: vec![]
        }
    );
    assert_eq!(derived_state(&[]), R::Orientee);
    assert_eq!(derived_state(&[F::Repondue, F::Declinee]), R::Orientee);
    assert_eq!(
        derived_state(&[F::Repondue, F::EnAttenteProfessionnel]),
        R::EnAttenteProfessionnel
    );
    assert!(is_routed(
        R::EnAttenteProfessionnel,
        &[F::EnAttenteProfessionnel]
    ));
    assert!(!is_routed(R::EnAttenteProfessionnel, &[F::ATraiter]));
}

#[test]
fn changing_the_kind_removes_every_dormant_referral_and_keeps_the_state() {
    let referrals = [F::ATraiter, F::ATraiter];
    let change = Action::ChangeKind {
        from: RequestKind::Question,
        to: RequestKind::AidApplication,
    };
    let outcome = apply(R::EnQualification, &referrals, &change, Ref).expect("légal");
    assert_eq!(outcome.request, R::EnQualification);
    assert_eq!(
        outcome.referrals,
        vec![
            ReferralChange::Removed { index: 0 },
            ReferralChange::Removed { index: 1 }
        ]
    );
    assert!(outcome.clocks.is_empty());
    let same = Action::ChangeKind {
        from: RequestKind::Question,
        to: RequestKind::Question,
    };
    match apply(R::EnQualification, &referrals, &same, Ref) {
        Err(TransitionError::Illegal(e)) => assert_eq!(e.reason, "La demande est déjà de ce type."),
        other => panic!("{other:?}"),
    }
}

/// Re-routing ends the referral (it leaves the list, marked réorientée), appends a new one à
/// traiter for the other institution and starts its clock; only an open referral re-routes.
#[test]
fn reroute_ends_the_referral_and_starts_a_new_one() {
    let reroute = |referral| Action::PartnerReroute {
        referral,
        reason: reason(),
    };
    let referrals = [F::EnCours, F::EnAttenteProfessionnel];
    let outcome = apply(R::EnAttenteProfessionnel, &referrals, &reroute(1), Part).unwrap();
    assert_eq!(
        outcome,
        Outcome {
            request: R::Orientee,
            referrals: vec![
                ReferralChange::Rerouted { index: 1 },
                ReferralChange::Added { state: F::ATraiter }
            ],
            clocks: vec![
                ev(Clock::Referral(1), ClockAction::Stop),
                ev(Clock::Referral(2), ClockAction::Start)
            ],
        }
    );
    // Another referral waiting keeps the request waiting.
    let outcome = apply(R::EnAttenteProfessionnel, &referrals, &reroute(0), Part).unwrap();
    assert_eq!(outcome.request, R::EnAttenteProfessionnel);
    // An answered or declined referral cannot be re-routed; nor one not yet routed.
    for from in [F::Repondue, F::Declinee] {
        let referrals = [from, F::EnCours];
        let err = apply(R::Orientee, &referrals, &reroute(0), Part).unwrap_err();
        assert!(err.to_string().contains("déjà répondu"), "{from}: {err}");
    }
    let err = apply(R::EnQualification, &[F::ATraiter], &reroute(0), Part).unwrap_err();
    assert!(err.to_string().contains("pas encore été orientée"), "{err}");
    assert!(apply(R::Traitee, &[F::Repondue], &reroute(0), Part).is_err());
}
