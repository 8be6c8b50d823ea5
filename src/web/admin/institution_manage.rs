//! Creating an institution of the région, and deactivating or reactivating one: a deactivated
//! institution keeps its history and its agents' past answers, and receives no new referral.
//! Also the "communes covered" field, shared with the edit page.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::institution_edit::{parse_contact, ContactForm};
use crate::auth::{policy, Viewer};
use crate::db::{self, institutions::NewInstitution};
use crate::domain::institution::{InstitutionKind, Scope};
use crate::domain::profession::Profession;
use crate::domain::territory::is_well_formed_insee;
use crate::error::{AppError, FieldError};
use crate::web::forms::FormState;
use crate::web::info::{profession_choices, Choice};
use crate::web::page::{render_with_status, see_other};
use crate::web::AppState;

#[derive(Deserialize, Serialize, Default)]
pub struct NewForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    departement: String,
    #[serde(default)]
    profession: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    communes: String,
}

#[derive(Serialize)]
struct NewPage {
    form: FormState,
    kinds: Vec<Choice>,
    departements: Vec<Choice>,
    professions: Vec<Choice>,
}

/// The communes typed for an institution (INSEE codes separated by spaces, commas or line
/// breaks): each must be a commune of its département (`communes` = (INSEE, département) of
/// the région). Empty = the whole territory.
pub fn parse_communes(
    text: &str,
    departement: Option<&str>,
    communes: &[(String, String)],
) -> Result<Vec<String>, String> {
    let mut codes: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|c| !c.is_empty())
        .map(str::to_uppercase)
        .collect();
    codes.sort();
    codes.dedup();
    if codes.is_empty() {
        return Ok(codes);
    }
    let Some(dep) = departement else {
        return Err("Une institution régionale couvre toute la région : choisissez un département pour limiter ses communes.".into());
    };
    if let Some(bad) = codes.iter().find(|c| !is_well_formed_insee(c)) {
        return Err(format!(
            "« {bad} » n'est pas un code commune INSEE (5 caractères, ex. 35238)."
        ));
    }
    let outside: Vec<&str> = codes
        .iter()
        .filter(|c| !communes.iter().any(|(i, d)| i == *c && d == dep))
        .map(String::as_str)
        .take(5)
        .collect();
    if !outside.is_empty() {
        return Err(format!(
            "Commune(s) hors du département {dep} : {}.",
            outside.join(", ")
        ));
    }
    Ok(codes)
}

/// Why this département does not suit an institution of this kind in the région, if it does not:
/// one of the région's, and required for a departmental kind (an Ordre may be regional).
pub fn departement_problem(
    kind: InstitutionKind,
    departement: Option<&str>,
    region_departements: &[(String, String)],
) -> Option<&'static str> {
    match departement {
        Some(d) if !region_departements.iter().any(|(c, _)| c == d) => {
            Some("Choisissez un département de la région.")
        }
        None if kind.scope() == Scope::Departement && kind != InstitutionKind::Ordre => {
            Some("Ce type d'institution est départemental : choisissez son département.")
        }
        _ => None,
    }
}

fn kind_choices() -> Vec<Choice> {
    InstitutionKind::ALL
        .iter()
        .copied()
        .filter(|k| k.scope() != Scope::National)
        .map(|k| Choice {
            value: k.slug().to_string(),
            label: k.label().to_string(),
        })
        .collect()
}

async fn render_new(
    state: &AppState,
    req: &HttpRequest,
    region: String,
    form: FormState,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let departements = db::run(&state.pool, move |conn| {
        Ok(db::territories::departements_of_region(conn, &region)?)
    })
    .await?
    .into_iter()
    .map(|(code, name)| Choice {
        label: format!("{code} ({name})"),
        value: code,
    })
    .collect();
    let page = NewPage {
        form,
        kinds: kind_choices(),
        departements,
        professions: profession_choices(),
    };
    render_with_status(state, req, status, "admin/institution_new.html", &page)
}

pub async fn new_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    let region = policy::view_admin_hub(&viewer)?.to_string();
    render_new(&state, &req, region, FormState::default(), StatusCode::OK).await
}

