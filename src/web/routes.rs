//! Every URL of the guichet, in one table. Authorization is checked in each handler through
//! `auth::policy` (the `Viewer` extractor alone redirects anonymous visitors to the sign-in page).
//!
//! The table is data as well as configuration: [`ROUTES`] lists every method and path in the
//! order actix tries them, for the access-matrix test and for [`is_page`] (where a sign-in may
//! send the browser back to).

use actix_web::guard;
use actix_web::web::{self, ServiceConfig};

use crate::error::AppError;
use crate::web::account::{
    deletion, email_change, email_links, personal_data, profession, profile, register,
    second_factor, second_step, signin, tokens,
};
use crate::web::admin::second_factor as admin_second_factor;
use crate::web::admin::{
    accounts, aids, hub, institution_edit, institution_manage, institutions, outbox, regional_aids,
    regional_history, regional_texts, routing, users, zonage_imports,
};
use crate::web::info::{bookings, contacts, pages, permanences, publish, search};
use crate::web::projects::{self, forms as project_forms};
use crate::web::requests::{
    actions, api, attachments, filing, handover, intake, messages, new_draft, partner_actions,
    project_links, referent_handling, routing_actions, shares, view,
};
use crate::web::{
    aides, backoffice, commitments, communes, dev_mailbox, eligibility, health, home, indicators,
    simulator, zonage,
};

/// The HTTP methods the guichet answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(clippy::upper_case_acronyms)] // written as in HTTP, and as in the table below
pub enum Verb {
    GET,
    POST,
}

/// One line of the table: a method and a path pattern (`{name}` matches one segment, or the
/// part of a segment before a fixed suffix, as in `{code}.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    pub verb: Verb,
    pub path: &'static str,
}

/// Writes [`ROUTES`] and [`configure`] from one list, so that they cannot disagree.
/// `[long_form]` raises the form size limit of that route to the CSRF check's.
macro_rules! route_table {
    ($( $verb:ident $path:literal => $handler:path $([$option:ident])? ,)*) => {
        /// Every route, in the order actix tries them.
        pub const ROUTES: &[Route] = &[$(Route { verb: Verb::$verb, path: $path }),*];

        pub fn configure(cfg: &mut ServiceConfig) {
            $( route_table!(@one cfg, $verb, $path, $handler $(, $option)?); )*
        }
    };
    (@one $cfg:ident, GET, $path:literal, $handler:path) => {
        $cfg.route($path, web::get().to($handler));
    };
    (@one $cfg:ident, POST, $path:literal, $handler:path) => {
        $cfg.route($path, web::post().to($handler));
    };
    (@one $cfg:ident, POST, $path:literal, $handler:path, long_form) => {
        $cfg.service(
            web::resource($path)
                .guard(guard::Post())
                .app_data(web::FormConfig::default().limit(crate::auth::csrf::FORM_LIMIT))
                .route(web::post().to($handler)),
        );
    };
}

