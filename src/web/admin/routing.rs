//! Routing rules of the région: the file's rules merged with the admins' overrides, per
//! département; overriding (with a reason) and reverting, each change kept in an append-only
//! history and in the audit log.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::routing_view::{Choice, Territory};
use crate::auth::{policy, Viewer};
use crate::db::{
    self,
    routing_overrides::{HistoryRow, OverrideRow},
};
use crate::domain::request::Reason;
use crate::domain::routing::{encode, Entry, RuleKey};
use crate::error::AppError;
use crate::web::forms::FormState;
use crate::web::page::{render, render_with_status, see_other};
use crate::web::AppState;

#[derive(Serialize)]
struct DepartementRow {
    code: String,
    name: String,
    entries: Vec<String>,
    overridden: bool,
    reason: Option<String>,
}

#[derive(Serialize)]
struct RuleView {
    slug: String,
    label: String,
    rows: Vec<DepartementRow>,
}

#[derive(Serialize)]
struct HistoryView {
    row: HistoryRow,
    rule_label: String,
    reverted: bool,
}

#[derive(Serialize)]
struct RoutingPage {
    source: String,
    last_checked: String,
    rules: Vec<RuleView>,
    history: Vec<HistoryView>,
}

fn rule_label(state: &AppState, slug: &str) -> String {
    RuleKey::parse(&state.routing, slug).map_or_else(|| slug.to_string(), |r| r.label())
}

pub async fn page(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    let region = policy::manage_routing(&viewer)?.to_string();
    let st = state.clone();
    let (territory, history) = db::run(&state.pool, move |conn| {
        let territory = Territory::load(conn, &region, &st.routing)?;
        Ok((
            territory,
            db::routing_overrides::history(conn, &region, 200)?,
        ))
    })
    .await?;
    let table = &state.routing;
    let rules = table
        .rules()
        .into_iter()
        .map(|rule| RuleView {
            slug: rule.slug(),
            label: rule.label(),
            rows: territory
                .departements
                .iter()
                .map(|(code, name)| {
                    let row = territory.override_row(code, &rule);
                    DepartementRow {
                        code: code.clone(),
                        name: name.clone(),
                        entries: territory.labels(&territory.entries(table, &rule, code, true)),
                        overridden: row.is_some(),
                        reason: row.map(|r| r.reason.clone()),
                    }
                })
                .collect(),
        })
        .collect();
    let history = history
        .into_iter()
        .map(|row| HistoryView {
            rule_label: rule_label(&state, &row.rule),
            reverted: row.action == "revert",
            row,
        })
        .collect();
    let page = RoutingPage {
        source: table.source.clone(),
        last_checked: crate::domain::french::compact_date(table.last_checked),
        rules,
        history,
    };
    render(&state, &req, "admin/routing.html", &page)
}

#[derive(Deserialize, Serialize)]
pub struct Target {
    #[serde(default)]
    departement: String,
    #[serde(default)]
    regle: String,
}

#[derive(Serialize)]
struct EditPage {
    departement: String,
    departement_name: String,
    rule_slug: String,
    rule_label: String,
    file_entries: Vec<String>,
    overridden: bool,
    choices: Vec<Choice>,
    form: FormState,
}

/// The département (of the région) and the rule (of the file) a form is about; anything else
/// is a page that does not exist.
fn target(territory: &Territory, state: &AppState, t: &Target) -> Result<RuleKey, AppError> {
    if !territory.has_departement(&t.departement) {
        return Err(AppError::NotFound);
    }
    RuleKey::parse(&state.routing, &t.regle).ok_or(AppError::NotFound)
}

async fn edit_page(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    region: String,
    t: Target,
    form: FormState,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let st = state.clone();
    let territory = db::run(&state.pool, move |conn| {
        Territory::load(conn, &region, &st.routing)
    })
    .await?;
    let rule = target(&territory, state, &t)?;
    let table = &state.routing;
    let mut choices = territory.choices(table, &rule, &t.departement);
    // After an error, the boxes as the admin left them.
    if let Some(picked) = form.values.get("entree") {
        let picked: Vec<&str> = picked.split_whitespace().collect();
        for c in &mut choices {
            c.checked = picked.contains(&c.token.as_str());
        }
    }
    let page = EditPage {
        departement_name: territory
            .departements
            .iter()
            .find(|(c, _)| c == &t.departement)
            .map(|(_, n)| n.clone())
            .unwrap_or_default(),
        rule_label: rule.label(),
        file_entries: territory.labels(&territory.entries(table, &rule, &t.departement, false)),
        overridden: territory.override_row(&t.departement, &rule).is_some(),
        choices,
        rule_slug: rule.slug(),
        departement: t.departement,
        form,
    };
    render_with_status(state, req, status, "admin/routing_edit.html", &page)
}

pub async fn edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    query: web::Query<Target>,
) -> Result<HttpResponse, AppError> {
    let region = policy::manage_routing(&viewer)?.to_string();
    let form = FormState::default();
    edit_page(
        &state,
        &req,
        region,
        query.into_inner(),
        form,
        StatusCode::OK,
    )
    .await
}

