//! Drafts and submission: a draft saves anything; submission validates everything, routes the
//! request to the competent institutions (one referral each, dormant until the référent routes)
//! and starts the qualification clock.

use chrono::{Datelike, NaiveDateTime};

use super::{perform, Actor, Context, Details};
use crate::db::requests::{ReferralRow, RequestRow};
use crate::db::territories::CommuneRow;
use crate::db::{self, DbConnection};
use crate::domain::civil_time::{self, Territory};
use crate::domain::inbox;
use crate::domain::institution_directory::covers;
use crate::domain::profession::Profession;
use crate::domain::request::{
    suggested_priority, validate_for_submission, Action, Channel, Coordination, Draft, FieldError,
    Priority, RequestKind, RequestState, SubmissionContext, COMMUNE, MAX_DRAFTS,
};
use crate::domain::routing::{resolve_with_overrides, InstitutionRef, Route, RoutingTable};
use crate::domain::zonage::ZonageIndex;
use crate::error::AppError;

/// Creates a draft for `professional_id`; returns its id.
pub fn create_draft(
    conn: &mut DbConnection,
    professional_id: &str,
    kind: RequestKind,
    draft: &Draft,
    snapshot: Option<String>,
    now: NaiveDateTime,
) -> Result<String, AppError> {
    if db::requests::count_drafts(conn, professional_id)? >= MAX_DRAFTS {
        return Err(AppError::Validation(vec![FieldError::new(
            "type",
            format!(
                "Vous avez déjà {MAX_DRAFTS} brouillons : déposez ou retirez l'un d'eux avant d'en commencer un autre."
            ),
        )]));
    }
    let id = uuid::Uuid::now_v7().to_string();
    let row = RequestRow {
        id: id.clone(),
        // Numbered by the year of metropolitan France (the commune is not known yet).
        number: db::requests::next_number(
            conn,
            civil_time::today(Territory::Metropole, now).year(),
        )?,
        professional_id: professional_id.to_string(),
        kind,
        aid_code: draft
            .get(crate::domain::request::AID_CODE)
            .map(|c| c.trim().to_uppercase())
            .filter(|c| !c.is_empty()),
        state: RequestState::Brouillon,
        priority: Priority::Normal,
        coordination: Coordination::Simple,
        referent_id: None,
        commune_insee: None,
        departement_code: None,
        region_code: None,
        draft: serde_json::to_string(draft).map_err(|e| AppError::Internal(e.into()))?,
        eligibility_snapshot: snapshot,
        submitted_at: None,
        qualification_due_at: None,
        routed_at: None,
        closed_at: None,
        created_at: now,
        updated_at: now,
        search_text: String::new(),
        inbox_tab: inbox::NO_TAB.to_string(),
        inbox_due_at: inbox::no_deadline(),
        channel: None,
        recorded_by: None,
        contact_phone: None,
    };
    db::requests::insert(conn, &row)?;
    save_draft(conn, &row, draft, now)?;
    Ok(id)
}

/// Saves the typed fields; a known commune also fixes the territory of the request.
pub fn save_draft(
    conn: &mut DbConnection,
    request: &RequestRow,
    draft: &Draft,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let commune = match draft.get(COMMUNE).map(|c| c.trim().to_uppercase()) {
        Some(code) if !code.is_empty() => db::territories::find_commune(conn, &code)?,
        _ => None,
    };
    let json = serde_json::to_string(draft).map_err(|e| AppError::Internal(e.into()))?;
    db::requests::update_draft(
        conn,
        &request.id,
        &json,
        commune.as_ref().map(|c| c.insee.as_str()),
        commune.as_ref().map(|c| c.departement_code.as_str()),
        commune.as_ref().map(|c| c.region_code.as_str()),
        now,
    )?;
    db::inbox::refresh_search_text(conn, &request.id)?;
    Ok(())
}

pub fn draft_of(request: &RequestRow) -> Draft {
    serde_json::from_str(&request.draft).unwrap_or_default()
}

/// The institutions that can receive the referrals of a request in the région (its own and the
/// national ones, active, covering the commune when it is known), as routing needs them.
pub fn institution_refs(
    conn: &mut DbConnection,
    region: &str,
    commune: Option<&str>,
) -> Result<Vec<InstitutionRef>, AppError> {
    Ok(db::institutions::routable(conn, region)?
        .into_iter()
        .filter(|i| covers(&i.commune_list(), commune))
        .filter_map(|i| {
            Some(InstitutionRef {
                reachable: !i.email.trim().is_empty(),
                id: i.id,
                kind: i.kind,
                region_code: i.region_code?,
                departement_code: i.departement_code,
                profession: i.profession,
            })
        })
        .collect())
}

/// Everything submission needs from outside the draft.
pub struct Submission<'a> {
    /// The routing table; the aid codes a request may name are its own.
    pub routing: &'a RoutingTable,
    /// The zonages: an installation in a ZIP is suggested prioritaire (the zone of the commune,
    /// today).
    pub zonages: &'a ZonageIndex,
    /// `Some(channel)` when a référent records the request for the professional (référent
    /// intake): [`Action::Record`] instead of [`Action::Submit`].
    pub recorded: Option<Channel>,
}

