//! Booking a slot, the confirmation, "Mes rendez-vous", cancelling; the bookings of a session
//! for the agents.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::permanences::{load_views, show_page, SessionView};
use crate::auth::{policy, Viewer};
use crate::db::permanences::{BookingError, BookingView};
use crate::db::{self};
use crate::domain::civil_time::{day_fr, time_fr, Territory};
use crate::domain::permanence::parse_request_number;
use crate::error::{AppError, FieldError};
use crate::mail::permanence::{enqueue, place_of, Mailer, CANCELLATION, CONFIRMATION};
use crate::web::forms::FormState;
use crate::web::page::{render, see_other};
use crate::web::AppState;

fn refused(e: BookingError) -> AppError {
    match e {
        BookingError::Refused(r) => AppError::Conflict(r.message().to_string()),
        BookingError::NotFound => AppError::NotFound,
        BookingError::Database(e) => AppError::from(e),
    }
}

#[derive(Deserialize)]
pub struct BookForm {
    #[serde(default)]
    request_number: String,
    /// The session whose page the form is on (to show it again with the message).
    #[serde(default)]
    session: String,
}

pub async fn book(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
    form: web::Form<BookForm>,
) -> Result<HttpResponse, AppError> {
    policy::book_permanence(&viewer)?;
    let slot_id = path.into_inner();
    let form = form.into_inner();
    match book_slot(
        &state,
        viewer.clone(),
        slot_id.clone(),
        &form.request_number,
    )
    .await
    {
        Ok(booking_id) => Ok(see_other(&format!(
            "/permanences/reservations/{booking_id}"
        ))),
        // A mistake in the request number: the session's page again, the message beside it.
        Err(AppError::Validation(errors)) if !form.session.is_empty() => {
            let message = errors
                .into_iter()
                .map(|e| e.message)
                .collect::<Vec<_>>()
                .join(" ");
            let again = FormState::default()
                .of_form(slot_id)
                .value(
                    "request_number",
                    form.request_number.chars().take(40).collect::<String>(),
                )
                .error("request_number", message);
            show_page(&state, &req, Some(viewer), form.session, Some(again)).await
        }
        Err(e) => Err(e),
    }
}

/// Books the slot for the viewer (with one of their requests, by number); returns the booking.
async fn book_slot(
    state: &web::Data<AppState>,
    viewer: Viewer,
    slot_id: String,
    request_number: &str,
) -> Result<String, AppError> {
    let request = parse_request_number(request_number)
        .map_err(|m| AppError::Validation(vec![FieldError::new("request_number", m)]))?;
    let now = state.clock.now();
    let st = state.clone();
    db::run(&state.pool, move |conn| {
        crate::db::transaction::<_, AppError, _>(conn, |conn| {
            // The booking is attached to one of the professional's own requests; the booking keeps
            // its number (unique, and what people read on both sides).
            let request_id = match request.as_deref() {
                Some(number) => Some(
                    db::requests::find_by_number_of(conn, number, &viewer.user_id)?
                        .ok_or_else(|| {
                            AppError::Validation(vec![FieldError::new(
                                "request_number",
                                format!("Aucune de vos demandes ne porte le numéro {number}."),
                            )])
                        })?
                        .number,
                ),
                None => None,
            };
            let id =
                db::permanences::book(conn, &slot_id, &viewer.user_id, request_id.as_deref(), now)
                    .map_err(refused)?;
            let view = db::permanences::find_booking(conn, &id)?.ok_or(AppError::NotFound)?;
            let mailer = Mailer {
                templates: &st.templates,
                base_url: st.base_url(),
            };
            enqueue(conn, &mailer, CONFIRMATION, &view, now)?;
            Ok(id)
        })
    })
    .await
}

#[derive(Serialize)]
struct BookingItem {
    id: String,
    session_id: String,
    title: String,
    day: String,
    start: String,
    end: String,
    place: String,
    request_id: Option<String>,
    cancelled: bool,
    upcoming: bool,
}

fn item(view: &BookingView, now: chrono::NaiveDateTime) -> BookingItem {
    let territory = Territory::of_departement(&view.session.departement_code);
    BookingItem {
        id: view.booking.id.clone(),
        session_id: view.session.id.clone(),
        title: view.session.title.clone(),
        day: day_fr(territory, view.slot.starts_at),
        start: time_fr(territory, view.slot.starts_at),
        end: time_fr(territory, view.slot.ends_at),
        place: place_of(view),
        request_id: view.booking.request_id.clone(),
        cancelled: view.booking.cancelled_at.is_some(),
        upcoming: view.slot.starts_at > now,
    }
}

