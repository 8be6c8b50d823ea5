//! The back-office inboxes. A request (for the référent) and a referral (for the partner agent)
//! each store the tab they belong to and their earliest open deadline, computed here from their
//! states and clocks; the inbox queries then only compare stored, indexed columns (they stay fast
//! with a million requests), and "en retard" is simply "earliest open deadline already passed".

mod query;

use chrono::{NaiveDate, NaiveDateTime};

pub use query::{Audience, Cursor, InboxQuery, Owner, RawInboxQuery, Sort, COUNT_CAP, PAGE_SIZE};

use crate::domain::request::{ReferralState, RequestState};
use crate::domain::slug::slug_enum;

slug_enum! {
    /// A tab of an inbox ("en retard" is not stored: it is computed from the deadline).
    pub enum Tab, "Onglet inconnu" {
        AQualifier => ("a-qualifier", "À qualifier"),
        EnCours => ("en-cours", "En cours"),
        EnAttente => ("en-attente", "En attente du professionnel"),
        EnRetard => ("en-retard", "En retard"),
        Traitees => ("traitees", "Traitées"),
    }
}

/// Stored tab of a draft, a withdrawn request, or a referral its institution does not see.
pub const NO_TAB: &str = "aucun";

impl Tab {
    /// The slug in the URL of `audience`'s inbox.
    pub fn slug_for(self, audience: Audience) -> &'static str {
        match (self, audience) {
            (Tab::AQualifier, Audience::Partner) => "a-traiter",
            _ => self.slug(),
        }
    }

    /// The label in `audience`'s inbox.
    pub fn label_for(self, audience: Audience) -> &'static str {
        match (self, audience) {
            (Tab::AQualifier, Audience::Partner) => "À traiter",
            _ => self.label(),
        }
    }

    pub fn parse_for(raw: &str, audience: Audience) -> Option<Tab> {
        Tab::ALL
            .iter()
            .copied()
            .find(|t| t.slug_for(audience) == raw)
    }

    /// The request states a référent may filter on within the tab.
    pub fn request_states(self) -> &'static [RequestState] {
        use RequestState as R;
        match self {
            Tab::AQualifier => &[R::Deposee, R::EnQualification],
            Tab::EnCours => &[R::Orientee],
            Tab::EnAttente => &[R::EnAttenteProfessionnel],
            Tab::EnRetard => &[
                R::Deposee,
                R::EnQualification,
                R::Orientee,
                R::EnAttenteProfessionnel,
            ],
            Tab::Traitees => &[R::Traitee, R::Cloturee],
        }
    }

    /// The referral states a partner agent may filter on within the tab.
    pub fn referral_states(self) -> &'static [ReferralState] {
        use ReferralState as S;
        match self {
            Tab::AQualifier => &[S::ATraiter],
            Tab::EnCours => &[S::EnCours],
            Tab::EnAttente => &[S::EnAttenteProfessionnel],
            Tab::EnRetard => &[S::ATraiter, S::EnCours, S::EnAttenteProfessionnel],
            Tab::Traitees => &[S::Repondue, S::Declinee],
        }
    }

    /// The stored tab of a request in `state` (`None`: in no tab).
    pub fn of_request(state: RequestState) -> Option<Tab> {
        [Tab::AQualifier, Tab::EnCours, Tab::EnAttente, Tab::Traitees]
            .into_iter()
            .find(|t| t.request_states().contains(&state))
    }

    /// The stored tab of a referral; `visible` is false once removed or before it is routed.
    pub fn of_referral(state: ReferralState, visible: bool) -> Option<Tab> {
        if !visible {
            return None;
        }
        [Tab::AQualifier, Tab::EnCours, Tab::EnAttente, Tab::Traitees]
            .into_iter()
            .find(|t| t.referral_states().contains(&state))
    }
}

/// The stored slug of an optional tab.
pub fn stored(tab: Option<Tab>) -> &'static str {
    tab.map(|t| t.slug()).unwrap_or(NO_TAB)
}

/// The stored deadline of what has none running (closed, paused, or not started): sorts last and
/// is never late.
pub fn no_deadline() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or(NaiveDateTime::MAX)
}

/// A stored deadline back to an optional one.
pub fn deadline(stored: NaiveDateTime) -> Option<NaiveDateTime> {
    (stored < no_deadline()).then_some(stored)
}

/// The earliest open deadline of a request: its qualification while it waits for the référent,
/// then the earliest deadline of its open referrals (`referrals`: state and stored due date of
/// each referral still part of the request).
pub fn request_deadline(
    state: RequestState,
    qualification_due: Option<NaiveDateTime>,
    referrals: &[(ReferralState, Option<NaiveDateTime>)],
) -> NaiveDateTime {
    use RequestState as R;
    let qualification = match state {
        R::Deposee | R::EnQualification => qualification_due,
        _ => None,
    };
    let open = is_open(state);
    let referral = referrals
        .iter()
        .filter(|(s, _)| open && s.is_open())
        .filter_map(|(_, due)| *due)
        .min();
    qualification
        .into_iter()
        .chain(referral)
        .min()
        .unwrap_or_else(no_deadline)
}

pub use crate::domain::request::is_open;

/// The stored deadline of a referral: its due date while open.
pub fn referral_deadline(state: ReferralState, due: Option<NaiveDateTime>) -> NaiveDateTime {
    due.filter(|_| state.is_open()).unwrap_or_else(no_deadline)
}

#[cfg(test)]
mod tests;
