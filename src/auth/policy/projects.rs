//! Who may see a project ("Mon projet"): its professional, and the référents who see one of
//! its requests (they see those requests only). Partners and admins see nothing of projects:
//! 404, as for anything out of scope.

use super::requests::RequestAccess;
use super::Viewer;
use crate::domain::account::Role;
use crate::error::AppError;

/// How a viewer may see a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectAccess {
    /// The professional whose project it is: sees and changes it.
    Owner,
    /// A référent of one of its requests: sees the requests in their scope.
    Referent,
}

/// A project page: its owner; a référent when `accesses` (the viewer's access to each of the
/// project's requests they may see) holds a référent's; 404 for anybody else.
pub fn view_project(
    viewer: &Viewer,
    owner_id: &str,
    accesses: &[RequestAccess],
) -> Result<ProjectAccess, AppError> {
    match viewer.role {
        Role::Professional if viewer.user_id == owner_id => Ok(ProjectAccess::Owner),
        Role::Referent if accesses.contains(&RequestAccess::Referent) => {
            Ok(ProjectAccess::Referent)
        }
        _ => Err(AppError::NotFound),
    }
}

/// Create projects and put one's own requests in them: professionals.
pub fn manage_own_projects(viewer: &Viewer) -> Result<(), AppError> {
    match viewer.role {
        Role::Professional => Ok(()),
        _ => Err(AppError::NotFound),
    }
}
