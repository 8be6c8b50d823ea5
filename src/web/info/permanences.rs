//! `/permanences` (upcoming sessions) and `/permanences/{id}` (a session and its slots).

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::auth::{policy, MaybeViewer, Viewer};
use crate::db::institutions::Institution;
use crate::db::permanences::{Session, Slot};
use crate::db::{self, DbConnection};
use crate::domain::civil_time::{day_fr, time_fr, Territory};
use crate::domain::permanence::Mode;
use crate::error::AppError;
use crate::web::forms::FormState;
use crate::web::page::{render, render_with_status};
use crate::web::AppState;

#[derive(Debug, Clone, Serialize)]
pub struct SlotView {
    pub id: String,
    pub start: String,
    pub end: String,
    pub capacity: i32,
    pub free: i32,
    pub past: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionView {
    pub id: String,
    pub title: String,
    pub departement_code: String,
    pub region_code: String,
    pub mode_label: &'static str,
    pub is_video: bool,
    pub address: Option<String>,
    pub video_url: Option<String>,
    pub details: String,
    pub day: String,
    pub start: String,
    pub end: String,
    pub institutions: Vec<String>,
    #[serde(skip)]
    pub institution_ids: Vec<String>,
    pub free_places: i32,
    pub slots: Vec<SlotView>,
    /// The viewer may see the bookings.
    pub can_view_bookings: bool,
}

/// Builds the views of `sessions` with their slots and institutions.
pub fn session_views(
    sessions: Vec<Session>,
    slots: Vec<Slot>,
    institutions: Vec<(String, Institution)>,
    viewer: Option<&Viewer>,
    now: NaiveDateTime,
) -> Vec<SessionView> {
    let mut slots_by: HashMap<String, Vec<Slot>> = HashMap::new();
    for slot in slots {
        slots_by
            .entry(slot.session_id.clone())
            .or_default()
            .push(slot);
    }
    let mut present: HashMap<String, Vec<Institution>> = HashMap::new();
    for (session, institution) in institutions {
        present.entry(session).or_default().push(institution);
    }
    sessions
        .into_iter()
        .map(|s| {
            let slots = slots_by.remove(&s.id).unwrap_or_default();
            let institutions = present.remove(&s.id).unwrap_or_default();
            let institution_ids: Vec<String> = institutions.iter().map(|i| i.id.clone()).collect();
            let territory = Territory::of_departement(&s.departement_code);
            let slot_views: Vec<SlotView> = slots
                .iter()
                .map(|slot| SlotView {
                    id: slot.id.clone(),
                    start: time_fr(territory, slot.starts_at),
                    end: time_fr(territory, slot.ends_at),
                    capacity: slot.capacity,
                    free: (slot.capacity - slot.booked).max(0),
                    past: slot.starts_at <= now,
                })
                .collect();
            let mode = s.mode;
            let can_view_bookings = viewer.is_some_and(|v| {
                policy::view_permanence_bookings(
                    v,
                    &s.region_code,
                    &s.departement_code,
                    &institution_ids,
                )
                .is_ok()
            });
            SessionView {
                free_places: slot_views.iter().filter(|v| !v.past).map(|v| v.free).sum(),
                day: day_fr(territory, s.starts_at),
                start: time_fr(territory, s.starts_at),
                end: slots
                    .last()
                    .map(|l| time_fr(territory, l.ends_at))
                    .unwrap_or_default(),
                id: s.id,
                title: s.title,
                departement_code: s.departement_code,
                region_code: s.region_code,
                mode_label: mode.label(),
                is_video: mode == Mode::Visio,
                address: s.address,
                video_url: s.video_url,
                details: s.details,
                institutions: institutions.into_iter().map(|i| i.name).collect(),
                institution_ids,
                slots: slot_views,
                can_view_bookings,
            }
        })
        .collect()
}

/// Loads the views of the given sessions.
pub fn load_views(
    conn: &mut DbConnection,
    sessions: Vec<Session>,
    viewer: Option<&Viewer>,
    now: NaiveDateTime,
) -> Result<Vec<SessionView>, AppError> {
    let ids: Vec<String> = sessions.iter().map(|s| s.id.clone()).collect();
    let slots = db::permanences::slots_of(conn, &ids)?;
    let institutions = db::permanences::institutions_of(conn, &ids)?;
    Ok(session_views(sessions, slots, institutions, viewer, now))
}

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    departement: String,
}

#[derive(Serialize)]
struct ListPage {
    sessions: Vec<SessionView>,
    departement: String,
    can_publish: bool,
    signed_in: bool,
}

pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: MaybeViewer,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let departement = query.departement.trim().to_string();
    let viewer = viewer.0;
    let v = viewer.clone();
    let filter = departement.clone();
    let sessions = db::run(&state.pool, move |conn| {
        let sessions: Vec<Session> = db::permanences::list_from(conn, now - Duration::hours(12))?
            .into_iter()
            .filter(|s| filter.is_empty() || s.departement_code == filter)
            .collect();
        load_views(conn, sessions, v.as_ref(), now)
    })
    .await?
    .into_iter()
    .filter(|s| s.slots.iter().any(|slot| !slot.past))
    .collect();
    let page = ListPage {
        sessions,
        departement,
        can_publish: viewer
            .as_ref()
            .is_some_and(|v| policy::publish_permanences(v).is_ok()),
        signed_in: viewer.is_some(),
    };
    render(&state, &req, "permanences/list.html", &page)
}

#[derive(Serialize)]
struct ShowPage {
    session: SessionView,
    can_book: bool,
    signed_in: bool,
    /// The slots the viewer already booked.
    my_slots: Vec<String>,
    /// A booking refused for its form: the slot, what was typed, and why.
    again: Option<FormState>,
}

pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: MaybeViewer,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    show_page(&state, &req, viewer.0, path.into_inner(), None).await
}

/// The page of a session; with `again`, answered 422 with the booking form's message beside its
/// field (a 404 if the slot is not one of the session's).
pub async fn show_page(
    state: &AppState,
    req: &HttpRequest,
    viewer: Option<Viewer>,
    id: String,
    again: Option<FormState>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let v = viewer.clone();
    let (session, my_slots) = db::run(&state.pool, move |conn| {
        let session = db::permanences::find_session(conn, &id)?.ok_or(AppError::NotFound)?;
        let mine: Vec<String> = match &v {
            Some(v) => db::permanences::bookings_of_user(conn, &v.user_id)?
                .into_iter()
                .filter(|b| b.session.id == session.id && b.booking.cancelled_at.is_none())
                .map(|b| b.slot.id)
                .collect(),
            None => Vec::new(),
        };
        let view = load_views(conn, vec![session], v.as_ref(), now)?
            .pop()
            .ok_or(AppError::NotFound)?;
        Ok((view, mine))
    })
    .await?;
    let status = match &again {
        Some(a) if session.slots.iter().any(|s| s.id == a.form) => StatusCode::UNPROCESSABLE_ENTITY,
        Some(_) => return Err(AppError::NotFound),
        None => StatusCode::OK,
    };
    let page = ShowPage {
        session,
        can_book: viewer
            .as_ref()
            .is_some_and(|v| policy::book_permanence(v).is_ok()),
        signed_in: viewer.is_some(),
        my_slots,
        again,
    };
    render_with_status(state, req, status, "permanences/show.html", &page)
}
