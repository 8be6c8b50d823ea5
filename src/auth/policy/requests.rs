//! Who may see a request and act on it: the owner, the référents of its département, the agents
//! of the institutions it was routed to, the admins of its région (who only read).

use super::Viewer;
use crate::domain::account::Role;
use crate::error::AppError;

/// How a viewer may see a request (decided by [`view_request`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestAccess {
    /// The professional who filed it.
    Owner,
    /// A référent following the request's département.
    Referent,
    /// An agent of an institution the request was routed to.
    Partner { institution_id: String },
    /// An admin of the request's région (read-only).
    Admin,
    /// An agent of an institution whose referral was withdrawn: reads only what it wrote (and
    /// what became of its referral), acts on nothing.
    FormerPartner { institution_id: String },
}

/// What the policy needs to know about a request.
pub struct RequestScope<'a> {
    pub professional_id: &'a str,
    pub is_draft: bool,
    pub departement: Option<&'a str>,
    pub region: Option<&'a str>,
    /// Institutions with a live referral already routed to them.
    pub routed_institutions: &'a [String],
    /// Institutions whose referral, once routed to them, was withdrawn.
    pub former_institutions: &'a [String],
}

/// Who may see a request; anybody else gets a 404, so its existence is not revealed.
pub fn view_request(viewer: &Viewer, scope: &RequestScope) -> Result<RequestAccess, AppError> {
    match viewer.role {
        Role::Professional if viewer.user_id == scope.professional_id => Ok(RequestAccess::Owner),
        Role::Referent
            if !scope.is_draft
                && scope
                    .departement
                    .is_some_and(|d| viewer.departements.iter().any(|v| v == d)) =>
        {
            Ok(RequestAccess::Referent)
        }
        Role::Partner => match &viewer.institution_id {
            Some(id) if !scope.is_draft && scope.routed_institutions.contains(id) => {
                Ok(RequestAccess::Partner {
                    institution_id: id.clone(),
                })
            }
            Some(id) if !scope.is_draft && scope.former_institutions.contains(id) => {
                Ok(RequestAccess::FormerPartner {
                    institution_id: id.clone(),
                })
            }
            _ => Err(AppError::NotFound),
        },
        Role::Admin
            if !scope.is_draft
                && scope.region.is_some()
                && scope.region == viewer.region_code.as_deref() =>
        {
            Ok(RequestAccess::Admin)
        }
        _ => Err(AppError::NotFound),
    }
}

/// File, edit, submit, withdraw, answer a question: the owner only.
pub fn act_as_owner(access: &RequestAccess) -> Result<(), AppError> {
    match access {
        RequestAccess::Owner => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

/// Qualify, route, ask, add or remove institutions, close: the référent.
pub fn act_as_referent(access: &RequestAccess) -> Result<(), AppError> {
    match access {
        RequestAccess::Referent => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

/// Take, ask about, answer or decline a referral: its institution's agents, or the référent.
pub fn answer_referral(
    access: &RequestAccess,
    referral_institution: Option<&str>,
) -> Result<(), AppError> {
    match access {
        RequestAccess::Referent => Ok(()),
        RequestAccess::Partner { institution_id }
            if referral_institution == Some(institution_id.as_str()) =>
        {
            Ok(())
        }
        RequestAccess::Partner { .. } => Err(AppError::NotFound),
        _ => Err(AppError::Forbidden),
    }
}

/// Internal notes between agents are never shown to the professional.
pub fn see_internal_notes(access: &RequestAccess) -> bool {
    !matches!(access, RequestAccess::Owner)
}

/// Write a message on the request (admins and former partners only read).
pub fn write_message(access: &RequestAccess) -> Result<(), AppError> {
    match access {
        RequestAccess::Admin | RequestAccess::FormerPartner { .. } => Err(AppError::Forbidden),
        _ => Ok(()),
    }
}
