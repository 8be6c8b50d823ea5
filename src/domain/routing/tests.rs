use super::*;
use crate::domain::request::{CoordinatedStructure as C, PracticeMode};
use InstitutionKind as K;
use Profession as P;

pub(super) const SHIPPED: &str = include_str!("../../../config/routing.toml");

fn table() -> RoutingTable {
    RoutingTable::from_toml(SHIPPED).unwrap()
}

pub(super) fn inst(
    id: &str,
    kind: K,
    region: &str,
    dep: Option<&str>,
    profession: Option<P>,
) -> InstitutionRef {
    InstitutionRef {
        id: id.into(),
        kind,
        region_code: region.into(),
        departement_code: dep.map(Into::into),
        profession,
        reachable: true,
    }
}

/// PACA (93: Bouches-du-Rhône 13, Var 83), Auvergne-Rhône-Alpes (84: Rhône 69), the CNG (11).
pub(super) fn directory() -> Vec<InstitutionRef> {
    vec![
        inst("ars-siege-93", K::ArsSiege, "93", None, None),
        inst("ars-dd-13", K::ArsDd, "93", Some("13"), None),
        inst("ars-dd-83", K::ArsDd, "93", Some("83"), None),
        inst("cpam-13", K::Cpam, "93", Some("13"), None),
        inst("cpam-83", K::Cpam, "93", Some("83"), None),
        inst("ordre-med-13", K::Ordre, "93", Some("13"), Some(P::Medecin)),
        inst(
            "ordre-inf-13",
            K::Ordre,
            "93",
            Some("13"),
            Some(P::Infirmier),
        ),
        inst("ordre-med-83", K::Ordre, "93", Some("83"), Some(P::Medecin)),
        inst("ordre-pharm-93", K::Ordre, "93", None, Some(P::Pharmacien)),
        inst("ordre-sans-profession-13", K::Ordre, "93", Some("13"), None),
        inst("urps-med-93", K::Urps, "93", None, Some(P::Medecin)),
        inst("urps-inf-93", K::Urps, "93", None, Some(P::Infirmier)),
        inst("urps-pharm-93", K::Urps, "93", None, Some(P::Pharmacien)),
        inst("urssaf-93", K::Urssaf, "93", None, None),
        inst("region-93", K::Region, "93", None, None),
        inst("cd-13", K::ConseilDepartemental, "93", Some("13"), None),
        inst("cd-83", K::ConseilDepartemental, "93", Some("83"), None),
        inst("univ-93", K::Universite, "93", None, None),
        inst("chu-93", K::Chu, "93", None, None),
        inst("cng", K::Cng, "11", None, None),
        inst("ars-dd-69", K::ArsDd, "84", Some("69"), None),
        inst("cpam-69", K::Cpam, "84", Some("69"), None),
        inst("ordre-pharm-84", K::Ordre, "84", None, Some(P::Pharmacien)),
        inst("urps-med-84", K::Urps, "84", None, Some(P::Medecin)),
        inst("urssaf-84", K::Urssaf, "84", None, None),
        inst("region-84", K::Region, "84", None, None),
        inst("chu-84", K::Chu, "84", None, None),
    ]
}

/// Ids of the routes ("manquante:<kind>" for a missing institution).
fn ids(routes: &[Route]) -> Vec<String> {
    routes
        .iter()
        .map(|r| match r {
            Route::Institution { id, .. } => id.clone(),
            Route::Missing { kind } => format!("manquante:{}", kind.slug()),
        })
        .collect()
}

pub(super) fn route_in(
    dir: &[InstitutionRef],
    kind: RequestKind,
    aid: Option<&str>,
    dep: &str,
    region: &str,
    p: P,
) -> Vec<String> {
    ids(&resolve(&table(), kind, aid, dep, region, p, dir))
}

fn route(kind: RequestKind, aid: Option<&str>) -> Vec<String> {
    route_in(&directory(), kind, aid, "13", "93", P::Medecin)
}

