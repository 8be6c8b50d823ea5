//! `[retention]`: the retention periods (`domain::retention`) and how often the purge runs.

use serde::Deserialize;

use crate::domain::retention::RetentionPolicy;

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct RetentionSettings {
    #[serde(flatten)]
    pub policy: RetentionPolicy,
    /// The purge job runs this often (hours); 0: only `guichet purge`.
    #[serde(default = "daily")]
    pub purge_every_hours: u64,
}

fn daily() -> u64 {
    24
}
