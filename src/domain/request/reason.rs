//! The reason a référent or a partner gives for a decline or a routing change.

use std::fmt;

use serde::Serialize;

/// A reason given for a decline or a routing change: trimmed, 1 to [`Reason::MAX_CHARS`]
/// characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason(String);

/// Why a reason was refused (French `Display`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReasonError {
    #[error("Indiquez un motif.")]
    Empty,
    #[error("Le motif ne doit pas dépasser {max} caractères.", max = Reason::MAX_CHARS)]
    TooLong,
}

impl Reason {
    /// Longest accepted reason.
    pub const MAX_CHARS: usize = 1_000;

    /// Checks and trims a reason.
    pub fn parse(raw: &str) -> Result<Reason, ReasonError> {
        let text = raw.trim();
        if text.is_empty() {
            Err(ReasonError::Empty)
        } else if text.chars().count() > Self::MAX_CHARS {
            Err(ReasonError::TooLong)
        } else {
            Ok(Reason(text.to_string()))
        }
    }

    /// A stand-in reason, to ask the state machine whether an action is possible at all.
    pub(super) fn placeholder() -> Reason {
        Reason("—".to_string())
    }

    /// The reason's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
