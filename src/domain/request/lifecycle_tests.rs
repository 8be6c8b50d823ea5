use super::*;
use crate::domain::request::state::{ActorRole, ReferralState as F, RequestState as R};
use crate::domain::request::transition::tests::fixtures;

/// The booleans are the transition table's verdicts, for every state × role × referral.
#[test]
fn every_boolean_is_the_transition_tables_verdict() {
    for (name, state, referrals) in fixtures() {
        for role in ActorRole::ALL.iter().copied() {
            let set = allowed_actions(state, &referrals, role, |_| true);
            let ok = |a: Action| apply(state, &referrals, &a, role).is_ok();
            let r = || Reason::placeholder();
            assert_eq!(set.can_qualify, ok(Action::Qualify), "{name} {role}");
            assert_eq!(set.can_route, ok(Action::Route), "{name} {role}");
            assert_eq!(set.can_close, ok(Action::Close), "{name} {role}");
            assert_eq!(set.can_reopen, ok(Action::Reopen), "{name} {role}");
            assert_eq!(set.can_withdraw, ok(Action::Withdraw), "{name} {role}");
            assert_eq!(
                set.can_add_referral,
                ok(Action::AddReferral { reason: r() }),
                "{name} {role}"
            );
            assert_eq!(set.referrals.len(), referrals.len());
            for (i, actions) in set.referrals.iter().enumerate() {
                assert_eq!(
                    actions.can_start,
                    ok(Action::PartnerStart(i)),
                    "{name} {role} {i}"
                );
                assert_eq!(actions.can_answer, ok(Action::PartnerAnswer(i)));
                assert_eq!(
                    actions.can_remove,
                    ok(Action::RemoveReferral {
                        referral: i,
                        reason: r()
                    })
                );
            }
        }
    }
}

/// What the request page showed before, now asked of the table: the référent qualifies
/// déposée, en qualification, en attente and orientée requests — never traitée, clôturée,
/// retirée ones (the bulk action asks the same question, so it can no longer disagree).
#[test]
fn qualification_is_open_until_the_request_is_handled() {
    for (name, state, referrals) in fixtures() {
        let referent = allowed_actions(state, &referrals, ActorRole::Referent, |_| true);
        let expected = matches!(
            state,
            R::Deposee | R::EnQualification | R::EnAttenteProfessionnel | R::Orientee
        );
        assert_eq!(referent.can_qualify, expected, "{name}");
        for role in [ActorRole::Professionnel, ActorRole::Partenaire] {
            assert!(!allowed_actions(state, &referrals, role, |_| true).can_qualify);
        }
    }
}

#[test]
fn partners_act_only_for_their_own_institution() {
    let referrals = [F::ATraiter, F::EnCours];
    let set = allowed_actions(R::Orientee, &referrals, ActorRole::Partenaire, |i| i == 1);
    assert!(!set.referrals[0].can_start && !set.referrals[0].can_handle());
    assert!(set.referrals[1].can_handle());
    assert!(!set.referrals[1].can_start, "already taken in charge");
    assert!(
        !set.referrals[1].can_remove,
        "only the référent removes an institution"
    );
    let referent = allowed_actions(R::Orientee, &referrals, ActorRole::Referent, |_| true);
    assert!(referent.referrals[0].can_start && referent.referrals[0].can_remove);
}

#[test]
fn the_professional_answers_the_question_that_waits_for_them() {
    let before = allowed_actions(
        R::EnAttenteProfessionnel,
        &[F::ATraiter],
        ActorRole::Professionnel,
        |_| false,
    );
    assert!(before.can_answer_on_request && before.has_question_to_answer());
    let after = allowed_actions(
        R::EnAttenteProfessionnel,
        &[F::EnAttenteProfessionnel, F::EnCours],
        ActorRole::Professionnel,
        |_| false,
    );
    assert!(!after.can_answer_on_request);
    assert!(after.referrals[0].can_answer_question && after.has_question_to_answer());
    assert!(!after.referrals[1].can_answer_question);
    let none = allowed_actions(R::Orientee, &[F::EnCours], ActorRole::Professionnel, |_| {
        false
    });
    assert!(!none.has_question_to_answer());
    assert!(none.can_withdraw);
}

#[test]
fn clocks_apply_from_submission_to_routing_then_per_open_referral() {
    assert!(qualification_clock_applies(R::Deposee, &[F::ATraiter]));
    assert!(qualification_clock_applies(
        R::EnAttenteProfessionnel,
        &[F::ATraiter]
    ));
    assert!(!qualification_clock_applies(
        R::EnAttenteProfessionnel,
        &[F::EnAttenteProfessionnel]
    ));
    assert!(!qualification_clock_applies(R::Orientee, &[F::EnCours]));
    assert!(referral_clock_applies(true, F::EnAttenteProfessionnel));
    assert!(!referral_clock_applies(true, F::Repondue));
    assert!(!referral_clock_applies(false, F::ATraiter));
    assert!(is_open(R::Orientee) && !is_open(R::Traitee) && !is_open(R::Brouillon));
}

#[test]
fn documents_are_accepted_until_the_request_is_treated_closed_or_withdrawn() {
    use RequestState as S;
    let accepting = [
        S::Brouillon,
        S::Deposee,
        S::EnQualification,
        S::Orientee,
        S::EnAttenteProfessionnel,
    ];
    for state in accepting {
        assert!(super::accepts_documents(state), "{state:?}");
    }
    for state in [S::Traitee, S::Cloturee, S::Retiree] {
        assert!(!super::accepts_documents(state), "{state:?}");
    }
}
