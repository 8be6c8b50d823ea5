//! Institutions still "à compléter" and régions without ARS délégations.

use super::tests::{directory, inst, route_in};
use super::*;
use crate::domain::request::PracticeMode;
use InstitutionKind as K;
use Profession as P;

const LIBERAL: RequestKind = RequestKind::Installation(PracticeMode::Liberal);

#[test]
fn an_institution_without_mailbox_gives_an_institution_manquante_referral() {
    let mut dir = directory();
    for i in dir
        .iter_mut()
        .filter(|i| i.id == "cpam-13" || i.id == "urssaf-93")
    {
        i.reachable = false;
    }
    assert_eq!(
        route_in(&dir, LIBERAL, None, "13", "93", P::Medecin),
        [
            "ars-dd-13",
            "manquante:cpam",
            "ordre-med-13",
            "urps-med-93",
            "manquante:urssaf"
        ]
    );
    // The Var's CPAM is complete: its requests still reach it.
    assert_eq!(
        route_in(&dir, LIBERAL, None, "83", "93", P::Medecin)[1],
        "cpam-83"
    );
}

#[test]
fn in_a_region_of_one_departement_the_ars_siege_acts_for_the_delegation() {
    let dir = vec![
        inst("ars-972", K::ArsSiege, "02", None, None),
        inst("cgss-972", K::Cpam, "02", Some("972"), None),
    ];
    assert_eq!(
        route_in(&dir, RequestKind::Question, None, "972", "02", P::Medecin),
        ["ars-972"]
    );
    // Where the région has délégations, a missing one stays missing (no silent fallback).
    let dir = vec![
        inst("ars-siege-93", K::ArsSiege, "93", None, None),
        inst("ars-dd-83", K::ArsDd, "93", Some("83"), None),
    ];
    assert_eq!(
        route_in(&dir, RequestKind::Question, None, "13", "93", P::Medecin),
        ["manquante:ars_dd"]
    );
}
