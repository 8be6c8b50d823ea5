//! Second factors in a région: whether its référents and agents must use one, the state of each
//! staff account, and resetting the factor of someone who lost their phone (audited; their
//! sessions end and they set a new application up at their next sign-in).

use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::{policy, second_factor, Viewer};
use crate::db;
use crate::error::AppError;
use crate::web::forms::client_ip;
use crate::web::page::{render, see_other};
use crate::web::AppState;

#[derive(Serialize)]
struct StaffRow {
    id: String,
    name: String,
    email: String,
    role_label: &'static str,
    enrolled: bool,
    /// Not the admin themself (they manage their own factor from their account).
    can_reset: bool,
}

#[derive(Serialize)]
struct SecurityPage {
    region_name: String,
    staff_required: bool,
    admins_required: bool,
    staff: Vec<StaffRow>,
    missing: usize,
}

pub async fn page(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    let region = policy::view_admin_hub(&viewer)?.to_string();
    let me = viewer.user_id.clone();
    let admins_required = state.settings.security.admin_second_factor;
    let page = db::run(&state.pool, move |conn| {
        let users = db::users::list_agents_in_region(conn, &region)?;
        let ids: Vec<String> = users.iter().map(|u| u.id.clone()).collect();
        let enrolled = db::second_factor::confirmed_among(conn, &ids)?;
        let staff: Vec<StaffRow> = users
            .into_iter()
            .filter(|u| u.disabled_at.is_none())
            .map(|u| StaffRow {
                enrolled: enrolled.contains(&u.id),
                can_reset: u.id != me,
                role_label: u.role.label(),
                name: format!("{} {}", u.first_name, u.last_name),
                email: u.email,
                id: u.id,
            })
            .collect();
        Ok::<_, AppError>(SecurityPage {
            region_name: db::territories::region_name(conn, &region)?.unwrap_or(region.clone()),
            staff_required: db::second_factor::region_requires_staff(conn, &region)?,
            admins_required,
            missing: staff.iter().filter(|s| !s.enrolled).count(),
            staff,
        })
    })
    .await?;
    render(&state, &req, "admin/second_factor.html", &page)
}

#[derive(Deserialize)]
pub struct RuleForm {
    /// Present (`oui`) when the box is ticked.
    #[serde(default)]
    obligatoire: Option<String>,
}

pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    form: web::Form<RuleForm>,
) -> Result<HttpResponse, AppError> {
    let region = policy::view_admin_hub(&viewer)?.to_string();
    let required = form.obligatoire.as_deref() == Some("oui");
    let (now, ip) = (state.clock.now(), client_ip(&req));
    db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            db::second_factor::set_region_requires_staff(conn, &region, required)?;
            let detail = if required {
                format!("double authentification obligatoire pour les référents et agents de la région {region}")
            } else {
                format!("double authentification facultative pour les référents et agents de la région {region}")
            };
            db::audit::record(
                conn,
                "second_factor_rule",
                Some(&viewer.user_id),
                None,
                Some(&ip),
                &detail,
                now,
            )?;
            Ok::<_, AppError>(())
        })
    })
    .await?;
    Ok(see_other("/admin/securite?ok=securite-enregistree"))
}

/// Resets the factor of a staff account of the admin's région (404 outside it, and for the
/// admin themself).
pub async fn reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let user = db::run(&state.pool, move |conn| {
        db::users::find(conn, &id)?.ok_or(AppError::NotFound)
    })
    .await?;
    policy::manage_user(&viewer, &user)?;
    let (now, ip) = (state.clock.now(), client_ip(&req));
    db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            second_factor::remove(conn, &viewer.user_id, &user.id, Some(&ip), now)
        })
    })
    .await?;
    Ok(see_other(
        "/admin/securite?ok=double-authentification-reinitialisee",
    ))
}