fn field(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

fn target_of(pairs: &[(String, String)]) -> Target {
    Target {
        departement: field(pairs, "departement"),
        regle: field(pairs, "regle"),
    }
}

pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let region = policy::manage_routing(&viewer)?.to_string();
    let pairs = form.into_inner();
    let t = target_of(&pairs);
    let (st, r) = (state.clone(), region.clone());
    let territory = db::run(&state.pool, move |conn| {
        Territory::load(conn, &r, &st.routing)
    })
    .await?;
    let rule = target(&territory, &state, &t)?;
    let choices = territory.choices(&state.routing, &rule, &t.departement);
    let picked: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == "entree")
        .map(|(_, v)| v.as_str())
        .collect();
    let mut entries: Vec<Entry> = Vec::new();
    let mut errors = FormState::default();
    for choice in &choices {
        if picked.contains(&choice.token.as_str()) {
            if let Some(entry) = Entry::parse(&choice.token) {
                entries.push(entry);
            }
        }
    }
    if picked.iter().any(|p| choices.iter().all(|c| c.token != *p)) {
        errors = errors.error(
            "entree",
            "Choisissez parmi les institutions proposées (celles du département ou de la région).",
        );
    } else if entries.is_empty() {
        errors = errors.error(
            "entree",
            "Choisissez au moins une institution : une demande doit être transmise à quelqu'un.",
        );
    }
    let current = territory.entries(&state.routing, &rule, &t.departement, true);
    if !errors.has_errors() && entries == current {
        errors = errors.error(
            "entree",
            "Cette liste est celle qui s'applique déjà : cochez ou décochez au moins une institution.",
        );
    }
    let reason = match Reason::parse(&field(&pairs, "motif")) {
        Ok(reason) => Some(reason),
        Err(e) => {
            errors = errors.error("motif", e.to_string());
            None
        }
    };
    let (Some(reason), false) = (reason, errors.has_errors()) else {
        errors.values.insert("motif".into(), field(&pairs, "motif"));
        errors.values.insert("entree".into(), picked.join(" "));
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return edit_page(&state, &req, region, t, errors, status).await;
    };
    let now = state.clock.now();
    let before = territory.labels(&current).join(" · ");
    let after = territory.labels(&entries).join(" · ");
    let row = OverrideRow {
        id: uuid::Uuid::now_v7().to_string(),
        region_code: region.clone(),
        departement_code: t.departement.clone(),
        rule: rule.slug(),
        entries: encode(&entries),
        reason: reason.as_str().to_string(),
        updated_by: viewer.user_id.clone(),
        updated_at: now,
    };
    let history = history_row(&viewer, &row, "override", before, after, now);
    record(&state, &viewer, move |conn| {
        db::routing_overrides::set(conn, &row, &history)?;
        Ok(history)
    })
    .await?;
    Ok(see_other("/admin/orientation?ok=routage-modifie"))
}

pub async fn revert(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let region = policy::manage_routing(&viewer)?.to_string();
    let pairs = form.into_inner();
    let t = target_of(&pairs);
    let (st, r) = (state.clone(), region.clone());
    let now = state.clock.now();
    let territory = db::run(&state.pool, move |conn| {
        Territory::load(conn, &r, &st.routing)
    })
    .await?;
    let rule = target(&territory, &state, &t)?;
    let Some(existing) = territory.override_row(&t.departement, &rule).cloned() else {
        return Err(AppError::NotFound);
    };
    let reason = match Reason::parse(&field(&pairs, "motif_retablir")) {
        Ok(reason) => reason,
        Err(e) => {
            let form = FormState::default().error("motif_retablir", e.to_string());
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return edit_page(&state, &req, region, t, form, status).await;
        }
    };
    let table = &state.routing;
    let before = territory.labels(&territory.entries(table, &rule, &t.departement, true));
    let after = territory.labels(&territory.entries(table, &rule, &t.departement, false));
    let row = OverrideRow {
        reason: reason.as_str().to_string(),
        ..existing
    };
    let history = history_row(
        &viewer,
        &row,
        "revert",
        before.join(" · "),
        after.join(" · "),
        now,
    );
    record(&state, &viewer, move |conn| {
        if !db::routing_overrides::revert(conn, &history)? {
            return Err(AppError::NotFound);
        }
        Ok(history)
    })
    .await?;
    Ok(see_other("/admin/orientation?ok=routage-retabli"))
}

fn history_row(
    viewer: &Viewer,
    row: &OverrideRow,
    action: &str,
    before: String,
    after: String,
    now: chrono::NaiveDateTime,
) -> HistoryRow {
    HistoryRow {
        id: uuid::Uuid::now_v7().to_string(),
        region_code: row.region_code.clone(),
        departement_code: row.departement_code.clone(),
        rule: row.rule.clone(),
        action: action.to_string(),
        before_text: before,
        after_text: after,
        reason: row.reason.clone(),
        actor_id: Some(viewer.user_id.clone()),
        actor_label: viewer.display_name.clone(),
        at: now,
    }
}

/// Runs the change and writes the audit event in one transaction.
async fn record(
    state: &AppState,
    viewer: &Viewer,
    change: impl FnOnce(&mut db::DbConnection) -> Result<HistoryRow, AppError> + Send + 'static,
) -> Result<(), AppError> {
    let actor = viewer.user_id.clone();
    db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            let h = change(conn)?;
            let event = if h.action == "revert" {
                "routing_revert"
            } else {
                "routing_override"
            };
            let detail = format!(
                "{} · {} : {} → {} (motif : {})",
                h.departement_code, h.rule, h.before_text, h.after_text, h.reason
            );
            db::audit::record(conn, event, Some(&actor), None, None, &detail, h.at)?;
            Ok::<_, AppError>(())
        })
    })
    .await
}
