//! The request page: progress, each institution's part with its state and deadline, the
//! timeline, messages (with who read them) and documents; the forms each role may use.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde::Serialize;

use super::decisions::{DecisionView, OutcomeView};
use super::load;
use super::message_view::{message_view, MessageView};
use super::seat::Seat;
use crate::auth::policy::{self, RequestAccess};
use crate::auth::Viewer;
use crate::db::timeline::TimelineEvent;
use crate::db::{self, institutions::Institution};
use crate::domain::calendar::DeadlineStatus;
use crate::domain::calendar::Territory;
use crate::domain::request::progress::{self, Step};
use crate::domain::request::{
    form_for, qualification_clock_applies, referral_clock_applies, ActionSet, Coordination,
    DeadlinePolicy, Priority, ReferralActions, RequestState,
};
use crate::error::AppError;
use crate::web::forms::FormState;
use crate::web::page::render_with_status;
use crate::web::page_rows::RequestHead;
use crate::web::AppState;
use crate::workflow::messages::Thread;

#[derive(Serialize)]
struct Deadline {
    due: Option<NaiveDateTime>,
    status: Option<DeadlineStatus>,
    label: &'static str,
    badge: &'static str,
    suspended: bool,
}

fn deadline(
    policy: &DeadlinePolicy,
    territory: Territory,
    due: Option<NaiveDateTime>,
    running: bool,
    now: NaiveDateTime,
) -> Deadline {
    let status = due
        .filter(|_| running)
        .map(|d| policy.status(territory, d, now));
    let (label, badge) = status
        .map(|s| (s.label(), s.badge_class()))
        .unwrap_or(("", ""));
    Deadline {
        due,
        status,
        label,
        badge,
        suspended: running && due.is_none(),
    }
}

#[derive(Serialize)]
struct ReferralView {
    id: String,
    index: usize,
    institution: Option<String>,
    kind_label: &'static str,
    missing: bool,
    state: &'static str,
    state_label: &'static str,
    badge: &'static str,
    routed: bool,
    deadline: Deadline,
    answer: Option<String>,
    decline_reason: Option<String>,
    /// The institution's decision (with its answer).
    decision: Option<DecisionView>,
    /// What the viewer may do on this part of the request.
    actions: ReferralActions,
    /// Answer, ask or decline on behalf of the institution.
    can_handle: bool,
}

#[derive(Serialize)]
struct RequestPage {
    /// The request's territory ([`Territory::key`]): its dates are shown in its civil time.
    territory: &'static str,
    request: RequestHead,
    kind_label: &'static str,
    state_label: &'static str,
    badge: &'static str,
    priority_label: &'static str,
    coordination_label: &'static str,
    step: Option<Step>,
    qualification: Deadline,
    fields: Vec<(&'static str, String)>,
    referrals: Vec<ReferralView>,
    /// The request's outcome, from the decisions the viewer sees.
    outcome: Option<OutcomeView>,
    /// The answer form's choices: outcomes (slug, label) and the agent's documents (id, name).
    outcomes: Vec<(&'static str, &'static str)>,
    decision_documents: Vec<(String, String)>,
    timeline: Vec<TimelineEvent>,
    messages: Vec<MessageView>,
    attachments: Vec<super::shares::DocumentView>,
    seat: Seat,
    institutions: Vec<Institution>,
    priorities: Vec<(&'static str, &'static str)>,
    coordinations: Vec<(&'static str, &'static str)>,
    waiting_on_request: bool,
    /// What the viewer may do now (`domain::request::allowed_actions`).
    actions: ActionSet,
    /// The professional has a question to answer.
    question_waits: bool,
    /// In qualification without any institution yet: routing must wait.
    route_needs_institution: bool,
    /// The eligibility answer kept when the request was created from the simulator.
    snapshot: Option<serde_json::Value>,
    /// A form of the page sent with a mistake: shown again with its text and the message.
    again: FormState,
    /// The viewer may add a document (admins only read; a closed request takes none).
    can_upload: bool,
    /// The viewer may write a message (admins and former partners only read).
    can_write: bool,
    /// False for a partner no longer seized of the request (declined or withdrawn).
    details_visible: bool,
    /// The commitments of the grants the viewer sees.
    commitments: Vec<crate::web::commitments::CommitmentView>,
    /// Who consulted the request (shown to its professional only).
    consultations: Vec<super::consultations::Consultation>,
    /// The référent's handling: change of kind, next action (`None` for anyone else).
    handling: Option<super::referent_handling::HandlingView>,
    /// The project ("Mon projet") the request is in; the owner's and référent's forms.
    project: super::project_links::ProjectPanel,
    /// The choices of the hand-over forms (colleague, institution, référent).
    handover: super::handover::Handover,
}

pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    render_page(state, &req, viewer, path.into_inner(), None, StatusCode::OK).await
}

