//! Workflow scenarios: the whole journey, declines, routing changes, withdrawal, messages.

use super::tests::{changed, ev, reason};
use super::*;
use ActorRole::{Partenaire as Part, Professionnel as Pro, Referent as Ref};
use ClockAction::{Pause, Resume, Start, Stop};

#[test]
fn the_whole_journey_with_its_clocks() {
    let three = [F::ATraiter; 3];
    let submit = apply(R::Brouillon, &[], &Action::Submit, Pro).unwrap();
    assert_eq!(submit.clocks, vec![ev(Clock::Qualification, Start)]);
    let ask = apply(
        R::EnQualification,
        &three,
        &Action::AskProfessional(Target::Request),
        Ref,
    );
    assert_eq!(ask.unwrap().clocks, vec![ev(Clock::Qualification, Pause)]);
    let back = Action::ProfessionalAnswered(Target::Request);
    let back = apply(R::EnAttenteProfessionnel, &three, &back, Pro).unwrap();
    assert_eq!(
        (back.request, back.clocks),
        (R::EnQualification, vec![ev(Clock::Qualification, Resume)])
    );
    let routed = apply(R::EnQualification, &three, &Action::Route, Ref).unwrap();
    assert_eq!(routed.request, R::Orientee);
    assert_eq!(
        routed.clocks,
        vec![
            ev(Clock::Qualification, Stop),
            ev(Clock::Referral(0), Start),
            ev(Clock::Referral(1), Start),
            ev(Clock::Referral(2), Start),
        ]
    );
    let asked = apply(
        R::Orientee,
        &three,
        &Action::AskProfessional(Target::Referral(1)),
        Part,
    )
    .unwrap();
    assert_eq!(asked.request, R::EnAttenteProfessionnel);
    assert_eq!(asked.clocks, vec![ev(Clock::Referral(1), Pause)]);
    // Another institution answers while referral 1 waits: still en attente.
    let waiting = [F::EnCours, F::EnAttenteProfessionnel, F::EnCours];
    let answer0 = apply(
        R::EnAttenteProfessionnel,
        &waiting,
        &Action::PartnerAnswer(0),
        Part,
    )
    .unwrap();
    assert_eq!(answer0.request, R::EnAttenteProfessionnel);
    assert_eq!(answer0.clocks, vec![ev(Clock::Referral(0), Stop)]);
    let waiting = [F::Repondue, F::EnAttenteProfessionnel, F::EnCours];
    let answered = Action::ProfessionalAnswered(Target::Referral(1));
    let answered = apply(R::EnAttenteProfessionnel, &waiting, &answered, Pro).unwrap();
    assert_eq!(answered.request, R::Orientee);
    assert_eq!(answered.clocks, vec![ev(Clock::Referral(1), Resume)]);
    let last = [F::Repondue, F::Repondue, F::EnCours];
    let done = apply(R::Orientee, &last, &Action::PartnerAnswer(2), Part).unwrap();
    assert_eq!(done.request, R::Traitee);
    assert_eq!(done.referrals, vec![changed(2, F::EnCours, F::Repondue)]);
    let closed = apply(R::Traitee, &[F::Repondue; 3], &Action::Close, Ref).unwrap();
    assert_eq!((closed.request, closed.clocks), (R::Cloturee, vec![]));
}

#[test]
fn a_declined_referral_blocks_traitee_until_the_referent_reroutes() {
    let decline = Action::PartnerDecline {
        referral: 1,
        reason: reason(),
    };
    let out = apply(R::Orientee, &[F::Repondue, F::EnCours], &decline, Part).unwrap();
    assert_eq!(out.request, R::Orientee);
    let declined = [F::Repondue, F::Declinee];
    let err = apply(R::Orientee, &declined, &Action::Close, Ref).unwrap_err();
    assert!(
        err.to_string().starts_with("Une institution a décliné"),
        "{err}"
    );
    // Re-routing: add another institution (its clock starts), then remove the declined one.
    let added = apply(
        R::Orientee,
        &declined,
        &Action::AddReferral { reason: reason() },
        Ref,
    )
    .unwrap();
    assert_eq!(
        added.referrals,
        vec![ReferralChange::Added { state: F::ATraiter }]
    );
    assert_eq!(added.clocks, vec![ev(Clock::Referral(2), Start)]);
    let remove = Action::RemoveReferral {
        referral: 1,
        reason: reason(),
    };
    let removed = apply(
        R::Orientee,
        &[F::Repondue, F::Declinee, F::ATraiter],
        &remove,
        Ref,
    )
    .unwrap();
    assert_eq!(removed.request, R::Orientee);
    assert_eq!(
        removed.referrals,
        vec![ReferralChange::Removed { index: 1 }]
    );
    assert_eq!(
        removed.clocks,
        vec![],
        "a declined referral's clock is already stopped"
    );
    // Or just remove it: the request becomes traitée.
    let removed = apply(R::Orientee, &declined, &remove, Ref).unwrap();
    assert_eq!(removed.request, R::Traitee);
}

