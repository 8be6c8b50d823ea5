//! Reading a zone as the sources write it: the guichet's slugs (`ZIP`, `tres-sous-dotee`),
//! CartoSanté's codes (`1_Tres_sous_dotee`, `5b_Non_prioritaire`, `1_ZIP`) and labels ("Très
//! sous-dotée", "Zone d'intervention prioritaire (ZIP)", "Hors zonage"), whatever the case,
//! accents and punctuation. "N/A - résultat non disponible" and an empty cell are unknown.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::domain::territory::normalize_search;
use crate::domain::zone::ZoneCategory::{self, *};

/// Other ways the sources name a category (normalised: lower case, no accents, words).
const ALIASES: &[(&str, ZoneCategory)] = &[
    ("intervention prioritaire", Zip),
    ("zone d intervention prioritaire", Zip),
    ("action complementaire", Zac),
    ("zone d action complementaire", Zac),
    ("vigilance", Zv),
    ("zone de vigilance", Zv),
    ("accompagnement regional", Zar),
    ("zone d accompagnement regional", Zar),
    ("hors zone", Hz),
    ("hors zonage", Hz),
    ("hors classement", Hz),
    ("hc", Hz),
    ("tres sous dote", TresSousDotee),
    ("sous dote", SousDotee),
    ("tres dote", TresDotee),
    ("sur dote", SurDotee),
];

fn table() -> &'static HashMap<String, ZoneCategory> {
    static TABLE: OnceLock<HashMap<String, ZoneCategory>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        for &c in ZoneCategory::ALL {
            for text in [c.slug(), c.label(), c.short_label()] {
                table.insert(normalize_search(text), c);
            }
        }
        for (text, c) in ALIASES {
            table.insert((*text).to_string(), *c);
        }
        table
    })
}

/// Whether a cell says "no value": empty, or CartoSanté's "N/A - résultat non disponible".
pub fn is_unknown(cell: &str) -> bool {
    let words = normalize_search(cell);
    words.is_empty() || words == "n a" || words.starts_with("n a ") || words == "nd"
}

/// The category a cell names, if any.
pub fn category_of(cell: &str) -> Option<ZoneCategory> {
    if let Ok(c) = cell.trim().parse::<ZoneCategory>() {
        return Some(c);
    }
    let words = normalize_search(cell);
    let table = table();
    let mut candidates = vec![words.as_str()];
    // CartoSanté numbers its categories: "1 tres sous dotee", "5b non prioritaire", "1 zip".
    if let Some((head, rest)) = words.split_once(' ') {
        let numbered = head.trim_end_matches(|c: char| c.is_ascii_lowercase());
        if !numbered.is_empty() && numbered.chars().all(|c| c.is_ascii_digit()) && head.len() <= 3 {
            candidates.push(rest);
        }
    }
    for candidate in candidates {
        if let Some(c) = table.get(candidate) {
            return Some(*c);
        }
        if let Some(c) = candidate.strip_prefix("zone ").and_then(|r| table.get(r)) {
            return Some(*c);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cartosante_codes_and_labels_are_read() {
        let cases = [
            ("1_Tres_sous_dotee", TresSousDotee),
            ("1b_Sous_dense", SousDense),
            ("2_Sous_dotee", SousDotee),
            ("3_intermediaire", Intermediaire),
            ("4_Tres_dotee", TresDotee),
            ("5_Sur_dotee", SurDotee),
            ("5b_Non_prioritaire", NonPrioritaire),
            ("1_ZIP", Zip),
            ("2_ZAC", Zac),
            ("3_HZ", Hz),
            ("4_ZAR", Zar),
            ("Très sous-dotée", TresSousDotee),
            ("Zone très sous-dotée", TresSousDotee),
            ("Très sous doté", TresSousDotee),
            ("SOUS-DENSE", SousDense),
            ("Non prioritaire", NonPrioritaire),
            ("Zone d'intervention prioritaire (ZIP)", Zip),
            ("Zone d'action complémentaire", Zac),
            ("Hors zonage", Hz),
            ("zip", Zip),
            ("tres-sous-dotee", TresSousDotee),
            (" Intermédiaire ", Intermediaire),
        ];
        for (cell, expected) in cases {
            assert_eq!(category_of(cell), Some(expected), "{cell}");
        }
        for label in ZoneCategory::ALL.iter().map(|c| c.label()) {
            assert!(category_of(label).is_some(), "{label}");
        }
    }

    #[test]
    fn unknown_labels_and_missing_values() {
        for cell in [
            "QPV",
            "6_Tres_tres_dotee",
            "Zone bleue",
            "12 sous dotee x",
            "ZIPZAC",
        ] {
            assert_eq!(category_of(cell), None, "{cell}");
        }
        for cell in [
            "",
            "  ",
            "N/A - résultat non disponible",
            "N/A",
            "n/a",
            "ND",
        ] {
            assert!(is_unknown(cell), "{cell}");
        }
        for cell in ["ZIP", "Non prioritaire", "NA12"] {
            assert!(!is_unknown(cell), "{cell}");
        }
        assert_eq!(category_of("N/A - résultat non disponible"), None);
    }
}
