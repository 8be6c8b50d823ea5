use super::*;
use crate::domain::request::PracticeMode;
use InstitutionKind as K;
use Profession as P;

fn table() -> RoutingTable {
    RoutingTable::from_toml(include_str!("../../../config/routing.toml")).unwrap()
}

fn inst(id: &str, kind: K, dep: Option<&str>, profession: Option<P>) -> InstitutionRef {
    InstitutionRef {
        id: id.into(),
        kind,
        region_code: "93".into(),
        departement_code: dep.map(Into::into),
        profession,
        reachable: true,
    }
}

fn directory() -> Vec<InstitutionRef> {
    vec![
        inst("ars-dd-13", K::ArsDd, Some("13"), None),
        inst("ars-dd-83", K::ArsDd, Some("83"), None),
        inst("cpam-13", K::Cpam, Some("13"), None),
        inst("cpam-83", K::Cpam, Some("83"), None),
        inst("ordre-med-13", K::Ordre, Some("13"), Some(P::Medecin)),
        inst("ordre-inf-13", K::Ordre, Some("13"), Some(P::Infirmier)),
        inst("urps-med-93", K::Urps, None, Some(P::Medecin)),
        inst("urssaf-93", K::Urssaf, None, None),
        inst("region-93", K::Region, None, None),
    ]
}

const LIBERAL: RequestKind = RequestKind::Installation(PracticeMode::Liberal);

fn ids(routes: &[Route]) -> Vec<String> {
    routes
        .iter()
        .map(|r| match r {
            Route::Institution { id, .. } => id.clone(),
            Route::Missing { kind } => format!("manquante:{}", kind.slug()),
        })
        .collect()
}

fn over(dep: &str, rule: RuleKey, tokens: &str) -> Override {
    Override {
        departement: dep.into(),
        rule,
        entries: decode(tokens).unwrap(),
    }
}

#[test]
fn without_override_the_file_rule_applies() {
    let (t, d) = (table(), directory());
    let args =
        |o: &[Override]| resolve_with_overrides(&t, o, LIBERAL, None, "13", "93", P::Medecin, &d);
    let plain = resolve(&t, LIBERAL, None, "13", "93", P::Medecin, &d);
    assert_eq!(args(&[]), plain);
    // An override of another département or another rule changes nothing.
    let elsewhere = [
        over("83", RuleKey::Kind(LIBERAL), "institution:cpam-83"),
        over(
            "13",
            RuleKey::Kind(RequestKind::Question),
            "institution:cpam-13",
        ),
    ];
    assert_eq!(args(&elsewhere), plain);
}

#[test]
fn an_override_replaces_the_list_of_its_departement() {
    let (t, d) = (table(), directory());
    let o = [over(
        "13",
        RuleKey::Kind(LIBERAL),
        "institution:cpam-13 type:ordre institution:region-93",
    )];
    let routes = resolve_with_overrides(&t, &o, LIBERAL, None, "13", "93", P::Medecin, &d);
    assert_eq!(ids(&routes), ["cpam-13", "ordre-med-13", "region-93"]);
    // The Ordre kind follows the profession; an unknown institution is skipped.
    let o = [over(
        "13",
        RuleKey::Kind(LIBERAL),
        "type:ordre institution:gone institution:ordre-med-13 type:chu",
    )];
    let routes = resolve_with_overrides(&t, &o, LIBERAL, None, "13", "93", P::Infirmier, &d);
    assert_eq!(ids(&routes), ["ordre-inf-13", "manquante:chu"]);
}

#[test]
fn aid_overrides_use_the_aid_code_or_the_default_list() {
    let t = table();
    assert_eq!(
        RuleKey::of_request(&t, RequestKind::AidApplication, Some("cesp")),
        RuleKey::Aid("CESP".into())
    );
    assert_eq!(
        RuleKey::of_request(&t, RequestKind::AidApplication, Some("INCONNUE")),
        RuleKey::Aid(DEFAULT_AID.into())
    );
    let d = directory();
    let o = [over(
        "13",
        RuleKey::Aid("CAIM".into()),
        "institution:urssaf-93",
    )];
    let aid = |code| {
        ids(&resolve_with_overrides(
            &t,
            &o,
            RequestKind::AidApplication,
            Some(code),
            "13",
            "93",
            P::Medecin,
            &d,
        ))
    };
    assert_eq!(aid("CAIM"), ["urssaf-93"]);
    assert_eq!(aid("COSCOM"), ["cpam-13", "ars-dd-13"]);
}

#[test]
fn effective_entries_name_institutions_or_keep_kinds() {
    let (t, d) = (table(), directory());
    let rule = RuleKey::Kind(LIBERAL);
    let tokens: Vec<String> = effective_entries(&t, &[], &rule, "13", "93", &d)
        .iter()
        .map(Entry::token)
        .collect();
    assert_eq!(
        tokens,
        [
            "institution:ars-dd-13",
            "institution:cpam-13",
            "type:ordre",
            "type:urps",
            "institution:urssaf-93"
        ]
    );
    let msp = RuleKey::Kind(RequestKind::CoordinatedPractice(
        crate::domain::request::CoordinatedStructure::Msp,
    ));
    let entries = effective_entries(&t, &[], &msp, "83", "93", &d);
    assert!(entries.contains(&Entry::Institution("region-93".into())));
    let o = [over("13", rule.clone(), "institution:cpam-13")];
    assert_eq!(
        effective_entries(&t, &o, &rule, "13", "93", &d),
        [Entry::Institution("cpam-13".into())]
    );
}

#[test]
fn tokens_and_rule_slugs_round_trip() {
    let t = table();
    for rule in t.rules() {
        assert_eq!(RuleKey::parse(&t, &rule.slug()), Some(rule.clone()));
        assert!(!t.destinations_of(&rule).is_empty(), "{}", rule.slug());
    }
    assert_eq!(t.rules().len(), 10 + 1 + t.aid_codes().count());
    assert_eq!(RuleKey::parse(&t, "aide"), None);
    assert_eq!(RuleKey::parse(&t, "aide:INCONNUE"), None);
    let text = "institution:abc type:region|conseil_departemental type:ordre";
    assert_eq!(encode(&decode(text).unwrap()), text);
    for bad in ["type:", "type:mairie", "institution:", "autre:x"] {
        assert_eq!(decode(bad), None, "{bad}");
    }
}
