//! What a référent's intake adds to a request: its channel, who recorded it and the contact's
//! telephone number.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::requests;
use super::DbConnection;
use crate::domain::request::Channel;

/// Marks the request as recorded by `referent` from `channel`.
pub fn set_intake(
    conn: &mut DbConnection,
    id: &str,
    channel: Channel,
    referent: &str,
    phone: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(requests::table.find(id))
        .set((
            requests::channel.eq(Some(channel)),
            requests::recorded_by.eq(referent),
            requests::contact_phone.eq(phone),
            requests::updated_at.eq(now),
        ))
        .execute(conn)
}

/// The channel of each of `ids` that a référent recorded (the others are left out).
pub fn channels_of(
    conn: &mut DbConnection,
    ids: &[String],
) -> QueryResult<HashMap<String, Channel>> {
    let found: Vec<(String, Option<Channel>)> = requests::table
        .filter(requests::id.eq_any(ids))
        .filter(requests::channel.is_not_null())
        .select((requests::id, requests::channel))
        .load(conn)?;
    Ok(found
        .into_iter()
        .filter_map(|(id, channel)| Some((id, channel?)))
        .collect())
}
