//! Every URL of the guichet, in one table. Authorization is checked in each handler through
//! `auth::policy` (the `Viewer` extractor alone redirects anonymous visitors to the sign-in page).

use actix_web::web::{get, post, ServiceConfig};

use crate::error::AppError;
use crate::web::account::{email_change, email_links, profile, register, signin, tokens};
use crate::web::admin::{
    accounts, aids, hub, institution_edit, institution_manage, institutions, outbox, regional_aids,
    regional_history, regional_texts, routing, users, zonage_imports,
};
use crate::web::info::{bookings, contacts, pages, permanences, publish, search};
use crate::web::requests::{
    actions, api, attachments, filing, messages, partner_actions, routing_actions, view,
};
use crate::web::{
    aides, backoffice, communes, dev_mailbox, eligibility, health, home, indicators, simulator,
    zonage,
};

pub fn configure(cfg: &mut ServiceConfig) {
    // Public pages.
    cfg.route("/", get().to(home::home))
        .route("/healthz", get().to(health::healthz))
        .route("/institutions", get().to(home::institutions))
        .route("/pages/{name}", get().to(home::static_page));
    // Aids, eligibility and zonage (public).
    cfg.route("/aides", get().to(aides::list))
        .route("/aides/{code}", get().to(aides::show))
        .route("/simulateur", get().to(simulator::page))
        .route("/zonage", get().to(zonage::page))
        .route("/api/v1/communes", get().to(communes::search))
        .route("/api/v1/eligibility", post().to(eligibility::api))
        .route("/api/v1/zonage", get().to(zonage::api));
    // Information and orientation (public), permanences (booking needs an account).
    cfg.route("/informations", get().to(pages::index))
        .route("/informations/{profession}", get().to(pages::profession))
        .route("/informations/{profession}/{step}", get().to(pages::step))
        .route("/qui-contacter", get().to(contacts::page))
        .route("/recherche", get().to(search::page))
        .route("/permanences", get().to(permanences::list))
        .route("/permanences", post().to(publish::create))
        .route("/permanences/nouvelle", get().to(publish::form))
        .route("/permanences/mes-rendez-vous", get().to(bookings::mine))
        .route(
            "/permanences/creneaux/{slot}/reserver",
            post().to(bookings::book),
        )
        .route(
            "/permanences/reservations/{id}",
            get().to(bookings::confirmation),
        )
        .route(
            "/permanences/reservations/{id}/annuler",
            post().to(bookings::cancel),
        )
        .route("/permanences/{id}", get().to(permanences::show))
        .route(
            "/permanences/{id}/inscriptions",
            get().to(bookings::attendees),
        );
    // Accounts.
    cfg.route("/inscription", get().to(register::form))
        .route("/inscription", post().to(register::submit))
        .route("/inscription/envoyee", get().to(register::sent))
        .route("/compte/verifier", get().to(register::verify_form))
        .route("/compte/verifier", post().to(register::verify))
        .route("/connexion", get().to(signin::form))
        .route("/connexion", post().to(signin::submit))
        .route("/deconnexion", post().to(signin::sign_out))
        .route("/mot-de-passe/oublie", get().to(email_links::forgot_form))
        .route("/mot-de-passe/oublie", post().to(email_links::forgot))
        .route("/mot-de-passe/nouveau", get().to(email_links::reset_form))
        .route("/mot-de-passe/nouveau", post().to(email_links::reset))
        .route("/invitation", get().to(email_links::invitation_form))
        .route("/invitation", post().to(email_links::accept_invitation));
    // The signed-in person's own account.
    cfg.route("/compte", get().to(profile::account))
        .route("/compte/sessions", get().to(profile::sessions))
        .route(
            "/compte/sessions/fermer-tout",
            post().to(profile::sign_out_everywhere),
        )
        .route("/compte/mot-de-passe", get().to(profile::password_form))
        .route("/compte/mot-de-passe", post().to(profile::change_password))
        .route("/compte/courriel", get().to(email_change::email_form))
        .route("/compte/courriel", post().to(email_change::change_email))
        .route(
            "/compte/courriel/confirmer",
            get().to(email_change::confirm_email_form),
        )
        .route(
            "/compte/courriel/confirmer",
            post().to(email_change::confirm_email),
        )
        .route("/compte/jetons", get().to(tokens::api_tokens))
        .route("/compte/jetons", post().to(tokens::create_api_token))
        .route(
            "/compte/jetons/{id}/revoquer",
            post().to(tokens::revoke_api_token),
        );
    // Regional administration.
    cfg.route("/admin", get().to(hub::page))
        .route("/admin/institutions", get().to(institutions::list))
        .route("/admin/institutions", post().to(institution_manage::create))
        .route(
            "/admin/institutions/nouvelle",
            get().to(institution_manage::new_form),
        )
        .route("/admin/institutions/{id}", get().to(institutions::show))
        .route(
            "/admin/institutions/{id}/desactiver",
            post().to(institution_manage::deactivate),
        )
        .route(
            "/admin/institutions/{id}/reactiver",
            post().to(institution_manage::reactivate),
        )
        .route(
            "/admin/institutions/{id}/modifier",
            get().to(institution_edit::edit_form),
        )
        .route(
            "/admin/institutions/{id}/modifier",
            post().to(institution_edit::update),
        )
        .route("/admin/orientation", get().to(routing::page))
        .route("/admin/orientation/modifier", get().to(routing::edit))
        .route("/admin/orientation/modifier", post().to(routing::save))
        .route("/admin/orientation/retablir", post().to(routing::revert))
        .route("/admin/zonage", get().to(zonage_imports::page))
        .route("/admin/zonage", post().to(zonage_imports::upload))
        .route("/admin/aides", get().to(aids::page))
        .route("/admin/aides/regionales", get().to(regional_aids::list))
        .route("/admin/aides/regionales", post().to(regional_aids::create))
        .route(
            "/admin/aides/regionales/nouvelle",
            get().to(regional_aids::new_form),
        )
        .route(
            "/admin/aides/regionales/fichier",
            post().to(regional_aids::upload),
        )
        .route(
            "/admin/aides/regionales/{id}",
            get().to(regional_aids::show),
        )
        .route(
            "/admin/aides/regionales/{id}/publier",
            post().to(regional_aids::publish),
        )
        .route(
            "/admin/aides/regionales/{id}/retirer",
            post().to(regional_aids::withdraw),
        )
        .route("/admin/utilisateurs", get().to(users::list))
        .route("/admin/invitations/nouvelle", get().to(users::invite_form))
        .route("/admin/invitations", post().to(users::invite))
        .route(
            "/admin/utilisateurs/{id}/role",
            post().to(accounts::change_role),
        )
        .route(
            "/admin/utilisateurs/{id}/desactiver",
            post().to(accounts::disable),
        )
        .route(
            "/admin/utilisateurs/{id}/reactiver",
            post().to(accounts::enable),
        )
        .route("/admin/courriels", get().to(outbox::list))
        .route("/admin/courriels/{id}/relancer", post().to(outbox::retry))
        .route("/admin/journal", get().to(outbox::audit));
    // Regional texts: information pages and "Qui contacter ?", with their history.
    cfg.route("/admin/contenus", get().to(regional_texts::list))
        .service(
            // A page is longer than the default limit of a form (16 KiB): the CSRF check's.
            actix_web::web::resource("/admin/contenus/{text}")
                .app_data(
                    actix_web::web::FormConfig::default().limit(crate::auth::csrf::FORM_LIMIT),
                )
                .route(get().to(regional_texts::edit))
                .route(post().to(regional_texts::submit)),
        )
        .route(
            "/admin/contenus/{text}/historique",
            get().to(regional_history::history),
        )
        .route(
            "/admin/contenus/{text}/versions/{id}",
            get().to(regional_history::show),
        )
        .route(
            "/admin/contenus/{text}/versions/{id}/retablir",
            post().to(regional_history::restore),
        );
    // Requests: filing (professionals) and the request page (everyone allowed to see it).
    cfg.route("/demandes", get().to(filing::list))
        .route("/demandes", post().to(filing::create))
        .route("/demandes/nouvelle", get().to(filing::new))
        .route("/demandes/{id}", get().to(view::show))
        .route("/demandes/{id}/modifier", get().to(filing::edit))
        .route("/demandes/{id}/modifier", post().to(filing::save))
        .route("/demandes/{id}/retirer", post().to(filing::withdraw))
        .route(
            "/demandes/{id}/reponse",
            post().to(actions::answer_question),
        )
        .route("/demandes/{id}/messages", post().to(messages::post_message))
        .route("/demandes/{id}/pieces", post().to(attachments::upload))
        .route(
            "/demandes/{id}/pieces/{piece}",
            get().to(attachments::download),
        );
    // Référents and partners act on requests.
    cfg.route("/demandes/{id}/qualification", post().to(actions::qualify))
        .route("/demandes/{id}/orienter", post().to(actions::route))
        .route("/demandes/{id}/question", post().to(actions::ask))
        .route(
            "/demandes/{id}/institutions",
            post().to(routing_actions::add_institution),
        )
        .route("/demandes/{id}/cloturer", post().to(actions::close))
        .route("/demandes/{id}/rouvrir", post().to(actions::reopen))
        .route(
            "/demandes/{id}/transmissions/{referral}/retirer",
            post().to(routing_actions::remove_institution),
        )
        .route(
            "/demandes/{id}/transmissions/{referral}/prendre",
            post().to(partner_actions::take),
        )
        .route(
            "/demandes/{id}/transmissions/{referral}/repondre",
            post().to(partner_actions::answer_referral),
        )
        .route(
            "/demandes/{id}/transmissions/{referral}/decliner",
            post().to(partner_actions::decline),
        )
        .route("/guichet/demandes", get().to(backoffice::inbox::referent))
        .route(
            "/guichet/demandes.csv",
            get().to(backoffice::inbox::referent_csv),
        )
        .route("/guichet/demandes/lot", post().to(backoffice::bulk::apply))
        .route("/partenaire/demandes", get().to(backoffice::inbox::partner))
        .route(
            "/partenaire/demandes.csv",
            get().to(backoffice::inbox::partner_csv),
        );
    // Indicators (the `.csv` routes come first: `{code}` would also match `93.csv`).
    cfg.route("/indicateurs", get().to(indicators::index))
        .route(
            "/indicateurs/region/{code}.csv",
            get().to(indicators::region_csv),
        )
        .route("/indicateurs/region/{code}", get().to(indicators::region))
        .route(
            "/indicateurs/departement/{code}.csv",
            get().to(indicators::departement_csv),
        )
        .route(
            "/indicateurs/departement/{code}",
            get().to(indicators::departement),
        );
    // Development mailbox (404 in production).
    cfg.route("/dev/courriels", get().to(dev_mailbox::list))
        .route("/dev/courriels/{id}", get().to(dev_mailbox::show));
    // JSON API (bearer tokens, never cookies).
    cfg.route("/api/v1/moi", get().to(tokens::api_me))
        .route("/api/v1/demandes/{id}", get().to(api::show))
        .route("/api/v1/demandes/{id}/historique", get().to(api::timeline));
}

/// Anything not in the table: a French 404 page.
pub async fn not_found() -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::NotFound)
}
