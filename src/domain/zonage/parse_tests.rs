//! Both formats, detected; line-numbered errors; unknown is never the lowest category.

use super::*;
use crate::domain::zone::ZoneCategory::*;

const CARTOSANTE_HEADER: &str = "\u{feff}CartoSanté; ; \r\nRéférentiel géographique : France par commune et arrondissement mun.; ; \r\nCode;Libellé;Zonage infirmiers\r\n";

fn zones(parsed: &ParsedZonage) -> Vec<(&str, ZoneSet)> {
    parsed
        .rows
        .iter()
        .map(|(_, r)| (r.insee.as_str(), r.zone))
        .collect()
}

#[test]
fn reads_the_guichet_csv_whatever_the_other_columns() {
    let text = "\u{feff}insee,nom,zone\n13055,Marseille,ZAC\n04001,\"Aiglun, le\",zip\n04004,x,ZAC|ZV|ZAR|HZ\n\n";
    let parsed = parse_zonage(text, Profession::Medecin, EmptyZone::Unknown).expect("valide");
    assert_eq!(parsed.format, ZonageFormat::Guichet);
    assert_eq!(
        zones(&parsed),
        [
            ("13055", ZoneSet::only(Zac)),
            ("04001", ZoneSet::only(Zip)),
            ("04004", ZoneSet::not_zip())
        ]
    );
    assert_eq!(parsed.rows[1].0, 3);
}

#[test]
fn reads_a_cartosante_export_with_its_title_lines() {
    let text = format!(
        "{CARTOSANTE_HEADER}01001;L'Abergement-Clémenciat;1_Tres_sous_dotee\r\n01002;L'Abergement-de-Varey;N/A - résultat non disponible\r\n13205;Marseille 5e Arrondissement;Sous-dotée\r\n01004;Ambérieu-en-Bugey;5_Sur_dotee\r\n"
    );
    let parsed = parse_zonage(&text, Profession::Infirmier, EmptyZone::Unknown).expect("valide");
    assert_eq!(parsed.format, ZonageFormat::CartoSante);
    assert_eq!(
        zones(&parsed),
        [
            ("01001", ZoneSet::only(TresSousDotee)),
            ("13205", ZoneSet::only(SousDotee)),
            ("01004", ZoneSet::only(SurDotee))
        ]
    );
    assert_eq!(parsed.rows[0].0, 4, "title lines count in line numbers");
    // N/A is unknown: left out, never the lowest category.
    assert_eq!(parsed.without_zone, ["01002"]);
}

#[test]
fn a_cartosante_medecins_export_and_a_windows_1252_file() {
    let text = "Code;Libellé;Zonage médecins\n13215;Marseille 15e;1_ZIP\n13201;Marseille 1er;3_HZ\n84007;Avignon;4_ZAR\n";
    let parsed = parse_zonage(text, Profession::Medecin, EmptyZone::Unknown).expect("valide");
    assert_eq!(parsed.format, ZonageFormat::CartoSante);
    assert_eq!(parsed.rows.len(), 3);
    let latin1: Vec<u8> = b"Code;Libell\xe9;Zonage kin\xe9s\n01001;Ab\xe9;Tr\xe8s sous-dot\xe9e\n01002;X;Non prioritaire\n".to_vec();
    let text = decode_text(&latin1).expect("texte");
    assert!(text.contains("Très sous-dotée"));
    let parsed = parse_zonage(
        &text,
        Profession::MasseurKinesitherapeute,
        EmptyZone::Unknown,
    )
    .expect("valide");
    assert_eq!(
        zones(&parsed),
        [
            ("01001", ZoneSet::only(TresSousDotee)),
            ("01002", ZoneSet::only(NonPrioritaire))
        ]
    );
    assert!(decode_text(b"\x89PNG\r\n\x1a\n\0\0").is_err());
    assert_eq!(decode_text("\u{feff}a".as_bytes()).expect("texte"), "a");
}

#[test]
fn empty_is_unknown_unless_the_source_only_lists_zip() {
    let text = "insee,zone\r\n04004,\r\n04001,ZIP\r\n";
    let parsed = parse_zonage(text, Profession::Medecin, EmptyZone::Unknown).expect("valide");
    assert_eq!(parsed.without_zone, ["04004"]);
    assert_eq!(parsed.rows.len(), 1);
    let parsed = parse_zonage(text, Profession::Medecin, EmptyZone::NotZip).expect("valide");
    assert_eq!(parsed.rows[0].1.zone, ZoneSet::not_zip());
    assert!(parsed.without_zone.is_empty());
}

#[test]
fn every_bad_line_is_reported_with_its_number() {
    let text = "insee,zone\n13055,ZIP\n1305,ZIP\n13001,ZZZ\n13055,ZAC\n";
    let errors = parse_zonage(text, Profession::Medecin, EmptyZone::Unknown).expect_err("refusé");
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [3, 4, 5]);
}

#[test]
fn bad_rows_name_their_line_and_the_scale() {
    let nurse = Profession::Infirmier;
    let cases = [
        (
            "insee,zone\n13055,ZIP\n13001,ZZZ\n",
            Profession::Medecin,
            3,
            "zone inconnue « ZZZ » (attendu pour le zonage des médecins : ZIP, ZAC, ZV, ZAR, HZ)",
        ),
        (
            "insee,zone\n13001,ZIP\n",
            nurse,
            2,
            "la zone « ZIP » n'est pas une catégorie du zonage des infirmiers",
        ),
        (
            "Code;Libellé;Zonage chirurgien-dentiste\n13001;Aix;5_Sur_dotee\n",
            Profession::ChirurgienDentiste,
            2,
            "la zone « 5_Sur_dotee » n'est pas une catégorie du zonage des chirurgiens-dentistes",
        ),
        (
            "Code;Libellé;Zonage infirmiers\n13001;Aix;6_Hyper_dotee\n",
            nurse,
            2,
            "zone inconnue « 6_Hyper_dotee »",
        ),
        (
            "insee,zone\n1305,ZIP\n",
            Profession::Medecin,
            2,
            "code INSEE mal formé",
        ),
        (
            "insee,zone\n13055,ZIP\n13055,ZAC\n",
            Profession::Medecin,
            3,
            "déjà listée",
        ),
        (
            "insee,zone\n13055,ZIP,x\n",
            Profession::Medecin,
            2,
            "3 colonnes au lieu de 2",
        ),
        (
            "insee,zone\n\"13055,ZIP\n",
            Profession::Medecin,
            2,
            "guillemet non refermé",
        ),
        (
            "commune,zone\n13055,ZIP\n",
            Profession::Medecin,
            1,
            "en-tête introuvable",
        ),
        ("insee,zone\n", Profession::Medecin, 1, "aucune commune"),
        (
            "insee,zone\n13055,N/A\n",
            Profession::Medecin,
            1,
            "aucune commune avec une zone",
        ),
        ("", Profession::Medecin, 1, "fichier vide"),
        (
            "insee,zone\n13001,tres-sous-dotee\n",
            Profession::Pharmacien,
            2,
            "zonage des pharmaciens",
        ),
    ];
    for (text, profession, line, needle) in cases {
        let errors = parse_zonage(text, profession, EmptyZone::Unknown).expect_err(text);
        let err = &errors[0];
        assert_eq!(err.line, line, "{text:?}: {err}");
        assert!(err.message.contains(needle), "{text:?}: {err}");
    }
}
