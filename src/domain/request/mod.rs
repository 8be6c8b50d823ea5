//! Requests (dossiers) of professionals: kinds, forms, submission checks, qualification, and the
//! workflow of a request and of its referrals (domain.md §1 and §6).
//!
//! - [`RequestKind`]: what a request is about (11 kinds with flat slugs);
//! - [`form_for`]: the fields of each kind, as data to render;
//! - [`validate_for_submission`]: a [`Draft`] of raw strings → [`ValidRequest`] or every
//!   [`FieldError`] in French;
//! - [`apply`]: the state machine (transition table in `transition.rs`), with the clock events
//!   the web layer records to compute deadlines ([`DeadlinePolicy`]);
//! - [`suggested_priority`]: prioritaire for an installation in a ZIP.

mod channel;
mod decision;
mod fields;
mod form;
pub mod intake;
mod kind;
mod lifecycle;
mod need_to_know;
pub mod next_action;
pub mod progress;
mod qualification;
mod reason;
mod reroute;
mod state;
mod team;
mod timeline_kind;
mod transition;
mod validate;

pub use channel::Channel;
pub use decision::{
    euros, parse_amount, request_outcome, Decision, DecisionInput, DecisionOutcome, RequestOutcome,
    DECISION_FIELDS, FILE_NUMBER_MAX_CHARS, MAX_AMOUNT_CENTS,
};
pub use fields::form_for;
pub use form::{
    AttachmentRequirement, DateRange, FieldSpec, FormSpec, InputType, SelectOption, AID_CODE,
    ATTACHMENTS, COMMUNE, HEALTH_PROJECT, PROFESSIONAL_NUMBER, TEAM, TEXTAREA_MAX_CHARS,
    TEXT_MAX_CHARS,
};
pub use intake::{parse_intake, Contact};
pub use kind::{CoordinatedStructure, PracticeMode, RequestKind};
pub use lifecycle::{
    accepts_documents, allowed_actions, is_open, qualification_clock_applies,
    referral_clock_applies, ActionSet, ReferralActions,
};
/// Drafts one professional may keep at once (each may hold 50 Mo of documents).
pub const MAX_DRAFTS: i64 = 10;

pub use need_to_know::{Audience, PartnerView};
pub use qualification::{suggested_priority, Coordination, DeadlinePolicy, Priority};
pub use state::{
    Action, ActionKind, ActorRole, Clock, ClockAction, ClockEvent, IllegalTransition, Outcome,
    Reason, ReasonError, ReferralChange, ReferralState, RequestState, Target, TransitionError,
};
pub use team::{check_composition, parse_profession, parse_team, TeamMember, MAX_MEMBERS};
pub use timeline_kind::TimelineKind;
pub use transition::{apply, derived_state, is_consistent, is_routed};
pub(crate) use validate::parse_date;
pub use validate::{validate_for_submission, Draft, FieldError, SubmissionContext, ValidRequest};

#[cfg(test)]
mod deadline_instants;
