use super::*;
use IdentifierError as E;
use IdentifierKind::{Adeli as KA, Finess as KF, Rpps as KR};

fn msg(r: Result<impl fmt::Debug, IdentifierError>) -> String {
    r.unwrap_err().to_string()
}

#[test]
fn luhn_worked_examples() {
    // Classic example: 7992739871 -> key 3.
    assert_eq!(luhn_complete("7992739871"), "79927398713");
    assert!(is_luhn_valid("79927398713"));
    assert!(!is_luhn_valid("79927398710"));
    // By hand: 1000123456, doubling from the right: 6→12→3, 5, 4→8, 3, 2→4, 1, 0, 0, 0, 1
    // = 25, key = 10 - 5 = 5.
    assert_eq!(luhn_complete("1000123456"), "10001234565");
    // 2A000001 counts as 21000001: 1→2, 0, 0, 0, 0, 0, 1→2, 2 = 6, key 4.
    assert_eq!(luhn_complete("2A000001"), "2A0000014");
    assert_eq!(luhn_complete("21000001"), "210000014");
    // Key 0 when the sum is already a multiple of 10; spaces ignored but kept.
    assert_eq!(luhn_complete("0"), "00");
    assert_eq!(luhn_complete("18"), "182");
    assert_eq!(luhn_complete("75 101 234"), "75 101 2345");
    assert_eq!(luhn_complete("9a101234"), "9a1012342");
    assert!(!is_luhn_valid(""));
    assert!(!is_luhn_valid("12a"));
    assert!(!is_luhn_valid("1 8 2"));
}

#[test]
fn luhn_complete_always_valid_and_single_digit_errors_detected() {
    for n in [0u64, 1, 9, 42, 100_012_345, 999_999_999, 1_234_567_890] {
        let full = luhn_complete(&format!("{n:010}"));
        assert!(is_luhn_valid(&full), "{full}");
        let rpps = Rpps::parse(&full).unwrap();
        // Every single-digit alteration must be caught.
        for pos in 0..full.len() {
            for d in b'0'..=b'9' {
                let mut bytes = full.clone().into_bytes();
                if bytes[pos] == d {
                    continue;
                }
                bytes[pos] = d;
                let altered = String::from_utf8(bytes).unwrap();
                assert_eq!(Rpps::parse(&altered), Err(E::BadKey { kind: KR }));
            }
        }
        assert_eq!(rpps.as_str(), full);
    }
}

#[test]
fn rpps_valid_with_spaces_and_accessors() {
    let r = Rpps::parse("  10 00 123 456 5 ").unwrap();
    assert_eq!(r.as_str(), "10001234565");
    assert_eq!(r.to_string(), "10001234565");
    assert_eq!(r.masked(), "*******4565");
    assert_eq!(r.idnps(), "810001234565");
    assert_eq!("10001234565".parse::<Rpps>(), Ok(r.clone()));
    // Non-breaking and narrow non-breaking spaces, tabs.
    assert_eq!(Rpps::parse("100\u{a0}0123\u{202f}456\t5"), Ok(r));
    assert!(Rpps::parse("79927398713").is_ok());
}

#[test]
fn rpps_errors() {
    assert_eq!(Rpps::parse("   "), Err(E::Empty { kind: KR }));
    assert_eq!(msg(Rpps::parse("")), "Veuillez saisir le numéro RPPS.");
    assert_eq!(
        msg(Rpps::parse("1000123456")),
        "Le numéro RPPS compte 11 chiffres (vous en avez saisi 10)."
    );
    assert_eq!(
        Rpps::parse("100012345650"),
        Err(E::WrongLength {
            kind: KR,
            found: 12
        })
    );
    let only_digits = "Le numéro RPPS ne doit contenir que des chiffres.";
    assert_eq!(msg(Rpps::parse("1000123456A")), only_digits);
    assert_eq!(msg(Rpps::parse("10001-234565")), only_digits);
    assert_eq!(msg(Rpps::parse("1000123456５")), only_digits);
    assert_eq!(msg(Rpps::parse("abc")), only_digits);
    assert_eq!(
        msg(Rpps::parse("10001234567")),
        "La clé de contrôle du numéro RPPS est incorrecte : \
         vérifiez le numéro sur votre carte CPS."
    );
}

