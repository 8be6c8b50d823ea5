//! Référent intake: a référent records a request received by telephone, e-mail, at a permanence
//! or by letter, for the professional's account (or a new one, whose owner is invited). The
//! kind is chosen first (a plain GET form, no script), then the contact and the kind's fields.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use super::filing::{field_views, FieldView};
use super::{actor, context};
use crate::auth::policy::{self, RequestAccess};
use crate::auth::Viewer;
use crate::db;
use crate::domain::profession::{Profession, Situation};
use crate::domain::request::{form_for, parse_intake, Channel, Draft, RequestKind};
use crate::error::{AppError, FieldError};
use crate::web::forms::FormState;
use crate::web::forms::{choices, Choice};
use crate::web::page::{render_with_status, see_other};
use crate::web::AppState;
use crate::workflow::intake::{record, Intake};
use crate::workflow::submit::Submission;

#[derive(Serialize)]
struct IntakePage {
    kinds: Vec<Choice>,
    /// The chosen kind's label, once chosen (its fields are then shown).
    chosen: Option<&'static str>,
    channels: Vec<Choice>,
    professions: Vec<Choice>,
    situations: Vec<Choice>,
    fields: Vec<FieldView>,
    aid_codes: Vec<String>,
    /// What was typed (the contact, the channel, the kind) and every message, beside its field.
    form: FormState,
}

fn kind_of(pairs: &[(String, String)]) -> Option<RequestKind> {
    pairs
        .iter()
        .find(|(k, _)| k == "type")
        .and_then(|(_, v)| v.parse().ok())
}

/// The page with what was typed; 422 when there are messages.
fn page(
    state: &AppState,
    req: &HttpRequest,
    pairs: &[(String, String)],
    errors: Vec<FieldError>,
) -> Result<HttpResponse, AppError> {
    let kind = kind_of(pairs);
    let mut form = FormState::default().with_errors(errors);
    let fields = kind
        .map(|k| field_views(k, &kind_draft(k, pairs), &form))
        .unwrap_or_default();
    // The kind's fields show their own values; the form keeps the contact, channel and kind.
    form.values = pairs
        .iter()
        .filter(|(k, _)| k != "csrf_token")
        .filter(|(k, _)| kind.is_none_or(|kind| form_for(kind).field(k).is_none()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let page = IntakePage {
        kinds: choices(&RequestKind::ALL, RequestKind::slug, RequestKind::label),
        chosen: kind.map(RequestKind::label),
        channels: choices(Channel::ALL, Channel::slug, Channel::label),
        professions: choices(Profession::ALL, Profession::slug, Profession::label),
        situations: choices(Situation::ALL, Situation::slug, Situation::label),
        fields,
        aid_codes: state.routing.aid_codes().map(str::to_string).collect(),
        form,
    };
    let status = match page.form.has_errors() {
        true => StatusCode::UNPROCESSABLE_ENTITY,
        false => StatusCode::OK,
    };
    render_with_status(state, req, status, "requests/intake.html", &page)
}

/// The fields of the kind's form among what was sent.
fn kind_draft(kind: RequestKind, pairs: &[(String, String)]) -> Draft {
    let spec = form_for(kind);
    Draft::from_pairs(
        pairs
            .iter()
            .filter(|(k, _)| spec.field(k).is_some())
            .cloned(),
    )
}

/// The intake form; with `?type=…`, the chosen kind's fields too.
pub async fn form(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    query: web::Query<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    policy::record_requests(&viewer)?;
    page(&state, &req, &query.into_inner(), Vec::new())
}

/// Records the request and opens its page; a mistake shows the page again (422), nothing recorded.
pub async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let departements = policy::record_requests(&viewer)?.to_vec();
    let pairs = form.into_inner();
    match record_request(&state, &viewer, departements, &pairs).await {
        Err(AppError::Validation(errors)) => page(&state, &req, &pairs, errors),
        Err(e) => Err(e),
        Ok(location) => Ok(see_other(&location)),
    }
}

async fn record_request(
    state: &web::Data<AppState>,
    viewer: &Viewer,
    departements: Vec<String>,
    pairs: &[(String, String)],
) -> Result<String, AppError> {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let kind = kind_of(pairs);
    let parsed = parse_intake(get);
    let (kind, (channel, contact)) = match (kind, parsed) {
        (Some(kind), Ok(intake)) => (kind, intake),
        (kind, parsed) => {
            let mut errors = parsed.err().unwrap_or_default();
            if kind.is_none() {
                errors.push(FieldError::new("type", "Choisissez l'objet de la demande."));
            }
            return Err(AppError::Validation(errors));
        }
    };
    let draft = kind_draft(kind, pairs);
    let referent = actor(viewer, &RequestAccess::Referent);
    let st = state.clone();
    let recorded = db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            // `record` files it as recorded through `channel`.
            let submission = Submission {
                routing: &st.routing,
                zonages: &st.zonages.index(),
                recorded: None,
            };
            let intake = Intake {
                channel,
                contact: &contact,
                kind,
                draft: &draft,
                departements: &departements,
            };
            record(conn, &context(&st), &referent, &intake, submission)
        })
    })
    .await?;
    let notice = match recorded.invited {
        true => "demande-enregistree-invitation",
        false => "demande-enregistree",
    };
    Ok(format!("/demandes/{}?ok={notice}", recorded.request_id))
}
