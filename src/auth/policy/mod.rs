//! The authorization policy: one function per action, called by every handler that needs it.
//! Default deny: a function grants only what it names. Out of scope (another région, another
//! institution, or a role that has no business there) answers 404, so existence is not revealed.

use super::session::Viewer;
use crate::config::Settings;
use crate::db::users::User;
use crate::domain::account::Role;
use crate::error::AppError;

mod projects;
mod requests;
pub use projects::{manage_own_projects, view_project, ProjectAccess};
pub use requests::{
    act_as_owner, act_as_referent, answer_referral, see_internal_notes, view_request,
    write_message, RequestAccess, RequestScope,
};

/// Any signed-in person may manage their own account (profile, sessions, password, API tokens).
pub fn manage_own_account(viewer: &Viewer) -> Result<(), AppError> {
    let _ = viewer;
    Ok(())
}

/// The région an admin administers; anybody else gets a 404.
pub fn administer_region(viewer: &Viewer) -> Result<&str, AppError> {
    match (viewer.role, viewer.region_code.as_deref()) {
        (Role::Admin, Some(region)) => Ok(region),
        _ => Err(AppError::NotFound),
    }
}

/// Invite agents, change roles, disable accounts: admins, for users of their région only.
pub fn manage_user(viewer: &Viewer, target: &User) -> Result<(), AppError> {
    let region = administer_region(viewer)?;
    let target_role = target.role;
    let in_region = target.region_code.as_deref() == Some(region);
    if in_region && target_role != Role::Professional && target.id != viewer.user_id {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The e-mail outbox (failed messages, retry) and the audit log: admins.
/// The e-mails of the admin's région (returned).
pub fn view_outbox(viewer: &Viewer) -> Result<&str, AppError> {
    administer_region(viewer)
}

/// The audit log of the admin's région (returned): what its people did or underwent.
pub fn view_audit_log(viewer: &Viewer) -> Result<&str, AppError> {
    administer_region(viewer)
}

/// The administration hub and the institutions of the région (with their agents): admins.
pub fn view_admin_hub(viewer: &Viewer) -> Result<&str, AppError> {
    administer_region(viewer)
}

/// One institution's page: an admin of the institution's région; out of région is a 404.
pub fn manage_institution(
    viewer: &Viewer,
    institution_region: Option<&str>,
) -> Result<(), AppError> {
    let region = administer_region(viewer)?;
    if institution_region == Some(region) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Override (or revert) the routing rules of the région: its admins.
pub fn manage_routing(viewer: &Viewer) -> Result<&str, AppError> {
    administer_region(viewer)
}

/// Import zonages of the région and see their coverage: its admins.
pub fn manage_zonage(viewer: &Viewer) -> Result<&str, AppError> {
    administer_region(viewer)
}

/// Rewrite the information pages and the "Qui contacter ?" introduction of the région (versions,
/// history, restore): its admins; a version of another région is a 404.
pub fn edit_regional_texts(viewer: &Viewer) -> Result<&str, AppError> {
    administer_region(viewer)
}

/// Read the aid rule files and their validation errors: admins.
pub fn view_aid_rules(viewer: &Viewer) -> Result<(), AppError> {
    administer_region(viewer).map(|_| ())
}

/// The development mailbox shows every e-mail the guichet wrote: only in demo mode, and only to
/// signed-in admins (anybody else, signed in or not, gets a 404).
pub fn use_dev_mailbox(settings: &Settings, viewer: Option<&Viewer>) -> Result<(), AppError> {
    match viewer {
        Some(v) if settings.demo_enabled() && v.role == Role::Admin => Ok(()),
        _ => Err(AppError::NotFound),
    }
}

/// The référent inbox: référents; the partner inbox: partner agents with an institution.
pub fn referent_inbox(viewer: &Viewer) -> Result<&[String], AppError> {
    match viewer.role {
        Role::Referent => Ok(&viewer.departements),
        _ => Err(AppError::NotFound),
    }
}

/// Record a request received by telephone, e-mail, at a permanence or by letter, for a
/// professional (référent intake): référents, in the départements they follow (returned).
pub fn record_requests(viewer: &Viewer) -> Result<&[String], AppError> {
    referent_inbox(viewer)
}

pub fn partner_inbox(viewer: &Viewer) -> Result<&str, AppError> {
    match (viewer.role, viewer.institution_id.as_deref()) {
        (Role::Partner, Some(id)) => Ok(id),
        _ => Err(AppError::NotFound),
    }
}

/// File requests: professionals.
pub fn file_requests(viewer: &Viewer) -> Result<(), AppError> {
    match viewer.role {
        Role::Professional => Ok(()),
        _ => Err(AppError::NotFound),
    }
}

/// Only professionals register themselves; agents are invited.
pub fn self_register_role() -> Role {
    Role::Professional
}

/// Where a person may publish permanences: a référent in their départements, an admin in every
/// département of their région. Anybody else: 404.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PermanenceScope {
    Departements {
        region: String,
        departements: Vec<String>,
    },
    Region(String),
}

pub fn publish_permanences(viewer: &Viewer) -> Result<PermanenceScope, AppError> {
    match (viewer.role, viewer.region_code.as_deref()) {
        (Role::Referent, Some(region)) if !viewer.departements.is_empty() => {
            Ok(PermanenceScope::Departements {
                region: region.to_string(),
                departements: viewer.departements.clone(),
            })
        }
        (Role::Admin, Some(region)) => Ok(PermanenceScope::Region(region.to_string())),
        _ => Err(AppError::NotFound),
    }
}

/// The bookings of a session: its département's référents, the admins of its région, and the
/// agents of an institution present at it.
pub fn view_permanence_bookings(
    viewer: &Viewer,
    session_region: &str,
    session_departement: &str,
    present_institutions: &[String],
) -> Result<(), AppError> {
    let allowed = match viewer.role {
        Role::Admin => viewer.region_code.as_deref() == Some(session_region),
        Role::Referent => {
            viewer.region_code.as_deref() == Some(session_region)
                && viewer.departements.iter().any(|d| d == session_departement)
        }
        Role::Partner => viewer
            .institution_id
            .as_ref()
            .is_some_and(|i| present_institutions.contains(i)),
        Role::Professional => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// A territory: a région, or a département with its région.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Territory<'a> {
    pub region: &'a str,
    pub departement: Option<&'a str>,
}

/// The indicators of a territory: admins of its région; référents, for their région and their
/// départements; partner agents, for their institution's région and département (any
/// département of the région for a regional institution, whose territory is `institution`).
/// Professionals and everybody else: 404.
pub fn view_indicators(
    viewer: &Viewer,
    page: Territory,
    institution: Option<Territory>,
) -> Result<(), AppError> {
    let in_region = viewer.region_code.as_deref() == Some(page.region);
    let allowed = match viewer.role {
        Role::Admin => in_region,
        Role::Referent => match page.departement {
            None => in_region,
            Some(d) => viewer.departements.iter().any(|v| v == d),
        },
        Role::Partner => institution.is_some_and(|home| {
            home.region == page.region
                && match (page.departement, home.departement) {
                    (None, _) | (Some(_), None) => true,
                    (Some(d), Some(h)) => d == h,
                }
        }),
        Role::Professional => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Booking a permanence slot (and cancelling one's own booking): professionals.
pub fn book_permanence(viewer: &Viewer) -> Result<(), AppError> {
    if viewer.role == Role::Professional {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// A professional's own personal data (download, account deletion): their signed-in session
/// only, never an API token; anybody else gets a 404.
pub fn own_personal_data(viewer: &Viewer) -> Result<(), AppError> {
    if viewer.role == Role::Professional && viewer.session_id.is_some() {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(role: Role, region: Option<&str>) -> Viewer {
        Viewer {
            user_id: "me".into(),
            session_id: None,
            role,
            email: "me@x.test".into(),
            display_name: "Moi".into(),
            institution_id: None,
            region_code: region.map(str::to_string),
            departements: vec![],
        }
    }

    fn user(role: &str, region: Option<&str>) -> User {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 3, 10)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap_or_default();
        User {
            id: "other".into(),
            email: "o@x.test".into(),
            password_hash: None,
            first_name: "O".into(),
            last_name: "X".into(),
            role: role.parse().expect("a role slug"),
            profession: None,
            situation: None,
            professional_number: None,
            institution_id: None,
            region_code: region.map(str::to_string),
            email_verified_at: None,
            disabled_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn only_admins_of_the_same_region_manage_agents() {
        let admin = viewer(Role::Admin, Some("93"));
        assert!(manage_user(&admin, &user("partner", Some("93"))).is_ok());
        assert!(matches!(
            manage_user(&admin, &user("partner", Some("84"))),
            Err(AppError::NotFound)
        ));
        assert!(matches!(
            manage_user(&admin, &user("professional", Some("93"))),
            Err(AppError::NotFound)
        ));
        for role in [Role::Professional, Role::Referent, Role::Partner] {
            assert!(matches!(
                manage_user(&viewer(role, Some("93")), &user("partner", Some("93"))),
                Err(AppError::NotFound)
            ));
            assert!(view_outbox(&viewer(role, Some("93"))).is_err());
            let v = viewer(role, Some("93"));
            assert!(view_admin_hub(&v).is_err());
            assert!(manage_institution(&v, Some("93")).is_err());
            assert!(manage_routing(&v).is_err());
            assert!(manage_zonage(&v).is_err());
            assert!(view_aid_rules(&v).is_err());
        }
        assert!(manage_institution(&admin, Some("93")).is_ok());
        assert!(matches!(
            manage_institution(&admin, Some("84")),
            Err(AppError::NotFound)
        ));
        assert!(manage_institution(&admin, None).is_err());
        assert_eq!(manage_routing(&admin).ok(), Some("93"));
        let mut me = user("admin", Some("93"));
        me.id = "me".into();
        assert!(
            manage_user(&admin, &me).is_err(),
            "an admin cannot demote or disable themself"
        );
    }

    #[test]
    fn indicators_follow_the_territory() {
        let region = Territory {
            region: "93",
            departement: None,
        };
        let dep = |d| Territory {
            region: "93",
            departement: Some(d),
        };
        let mut referent = viewer(Role::Referent, Some("93"));
        referent.departements = vec!["13".into(), "84".into()];
        assert!(view_indicators(&referent, region, None).is_ok());
        assert!(view_indicators(&referent, dep("13"), None).is_ok());
        assert!(view_indicators(&referent, dep("06"), None).is_err());
        let admin = viewer(Role::Admin, Some("93"));
        assert!(view_indicators(&admin, dep("06"), None).is_ok());
        let other = Territory {
            region: "11",
            departement: None,
        };
        assert!(view_indicators(&admin, other, None).is_err());
        let partner = viewer(Role::Partner, Some("93"));
        assert!(view_indicators(&partner, dep("13"), Some(dep("13"))).is_ok());
        assert!(view_indicators(&partner, region, Some(dep("13"))).is_ok());
        assert!(view_indicators(&partner, dep("06"), Some(dep("13"))).is_err());
        assert!(view_indicators(&partner, dep("06"), Some(region)).is_ok());
        assert!(view_indicators(&partner, dep("06"), None).is_err());
        let pro = viewer(Role::Professional, Some("93"));
        assert!(matches!(
            view_indicators(&pro, region, None),
            Err(AppError::NotFound)
        ));
    }

    #[test]
    fn permanences_are_published_by_referents_and_admins_only() {
        let mut referent = viewer(Role::Referent, Some("93"));
        referent.departements = vec!["13".into(), "84".into()];
        assert!(matches!(
            publish_permanences(&referent),
            Ok(PermanenceScope::Departements { .. })
        ));
        assert_eq!(
            publish_permanences(&viewer(Role::Admin, Some("93"))).ok(),
            Some(PermanenceScope::Region("93".into()))
        );
        for role in [Role::Professional, Role::Partner] {
            assert!(matches!(
                publish_permanences(&viewer(role, Some("93"))),
                Err(AppError::NotFound)
            ));
        }
        assert!(view_permanence_bookings(&referent, "93", "13", &[]).is_ok());
        assert!(view_permanence_bookings(&referent, "93", "06", &[]).is_err());
        let mut partner = viewer(Role::Partner, Some("93"));
        partner.institution_id = Some("cpam13".into());
        assert!(view_permanence_bookings(&partner, "93", "13", &["cpam13".into()]).is_ok());
        assert!(view_permanence_bookings(&partner, "93", "13", &["cpam84".into()]).is_err());
        assert!(book_permanence(&viewer(Role::Professional, None)).is_ok());
        assert!(book_permanence(&referent).is_err());
    }
}
