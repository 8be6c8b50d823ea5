//! Unit tests of the zone categories, sets and three-valued logic.

use super::*;
use crate::domain::profession::Profession;

fn set(cats: &[ZoneCategory]) -> ZoneSet {
    ZoneSet::from_categories(cats.iter().copied())
}

#[test]
fn zone_in_is_three_valued_over_sets() {
    let zip_zac = set(&[Zip, Zac]);
    let cases = [
        (Some(ZoneSet::only(Zip)), zip_zac, Tri::Met),
        (Some(ZoneSet::only(Zac)), zip_zac, Tri::Met),
        (Some(ZoneSet::only(Hz)), zip_zac, Tri::NotMet),
        (Some(ZoneSet::not_zip()), zip_zac, Tri::Unknown),
        (Some(ZoneSet::not_zip()), ZoneSet::only(Zip), Tri::NotMet),
        (Some(set(&[Zac, Zv])), zip_zac, Tri::Unknown),
        (Some(set(&[Zip, Zac])), zip_zac, Tri::Met),
        (Some(ZoneSet::EMPTY), zip_zac, Tri::Unknown),
        (None, zip_zac, Tri::Unknown),
        (None, ZoneSet::all(), Tri::Unknown),
    ];
    for (possible, allowed, expected) in cases {
        assert_eq!(
            zone_in(possible, allowed),
            expected,
            "{possible:?} in {allowed:?}"
        );
    }
}

#[test]
fn zone_not_in_is_the_mirror() {
    let zip = ZoneSet::only(Zip);
    assert_eq!(zone_not_in(Some(ZoneSet::not_zip()), zip), Tri::Met);
    assert_eq!(zone_not_in(Some(zip), zip), Tri::NotMet);
    assert_eq!(zone_not_in(Some(set(&[Zip, Hz])), zip), Tri::Unknown);
    assert_eq!(zone_not_in(None, zip), Tri::Unknown);
}

#[test]
fn tri_logic() {
    use Tri::*;
    assert_eq!(Tri::all([Met, Met]), Met);
    assert_eq!(Tri::all([Met, Unknown]), Unknown);
    assert_eq!(Tri::all([Unknown, NotMet]), NotMet);
    assert_eq!(Tri::any([NotMet, Unknown]), Unknown);
    assert_eq!(Tri::any([NotMet, NotMet]), NotMet);
    assert_eq!(Tri::any([Unknown, Met]), Met);
    assert_eq!(Tri::any([]), NotMet);
    assert_eq!(Tri::all([]), Met);
    assert_eq!(Unknown.negate(), Unknown);
    assert_eq!(serde_json::to_string(&NotMet).unwrap(), "\"not_met\"");
}

#[test]
fn descriptions_and_storage_codes() {
    assert_eq!(ZoneSet::only(Zip).description(), "ZIP");
    assert_eq!(
        ZoneSet::not_zip().description(),
        "hors ZIP (ZAC, ZV, ZAR ou HZ)"
    );
    assert_eq!(set(&[Zac, Zip]).description(), "ZIP ou ZAC");
    assert_eq!(ZoneSet::all().description(), "zone non déterminée");
    assert_eq!(ZoneSet::not_zip().storage_code(), "ZAC|ZV|ZAR|HZ");
    for s in [
        ZoneSet::only(Hz),
        ZoneSet::not_zip(),
        set(&[Zip, Zar]),
        ZoneSet::all(),
    ] {
        assert_eq!(s.storage_code().parse::<ZoneSet>(), Ok(s));
    }
    assert_eq!("hz|zac".parse::<ZoneSet>(), Ok(set(&[Zac, Hz])));
    assert!("".parse::<ZoneSet>().is_err());
    assert!("ZIP|QPV".parse::<ZoneSet>().is_err());
    assert_eq!(ZoneSet::not_zip().iter().count(), 4);
}

