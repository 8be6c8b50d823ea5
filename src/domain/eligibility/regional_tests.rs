//! Regional rules: accepted when limited to their région, refused with the line otherwise.

use super::*;

fn national() -> Catalogue {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config/aides");
    Catalogue::load_dir(&dir).expect("catalogue")
}

fn rule(code: &str, region: &str) -> String {
    format!(
        r#"code = "{code}"
name = "Bourse départementale d'installation"
description = "Aide du département aux jeunes médecins qui s'installent."
instructed_by = ["departement"]

[[versions]]
label = "Délibération 2026"
from = 2026-01-01
changes = "Création."
last_checked = 2026-12-01
legal_refs = [ {{ title = "Délibération du conseil départemental", url = "https://www.exemple.fr/deliberation" }} ]
[versions.amount]
text = "10 000 €"

[[versions.criteria]]
id = "region"
when = {{ region_in = ["{region}"] }}
met = "Vous exercez dans la région."
not_met = "Aide réservée à la région."
"#
    )
}

#[test]
fn a_rule_limited_to_its_region_is_accepted_and_joins_the_catalogue() {
    let national = national();
    let aid = parse_regional(&rule("BOURSE-35", "53"), "53", &national).expect("acceptée");
    assert_eq!(aid.code, "BOURSE-35");
    let merged = with_regional(&national, vec![aid]);
    assert_eq!(merged.aids().len(), national.aids().len() + 1);
    assert!(merged.get("BOURSE-35").is_some());
}

#[test]
fn refusals_say_why_and_where() {
    let national = national();
    let other =
        parse_regional(&rule("BOURSE-35", "93"), "53", &national).expect_err("autre région");
    assert!(other.message.contains("region_in = [\"53\"]"), "{other}");
    let clash = parse_regional(&rule("CESP", "53"), "53", &national).expect_err("nationale");
    assert!(clash.message.contains("aide nationale"), "{clash}");
    let broken = rule("BOURSE-35", "53").replace("from = 2026-01-01", "from = 2026-13-01");
    let err = parse_regional(&broken, "53", &national).expect_err("date");
    assert_eq!(err.line, Some(8), "{err}");
    let unknown = rule("BOURSE-35", "53").replace("changes =", "chnages =");
    let err = parse_regional(&unknown, "53", &national).expect_err("champ");
    assert!(err.line.is_some(), "{err}");
    assert!(parse_regional("  ", "53", &national).is_err());
}
