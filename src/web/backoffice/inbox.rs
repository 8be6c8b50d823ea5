//! The inboxes: `/guichet/demandes` (the requests of the référent's départements) and
//! `/partenaire/demandes` (the referrals of the partner agent's institution); their CSV is in
//! `export`.

use std::collections::{HashMap, HashSet};

use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use diesel::QueryResult;

use super::bulk::BulkForm;
use super::view::{self, Choice, InboxPage, Row, RowContext, RowState, EXPORT_LIMIT};
use crate::auth::csrf::CsrfToken;
use crate::auth::{policy, Viewer};
use crate::db::inbox::InboxRow;
use crate::db::{self, DbConnection};
use crate::domain::inbox::{Audience, Cursor, InboxQuery, RawInboxQuery, Tab, PAGE_SIZE};
use crate::domain::request::Channel;
use crate::error::AppError;
use crate::web::forms::FormState;
use crate::web::page::{html, render_html};
use crate::web::AppState;

/// Whose inbox, with its scope.
#[derive(Clone)]
pub(super) enum Source {
    /// The référent's départements.
    Referent(Vec<String>),
    /// The partner agent's institution, and the départements of its région (filter choices).
    Partner(String, Vec<String>),
}

impl Source {
    pub(super) fn of(viewer: &Viewer, audience: Audience) -> Result<Source, AppError> {
        Ok(match audience {
            Audience::Referent => Source::Referent(policy::referent_inbox(viewer)?.to_vec()),
            Audience::Partner => {
                Source::Partner(policy::partner_inbox(viewer)?.to_string(), Vec::new())
            }
        })
    }

    fn path(&self) -> &'static str {
        match self {
            Source::Referent(_) => "/guichet/demandes",
            Source::Partner(..) => "/partenaire/demandes",
        }
    }

    pub(super) fn labels(&self) -> (&'static str, &'static str) {
        match self {
            Source::Referent(_) => ("Déposée le", "Référent en charge"),
            Source::Partner(..) => ("Transmise le", "Agent en charge"),
        }
    }
}

/// What the previous bulk action changed (`?modifiees=N`).
#[derive(Debug, serde::Deserialize)]
pub struct Notice {
    modifiees: Option<u32>,
}

/// What the page says above its rows: what the previous bulk action changed, or the bulk form
/// sent back with its mistakes (then a 422, and the page is not kept in the view cache).
pub(super) enum Said {
    Changed(Option<u32>),
    Again(FormState),
}

/// A request as one inbox shows it.
type Shown = (InboxRow, RowState);

/// One view of the inbox, read from the database.
pub(super) struct Loaded {
    query: InboxQuery,
    commune_error: Option<&'static str>,
    departements: Vec<String>,
    people: Vec<Choice>,
    found: Vec<Shown>,
    counts: Vec<(Tab, i64)>,
    unread: HashSet<String>,
    /// How the requests a référent recorded reached the guichet (référent inbox only).
    channels: HashMap<String, Channel>,
    next: Option<Cursor>,
}

/// Everyone who can be in charge: the référents of the départements, or the institution's agents.
fn people(conn: &mut DbConnection, source: &Source) -> QueryResult<Vec<Choice>> {
    let users = match source {
        Source::Referent(scope) => {
            let mut all = Vec::new();
            for departement in scope {
                all.extend(db::users::referents_of_departement(conn, departement)?);
            }
            all
        }
        Source::Partner(institution, _) => db::users::agents_of_institution(conn, institution)?,
    };
    let mut people: Vec<Choice> = Vec::new();
    for user in users {
        if !people.iter().any(|p| p.value == user.id) {
            people.push(Choice::new(
                user.id,
                format!("{} {}", user.first_name, user.last_name),
            ));
        }
    }
    Ok(people)
}

