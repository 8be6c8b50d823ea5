use super::*;

fn keys(steps: &[ChecklistStep]) -> Vec<&'static str> {
    steps.iter().map(|s| s.key).collect()
}

#[test]
fn a_liberal_doctor_has_ordre_cpam_urssaf_aids_and_coordination() {
    let steps = checklist(Some(Profession::Medecin), PracticeMode::Liberal, &[]);
    assert_eq!(
        keys(&steps),
        [
            "installation",
            "ordre",
            "conventionnement",
            "urssaf",
            "aides",
            "exercice-coordonne"
        ]
    );
    assert!(steps.iter().all(|s| s.request.is_none() && !s.done));
    assert_eq!(steps[0].files, K::Installation(M::Liberal));
    assert_eq!(steps[4].files, K::AidApplication);
    assert!(steps[5].optional);
}

#[test]
fn professions_without_an_ordre_register_with_the_ars() {
    for profession in [Profession::Orthophoniste, Profession::Orthoptiste] {
        let steps = checklist(Some(profession), PracticeMode::Liberal, &[]);
        assert!(!keys(&steps).contains(&"ordre"), "{profession:?}");
        assert!(keys(&steps).contains(&"enregistrement-ars"));
    }
    let steps = checklist(
        Some(Profession::PedicurePodologue),
        PracticeMode::Liberal,
        &[],
    );
    assert!(keys(&steps).contains(&"ordre"));
    assert!(!keys(&steps).contains(&"enregistrement-ars"));
}

#[test]
fn salaried_practice_has_no_conventionnement_nor_urssaf() {
    let steps = checklist(Some(Profession::Infirmier), PracticeMode::Salarie, &[]);
    assert_eq!(
        keys(&steps),
        ["installation", "ordre", "aides", "exercice-coordonne"]
    );
    assert_eq!(steps[0].files, K::Installation(M::Salarie));
}

#[test]
fn each_step_points_at_the_request_covering_it() {
    let members = [
        Member {
            kind: K::AidApplication,
            state: RequestState::Retiree,
        },
        Member {
            kind: K::Installation(M::Liberal),
            state: RequestState::Traitee,
        },
        Member {
            kind: K::AidApplication,
            state: RequestState::Orientee,
        },
    ];
    let steps = checklist(Some(Profession::Medecin), PracticeMode::Liberal, &members);
    let by = |key: &str| steps.iter().find(|s| s.key == key).expect("step");
    assert_eq!(by("installation").request, Some(1));
    assert!(by("installation").done);
    assert_eq!(by("ordre").request, Some(1));
    assert_eq!(by("urssaf").request, Some(1));
    // The live aid application, not the withdrawn one.
    assert_eq!(by("aides").request, Some(2));
    assert!(!by("aides").done);
    assert_eq!(by("exercice-coordonne").request, None);
}

#[test]
fn the_mode_comes_from_the_installation_then_the_situation() {
    let kinds = [K::AidApplication, K::Installation(M::Mixte)];
    assert_eq!(practice_mode(&kinds, None), M::Mixte);
    assert_eq!(
        practice_mode(&[K::AidApplication], Some(Situation::Salarie)),
        M::Salarie
    );
    assert_eq!(practice_mode(&[], Some(Situation::Interne)), M::Liberal);
}

#[test]
fn linking_groups_in_the_right_project() {
    assert_eq!(link_plan(None, None), LinkPlan::New);
    assert_eq!(link_plan(Some("p"), Some("p")), LinkPlan::Together);
    assert_eq!(
        link_plan(None, Some("p")),
        LinkPlan::Join {
            project: "p".into()
        }
    );
    assert_eq!(
        link_plan(Some("a"), Some("b")),
        LinkPlan::Merge {
            keep: "a".into(),
            absorb: "b".into()
        }
    );
}

#[test]
fn only_requests_of_the_same_professional_are_linked() {
    assert!(check_link("u1", "u1", false, false).is_ok());
    let other = check_link("u1", "u2", false, false).unwrap_err();
    assert_eq!(other.field, LINK_FIELD);
    assert!(other.message.contains("autre professionnel"));
    assert!(check_link("u1", "u1", true, false).is_err());
    assert!(check_link("u1", "u1", false, true).is_err());
}

#[test]
fn titles_are_trimmed_and_bounded() {
    assert_eq!(parse_title("titre", "  Cabinet  ").unwrap(), "Cabinet");
    assert!(parse_title("titre", "   ").is_err());
    assert!(parse_title("titre", &"x".repeat(TITLE_MAX_CHARS + 1)).is_err());
}

#[test]
fn a_rename_and_a_removal_name_the_project_in_the_timeline() {
    let renamed = renamed_summary("Mon projet d'installation", "Cabinet de Gap");
    assert!(
        renamed.contains("« Mon projet d'installation »") && renamed.contains("« Cabinet de Gap »")
    );
    assert_eq!(
        removed_summary("Cabinet de Gap"),
        "Demande retirée du projet « Cabinet de Gap »"
    );
    assert_eq!(not_in_project().field, REMOVE_FIELD);
}
