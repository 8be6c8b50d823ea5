//! The territory an indicators page is about, and its key in the snapshot table.

use std::fmt;

/// A région or a département, by INSEE code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    Region(String),
    Departement(String),
}

impl Scope {
    /// `region:93`, `departement:13`.
    pub fn key(&self) -> String {
        self.to_string()
    }

    /// A région code as typed in a URL: two digits.
    pub fn region(code: &str) -> Option<Scope> {
        (code.len() == 2 && code.bytes().all(|b| b.is_ascii_digit()))
            .then(|| Scope::Region(code.to_string()))
    }

    /// A département code as typed in a URL: two digits, 2A/2B, or three digits (overseas).
    pub fn departement(code: &str) -> Option<Scope> {
        let code = code.to_ascii_uppercase();
        let ok = match code.len() {
            2 => code.bytes().all(|b| b.is_ascii_digit()) || code == "2A" || code == "2B",
            3 => code.bytes().all(|b| b.is_ascii_digit()),
            _ => false,
        };
        ok.then_some(Scope::Departement(code))
    }

    pub fn code(&self) -> &str {
        match self {
            Scope::Region(c) | Scope::Departement(c) => c,
        }
    }

    /// The page's path (`/indicateurs/region/93`).
    pub fn path(&self) -> String {
        match self {
            Scope::Region(c) => format!("/indicateurs/region/{c}"),
            Scope::Departement(c) => format!("/indicateurs/departement/{c}"),
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Region(c) => write!(f, "region:{c}"),
            Scope::Departement(c) => write!(f, "departement:{c}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_from_urls() {
        assert_eq!(
            Scope::region("93").map(|s| s.key()),
            Some("region:93".into())
        );
        assert_eq!(Scope::region("9"), None);
        assert_eq!(Scope::region("9a"), None);
        assert_eq!(
            Scope::departement("2a").map(|s| s.key()),
            Some("departement:2A".into())
        );
        assert_eq!(
            Scope::departement("974").map(|s| s.path()),
            Some("/indicateurs/departement/974".into())
        );
        for bad in ["", "1", "2C", "13.csv", "../13", "1234"] {
            assert_eq!(Scope::departement(bad), None, "{bad}");
        }
    }
}
