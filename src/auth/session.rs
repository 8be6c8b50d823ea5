//! Server-side sessions: an opaque cookie whose SHA-256 names a row of `sessions`. The loader
//! runs on every page request and puts the [`Viewer`] in the request's extensions; `/api/`
//! requests are authenticated by bearer tokens only, never by the cookie.

use std::future::{ready, Ready};

use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::dev::{Payload, ServiceRequest};
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use chrono::{Duration, NaiveDateTime};
use serde::Serialize;

use crate::config::SecuritySettings;
use crate::db::{self, DbConnection};
use crate::domain::account::Role;
use crate::domain::calendar::Territory;
use crate::error::AppError;

pub const COOKIE: &str = "guichet_session";

/// The signed-in person making the request.
#[derive(Debug, Clone, Serialize)]
pub struct Viewer {
    pub user_id: String,
    /// `None` for bearer-token (API) requests.
    pub session_id: Option<String>,
    pub role: Role,
    pub email: String,
    pub display_name: String,
    pub institution_id: Option<String>,
    pub region_code: Option<String>,
    pub departements: Vec<String>,
}

impl Viewer {
    pub fn is(&self, role: Role) -> bool {
        self.role == role
    }

    /// Where the viewer works, for civil time: a référent's first département, else the
    /// région of an agent or admin; metropolitan France for the others.
    pub fn territory(&self) -> Territory {
        match (self.departements.first(), self.region_code.as_deref()) {
            (Some(d), _) => Territory::of_departement(d),
            (None, Some(r)) => Territory::of_region(r),
            (None, None) => Territory::Metropole,
        }
    }
}

/// The timeouts of a role's sessions.
pub fn timeouts(role: Role, security: &SecuritySettings) -> (Duration, Duration) {
    if role.is_agent() {
        (
            Duration::minutes(security.agent_idle_minutes),
            Duration::hours(security.agent_absolute_hours),
        )
    } else {
        (
            Duration::minutes(security.professional_idle_minutes),
            Duration::hours(security.professional_absolute_hours),
        )
    }
}

fn viewer_from(
    conn: &mut DbConnection,
    user: db::users::User,
    session_id: Option<String>,
) -> Result<Option<Viewer>, AppError> {
    let role = user.role;
    let departements = db::users::departements_of(conn, &user.id)?;
    Ok(Some(Viewer {
        display_name: format!("{} {}", user.first_name, user.last_name),
        user_id: user.id,
        session_id,
        role,
        email: user.email,
        institution_id: user.institution_id,
        region_code: user.region_code,
        departements,
    }))
}

/// API routes that take a POST body to compute an answer and change nothing: a read token may
/// call them.
const COMPUTATIONS: &[&str] = &["/api/v1/eligibility"];

/// Resolves the request's session cookie or bearer token at `now`; expired or revoked ones
/// give `None`; a read-only token on a state-changing API request is refused (403).
pub async fn load(
    req: &ServiceRequest,
    pool: &db::DbPool,
    security: &SecuritySettings,
    now: NaiveDateTime,
) -> Result<Option<Viewer>, AppError> {
    if req.path().starts_with("/api/") {
        let Some(token) = bearer(req) else {
            return Ok(None);
        };
        let hash = super::token::hash(&token);
        let safe_method = req.method().is_safe() || COMPUTATIONS.contains(&req.path());
        return db::run(pool, move |conn| {
            let Some((token, user)) = db::sessions::use_api_token(conn, &hash, now)? else {
                return Ok(None);
            };
            if !token.scope.allows(safe_method) {
                return Err(AppError::Forbidden);
            }
            viewer_from(conn, user, None)
        })
        .await;
    }
    let Some(cookie) = req.cookie(COOKIE) else {
        return Ok(None);
    };
    let hash = super::token::hash(cookie.value());
    let security = security.clone();
    db::run(pool, move |conn| {
        let Some((session, user)) = db::sessions::find_live(conn, &hash, now)? else {
            return Ok(None);
        };
        let role = user.role;
        let (idle, _) = timeouts(role, &security);
        // Slide the idle deadline, at most once a minute.
        if now - session.last_seen_at > Duration::seconds(60) {
            db::sessions::touch(conn, &session.id, now, now + idle)?;
        }
        viewer_from(conn, user, Some(session.id))
    })
    .await
}

fn bearer(req: &ServiceRequest) -> Option<String> {
    let value = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let token = value.strip_prefix("Bearer ")?.trim();
    (!token.is_empty()).then(|| token.to_string())
}

/// Opens a session for `user` (a new random id every time) and returns its token, the value of
/// the cookie to set ([`cookie`]).
pub fn open(
    conn: &mut DbConnection,
    user_id: &str,
    role: Role,
    user_agent: &str,
    security: &SecuritySettings,
    now: NaiveDateTime,
) -> Result<String, AppError> {
    let token = super::token::generate();
    let (idle, absolute) = timeouts(role, security);
    db::sessions::insert(
        conn,
        &db::sessions::NewSession {
            id: uuid::Uuid::now_v7().to_string(),
            token_hash: super::token::hash(&token),
            user_id: user_id.to_string(),
            created_at: now,
            last_seen_at: now,
            idle_expires_at: now + idle,
            absolute_expires_at: now + absolute,
            revoked_at: None,
            user_agent: user_agent.chars().take(200).collect(),
        },
    )?;
    Ok(token)
}

pub fn cookie(value: String, secure: bool, max_age: Option<time::Duration>) -> Cookie<'static> {
    let mut c = Cookie::build(COOKIE, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish();
    if let Some(age) = max_age {
        c.set_max_age(age);
    }
    c
}

/// A cookie that deletes the session cookie in the browser.
pub fn removal(secure: bool) -> Cookie<'static> {
    cookie(String::new(), secure, Some(time::Duration::ZERO))
}

/// Extractor: the signed-in person, or a redirect to the sign-in page.
impl FromRequest for Viewer {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<Viewer>()
                .cloned()
                .ok_or(AppError::Unauthenticated),
        )
    }
}

/// Extractor: the signed-in person if any.
pub struct MaybeViewer(pub Option<Viewer>);

impl FromRequest for MaybeViewer {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(MaybeViewer(req.extensions().get::<Viewer>().cloned())))
    }
}
