//! Need to know between the people of a request: what each one sees of its referrals, messages,
//! internal notes, timeline and documents (issue 16, point 7).
//!
//! - The professional sees everything but internal notes and internal events.
//! - The référents of its département and the admins of its région see everything.
//! - An agent of a partner institution sees its own referral, the messages and notes filed under
//!   it (an internal note is addressed: under the request, to the référents only; under a
//!   referral, to the référents and that institution), the request's own events and those of its
//!   referral, and the documents the référent shared with its institution. Once its referral is
//!   declined, it sees only what it wrote and its referral's own events.

use super::TimelineKind;

/// Who is looking, as need to know distinguishes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    Owner,
    /// A référent or an admin: the guichet's side, which sees everything.
    Guichet,
    Partner(PartnerView),
}

/// A partner agent's window on a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerView {
    pub user_id: String,
    /// The ids of its institution's referrals on this request.
    pub referrals: Vec<String>,
    /// False once its referral is declined: then only what it wrote remains visible.
    pub live: bool,
}

impl Audience {
    /// Whether a referral (by id) is shown.
    pub fn sees_referral(&self, referral_id: &str) -> bool {
        match self {
            Self::Partner(p) => p.referrals.iter().any(|r| r == referral_id),
            _ => true,
        }
    }

    /// A message or internal note filed under `referral_id` (None: the request itself).
    pub fn sees_message(&self, referral_id: Option<&str>, internal: bool, author_id: &str) -> bool {
        match self {
            Self::Owner => !internal,
            Self::Guichet => true,
            Self::Partner(p) if author_id == p.user_id => true,
            Self::Partner(p) => p.live && referral_id.is_some_and(|r| self.is_own(p, r)),
        }
    }

    /// A timeline event of `kind` about `referral_id` (None: about the request). A document's
    /// event names it: a partner sees the documents shared with it in the documents' list, not
    /// the others' names in the history.
    pub fn sees_event(
        &self,
        kind: TimelineKind,
        referral_id: Option<&str>,
        internal: bool,
    ) -> bool {
        match self {
            Self::Owner => !internal,
            Self::Guichet => true,
            Self::Partner(p) => match referral_id {
                Some(r) => self.is_own(p, r),
                None => p.live && !internal && !kind.private_to_partners(),
            },
        }
    }

    /// A document, uploaded by `uploader_id`, shared or not with the partner's institution.
    pub fn sees_document(&self, uploader_id: &str, shared_with_partner: bool) -> bool {
        match self {
            Self::Owner | Self::Guichet => true,
            Self::Partner(p) => uploader_id == p.user_id || (p.live && shared_with_partner),
        }
    }

    /// The request's details (fields, eligibility snapshot): not for a partner whose referral was
    /// declined.
    pub fn sees_details(&self) -> bool {
        !matches!(self, Self::Partner(p) if !p.live)
    }

    fn is_own(&self, p: &PartnerView, referral_id: &str) -> bool {
        p.referrals.iter().any(|r| r == referral_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partner(live: bool) -> Audience {
        Audience::Partner(PartnerView {
            user_id: "agent".into(),
            referrals: vec!["mine".into()],
            live,
        })
    }

    #[test]
    fn a_partner_sees_what_is_addressed_to_its_referral_only() {
        let p = partner(true);
        assert!(p.sees_referral("mine") && !p.sees_referral("other"));
        // Messages and notes under its referral; nothing under another's or the request's.
        assert!(p.sees_message(Some("mine"), false, "pro"));
        assert!(p.sees_message(Some("mine"), true, "referent"));
        assert!(!p.sees_message(Some("other"), true, "referent"));
        assert!(!p.sees_message(Some("other"), false, "pro"));
        assert!(
            !p.sees_message(None, true, "referent"),
            "note to the référents"
        );
        assert!(!p.sees_message(None, false, "pro"));
        assert!(p.sees_message(None, false, "agent"), "what it wrote");
        // Events of the request and of its referral.
        assert!(
            p.sees_event(TimelineKind::Transition, None, false)
                && p.sees_event(TimelineKind::Transition, Some("mine"), false)
        );
        assert!(
            !p.sees_event(TimelineKind::Transition, Some("other"), false)
                && !p.sees_event(TimelineKind::Message, None, true)
        );
        assert!(
            !p.sees_event(TimelineKind::Document, None, false),
            "another document's name"
        );
        // Documents shared with it, or its own.
        assert!(p.sees_document("pro", true) && !p.sees_document("pro", false));
        assert!(p.sees_document("agent", false));
        assert!(p.sees_details());
    }

    #[test]
    fn after_declining_a_partner_keeps_only_what_it_wrote() {
        let p = partner(false);
        assert!(p.sees_message(Some("mine"), false, "agent"));
        assert!(!p.sees_message(Some("mine"), false, "pro"));
        assert!(!p.sees_message(Some("mine"), true, "referent"));
        assert!(
            p.sees_event(TimelineKind::Transition, Some("mine"), false),
            "its referral's own history"
        );
        assert!(!p.sees_event(TimelineKind::Transition, None, false));
        assert!(!p.sees_document("pro", true) && p.sees_document("agent", false));
        assert!(!p.sees_details());
    }

    #[test]
    fn the_professional_never_sees_internal_notes_and_the_guichet_sees_all() {
        assert!(!Audience::Owner.sees_message(None, true, "referent"));
        assert!(Audience::Owner.sees_message(Some("x"), false, "agent"));
        assert!(!Audience::Owner.sees_event(TimelineKind::Message, None, true));
        assert!(Audience::Owner.sees_document("agent", false));
        let g = Audience::Guichet;
        assert!(
            g.sees_message(Some("x"), true, "agent")
                && g.sees_event(TimelineKind::Message, Some("x"), true)
        );
        assert!(g.sees_document("pro", false) && g.sees_referral("x") && g.sees_details());
    }
}
