//! Where a request stands in the professional's journey, as the request page's stepper shows
//! it: five steps from « Déposée » to « Clôturée »; waiting for the professional counts as the
//! step it interrupted (qualification before routing, the institutions' work after).

use serde::Serialize;

use super::RequestState;

/// One position of the stepper.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Step {
    pub current: usize,
    pub total: usize,
    pub title: &'static str,
    pub next: Option<&'static str>,
}

const STEPS: [RequestState; 5] = [
    RequestState::Deposee,
    RequestState::EnQualification,
    RequestState::Orientee,
    RequestState::Traitee,
    RequestState::Cloturee,
];

/// The step of a request in `state` (`routed`: it has been routed to institutions); `None` for
/// a state outside the journey (a draft, a withdrawn request).
pub fn step(state: RequestState, routed: bool) -> Option<Step> {
    let shown = match state {
        RequestState::EnAttenteProfessionnel if routed => RequestState::Orientee,
        RequestState::EnAttenteProfessionnel => RequestState::EnQualification,
        other => other,
    };
    let index = STEPS.iter().position(|s| *s == shown)?;
    Some(Step {
        current: index + 1,
        total: STEPS.len(),
        title: state.label(),
        next: STEPS.get(index + 1).map(|s| s.label()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_for_the_professional_shows_the_step_it_interrupted() {
        let before = step(RequestState::EnAttenteProfessionnel, false).map(|s| s.current);
        let after = step(RequestState::EnAttenteProfessionnel, true).map(|s| s.current);
        assert_eq!((before, after), (Some(2), Some(3)));
        let waiting = step(RequestState::EnAttenteProfessionnel, true);
        assert_eq!(
            waiting.map(|s| s.title),
            Some(RequestState::EnAttenteProfessionnel.label())
        );
    }

    #[test]
    fn the_journey_has_five_steps_and_drafts_are_outside_it() {
        let first = step(RequestState::Deposee, false);
        assert_eq!(
            first,
            Some(Step {
                current: 1,
                total: 5,
                title: RequestState::Deposee.label(),
                next: Some(RequestState::EnQualification.label()),
            })
        );
        assert_eq!(
            step(RequestState::Cloturee, true).and_then(|s| s.next),
            None
        );
        assert_eq!(step(RequestState::Brouillon, false), None);
    }
}
