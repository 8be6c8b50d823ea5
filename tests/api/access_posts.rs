//! The probe of each POST route of the table, for the access matrix (`access_matrix.rs`).
//! Bodies are empty or invalid where that is enough to tell "served" (a 422 with the form) from
//! "refused" (404); the admin actions carry a real change, as an admin would send it.

use crate::access_fixture::{Fixture, Who, EVERYONE};
use crate::access_matrix::probes::{probe, May, Probe, VIEWERS};

/// A redirection after the action, or the form again with its errors, or a conflict with the
/// state (already booked, already routed…).
const DONE: &[u16] = &[303, 409, 422];
const FORM: &[u16] = &[400, 422];

pub(crate) fn post_probe(path: &str, f: &Fixture) -> Option<Probe> {
    use Who::*;
    let signed = || May::Only(EVERYONE[1..].to_vec());
    let pros = || May::Only(vec![Professional, OtherProfessional]);
    let pro = || May::Only(vec![Professional]);
    // Admins only read.
    let writers = || May::Only(VIEWERS[..3].to_vec());
    let referent = || May::Only(vec![Referent]);
    // A referral's institution, or the référent acting for it.
    let handlers = || May::Only(vec![Referent, Partner]);
    let admins = || May::Only(vec![Admin, OtherAdmin]);
    let admin93 = || May::Only(vec![Admin]);
    let publishers = || May::Only(vec![Referent, OtherReferent, Admin, OtherAdmin]);
    let (r, spare, user) = (&f.request, &f.spare_institution, &f.target_user);
    let entry = format!("institution:{}", f.cpam13);
    let referral =
        |referral: &str, action: &str| format!("/demandes/{r}/transmissions/{referral}/{action}");
    Some(match path {
        "/api/v1/eligibility" => probe(path, May::Everyone, &[400, 415]),
        "/inscription" => probe(path, May::Everyone, FORM),
        // Without a valid token from the e-mail: the link is no longer valid.
        "/compte/verifier"
        | "/mot-de-passe/nouveau"
        | "/invitation"
        | "/compte/courriel/confirmer" => probe(path, May::Everyone, &[400, 410, 422]),
        // Every empty sign-in counts against the address: the last ones are slowed down.
        "/connexion" => probe(path, May::Everyone, &[400, 422, 429]),
        "/mot-de-passe/oublie" => probe(path, May::Everyone, &[303, 422]),
        // Without a pending second step: back to the sign-in page.
        "/connexion/code" | "/connexion/activation" => probe(path, May::Everyone, &[303]),
        "/deconnexion" => probe(path, May::Everyone, &[303]).late(3),
        "/permanences" => probe(path, publishers(), FORM),
        // Only the granting institution's agents; an empty form is shown again (422).
        "/partenaire/engagements/echeances/{id}" => probe(
            format!("/partenaire/engagements/echeances/{}", f.milestone),
            May::Only(vec![Partner]),
            FORM,
        ),
        // The fixture's milestone is not recorded yet: nothing to correct (409), or an empty
        // form again (422); only the granting institution's agents.
        "/partenaire/engagements/echeances/{id}/corriger" => probe(
            format!("/partenaire/engagements/echeances/{}/corriger", f.milestone),
            May::Only(vec![Partner]),
            &[409, 422],
        ),
        "/permanences/creneaux/{slot}/reserver" => probe(
            format!("/permanences/creneaux/{}/reserver", f.slot),
            pros(),
            DONE,
        )
        .with(&[("request_number", "")]),
        "/permanences/reservations/{id}/annuler" => probe(
            format!("/permanences/reservations/{}/annuler", f.booking),
            pro(),
            &[303],
        )
        .late(1),
        // Without a profession: the form again.
        "/compte/profil" => probe(path, pros(), &[422]),
        "/compte/sessions/fermer-tout" => probe(path, signed(), &[303]).late(2),
        "/compte/mot-de-passe" | "/compte/courriel" | "/compte/jetons" => {
            probe(path, signed(), FORM)
        }
        "/compte/double-authentification/activer" => probe(path, signed(), &[303]),
        // A wrong code: the form again.
        "/compte/double-authentification/confirmer" => probe(path, signed(), &[422]),
        // Without a factor, nothing to renew or turn off (303); with one (the admins'), a wrong
        // password or a required factor: the form again.
        "/compte/double-authentification/codes-de-secours"
        | "/compte/double-authentification/desactiver" => probe(path, signed(), &[303, 422]),
        "/admin/securite" => probe(path, admins(), &[303]),
        "/admin/utilisateurs/{id}/double-authentification/reinitialiser" => {
            probe(path.replace("{id}", user), admin93(), &[303])
        }
        "/compte/donnees/archive" => probe(path, pros(), &[200]),
        // Without the password: the form again.
        "/compte/suppression" => probe(path, pros(), FORM),
        "/compte/jetons/{id}/revoquer" => probe(
            format!("/compte/jetons/{}/revoquer", f.token),
            pro(),
            &[303],
        ),
        "/admin/institutions" | "/admin/invitations" | "/admin/aides/regionales" => {
            probe(path, admins(), &[422])
        }
        "/admin/institutions/{id}/desactiver" | "/admin/institutions/{id}/reactiver" => {
            probe(path.replace("{id}", spare), admin93(), &[303])
        }
        "/admin/institutions/{id}/modifier" => probe(path.replace("{id}", spare), admin93(), FORM),
        "/admin/orientation/modifier" => probe(path, admin93(), &[303]).with(&[
            ("departement", "13"),
            ("regle", "msp"),
            ("entree", &entry),
            ("motif", "Matrice des accès"),
        ]),
        "/admin/orientation/retablir" => probe(path, admin93(), &[303]).with(&[
            ("departement", "13"),
            ("regle", "msp"),
            ("motif_retablir", "Matrice des accès"),
        ]),
        // A PDF is no zonage nor rule file: the form again, with the reason.
        "/admin/zonage" | "/admin/aides/regionales/fichier" => {
            probe(path, admins(), FORM).multipart()
        }
        "/admin/aides/regionales/{id}/publier" | "/admin/aides/regionales/{id}/retirer" => {
            probe(path.replace("{id}", &f.regional_aid), admin93(), DONE)
        }
        "/admin/utilisateurs/{id}/role" => {
            probe(path.replace("{id}", user), admin93(), &[303]).with(&[("role", "referent")])
        }
        "/admin/utilisateurs/{id}/desactiver" | "/admin/utilisateurs/{id}/reactiver" => {
            probe(path.replace("{id}", user), admin93(), &[303])
        }
        "/admin/courriels/{id}/relancer" => {
            probe(path.replace("{id}", &f.email), admin93(), &[303])
        }
        // Each admin writes the texts of her own région.
        "/admin/contenus/{text}" => probe("/admin/contenus/medecin-s-installer", admins(), &[303])
            .with(&[("body", "## Matrice des accès"), ("action", "enregistrer")]),
        "/admin/contenus/{text}/versions/{id}/retablir" => probe(
            format!(
                "/admin/contenus/medecin-s-installer/versions/{}/retablir",
                f.version
            ),
            admin93(),
            &[303],
        ),
        "/demandes" | "/projets" => probe(path, pros(), FORM),
        // An empty choice: the project's page again, with the message.
        // An empty title, an empty choice: the project's page again; its owner only (the
        // référent who sees the project gets a 404 too).
        "/projets/{id}/demandes" | "/projets/{id}/renommer" | "/projets/{id}/retirer" => {
            probe(path.replace("{id}", &f.project), pro(), FORM)
        }
        // Into the project it is already in: the fixture stays as it is.
        "/demandes/{id}/projet" => probe(path.replace("{id}", r), pro(), &[303])
            .with(&[("projet", &f.project)])
            .seen_by_viewers(),
        // An empty number: the request page again, with the message beside the field.
        "/demandes/{id}/lier" => probe(path.replace("{id}", r), referent(), FORM).seen_by_viewers(),
        "/demandes/{id}/modifier" | "/demandes/{id}/reponse" => {
            probe(path.replace("{id}", r), pro(), DONE).seen_by_viewers()
        }
        "/demandes/{id}/retirer" => probe(path.replace("{id}", r), pro(), DONE)
            .seen_by_viewers()
            .late(1),
        "/demandes/{id}/messages" => {
            probe(path.replace("{id}", r), writers(), FORM).seen_by_viewers()
        }
        "/demandes/{id}/pieces" => probe(path.replace("{id}", r), writers(), &[303])
            .seen_by_viewers()
            .multipart(),
        "/demandes/{id}/pieces/{piece}/partage" => probe(
            format!("/demandes/{r}/pieces/{}/partage", f.attachment),
            referent(),
            &[303],
        )
        .with(&[("institution", &f.cpam13)])
        .seen_by_viewers(),
        "/demandes/{id}/qualification"
        | "/demandes/{id}/orienter"
        | "/demandes/{id}/question"
        | "/demandes/{id}/type"
        | "/demandes/{id}/prochaine-action"
        | "/demandes/{id}/institutions" => {
            probe(path.replace("{id}", r), referent(), DONE).seen_by_viewers()
        }
        "/demandes/{id}/cloturer" | "/demandes/{id}/rouvrir" => {
            probe(path.replace("{id}", r), referent(), DONE)
                .seen_by_viewers()
                .late(1)
        }
        "/demandes/{id}/transmissions/{referral}/retirer" => {
            probe(referral(&f.ars_referral, "retirer"), referent(), DONE)
                .seen_by_viewers()
                .late(1)
        }
        "/demandes/{id}/transmissions/{referral}/prendre"
        | "/demandes/{id}/transmissions/{referral}/repondre" => {
            let action = path.rsplit('/').next().unwrap_or_default();
            probe(referral(&f.cpam_referral, action), handlers(), DONE).seen_by_viewers()
        }
        "/demandes/{id}/transmissions/{referral}/decliner" => {
            probe(referral(&f.cpam_referral, "decliner"), handlers(), DONE)
                .seen_by_viewers()
                .late(1)
        }
        // Empty: the form again (no colleague, no institution, no reason chosen).
        "/demandes/{id}/transmissions/{referral}/confier"
        | "/demandes/{id}/transmissions/{referral}/reorienter" => {
            let action = path.rsplit('/').next().unwrap_or_default();
            probe(referral(&f.cpam_referral, action), handlers(), DONE).seen_by_viewers()
        }
        // Empty: the form again; the deletion of its institution's reply, at the end.
        "/partenaire/reponses-types" => probe(path, May::Only(vec![Partner, OtherPartner]), FORM),
        "/partenaire/reponses-types/{id}/supprimer" => probe(
            path.replace("{id}", &f.standard_reply),
            May::Only(vec![Partner]),
            &[303],
        )
        .late(1),
        "/demandes/{id}/referent" => {
            probe(path.replace("{id}", r), referent(), DONE).seen_by_viewers()
        }
        "/guichet/demandes/lot" => probe(
            path,
            May::Only(vec![Referent, OtherReferent]),
            &[303, 400, 422],
        ),
        // Empty: the form again, with its messages.
        "/guichet/demandes/nouvelle" => {
            probe(path, May::Only(vec![Referent, OtherReferent]), &[422])
        }
        _ => return None,
    })
}
