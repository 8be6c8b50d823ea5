//! Loading the shipped files and rejecting malformed ones with file, line and reason.

use super::{catalogue, rules_dir};
use crate::domain::eligibility::{Catalogue, RuleFileError};
use std::path::Path;

#[test]
fn every_shipped_file_loads() {
    let cat = catalogue();
    let codes: Vec<&str> = cat.aids().iter().map(|a| a.code.as_str()).collect();
    let expected = [
        "CESP",
        "PTMG",
        "CDE",
        "CAIM",
        "COSCOM",
        "COTRAM",
        "CSTM",
        "AIDE-INSTALLATION",
        "PRIME-INTERNE",
        "AIDE-CABINET-SECONDAIRE",
        "MAJORATION-FMT-ZIP",
        "DOCTEUR-JUNIOR-ZIP",
        "MAITRE-STAGE-DOCTEUR-JUNIOR",
        "PTMA-2026",
        "MISSION-SOLIDARITE-TERRITORIALE",
        "CUMUL-EMPLOI-RETRAITE",
        "CAPII",
        "CAII",
        "CAMII",
        "CACCMK",
        "CAIMK",
        "CAMMK",
        "CAPISF",
        "CAISF",
        "CAMSF",
        "CAICD",
        "CAMCD",
        "CAPIOP",
        "CAIOP",
        "CAMOP",
        "AIDE-PHARMACIE-TERRITOIRE-FRAGILE",
        "CRAI-HAUTS-DE-FRANCE",
        "PTMA",
        "PTMR",
        "PIAS",
    ];
    for code in expected {
        assert!(
            codes.contains(&code),
            "{code} missing from {codes:?} in {}",
            rules_dir().display()
        );
    }
    for aid in cat.aids() {
        for v in &aid.versions {
            // Every version was checked against its text in the review of November and
            // December 2026.
            let checked = v.last_checked.to_string();
            assert!(
                ("2026-11-22".."2026-12-08").contains(&checked.as_str()),
                "{} {}: {checked}",
                aid.code,
                v.label
            );
            assert!(v.legal_refs.iter().all(|r| r.url.starts_with("https://")));
            // An exact text or page, never a code's or a site's home page.
            for r in &v.legal_refs {
                let home = r.url.contains("/codes/id/LEGITEXT")
                    || r.url.trim_end_matches('/').ends_with("ameli.fr/medecin");
                assert!(!home, "{} {}: {}", aid.code, v.label, r.url);
            }
        }
    }
    assert!(cat.get("cesp").is_some(), "lookup is case-insensitive");
    assert!(cat.get("NOPE").is_none());
}

const VALID: &str = r#"code = "TEST"
name = "Aide de test"
description = "Pour les tests."
instructed_by = ["cpam"]

[[versions]]
label = "v1"
from = 2020-01-01
to = "2020-12-31"
last_checked = 2026-11-22
legal_refs = [{ title = "Texte", url = "https://www.legifrance.gouv.fr/" }]
[versions.amount]
text = "100 €"

[[versions.criteria]]
id = "profession"
when = { profession_in = ["medecin"] }
met = "Oui ({profession})."
not_met = "Non."

[[versions]]
label = "v2"
from = 2021-01-01
last_checked = 2026-11-22
legal_refs = [{ title = "Texte", url = "https://www.legifrance.gouv.fr/" }]
[versions.amount]
text = "200 €"

[[versions.criteria]]
id = "age"
when = { number_at_least = { input = "age", value = 60 } }
met = "Oui."
not_met = "Non."
"#;

const DUPLICATE: &str = r#"
[[versions.criteria]]
id = "age"
when = { flag_is = { input = "coordinated_practice", value = true } }
met = "Oui."
not_met = "Non."
"#;

/// Writes `files` into a fresh directory and loads it.
fn load(files: &[(&str, &str)]) -> Result<Catalogue, RuleFileError> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    Catalogue::load_dir(dir.path())
}

fn rejected(files: &[(&str, &str)]) -> (String, Option<usize>, String) {
    match load(files) {
        Ok(_) => panic!("accepted: {files:?}"),
        Err(e) => {
            let file = e.path().file_name().unwrap().to_string_lossy().into_owned();
            (file, e.line(), e.to_string())
        }
    }
}

#[test]
fn a_valid_file_loads_with_both_date_spellings() {
    let cat = load(&[("TEST.toml", VALID)]).unwrap();
    let aid = cat.get("TEST").unwrap();
    assert_eq!(aid.versions.len(), 2);
    assert_eq!(aid.versions[0].to.unwrap().to_string(), "2020-12-31");
}

