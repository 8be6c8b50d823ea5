//! Unit tests of the commune search.

use super::*;

fn commune(insee: &str, name: &str, postal: &[&str], population: i32) -> Commune {
    Commune {
        insee: insee.into(),
        name: name.into(),
        departement_code: insee[..2].into(),
        region_code: "93".into(),
        postal_codes: postal.iter().map(|p| p.to_string()).collect(),
        population,
    }
}

fn index() -> CommuneIndex {
    CommuneIndex::new(vec![
        commune("13055", "Marseille", &["13001", "13002"], 870_000),
        commune("13001", "Aix-en-Provence", &["13090", "13100"], 145_000),
        commune("42218", "Saint-Étienne", &["42000"], 170_000),
        commune("13097", "Saint-Étienne-du-Grès", &["13103"], 2_400),
        commune("73254", "Sainte-Étiennette", &["73000"], 100),
        commune("06030", "Le Cannet", &["06110"], 42_000),
        commune("55502", "Stenay", &["55700"], 2_700),
        commune("2A004", "Ajaccio", &["20000"], 70_000),
    ])
}

fn names(hits: Vec<&CommuneHit>) -> Vec<&str> {
    hits.into_iter().map(|h| h.name.as_str()).collect()
}

#[test]
fn departements_of_a_region_are_listed_once_in_order() {
    let idx = index();
    assert_eq!(
        idx.departements_of_region("93"),
        ["06", "13", "2A", "42", "55", "73"]
    );
    assert!(idx.departements_of_region("11").is_empty());
}

#[test]
fn names_are_matched_word_by_word_without_accents() {
    let idx = index();
    assert_eq!(
        names(idx.search("sainte eti")),
        [
            "Saint-Étienne",
            "Saint-Étienne-du-Grès",
            "Sainte-Étiennette"
        ]
    );
    assert_eq!(
        names(idx.search("ST ÉTIENNE du")),
        ["Saint-Étienne-du-Grès"]
    );
    assert_eq!(names(idx.search("marseille"))[0], "Marseille");
    assert_eq!(names(idx.search("aix prov")), ["Aix-en-Provence"]);
    assert_eq!(
        names(idx.search("st")),
        [
            "Saint-Étienne",
            "Stenay",
            "Saint-Étienne-du-Grès",
            "Sainte-Étiennette"
        ]
    );
    assert_eq!(
        names(idx.search("cannet")),
        ["Le Cannet"],
        "a later word matches too"
    );
    assert_eq!(
        names(idx.search("etienne")),
        [
            "Saint-Étienne",
            "Saint-Étienne-du-Grès",
            "Sainte-Étiennette"
        ]
    );
}

#[test]
fn first_word_matches_rank_before_inner_words() {
    let idx = CommuneIndex::new(vec![
        commune("01001", "Bourg-Cannes", &[], 900_000),
        commune("06029", "Cannes", &[], 74_000),
        commune("06031", "Saint-Cannes-Saint-Lieu", &[], 10),
    ]);
    assert_eq!(
        names(idx.search("cannes")),
        ["Cannes", "Bourg-Cannes", "Saint-Cannes-Saint-Lieu"]
    );
    assert_eq!(
        names(idx.search("saint")),
        ["Saint-Cannes-Saint-Lieu"],
        "a commune appears once even when two of its words match"
    );
}

#[test]
fn codes_find_postal_codes_and_insee() {
    let idx = index();
    assert_eq!(
        names(idx.search("13001")),
        [
            "Marseille",
            "Aix-en-Provence",
            "Marseille 1er Arrondissement"
        ]
    );
    assert_eq!(names(idx.search("13055")), ["Marseille"]);
    assert_eq!(names(idx.search("2a004")), ["Ajaccio"]);
    assert_eq!(
        names(idx.search("131")),
        ["Aix-en-Provence", "Saint-Étienne-du-Grès"]
    );
    assert_eq!(
        idx.get("42218").map(|c| c.name.as_str()),
        Some("Saint-Étienne")
    );
    assert!(idx.get("99999").is_none());
}

