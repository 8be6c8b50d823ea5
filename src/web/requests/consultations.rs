//! The consultations of a request (RGPD): recorded when someone of the guichet or of a partner
//! institution opens it, shown to its professional (which institution or role, and when).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::auth::policy::RequestAccess;
use crate::auth::Viewer;
use crate::db::{self, DbConnection};
use crate::error::AppError;
use crate::workflow::access::Loaded;

#[derive(Serialize)]
pub(super) struct Consultation {
    at: NaiveDateTime,
    who: String,
}

/// For the professional, the consultations of their request; for anybody else, records this
/// one and lists nothing.
pub(super) fn record_or_list(
    conn: &mut DbConnection,
    loaded: &Loaded,
    viewer: &Viewer,
    names: &HashMap<&str, &str>,
    now: NaiveDateTime,
) -> Result<Vec<Consultation>, AppError> {
    let who = match &loaded.access {
        RequestAccess::Owner => {
            return Ok(db::request_views::of_request(conn, &loaded.request.id)?
                .into_iter()
                .map(|(at, who)| Consultation { at, who })
                .collect());
        }
        RequestAccess::Partner { institution_id }
        | RequestAccess::FormerPartner { institution_id } => format!(
            "{} (agent)",
            names
                .get(institution_id.as_str())
                .copied()
                .unwrap_or("Institution partenaire")
        ),
        RequestAccess::Referent => "Guichet unique (référent)".to_string(),
        RequestAccess::Admin => "Guichet unique (administrateur de la région)".to_string(),
    };
    db::request_views::record(conn, &loaded.request.id, &viewer.user_id, &who, now)?;
    Ok(Vec::new())
}
