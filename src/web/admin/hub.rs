//! The administration hub: one tile per admin page.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use crate::auth::{policy, Viewer};
use crate::db;
use crate::error::AppError;
use crate::web::page::render;
use crate::web::AppState;

#[derive(Serialize)]
struct Tile {
    href: &'static str,
    title: &'static str,
    description: &'static str,
}

#[derive(Serialize)]
struct HubPage {
    region_name: String,
    tiles: Vec<Tile>,
}

const TILES: [(&str, &str, &str); 9] = [
    (
        "/admin/institutions",
        "Institutions et agents",
        "Les institutions partenaires de la région, leurs agents ; inviter, désactiver.",
    ),
    (
        "/admin/utilisateurs",
        "Tous les agents",
        "Référents, agents partenaires et administrateurs : rôles, invitations, comptes.",
    ),
    (
        "/admin/orientation",
        "Orientation des demandes",
        "Les institutions qui reçoivent chaque demande, par département ; dérogations et historique.",
    ),
    (
        "/admin/zonage",
        "Zonages",
        "Les zonages importés, l'import d'un fichier CSV et la couverture des communes.",
    ),
    (
        "/admin/aides",
        "Règles des aides",
        "Les fichiers de règles des aides, leurs versions et leurs erreurs éventuelles.",
    ),
    (
        "/admin/contenus",
        "Pages d'information",
        "Les textes de la région : pages par profession et par étape, « Qui contacter ? » ; aperçu, historique.",
    ),
    (
        "/admin/courriels",
        "Courriels",
        "Les courriels en échec et leur renvoi.",
    ),
    (
        "/admin/securite",
        "Double authentification",
        "La règle de la région pour les référents et agents, l'état de chaque compte, la réinitialisation d'un téléphone perdu.",
    ),
    (
        "/admin/journal",
        "Journal de sécurité",
        "Les événements de sécurité et d'administration.",
    ),
];

pub async fn page(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    let region = policy::view_admin_hub(&viewer)?.to_string();
    let name = db::run(&state.pool, move |conn| {
        Ok(db::territories::region_name(conn, &region)?.unwrap_or(region))
    })
    .await?;
    let tiles = TILES
        .into_iter()
        .map(|(href, title, description)| Tile {
            href,
            title,
            description,
        })
        .collect();
    render(
        &state,
        &req,
        "admin/hub.html",
        &HubPage {
            region_name: name,
            tiles,
        },
    )
}