#[test]
fn malformed_files_are_rejected_with_file_line_and_reason() {
    let cases: Vec<(String, usize, &str)> = vec![
        (
            VALID.replace("\"medecin\"]", "\"docteur\"]"),
            17,
            "Profession inconnue : « docteur »",
        ),
        (
            VALID.replace("input = \"age\"", "input = \"taille\""),
            31,
            "taille",
        ),
        (
            VALID.replace("to = \"2020-12-31\"", "to = \"2020-02-30\""),
            9,
            "date impossible",
        ),
        (
            VALID.replace("to = \"2020-12-31\"", "to = \"2021-06-30\""),
            21,
            "se chevauchent",
        ),
        (
            VALID.replace("to = \"2020-12-31\"", "to = \"2019-06-30\""),
            6,
            "est avant from",
        ),
        (
            VALID.replace("met = \"Oui ({profession}).\"", "met = \"Oui ({metier}).\""),
            6,
            "{metier}",
        ),
        (
            VALID.replace(
                "not_met = \"Non.\"\n\n[[versions]]",
                "nott_met = \"Non.\"\n\n[[versions]]",
            ),
            19,
            "nott_met",
        ),
        (format!("{VALID}{DUPLICATE}"), 21, "en double"),
        (
            VALID.replace("code = \"TEST\"", "code = \"AUTRE\""),
            1,
            "doit être le nom du fichier",
        ),
        (
            VALID.replace("name = \"Aide de test\"", "name = \"Aide de test"),
            2,
            "fichier de règles invalide",
        ),
        (
            VALID.replace("[\"cpam\"]", "[\"mairie\"]"),
            4,
            "Institution inconnue",
        ),
    ];
    for (text, line, reason) in cases {
        let (file, got_line, message) = rejected(&[("TEST.toml", &text)]);
        assert_eq!(file, "TEST.toml");
        assert_eq!(got_line, Some(line), "{message}");
        assert!(
            message.contains(reason),
            "{message} should contain {reason}"
        );
        assert!(message.contains(&format!("TEST.toml:{line}:")), "{message}");
    }
}

#[test]
fn a_closed_aid_needs_a_known_successor_or_a_note() {
    let closed = VALID.replace("from = 2021-01-01", "from = 2021-01-01\nto = 2022-12-31");
    let (_, line, message) = rejected(&[("TEST.toml", &closed)]);
    assert_eq!(line, None);
    assert!(message.contains("successor"), "{message}");

    let with_unknown = closed.replace("instructed_by", "successor = \"NEXT\"\ninstructed_by");
    let (_, line, message) = rejected(&[("TEST.toml", &with_unknown)]);
    assert_eq!(line, Some(4));
    assert!(message.contains("successeur « NEXT » inconnu"), "{message}");

    let next = VALID.replace("code = \"TEST\"", "code = \"NEXT\"");
    let cat = load(&[("TEST.toml", &with_unknown), ("NEXT.toml", &next)]).unwrap();
    assert_eq!(cat.aids().len(), 2);

    let with_note = closed.replace(
        "instructed_by",
        "closed_note = \"Plus de successeur.\"\ninstructed_by",
    );
    assert!(load(&[("TEST.toml", &with_note)]).is_ok());
}

#[test]
fn an_empty_or_missing_directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    assert!(Catalogue::load_dir(dir.path()).is_err());
    let err = Catalogue::load_dir(&dir.path().join("absent")).unwrap_err();
    assert!(matches!(err, RuleFileError::Io { .. }));
    assert!(Path::new(&err.path()).ends_with("absent"));
}

#[test]
fn shipped_tracked_commitments_are_sane_and_faithful() {
    let cat = catalogue();
    let mut seen = 0;
    for aid in cat.aids() {
        for v in &aid.versions {
            for c in v.tracked_commitments.iter() {
                seen += 1;
                for m in &c.milestones {
                    assert!(m.after_months > 0, "{} {}", aid.code, m.id);
                    assert!(c.months.is_none_or(|months| m.after_months <= months));
                    assert!(m.remind_days_before > 0 && m.remind_days_before <= 366);
                }
            }
        }
    }
    assert!(seen >= 5, "{seen}");
    let caim = cat.get("CAIM").expect("CAIM").versions[0].tracked_commitments[0].clone();
    assert_eq!(caim.months, Some(60));
    let afters: Vec<u32> = caim.milestones.iter().map(|m| m.after_months).collect();
    assert_eq!(afters, vec![12, 60]);
    // « Sans engagement de durée »: only the payment within three months is followed.
    let aid = cat.get("AIDE-INSTALLATION").expect("AIDE-INSTALLATION");
    let tracked = &aid.versions[0].tracked_commitments;
    assert!(tracked.iter().all(|c| c.months.is_none()));
    assert_eq!(tracked[0].milestones[0].after_months, 3);
}