/// One page of rows and the cursor after it (when the page is full).
fn page(
    conn: &mut DbConnection,
    source: &Source,
    q: &InboxQuery,
    now: NaiveDateTime,
) -> QueryResult<(Vec<Shown>, Option<Cursor>)> {
    let (rows, next) = match source {
        Source::Referent(_) => {
            let found = db::inbox::page(conn, q, now)?;
            let next = found.last().and_then(|last| {
                Some(Cursor {
                    key: db::inbox::sort_key(q.sort, last)?,
                    id: last.id.clone(),
                })
            });
            let rows = found
                .into_iter()
                .map(|r| {
                    let shown = RowState::of_request(&r);
                    (r, shown)
                })
                .collect::<Vec<_>>();
            (rows, next)
        }
        Source::Partner(institution, _) => {
            let found = db::inbox::partner_page(conn, q, institution, now)?;
            let next = found.last().and_then(|(_, last)| {
                Some(Cursor {
                    key: db::inbox::partner_sort_key(q.sort, last)?,
                    id: last.id.clone(),
                })
            });
            let rows = found
                .into_iter()
                .map(|(r, referral)| (r, RowState::of_referral(&referral)))
                .collect::<Vec<_>>();
            (rows, next)
        }
    };
    let full = rows.len() as i64 == PAGE_SIZE;
    Ok((rows, next.filter(|_| full)))
}

/// Reads one page (with counts and unread markers), or every page up to the export limit.
pub(super) async fn load(
    state: &AppState,
    viewer: &Viewer,
    audience: Audience,
    raw: &RawInboxQuery,
    export: bool,
) -> Result<Loaded, AppError> {
    let mut source = Source::of(viewer, audience)?;
    if let (Source::Partner(_, departements), Some(region)) = (&mut source, &viewer.region_code) {
        *departements = state.communes.departements_of_region(region);
    }
    let scope = match &source {
        Source::Referent(scope) | Source::Partner(_, scope) => scope.clone(),
    };
    let mut query = InboxQuery::parse(raw, audience, &scope);
    let within = if query.departements.is_empty() {
        &scope
    } else {
        &query.departements
    };
    let commune = view::resolve_commune(&state.communes, &raw.commune, within);
    let commune_error = commune.as_ref().err().copied();
    // A commune that matches nothing matches no request either.
    query.commune = commune.unwrap_or_else(|_| Some("-".to_string()));
    let viewer_id = viewer.user_id.clone();
    let now = state.clock.now();
    let (q, src) = (query.clone(), source.clone());
    let (found, counts, unread, channels, people, next) = db::run(&state.pool, move |conn| {
        let people = people(conn, &src)?;
        let mut q = q;
        let mut found = Vec::new();
        let next = loop {
            let (rows, next) = page(conn, &src, &q, now)?;
            found.extend(rows);
            match next {
                Some(c) if export && found.len() < EXPORT_LIMIT => q.after = Some(c),
                other => break other,
            }
        };
        if export {
            let none = HashMap::new();
            return Ok((found, Vec::new(), HashSet::new(), none, people, None));
        }
        let counts = match &src {
            Source::Referent(_) => db::inbox::tab_counts(conn, &q, now)?,
            Source::Partner(institution, _) => {
                db::inbox::partner_counts(conn, &q, institution, now)?
            }
        };
        let ids: Vec<String> = found.iter().map(|(r, _)| r.id.clone()).collect();
        let unread: HashSet<String> = db::inbox::unread(conn, &ids, &viewer_id)?
            .into_iter()
            .collect();
        let channels = match &src {
            Source::Referent(_) => db::intake::channels_of(conn, &ids)?,
            Source::Partner(..) => HashMap::new(),
        };
        Ok((found, counts, unread, channels, people, next))
    })
    .await?;
    Ok(Loaded {
        query,
        commune_error,
        departements: scope,
        people,
        found,
        counts,
        unread,
        channels,
        next,
    })
}

pub(super) fn rows(state: &AppState, loaded: &mut Loaded) -> Vec<Row> {
    let ctx = RowContext {
        deadlines: &state.settings.deadlines,
        communes: &state.communes,
        people: &loaded.people,
        now: state.clock.now(),
    };
    std::mem::take(&mut loaded.found)
        .into_iter()
        .map(|(r, shown)| {
            let unread = loaded.unread.contains(&r.id);
            let channel = loaded.channels.get(&r.id).map(|c| c.label());
            Row {
                channel,
                ..view::row(r, shown, &ctx, unread)
            }
        })
        .collect()
}

