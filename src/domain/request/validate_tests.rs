use super::*;
use crate::domain::identifiers::luhn_complete;
use crate::domain::profession::Profession;
use crate::domain::request::form::{AID_CODE, COMMUNE, PROFESSIONAL_NUMBER, TEAM};
use crate::domain::request::kind::{CoordinatedStructure as C, PracticeMode};

const LIBERAL: RequestKind = RequestKind::Installation(PracticeMode::Liberal);
const AIDS: &[&str] = &["CAIM", "AIDE-INSTALLATION", "CESP"];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()
}

fn known_commune(code: &str) -> bool {
    ["13055", "2A004", "83137"].contains(&code)
}

fn ctx(attachment_count: usize) -> SubmissionContext<'static> {
    SubmissionContext {
        today: today(),
        aid_codes: AIDS,
        commune_exists: &known_commune,
        attachment_count,
    }
}

fn draft(pairs: &[(&str, &str)]) -> Draft {
    Draft::from_pairs(pairs.iter().copied())
}

fn installation_draft() -> Draft {
    draft(&[
        (COMMUNE, " 13055 "),
        ("date_installation", "2026-09-01"),
        ("cadre_exercice", "cabinet-groupe"),
        ("jours_par_semaine", "4,5"),
        ("secteur", "2-OPTAM"),
        (PROFESSIONAL_NUMBER, "100 0123 4565"),
        ("description", "Installation avec deux associés."),
        ("specialite", "   "),
        ("champ_inconnu", "ignoré"),
    ])
}

/// Messages of a rejected draft, by field.
fn errors(kind: RequestKind, d: &Draft, attachments: usize) -> Vec<(String, String)> {
    validate_for_submission(kind, d, &ctx(attachments))
        .unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.message))
        .collect()
}

fn message_for(kind: RequestKind, field: &str, value: &str) -> String {
    let mut d = installation_draft();
    d.set(field, value);
    let errs = errors(kind, &d, 0);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].0, field);
    errs[0].1.clone()
}

#[test]
fn a_municipal_arrondissement_stands_for_its_commune() {
    let mut d = installation_draft();
    d.set(COMMUNE, "13205");
    let request = validate_for_submission(LIBERAL, &d, &ctx(0)).unwrap();
    assert_eq!(request.commune_insee.as_deref(), Some("13055"));
}

#[test]
fn valid_installation_is_normalized() {
    let request = validate_for_submission(LIBERAL, &installation_draft(), &ctx(0)).unwrap();
    assert_eq!(request.commune_insee.as_deref(), Some("13055"));
    assert_eq!(request.value("jours_par_semaine"), Some("4.5"));
    assert_eq!(request.value("secteur"), Some("2-optam"));
    assert_eq!(
        request.date("date_installation"),
        NaiveDate::from_ymd_opt(2026, 9, 1)
    );
    assert_eq!(request.value(PROFESSIONAL_NUMBER), Some("10001234565"));
    assert_eq!(
        request.professional_number.as_ref().unwrap().as_str(),
        "10001234565"
    );
    assert_eq!(request.value("specialite"), None);
    assert_eq!(request.value("champ_inconnu"), None);
    assert_eq!(request.aid_code, None);
}

#[test]
fn empty_drafts_list_every_required_field_in_french() {
    let empty = Draft::default();
    assert_eq!(
        errors(LIBERAL, &empty, 0),
        vec![
            (
                COMMUNE.into(),
                "Indiquez la commune d'exercice envisagée.".into()
            ),
            (
                "date_installation".into(),
                "Indiquez la date d'installation envisagée.".into()
            ),
            (
                "cadre_exercice".into(),
                "Indiquez le cadre d'exercice envisagé.".into()
            ),
            (
                "description".into(),
                "Indiquez la présentation de votre projet.".into()
            ),
        ]
    );
    for kind in RequestKind::ALL {
        let form = form_for(kind);
        let fields: Vec<String> = errors(kind, &empty, 0).into_iter().map(|e| e.0).collect();
        let mut expected: Vec<String> = form
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name.to_string())
            .collect();
        if form.attachment.is_some() {
            expected.push(ATTACHMENTS.into());
        }
        assert_eq!(fields, expected, "{kind}");
    }
}

