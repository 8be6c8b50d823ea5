//! Bulk actions of the référent's inbox: assign a référent, set the priority. Each selected
//! request is checked against the policy and gets its own timeline entry. A mistake in the form
//! shows the same view of the inbox again (422), the message beside the control, the ticks and
//! choices kept.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use super::inbox::{show, Said};
use super::view::{self, Choice};
use crate::auth::{policy, Viewer};
use crate::db;
use crate::domain::inbox::{Audience, RawInboxQuery};
use crate::domain::request::Priority;
use crate::domain::request::TimelineKind;
use crate::error::{AppError, FieldError};
use crate::web::forms::FormState;
use crate::web::page::see_other;
use crate::web::requests::{actor, context, load};
use crate::web::AppState;
use crate::workflow::assignment::assign_referent;

/// Requests one bulk action may change at most (one inbox page).
const MAX_SELECTED: usize = 50;

/// Where the bulk form posts.
const PATH: &str = "/guichet/demandes/lot";

/// The bulk form of an inbox page: where it posts (with the view's filters, to show the same
/// view again after a mistake), its choices, and what was sent with its messages.
#[derive(Serialize)]
pub struct BulkForm {
    href: String,
    actions: Vec<Choice>,
    referents: Vec<Choice>,
    form: FormState,
}

impl BulkForm {
    /// `people`: the référents who may be put in charge.
    pub fn new(raw: &RawInboxQuery, people: &[Choice], form: FormState) -> BulkForm {
        let mut referents = vec![Choice::new("moi", "Moi")];
        referents.extend(people.iter().cloned());
        BulkForm {
            href: view::href(PATH, raw),
            actions: vec![
                Choice::new("assigner", "Désigner le référent en charge"),
                Choice::new("priorite", "Changer la priorité"),
            ],
            referents,
            form,
        }
    }
}

/// The form as sent, to show it again.
#[derive(Serialize)]
struct Sent<'a> {
    action: &'a str,
    referent: &'a str,
    priorite: &'a str,
    ids: Vec<&'a str>,
}

enum Change {
    Assign(String),
    Priority(Priority),
}

fn invalid(field: &str, message: &str) -> AppError {
    AppError::Validation(vec![FieldError::new(field, message)])
}

fn value<'a>(pairs: &'a [(String, String)], key: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or_default()
}

fn ids(pairs: &[(String, String)]) -> Vec<&str> {
    pairs
        .iter()
        .filter(|(k, _)| k == "ids")
        .map(|(_, v)| v.as_str())
        .collect()
}

fn parse(pairs: &[(String, String)], viewer: &Viewer) -> Result<(Change, Vec<String>), AppError> {
    let ids: Vec<String> = ids(pairs).into_iter().map(str::to_string).collect();
    if ids.is_empty() || ids.len() > MAX_SELECTED {
        return Err(invalid("ids", "Sélectionnez entre 1 et 50 demandes."));
    }
    let change = match value(pairs, "action") {
        "assigner" => match value(pairs, "referent") {
            "" => return Err(invalid("referent", "Choisissez un référent.")),
            "moi" => Change::Assign(viewer.user_id.clone()),
            other => Change::Assign(other.to_string()),
        },
        "priorite" => Change::Priority(
            value(pairs, "priorite")
                .parse()
                .map_err(|_| invalid("priorite", "Choisissez une priorité."))?,
        ),
        _ => return Err(invalid("action", "Choisissez une action.")),
    };
    Ok((change, ids))
}

pub async fn apply(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    raw: web::Query<RawInboxQuery>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    policy::referent_inbox(&viewer)?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|_| AppError::BadRequest("Formulaire illisible.".into()))?;
    match change(&state, &viewer, &pairs).await {
        Ok(changed) => Ok(see_other(&format!("/guichet/demandes?modifiees={changed}"))),
        Err(AppError::Validation(errors)) => {
            let sent = Sent {
                action: value(&pairs, "action"),
                referent: value(&pairs, "referent"),
                priorite: value(&pairs, "priorite"),
                ids: ids(&pairs),
            };
            let form = FormState::with_values(&sent).with_errors(errors);
            let (audience, raw) = (Audience::Referent, raw.into_inner());
            show(&state, &req, &viewer, audience, raw, Said::Again(form)).await
        }
        Err(e) => Err(e),
    }
}

/// Applies the change to every selected request (all or none); returns how many changed.
async fn change(
    state: &web::Data<AppState>,
    viewer: &Viewer,
    pairs: &[(String, String)],
) -> Result<usize, AppError> {
    let (change, ids) = parse(pairs, viewer)?;
    let (st, viewer) = (state.clone(), viewer.clone());
    db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            let ctx = context(&st);
            let mut changed = 0;
            for id in &ids {
                let loaded = load(conn, &viewer, id)?;
                policy::act_as_referent(&loaded.access)?;
                match &change {
                    Change::Assign(referent) => {
                        // The same use case as the request page's (skipped when no longer
                        // qualifiable).
                        if assign_referent(
                            conn,
                            &ctx,
                            &loaded,
                            &viewer,
                            referent,
                            TimelineKind::Bulk,
                        )? {
                            changed += 1;
                        }
                    }
                    Change::Priority(priority) => {
                        // The request page's question: may the référent still qualify it?
                        if !crate::web::requests::allowed(&loaded)?.can_qualify {
                            continue;
                        }
                        db::inbox::set_priority(conn, id, priority.slug(), ctx.now)?;
                        let summary = format!("Priorité : {}", priority.label().to_lowercase());
                        let who = actor(&viewer, &loaded.access);
                        crate::workflow::append(
                            conn,
                            id,
                            &who,
                            TimelineKind::Bulk,
                            &summary,
                            None,
                            false,
                            ctx.now,
                        )?;
                        changed += 1;
                    }
                }
            }
            Ok::<_, AppError>(changed)
        })
    })
    .await
}
