//! Why a command of the binary failed (`serve` and the operator commands): configuration,
//! database and port problems, and a refused request, exit with 2; anything else with 1. Its
//! own module so that the commands (imports, ops) need not depend on the server's start-up.

use crate::config::ConfigError;
use crate::db::ConnectError;
use crate::domain::eligibility::RuleFileError;

/// Why the guichet could not start; configuration, database and port problems exit with 2.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Database(#[from] ConnectError),
    #[error("règles des aides refusées : {0}")]
    Rules(#[from] RuleFileError),
    #[error("impossible d'écouter sur {addr} : {reason}")]
    Bind { addr: String, reason: String },
    /// A command refused what it was asked (duplicate, unknown région…): one line, exit 2.
    #[error("{0}")]
    Refused(String),
    #[error("{0:#}")]
    Other(#[from] anyhow::Error),
}

impl StartupError {
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Config(_)
            | Self::Database(_)
            | Self::Rules(_)
            | Self::Bind { .. }
            | Self::Refused(_) => 2,
            Self::Other(_) => 1,
        }
    }
}