#[test]
fn dates_impossible_malformed_or_out_of_range() {
    let msg = |v: &str| message_for(LIBERAL, "date_installation", v);
    assert_eq!(
        msg("2026-02-30"),
        "La date d'installation envisagée est impossible : 2026-02-30"
    );
    assert_eq!(
        msg("30/02/2026"),
        "La date d'installation envisagée est impossible : 30/02/2026"
    );
    assert_eq!(
        msg("2026-13-01"),
        "La date d'installation envisagée est impossible : 2026-13-01"
    );
    let not_a_date = "La date d'installation envisagée n'est pas une date : « demain » ; \
                      utilisez le format jj/mm/aaaa.";
    assert_eq!(msg("demain"), not_a_date);
    for bad in [
        "2026-1",
        "01/02/26",
        "2026-001-01",
        "0026-01-01",
        "2026-01-01T10:00",
    ] {
        assert!(msg(bad).contains("n'est pas une date"), "{bad}");
    }
    // 366 days before and 5 × 366 days after 2026-01-15.
    assert_eq!(
        msg("2025-01-13"),
        "La date d'installation envisagée ne peut pas être antérieure au 14/01/2025."
    );
    assert!(msg("2031-01-20").ends_with("ne peut pas être postérieure au 19/01/2031."));
    let mut d = installation_draft();
    d.set("date_installation", "14/01/2025");
    assert!(validate_for_submission(LIBERAL, &d, &ctx(0)).is_ok());
}

#[test]
fn commune_must_be_well_formed_and_known() {
    let msg = |v: &str| message_for(LIBERAL, COMMUNE, v);
    assert_eq!(
        msg("Marseille"),
        "Le code commune « Marseille » est mal formé : choisissez la commune dans la liste."
    );
    assert_eq!(
        msg("99999"),
        "La commune « 99999 » est inconnue : choisissez-la dans la liste."
    );
    let mut d = installation_draft();
    d.set(COMMUNE, "2a004");
    let request = validate_for_submission(LIBERAL, &d, &ctx(0)).unwrap();
    assert_eq!(request.commune_insee.as_deref(), Some("2A004"));
}

#[test]
fn other_input_types() {
    let msg = |f: &str, v: &str| message_for(LIBERAL, f, v);
    assert_eq!(
        msg("cadre_exercice", "péniche"),
        "Choisissez le cadre d'exercice envisagé dans la liste."
    );
    assert_eq!(
        msg("jours_par_semaine", "beaucoup"),
        "Le nombre de jours d'activité par semaine doit être un nombre : « beaucoup »."
    );
    assert_eq!(
        msg("jours_par_semaine", "8"),
        "Le nombre de jours d'activité par semaine doit être compris entre 0,5 et 7."
    );
    assert!(msg("jours_par_semaine", "NaN").contains("doit être un nombre"));
    assert!(msg("jours_par_semaine", "inf").contains("doit être un nombre"));
    assert_eq!(
        msg(PROFESSIONAL_NUMBER, "10001234566"),
        "La clé de contrôle du numéro RPPS est incorrecte : vérifiez le numéro sur votre carte CPS."
    );
    assert_eq!(
        msg("specialite", &"x".repeat(201)),
        "Ce texte ne doit pas dépasser 200 caractères (vous en avez saisi 201)."
    );
    assert!(msg("description", &"é".repeat(5001)).contains("5000 caractères"));
    let mut d = installation_draft();
    d.set(PROFESSIONAL_NUMBER, luhn_complete("75101234"));
    let request = validate_for_submission(LIBERAL, &d, &ctx(0)).unwrap();
    assert_eq!(request.value(PROFESSIONAL_NUMBER), Some("751012345"));
}

#[test]
fn several_errors_at_once_in_form_order() {
    let mut d = installation_draft();
    d.set(COMMUNE, "");
    d.set("date_installation", "2026-02-30");
    d.set("jours_par_semaine", "0");
    let fields: Vec<_> = errors(LIBERAL, &d, 0).into_iter().map(|e| e.0).collect();
    assert_eq!(
        fields,
        vec![COMMUNE, "date_installation", "jours_par_semaine"]
    );
}

fn msp_draft(team: &str) -> Draft {
    draft(&[
        ("nom_projet", "MSP du Vieux-Port"),
        (COMMUNE, "13055"),
        (TEAM, team),
        ("aci", "Oui"),
        ("description", "Projet de santé commun."),
    ])
}

