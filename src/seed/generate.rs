//! Deterministic generation of professionals, requests, referrals, messages and timelines for
//! `guichet seed load`. No I/O: the caller loads the territory and inserts the rows.

use chrono::{Datelike, Duration, NaiveDateTime};

use crate::db::bulk::Rows;
use crate::db::inbox::search_text;
use crate::db::requests::{ReferralRow, RequestRow};
use crate::db::timeline::{Message, TimelineEvent};
use crate::db::users::NewUser;
use crate::domain::account::Role;
use crate::domain::calendar::Territory;
use crate::domain::identifiers::luhn_complete;
use crate::domain::inbox::{self, Tab};
use crate::domain::institution::InstitutionKind;
use crate::domain::profession::{Profession, Situation};
use crate::domain::request::TimelineKind;
use crate::domain::request::{
    is_consistent, ActionKind, Coordination, DeadlinePolicy, Priority, ReferralState, RequestKind,
    RequestState, COMMUNE,
};
use crate::domain::territory::normalize_search;

pub use super::rng::Rng;

const FIRST_NAMES: [&str; 16] = [
    "Héloïse",
    "Zoé",
    "Jérôme",
    "François",
    "Anaïs",
    "Noël",
    "Léa",
    "Mathis",
    "Chloé",
    "Hugo",
    "Inès",
    "Raphaël",
    "Maëlle",
    "Théo",
    "Céline",
    "Loïc",
];
const LAST_NAMES: [&str; 16] = [
    "Martin",
    "Bernard",
    "Lefèvre",
    "Moreau",
    "Girard",
    "Roux",
    "Fontaine",
    "Chevalier",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Perrin",
];
const PROFESSIONS: [Profession; 5] = [
    Profession::Medecin,
    Profession::Infirmier,
    Profession::MasseurKinesitherapeute,
    Profession::SageFemme,
    Profession::ChirurgienDentiste,
];
const AIDS: [&str; 5] = ["CAIM", "COSCOM", "CSTM", "AIDE-INSTALLATION", "PTMG"];

/// States with their weight (out of 100) in the generated volume.
const STATES: [(RequestState, u64); 8] = [
    (RequestState::Brouillon, 5),
    (RequestState::Deposee, 10),
    (RequestState::EnQualification, 10),
    (RequestState::Orientee, 25),
    (RequestState::EnAttenteProfessionnel, 10),
    (RequestState::Traitee, 10),
    (RequestState::Cloturee, 25),
    (RequestState::Retiree, 5),
];

/// A commune of the région.
#[derive(Debug, Clone)]
pub struct Place {
    pub insee: String,
    pub name: String,
    pub departement: String,
    pub region: String,
}

/// An institution a request of `departement` (or of any, when `None`) can be referred to.
#[derive(Debug, Clone)]
pub struct Target {
    pub id: String,
    pub kind: InstitutionKind,
    pub departement: Option<String>,
}

/// Référents and the départements they cover.
#[derive(Debug, Clone)]
pub struct Referent {
    pub id: String,
    pub departements: Vec<String>,
}

/// What generation draws from.
#[derive(Debug)]
pub struct World {
    pub places: Vec<Place>,
    pub targets: Vec<Target>,
    pub referents: Vec<Referent>,
    pub now: NaiveDateTime,
}

/// `count` professionals, numbered from `first` (e-mails and RPPS stay unique across runs).
pub fn professionals(
    rng: &mut Rng,
    first: usize,
    count: usize,
    now: NaiveDateTime,
) -> Vec<NewUser> {
    (first..first + count)
        .map(|n| {
            let first_name = FIRST_NAMES[rng.below(FIRST_NAMES.len())];
            let last_name = LAST_NAMES[rng.below(LAST_NAMES.len())];
            let local = normalize_search(&format!("{first_name} {last_name}")).replace(' ', ".");
            NewUser {
                id: uuid::Uuid::now_v7().to_string(),
                email: format!("{local}.{n}@charge.test"),
                password_hash: None,
                first_name: first_name.to_string(),
                last_name: last_name.to_string(),
                role: Role::Professional,
                profession: Some(PROFESSIONS[rng.below(PROFESSIONS.len())]),
                situation: Some(Situation::Installe),
                professional_number: Some(luhn_complete(&format!("2{n:09}"))),
                institution_id: None,
                region_code: None,
                email_verified_at: Some(now),
                disabled_at: None,
                created_at: now,
                updated_at: now,
            }
        })
        .collect()
}