#[test]
fn every_kind_for_a_doctor_in_the_bouches_du_rhone() {
    let liberal = [
        "ars-dd-13",
        "cpam-13",
        "ordre-med-13",
        "urps-med-93",
        "urssaf-93",
    ];
    let cases: Vec<(RequestKind, Vec<&str>)> = vec![
        (
            RequestKind::Installation(PracticeMode::Liberal),
            liberal.to_vec(),
        ),
        (
            RequestKind::Installation(PracticeMode::Mixte),
            liberal.to_vec(),
        ),
        (
            RequestKind::Installation(PracticeMode::Salarie),
            vec!["ars-dd-13", "ordre-med-13"],
        ),
        (
            RequestKind::CoordinatedPractice(C::Msp),
            vec!["ars-dd-13", "cpam-13", "region-93", "urps-med-93"],
        ),
        (
            RequestKind::CoordinatedPractice(C::CentreDeSante),
            vec!["ars-dd-13", "cpam-13", "region-93", "urps-med-93"],
        ),
        (
            RequestKind::CoordinatedPractice(C::Esp),
            vec!["ars-dd-13", "cpam-13", "urps-med-93"],
        ),
        (
            RequestKind::CoordinatedPractice(C::Cpts),
            vec!["ars-dd-13", "cpam-13", "urps-med-93"],
        ),
        (RequestKind::Remplacement, vec!["ordre-med-13"]),
        (RequestKind::CumulEmploiRetraite, vec!["urssaf-93"]),
        (RequestKind::Question, vec!["ars-dd-13"]),
        (RequestKind::AidApplication, vec!["ars-dd-13"]),
    ];
    assert_eq!(cases.len(), RequestKind::ALL.len());
    for (kind, expected) in cases {
        assert_eq!(route(kind, None), expected, "{kind}");
    }
}

#[test]
fn every_aid_code_and_the_default() {
    let aid = |code| route(RequestKind::AidApplication, Some(code));
    assert_eq!(aid("CESP"), ["ars-siege-93", "univ-93"]);
    assert_eq!(aid("PTMG"), ["ars-dd-13"]);
    assert_eq!(aid("CDE"), ["ars-dd-13"]);
    for code in [
        "CAIM",
        "COSCOM",
        "COTRAM",
        "CSTM",
        "AIDE-INSTALLATION",
        "caim ",
    ] {
        assert_eq!(aid(code), ["cpam-13", "ars-dd-13"], "{code}");
    }
    assert_eq!(aid("PRIME-INTERNE"), ["chu-93"]);
    assert_eq!(aid("PTMA"), ["ars-dd-13"]);
    let shipped = table();
    let mut codes: Vec<&str> = shipped.aid_codes().collect();
    codes.sort();
    let expected = [
        "AIDE-INSTALLATION",
        "CAIM",
        "CDE",
        "CESP",
        "COSCOM",
        "COTRAM",
        "CSTM",
        "PRIME-INTERNE",
        "PTMG",
    ];
    assert_eq!(codes, expected);
    assert_eq!(table().check_aid_codes(&expected), Ok(()));
    let err = table().check_aid_codes(&expected[1..]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "[aids] : l'aide « AIDE-INSTALLATION » n'existe pas dans le catalogue"
    );
    // The referral of the route tells the institution kind; the guichet's référent is the ARS DD.
    assert_eq!(table().referent(), K::ArsDd);
    assert_eq!(
        table().last_checked,
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    );
}

#[test]
fn orders_and_urps_follow_the_profession() {
    let liberal = RequestKind::Installation(PracticeMode::Liberal);
    let dir = directory();
    let nurse = route_in(&dir, liberal, None, "13", "93", P::Infirmier);
    assert_eq!(
        nurse,
        [
            "ars-dd-13",
            "cpam-13",
            "ordre-inf-13",
            "urps-inf-93",
            "urssaf-93"
        ]
    );
    // Pharmacists: no departmental Ordre, the regional one of the right région is used.
    let pharm = route_in(&dir, liberal, None, "13", "93", P::Pharmacien);
    assert_eq!(pharm[2..4], ["ordre-pharm-93", "urps-pharm-93"]);
    let pharm_69 = route_in(
        &dir,
        RequestKind::Remplacement,
        None,
        "69",
        "84",
        P::Pharmacien,
    );
    assert_eq!(pharm_69, ["ordre-pharm-84"]);
    // Sage-femme: neither Ordre nor URPS in the directory (an Ordre without profession never
    // matches).
    let midwife = route_in(&dir, liberal, None, "13", "93", P::SageFemme);
    assert_eq!(
        midwife,
        [
            "ars-dd-13",
            "cpam-13",
            "manquante:ordre",
            "manquante:urps",
            "urssaf-93"
        ]
    );
    // A doctor of the Var gets the Var's institutions, never the Bouches-du-Rhône's.
    let var = route_in(&dir, liberal, None, "83", "93", P::Medecin);
    assert_eq!(
        var,
        [
            "ars-dd-83",
            "cpam-83",
            "ordre-med-83",
            "urps-med-93",
            "urssaf-93"
        ]
    );
    let rhone = route_in(&dir, liberal, None, "69", "84", P::Medecin);
    assert_eq!(
        rhone,
        [
            "ars-dd-69",
            "cpam-69",
            "manquante:ordre",
            "urps-med-84",
            "urssaf-84"
        ]
    );
}

