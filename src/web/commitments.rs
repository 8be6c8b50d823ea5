//! Commitments after a grant: the professional's (`/engagements`), those of the agent's
//! institution (`/partenaire/engagements`, where an agent records a milestone met or missed,
//! or corrects one recorded by mistake), and those shown on a request's page. Each commitment
//! with what is due next and the corrections of its milestones.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::{policy, Viewer};
use crate::db::commitments::{Scope, WithMilestones};
use crate::db::milestone_corrections::CorrectionRow;
use crate::db::{self, DbConnection};
use crate::domain::civil_time::{self, Territory};
use crate::domain::commitment::{
    correctable, MilestoneRecord, MilestoneStatus, CORRECTION_CHOICES,
};
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
    /// Recorded: an agent of the institution may correct it.
    pub correctable: bool,
    pub comment: Option<String>,
    pub corrections: Vec<CorrectionView>,
}

/// A correction of a milestone: « le 2 juin 2026, Anne Martin (Partenaire) : tenue → non tenue
/// — motif ».
#[derive(Debug, Clone, Serialize)]
pub struct CorrectionView {
    pub on: String,
    pub by: String,
    pub from: &'static str,
    pub to: &'static str,
    pub reason: String,
}

fn correction_view(c: CorrectionRow) -> CorrectionView {
    CorrectionView {
        on: french::date(civil_time::today(Territory::Metropole, c.corrected_at)),
        by: c.corrected_by_label,
        from: c.from_status.label(),
        to: c.to_status.label(),
        reason: c.reason,
    }
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

/// The views of `list`, with the corrections of their milestones.
fn views(
    conn: &mut DbConnection,
    state: &AppState,
    list: Vec<WithMilestones>,
) -> Result<Vec<CommitmentView>, AppError> {
    let ids: Vec<&str> = list
        .iter()
        .flat_map(|c| c.milestones.iter().map(|m| m.id.as_str()))
        .collect();
    let mut corrections = db::milestone_corrections::of_milestones(conn, &ids)?;
    Ok(list
        .into_iter()
        .map(|c| view(state, c, &mut corrections))
        .collect())
}

/// `corrections`: those of every milestone shown; the view takes its own.
fn view(
    state: &AppState,
    c: WithMilestones,
    corrections: &mut Vec<CorrectionRow>,
) -> CommitmentView {
    let milestones: Vec<MilestoneView> = c
        .milestones
        .into_iter()
        .map(|m| {
            let (mine, rest) = std::mem::take(corrections)
                .into_iter()
                .partition(|k| k.milestone_id == m.id);
            *corrections = rest;
            MilestoneView {
                id: m.id,
                label: m.label,
                due_on: french::date(m.due_on),
                status: m.status,
                status_label: m.status.label(),
                badge: m.status.badge_class(),
                pending: m.status == MilestoneStatus::Pending,
                correctable: correctable(m.status),
                comment: m.comment,
                corrections: mine.into_iter().map(correction_view).collect(),
            }
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
    let list = db::commitments::list(conn, Scope::Request(request_id))?
        .into_iter()
        .filter(|c| sees_referral(&c.commitment.referral_id))
        .collect();
    views(conn, state, list)
}

#[derive(Serialize)]
struct ListPage {
    /// The institution's page (record forms) rather than the professional's.
    partner: bool,
    commitments: Vec<CommitmentView>,
    statuses: Vec<Choice>,
    /// The statuses a correction may choose.
    corrections: Vec<Choice>,
    form: FormState,
    /// What was just done, said in a success message (empty: nothing).
    notice: &'static str,
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
    notice: &'static str,
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
        let list = db::commitments::list(conn, scope)?;
        views(conn, &st, list)
    })
    .await?;
    let statuses = [MilestoneStatus::Met, MilestoneStatus::Missed]
        .iter()
        .map(|s| Choice::new(s.slug(), s.label()))
        .collect();
    let corrections = CORRECTION_CHOICES
        .iter()
        .map(|s| Choice::new(s.slug(), s.label()))
        .collect();
    let page = ListPage {
        partner,
        commitments,
        statuses,
        corrections,
        form,
        notice,
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
        "",
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
    let notice = match notice.ok.as_str() {
        "echeance-enregistree" => {
            "L'échéance est enregistrée ; elle figure dans l'historique de la demande."
        }
        "echeance-corrigee" => {
            "L'échéance est corrigée ; la correction et son motif figurent sous l'échéance et \
             dans l'historique de la demande."
        }
        _ => "",
    };
    list_page(
        &state,
        &req,
        scope,
        FormState::default(),
        notice,
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
    let actor = partner(&viewer);
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
            list_page(&state, &req, scope, form, "", status).await
        }
    }
}

/// The agent as the timeline names them.
fn partner(viewer: &Viewer) -> Actor {
    Actor {
        user_id: viewer.user_id.clone(),
        role: ActorRole::Partenaire,
        label: format!(
            "{} ({})",
            viewer.display_name,
            ActorRole::Partenaire.label()
        ),
    }
}

#[derive(Deserialize, Serialize)]
pub struct CorrectionForm {
    #[serde(default)]
    statut: String,
    #[serde(default)]
    motif: String,
}

/// `POST /partenaire/engagements/echeances/{id}/corriger`: an agent of the granting institution
/// corrects a recorded milestone, with a reason (a milestone of another institution: 404; one
/// not recorded yet: 409; a mistake: the page again, 422, the message beside the field).
pub async fn correct(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
    form: web::Form<CorrectionForm>,
) -> Result<HttpResponse, AppError> {
    let institution = policy::partner_inbox(&viewer)?.to_string();
    let id = path.into_inner();
    let form = form.into_inner();
    let now = state.clock.now();
    let actor = partner(&viewer);
    let (inst, milestone) = (institution.clone(), id.clone());
    let (to, reason) = (form.statut.clone(), form.motif.clone());
    let done = db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            workflow::commitments::correct_milestone(
                conn,
                &inst,
                &milestone,
                (&to, &reason),
                &actor,
                now,
            )
        })
    })
    .await?;
    match done {
        Ok(_) => Ok(see_other("/partenaire/engagements?ok=echeance-corrigee")),
        Err(errors) => {
            let form = FormState::with_values(&form)
                .of_form(format!("corriger-{id}"))
                .with_errors(errors);
            let scope = (true, institution);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            list_page(&state, &req, scope, form, "", status).await
        }
    }
}
