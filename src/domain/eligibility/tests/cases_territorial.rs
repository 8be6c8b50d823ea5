//! Table entries for the ARS contracts of 2015-2017 that the CDE replaced on 2020-12-25: PTMA,
//! PTMR and PIAS (see [`super::aid_table`]; the PTMG is with the médecins' aids).

use super::aid_table::{AidCase, Mutation};
use super::cases_medecins::{
    medecin, HZ, NOT_MEDECIN, NOT_ZIP, NO_SECTOR, NO_SITUATION, NO_ZONE, SALARIE,
};
use crate::domain::eligibility::Input;
use crate::domain::profession::{Sector, Situation};

const REMPLACANT: Mutation = |p| p.situation = Some(Situation::Remplacant);

pub(super) const TERRITORIAL: &[AidCase] = &[
    AidCase {
        code: "PTMA",
        eligible: |on| medecin(Situation::Installe, on),
        failing: &[
            NOT_MEDECIN,
            ("situation", REMPLACANT),
            ("zone", HZ),
            ("secteur", |p| p.sector = Some(Sector::Secteur2)),
        ],
        unknown: &[
            ("situation", NO_SITUATION, Input::Situation),
            ("zone", NO_ZONE, Input::Zone),
            ("zone", NOT_ZIP, Input::Zone),
            ("secteur", NO_SECTOR, Input::Sector),
        ],
    },
    AidCase {
        code: "PTMR",
        eligible: |on| medecin(Situation::Remplacant, on),
        failing: &[
            NOT_MEDECIN,
            ("situation", SALARIE),
            ("situation", |p| p.situation = Some(Situation::Installe)),
            ("zone", HZ),
        ],
        unknown: &[
            ("situation", NO_SITUATION, Input::Situation),
            ("zone", NO_ZONE, Input::Zone),
            ("zone", NOT_ZIP, Input::Zone),
        ],
    },
    AidCase {
        code: "PIAS",
        eligible: |on| medecin(Situation::Installe, on),
        failing: &[
            NOT_MEDECIN,
            ("situation", SALARIE),
            ("secteur", |p| p.sector = Some(Sector::Secteur2Optam)),
            ("zone", HZ),
        ],
        unknown: &[
            ("situation", NO_SITUATION, Input::Situation),
            ("secteur", NO_SECTOR, Input::Sector),
            ("zone", NO_ZONE, Input::Zone),
            ("zone", NOT_ZIP, Input::Zone),
        ],
    },
];