#[derive(Serialize)]
struct BookingPage {
    booking: BookingItem,
    session: SessionView,
}

/// The confirmation shown after booking (and the page of one's own booking).
pub async fn confirmation(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let now = state.clock.now();
    let page = db::run(&state.pool, move |conn| {
        let view = db::permanences::find_booking(conn, &id)?
            .filter(|b| b.booking.user_id == viewer.user_id)
            .ok_or(AppError::NotFound)?;
        let session = load_views(conn, vec![view.session.clone()], Some(&viewer), now)?
            .pop()
            .ok_or(AppError::NotFound)?;
        Ok(BookingPage {
            booking: item(&view, now),
            session,
        })
    })
    .await?;
    render(&state, &req, "permanences/booking.html", &page)
}

#[derive(Deserialize)]
pub struct MineQuery {
    #[serde(default)]
    annule: Option<String>,
}

#[derive(Serialize)]
struct MinePage {
    upcoming: Vec<BookingItem>,
    others: Vec<BookingItem>,
    just_cancelled: bool,
}

pub async fn mine(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    query: web::Query<MineQuery>,
) -> Result<HttpResponse, AppError> {
    policy::book_permanence(&viewer)?;
    let now = state.clock.now();
    let all = db::run(&state.pool, move |conn| {
        Ok(db::permanences::bookings_of_user(conn, &viewer.user_id)?)
    })
    .await?;
    let (upcoming, others): (Vec<BookingItem>, Vec<BookingItem>) = all
        .iter()
        .map(|v| item(v, now))
        .partition(|b| b.upcoming && !b.cancelled);
    let mut upcoming = upcoming;
    upcoming.reverse();
    let page = MinePage {
        upcoming,
        others,
        just_cancelled: query.annule.is_some(),
    };
    render(&state, &req, "permanences/mine.html", &page)
}

pub async fn cancel(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    policy::book_permanence(&viewer)?;
    let id = path.into_inner();
    let now = state.clock.now();
    let st = state.clone();
    db::run(&state.pool, move |conn| {
        crate::db::transaction::<_, AppError, _>(conn, |conn| {
            db::permanences::cancel(conn, &id, &viewer.user_id, now).map_err(refused)?;
            let view = db::permanences::find_booking(conn, &id)?.ok_or(AppError::NotFound)?;
            let mailer = Mailer {
                templates: &st.templates,
                base_url: st.base_url(),
            };
            enqueue(conn, &mailer, CANCELLATION, &view, now)
        })
    })
    .await?;
    Ok(see_other("/permanences/mes-rendez-vous?annule=1"))
}

#[derive(Serialize)]
struct AttendeeRow {
    start: String,
    end: String,
    name: String,
    email: String,
    profession: String,
    request_id: Option<String>,
}

#[derive(Serialize)]
struct AttendeesPage {
    session: SessionView,
    attendees: Vec<AttendeeRow>,
}

/// `/permanences/{id}/inscriptions`: who booked which slot.
pub async fn attendees(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let now = state.clock.now();
    let page = db::run(&state.pool, move |conn| {
        let session = db::permanences::find_session(conn, &id)?.ok_or(AppError::NotFound)?;
        let view = load_views(conn, vec![session], Some(&viewer), now)?
            .pop()
            .ok_or(AppError::NotFound)?;
        policy::view_permanence_bookings(
            &viewer,
            &view.region_code,
            &view.departement_code,
            &view.institution_ids,
        )?;
        let territory = Territory::of_departement(&view.departement_code);
        let attendees = db::permanences::attendees_of(conn, &id)?
            .into_iter()
            .map(|a| AttendeeRow {
                start: time_fr(territory, a.slot.starts_at),
                end: time_fr(territory, a.slot.ends_at),
                name: format!("{} {}", a.first_name, a.last_name),
                email: a.email,
                profession: a
                    .profession
                    .map(|p| p.label().to_string())
                    .unwrap_or_default(),
                request_id: a.booking.request_id,
            })
            .collect();
        Ok(AttendeesPage {
            session: view,
            attendees,
        })
    })
    .await?;
    render(&state, &req, "permanences/attendees.html", &page)
}