/// Validates and submits; `Ok(Err(..))` lists what is missing, nothing changed.
pub fn submit(
    conn: &mut DbConnection,
    ctx: &Context,
    request: &RequestRow,
    actor: &Actor,
    submission: &Submission,
) -> Result<Result<(), Vec<FieldError>>, AppError> {
    let kind = request.kind;
    let draft = draft_of(request);
    let typed = draft
        .get(COMMUNE)
        .map(|c| c.trim().to_uppercase())
        .unwrap_or_default();
    // A municipal arrondissement (Paris, Lyon, Marseille) stands for its commune.
    let typed = crate::domain::arrondissement::commune_of(&typed).map_or(typed, str::to_string);
    let commune = if typed.is_empty() {
        None
    } else {
        db::territories::find_commune(conn, &typed)?
    };
    let attachment_count = db::timeline::attachments(conn, &request.id)?.len();
    let known = commune.as_ref().map(|c| c.insee.clone());
    let exists = move |code: &str| known.as_deref() == Some(code.trim().to_uppercase().as_str());
    let aid_codes: Vec<&str> = submission.routing.aid_codes().collect();
    let valid = match validate_for_submission(
        kind,
        &draft,
        &SubmissionContext {
            today: civil_time::today(
                Territory::of_optional(commune.as_ref().map(|c| c.departement_code.as_str())),
                ctx.now,
            ),
            aid_codes: &aid_codes,
            commune_exists: &exists,
            attachment_count,
        },
    ) {
        Ok(valid) => valid,
        Err(errors) => return Ok(Err(errors)),
    };
    let Some(commune) = commune else {
        return Ok(Err(vec![FieldError {
            field: COMMUNE.to_string(),
            message: "Indiquez la commune où vous exercez ou envisagez d'exercer : elle désigne le guichet et les institutions compétentes.".to_string(),
        }]));
    };
    let professional =
        db::users::find(conn, &request.professional_id)?.ok_or(AppError::NotFound)?;
    // Routing depends on the profession (Ordre, URPS): never guess it.
    let profession = professional.profession.ok_or_else(|| {
        AppError::Conflict(
            "Votre profil n'indique pas votre profession : complétez-le dans « Mon compte » \
             avant de déposer la demande."
                .into(),
        )
    })?;
    let routes = routes_for(
        conn,
        submission.routing,
        kind,
        valid.aid_code.as_deref(),
        &commune,
        profession,
    )?;
    let zone = request.commune_insee.as_deref().and_then(|insee| {
        let territory = Territory::of_optional(request.departement_code.as_deref());
        let today = civil_time::today(territory, ctx.now);
        let found = submission.zonages.zone_of_commune(insee, profession, today);
        found.map(|z| z.zone)
    });
    let mut request = request.clone();
    request.priority = suggested_priority(kind, zone);
    request.departement_code = Some(commune.departement_code.clone());
    request.aid_code = valid.aid_code.clone();
    if let Some(code) = &valid.aid_code {
        db::requests::set_aid_code(conn, &request.id, code)?;
    }
    let action = submission.recorded.map_or(Action::Submit, Action::Record);
    perform(conn, ctx, &request, &action, actor, Details::default())?;
    // A draft has no referral: they are created once submitted, dormant until the référent routes.
    insert_dormant_referrals(conn, &request.id, &routes, ctx.now)?;
    db::inbox::refresh_columns(conn, &request.id)?;
    Ok(Ok(()))
}

/// The routes of a request of `kind` in `commune` for a professional of `profession`: the
/// routing table's rules with the overrides of the région's admins for the département.
pub fn routes_for(
    conn: &mut DbConnection,
    routing: &RoutingTable,
    kind: RequestKind,
    aid_code: Option<&str>,
    commune: &CommuneRow,
    profession: Profession,
) -> Result<Vec<Route>, AppError> {
    let institutions = institution_refs(conn, &commune.region_code, Some(&commune.insee))?;
    let overrides = db::routing_overrides::to_domain(
        &db::routing_overrides::of_departement(
            conn,
            &commune.region_code,
            &commune.departement_code,
        )?,
        routing,
    );
    Ok(resolve_with_overrides(
        routing,
        &overrides,
        kind,
        aid_code,
        &commune.departement_code,
        &commune.region_code,
        profession,
        &institutions,
    ))
}

/// One referral per route, *à traiter* and dormant (no clock) until the référent routes.
pub fn insert_dormant_referrals(
    conn: &mut DbConnection,
    request_id: &str,
    routes: &[Route],
    now: NaiveDateTime,
) -> Result<(), AppError> {
    for route in routes {
        let institution_id = match route {
            Route::Institution { id, .. } => Some(id.clone()),
            Route::Missing { .. } => None,
        };
        let position = db::requests::next_position(conn, request_id)?;
        db::requests::insert_referral(
            conn,
            &ReferralRow {
                id: uuid::Uuid::now_v7().to_string(),
                request_id: request_id.to_string(),
                position,
                institution_id,
                institution_kind: route.kind(),
                state: crate::domain::request::ReferralState::ATraiter,
                removed_at: None,
                started_at: None,
                due_at: None,
                answered_at: None,
                answer: None,
                decline_reason: None,
                agent_id: None,
                created_at: now,
                updated_at: now,
                inbox_tab: inbox::NO_TAB.to_string(),
                inbox_due_at: inbox::no_deadline(),
            },
        )?;
    }
    Ok(())
}