#[test]
fn adeli_valid_examples() {
    // By hand: 75101234 → 4→8, 3, 2→4, 1, 0, 1, 5→1, 7 = 25, key 5.
    let a = Adeli::parse("75 10 1234 5").unwrap();
    assert_eq!(a.as_str(), "751012345");
    assert_eq!(a.departement(), "75");
    assert_eq!(a.profession_code(), "10");
    assert_eq!(a.masked(), "*****2345");
    assert_eq!(a.idnps(), "0751012345");
    // 9A counts as 91: 91101234 → 28, key 2.
    let overseas = Adeli::parse("9a1012342").unwrap();
    assert_eq!(overseas.as_str(), "9A1012342");
    assert_eq!(overseas.departement(), "9A");
    for dept in [
        "01", "19", "21", "95", "2A", "2B", "9A", "9B", "9C", "9D", "9E", "9F",
    ] {
        let n = luhn_complete(&format!("{dept}601234"));
        assert_eq!(
            Adeli::parse(&n).map(|a| a.departement().to_owned()),
            Ok(dept.into())
        );
    }
    assert_ne!(luhn_complete("2A601234"), luhn_complete("2B601234"));
}

#[test]
fn adeli_errors() {
    assert_eq!(msg(Adeli::parse(" ")), "Veuillez saisir le numéro ADELI.");
    assert_eq!(
        msg(Adeli::parse("75101234")),
        "Le numéro ADELI compte 9 caractères (vous en avez saisi 8)."
    );
    let chars = "Le numéro ADELI ne doit contenir que des chiffres, \
                 hormis le département (2A, 2B, 9A à 9F).";
    assert_eq!(msg(Adeli::parse("75-101234")), chars);
    assert_eq!(msg(Adeli::parse("751A12345")), chars);
    assert_eq!(msg(Adeli::parse("75101234X")), chars);
    for dept in ["00", "20", "96", "97", "99", "2C", "9G", "AB", "A1"] {
        let n = luhn_complete(&format!("{dept}101234"));
        assert_eq!(
            Adeli::parse(&n),
            Err(E::UnknownDepartement { code: dept.into() }),
            "{n}"
        );
    }
    assert_eq!(
        msg(Adeli::parse("201012345")),
        "Le département « 20 » du numéro ADELI est inconnu : les deux premiers caractères \
         doivent être compris entre 01 et 95, ou valoir 2A, 2B ou 9A à 9F."
    );
    assert_eq!(
        msg(Adeli::parse("751012346")),
        "La clé de contrôle du numéro ADELI est incorrecte : \
         vérifiez le numéro sur votre carte CPS."
    );
    // The letter mapping matters: 2B with 2A's key is rejected.
    let with_2a_key = format!("2B601234{}", &luhn_complete("2A601234")[8..]);
    assert_eq!(Adeli::parse(&with_2a_key), Err(E::BadKey { kind: KA }));
}

#[test]
fn finess_examples_and_errors() {
    // Real-world FINESS numbers of university hospitals (Paris, Marseille, Lyon, Bordeaux).
    for n in ["750712184", "130786049", "690781810", "330781196"] {
        assert_eq!(Finess::parse(n).map(String::from), Ok(n.to_owned()));
    }
    let corse = Finess::parse("2a 000 001 4").unwrap();
    assert_eq!(corse.as_str(), "2A0000014");
    assert_eq!(corse.departement(), "2A");
    assert_eq!(corse.masked(), "*****0014");
    assert!(Finess::parse("210000014").is_ok());
    assert_eq!(Finess::parse("2A0000015"), Err(E::BadKey { kind: KF }));
    assert_eq!(msg(Finess::parse("")), "Veuillez saisir le numéro FINESS.");
    assert_eq!(
        msg(Finess::parse("7507121840")),
        "Le numéro FINESS compte 9 caractères (vous en avez saisi 10)."
    );
    let chars = "Le numéro FINESS ne doit contenir que des chiffres, hormis le département \
                 (2A, 2B).";
    assert_eq!(msg(Finess::parse("2C0000014")), chars);
    assert_eq!(msg(Finess::parse("75071218A")), chars);
    assert_eq!(msg(Finess::parse("750.712.184")), chars);
    assert_eq!(
        msg(Finess::parse("750712185")),
        "La clé de contrôle du numéro FINESS est incorrecte : \
         vérifiez le numéro de l'établissement."
    );
}

