//! Checks of the routing file: every refusal names its line when it has one.

use super::tests::edited;
use super::*;

fn line_of_text(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn refused_files_name_the_line() {
    let cases = [
        (
            edited(
                "cpts = [\"ars_dd\", \"cpam\", \"urps\"]",
                "cpts = [\"ars_dd\", \"cpamm\", \"urps\"]",
            ),
            "cpts =",
            "type d'institution inconnu « cpamm » ; choisissez parmi ars_siege, ",
        ),
        (
            edited("esp = [", "installation = ["),
            "installation = [",
            "type de demande inconnu « installation » ; choisissez parmi installation-liberal",
        ),
        (
            edited("question = [", "aide = [\"cpam\"]\nquestion = ["),
            "aide = ",
            "les demandes d'aide se routent dans la table [aids]",
        ),
        (
            edited("remplacement = [\"ordre\"]", "remplacement = []"),
            "remplacement = ",
            "la liste est vide",
        ),
        (
            edited("CDE = [", "cde = ["),
            "cde = ",
            "code d'aide « cde » : majuscules",
        ),
        (
            edited("PTMG = [\"ars_dd\"]", "PTMG = [\"ars_dd|cpam|mairie\"]"),
            "PTMG",
            "type d'institution inconnu « mairie »",
        ),
        (
            edited("referent = \"ars_dd\"", "referent = \"guichet\""),
            "referent = ",
            "type d'institution inconnu « guichet »",
        ),
        (
            edited(
                "CAIM = [\"cpam\", \"ars_dd\"]",
                "CAIM = [\"cpam\", \"ars_dd\"",
            ),
            "CAIM = ",
            "",
        ),
        (
            edited("referent =", "colour = \"bleu\"\nreferent ="),
            "colour",
            "unknown field `colour`",
        ),
        (
            edited(
                "last_checked = 2026-11-22",
                "last_checked = 2026-11-22T10:00:00",
            ),
            "last_checked",
            "date attendue (AAAA-MM-JJ) : 2026-11-22T10:00:00",
        ),
    ];
    for (text, line_text, message) in cases {
        let err = RoutingTable::from_toml(&text).unwrap_err();
        let line = line_of_text(&text, line_text);
        assert!(
            err.line.is_some_and(|l| l == line || l == line + 1),
            "{err:?} expected line {line}"
        );
        assert!(err.message.contains(message), "{err}");
        assert!(err.to_string().starts_with("ligne "), "{err}");
    }
}

#[test]
fn refused_files_without_line() {
    let missing_kind = edited("question = [\"referent\"]\n", "");
    let err = RoutingTable::from_toml(&missing_kind).unwrap_err();
    assert_eq!(
        err,
        RoutingError {
            line: None,
            message: "[kinds] : il manque la demande « question »".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "[kinds] : il manque la demande « question »"
    );
    let missing_default = edited("default = [\"referent\"]\n", "");
    let err = RoutingTable::from_toml(&missing_default).unwrap_err();
    assert!(
        err.message.contains("il manque la liste « default »"),
        "{err}"
    );
    assert!(RoutingTable::from_toml("")
        .unwrap_err()
        .message
        .contains("missing field"));
}
