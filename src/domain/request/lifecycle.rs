//! What a person may do on a request now, derived from the transition table ([`apply`]): the
//! one answer that pages, bulk actions and handlers ask. A template never compares states or
//! labels; it shows a button when its boolean here is true, and the server refuses the same
//! action with the same table when it is not.

use serde::Serialize;

use super::kind::RequestKind;
use super::state::{Action, ActorRole, Reason, ReferralState, RequestState, Target};
use super::transition::{apply, is_routed};

/// The actions open to one person on one request, and on each of its referrals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ActionSet {
    /// Set the priority, the coordination level and the référent in charge.
    pub can_qualify: bool,
    /// Send the referrals to the institutions.
    pub can_route: bool,
    /// Ask the professional a question about the request itself (before routing).
    pub can_ask_on_request: bool,
    /// Record the professional's answer to the question asked on the request.
    pub can_answer_on_request: bool,
    pub can_add_referral: bool,
    pub can_close: bool,
    pub can_reopen: bool,
    /// Correct the kind of the request (before routing; the routing is recomputed).
    pub can_change_kind: bool,
    /// The professional withdraws the request.
    pub can_withdraw: bool,
    /// One entry per active referral, in order.
    pub referrals: Vec<ReferralActions>,
}

/// The actions open to one person on one referral.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ReferralActions {
    /// Take the referral in charge.
    pub can_start: bool,
    /// Record the institution's answer.
    pub can_answer: bool,
    /// Ask the professional a question on behalf of the institution.
    pub can_ask: bool,
    /// Decline ("pas compétent").
    pub can_decline: bool,
    /// Record the professional's answer to the institution's question.
    pub can_answer_question: bool,
    /// Remove the institution from the request.
    pub can_remove: bool,
    /// Pass the referral to another institution, with a reason.
    pub can_reroute: bool,
}

impl ReferralActions {
    /// Whether the institution may still act on its part (answer, ask, decline).
    pub fn can_handle(&self) -> bool {
        self.can_answer || self.can_ask || self.can_decline
    }
}

impl ActionSet {
    /// Whether the professional has a question to answer, on the request or on a referral.
    pub fn has_question_to_answer(&self) -> bool {
        self.can_answer_on_request || self.referrals.iter().any(|r| r.can_answer_question)
    }
}

/// The actions `role` may take on a request in `state` whose active referrals are in
/// `referrals`. `acts_for(i)` says whether the person speaks for the institution of referral
/// `i` (a partner agent of that institution; always true for a référent, never for the
/// professional).
pub fn allowed_actions(
    state: RequestState,
    referrals: &[ReferralState],
    role: ActorRole,
    acts_for: impl Fn(usize) -> bool,
) -> ActionSet {
    let allowed = |action: Action| apply(state, referrals, &action, role).is_ok();
    // Only the state machine's verdict matters here; a real reason is checked when sent.
    let reason = Reason::placeholder;
    ActionSet {
        can_qualify: allowed(Action::Qualify),
        can_route: allowed(Action::Route),
        can_ask_on_request: allowed(Action::AskProfessional(Target::Request)),
        can_answer_on_request: allowed(Action::ProfessionalAnswered(Target::Request)),
        can_add_referral: allowed(Action::AddReferral { reason: reason() }),
        can_close: allowed(Action::Close),
        can_reopen: allowed(Action::Reopen),
        // Any two distinct kinds: only the state and the role decide.
        can_change_kind: allowed(Action::ChangeKind {
            from: RequestKind::Question,
            to: RequestKind::AidApplication,
        }),
        can_withdraw: allowed(Action::Withdraw),
        referrals: (0..referrals.len())
            .map(|i| {
                let speaks = role == ActorRole::Professionnel || acts_for(i);
                let on = |action: Action| speaks && allowed(action);
                ReferralActions {
                    can_start: on(Action::PartnerStart(i)),
                    can_answer: on(Action::PartnerAnswer(i)),
                    can_ask: on(Action::AskProfessional(Target::Referral(i))),
                    can_decline: on(Action::PartnerDecline {
                        referral: i,
                        reason: reason(),
                    }),
                    can_answer_question: on(Action::ProfessionalAnswered(Target::Referral(i))),
                    can_remove: on(Action::RemoveReferral {
                        referral: i,
                        reason: reason(),
                    }),
                    can_reroute: on(Action::PartnerReroute {
                        referral: i,
                        reason: reason(),
                    }),
                }
            })
            .collect(),
    }
}

/// Whether a request still has clocks that can run (submitted, not yet handled).
pub fn is_open(state: RequestState) -> bool {
    use RequestState as R;
    matches!(
        state,
        R::Deposee | R::EnQualification | R::Orientee | R::EnAttenteProfessionnel
    )
}

/// Whether documents may still be joined to a request: while it is a draft or being handled;
/// never once it is treated, closed or withdrawn.
pub fn accepts_documents(state: RequestState) -> bool {
    state == RequestState::Brouillon || is_open(state)
}

/// Whether the qualification deadline applies: from submission until routing (while a question
/// on the request waits for the professional, it applies but is suspended).
pub fn qualification_clock_applies(state: RequestState, referrals: &[ReferralState]) -> bool {
    match state {
        RequestState::Deposee | RequestState::EnQualification => true,
        RequestState::EnAttenteProfessionnel => !is_routed(state, referrals),
        _ => false,
    }
}

/// Whether a referral's deadline applies: once routed, while its part is open.
pub fn referral_clock_applies(routed: bool, referral: ReferralState) -> bool {
    routed && referral.is_open()
}

#[cfg(test)]
#[path = "lifecycle_tests.rs"]
mod tests;
