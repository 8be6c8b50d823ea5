//! Référent intake: a référent records a request received by telephone, e-mail, at a permanence
//! or by letter, for the professional's account (or a new one, whose owner is invited). The
//! kind is chosen first (a plain GET form, no script), then the contact, the kind's fields and
//! the document it needs (multipart; a form without a file may also come urlencoded).

use actix_multipart::Multipart;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpRequest, HttpResponse};
use serde::Serialize;

use super::filing::{field_views, FieldView};
use super::intake_document::{self, Received, FIELD};
use super::{actor, context};
use crate::auth::policy::{self, RequestAccess};
use crate::auth::Viewer;
use crate::db;
use crate::domain::profession::{Profession, Situation};
use crate::domain::request::{
    form_for, parse_intake, AttachmentRequirement, Channel, Contact, Draft, RequestKind,
};
use crate::error::{AppError, FieldError};
use crate::web::forms::FormState;
use crate::web::forms::{choices, Choice};
use crate::web::page::{render_with_status, see_other};
use crate::web::uploads::{self, UploadForm, UploadedFile};
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
    /// The document the chosen kind needs (`None`: a document is optional).
    attachment: Option<AttachmentRequirement>,
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
        attachment: kind.and_then(|k| form_for(k).attachment),
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

/// The longest text field of the multipart form, in bytes (a description of 5 000 characters).
const LONGEST_TEXT: usize = 32 * 1024;

/// What the form sent: its fields, the file chosen (or the reason it was refused while
/// reading), and the upload budget it holds until the request is recorded.
struct SentForm {
    pairs: Vec<(String, String)>,
    file: Option<UploadedFile>,
    refused: Option<FieldError>,
    _held: Option<UploadForm>,
}

async fn read_form(
    state: &AppState,
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<SentForm, AppError> {
    let multipart = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.trim_start().starts_with("multipart/form-data"));
    if multipart {
        let payload = Multipart::new(req.headers(), payload);
        let file = intake_document::file_field();
        let mut form = uploads::read_long_form(state, req, payload, file, LONGEST_TEXT).await?;
        return Ok(SentForm {
            pairs: form.texts().to_vec(),
            file: intake_document::chosen(form.take_file()),
            refused: form.refused.take(),
            _held: Some(form),
        });
    }
    let form = web::Form::<Vec<(String, String)>>::from_request(req, &mut payload.into_inner())
        .await
        .map_err(|e| AppError::BadRequest(format!("formulaire illisible : {e}")))?;
    Ok(SentForm {
        pairs: form.into_inner(),
        file: None,
        refused: None,
        _held: None,
    })
}

/// Records the request and opens its page; a mistake shows the page again (422), nothing
/// recorded. A document refused for what it is (type, size, virus) records nothing either; after
/// any mistake, the document must be chosen again (a browser cannot be sent it back).
pub async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let departements = policy::record_requests(&viewer)?.to_vec();
    let sent = read_form(&state, &req, payload).await?;
    let (pairs, _held) = (sent.pairs, sent._held);
    let received = match (sent.refused, sent.file) {
        (Some(refused), _) => Err(vec![refused]),
        (None, None) => Ok(None),
        (None, Some(file)) => match intake_document::check(&state, &viewer.user_id, file).await {
            Ok(received) => Ok(Some(received)),
            Err(AppError::Validation(errors)) => Err(errors),
            Err(e) => return Err(e),
        },
    };
    let received = match received {
        Ok(received) => received,
        Err(mut errors) => {
            // The rest of the form is checked too, so that every message shows at once.
            errors.extend(parse(&pairs, true).err().unwrap_or_default());
            return page(&state, &req, &pairs, errors);
        }
    };
    let name = received.as_ref().map(|r| r.name().to_string());
    match record_request(&state, &viewer, departements, &pairs, received).await {
        Err(AppError::Validation(mut errors)) => {
            if let Some(name) = name.filter(|_| !errors.iter().any(|e| e.field == FIELD)) {
                errors.push(FieldError::new(FIELD, intake_document::choose_again(&name)));
            }
            page(&state, &req, &pairs, errors)
        }
        Err(e) => Err(e),
        Ok(location) => Ok(see_other(&location)),
    }
}

/// The kind, the channel and the contact; every message at once (`with_document`: a document
/// was sent, or refused already).
fn parse(
    pairs: &[(String, String)],
    with_document: bool,
) -> Result<(RequestKind, Channel, Contact), Vec<FieldError>> {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    match (kind_of(pairs), parse_intake(get)) {
        (Some(kind), Ok((channel, contact))) => Ok((kind, channel, contact)),
        (kind, parsed) => {
            let mut errors = parsed.err().unwrap_or_default();
            match kind.map(|k| form_for(k).attachment) {
                None => errors.push(FieldError::new("type", "Choisissez l'objet de la demande.")),
                Some(Some(needed)) if !with_document => {
                    errors.push(FieldError::new(FIELD, needed.missing_message))
                }
                Some(_) => {}
            }
            Err(errors)
        }
    }
}

async fn record_request(
    state: &web::Data<AppState>,
    viewer: &Viewer,
    departements: Vec<String>,
    pairs: &[(String, String)],
    received: Option<Received>,
) -> Result<String, AppError> {
    let (kind, channel, contact) =
        parse(pairs, received.is_some()).map_err(AppError::Validation)?;
    let draft = kind_draft(kind, pairs);
    let referent = actor(viewer, &RequestAccess::Referent);
    let st = state.clone();
    let dir = state.settings.uploads.dir.clone();
    let recorded = db::run(&state.pool, move |conn| {
        let document = match &received {
            Some(received) => Some(intake_document::write(&dir, received)?),
            None => None,
        };
        let recorded = crate::db::transaction(conn, |conn| {
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
                document: document.as_ref(),
            };
            record(conn, &context(&st), &referent, &intake, submission)
        });
        if let (Err(_), Some(document)) = (&recorded, &document) {
            // Nothing recorded: no file left without its request.
            intake_document::remove(&dir, document);
        }
        recorded
    })
    .await?;
    let notice = match recorded.invited {
        true => "demande-enregistree-invitation",
        false => "demande-enregistree",
    };
    Ok(format!("/demandes/{}?ok={notice}", recorded.request_id))
}
