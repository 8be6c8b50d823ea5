//! The decisions of a request as the page and the JSON API show them: each referral's own (to
//! whoever sees that referral) and the request's outcome derived from the referrals the viewer
//! sees; the decision form's choices (outcomes, the agent's own documents) and its parsing.

use std::collections::HashMap;

use serde::Serialize;

use super::actions::TextForm;
use super::Loaded;
use crate::db::{self, decisions::DecisionRow, DbConnection};
use crate::domain::calendar::Territory;
use crate::domain::request::{
    euros, request_outcome, Audience, Decision, DecisionInput, DecisionOutcome,
};
use crate::error::AppError;

/// A referral's decision, ready to show.
#[derive(Debug, Clone, Serialize)]
pub(super) struct DecisionView {
    pub outcome: DecisionOutcome,
    pub label: &'static str,
    pub badge: &'static str,
    pub amount_cents: Option<i64>,
    /// « 10 000 € ».
    pub amount: Option<String>,
    pub signed_on: Option<chrono::NaiveDate>,
    /// « 7 décembre 2026 ».
    pub signed_on_fr: Option<String>,
    pub file_number: Option<String>,
    /// The decision's document as (id, name), when it is still there.
    pub document: Option<(String, String)>,
}

/// The outcome of the request, from the referrals the viewer sees.
#[derive(Debug, Clone, Serialize)]
pub(super) struct OutcomeView {
    pub outcome: DecisionOutcome,
    pub label: &'static str,
    pub badge: &'static str,
    /// False while another institution has still to decide.
    pub complete: bool,
}

/// The decisions of the referrals `audience` sees, by referral id, and the request's outcome
/// derived from them.
pub(super) fn of_request(
    conn: &mut DbConnection,
    loaded: &Loaded,
    audience: &Audience,
) -> Result<(HashMap<String, DecisionView>, Option<OutcomeView>), AppError> {
    let rows: HashMap<String, DecisionRow> = db::decisions::of_request(conn, &loaded.request.id)?
        .into_iter()
        .map(|d| (d.id.clone(), d))
        .collect();
    let names: HashMap<String, String> = db::timeline::attachments(conn, &loaded.request.id)?
        .into_iter()
        .map(|a| (a.id, a.display_name))
        .collect();
    let visible: Vec<_> = loaded
        .referrals
        .iter()
        .filter(|r| audience.sees_referral(&r.id))
        .collect();
    let derived = request_outcome(
        &visible
            .iter()
            .map(|r| (r.state, rows.get(&r.id).and_then(|d| d.outcome)))
            .collect::<Vec<_>>(),
    )
    .map(|o| OutcomeView {
        outcome: o.outcome,
        label: o.outcome.label(),
        badge: o.outcome.badge_class(),
        complete: o.complete,
    });
    let views = visible
        .iter()
        .filter_map(|r| {
            let row = rows.get(&r.id)?;
            let outcome = row.outcome?;
            Some((
                r.id.clone(),
                DecisionView {
                    outcome,
                    label: outcome.label(),
                    badge: outcome.badge_class(),
                    amount_cents: row.amount_cents,
                    amount: row.amount_cents.map(euros),
                    signed_on: row.signed_on,
                    signed_on_fr: row.signed_on.map(crate::domain::french::date),
                    file_number: row.file_number.clone(),
                    document: row
                        .decision_document_id
                        .as_ref()
                        .and_then(|id| names.get(id).map(|name| (id.clone(), name.clone()))),
                },
            ))
        })
        .collect();
    Ok((views, derived))
}

/// The documents an agent may attach to its decision: those it added to the request, as
/// (id, name).
pub(super) fn attachable(
    conn: &mut DbConnection,
    request_id: &str,
    user_id: &str,
) -> Result<Vec<(String, String)>, AppError> {
    Ok(db::timeline::attachments(conn, request_id)?
        .into_iter()
        .filter(|a| a.uploader_id == user_id)
        .map(|a| (a.id, a.display_name))
        .collect())
}

/// The decision of the answer form: checked against the civil date of the request's territory
/// and the agent's documents; a mistake is a 422 beside its field.
pub(super) fn parse(
    conn: &mut DbConnection,
    loaded: &Loaded,
    user_id: &str,
    form: &TextForm,
    now: chrono::NaiveDateTime,
) -> Result<Decision, AppError> {
    let territory = Territory::of_optional(loaded.request.departement_code.as_deref());
    let today = crate::domain::civil_time::today(territory, now);
    let documents = attachable(conn, &loaded.request.id, user_id)?;
    let ids: Vec<&str> = documents.iter().map(|(id, _)| id.as_str()).collect();
    let input = DecisionInput {
        outcome: &form.outcome,
        amount: &form.amount,
        signed_on: &form.signed_on,
        file_number: &form.file_number,
        document: &form.document,
    };
    Decision::parse(&input, today, &ids).map_err(AppError::Validation)
}

/// The outcomes a partner may choose, as (slug, label).
pub(super) fn outcome_choices() -> Vec<(&'static str, &'static str)> {
    DecisionOutcome::ALL
        .iter()
        .map(|o| (o.slug(), o.label()))
        .collect()
}
