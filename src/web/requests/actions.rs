//! What référents and the professional do on a request (the partners' actions are in
//! `partner_actions`): each handler checks the policy, builds the state-machine action and lets
//! the workflow persist it.

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use super::form_again::page_again_handler;
use super::{actor, Loaded};
use crate::auth::{policy, Viewer};
use crate::db;
use crate::domain::request::TimelineKind;
use crate::domain::request::{
    Action, ActorRole, Coordination, Priority, Reason, ReferralState, Target, TransitionError,
};
use crate::error::{AppError, FieldError};
use crate::web::page::see_other;
use crate::web::AppState;
use crate::workflow::{self, Details};

#[derive(Deserialize, Default)]
pub struct TextForm {
    #[serde(default)]
    pub(super) text: String,
    /// Which form of the request page was sent (shown again after a mistake).
    #[serde(default)]
    pub(super) formulaire: String,
    /// `demande` or a referral id.
    #[serde(default)]
    pub(super) cible: String,
    #[serde(default)]
    pub(super) institution_id: String,
    #[serde(default)]
    priority: String,
    #[serde(default)]
    coordination: String,
    #[serde(default)]
    pub(super) referent: String,
    /// A standard reply of the institution, used when the answer's text is empty.
    #[serde(default)]
    pub(super) reponse_type: String,
    /// A colleague of the same institution to hand a referral to.
    #[serde(default)]
    pub(super) agent: String,
    #[serde(default)]
    pub(super) interne: String,
    /// A partner's decision with its answer (`decisions::parse`).
    #[serde(default)]
    pub(super) outcome: String,
    #[serde(default)]
    pub(super) amount: String,
    #[serde(default)]
    pub(super) signed_on: String,
    #[serde(default)]
    pub(super) file_number: String,
    #[serde(default)]
    pub(super) document: String,
    /// The référent's handling: the new kind, the next action's day and note.
    #[serde(default)]
    pub(super) new_kind: String,
    #[serde(default)]
    pub(super) next_action_on: String,
    #[serde(default)]
    pub(super) next_action_note: String,
}

pub(super) fn text(form: &TextForm, what: &str) -> Result<String, AppError> {
    workflow::messages::checked_text(&form.text, what)
}

pub(super) fn reason(form: &TextForm) -> Result<Reason, AppError> {
    Reason::parse(&form.text)
        .map_err(|e| AppError::Validation(vec![FieldError::new("text", e.to_string())]))
}

pub(super) fn referral_index(loaded: &Loaded, referral_id: &str) -> Result<usize, AppError> {
    loaded
        .referrals
        .iter()
        .position(|r| r.id == referral_id)
        .ok_or(AppError::NotFound)
}

/// Runs one action in a transaction and goes back to the request page with a confirmation.
pub(super) async fn act<F>(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: String,
    notice: &'static str,
    build: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut db::DbConnection, &Loaded, &Viewer) -> Result<(Action, Details), AppError>
        + Send
        + 'static,
{
    let id = super::on_request(&state, viewer, id, move |conn, ctx, loaded, viewer| {
        let (action, details) = build(conn, loaded, viewer)?;
        let by = actor(viewer, &loaded.access);
        workflow::perform(conn, ctx, &loaded.request, &action, &by, details)?;
        Ok(loaded.request.id.clone())
    })
    .await?;
    Ok(see_other(&format!("/demandes/{id}?ok={notice}")))
}

/// Stores a message visible to the professional (questions and answers carry one).
pub(super) fn message(
    conn: &mut db::DbConnection,
    loaded: &Loaded,
    viewer: &Viewer,
    referral: Option<&str>,
    body: &str,
    internal: bool,
    now: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    workflow::messages::store(
        conn,
        &loaded.request.id,
        &viewer.user_id,
        referral,
        body,
        internal,
        now,
    )
}

pub(super) type Form = web::Form<TextForm>;
pub(super) type Id = web::Path<String>;
pub(super) type Ids = web::Path<(String, String)>;

page_again_handler! {
    /// Qualification: priority, coordination, référent in charge (starts the qualification).
    qualify => qualify_checked, Id
}

