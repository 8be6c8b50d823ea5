//! Bulk actions of the référent's inbox: assign a référent, set the priority. Each selected
//! request is checked against the policy and gets its own timeline entry.

use actix_web::{web, HttpResponse};

use crate::auth::{policy, Viewer};
use crate::db;
use crate::domain::request::Priority;
use crate::error::{AppError, FieldError};
use crate::web::requests::{actor, context, load};
use crate::web::AppState;

/// Requests one bulk action may change at most (one inbox page).
const MAX_SELECTED: usize = 50;

enum Change {
    Assign(String),
    Priority(Priority),
}

fn invalid(field: &str, message: &str) -> AppError {
    AppError::Validation(vec![FieldError::new(field, message)])
}

fn parse(pairs: &[(String, String)], viewer: &Viewer) -> Result<(Change, Vec<String>), AppError> {
    let value = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    };
    let ids: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "ids")
        .map(|(_, v)| v.clone())
        .collect();
    if ids.is_empty() || ids.len() > MAX_SELECTED {
        return Err(invalid("ids", "Sélectionnez entre 1 et 50 demandes."));
    }
    let change = match value("action") {
        "assigner" => match value("referent") {
            "" => return Err(invalid("referent", "Choisissez un référent.")),
            "moi" => Change::Assign(viewer.user_id.clone()),
            other => Change::Assign(other.to_string()),
        },
        "priorite" => Change::Priority(
            value("priorite")
                .parse()
                .map_err(|_| invalid("priorite", "Choisissez une priorité."))?,
        ),
        _ => return Err(invalid("action", "Choisissez une action.")),
    };
    Ok((change, ids))
}

pub async fn apply(
    state: web::Data<AppState>,
    viewer: Viewer,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    policy::referent_inbox(&viewer)?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|_| AppError::BadRequest("Formulaire illisible.".into()))?;
    let (change, ids) = parse(&pairs, &viewer)?;
    let st = state.clone();
    let changed = db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            let ctx = context(&st);
            let mut changed = 0;
            for id in &ids {
                let loaded = load(conn, &viewer, id)?;
                policy::act_as_referent(&loaded.access)?;
                let request = &loaded.request;
                // The request page's question: may the référent still qualify it?
                if !crate::web::requests::allowed(&loaded)?.can_qualify {
                    continue;
                }
                let summary = match &change {
                    Change::Assign(referent) => {
                        let departement = request.departement_code.as_deref().unwrap_or_default();
                        let allowed = db::users::referents_of_departement(conn, departement)?;
                        let Some(who) = allowed.iter().find(|u| &u.id == referent) else {
                            return Err(invalid(
                                "referent",
                                "Ce référent ne couvre pas le département de la demande.",
                            ));
                        };
                        db::inbox::set_referent(conn, id, referent, ctx.now)?;
                        format!("Référent en charge : {} {}", who.first_name, who.last_name)
                    }
                    Change::Priority(priority) => {
                        db::inbox::set_priority(conn, id, priority.slug(), ctx.now)?;
                        format!("Priorité : {}", priority.label().to_lowercase())
                    }
                };
                let who = actor(&viewer, &loaded.access);
                crate::workflow::append(conn, id, &who, "lot", &summary, None, false, ctx.now)?;
                changed += 1;
            }
            Ok::<_, AppError>(changed)
        })
    })
    .await?;
    Ok(HttpResponse::SeeOther()
        .insert_header(("Location", format!("/guichet/demandes?modifiees={changed}")))
        .finish())
}
