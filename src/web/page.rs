//! Rendering a page: the page's own context plus the layout's (assets, navigation, the signed-in
//! person, the CSRF token, a confirmation message, the request id).

use actix_web::http::StatusCode;
use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use serde::Serialize;
use tracing_actix_web::RequestId;

use super::AppState;
use crate::auth::csrf::CsrfToken;
use crate::auth::Viewer;
use crate::domain::account::Role;
use crate::domain::calendar::Territory;
use crate::error::AppError;

#[derive(Serialize)]
pub struct LayoutViewer {
    pub display_name: String,
    pub role_label: &'static str,
    pub is_admin: bool,
    pub is_professional: bool,
    /// The agent's list of requests, if any.
    pub inbox: Option<&'static str>,
    /// Admins, référents and partner agents see the indicators.
    pub indicators: bool,
}

/// What `templates/base.html` needs on every page.
#[derive(Serialize)]
pub struct Layout<'a> {
    pub assets: &'a super::assets::AssetPaths,
    pub path: String,
    pub request_id: String,
    pub demo: bool,
    pub viewer: Option<LayoutViewer>,
    pub csrf_token: String,
    /// A confirmation after an action (`?ok=<key>` on the redirect).
    pub notice: Option<&'static str>,
    /// The viewer's territory ([`Territory::key`]): dates are shown in its civil time
    /// (`{{ at | datetime_fr(territoire=layout.territory) }}`).
    pub territory: &'static str,
}

pub fn request_id(req: &HttpRequest) -> String {
    req.extensions()
        .get::<RequestId>()
        .map(|id| id.to_string())
        .unwrap_or_default()
}

/// Confirmation messages shown after a redirect; the URL carries only the key.
fn notice(req: &HttpRequest) -> Option<&'static str> {
    let key = serde_urlencoded::from_str::<Vec<(String, String)>>(req.query_string())
        .ok()?
        .into_iter()
        .find(|(k, _)| k == "ok")
        .map(|(_, v)| v)?;
    Some(match key.as_str() {
        "connecte" => "Vous êtes connecté.",
        "deconnecte" => "Vous êtes déconnecté.",
        "adresse-verifiee" => "Votre adresse électronique est confirmée : vous pouvez vous connecter.",
        "mot-de-passe-modifie" => "Votre mot de passe est modifié. Par sécurité, toutes vos sessions ont été fermées : reconnectez-vous.",
        "profil-modifie" => "Votre profil est enregistré : le simulateur et vos nouvelles demandes le reprennent.",
        "sessions-fermees" => "Toutes vos sessions ont été fermées.",
        "courriel-envoye" => "Un courriel de confirmation a été envoyé à la nouvelle adresse.",
        "adresse-modifiee" => "Votre adresse électronique est modifiée.",
        "codes-de-secours-bientot-epuises" => "Vous êtes connecté avec un code de secours et il vous en reste peu : générez-en de nouveaux ci-dessous.",
        "double-authentification-desactivee" => "La double authentification est désactivée.",
        "double-authentification-reinitialisee" => "La double authentification du compte est réinitialisée et ses sessions fermées : la personne configurera une nouvelle application à sa prochaine connexion.",
        "securite-enregistree" => "La règle de double authentification de la région est enregistrée.",
        "jeton-cree" => "Le jeton d'accès a été créé.",
        "jeton-revoque" => "Le jeton d'accès a été révoqué.",
        "invitation-envoyee" => "L'invitation a été envoyée.",
        "institution-modifiee" => "L'institution est modifiée.",
        "regle-enregistree" => "Le brouillon est enregistré : essayez-le sur le simulateur, puis publiez-le.",
        "regle-publiee" => "La règle est publiée : le simulateur et l'API l'appliquent dès maintenant.",
        "regle-retiree" => "La règle est retirée : elle ne s'applique plus.",
        "institution-creee" => "L'institution est créée. Invitez maintenant ses agents.",
        "institution-desactivee" => "L'institution est désactivée : aucune nouvelle demande ne lui sera transmise.",
        "institution-reactivee" => "L'institution est réactivée : elle reçoit de nouveau les demandes qui lui reviennent.",
        "role-modifie" => "Le rôle a été modifié.",
        "compte-desactive" => "Le compte a été désactivé et ses sessions fermées.",
        "compte-reactive" => "Le compte a été réactivé.",
        "routage-modifie" => "La dérogation est enregistrée : les prochaines demandes suivront cette liste.",
        "routage-retabli" => "La règle du fichier de routage s'applique de nouveau.",
        "zonage-importe" => "Le zonage est importé.",
        "texte-enregistre" => "Le texte est enregistré : les visiteurs de la région le lisent désormais.",
        "version-retablie" => "La version est rétablie : elle est enregistrée comme une nouvelle version.",
        "courriel-relance" => "Le courriel sera renvoyé dans quelques instants.",
        "brouillon-enregistre" => "Votre brouillon est enregistré.",
        "demande-deposee" => "Votre demande est déposée : un courriel de confirmation vous a été envoyé.",
        "demande-enregistree" => "La demande est enregistrée et déposée pour le professionnel : un courriel l'en informe.",
        "demande-enregistree-invitation" => "La demande est enregistrée et déposée ; un courriel invite le professionnel à activer son compte pour la suivre.",
        "demande-retiree" => "Votre demande est retirée.",
        "demande-ajoutee" => "La demande fait désormais partie du projet.",
        "projet-renomme" => "Le projet est renommé.",
        "demande-retiree-du-projet" => "La demande ne fait plus partie du projet ; elle suit son cours.",
        "demandes-liees" => "Les deux demandes sont liées : elles font partie du même projet.",
        "demande-qualifiee" => "La qualification est enregistrée.",
        "type-modifie" => "Le type de la demande est modifié et son orientation recalculée.",
        "prochaine-action" => "La prochaine action est planifiée.",
        "demande-orientee" => "La demande est transmise aux institutions.",
        "question-envoyee" => "La question est envoyée au professionnel ; le délai est suspendu jusqu'à sa réponse.",
        "reponse-envoyee" => "Votre réponse est envoyée.",
        "institution-ajoutee" => "L'institution est ajoutée à la demande.",
        "institution-retiree" => "L'institution est retirée de la demande.",
        "prise-en-charge" => "Vous avez pris en charge cette transmission.",
        "reponse-enregistree" => "La réponse de votre institution est enregistrée.",
        "transmission-declinee" => "La transmission est renvoyée au référent du guichet.",
        "transmission-reorientee" => "La transmission est réorientée : l'institution choisie en est saisie et le référent du guichet est prévenu.",
        "transmission-confiee" => "La transmission est confiée à votre collègue, prévenu par courriel.",
        "referent-designe" => "Le référent en charge est désigné.",
        "reponses-types-enregistrees" => "Les réponses types de votre institution sont enregistrées.",
        "demande-cloturee" => "La demande est clôturée.",
        "demande-rouverte" => "La demande est rouverte.",
        "message-envoye" => "Votre message est envoyé.",
        "document-ajoute" => "Le document est ajouté.",
        "document-partage" => "Le document est partagé avec l'institution.",
        "partage-retire" => "L'institution n'a plus accès au document.",
        _ => return None,
    })
}

