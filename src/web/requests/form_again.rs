//! A mistake in one of the request page's forms (a message, a question, an answer, a motive…):
//! the page again, with a 422, the message beside the form that was sent and what was typed in
//! it — never the generic error page, never a lost text.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use crate::auth::Viewer;
use crate::error::AppError;
use crate::web::AppState;

/// What the page shows again: which form (its hidden `formulaire` field), what was typed, and
/// the mistake.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Again {
    pub formulaire: String,
    pub text: String,
    /// The field in error (`text`, `cible`, `priority`…) and its message.
    pub field: String,
    pub error: String,
    /// The decision's fields of a partner's answer, as typed.
    pub decision: TypedDecision,
    /// The mistake is in one of those fields (shown beside it, not beside the text).
    pub decision_error: bool,
}

/// The decision's fields of the answer form, as typed (shown again after a mistake).
#[derive(Debug, Clone, Default, Serialize)]
pub struct TypedDecision {
    pub outcome: String,
    pub amount: String,
    pub signed_on: String,
    pub file_number: String,
    pub document: String,
}

impl TypedDecision {
    fn of(form: &super::actions::TextForm) -> Self {
        Self {
            outcome: form.outcome.clone(),
            amount: form.amount.clone(),
            signed_on: form.signed_on.clone(),
            file_number: form.file_number.clone(),
            document: form.document.clone(),
        }
    }
}

/// The request a form was posted on, from the route's path.
pub(super) trait RequestPath {
    fn request_id(&self) -> &str;
}

impl RequestPath for web::Path<String> {
    fn request_id(&self) -> &str {
        self.as_str()
    }
}

impl RequestPath for web::Path<(String, String)> {
    fn request_id(&self) -> &str {
        self.0.as_str()
    }
}

/// Writes the public handler of a request page form: it runs `$checked` and, on a mistake,
/// shows the page again ([`Sent::or_page_again`]).
macro_rules! page_again_handler {
    ($(#[$doc:meta])* $name:ident => $checked:ident, $path:ty) => {
        $(#[$doc])*
        pub async fn $name(
            state: actix_web::web::Data<crate::web::AppState>,
            req: actix_web::HttpRequest,
            viewer: crate::auth::Viewer,
            path: $path,
            form: super::actions::Form,
        ) -> Result<actix_web::HttpResponse, crate::error::AppError> {
            use super::form_again::RequestPath;
            let sent = super::form_again::Sent::of(&state, &viewer, path.request_id(), &form);
            let outcome = $checked(state, viewer, path, form).await;
            sent.or_page_again(outcome, &req).await
        }
    };
}
pub(super) use page_again_handler;

/// A form of the request page as it was sent, kept to show it again after a mistake.
pub(super) struct Sent {
    state: web::Data<AppState>,
    viewer: Viewer,
    id: String,
    formulaire: String,
    text: String,
    decision: TypedDecision,
}

impl Sent {
    pub(super) fn of(
        state: &web::Data<AppState>,
        viewer: &Viewer,
        id: &str,
        form: &super::actions::TextForm,
    ) -> Self {
        Self {
            state: state.clone(),
            viewer: viewer.clone(),
            id: id.to_string(),
            formulaire: form.formulaire.clone(),
            text: form.text.clone(),
            decision: TypedDecision::of(form),
        }
    }

    /// Passes `outcome` through, except a validation error: then the request page again.
    pub(super) async fn or_page_again(
        self,
        outcome: Result<HttpResponse, AppError>,
        req: &HttpRequest,
    ) -> Result<HttpResponse, AppError> {
        match outcome {
            Err(AppError::Validation(errors)) => {
                let first = errors.into_iter().next().unwrap_or_default();
                let decision_error =
                    crate::domain::request::DECISION_FIELDS.contains(&first.field.as_str());
                let again = Again {
                    decision_error,
                    formulaire: self.formulaire,
                    text: self.text,
                    field: first.field,
                    error: first.message,
                    decision: self.decision,
                };
                super::view::render_page(
                    self.state,
                    req,
                    self.viewer,
                    self.id,
                    Some(again),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await
            }
            other => other,
        }
    }
}
