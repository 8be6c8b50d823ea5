//! A partner passes its referral to the institution really competent (see the transition
//! table in `transition.rs`): the referral ends as *réorientée* and leaves the active list, a
//! new one, *à traiter*, is appended for the other institution and its clock starts at once.

use super::state::{Clock, ClockAction, Outcome, ReferralChange, ReferralState};
use super::transition::{derived_state, event};

/// The outcome of re-routing the open referral `index` (in state `from`).
pub(super) fn reroute(
    referrals: &[ReferralState],
    index: usize,
    from: ReferralState,
) -> Result<Outcome, &'static str> {
    if !from.is_open() {
        return Err("Cette institution a déjà répondu ou décliné : elle ne peut plus réorienter.");
    }
    let mut after: Vec<ReferralState> = referrals
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != index)
        .map(|(_, r)| *r)
        .collect();
    after.push(ReferralState::ATraiter);
    Ok(Outcome {
        request: derived_state(&after),
        referrals: vec![
            ReferralChange::Rerouted { index },
            ReferralChange::Added {
                state: ReferralState::ATraiter,
            },
        ],
        clocks: vec![
            event(Clock::Referral(index), ClockAction::Stop),
            event(Clock::Referral(referrals.len()), ClockAction::Start),
        ],
    })
}
