use chrono::NaiveDate;

use super::*;

fn at(day: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 3, day)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .unwrap_or_default()
}

#[test]
fn every_open_or_handled_state_has_exactly_one_tab() {
    use RequestState as R;
    assert_eq!(Tab::of_request(R::Deposee), Some(Tab::AQualifier));
    assert_eq!(Tab::of_request(R::EnQualification), Some(Tab::AQualifier));
    assert_eq!(Tab::of_request(R::Orientee), Some(Tab::EnCours));
    assert_eq!(
        Tab::of_request(R::EnAttenteProfessionnel),
        Some(Tab::EnAttente)
    );
    assert_eq!(Tab::of_request(R::Traitee), Some(Tab::Traitees));
    assert_eq!(Tab::of_request(R::Cloturee), Some(Tab::Traitees));
    assert_eq!(Tab::of_request(R::Brouillon), None);
    assert_eq!(Tab::of_request(R::Retiree), None);
    assert_eq!(stored(None), NO_TAB);
}

#[test]
fn referrals_are_in_a_tab_only_once_routed_and_while_kept() {
    use ReferralState as S;
    assert_eq!(Tab::of_referral(S::ATraiter, true), Some(Tab::AQualifier));
    assert_eq!(Tab::of_referral(S::ATraiter, false), None);
    assert_eq!(Tab::of_referral(S::Declinee, true), Some(Tab::Traitees));
    assert_eq!(Tab::AQualifier.slug_for(Audience::Partner), "a-traiter");
    assert_eq!(
        Tab::parse_for("a-traiter", Audience::Partner),
        Some(Tab::AQualifier)
    );
    assert_eq!(Tab::parse_for("a-traiter", Audience::Referent), None);
}

#[test]
fn a_request_awaiting_qualification_is_due_at_its_qualification_deadline() {
    let due = request_deadline(RequestState::Deposee, Some(at(10)), &[]);
    assert_eq!(due, at(10));
    assert_eq!(deadline(due), Some(at(10)));
}

#[test]
fn a_routed_request_is_due_at_its_earliest_open_referral() {
    use ReferralState as S;
    let referrals = [
        (S::Repondue, Some(at(2))),
        (S::EnCours, Some(at(12))),
        (S::ATraiter, Some(at(8))),
        (S::EnAttenteProfessionnel, None),
    ];
    let due = request_deadline(RequestState::Orientee, Some(at(1)), &referrals);
    assert_eq!(due, at(8));
}

#[test]
fn closed_or_paused_requests_have_no_deadline() {
    use ReferralState as S;
    let referrals = [(S::EnCours, Some(at(12)))];
    let closed = request_deadline(RequestState::Traitee, Some(at(1)), &referrals);
    assert_eq!(deadline(closed), None);
    let paused = request_deadline(
        RequestState::EnAttenteProfessionnel,
        None,
        &[(S::EnAttenteProfessionnel, None)],
    );
    assert_eq!(deadline(paused), None);
    assert!(no_deadline() > at(31));
}

#[test]
fn an_answered_referral_has_no_deadline() {
    assert_eq!(
        deadline(referral_deadline(ReferralState::Repondue, Some(at(3)))),
        None
    );
    assert_eq!(
        referral_deadline(ReferralState::EnCours, Some(at(3))),
        at(3)
    );
}