route_table! {
    // Public pages.
    GET  "/" => home::home,
    GET  "/healthz" => health::healthz,
    GET  "/institutions" => home::institutions,
    GET  "/pages/{name}" => home::static_page,
    // Aids, eligibility and zonage (public).
    GET  "/aides" => aides::list,
    GET  "/aides/{code}" => aides::show,
    GET  "/simulateur" => simulator::page,
    GET  "/zonage" => zonage::page,
    GET  "/api/v1/communes" => communes::search,
    POST "/api/v1/eligibility" => eligibility::api,
    GET  "/api/v1/zonage" => zonage::api,
    // Information and orientation (public), permanences (booking needs an account).
    GET  "/informations" => pages::index,
    GET  "/informations/{profession}" => pages::profession,
    GET  "/informations/{profession}/{step}" => pages::step,
    GET  "/qui-contacter" => contacts::page,
    GET  "/recherche" => search::page,
    GET  "/permanences" => permanences::list,
    POST "/permanences" => publish::create,
    GET  "/permanences/nouvelle" => publish::form,
    GET  "/permanences/mes-rendez-vous" => bookings::mine,
    POST "/permanences/creneaux/{slot}/reserver" => bookings::book,
    GET  "/permanences/reservations/{id}" => bookings::confirmation,
    POST "/permanences/reservations/{id}/annuler" => bookings::cancel,
    GET  "/permanences/{id}" => permanences::show,
    GET  "/permanences/{id}/inscriptions" => bookings::attendees,
    // Accounts.
    GET  "/inscription" => register::form,
    POST "/inscription" => register::submit,
    GET  "/inscription/envoyee" => register::sent,
    GET  "/compte/verifier" => register::verify_form,
    POST "/compte/verifier" => register::verify,
    GET  "/connexion" => signin::form,
    POST "/connexion" => signin::submit,
    GET  "/connexion/code" => second_step::code_form,
    POST "/connexion/code" => second_step::code_submit,
    GET  "/connexion/activation" => second_step::enrol_form,
    POST "/connexion/activation" => second_step::enrol_submit,
    POST "/deconnexion" => signin::sign_out,
    GET  "/mot-de-passe/oublie" => email_links::forgot_form,
    POST "/mot-de-passe/oublie" => email_links::forgot,
    GET  "/mot-de-passe/nouveau" => email_links::reset_form,
    POST "/mot-de-passe/nouveau" => email_links::reset,
    GET  "/invitation" => email_links::invitation_form,
    POST "/invitation" => email_links::accept_invitation,
    // The signed-in person's own account.
    GET  "/compte" => profile::account,
    POST "/compte/profil" => profession::update,
    GET  "/compte/sessions" => profile::sessions,
    POST "/compte/sessions/fermer-tout" => profile::sign_out_everywhere,
    GET  "/compte/mot-de-passe" => profile::password_form,
    POST "/compte/mot-de-passe" => profile::change_password,
    GET  "/compte/courriel" => email_change::email_form,
    POST "/compte/courriel" => email_change::change_email,
    GET  "/compte/courriel/confirmer" => email_change::confirm_email_form,
    POST "/compte/courriel/confirmer" => email_change::confirm_email,
    GET  "/compte/jetons" => tokens::api_tokens,
    POST "/compte/jetons" => tokens::create_api_token,
    POST "/compte/jetons/{id}/revoquer" => tokens::revoke_api_token,
    GET  "/compte/double-authentification" => second_factor::show,
    POST "/compte/double-authentification/activer" => second_factor::start,
    POST "/compte/double-authentification/confirmer" => second_factor::confirm,
    POST "/compte/double-authentification/codes-de-secours" => second_factor::recovery_codes,
    POST "/compte/double-authentification/desactiver" => second_factor::turn_off,
    // A professional's own data: download, account deletion (RGPD).
    GET  "/compte/donnees" => personal_data::page,
    POST "/compte/donnees/archive" => personal_data::download,
    GET  "/compte/suppression" => deletion::confirm_page,
    POST "/compte/suppression" => deletion::delete,
    // Regional administration.
    GET  "/admin" => hub::page,
    GET  "/admin/institutions" => institutions::list,
    POST "/admin/institutions" => institution_manage::create,
    GET  "/admin/institutions/nouvelle" => institution_manage::new_form,
    GET  "/admin/institutions/{id}" => institutions::show,
    POST "/admin/institutions/{id}/desactiver" => institution_manage::deactivate,
    POST "/admin/institutions/{id}/reactiver" => institution_manage::reactivate,
    GET  "/admin/institutions/{id}/modifier" => institution_edit::edit_form,
    POST "/admin/institutions/{id}/modifier" => institution_edit::update,
    GET  "/admin/orientation" => routing::page,
    GET  "/admin/orientation/modifier" => routing::edit,
    POST "/admin/orientation/modifier" => routing::save,
    POST "/admin/orientation/retablir" => routing::revert,
    GET  "/admin/zonage" => zonage_imports::page,
    POST "/admin/zonage" => zonage_imports::upload,
    GET  "/admin/aides" => aids::page,
    GET  "/admin/aides/regionales" => regional_aids::list,
    POST "/admin/aides/regionales" => regional_aids::create,
    GET  "/admin/aides/regionales/nouvelle" => regional_aids::new_form,
    POST "/admin/aides/regionales/fichier" => regional_aids::upload,
    GET  "/admin/aides/regionales/{id}" => regional_aids::show,
    POST "/admin/aides/regionales/{id}/publier" => regional_aids::publish,
    POST "/admin/aides/regionales/{id}/retirer" => regional_aids::withdraw,
    GET  "/admin/utilisateurs" => users::list,
    GET  "/admin/invitations/nouvelle" => users::invite_form,
    POST "/admin/invitations" => users::invite,
    POST "/admin/utilisateurs/{id}/role" => accounts::change_role,
    POST "/admin/utilisateurs/{id}/desactiver" => accounts::disable,
    POST "/admin/utilisateurs/{id}/reactiver" => accounts::enable,
    POST "/admin/utilisateurs/{id}/double-authentification/reinitialiser" => admin_second_factor::reset,
    GET  "/admin/securite" => admin_second_factor::page,
    POST "/admin/securite" => admin_second_factor::save,
    GET  "/admin/courriels" => outbox::list,
    POST "/admin/courriels/{id}/relancer" => outbox::retry,
    GET  "/admin/journal" => outbox::audit,
    // Regional texts: information pages and "Qui contacter ?", with their history.
    GET  "/admin/contenus" => regional_texts::list,
    GET  "/admin/contenus/{text}" => regional_texts::edit,
    // A page is longer than the default limit of a form (16 KiB): the CSRF check's.
    POST "/admin/contenus/{text}" => regional_texts::submit [long_form],
    GET  "/admin/contenus/{text}/historique" => regional_history::history,
    GET  "/admin/contenus/{text}/versions/{id}" => regional_history::show,
    POST "/admin/contenus/{text}/versions/{id}/retablir" => regional_history::restore,
    // Requests: filing (professionals) and the request page (everyone allowed to see it).
    GET  "/demandes" => filing::list,
    POST "/demandes" => new_draft::create,
    GET  "/demandes/nouvelle" => new_draft::new,
    GET  "/demandes/{id}" => view::show,
    GET  "/demandes/{id}/modifier" => filing::edit,
    POST "/demandes/{id}/modifier" => filing::save,
    POST "/demandes/{id}/retirer" => filing::withdraw,
    POST "/demandes/{id}/reponse" => actions::answer_question,
    POST "/demandes/{id}/messages" => messages::post_message,
    POST "/demandes/{id}/pieces" => attachments::upload,
    GET  "/demandes/{id}/pieces/{piece}" => attachments::download,
    POST "/demandes/{id}/pieces/{piece}/partage" => shares::share,
    POST "/demandes/{id}/projet" => project_forms::from_request,
    // Référents and partners act on requests.
    POST "/demandes/{id}/qualification" => actions::qualify,
    POST "/demandes/{id}/orienter" => actions::route,
    POST "/demandes/{id}/type" => referent_handling::change_kind,
    POST "/demandes/{id}/prochaine-action" => referent_handling::plan_next_action,
    POST "/demandes/{id}/question" => actions::ask,
    POST "/demandes/{id}/institutions" => routing_actions::add_institution,
    POST "/demandes/{id}/cloturer" => actions::close,
    POST "/demandes/{id}/rouvrir" => actions::reopen,
    POST "/demandes/{id}/transmissions/{referral}/retirer" => routing_actions::remove_institution,
    POST "/demandes/{id}/transmissions/{referral}/prendre" => partner_actions::take,
    POST "/demandes/{id}/transmissions/{referral}/repondre" => partner_actions::answer_referral,
    POST "/demandes/{id}/transmissions/{referral}/decliner" => partner_actions::decline,
    POST "/demandes/{id}/lier" => project_links::link,
    // "Mon projet": a professional's projects; référents see those of their requests.
    GET  "/projets" => projects::list,
    POST "/projets" => project_forms::create,
    GET  "/projets/{id}" => projects::show,
    POST "/projets/{id}/demandes" => project_forms::add_request,
    POST "/projets/{id}/renommer" => project_forms::rename,
    POST "/projets/{id}/retirer" => project_forms::remove_request,
    POST "/demandes/{id}/transmissions/{referral}/confier" => handover::assign_colleague,
    POST "/demandes/{id}/transmissions/{referral}/reorienter" => handover::reroute,
    POST "/demandes/{id}/referent" => handover::assign_referent,
    GET  "/guichet/demandes" => backoffice::inbox::referent,
    GET  "/guichet/demandes.csv" => backoffice::export::referent_csv,
    GET  "/guichet/demandes/nouvelle" => intake::form,
    POST "/guichet/demandes/nouvelle" => intake::submit,
    POST "/guichet/demandes/lot" => backoffice::bulk::apply,
    GET  "/partenaire/demandes" => backoffice::inbox::partner,
    GET  "/partenaire/demandes.csv" => backoffice::export::partner_csv,
    // Commitments after a grant: the professional's, the granting institution's.
    GET  "/engagements" => commitments::mine,
    GET  "/partenaire/engagements" => commitments::institution,
    POST "/partenaire/engagements/echeances/{id}" => commitments::record,
    POST "/partenaire/engagements/echeances/{id}/corriger" => commitments::correct,
    GET  "/partenaire/reponses-types" => backoffice::standard_replies::list,
    POST "/partenaire/reponses-types" => backoffice::standard_replies::create,
    POST "/partenaire/reponses-types/{id}/supprimer" => backoffice::standard_replies::delete,
    // Indicators (the `.csv` routes come first: `{code}` would also match `93.csv`).
    GET  "/indicateurs" => indicators::index,
    GET  "/indicateurs/region/{code}.csv" => indicators::region_csv,
    GET  "/indicateurs/region/{code}" => indicators::region,
    GET  "/indicateurs/departement/{code}.csv" => indicators::departement_csv,
    GET  "/indicateurs/departement/{code}" => indicators::departement,
    // Development mailbox (404 in production).
    GET  "/dev/courriels" => dev_mailbox::list,
    GET  "/dev/courriels/{id}" => dev_mailbox::show,
    // JSON API (bearer tokens, never cookies).
    GET  "/api/v1/moi" => tokens::api_me,
    GET  "/api/v1/demandes/{id}" => api::show,
    GET  "/api/v1/demandes/{id}/historique" => api::timeline,
}

