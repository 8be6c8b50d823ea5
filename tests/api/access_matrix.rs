//! The access matrix, generated from the route table (`guichet::web::routes::ROUTES`): every
//! route × every person of [`Who`]. A route added to the table without a line here fails the
//! test; so does a line for a route that is gone. Out of scope is a 404, an anonymous visitor is
//! sent to the sign-in page (303), the JSON API wants a bearer token (401).

use guichet::web::routes::{Route, Verb, ROUTES};

use crate::access_fixture::{fixture, Fixture, Who, EVERYONE};
use crate::helpers::{spawn_app_seeded, TestApp};
use crate::session_helpers::post_form;
use crate::upload_helpers::{pdf_of_size, upload};

/// Who may use a route.
#[derive(Clone, Debug)]
pub(crate) enum May {
    Everyone,
    /// Outside demo mode, nobody (the development mailbox).
    Nobody,
    /// Bearer tokens only: 401 for every cookie.
    Bearer,
    Only(Vec<Who>),
}

/// One probe: the route with its ids filled in, who may use it, the statuses that mean "served"
/// for them, the form sent (POST; as multipart with a PDF for upload routes), and when it runs:
/// 0 first, 1 after (it closes or withdraws what the others need), 2 and 3 last (it ends
/// sessions).
pub(crate) struct Probe {
    path: String,
    may: May,
    ok: &'static [u16],
    body: Vec<(&'static str, String)>,
    multipart: bool,
    late: u8,
    /// Out of the route's scope but allowed to see the request: 403 (the request's existence is
    /// no secret to them), where anybody else gets a 404.
    seen: Vec<Who>,
}

pub(crate) fn probe(path: impl Into<String>, may: May, ok: &'static [u16]) -> Probe {
    Probe {
        path: path.into(),
        may,
        ok,
        body: Vec::new(),
        multipart: false,
        late: 0,
        seen: Vec::new(),
    }
}

impl Probe {
    pub(crate) fn with(mut self, body: &[(&'static str, &str)]) -> Self {
        self.body = body.iter().map(|(k, v)| (*k, v.to_string())).collect();
        self
    }
    pub(crate) fn late(mut self, order: u8) -> Self {
        self.late = order;
        self
    }
    /// The request's viewers who may not take this action.
    pub(crate) fn seen_by_viewers(mut self) -> Self {
        self.seen = VIEWERS.to_vec();
        self
    }
    pub(crate) fn multipart(mut self) -> Self {
        self.multipart = true;
        self
    }
    fn verdict(&self, who: Who, status: u16) -> Result<(), String> {
        let fine = match &self.may {
            May::Everyone => self.ok.contains(&status),
            May::Nobody => status == 404,
            May::Bearer => status == 401,
            May::Only(list) if list.contains(&who) => self.ok.contains(&status),
            May::Only(_) if who == Who::Anonymous => status == 303,
            May::Only(_) if self.seen.contains(&who) => status == 403,
            May::Only(_) => status == 404,
        };
        if fine {
            Ok(())
        } else {
            Err(format!(
                "{} as {who:?}: {status} ({:?})",
                self.path, self.may
            ))
        }
    }
}

pub(crate) const OK: &[u16] = &[200];

/// Who sees the fixture's request: its professional, the référent of its département, the
/// agent of an institution it was routed to, the admin of its région (who only reads).
pub(crate) const VIEWERS: [Who; 4] = [Who::Professional, Who::Referent, Who::Partner, Who::Admin];

/// The probe of each GET route.
fn get_probe(path: &str, f: &Fixture) -> Option<Probe> {
    use Who::*;
    let signed = May::Only(EVERYONE[1..].to_vec());
    let pros = || May::Only(vec![Professional, OtherProfessional]);
    let pro = || May::Only(vec![Professional]);
    let viewers = || May::Only(VIEWERS.to_vec());
    let admins = || May::Only(vec![Admin, OtherAdmin]);
    let admin93 = || May::Only(vec![Admin]);
    let staff = vec![
        Referent,
        OtherReferent,
        Partner,
        OtherPartner,
        Admin,
        OtherAdmin,
    ];
    let (r, cpam) = (&f.request, &f.cpam13);
    Some(match path {
        "/"
        | "/healthz"
        | "/institutions"
        | "/aides"
        | "/simulateur"
        | "/informations"
        | "/permanences"
        | "/inscription"
        | "/inscription/envoyee"
        | "/compte/verifier"
        | "/connexion"
        | "/mot-de-passe/oublie"
        | "/compte/courriel/confirmer" => probe(path, May::Everyone, OK),
        // Without the link's token: the page says the link is no longer valid.
        "/mot-de-passe/nouveau" | "/invitation" => probe(path, May::Everyone, &[200, 410]),
        // Without a pending second step (after a correct password): back to the sign-in page.
        "/connexion/code" | "/connexion/activation" => probe(path, May::Everyone, &[303]),
        "/pages/{name}" => probe("/pages/accessibilite", May::Everyone, OK),
        "/aides/{code}" => probe("/aides/CESP", May::Everyone, OK),
        "/zonage" => probe("/zonage?commune=13055", May::Everyone, OK),
        "/api/v1/communes" => probe("/api/v1/communes?q=marseille", May::Everyone, OK),
        "/api/v1/zonage" => probe("/api/v1/zonage?commune=13055", May::Everyone, OK),
        "/informations/{profession}" => probe("/informations/medecin", May::Everyone, OK),
        "/informations/{profession}/{step}" => {
            probe("/informations/medecin/s-installer", May::Everyone, OK)
        }
        "/qui-contacter" => probe(
            "/qui-contacter?commune=13055&profession=medecin",
            May::Everyone,
            OK,
        ),
        "/recherche" => probe("/recherche?q=cesp", May::Everyone, OK),
        "/permanences/nouvelle" => probe(
            path,
            May::Only(vec![Referent, OtherReferent, Admin, OtherAdmin]),
            OK,
        ),
        "/permanences/mes-rendez-vous" => probe(path, pros(), OK),
        "/permanences/reservations/{id}" => probe(
            format!("/permanences/reservations/{}", f.booking),
            pro(),
            OK,
        ),
        "/permanences/{id}" => probe(format!("/permanences/{}", f.session), May::Everyone, OK),
        // Its département's référent, the région's admin, the institutions present.
        "/permanences/{id}/inscriptions" => probe(
            format!("/permanences/{}/inscriptions", f.session),
            May::Only(vec![Referent, Partner, Admin]),
            OK,
        ),
        "/compte"
        | "/compte/sessions"
        | "/compte/mot-de-passe"
        | "/compte/courriel"
        | "/compte/jetons"
        | "/compte/double-authentification" => probe(path, signed, OK),
        "/compte/donnees" | "/compte/suppression" => probe(path, pros(), OK),
        "/admin"
        | "/admin/institutions"
        | "/admin/institutions/nouvelle"
        | "/admin/orientation"
        | "/admin/zonage"
        | "/admin/aides"
        | "/admin/aides/regionales"
        | "/admin/aides/regionales/nouvelle"
        | "/admin/utilisateurs"
        | "/admin/invitations/nouvelle"
        | "/admin/courriels"
        | "/admin/journal"
        | "/admin/securite"
        | "/admin/contenus" => probe(path, admins(), OK),
        "/admin/institutions/{id}" => probe(format!("/admin/institutions/{cpam}"), admin93(), OK),
        "/admin/institutions/{id}/modifier" => probe(
            format!("/admin/institutions/{cpam}/modifier"),
            admin93(),
            OK,
        ),
        "/admin/orientation/modifier" => probe(
            "/admin/orientation/modifier?departement=13&regle=aide:CESP",
            admin93(),
            OK,
        ),
        "/admin/aides/regionales/{id}" => probe(
            format!("/admin/aides/regionales/{}", f.regional_aid),
            admin93(),
            OK,
        ),
        // Each admin edits the texts of her own région.
        "/admin/contenus/{text}" => probe("/admin/contenus/medecin-s-installer", admins(), OK),
        "/admin/contenus/{text}/historique" => probe(
            "/admin/contenus/medecin-s-installer/historique",
            admins(),
            OK,
        ),
        "/admin/contenus/{text}/versions/{id}" => probe(
            format!("/admin/contenus/medecin-s-installer/versions/{}", f.version),
            admin93(),
            OK,
        ),
        "/demandes" | "/demandes/nouvelle" | "/projets" => probe(path, pros(), OK),
        // The project's professional and the référent of its request; partners see nothing of it.
        "/projets/{id}" => probe(
            format!("/projets/{}", f.project),
            May::Only(vec![Professional, Referent]),
            OK,
        ),
        "/demandes/{id}" => probe(format!("/demandes/{r}"), viewers(), OK),
        // A filed request is no longer edited: its page instead.
        "/demandes/{id}/modifier" => {
            probe(format!("/demandes/{r}/modifier"), pro(), &[200, 303]).seen_by_viewers()
        }
        "/demandes/{id}/pieces/{piece}" => probe(
            format!("/demandes/{r}/pieces/{}", f.attachment),
            viewers(),
            OK,
        ),
        "/guichet/demandes" | "/guichet/demandes.csv" | "/guichet/demandes/nouvelle" => {
            probe(path, May::Only(vec![Referent, OtherReferent]), OK)
        }
        "/engagements" => probe(path, pros(), OK),
        "/partenaire/engagements" => probe(path, May::Only(vec![Partner, OtherPartner]), OK),
        "/partenaire/demandes" | "/partenaire/demandes.csv" | "/partenaire/reponses-types" => {
            probe(path, May::Only(vec![Partner, OtherPartner]), OK)
        }
        // To the territory of the person.
        "/indicateurs" => probe(path, May::Only(staff), &[303]),
        "/indicateurs/region/{code}" | "/indicateurs/region/{code}.csv" => probe(
            path.replace("{code}", "93"),
            May::Only(vec![Referent, OtherReferent, Partner, OtherPartner, Admin]),
            OK,
        ),
        "/indicateurs/departement/{code}" | "/indicateurs/departement/{code}.csv" => probe(
            path.replace("{code}", "13"),
            May::Only(vec![Referent, Partner, Admin]),
            OK,
        ),
        "/dev/courriels" => probe(path, May::Nobody, OK),
        "/dev/courriels/{id}" => probe(format!("/dev/courriels/{}", f.email), May::Nobody, OK),
        "/api/v1/moi" => probe(path, May::Bearer, OK),
        "/api/v1/demandes/{id}" => probe(format!("/api/v1/demandes/{r}"), May::Bearer, OK),
        "/api/v1/demandes/{id}/historique" => {
            probe(format!("/api/v1/demandes/{r}/historique"), May::Bearer, OK)
        }
        _ => return None,
    })
}

async fn spawn() -> (TestApp, Fixture) {
    let app = spawn_app_seeded().await;
    let f = fixture(&app).await;
    (app, f)
}

/// The probes of one verb, in table order, with the routes that have none.
fn probes_of(
    verb: Verb,
    f: &Fixture,
    each: impl Fn(&str, &Fixture) -> Option<Probe>,
) -> (Vec<Probe>, Vec<&'static Route>) {
    let (mut probes, mut missing) = (Vec::new(), Vec::new());
    for route in ROUTES.iter().filter(|r| r.verb == verb) {
        match each(route.path, f) {
            Some(p) => probes.push(p),
            None => missing.push(route),
        }
    }
    (probes, missing)
}

#[tokio::test]
async fn every_get_route_of_the_table_for_every_person() {
    let (app, f) = spawn().await;
    let (probes, missing) = probes_of(Verb::GET, &f, get_probe);
    assert!(missing.is_empty(), "routes sans ligne : {missing:?}");
    let mut failures = Vec::new();
    for p in &probes {
        for who in EVERYONE {
            let status = f
                .client(who)
                .get(app.url(&p.path))
                .send()
                .await
                .expect("GET")
                .status()
                .as_u16();
            if let Err(e) = p.verdict(who, status) {
                failures.push(format!("GET {e}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn every_post_route_of_the_table_for_every_person() {
    let (app, f) = spawn().await;
    let (mut probes, missing) = probes_of(Verb::POST, &f, crate::access_posts::post_probe);
    assert!(missing.is_empty(), "routes sans ligne : {missing:?}");
    // Out-of-scope people first (nothing changes), the allowed ones last; the probes that end a
    // session or close the request after all the others.
    probes.sort_by_key(|p| p.late);
    let mut failures = Vec::new();
    for p in &probes {
        let (allowed, refused): (Vec<Who>, Vec<Who>) =
            EVERYONE.iter().partition(|w| match &p.may {
                May::Only(list) => list.contains(w),
                _ => true,
            });
        for who in refused.into_iter().chain(allowed) {
            let status = send(&app, f.client(who), p).await;
            if let Err(e) = p.verdict(who, status) {
                failures.push(format!("POST {e}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

async fn send(app: &TestApp, client: &reqwest::Client, p: &Probe) -> u16 {
    if p.multipart {
        return upload(app, client, &p.path, "piece.pdf", pdf_of_size(0))
            .await
            .0;
    }
    let body: Vec<(&str, &str)> = p.body.iter().map(|(k, v)| (*k, v.as_str())).collect();
    post_form(app, client, &p.path, &body)
        .await
        .status()
        .as_u16()
}

pub(crate) mod probes {
    pub(crate) use super::{probe, May, Probe, VIEWERS};
}
