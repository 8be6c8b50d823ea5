//! A mistake in one of the request page's forms (a message, a question, an answer, a motive…):
//! the page again, with a 422, the message beside the form that was sent and what was typed in
//! it — never the generic error page, never a lost text.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::auth::Viewer;
use crate::domain::request::next_action;
use crate::error::AppError;
use crate::web::forms::FormState;
use crate::web::AppState;

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
    /// The decision's fields of a partner's answer, as typed.
    decision: Vec<(&'static str, String)>,
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
            decision: vec![
                ("outcome", form.outcome.clone()),
                ("amount", form.amount.clone()),
                ("signed_on", form.signed_on.clone()),
                ("file_number", form.file_number.clone()),
                ("document", form.document.clone()),
                (super::referent_handling::NEW_KIND, form.new_kind.clone()),
                (next_action::DUE_ON_FIELD, form.next_action_on.clone()),
                (next_action::NOTE_FIELD, form.next_action_note.clone()),
            ],
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
                let again = FormState::default()
                    .of_form(self.formulaire)
                    .value("text", self.text);
                let again = self
                    .decision
                    .into_iter()
                    .fold(again, |again, (field, value)| again.value(field, value))
                    .with_errors(on_the_page(errors));
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

/// Fields of the request page's forms that show their own message: the selects of the
/// hand-over forms and the référent's handling (kind, next action); the others' messages go
/// beside the form's one text field.
const OWN_MESSAGE: [&str; 6] = [
    "agent",
    "referent",
    "institution_id",
    super::referent_handling::NEW_KIND,
    next_action::DUE_ON_FIELD,
    next_action::NOTE_FIELD,
];

/// The mistakes as the request page places them: a decision's or an own-message field
/// beside itself, anything else beside the form's one text field.
fn on_the_page(errors: Vec<crate::error::FieldError>) -> Vec<crate::error::FieldError> {
    errors
        .into_iter()
        .map(|mut e| {
            let field = e.field.as_str();
            if !crate::domain::request::DECISION_FIELDS.contains(&field)
                && !OWN_MESSAGE.contains(&field)
            {
                e.field = "text".into();
            }
            e
        })
        .collect()
}