pub(super) async fn show(
    state: &AppState,
    req: &HttpRequest,
    viewer: &Viewer,
    audience: Audience,
    raw: RawInboxQuery,
    said: Said,
) -> Result<HttpResponse, AppError> {
    let source = Source::of(viewer, audience)?;
    let (changed, form) = match said {
        Said::Changed(changed) => (changed, None),
        Said::Again(form) => (None, Some(form)),
    };
    let status = form
        .as_ref()
        .map_or(StatusCode::OK, |_| StatusCode::UNPROCESSABLE_ENTITY);
    let key = cache_key(req, viewer).filter(|_| form.is_none());
    if let Some(body) = key.as_deref().and_then(|k| state.views.get(k)) {
        return Ok(html(body));
    }
    let generation = state.views.generation();
    let path = source.path();
    let mut loaded = load(state, viewer, audience, &raw, false).await?;
    let rows = rows(state, &mut loaded);
    let query = &loaded.query;
    let base = RawInboxQuery {
        apres: String::new(),
        ..raw.clone()
    };
    let next_href = loaded.next.as_ref().map(|c| {
        view::href(
            path,
            &RawInboxQuery {
                apres: c.encode(),
                ..raw.clone()
            },
        )
    });
    let [kinds, aids, priorities, states] = view::choices(state, query);
    let mut people = vec![Choice::new("aucun", "Personne (non attribuée)")];
    people.extend(loaded.people.iter().cloned());
    let (date_label, owner_label) = source.labels();
    let page = InboxPage {
        title: match audience {
            Audience::Referent => "Demandes de mes départements",
            Audience::Partner => "Demandes transmises à mon institution",
        },
        referent: audience == Audience::Referent,
        path,
        date_label,
        owner_label,
        changed,
        people,
        tab_label: query.tab.label_for(audience),
        tabs: view::tabs(path, &base, query, std::mem::take(&mut loaded.counts)),
        commune_error: loaded.commune_error,
        kinds,
        aids,
        priorities,
        states,
        departements: loaded
            .departements
            .iter()
            .map(|d| Choice::new(d.clone(), d.clone()))
            .collect(),
        rows,
        next_href,
        bulk: BulkForm::new(&raw, &loaded.people, form.unwrap_or_default()),
        csv_href: view::href(&format!("{path}.csv"), &base),
        filters: RawInboxQuery {
            onglet: query.tab.slug_for(audience).to_string(),
            ..base
        },
    };
    let body = Bytes::from(render_html(state, req, "backoffice/inbox.html", &page)?);
    if let Some(key) = key {
        state.views.put(key, generation, body.clone());
    }
    let mut response = html(body);
    *response.status_mut() = status;
    Ok(response)
}

/// Who asks for which view, when the page can be kept: the person, the CSRF token their forms
/// repeat (bound to their session), the path and the query.
fn cache_key(req: &HttpRequest, viewer: &Viewer) -> Option<String> {
    viewer.session_id.as_ref()?;
    let token = req.extensions().get::<CsrfToken>()?.0.clone();
    Some(format!(
        "{}\u{0}{token}\u{0}{}?{}",
        viewer.user_id,
        req.path(),
        req.query_string()
    ))
}

pub async fn referent(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    raw: web::Query<RawInboxQuery>,
    notice: web::Query<Notice>,
) -> Result<HttpResponse, AppError> {
    let changed = notice.modifiees;
    show(
        &state,
        &req,
        &viewer,
        Audience::Referent,
        raw.into_inner(),
        Said::Changed(changed),
    )
    .await
}

pub async fn partner(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    raw: web::Query<RawInboxQuery>,
) -> Result<HttpResponse, AppError> {
    show(
        &state,
        &req,
        &viewer,
        Audience::Partner,
        raw.into_inner(),
        Said::Changed(None),
    )
    .await
}