#[test]
fn categories_have_codes_and_labels() {
    assert_eq!(Zip.to_string(), "ZIP");
    assert_eq!(Zip.label(), "Zone d'intervention prioritaire (ZIP)");
    assert_eq!("zac".parse::<ZoneCategory>(), Ok(Zac));
    assert_eq!(
        serde_json::to_string(&ZoneSet::not_zip()).unwrap(),
        r#"["ZAC","ZV","ZAR","HZ"]"#
    );
    let back: ZoneSet = serde_json::from_str(r#"["HZ","ZIP"]"#).unwrap();
    assert_eq!(back, set(&[Zip, Hz]));
}

#[test]
fn each_profession_has_its_scale() {
    use Profession::*;
    let slugs = |p| {
        ZoneCategory::scale(p)
            .iter()
            .map(|c| c.slug())
            .collect::<Vec<_>>()
    };
    assert_eq!(slugs(Medecin), ["ZIP", "ZAC", "ZV", "ZAR", "HZ"]);
    let one_to_five = [
        "tres-sous-dotee",
        "sous-dotee",
        "intermediaire",
        "tres-dotee",
        "sur-dotee",
    ];
    assert_eq!(slugs(Infirmier), one_to_five);
    assert_eq!(slugs(SageFemme), one_to_five);
    assert_eq!(
        slugs(MasseurKinesitherapeute),
        [&one_to_five[..], &["non-prioritaire"]].concat()
    );
    assert_eq!(
        slugs(ChirurgienDentiste),
        [
            "tres-sous-dotee",
            "sous-dotee",
            "intermediaire",
            "tres-dotee",
            "non-prioritaire"
        ]
    );
    assert_eq!(
        slugs(Orthophoniste),
        [
            "tres-sous-dotee",
            "sous-dense",
            "sous-dotee",
            "intermediaire",
            "tres-dotee",
            "sur-dotee"
        ]
    );
    for p in [Pharmacien, Orthoptiste, PedicurePodologue] {
        assert!(ZoneCategory::scale(p).is_empty(), "{p}");
        assert!(ZoneSet::scale(p).is_empty());
    }
    // Every category is in at least one scale.
    for c in ZoneCategory::ALL {
        assert!(Profession::ALL.iter().any(|p| c.belongs_to(*p)), "{c}");
    }
}

#[test]
fn a_category_outside_the_scale_is_refused_in_french() {
    use Profession::*;
    assert_eq!(Zip.check_scale(Medecin), Ok(()));
    assert_eq!(NonPrioritaire.check_scale(MasseurKinesitherapeute), Ok(()));
    let err = Zip.check_scale(Infirmier).unwrap_err();
    assert_eq!(
        err.to_string(),
        "La zone « ZIP » n'est pas une catégorie du zonage des infirmiers : choisissez parmi \
         tres-sous-dotee, sous-dotee, intermediaire, tres-dotee, sur-dotee."
    );
    assert!(SurDotee.check_scale(ChirurgienDentiste).is_err());
    assert!(SousDense.check_scale(MasseurKinesitherapeute).is_err());
    assert!(SousDense.check_scale(Orthophoniste).is_ok());
    let none = TresSousDotee.check_scale(Pharmacien).unwrap_err();
    assert!(
        none.to_string()
            .contains("il n'existe pas de zonage conventionnel des pharmaciens"),
        "{none}"
    );
    let mixed = set(&[TresSousDotee, Zip]);
    assert_eq!(mixed.check_scale(Infirmier).unwrap_err().category, "ZIP");
    assert_eq!(
        mixed.check_scale(Medecin).unwrap_err().category,
        "tres-sous-dotee"
    );
    assert_eq!(ZoneSet::scale(SageFemme).check_scale(SageFemme), Ok(()));
}

#[test]
fn other_professions_descriptions_use_their_labels() {
    use Profession::*;
    let tsd = ZoneSet::only(TresSousDotee);
    assert_eq!(tsd.description(), "très sous-dotée");
    assert_eq!(tsd.description_for(Infirmier), "très sous-dotée");
    assert_eq!(
        set(&[SousDotee, TresSousDotee]).description_for(SageFemme),
        "très sous-dotée ou sous-dotée"
    );
    assert_eq!(
        ZoneSet::scale(Infirmier).description_for(Infirmier),
        "zone non déterminée"
    );
    // The nurses' whole scale is not the kinés' whole scale.
    assert_eq!(
        ZoneSet::scale(Infirmier).description_for(MasseurKinesitherapeute),
        "très sous-dotée, sous-dotée, intermédiaire, très dotée ou sur-dotée"
    );
    // "hors …" only makes sense for médecins.
    let four = ZoneSet::scale(Infirmier).without(tsd);
    assert!(!four.description_for(Infirmier).starts_with("hors"));
    assert_eq!(
        ZoneSet::not_zip().description_for(Medecin),
        "hors ZIP (ZAC, ZV, ZAR ou HZ)"
    );
    assert_eq!(set(&[Zip, Zac]).description_for(Medecin), "ZIP ou ZAC");
    assert_eq!(ZoneSet::EMPTY.description_for(Infirmier), "aucune zone");
    assert_eq!(NonPrioritaire.short_label(), "non prioritaire");
    assert_eq!(SousDense.label(), "Zone sous-dense");
}

#[test]
fn sets_of_other_professions_are_stored_and_serialized_by_slug() {
    let s = set(&[SousDotee, TresSousDotee]);
    assert_eq!(s.storage_code(), "tres-sous-dotee|sous-dotee");
    assert_eq!(s.storage_code().parse::<ZoneSet>(), Ok(s));
    assert_eq!(
        serde_json::to_string(&ZoneSet::only(NonPrioritaire)).unwrap(),
        r#"["non-prioritaire"]"#
    );
    assert_eq!("Sous-Dense".parse::<ZoneCategory>(), Ok(SousDense));
    assert_eq!(ZoneSet::all().len(), ZoneCategory::ALL.len());
    assert_eq!(
        ZoneSet::not_zip().complement().len(),
        ZoneCategory::ALL.len() - 4
    );
    assert_eq!(s.union(ZoneSet::only(Zip)).len(), 3);
    // A nurse's zone is never "in" a médecin's ZIP, and is "not in" it.
    assert_eq!(zone_in(Some(s), ZoneSet::only(Zip)), Tri::NotMet);
    assert_eq!(zone_not_in(Some(s), ZoneSet::only(Zip)), Tri::Met);
    assert_eq!(zone_in(Some(s), ZoneSet::only(TresSousDotee)), Tri::Unknown);
}