fn pick_state(rng: &mut Rng) -> RequestState {
    let mut roll = rng.below(100) as u64;
    for (state, weight) in STATES {
        if roll < weight {
            return state;
        }
        roll -= weight;
    }
    RequestState::Orientee
}

/// Referral states consistent with `state` (checked with [`is_consistent`]).
fn referral_states(rng: &mut Rng, state: RequestState, count: usize) -> Vec<ReferralState> {
    use ReferralState as F;
    let mut states: Vec<ReferralState> = match state {
        RequestState::Brouillon => Vec::new(),
        RequestState::Traitee | RequestState::Cloturee => vec![F::Repondue; count],
        RequestState::Orientee => (0..count)
            .map(|_| {
                *rng.pick(&[F::ATraiter, F::EnCours, F::Repondue, F::Declinee])
                    .unwrap_or(&F::EnCours)
            })
            .collect(),
        RequestState::EnAttenteProfessionnel if rng.chance(50) => {
            let mut s = vec![F::EnCours; count];
            if let Some(first) = s.first_mut() {
                *first = F::EnAttenteProfessionnel;
            }
            s
        }
        _ => vec![F::ATraiter; count],
    };
    if state == RequestState::Orientee && states.iter().all(|s| *s == F::Repondue) {
        if let Some(first) = states.first_mut() {
            *first = F::EnCours;
        }
    }
    states
}