/// The new institution, checked against the région's départements and communes and the names
/// already taken.
fn check(
    form: &NewForm,
    region: &str,
    communes: &[(String, String)],
    departements: &[(String, String)],
    name_taken: bool,
) -> Result<NewInstitution, Vec<FieldError>> {
    let contact = ContactForm {
        name: form.name.clone(),
        email: form.email.clone(),
        phone: form.phone.clone(),
        communes: String::new(),
        departement: None,
    };
    let (mut errors, contact) = match parse_contact(&contact) {
        Ok(c) => (Vec::new(), Some(c)),
        Err(e) => (e, None),
    };
    if name_taken {
        errors.push(FieldError::new(
            "name",
            "Une institution porte déjà ce nom : ouvrez-la depuis la liste pour la modifier.",
        ));
    }
    let kind = form
        .kind
        .parse::<InstitutionKind>()
        .ok()
        .filter(|k| k.scope() != Scope::National);
    if kind.is_none() {
        errors.push(FieldError::new("kind", "Choisissez le type d'institution."));
    }
    let departement = Some(form.departement.trim().to_uppercase()).filter(|d| !d.is_empty());
    if let Some(d) = &departement {
        if !departements.iter().any(|(c, _)| c == d) {
            errors.push(FieldError::new(
                "departement",
                "Choisissez un département de la région.",
            ));
        }
    } else if kind.is_some_and(|k| k.scope() == Scope::Departement && k != InstitutionKind::Ordre) {
        errors.push(FieldError::new(
            "departement",
            "Ce type d'institution est départemental : choisissez son département.",
        ));
    }
    let profession = form.profession.trim().parse::<Profession>().ok();
    if kind.is_some_and(InstitutionKind::is_per_profession) && profession.is_none() {
        errors.push(FieldError::new(
            "profession",
            "Un Ordre ou une URPS est celui d'une profession : choisissez-la.",
        ));
    }
    let covered = parse_communes(&form.communes, departement.as_deref(), communes)
        .map_err(|m| errors.push(FieldError::new("communes", m)))
        .unwrap_or_default();
    match (kind, contact) {
        (Some(kind), Some((name, email, phone))) if errors.is_empty() => {
            let mut row = NewInstitution::new(kind, &name, &email, &phone, Default::default());
            row.region_code = Some(region.to_string());
            row.departement_code = departement;
            row.profession = profession.filter(|_| kind.is_per_profession());
            row.communes = covered.join(" ");
            row.source = "Créée par un administrateur de la région".to_string();
            Ok(row)
        }
        _ => Err(errors),
    }
}

pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    form: web::Form<NewForm>,
) -> Result<HttpResponse, AppError> {
    let region = policy::view_admin_hub(&viewer)?.to_string();
    let form = form.into_inner();
    let (r, name) = (region.clone(), form.name.trim().to_string());
    let (communes, departements, taken) = db::run(&state.pool, move |conn| {
        Ok((
            db::territories::communes_of_region(conn, &r)?,
            db::territories::departements_of_region(conn, &r)?,
            db::institutions::name_taken(conn, &name, None)?,
        ))
    })
    .await?;
    let mut row = match check(&form, &region, &communes, &departements, taken) {
        Ok(row) => row,
        Err(errors) => {
            let state_form = FormState::with_values(&form).with_errors(errors);
            return render_new(
                &state,
                &req,
                region,
                state_form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    row.created_at = state.clock.now();
    let id = row.id.clone();
    let detail = format!("institution « {} » créée ({})", row.name, row.kind);
    super::audited(
        &state,
        &req,
        &viewer,
        "institution-creee",
        detail,
        move |conn| {
            db::institutions::insert(conn, &row)?;
            Ok(())
        },
    )
    .await?;
    Ok(see_other(&format!(
        "/admin/institutions/{id}?ok=institution-creee"
    )))
}

async fn set_active(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    id: String,
    active: bool,
) -> Result<HttpResponse, AppError> {
    policy::view_admin_hub(&viewer)?;
    let institution = {
        let id = id.clone();
        db::run(&state.pool, move |conn| {
            db::institutions::find(conn, &id)?.ok_or(AppError::NotFound)
        })
        .await?
    };
    policy::manage_institution(&viewer, institution.region_code.as_deref())?;
    let now = state.clock.now();
    let (event, verb) = if active {
        ("institution-reactivee", "réactivée")
    } else {
        ("institution-desactivee", "désactivée")
    };
    let detail = format!("institution « {} » {verb}", institution.name);
    let target = id.clone();
    super::audited(&state, &req, &viewer, event, detail, move |conn| {
        db::institutions::set_deactivated(conn, &target, (!active).then_some(now))?;
        Ok(())
    })
    .await?;
    Ok(see_other(&format!("/admin/institutions/{id}?ok={event}")))
}

pub async fn deactivate(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    set_active(state, req, viewer, path.into_inner(), false).await
}

pub async fn reactivate(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    set_active(state, req, viewer, path.into_inner(), true).await
}
