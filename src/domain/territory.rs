//! Territories: régions ⊃ départements ⊃ communes, and the text normalisation used to search them.

use unicode_normalization::UnicodeNormalization;

/// A commune as the guichet knows it (INSEE code, name, postal codes, population…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commune {
    pub insee: String,
    pub name: String,
    pub departement_code: String,
    pub region_code: String,
    pub postal_codes: Vec<String>,
    pub population: i32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Departement {
    pub code: String,
    pub name: String,
    pub region_code: String,
}

/// Lower-case, accents removed, every run of non-alphanumeric characters turned into one space:
/// `"Saint-Étienne-du-Grès"` → `"saint etienne du gres"`, `"L'Haÿ-les-Roses"` → `"l hay les roses"`.
pub fn normalize_search(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        let c = match c {
            'œ' | 'Œ' => {
                push_word(&mut out, &mut pending_space, "oe");
                continue;
            }
            'æ' | 'Æ' => {
                push_word(&mut out, &mut pending_space, "ae");
                continue;
            }
            other => other,
        };
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

fn push_word(out: &mut String, pending_space: &mut bool, s: &str) {
    if *pending_space && !out.is_empty() {
        out.push(' ');
    }
    *pending_space = false;
    out.push_str(s);
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// A commune INSEE code: 5 characters, digits, or `2A`/`2B` followed by 3 digits (Corse).
pub fn is_well_formed_insee(code: &str) -> bool {
    let b = code.as_bytes();
    if b.len() != 5 {
        return false;
    }
    let head_ok = (b[0].is_ascii_digit() && b[1].is_ascii_digit())
        || (b[0] == b'2' && (b[1] == b'A' || b[1] == b'B'));
    head_ok && b[2..].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_accents_case_and_punctuation() {
        assert_eq!(normalize_search("Saint-Étienne"), "saint etienne");
        assert_eq!(normalize_search("  L'Haÿ-les-Roses "), "l hay les roses");
        assert_eq!(normalize_search("HÉLOÏSE"), "heloise");
        assert_eq!(
            normalize_search("Cœuvres-et-Valsery"),
            "coeuvres et valsery"
        );
        assert_eq!(normalize_search("Île-d'Aix"), "ile d aix");
        assert_eq!(normalize_search(""), "");
    }

    #[test]
    fn insee_codes() {
        for ok in ["13055", "2A004", "2B033", "97411"] {
            assert!(is_well_formed_insee(ok), "{ok}");
        }
        for bad in ["1305", "130555", "2C004", "ABCDE", "13 55", "2a004"] {
            assert!(!is_well_formed_insee(bad), "{bad}");
        }
    }
}
