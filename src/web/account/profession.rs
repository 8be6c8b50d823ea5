//! « Mon compte », the professional's profile (issue 15): the current values, the form that
//! changes them and their history. Agents have no profile: the section is absent and the form's
//! route answers 404.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use crate::auth::{policy, Viewer};
use crate::db::{self, profiles::ProfileChange};
use crate::domain::civil_time;
use crate::domain::french;
use crate::domain::profession::{Profession, Situation};
use crate::domain::profile::{validate, Profile, ProfileField, ProfileForm};
use crate::error::AppError;
use crate::web::forms::{choices, Choice, FormState};
use crate::web::page::see_other;
use crate::web::AppState;

#[derive(Serialize)]
struct Line {
    label: &'static str,
    value: String,
}

#[derive(Serialize)]
struct HistoryLine {
    at: String,
    field: &'static str,
    old: String,
    new: String,
}

/// The profile section of « Mon compte ».
#[derive(Serialize)]
pub(super) struct ProfilePanel {
    current: Vec<Line>,
    form: FormState,
    professions: Vec<Choice>,
    situations: Vec<Choice>,
    history: Vec<HistoryLine>,
}

fn commune_label(state: &AppState, insee: &str) -> String {
    state.communes.get(insee).map_or_else(
        || insee.to_string(),
        |c| format!("{} ({})", c.name, c.insee),
    )
}

/// A stored value of `field` in French ("—" when empty).
fn shown(state: &AppState, field: Option<ProfileField>, value: Option<&str>) -> String {
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return "—".to_string();
    };
    match field {
        Some(ProfileField::Profession) => value
            .parse::<Profession>()
            .map_or_else(|_| value.to_string(), |p| p.label().to_string()),
        Some(ProfileField::Situation) => value
            .parse::<Situation>()
            .map_or_else(|_| value.to_string(), |s| s.label().to_string()),
        Some(ProfileField::InstallationDate) => {
            chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .map_or_else(|_| value.to_string(), french::date)
        }
        Some(ProfileField::InstallationCommune) => commune_label(state, value),
        Some(ProfileField::StudyYear) | None => value.to_string(),
    }
}

/// The form's values for `profile` (as the person would type them again).
fn form_values(state: &AppState, profile: &Profile) -> ProfileForm {
    ProfileForm {
        profession: profile
            .profession
            .map(|p| p.slug().to_string())
            .unwrap_or_default(),
        situation: profile
            .situation
            .map(|s| s.slug().to_string())
            .unwrap_or_default(),
        study_year: profile
            .study_year
            .map(|y| y.to_string())
            .unwrap_or_default(),
        installation_date: profile
            .installation_date
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default(),
        installation_commune: profile
            .installation_commune_insee
            .as_deref()
            .map(|insee| commune_label(state, insee))
            .unwrap_or_default(),
    }
}

/// The section for a professional (`None` for an agent); `form` replaces the stored values
/// when the person's typing is shown again with its errors.
pub(super) async fn panel(
    state: &AppState,
    viewer: &Viewer,
    form: Option<FormState>,
) -> Result<Option<ProfilePanel>, AppError> {
    if policy::file_requests(viewer).is_err() {
        return Ok(None);
    }
    let id = viewer.user_id.clone();
    let (profile, history) = db::run(&state.pool, move |conn| {
        let profile = db::profiles::current(conn, &id)?.ok_or(AppError::NotFound)?;
        Ok((profile, db::profiles::history(conn, &id)?))
    })
    .await?;
    let typed = |field: ProfileField| field.value_in(&profile);
    let current = ProfileField::ALL
        .into_iter()
        .map(|field| Line {
            label: field.label(),
            value: shown(state, Some(field), typed(field).as_deref()),
        })
        .collect();
    let history = history
        .iter()
        .map(|c: &ProfileChange| {
            let field = ProfileField::from_slug(&c.field);
            HistoryLine {
                at: civil_time::datetime_fr(viewer.territory(), c.at),
                field: field.map_or("Profil", ProfileField::label),
                old: shown(state, field, c.old_value.as_deref()),
                new: shown(state, field, c.new_value.as_deref()),
            }
        })
        .collect();
    Ok(Some(ProfilePanel {
        current,
        form: form.unwrap_or_else(|| FormState::with_values(&form_values(state, &profile))),
        professions: choices(Profession::ALL, Profession::slug, Profession::label),
        situations: choices(Situation::ALL, Situation::slug, Situation::label),
        history,
    }))
}

/// `POST /compte/profil`: the signed-in professional changes their own profile.
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    form: web::Form<ProfileForm>,
) -> Result<HttpResponse, AppError> {
    policy::file_requests(&viewer)?;
    let form = form.into_inner();
    let today = super::super::eligibility::today(&state, None);
    let resolved = validate(&form, today, |typed| {
        crate::web::communes::resolve(&state.communes, typed).map(|hit| hit.insee.clone())
    });
    match resolved {
        Ok(profile) => {
            crate::accounts::profile::update(&super::deps(&state), viewer.user_id, profile).await?;
            Ok(see_other("/compte?ok=profil-modifie#profil"))
        }
        Err(errors) => {
            let form = FormState::with_values(&form).with_errors(errors);
            super::profile::account_page(
                &state,
                &req,
                &viewer,
                Some(form),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// The signed-in professional's current profile, the default of the simulator and of a new
/// request (`None` for anybody else).
pub async fn current_of(state: &AppState, viewer: &Viewer) -> Result<Option<Profile>, AppError> {
    if policy::file_requests(viewer).is_err() {
        return Ok(None);
    }
    let id = viewer.user_id.clone();
    db::run(&state.pool, move |conn| {
        Ok(db::profiles::current(conn, &id)?)
    })
    .await
}

/// Adds to `pairs` the profile's values under the names given, except those already there (an
/// explicit parameter wins).
pub fn fill_defaults(
    pairs: &mut Vec<(String, String)>,
    profile: &Profile,
    names: &[(ProfileField, &str)],
    date_format: &str,
) {
    for (field, name) in names {
        if pairs.iter().any(|(k, _)| k == name) {
            continue;
        }
        let value = match field {
            ProfileField::InstallationDate => profile
                .installation_date
                .map(|d| d.format(date_format).to_string()),
            _ => field.value_in(profile),
        };
        if let Some(value) = value {
            pairs.push((name.to_string(), value));
        }
    }
}