#[test]
fn professional_number_dispatch() {
    let r = ProfessionalNumber::parse("100 0123 4565").unwrap();
    assert_eq!(r.kind(), KR);
    assert_eq!(
        (r.as_str(), r.masked()),
        ("10001234565", "*******4565".into())
    );
    assert_eq!(r.idnps(), "810001234565");
    assert_eq!(r.to_string(), "RPPS 10001234565");
    let a = ProfessionalNumber::parse(&luhn_complete("2a 60 1234")).unwrap();
    assert_eq!(
        a,
        ProfessionalNumber::Adeli(Adeli::parse(a.as_str()).unwrap())
    );
    assert_eq!(a.idnps(), format!("0{}", a.as_str()));
    assert_eq!(
        msg(ProfessionalNumber::parse("")),
        "Veuillez saisir votre numéro RPPS ou ADELI."
    );
    assert_eq!(
        msg(ProfessionalNumber::parse("1000123456")),
        "Un numéro RPPS compte 11 chiffres et un numéro ADELI 9 caractères \
         (vous en avez saisi 10)."
    );
    // Errors of the detected register are passed through.
    assert_eq!(
        ProfessionalNumber::parse("10001234566"),
        Err(E::BadKey { kind: KR })
    );
    assert_eq!(
        ProfessionalNumber::parse("1000123456X"),
        Err(E::InvalidCharacters { kind: KR })
    );
    assert_eq!(
        ProfessionalNumber::parse("201012345"),
        Err(E::UnknownDepartement { code: "20".into() })
    );
}

#[test]
fn idnps_round_trip() {
    for n in ["10001234565", "751012345", "9A1012342"] {
        let p = ProfessionalNumber::parse(n).unwrap();
        assert_eq!(ProfessionalNumber::from_idnps(&p.idnps()), Ok(p));
    }
    assert_eq!(
        ProfessionalNumber::from_idnps("0 10001234565"),
        Err(E::WrongLength {
            kind: KA,
            found: 11
        })
    );
    assert_eq!(
        ProfessionalNumber::from_idnps("8"),
        Err(E::Empty { kind: KR })
    );
    assert_eq!(
        msg(ProfessionalNumber::from_idnps("310001234565")),
        "L'identifiant national (IDNPS) doit commencer par 8 suivi d'un numéro RPPS, \
         ou par 0 suivi d'un numéro ADELI."
    );
    assert_eq!(ProfessionalNumber::from_idnps(""), Err(E::InvalidIdnps));
}

#[test]
fn serde_validates() {
    let r: Rpps = serde_json::from_str("\"10001234565\"").unwrap();
    assert_eq!(serde_json::to_string(&r).unwrap(), "\"10001234565\"");
    assert!(serde_json::from_str::<Rpps>("\"10001234566\"").is_err());
    assert!(serde_json::from_str::<Adeli>("\"201012345\"").is_err());
    assert!(serde_json::from_str::<Finess>("\"750712184\"").is_ok());
    let p = ProfessionalNumber::Adeli(Adeli::parse("751012345").unwrap());
    let json = serde_json::to_string(&p).unwrap();
    assert_eq!(json, r#"{"kind":"adeli","number":"751012345"}"#);
    assert_eq!(
        serde_json::from_str::<ProfessionalNumber>(&json).unwrap(),
        p
    );
    assert_eq!(serde_json::to_string(&KF).unwrap(), "\"finess\"");
}