#[test]
fn short_or_empty_queries_find_nothing_and_results_are_capped() {
    let idx = index();
    assert!(idx.search("").is_empty());
    assert!(idx.search("m").is_empty());
    assert!(idx.search(" - ").is_empty());
    assert!(idx.search("1").is_empty());
    assert!(idx.search("zzzz").is_empty());
    let many: Vec<Commune> = (0..50)
        .map(|i| commune(&format!("01{i:03}"), &format!("Saint-Lieu {i}"), &[], i))
        .collect();
    let idx = CommuneIndex::new(many);
    let hits = idx.search("saint");
    assert_eq!(hits.len(), LIMIT);
    assert_eq!(hits[0].population, 49, "most populated first");
}

#[test]
fn municipal_arrondissements_are_found_after_their_commune() {
    let idx = index();
    let marseille_5 = idx.get("13205").expect("Marseille 5e");
    assert_eq!(marseille_5.name, "Marseille 5e Arrondissement");
    assert_eq!(marseille_5.parent.as_deref(), Some("13055"));
    assert_eq!(
        (
            marseille_5.departement.as_str(),
            marseille_5.region.as_str()
        ),
        ("13", "93")
    );
    assert_eq!(idx.arrondissements_of("13055").len(), 16);
    assert!(idx.arrondissements_of("13001").is_empty());
    // Lyon is not in this index: neither are its arrondissements.
    assert!(idx.get("69381").is_none());
    let hits = names(idx.search("marseille"));
    assert_eq!(hits[0], "Marseille");
    assert!(
        hits[1].starts_with("Marseille ") && hits[1].ends_with("Arrondissement"),
        "{hits:?}"
    );
    assert_eq!(
        names(idx.search("13002")),
        ["Marseille", "Marseille 2e Arrondissement"]
    );
    assert_eq!(
        names(idx.search("marseille 5e")),
        ["Marseille 5e Arrondissement"]
    );
    let json = serde_json::to_value(marseille_5).expect("JSON");
    assert_eq!(json["parent"], "13055");
    assert!(
        serde_json::to_value(idx.get("13055").expect("Marseille")).expect("JSON")["parent"]
            .is_null()
    );
}

fn one(resolved: Resolved<'_>) -> Option<&str> {
    match resolved {
        Resolved::One(hit) => Some(hit.insee.as_str()),
        _ => None,
    }
}

#[test]
fn a_commune_is_resolved_from_its_code_its_suggestion_or_its_exact_name() {
    let idx = index();
    assert_eq!(one(idx.resolve(" 13001 ")), Some("13001"));
    assert_eq!(one(idx.resolve("2a004")), Some("2A004"));
    assert_eq!(one(idx.resolve("Aix-en-Provence (13001)")), Some("13001"));
    // The exact name wins over the longer names it starts.
    assert_eq!(one(idx.resolve("saint etienne")), Some("42218"));
    // A prefix that only one commune has.
    assert_eq!(one(idx.resolve("Stena")), Some("55502"));
}

#[test]
fn an_unknown_code_no_match_and_an_ambiguous_name_are_told_apart() {
    let idx = index();
    assert_eq!(idx.resolve("13999"), Resolved::UnknownCode("13999".into()));
    assert_eq!(idx.resolve("Zzyzx"), Resolved::NoMatch);
    match idx.resolve("Saint") {
        Resolved::Several(hits) => assert!(hits.len() >= 2, "{hits:?}"),
        other => panic!("attendu plusieurs communes, obtenu {other:?}"),
    }
}

#[test]
fn resolution_within_a_perimeter_ignores_the_communes_outside_it() {
    let idx = index();
    let bouches_du_rhone = |h: &CommuneHit| h.departement == "13";
    assert_eq!(
        one(idx.resolve_within("Saint", bouches_du_rhone)),
        Some("13097")
    );
    assert_eq!(
        idx.resolve_within("42218", bouches_du_rhone),
        Resolved::UnknownCode("42218".into())
    );
    assert_eq!(
        idx.resolve_within("Stenay", bouches_du_rhone),
        Resolved::NoMatch
    );
}

#[test]
fn communes_of_the_same_name_are_told_apart_from_a_prefix() {
    let idx = CommuneIndex::new(vec![
        commune("04001", "Aiglun", &["04510"], 1_400),
        commune("06002", "Aiglun", &["06910"], 100),
        commune("13097", "Saint-Étienne-du-Grès", &["13103"], 2_400),
    ]);
    match idx.resolve("aiglun") {
        Resolved::SameName(hits) => assert_eq!(names(hits), ["Aiglun", "Aiglun"]),
        other => panic!("attendu deux communes du même nom, obtenu {other:?}"),
    }
}