/// Anything not in the table: a French 404 page.
pub async fn not_found() -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::NotFound)
}

/// Whether `path` (without its query) is a page of the table: a `GET` route it matches.
pub fn is_page(path: &str) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or("");
    ROUTES
        .iter()
        .any(|route| route.verb == Verb::GET && matches(route.path, path))
}

/// Whether `path` matches the pattern, segment by segment.
pub fn matches(pattern: &str, path: &str) -> bool {
    let (mut want, mut have) = (pattern.split('/'), path.split('/'));
    loop {
        match (want.next(), have.next()) {
            (None, None) => return true,
            (Some(w), Some(h)) if segment_matches(w, h) => {}
            _ => return false,
        }
    }
}

fn segment_matches(pattern: &str, segment: &str) -> bool {
    match pattern.strip_prefix('{') {
        None => pattern == segment,
        Some(rest) => {
            // `{name}` or `{name}suffix`: a non-empty value, then the suffix (as actix reads it).
            let suffix = rest.split_once('}').map_or("", |(_, s)| s);
            segment
                .strip_suffix(suffix)
                .is_some_and(|value| !value.is_empty())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_their_patterns_segment_by_segment() {
        assert!(matches("/demandes/{id}", "/demandes/abc"));
        assert!(!matches("/demandes/{id}", "/demandes/"));
        assert!(!matches("/demandes/{id}", "/demandes/abc/modifier"));
        assert!(matches(
            "/indicateurs/region/{code}.csv",
            "/indicateurs/region/93.csv"
        ));
        assert!(!matches(
            "/indicateurs/region/{code}.csv",
            "/indicateurs/region/.csv"
        ));
        assert!(matches("/", "/"));
        assert!(!matches("/", "/compte"));
    }

    #[test]
    fn pages_are_the_get_routes() {
        assert!(is_page("/compte?x=1#y"));
        assert!(is_page("/demandes/abc"));
        assert!(!is_page("/deconnexion"), "a POST route is no page");
        assert!(!is_page("/inconnu"));
    }

    #[test]
    fn every_route_is_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for route in ROUTES {
            assert!(seen.insert((route.verb, route.path)), "{route:?} twice");
            assert!(route.path.starts_with('/'), "{route:?}");
        }
        assert!(ROUTES.len() > 100);
    }
}
