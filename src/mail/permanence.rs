//! The e-mails of a permanence booking: confirmation (with the `.ics`), reminder 48 h before,
//! cancellation (with a cancelling `.ics`). Written to the outbox in the caller's transaction.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::{enqueue_with_attachment, Attachment};
use crate::db::permanences::BookingView;
use crate::db::{self, DbConnection};
use crate::domain::civil_time::{day_fr, time_fr, Territory};
use crate::domain::ics::Event;
use crate::domain::permanence::Mode;
use crate::error::AppError;

pub const CONFIRMATION: &str = "permanence_confirmation";
pub const REMINDER: &str = "permanence_reminder";
pub const CANCELLATION: &str = "permanence_cancellation";

/// Where the templates are and the public address for links.
pub struct Mailer<'a> {
    pub templates: &'a tera::Tera,
    pub base_url: &'a str,
}

#[derive(Serialize)]
struct Data {
    first_name: String,
    title: String,
    day: String,
    start: String,
    end: String,
    /// "heure de Paris", "heure de la Martinique"…
    zone: &'static str,
    place: String,
    is_video: bool,
    institutions: String,
    request_id: Option<String>,
    link: String,
}

/// Where the meeting is, in words: the address or the video link.
pub fn place_of(view: &BookingView) -> String {
    match view.session.mode {
        Mode::Visio => format!(
            "En visioconférence : {}",
            view.session.video_url.clone().unwrap_or_default()
        ),
        _ => view.session.address.clone().unwrap_or_default(),
    }
}

/// Sends `template` about the booking to the person who made it.
pub fn enqueue(
    conn: &mut DbConnection,
    mailer: &Mailer<'_>,
    template: &str,
    view: &BookingView,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let user = db::users::find(conn, &view.booking.user_id)?.ok_or(AppError::NotFound)?;
    let institutions: Vec<String> =
        db::permanences::institutions_of(conn, std::slice::from_ref(&view.session.id))?
            .into_iter()
            .map(|(_, i)| i.name)
            .collect();
    let territory = Territory::of_departement(&view.session.departement_code);
    let data = Data {
        first_name: user.first_name,
        title: view.session.title.clone(),
        day: day_fr(territory, view.slot.starts_at),
        start: time_fr(territory, view.slot.starts_at),
        end: time_fr(territory, view.slot.ends_at),
        zone: territory.time_label(),
        place: place_of(view),
        is_video: view.session.mode == Mode::Visio,
        institutions: institutions.join(", "),
        request_id: view.booking.request_id.clone(),
        link: if template == CANCELLATION {
            format!("{}/permanences", mailer.base_url)
        } else {
            format!("{}/permanences/mes-rendez-vous", mailer.base_url)
        },
    };
    let attachment = (template != REMINDER).then(|| {
        let event = Event {
            uid: format!("{}@guichet", view.booking.id),
            stamp: now,
            start: view.slot.starts_at,
            end: view.slot.ends_at,
            summary: view.session.title.clone(),
            location: place_of(view),
            description: format!("Institutions présentes : {}.", data.institutions),
            cancelled: template == CANCELLATION,
            territory,
        };
        Attachment {
            name: "permanence.ics".into(),
            content_type: "text/calendar; charset=utf-8".into(),
            body: event.to_ics(),
        }
    });
    enqueue_with_attachment(
        conn,
        mailer.templates,
        mailer.base_url,
        &user.email,
        template,
        &data,
        now,
        attachment,
    )
}