#[test]
fn coordinated_practice_team_and_health_project() {
    let msp = RequestKind::CoordinatedPractice(C::Msp);
    let team = "Paul Durand ; médecin\nClaire Martin ; infirmière";
    let request = validate_for_submission(msp, &msp_draft(team), &ctx(1)).unwrap();
    assert_eq!(request.team.len(), 2);
    assert_eq!(request.team[1].profession, Profession::Infirmier);
    assert_eq!(
        request.value(TEAM),
        Some("Paul Durand ; medecin\nClaire Martin ; infirmier")
    );
    assert_eq!(request.value("aci"), Some("oui"));
    assert_eq!(
        errors(msp, &msp_draft(team), 0),
        vec![(
            ATTACHMENTS.into(),
            "Joignez le projet de santé de la structure.".into()
        )]
    );
    let doctors = "Paul Durand ; médecin\nJeanne Roux ; médecin";
    let errs = errors(msp, &msp_draft(doctors), 1);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].0, TEAM);
    assert!(errs[0].1.contains("deux professions différentes"));
    // Line errors are all reported under the team field.
    let errs = errors(msp, &msp_draft("Paul\nJeanne ; astronaute"), 1);
    assert_eq!(errs.iter().filter(|e| e.0 == TEAM).count(), 2);
    let mut bad_yes_no = msp_draft(team);
    bad_yes_no.set("aci", "peut-être");
    assert_eq!(
        errors(msp, &bad_yes_no, 1)[0].1,
        "Répondez par oui ou par non : votre souhait d'adhérer à l'ACI."
    );
    // A centre de santé needs no team list, but still its health project.
    let cds = RequestKind::CoordinatedPractice(C::CentreDeSante);
    let mut d = msp_draft("");
    assert!(validate_for_submission(cds, &d, &ctx(1)).is_ok());
    d.set(TEAM, "Paul Durand ; médecin");
    assert_eq!(
        validate_for_submission(cds, &d, &ctx(1))
            .unwrap()
            .team
            .len(),
        1
    );
}

#[test]
fn aid_application_needs_a_catalogue_aid() {
    let mut d = draft(&[(AID_CODE, "caim"), (COMMUNE, "83137")]);
    let request = validate_for_submission(RequestKind::AidApplication, &d, &ctx(0)).unwrap();
    assert_eq!(request.aid_code.as_deref(), Some("CAIM"));
    assert_eq!(request.value(AID_CODE), Some("CAIM"));
    d.set(AID_CODE, "PTMA");
    assert_eq!(
        errors(RequestKind::AidApplication, &d, 0),
        vec![(
            AID_CODE.into(),
            "L'aide « PTMA » n'existe pas dans le catalogue du guichet.".into()
        )]
    );
}

#[test]
fn remplacement_end_date_follows_start() {
    let mut d = draft(&[
        ("nature", "medecin-adjoint"),
        (COMMUNE, "13055"),
        ("date_debut", "2026-03-01"),
        ("date_fin", "2026-03-01"),
    ]);
    assert!(validate_for_submission(RequestKind::Remplacement, &d, &ctx(0)).is_ok());
    d.set("date_fin", "28/02/2026");
    assert_eq!(
        errors(RequestKind::Remplacement, &d, 0),
        vec![(
            "date_fin".into(),
            "La date de fin doit être postérieure ou égale à la date de début.".into()
        )]
    );
}

#[test]
fn question_without_commune_and_cumul() {
    let d = draft(&[("sujet", "CESP"), ("question", "Suis-je éligible ?")]);
    let request = validate_for_submission(RequestKind::Question, &d, &ctx(0)).unwrap();
    assert_eq!(request.commune_insee, None);
    let d = draft(&[
        (COMMUNE, "13055"),
        ("date_retraite", "2020-06-30"),
        ("revenus_estimes", "40 000"),
    ]);
    let request = validate_for_submission(RequestKind::CumulEmploiRetraite, &d, &ctx(0)).unwrap();
    assert_eq!(request.value("revenus_estimes"), Some("40000"));
}

#[test]
fn draft_serializes_as_a_plain_map() {
    let d = draft(&[("b", "2"), ("a", "1")]);
    assert_eq!(serde_json::to_string(&d).unwrap(), r#"{"a":"1","b":"2"}"#);
    assert_eq!(
        serde_json::from_str::<Draft>(r#"{"a":"1","b":"2"}"#).unwrap(),
        d
    );
    assert_eq!(d.get("a"), Some("1"));
    assert_eq!(d.get("c"), None);
}