impl<'a> Layout<'a> {
    pub fn new(state: &'a AppState, req: &HttpRequest) -> Self {
        let extensions = req.extensions();
        let viewer = extensions.get::<Viewer>().map(|v| LayoutViewer {
            display_name: v.display_name.clone(),
            role_label: v.role.label(),
            is_admin: v.role == Role::Admin,
            is_professional: v.role == Role::Professional,
            inbox: match v.role {
                Role::Referent => Some("/guichet/demandes"),
                Role::Partner => Some("/partenaire/demandes"),
                _ => None,
            },
            indicators: matches!(v.role, Role::Admin | Role::Referent | Role::Partner),
        });
        Self {
            assets: &state.assets,
            path: req.path().to_string(),
            request_id: request_id(req),
            demo: state.settings.demo_enabled(),
            viewer,
            csrf_token: extensions
                .get::<CsrfToken>()
                .map(|t| t.0.clone())
                .unwrap_or_default(),
            notice: notice(req),
            territory: extensions
                .get::<Viewer>()
                .map_or(Territory::Metropole, Viewer::territory)
                .key(),
        }
    }
}

/// Renders `template` with `page`'s fields at the top level and `layout` beside them.
/// The HTML of `template` with `page` and the layout.
pub fn render_html<T: Serialize>(
    state: &AppState,
    req: &HttpRequest,
    template: &str,
    page: &T,
) -> Result<String, AppError> {
    let mut context = tera::Context::from_serialize(page)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("contexte de {template} : {e}")))?;
    context.insert("layout", &Layout::new(state, req));
    state.templates.render(template, &context).map_err(|e| {
        AppError::Internal(anyhow::Error::new(e).context(format!("gabarit {template}")))
    })
}

/// A 200 HTML page from its body.
pub fn html(body: impl actix_web::body::MessageBody + 'static) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body)
}

pub fn render_with_status<T: Serialize>(
    state: &AppState,
    req: &HttpRequest,
    status: StatusCode,
    template: &str,
    page: &T,
) -> Result<HttpResponse, AppError> {
    let html = render_html(state, req, template, page)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

pub fn render<T: Serialize>(
    state: &AppState,
    req: &HttpRequest,
    template: &str,
    page: &T,
) -> Result<HttpResponse, AppError> {
    render_with_status(state, req, StatusCode::OK, template, page)
}

/// After a successful POST: 303 to `location` (a local path).
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, location.to_string()))
        .finish()
}
