//! `/recherche?q=`: the information pages and the aids.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::domain::content::SearchHit;
use crate::error::AppError;
use crate::web::page::render;
use crate::web::AppState;

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Serialize)]
struct SearchPage {
    q: String,
    hits: Vec<SearchHit>,
}

pub async fn page(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, AppError> {
    let q: String = query.q.trim().chars().take(200).collect();
    let hits = state.library.search.search(&q);
    render(&state, &req, "info/search.html", &SearchPage { q, hits })
}