#[test]
fn routing_changes_keep_at_least_one_institution() {
    let remove0 = Action::RemoveReferral {
        referral: 0,
        reason: reason(),
    };
    let err = apply(R::Orientee, &[F::EnCours], &remove0, Ref).unwrap_err();
    assert!(err
        .to_string()
        .starts_with("Une demande orientée garde au moins une institution"));
    let out = apply(R::EnQualification, &[F::ATraiter], &remove0, Ref).unwrap();
    assert_eq!((out.request, out.clocks), (R::EnQualification, vec![]));
    let err = apply(R::EnQualification, &[], &Action::Route, Ref).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Ajoutez au moins une institution avant d'orienter la demande."
    );
    let open = apply(
        R::Orientee,
        &[F::EnAttenteProfessionnel, F::EnCours],
        &remove0,
        Ref,
    );
    let open = open.unwrap_err();
    assert!(matches!(open, TransitionError::Inconsistent { .. }));
    let out = apply(
        R::EnAttenteProfessionnel,
        &[F::EnAttenteProfessionnel, F::EnCours],
        &remove0,
        Ref,
    );
    let out = out.unwrap();
    assert_eq!(
        (out.request, out.clocks),
        (R::Orientee, vec![ev(Clock::Referral(0), Stop)])
    );
    let remove_answered =
        apply(R::Orientee, &[F::Repondue, F::EnCours], &remove0, Ref).unwrap_err();
    assert!(remove_answered.to_string().contains("déjà répondu"));
    // Before routing, adding starts no clock.
    let added = apply(
        R::EnQualification,
        &[],
        &Action::AddReferral { reason: reason() },
        Ref,
    );
    assert_eq!(added.unwrap().clocks, vec![]);
}

#[test]
fn withdraw_stops_every_running_clock() {
    let before = apply(
        R::EnAttenteProfessionnel,
        &[F::ATraiter],
        &Action::Withdraw,
        Pro,
    )
    .unwrap();
    assert_eq!(before.clocks, vec![ev(Clock::Qualification, Stop)]);
    assert_eq!(before.referrals, vec![]);
    let mixed = [
        F::Repondue,
        F::EnAttenteProfessionnel,
        F::Declinee,
        F::ATraiter,
    ];
    let after = apply(R::EnAttenteProfessionnel, &mixed, &Action::Withdraw, Pro).unwrap();
    assert_eq!(after.request, R::Retiree);
    assert_eq!(
        after.clocks,
        vec![ev(Clock::Referral(1), Stop), ev(Clock::Referral(3), Stop)]
    );
    let err = apply(R::Traitee, &[F::Repondue], &Action::Withdraw, Pro).unwrap_err();
    assert_eq!(
        err.to_string(),
        "La demande est déjà traitée : elle ne peut plus être retirée."
    );
}

#[test]
fn french_reasons_for_common_mistakes() {
    let msg =
        |s, r: &[ReferralState], a: Action, role| apply(s, r, &a, role).unwrap_err().to_string();
    assert_eq!(
        msg(R::Deposee, &[], Action::Route, Ref),
        "Prenez d'abord la demande en qualification."
    );
    assert_eq!(
        msg(R::Deposee, &[], Action::Route, Part),
        "Cette action est réservée au référent du guichet."
    );
    assert_eq!(
        msg(R::Orientee, &[F::ATraiter], Action::PartnerStart(0), Pro),
        "Cette action est réservée au référent du guichet ou aux agents des institutions."
    );
    assert_eq!(
        msg(
            R::EnQualification,
            &[F::ATraiter],
            Action::PartnerStart(0),
            Part
        ),
        "La demande n'a pas encore été orientée par le référent."
    );
    assert_eq!(
        msg(R::Orientee, &[F::ATraiter], Action::PartnerAnswer(5), Part),
        "Cette institution ne fait pas partie de la demande."
    );
    assert_eq!(
        msg(
            R::EnAttenteProfessionnel,
            &[F::ATraiter],
            Action::Route,
            Ref
        ),
        "Une question attend la réponse du professionnel : enregistrez-la avant d'orienter la \
         demande."
    );
    assert_eq!(
        msg(
            R::Orientee,
            &[F::EnCours],
            Action::AskProfessional(Target::Request),
            Ref
        ),
        "La demande est orientée : posez la question au titre d'une institution."
    );
    assert_eq!(
        msg(R::Brouillon, &[], Action::Withdraw, Pro),
        "Un brouillon ne se retire pas : supprimez-le."
    );
    assert_eq!(
        msg(R::Retiree, &[], Action::Reopen, Ref),
        "La demande a été retirée par le professionnel."
    );
    assert_eq!(
        msg(R::Cloturee, &[F::Repondue], Action::Close, Ref),
        "La demande est clôturée."
    );
}