#[test]
fn region_or_conseil_departemental() {
    let msp = RequestKind::CoordinatedPractice(C::Msp);
    let mut dir: Vec<InstitutionRef> = directory()
        .into_iter()
        .filter(|i| i.kind != K::Region)
        .collect();
    assert_eq!(
        route_in(&dir, msp, None, "83", "93", P::Medecin)[2],
        "cd-83"
    );
    dir.retain(|i| i.kind != K::ConseilDepartemental);
    let routes = resolve(&table(), msp, None, "83", "93", P::Medecin, &dir);
    assert_eq!(routes[2], Route::Missing { kind: K::Region });
    assert!(routes[2].is_missing() && !routes[0].is_missing());
    assert_eq!(routes[0].kind(), K::ArsDd);
    // Nothing at all: every destination is missing, once.
    let empty = resolve(&table(), msp, None, "13", "93", P::Medecin, &[]);
    let kinds: Vec<K> = empty.iter().map(Route::kind).collect();
    assert_eq!(kinds, [K::ArsDd, K::Cpam, K::Region, K::Urps]);
    assert!(empty.iter().all(Route::is_missing));
}

#[test]
fn scope_preferences_ties_and_codes() {
    let mut dir = directory();
    dir.push(inst("urssaf-93-13", K::Urssaf, "93", Some("13"), None));
    dir.push(inst("cpam-13-b", K::Cpam, "93", Some("13"), None));
    dir.push(inst("cpam-13-a", K::Cpam, "93", Some("13"), None));
    dir.push(inst("cpam-93", K::Cpam, "93", None, None));
    dir.push(inst("ars-dd-2a", K::ArsDd, "94", Some("2A"), None));
    let cumul = RequestKind::CumulEmploiRetraite;
    assert_eq!(
        route_in(&dir, cumul, None, "13", "93", P::Medecin),
        ["urssaf-93-13"]
    );
    assert_eq!(
        route_in(&dir, cumul, None, "83", "93", P::Medecin),
        ["urssaf-93"]
    );
    let caim = Some("CAIM");
    assert_eq!(
        route_in(
            &dir,
            RequestKind::AidApplication,
            caim,
            "13",
            "93",
            P::Medecin
        )[0],
        "cpam-13"
    );
    // A regional CPAM is not a departmental one: only Ordres fall back to the région.
    let corse = route_in(
        &dir,
        RequestKind::AidApplication,
        caim,
        "2a",
        "94",
        P::Medecin,
    );
    assert_eq!(corse, ["manquante:cpam", "ars-dd-2a"]);
    dir.retain(|i| i.id != "cpam-13");
    assert_eq!(
        route_in(
            &dir,
            RequestKind::AidApplication,
            caim,
            "13",
            "93",
            P::Medecin
        )[0],
        "cpam-13-a"
    );
    let route = resolve(
        &table(),
        RequestKind::Question,
        None,
        "13",
        "93",
        P::Medecin,
        &dir,
    );
    assert_eq!(
        route,
        [Route::Institution {
            id: "ars-dd-13".into(),
            kind: K::ArsDd
        }]
    );
    let json = serde_json::to_string(&route[0]).unwrap();
    assert_eq!(
        json,
        r#"{"route":"institution","id":"ars-dd-13","kind":"ars_dd"}"#
    );
}

/// The shipped file with one substitution (which must apply).
pub(super) fn edited(from: &str, to: &str) -> String {
    assert!(SHIPPED.contains(from), "{from}");
    SHIPPED.replacen(from, to, 1)
}

#[test]
fn one_referral_per_institution() {
    let text = edited(
        "question = [\"referent\"]",
        "question = [\"referent\", \"ars_dd\", \"chu\", \"chu|cng\", \"chu\"]",
    );
    let t = RoutingTable::from_toml(&text).unwrap();
    let dir: Vec<InstitutionRef> = directory()
        .into_iter()
        .filter(|i| i.kind != K::Chu)
        .collect();
    let routes = resolve(
        &t,
        RequestKind::Question,
        None,
        "13",
        "93",
        P::Medecin,
        &dir,
    );
    assert_eq!(ids(&routes), ["ars-dd-13", "manquante:chu", "cng"]);
    // A region whose référent institution is the CPAM.
    let text = edited("referent = \"ars_dd\"", "referent = \"cpam\"");
    let t = RoutingTable::from_toml(&text).unwrap();
    let routes = resolve(
        &t,
        RequestKind::Question,
        None,
        "13",
        "93",
        P::Medecin,
        &directory(),
    );
    assert_eq!(ids(&routes), ["cpam-13"]);
}