async fn qualify_checked(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: Id,
    form: Form,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let id = super::on_request(
        &state,
        viewer,
        path.into_inner(),
        move |conn, ctx, loaded, viewer| {
            // Access first: out of scope is a 404 whatever the form holds.
            policy::act_as_referent(&loaded.access)?;
            let priority = form.priority.parse::<Priority>().map_err(|_| {
                AppError::Validation(vec![FieldError::new(
                    "priority",
                    "Choisissez une priorité.",
                )])
            })?;
            let coordination = form.coordination.parse::<Coordination>().map_err(|_| {
                AppError::Validation(vec![FieldError::new(
                    "coordination",
                    "Choisissez un niveau de coordination.",
                )])
            })?;
            // The transition table decides (409 with its reason); a déposée request enters
            // qualification.
            let (before, referral_states) = workflow::states_of(&loaded.request, &loaded.referrals);
            let outcome = crate::domain::request::apply(
                before,
                &referral_states,
                &Action::Qualify,
                ActorRole::Referent,
            )
            .map_err(|e| match e {
                TransitionError::Illegal(illegal) => AppError::Conflict(illegal.reason),
                other => AppError::Internal(anyhow::anyhow!("{other}")),
            })?;
            if outcome.request != before {
                workflow::perform(
                    conn,
                    ctx,
                    &loaded.request,
                    &Action::StartQualification,
                    &actor(viewer, &loaded.access),
                    Details::default(),
                )?;
            }
            let referent = (form.referent == "moi")
                .then_some(viewer.user_id.as_str())
                .or(loaded.request.referent_id.as_deref());
            db::requests::set_qualification(
                conn,
                &loaded.request.id,
                priority.slug(),
                coordination.slug(),
                referent,
                ctx.now,
            )?;
            let summary = format!(
                "Qualification : priorité {}, coordination {}{}",
                priority.label().to_lowercase(),
                coordination.label().to_lowercase(),
                if referent.is_some() {
                    ", référent désigné"
                } else {
                    ""
                }
            );
            workflow::append(
                conn,
                &loaded.request.id,
                &actor(viewer, &loaded.access),
                TimelineKind::Qualification,
                &summary,
                None,
                false,
                ctx.now,
            )?;
            Ok(loaded.request.id.clone())
        },
    )
    .await?;
    Ok(see_other(&format!("/demandes/{id}?ok=demande-qualifiee")))
}

/// The référent's actions that carry nothing but themselves (route, close, reopen).
async fn referent_action(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: Id,
    notice: &'static str,
    action: Action,
) -> Result<HttpResponse, AppError> {
    act(
        state,
        viewer,
        path.into_inner(),
        notice,
        move |_, loaded, _| {
            policy::act_as_referent(&loaded.access)?;
            Ok((action, Details::default()))
        },
    )
    .await
}

pub async fn route(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: Id,
) -> Result<HttpResponse, AppError> {
    referent_action(state, viewer, path, "demande-orientee", Action::Route).await
}

page_again_handler! {
    /// A question to the professional: on the request (référent, before routing) or on a referral.
    ask => ask_checked, Id
}

async fn ask_checked(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: Id,
    form: Form,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let form = form.into_inner();
    act(
        state,
        viewer,
        path.into_inner(),
        "question-envoyee",
        move |conn, loaded, viewer| {
            let (target, referral) = if form.cible.is_empty() || form.cible == "demande" {
                policy::act_as_referent(&loaded.access)?;
                (Target::Request, None)
            } else {
                let i = referral_index(loaded, &form.cible)?;
                policy::answer_referral(
                    &loaded.access,
                    loaded.referrals[i].institution_id.as_deref(),
                )?;
                (Target::Referral(i), Some(form.cible.as_str()))
            };
            let question = text(&form, "votre question")?;
            message(conn, loaded, viewer, referral, &question, false, now)?;
            Ok((
                Action::AskProfessional(target),
                Details {
                    text: Some(question),
                    ..Details::default()
                },
            ))
        },
    )
    .await
}

page_again_handler! {
    /// The professional's answer to a question (resumes the paused clock).
    answer_question => answer_question_checked, Id
}

async fn answer_question_checked(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: Id,
    form: Form,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let form = form.into_inner();
    act(
        state,
        viewer,
        path.into_inner(),
        "reponse-envoyee",
        move |conn, loaded, viewer| {
            policy::act_as_owner(&loaded.access)?;
            let body = text(&form, "votre réponse")?;
            let (_, referral_states) = workflow::states_of(&loaded.request, &loaded.referrals);
            let waiting = referral_states
                .iter()
                .position(|s| *s == ReferralState::EnAttenteProfessionnel);
            let (target, referral) = match waiting {
                Some(i) if loaded.request.routed_at.is_some() => {
                    (Target::Referral(i), Some(loaded.referrals[i].id.clone()))
                }
                _ => (Target::Request, None),
            };
            message(conn, loaded, viewer, referral.as_deref(), &body, false, now)?;
            Ok((
                Action::ProfessionalAnswered(target),
                Details {
                    text: Some(body),
                    ..Details::default()
                },
            ))
        },
    )
    .await
}

pub async fn close(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: Id,
) -> Result<HttpResponse, AppError> {
    referent_action(state, viewer, path, "demande-cloturee", Action::Close).await
}

pub async fn reopen(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: Id,
) -> Result<HttpResponse, AppError> {
    referent_action(state, viewer, path, "demande-rouverte", Action::Reopen).await
}
