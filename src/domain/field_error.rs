//! The one type for a problem with one field of a form or of a JSON body, with its French
//! message. The domain produces it; the web layer shows it beside the field (or in a JSON
//! problem) through `crate::error::AppError::Validation`.

use serde::Serialize;

/// A message for one field of a form or of a JSON body.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}
