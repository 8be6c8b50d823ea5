//! Completing an institution of the région: its name, contact mailbox and phone. An institution
//! without a mailbox is "à compléter" (routing to it gives the "institution manquante" referral).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::{policy, Viewer};
use crate::db::{self, institutions::Institution};
use crate::domain::account::Email;
use crate::error::{AppError, FieldError};
use crate::web::forms::{client_ip, FormState};
use crate::web::page::{render_with_status, see_other};
use crate::web::AppState;

#[derive(Deserialize, Serialize, Default)]
pub struct ContactForm {
    #[serde(default)]
    pub(super) name: String,
    #[serde(default)]
    pub(super) email: String,
    #[serde(default)]
    pub(super) phone: String,
    /// INSEE codes of the communes covered; empty = its whole territory.
    #[serde(default)]
    pub(super) communes: String,
    /// Its département; "" = the whole région; absent = unchanged.
    #[serde(default)]
    pub(super) departement: Option<String>,
}

#[derive(Serialize)]
struct EditPage {
    institution: Institution,
    form: FormState,
    departements: Vec<crate::web::info::Choice>,
}

/// The départements of the région, for the territory field.
async fn departement_choices(
    state: &AppState,
    region: String,
) -> Result<Vec<crate::web::info::Choice>, AppError> {
    Ok(db::run(&state.pool, move |conn| {
        Ok(db::territories::departements_of_region(conn, &region)?)
    })
    .await?
    .into_iter()
    .map(|(code, name)| crate::web::info::Choice {
        label: format!("{code} ({name})"),
        value: code,
    })
    .collect())
}

/// The institution, if the viewer administers its région (404 otherwise).
async fn load(state: &AppState, viewer: &Viewer, id: String) -> Result<Institution, AppError> {
    policy::view_admin_hub(viewer)?;
    let institution = db::run(&state.pool, move |conn| {
        db::institutions::find(conn, &id)?.ok_or(AppError::NotFound)
    })
    .await?;
    policy::manage_institution(viewer, institution.region_code.as_deref())?;
    Ok(institution)
}

pub async fn edit_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let institution = load(&state, &viewer, path.into_inner()).await?;
    let form = FormState::with_values(&ContactForm {
        name: institution.name.clone(),
        email: institution.email.clone(),
        phone: institution.phone.clone(),
        communes: institution.communes.clone(),
        departement: Some(institution.departement_code.clone().unwrap_or_default()),
    });
    let departements =
        departement_choices(&state, institution.region_code.clone().unwrap_or_default()).await?;
    let page = EditPage {
        institution,
        form,
        departements,
    };
    render_with_status(
        &state,
        &req,
        StatusCode::OK,
        "admin/institution_edit.html",
        &page,
    )
}

/// The contact details, checked: a name, a valid mailbox or none (left "à compléter"), a phone
/// of digits, spaces, dots and `+`.
pub(super) fn parse_contact(
    form: &ContactForm,
) -> Result<(String, String, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = form.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 200 {
        errors.push(FieldError::new(
            "name",
            "Indiquez le nom officiel de l'institution (200 caractères au plus).",
        ));
    }
    let email = match form.email.trim() {
        "" => String::new(),
        text => match Email::parse(text) {
            Ok(e) => e.as_str().to_string(),
            Err(m) => {
                errors.push(FieldError::new("email", m));
                String::new()
            }
        },
    };
    let phone = form.phone.trim().to_string();
    let phone_ok = phone.chars().count() <= 30
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '+' | '-'));
    if !phone_ok {
        errors.push(FieldError::new(
            "phone",
            "Le téléphone ne contient que des chiffres, espaces, points ou « + » (ex. 02 99 00 00 00).",
        ));
    }
    if errors.is_empty() {
        Ok((name, email, phone))
    } else {
        Err(errors)
    }
}

pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
    form: web::Form<ContactForm>,
) -> Result<HttpResponse, AppError> {
    let institution = load(&state, &viewer, path.into_inner()).await?;
    let form = form.into_inner();
    let (region, dep, wanted, id) = (
        institution.region_code.clone().unwrap_or_default(),
        institution.departement_code.clone(),
        form.name.trim().to_string(),
        institution.id.clone(),
    );
    let (region_communes, taken, region_deps) = db::run(&state.pool, move |conn| {
        Ok((
            db::territories::communes_of_region(conn, &region)?,
            db::institutions::name_taken(conn, &wanted, Some(&id))?,
            db::territories::departements_of_region(conn, &region)?,
        ))
    })
    .await?;
    let dep = match &form.departement {
        None => dep,
        Some(d) => Some(d.trim().to_uppercase()).filter(|d| !d.is_empty()),
    };
    let departement_error = super::institution_manage::departement_problem(
        institution.kind,
        dep.as_deref(),
        &region_deps,
    );
    let checked = parse_contact(&form).and_then(|contact| {
        let mut errors = Vec::new();
        if taken {
            errors.push(FieldError::new(
                "name",
                "Une autre institution porte déjà ce nom.",
            ));
        }
        if let Some(message) = departement_error {
            errors.push(FieldError::new("departement", message));
        }
        let communes = super::institution_manage::parse_communes(
            &form.communes,
            dep.as_deref(),
            &region_communes,
        )
        .map_err(|m| errors.push(FieldError::new("communes", m)))
        .unwrap_or_default();
        if errors.is_empty() {
            Ok((contact, communes.join(" ")))
        } else {
            Err(errors)
        }
    });
    let ((name, email, phone), communes) = match checked {
        Ok(values) => values,
        Err(errors) => {
            let form = FormState::with_values(&form).with_errors(errors);
            let departements =
                departement_choices(&state, institution.region_code.clone().unwrap_or_default())
                    .await?;
            let page = EditPage {
                institution,
                form,
                departements,
            };
            return render_with_status(
                &state,
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                "admin/institution_edit.html",
                &page,
            );
        }
    };
    let mut changed = Vec::new();
    for (what, before, after) in [
        ("nom", &institution.name, &name),
        ("adresse de contact", &institution.email, &email),
        ("téléphone", &institution.phone, &phone),
        ("communes couvertes", &institution.communes, &communes),
    ] {
        if before != after {
            changed.push(what);
        }
    }
    if dep != institution.departement_code {
        changed.push("territoire");
    }
    let (id, actor, ip, now) = (
        institution.id.clone(),
        viewer.user_id.clone(),
        client_ip(&req),
        state.clock.now(),
    );
    let detail = format!(
        "institution « {} » modifiée : {}{}",
        name,
        if changed.is_empty() {
            "rien".to_string()
        } else {
            changed.join(", ")
        },
        if email.is_empty() {
            " (à compléter)"
        } else {
            ""
        }
    );
    db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            db::institutions::update_contact(conn, &id, &name, &email, &phone, &communes)?;
            db::institutions::set_departement(conn, &id, dep.as_deref())?;
            db::audit::record(
                conn,
                "institution-modifiee",
                Some(&actor),
                None,
                Some(&ip),
                &detail,
                now,
            )?;
            Ok::<_, AppError>(())
        })
    })
    .await?;
    Ok(see_other(&format!(
        "/admin/institutions/{}?ok=institution-modifiee",
        institution.id
    )))
}
