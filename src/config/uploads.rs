//! Uploads: where documents are stored, how long a body may take to arrive, how many bytes of
//! uploads the server holds at once, and the antivirus that scans them.

use std::path::PathBuf;

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct UploadSettings {
    /// Attachments are stored here under random names, outside any served folder.
    pub dir: PathBuf,
    /// An upload whose body sends nothing for this long is refused (408).
    #[serde(default = "default_idle")]
    pub read_idle_seconds: u64,
    /// An upload whose body has not fully arrived after this long is refused (408).
    #[serde(default = "default_deadline")]
    pub read_deadline_seconds: u64,
    /// Bytes of uploads held by the whole server at once, in Mio; beyond, 503 with Retry-After.
    #[serde(default = "default_in_flight")]
    pub in_flight_mib: u64,
}

fn default_idle() -> u64 {
    20
}

fn default_deadline() -> u64 {
    300
}

fn default_in_flight() -> u64 {
    128
}

/// What happens to an upload when the scanner cannot be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AntivirusMode {
    /// The upload is refused.
    #[default]
    Refuse,
    /// A document joined to a request is stored in quarantine (served to nobody) and scanned
    /// again in the background until clamd answers; administrators' files (zonages, rule
    /// files), read at once, are still refused.
    Quarantine,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AntivirusSettings {
    /// clamd's socket: a Unix socket path, or `tcp://host:port`. Empty: uploads are not scanned
    /// (said at start-up; refused in production).
    #[serde(default)]
    pub socket: String,
    #[serde(default)]
    pub mode: AntivirusMode,
    /// A scan that takes longer (connection included) counts as a scanner failure.
    #[serde(default = "default_scan_timeout")]
    pub timeout_seconds: u64,
}

fn default_scan_timeout() -> u64 {
    30
}

impl Default for AntivirusSettings {
    fn default() -> Self {
        Self {
            socket: String::new(),
            mode: AntivirusMode::Refuse,
            timeout_seconds: default_scan_timeout(),
        }
    }
}

impl AntivirusSettings {
    /// Whether uploads are scanned.
    pub fn enabled(&self) -> bool {
        !self.socket.trim().is_empty()
    }
}
