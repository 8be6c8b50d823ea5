//! The shipped directory covers the 18 régions and 101 départements; refused rows name their line.

use std::collections::BTreeMap;

use super::*;

/// (code, région) of the 101 départements, from the test fixture (all départements of the COG).
fn departements() -> Vec<(String, String)> {
    let json = include_str!("../../tests/fixtures/communes/departements.json");
    let rows: Vec<serde_json::Value> = serde_json::from_str(json).expect("fixture");
    rows.iter()
        .filter(|d| matches!(d["zone"].as_str(), Some("metro" | "drom")))
        .map(|d| {
            let text = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            (text("code"), text("region"))
        })
        .collect()
}

fn count<'a>(
    entries: &'a [DirectoryEntry],
    wanted: impl Fn(&DirectoryEntry) -> bool + 'a,
) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for e in entries.iter().filter(|e| wanted(e)) {
        let place = e
            .departement_code
            .clone()
            .unwrap_or_else(|| e.region_code.clone());
        *counts.entry(place).or_insert(0) += 1;
    }
    counts
}

#[test]
fn the_shipped_directory_covers_every_region_and_departement() {
    let entries = parse(SHIPPED).expect("annuaire livré valide");
    let deps = departements();
    assert_eq!(deps.len(), 101);
    let regions: std::collections::BTreeSet<&str> = deps.iter().map(|(_, r)| r.as_str()).collect();
    assert_eq!(regions.len(), 18);

    let ars_siege = count(&entries, |e| e.kind == InstitutionKind::ArsSiege);
    let ars_dd = count(&entries, |e| e.kind == InstitutionKind::ArsDd);
    let cpam = count(&entries, |e| e.kind == InstitutionKind::Cpam);
    let cdom = count(&entries, |e| {
        e.kind == InstitutionKind::Ordre && e.profession == Some(Profession::Medecin)
    });
    let urps_ml = count(&entries, |e| {
        e.kind == InstitutionKind::Urps && e.profession == Some(Profession::Medecin)
    });
    for region in &regions {
        assert_eq!(
            ars_siege.get(*region),
            Some(&1),
            "ARS de la région {region}"
        );
        assert_eq!(
            urps_ml.get(*region),
            Some(&1),
            "URPS médecins de la région {region}"
        );
    }
    let overseas = ["971", "972", "973", "974", "976"];
    for (dep, _) in &deps {
        // Régions of one département: the ARS siège acts for the département.
        let want_dd = if overseas.contains(&dep.as_str()) {
            None
        } else {
            Some(&1)
        };
        assert_eq!(ars_dd.get(dep), want_dd, "ARS DD du {dep}");
        assert_eq!(cdom.get(dep), Some(&1), "Ordre des médecins du {dep}");
        let cpams = cpam.get(dep).copied().unwrap_or(0);
        let want = match dep.as_str() {
            "59" => 4,
            "62" | "64" | "76" => 2,
            _ => 1,
        };
        assert_eq!(cpams, want, "CPAM/CGSS du {dep}");
    }
    assert_eq!(ars_dd.values().sum::<usize>(), 96);
}

#[test]
fn split_caisses_share_their_departement_without_overlap() {
    let entries = parse(SHIPPED).expect("annuaire livré valide");
    for dep in ["59", "62", "64", "76"] {
        let caisses: Vec<&DirectoryEntry> = entries
            .iter()
            .filter(|e| e.kind == InstitutionKind::Cpam)
            .filter(|e| e.departement_code.as_deref() == Some(dep))
            .collect();
        let mut seen = std::collections::BTreeSet::new();
        for caisse in &caisses {
            assert!(!caisse.communes.is_empty(), "{}", caisse.name);
            for commune in &caisse.communes {
                assert!(commune.starts_with(dep), "{} : {commune}", caisse.name);
                assert!(seen.insert(commune.clone()), "{commune} dans deux caisses");
            }
        }
    }
    let roubaix = entries
        .iter()
        .find(|e| e.key == "cpam:59:roubaix-tourcoing")
        .expect("CPAM de Roubaix-Tourcoing");
    assert!(covers(&roubaix.communes, Some("59512")));
    assert!(!covers(&roubaix.communes, Some("59350")), "Lille");
}

#[test]
fn orthophonistes_and_orthoptistes_have_no_ordre_but_a_urps() {
    let entries = parse(SHIPPED).expect("annuaire livré valide");
    for profession in [Profession::Orthophoniste, Profession::Orthoptiste] {
        let of = |kind| {
            entries
                .iter()
                .filter(|e| e.kind == kind && e.profession == Some(profession))
                .count()
        };
        assert_eq!(of(InstitutionKind::Ordre), 0);
        assert_eq!(of(InstitutionKind::Urps), 18);
    }
}

#[test]
fn refused_rows_name_their_line_and_reason() {
    let header = COLUMNS.join(",");
    let text = format!(
        "{header}\n\
         a,cpam,CPAM de test,53,35,,,,,source,\n\
         b,mairie,Mairie,53,35,,,,,source,\n\
         c,ordre,Ordre,53,35,,,,,source,\n\
         a,cpam,CPAM en double,53,35,,,,,source,\n\
         d,cpam,CPAM,53,35,,35238 x,,,source,\n\
         e,urssaf,Urssaf,53,,,,http://x.fr,,source,\n"
    );
    let errors = parse(&text).expect_err("refusé");
    let lines: Vec<(u64, &str)> = errors
        .iter()
        .map(|e| (e.line, e.message.as_str()))
        .collect();
    assert_eq!(lines.len(), 5, "{lines:?}");
    assert_eq!(lines[0].0, 3);
    assert!(lines[0].1.contains("mairie"), "{lines:?}");
    assert_eq!(lines[1].0, 4);
    assert!(lines[1].1.contains("profession"), "{lines:?}");
    assert!(lines[2].1.contains("double"), "{lines:?}");
    assert!(lines[3].1.contains("« x »"), "{lines:?}");
    assert!(lines[4].1.contains("https"), "{lines:?}");
}

#[test]
fn without_a_commune_every_institution_serves() {
    let list = vec!["35238".to_string()];
    assert!(covers(&[], Some("29019")));
    assert!(covers(&list, Some("35238")));
    assert!(!covers(&list, Some("29019")));
    assert!(covers(&list, None));
}
