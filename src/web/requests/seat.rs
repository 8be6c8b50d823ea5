//! Where the viewer sits on the request page.

use serde::Serialize;

use crate::auth::policy::RequestAccess;

/// Where the viewer sits on this page: the template tests these, never a role's name.
#[derive(Serialize)]
pub(super) struct Seat {
    owner: bool,
    referent: bool,
    partner: bool,
    former_partner: bool,
    /// Their list of requests.
    back_link: &'static str,
}

impl Seat {
    pub(super) fn of(access: &RequestAccess) -> Seat {
        Seat {
            owner: matches!(access, RequestAccess::Owner),
            referent: matches!(access, RequestAccess::Referent),
            partner: matches!(access, RequestAccess::Partner { .. }),
            former_partner: matches!(access, RequestAccess::FormerPartner { .. }),
            back_link: match access {
                RequestAccess::Owner => "/demandes",
                RequestAccess::Partner { .. } | RequestAccess::FormerPartner { .. } => {
                    "/partenaire/demandes"
                }
                RequestAccess::Referent | RequestAccess::Admin => "/guichet/demandes",
            },
        }
    }
}