/// The request page as `viewer` may see it; `again`: a form sent with a mistake, shown again.
pub(super) async fn render_page(
    state: web::Data<AppState>,
    req: &HttpRequest,
    viewer: Viewer,
    id: String,
    again: Option<FormState>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let deadlines = state.settings.deadlines;
    let views = state.views.clone();
    let now = state.clock.now();
    let st = state.clone();
    let page = db::run(&state.pool, move |conn| {
        let loaded = load(conn, &viewer, &id)?;
        let actions = super::allowed(&loaded)?;
        let (_, referral_states) = crate::workflow::states_of(&loaded.request, &loaded.referrals);
        let request = loaded.request.clone();
        let territory = Territory::of_optional(request.departement_code.as_deref());
        let audience = crate::workflow::access::audience(&viewer, &loaded);
        let institutions = match &request.region_code {
            Some(region) => db::institutions::list_in_region(conn, region)?,
            None => Vec::new(),
        };
        let names: HashMap<&str, &str> = institutions
            .iter()
            .map(|i| (i.id.as_str(), i.name.as_str()))
            .collect();
        let state = request.state;
        let kind = request.kind;
        let (mut decisions, outcome) = super::decisions::of_request(conn, &loaded, &audience)?;
        let referrals: Vec<ReferralView> = loaded
            .referrals
            .iter()
            .enumerate()
            .filter(|(_, r)| audience.sees_referral(&r.id))
            .map(|(index, r)| {
                let rs = r.state;
                let referral_actions = actions.referrals.get(index).copied().unwrap_or_default();
                ReferralView {
                    id: r.id.clone(),
                    index,
                    institution: r
                        .institution_id
                        .as_deref()
                        .and_then(|i| names.get(i))
                        .map(|n| n.to_string()),
                    kind_label: r.institution_kind.label(),
                    missing: r.institution_id.is_none(),
                    state: rs.slug(),
                    state_label: rs.label(),
                    badge: rs.badge_class(),
                    routed: r.started_at.is_some(),
                    deadline: deadline(
                        &deadlines,
                        territory,
                        r.due_at,
                        referral_clock_applies(r.started_at.is_some(), rs),
                        now,
                    ),
                    answer: r.answer.clone(),
                    decline_reason: r.decline_reason.clone(),
                    decision: decisions.remove(&r.id),
                    actions: referral_actions,
                    can_handle: referral_actions.can_handle(),
                }
            })
            .collect();
        // Reading the thread marks it read: an explicit step, after loading what the viewer
        // may see and before the receipts (the viewer's own reading is shown at once).
        let thread = Thread::load(conn, &loaded, &audience)?;
        if thread.mark_read(conn, &viewer.user_id, now)? {
            // The inboxes' unread markers change.
            views.bump();
        }
        let messages = thread
            .with_receipts(conn)?
            .into_iter()
            .map(|m| message_view(m, &viewer.user_id, territory))
            .collect();
        let consultations =
            super::consultations::record_or_list(conn, &loaded, &viewer, &names, now)?;
        let draft = crate::workflow::submit::draft_of(&request);
        let details = audience.sees_details();
        let fields = form_for(kind)
            .fields
            .iter()
            .filter(|_| details)
            .filter_map(|f| {
                draft
                    .get(f.name)
                    .filter(|v| !v.trim().is_empty())
                    .map(|v| (f.label, v.to_string()))
            })
            .collect();
        let routed = request.routed_at.is_some();
        let answers = actions.referrals.iter().any(|r| r.can_answer);
        let handover = super::handover::Handover::of(conn, &loaded, &actions, &viewer)?;
        let page = RequestPage {
            territory: territory.key(),
            kind_label: kind.label(),
            state_label: state.label(),
            badge: state.badge_class(),
            priority_label: request.priority.label(),
            coordination_label: request.coordination.label(),
            step: progress::step(state, routed),
            qualification: deadline(
                &deadlines,
                territory,
                request.qualification_due_at,
                qualification_clock_applies(state, &referral_states),
                now,
            ),
            fields,
            referrals,
            outcome,
            outcomes: super::decisions::outcome_choices(),
            decision_documents: if answers {
                super::decisions::attachable(conn, &request.id, &viewer.user_id)?
            } else {
                Vec::new()
            },
            timeline: db::timeline::events(conn, &request.id, true)?
                .into_iter()
                .filter(|e| audience.sees_event(e.kind, e.referral_id.as_deref(), e.internal))
                .collect(),
            messages,
            attachments: super::shares::documents(conn, &loaded, &audience, &names)?,
            seat: Seat::of(&loaded.access),
            can_write: policy::write_message(&loaded.access).is_ok(),
            details_visible: details,
            institutions,
            priorities: Priority::ALL
                .iter()
                .map(|p| (p.slug(), p.label()))
                .collect(),
            coordinations: Coordination::ALL
                .iter()
                .map(|c| (c.slug(), c.label()))
                .collect(),
            waiting_on_request: state == RequestState::EnAttenteProfessionnel && !routed,
            snapshot: request
                .eligibility_snapshot
                .as_deref()
                .filter(|_| details)
                .and_then(|s| serde_json::from_str(s).ok()),
            question_waits: matches!(loaded.access, RequestAccess::Owner)
                && actions.has_question_to_answer(),
            route_needs_institution: actions.can_ask_on_request
                && !actions.can_route
                && loaded.referrals.is_empty(),
            actions,
            request: RequestHead::from(&request),
            again: again.unwrap_or_default(),
            can_upload: policy::write_message(&loaded.access).is_ok()
                && crate::domain::request::accepts_documents(state),
            commitments: crate::web::commitments::of_request(conn, &st, &request.id, |r| {
                audience.sees_referral(r)
            })?,
            consultations,
            handling: super::referent_handling::view(conn, &loaded, now)?,
            project: super::project_links::panel(conn, &viewer, &loaded)?,
            handover,
        };
        Ok(page)
    })
    .await?;
    render_with_status(&state, req, status, "requests/show.html", &page)
}
