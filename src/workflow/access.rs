//! Loading a request with the viewer's access: one query for the request and its referrals,
//! the policy's verdict (404 out of scope), who acts in the timeline, and what they may do.

use crate::auth::policy::{self, RequestAccess, RequestScope};
use crate::auth::Viewer;
use crate::db::requests::{ReferralRow, RequestRow};
use crate::db::{self, DbConnection};
use crate::domain::request::{
    allowed_actions, ActionSet, ActorRole, Audience, PartnerView, ReferralState, RequestState,
};
use crate::error::{AppError, FieldError};
use crate::workflow::Actor;

/// A request as one viewer may see it.
pub struct Loaded {
    pub request: RequestRow,
    pub referrals: Vec<ReferralRow>,
    pub access: RequestAccess,
    /// Withdrawn referrals that had reached their institution, as (referral, institution).
    pub withdrawn: Vec<(String, String)>,
}

/// Loads the request and decides access in one go (404 when out of scope or unknown).
pub fn load(conn: &mut DbConnection, viewer: &Viewer, id: &str) -> Result<Loaded, AppError> {
    let request = db::requests::find(conn, id)?.ok_or(AppError::NotFound)?;
    let referrals = db::requests::active_referrals(conn, id)?;
    let routed: Vec<String> = referrals
        .iter()
        .filter(|r| r.started_at.is_some())
        .filter_map(|r| r.institution_id.clone())
        .collect();
    let withdrawn = db::requests::withdrawn_referrals(conn, id)?;
    let former: Vec<String> = withdrawn.iter().map(|(_, i)| i.clone()).collect();
    let access = policy::view_request(
        viewer,
        &RequestScope {
            professional_id: &request.professional_id,
            is_draft: request.state == RequestState::Brouillon,
            departement: request.departement_code.as_deref(),
            region: request.region_code.as_deref(),
            routed_institutions: &routed,
            former_institutions: &former,
        },
    )?;
    Ok(Loaded {
        request,
        referrals,
        access,
        withdrawn,
    })
}

/// What the viewer may do on the loaded request (nothing for an administrator, who only reads).
pub fn allowed(loaded: &Loaded) -> Result<ActionSet, AppError> {
    let (state, referrals) = crate::workflow::states_of(&loaded.request, &loaded.referrals);
    let role = match &loaded.access {
        RequestAccess::Admin | RequestAccess::FormerPartner { .. } => {
            return Ok(ActionSet::default())
        }
        RequestAccess::Owner => ActorRole::Professionnel,
        RequestAccess::Referent => ActorRole::Referent,
        RequestAccess::Partner { .. } => ActorRole::Partenaire,
    };
    Ok(allowed_actions(
        state,
        &referrals,
        role,
        |i| match &loaded.access {
            RequestAccess::Partner { institution_id } => loaded
                .referrals
                .get(i)
                .is_some_and(|r| r.institution_id.as_deref() == Some(institution_id.as_str())),
            _ => true,
        },
    ))
}

pub fn actor(viewer: &Viewer, access: &RequestAccess) -> Actor {
    let role = match access {
        RequestAccess::Owner => ActorRole::Professionnel,
        RequestAccess::Partner { .. } | RequestAccess::FormerPartner { .. } => {
            ActorRole::Partenaire
        }
        RequestAccess::Referent | RequestAccess::Admin => ActorRole::Referent,
    };
    Actor {
        user_id: viewer.user_id.clone(),
        role,
        label: format!("{} ({})", viewer.display_name, role.label()),
    }
}

/// The referral a message is filed under (`cible`: empty or `demande` = the request itself).
/// A partner writes only under its own institution's referral (404 otherwise, as for anything
/// out of its scope); nobody writes to an institution the request has not reached yet, since the
/// message would be e-mailed to it (422 beside the field).
pub fn message_target(loaded: &Loaded, cible: &str) -> Result<Option<String>, AppError> {
    if cible.is_empty() || cible == "demande" {
        return Ok(None);
    }
    let referral = loaded
        .referrals
        .iter()
        .find(|r| r.id == cible)
        .ok_or_else(|| {
            AppError::Validation(vec![FieldError::new(
                "cible",
                "Choisissez un destinataire de la liste.",
            )])
        })?;
    if let RequestAccess::Partner { institution_id } = &loaded.access {
        if referral.institution_id.as_deref() != Some(institution_id.as_str()) {
            return Err(AppError::NotFound);
        }
    }
    if referral.started_at.is_none() {
        return Err(AppError::Validation(vec![FieldError::new(
            "cible",
            "Cette institution n'est pas encore saisie de la demande : écrivez au guichet.",
        )]));
    }
    Ok(Some(referral.id.clone()))
}

/// Who the viewer is for need to know (`domain::request::need_to_know`).
pub fn audience(viewer: &Viewer, loaded: &Loaded) -> Audience {
    match &loaded.access {
        RequestAccess::Owner => Audience::Owner,
        RequestAccess::Referent | RequestAccess::Admin => Audience::Guichet,
        RequestAccess::Partner { institution_id } => {
            let own: Vec<&ReferralRow> = loaded
                .referrals
                .iter()
                .filter(|r| r.institution_id.as_deref() == Some(institution_id.as_str()))
                .collect();
            Audience::Partner(PartnerView {
                user_id: viewer.user_id.clone(),
                referrals: own.iter().map(|r| r.id.clone()).collect(),
                live: own
                    .iter()
                    .any(|r| r.started_at.is_some() && r.state != ReferralState::Declinee),
            })
        }
        // Its withdrawn referral's own events and what it wrote, nothing else.
        RequestAccess::FormerPartner { institution_id } => Audience::Partner(PartnerView {
            user_id: viewer.user_id.clone(),
            referrals: loaded
                .withdrawn
                .iter()
                .filter(|(_, i)| i == institution_id)
                .map(|(r, _)| r.clone())
                .collect(),
            live: false,
        }),
    }
}

/// The institution of a partner viewer (None for anybody else).
pub fn partner_institution(loaded: &Loaded) -> Option<&str> {
    match &loaded.access {
        RequestAccess::Partner { institution_id } => Some(institution_id),
        _ => None,
    }
}