/// One request with its referrals, messages and timeline, appended to `rows`.
pub fn request(
    rng: &mut Rng,
    world: &World,
    professional: &NewUser,
    rows: &mut Rows,
) -> Option<Place> {
    let policy = DeadlinePolicy::default();
    let place = rng.pick(&world.places)?.clone();
    let state = pick_state(rng);
    let kind = RequestKind::ALL[rng.below(RequestKind::ALL.len())];
    // Open requests are recent (a few late ones), handled ones spread over eighteen months.
    let days = match state {
        RequestState::Traitee | RequestState::Cloturee | RequestState::Retiree => 540,
        _ => 40,
    };
    let created = world.now - Duration::minutes(rng.below(days * 24 * 60) as i64 + 60);
    let submitted = (state != RequestState::Brouillon)
        .then(|| created + Duration::minutes(rng.below(3 * 24 * 60) as i64));
    let id = uuid::Uuid::now_v7().to_string();
    let mut local: Vec<&Target> = world
        .targets
        .iter()
        .filter(|t| t.departement.as_deref() == Some(place.departement.as_str()))
        .collect();
    if local.is_empty() {
        local = world.targets.iter().collect();
    }
    let count = match state {
        RequestState::Brouillon => 0,
        _ => (1 + rng.below(3)).min(local.len()),
    };
    let referral_states = referral_states(rng, state, count);
    let routed = referral_states
        .iter()
        .any(|s| *s != ReferralState::ATraiter)
        || matches!(
            state,
            RequestState::Orientee | RequestState::Traitee | RequestState::Cloturee
        );
    let routed_at = submitted
        .filter(|_| routed)
        .map(|s| s + Duration::hours(2 + rng.below(10 * 24) as i64));
    let referent = world
        .referents
        .iter()
        .find(|r| r.departements.contains(&place.departement))
        .filter(|_| state != RequestState::Deposee && state != RequestState::Brouillon);
    let closed_at = match state {
        RequestState::Cloturee | RequestState::Retiree => Some(
            routed_at.or(submitted).unwrap_or(created) + Duration::days(1 + rng.below(30) as i64),
        ),
        _ => None,
    };
    let first_referral = rows.referrals.len();
    for (position, referral_state) in referral_states.iter().enumerate() {
        let target = local[position % local.len()];
        let started = routed_at.filter(|_| *referral_state != ReferralState::ATraiter);
        let answered = started
            .filter(|_| {
                matches!(
                    referral_state,
                    ReferralState::Repondue | ReferralState::Declinee
                )
            })
            .map(|s| s + Duration::hours(1 + rng.below(20 * 24) as i64));
        let territory = Territory::of_departement(
            target
                .departement
                .as_deref()
                .unwrap_or(place.departement.as_str()),
        );
        rows.referrals.push(ReferralRow {
            id: uuid::Uuid::now_v7().to_string(),
            request_id: id.clone(),
            position: position as i32,
            institution_id: Some(target.id.clone()),
            institution_kind: target.kind,
            state: *referral_state,
            removed_at: None,
            started_at: started,
            due_at: started.and_then(|s| policy.referral_due(territory, s, &[])),
            answered_at: answered,
            answer: answered
                .filter(|_| *referral_state == ReferralState::Repondue)
                .map(|_| "Réponse de l'institution (données générées).".to_string()),
            decline_reason: answered
                .filter(|_| *referral_state == ReferralState::Declinee)
                .map(|_| "Hors de notre compétence (données générées).".to_string()),
            agent_id: None,
            created_at: submitted.unwrap_or(created),
            updated_at: answered.or(started).unwrap_or(created),
            inbox_tab: inbox::stored(Tab::of_referral(*referral_state, started.is_some()))
                .to_string(),
            inbox_due_at: inbox::referral_deadline(
                *referral_state,
                started.and_then(|s| policy.referral_due(territory, s, &[])),
            ),
        });
    }
    let label = format!("{} {}", professional.first_name, professional.last_name);
    let event = |rows: &mut Rows, at: NaiveDateTime, kind: ActionKind, actor: Option<&str>| {
        rows.events.push(TimelineEvent {
            id: uuid::Uuid::now_v7().to_string(),
            request_id: id.clone(),
            at,
            actor_id: actor.map(str::to_string),
            actor_label: if actor == Some(professional.id.as_str()) {
                label.clone()
            } else {
                "Référent du guichet".to_string()
            },
            kind: TimelineKind::Transition,
            summary: kind.label().to_string(),
            referral_id: None,
            internal: false,
        });
    };
    if let Some(at) = submitted {
        event(rows, at, ActionKind::Submit, Some(&professional.id));
    }
    if let Some(at) = routed_at {
        event(rows, at, ActionKind::Route, referent.map(|r| r.id.as_str()));
        if let Some(referent) = referent {
            for n in 0..rng.below(4) {
                let author = if n % 2 == 0 {
                    &referent.id
                } else {
                    &professional.id
                };
                rows.messages.push(Message {
                    id: uuid::Uuid::now_v7().to_string(),
                    request_id: id.clone(),
                    referral_id: None,
                    author_id: author.clone(),
                    body: "Message de suivi (données générées).".to_string(),
                    internal: false,
                    created_at: at + Duration::hours(n as i64 + 1),
                });
            }
        }
    }
    match (state, closed_at) {
        (RequestState::Cloturee, Some(at)) => {
            event(rows, at, ActionKind::Close, referent.map(|r| r.id.as_str()))
        }
        (RequestState::Retiree, Some(at)) => {
            event(rows, at, ActionKind::Withdraw, Some(&professional.id))
        }
        _ => {}
    }
    debug_assert!(is_consistent(state, &referral_states));
    let priority = *rng
        .pick(&[
            Priority::Normal,
            Priority::Normal,
            Priority::Prioritaire,
            Priority::Urgent,
        ])
        .unwrap_or(&Priority::Normal);
    let clocks: Vec<(ReferralState, Option<NaiveDateTime>)> = rows.referrals[first_referral..]
        .iter()
        .map(|r| (r.state, r.due_at))
        .collect();
    let territory = Territory::of_departement(&place.departement);
    let qualification_due = submitted.and_then(|s| policy.qualification_due(territory, s, &[]));
    rows.requests.push(RequestRow {
        search_text: String::new(),
        inbox_tab: inbox::stored(Tab::of_request(state)).to_string(),
        inbox_due_at: inbox::request_deadline(state, qualification_due, &clocks),
        id,
        number: String::new(),
        professional_id: professional.id.clone(),
        kind,
        aid_code: (kind == RequestKind::AidApplication)
            .then(|| AIDS[rng.below(AIDS.len())].to_string()),
        state,
        priority,
        coordination: Coordination::Simple,
        referent_id: referent.map(|r| r.id.clone()),
        commune_insee: Some(place.insee.clone()),
        departement_code: Some(place.departement.clone()),
        region_code: Some(place.region.clone()),
        draft: serde_json::json!({ COMMUNE: place.insee }).to_string(),
        eligibility_snapshot: None,
        submitted_at: submitted,
        qualification_due_at: qualification_due,
        routed_at,
        closed_at,
        created_at: created,
        updated_at: closed_at.or(routed_at).or(submitted).unwrap_or(created),
        channel: None,
        recorded_by: None,
        contact_phone: None,
    });
    Some(place)
}

/// Numbers a request (`2026-000042`) and fills its search text.
pub fn finish(row: &mut RequestRow, counter: i64, professional: &NewUser, commune: &str) {
    row.number = format!("{}-{counter:06}", row.created_at.year());
    row.search_text = search_text(
        &professional.first_name,
        &professional.last_name,
        &professional.email,
        professional.professional_number.as_deref(),
        Some(commune),
        &row.number,
    );
}
