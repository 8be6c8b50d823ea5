//! A message of the request page as people see it: names marked « guichet » for agents, who
//! read it and when, in the civil time of the request's territory.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::domain::civil_time::Territory;
use crate::workflow::messages::ReadMessage;

#[derive(Serialize)]
pub(super) struct MessageView {
    id: String,
    author: String,
    mine: bool,
    body: String,
    internal: bool,
    at: NaiveDateTime,
    read_by: Vec<String>,
}

/// A message as the page shows it: names with « (guichet) » for agents, dates in French.
pub(super) fn message_view(
    read: ReadMessage,
    viewer_id: &str,
    territory: Territory,
) -> MessageView {
    let ReadMessage {
        message: m,
        author,
        read_by,
    } = read;
    MessageView {
        read_by: read_by
            .iter()
            .map(|(reader, at)| {
                format!(
                    "{} {}{} le {}",
                    reader.first_name,
                    reader.last_name,
                    if reader.professional {
                        ""
                    } else {
                        " (guichet)"
                    },
                    crate::domain::civil_time::datetime_fr(territory, *at)
                )
            })
            .collect(),
        author: format!(
            "{} {}{}",
            author.first_name,
            author.last_name,
            if author.professional {
                ""
            } else {
                " — guichet et partenaires"
            }
        ),
        mine: m.author_id == viewer_id,
        body: m.body,
        internal: m.internal,
        at: m.created_at,
        id: m.id,
    }
}
