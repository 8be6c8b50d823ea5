//! Commitments after a grant: the professional's (`/engagements`), those of the agent's
//! institution (`/partenaire/engagements`, where an agent records a milestone met or missed),
//! and those shown on a request's page. Each commitment with what is due next.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::{policy, Viewer};
use crate::db::commitments::{Scope, WithMilestones};
use crate::db::{self, DbConnection};
use crate::domain::commitment::{MilestoneRecord, MilestoneStatus};
use crate::domain::french;
use crate::domain::request::ActorRole;
use crate::error::AppError;
use crate::web::forms::{Choice, FormState};
use crate::web::page::{render_with_status, see_other};
use crate::web::AppState;
use crate::workflow::{self, Actor};

/// A milestone, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct MilestoneView {
    pub id: String,
    pub label: String,
    pub due_on: String,
    pub status: MilestoneStatus,
    pub status_label: &'static str,
    pub badge: &'static str,
    pub pending: bool,
    pub comment: Option<String>,
}

/// A commitment with its milestones and the next one due.
#[derive(Debug, Clone, Serialize)]
pub struct CommitmentView {
    pub id: String,
    pub request_id: String,
    pub aid_code: String,
    pub version_label: String,
    pub label: String,
    pub starts_on: String,
    pub ends_on: Option<String>,
    /// « Marseille (13055) ».
    pub place: Option<String>,
    pub zone: Option<String>,
    pub milestones: Vec<MilestoneView>,
    /// « Versement de l'aide — 9 juin 2026 ».
    pub next_due: Option<String>,
}

fn view(state: &AppState, c: WithMilestones) -> CommitmentView {
    let milestones: Vec<MilestoneView> = c
        .milestones
        .into_iter()
        .map(|m| MilestoneView {
            id: m.id,
            label: m.label,
            due_on: french::date(m.due_on),
            status: m.status,
            status_label: m.status.label(),
            badge: m.status.badge_class(),
            pending: m.status == MilestoneStatus::Pending,
            comment: m.comment,
        })
        .collect();
    let next_due = milestones
        .iter()
        .find(|m| m.pending)
        .map(|m| format!("{} — {}", m.label, m.due_on));
    let c = c.commitment;
    CommitmentView {
        place: c
            .commune_insee
            .as_deref()
            .map(|insee| match state.communes.get(insee) {
                Some(hit) => format!("{} ({insee})", hit.name),
                None => insee.to_string(),
            }),
        id: c.id,
        request_id: c.request_id,
        aid_code: c.aid_code,
        version_label: c.version_label,
        label: c.label,
        starts_on: french::date(c.starts_on),
        ends_on: c.ends_on.map(french::date),
        zone: c.zone,
        milestones,
        next_due,
    }
}

/// The commitments of request `request_id` whose referral the viewer sees.
pub fn of_request(
    conn: &mut DbConnection,
    state: &AppState,
    request_id: &str,
    sees_referral: impl Fn(&str) -> bool,
) -> Result<Vec<CommitmentView>, AppError> {
    Ok(db::commitments::list(conn, Scope::Request(request_id))?
        .into_iter()
        .filter(|c| sees_referral(&c.commitment.referral_id))
        .map(|c| view(state, c))
        .collect())
}

#[derive(Serialize)]
struct ListPage {
    /// The institution's page (record forms) rather than the professional's.
    partner: bool,
    commitments: Vec<CommitmentView>,
    statuses: Vec<Choice>,
    form: FormState,
    recorded: bool,
}

#[derive(Deserialize)]
pub struct Notice {
    #[serde(default)]
    ok: String,
}

async fn list_page(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    scope: (bool, String),
    form: FormState,
    recorded: bool,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let st = state.clone();
    let (partner, id) = scope;
    let commitments = db::run(&state.pool, move |conn| {
        let scope = if partner {
            Scope::Institution(&id)
        } else {
            Scope::Professional(&id)
        };
        Ok(db::commitments::list(conn, scope)?
            .into_iter()
            .map(|c| view(&st, c))
            .collect::<Vec<_>>())
    })
    .await?;
    let statuses = [MilestoneStatus::Met, MilestoneStatus::Missed]
        .iter()
        .map(|s| Choice::new(s.slug(), s.label()))
        .collect();
    let page = ListPage {
        partner,
        commitments,
        statuses,
        form,
        recorded,
    };
    render_with_status(state, req, status, "commitments/list.html", &page)
}

/// `GET /engagements`: the professional's commitments.
pub async fn mine(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    policy::file_requests(&viewer)?;
    let scope = (false, viewer.user_id.clone());
    list_page(
        &state,
        &req,
        scope,
        FormState::default(),
        false,
        StatusCode::OK,
    )
    .await
}

/// `GET /partenaire/engagements`: the commitments the agent's institution follows.
pub async fn institution(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    notice: web::Query<Notice>,
) -> Result<HttpResponse, AppError> {
    let scope = (true, policy::partner_inbox(&viewer)?.to_string());
    let recorded = notice.ok == "echeance-enregistree";
    list_page(
        &state,
        &req,
        scope,
        FormState::default(),
        recorded,
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize, Serialize)]
pub struct RecordForm {
    #[serde(default)]
    statut: String,
    #[serde(default)]
    commentaire: String,
}

/// `POST /partenaire/engagements/echeances/{id}`: an agent of the granting institution records
/// a milestone met or missed (a milestone of another institution: 404).
pub async fn record(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
    form: web::Form<RecordForm>,
) -> Result<HttpResponse, AppError> {
    let institution = policy::partner_inbox(&viewer)?.to_string();
    let id = path.into_inner();
    let form = form.into_inner();
    let now = state.clock.now();
    let parsed = MilestoneRecord::parse(&form.statut, &form.commentaire);
    let actor = Actor {
        user_id: viewer.user_id.clone(),
        role: ActorRole::Partenaire,
        label: format!(
            "{} ({})",
            viewer.display_name,
            ActorRole::Partenaire.label()
        ),
    };
    let (inst, milestone) = (institution.clone(), id.clone());
    let done = db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            let (_, commitment) =
                db::commitments::milestone(conn, &milestone)?.ok_or(AppError::NotFound)?;
            if commitment.institution_id.as_deref() != Some(inst.as_str()) {
                return Err(AppError::NotFound);
            }
            match &parsed {
                Err(errors) => Ok(Err(errors.clone())),
                Ok(record) => {
                    workflow::commitments::record_milestone(
                        conn, &inst, &milestone, record, &actor, now,
                    )?;
                    Ok(Ok(()))
                }
            }
        })
    })
    .await?;
    match done {
        Ok(()) => Ok(see_other("/partenaire/engagements?ok=echeance-enregistree")),
        Err(errors) => {
            let form = FormState::with_values(&form)
                .of_form(id)
                .with_errors(errors);
            let scope = (true, institution);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            list_page(&state, &req, scope, form, false, status).await
        }
    }
}
