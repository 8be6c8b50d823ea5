//! Partner institutions of the guichet (domain.md §3).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum InstitutionKind {
    ArsSiege,
    ArsDd,
    Cpam,
    Ordre,
    Urps,
    Urssaf,
    Region,
    ConseilDepartemental,
    Universite,
    Chu,
    Cng,
    /// Agence de services et de paiement: pays the CESP since its 2026 version.
    Asp,
}

/// The territory an institution of this kind covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    National,
    Region,
    Departement,
}

impl InstitutionKind {
    pub const ALL: [InstitutionKind; 12] = [
        Self::ArsSiege,
        Self::ArsDd,
        Self::Cpam,
        Self::Ordre,
        Self::Urps,
        Self::Urssaf,
        Self::Region,
        Self::ConseilDepartemental,
        Self::Universite,
        Self::Chu,
        Self::Cng,
        Self::Asp,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Self::ArsSiege => "ars_siege",
            Self::ArsDd => "ars_dd",
            Self::Cpam => "cpam",
            Self::Ordre => "ordre",
            Self::Urps => "urps",
            Self::Urssaf => "urssaf",
            Self::Region => "region",
            Self::ConseilDepartemental => "conseil_departemental",
            Self::Universite => "universite",
            Self::Chu => "chu",
            Self::Cng => "cng",
            Self::Asp => "asp",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::ArsSiege => "Agence régionale de santé (siège)",
            Self::ArsDd => "Délégation départementale de l'ARS",
            Self::Cpam => "Caisse primaire d'assurance maladie",
            Self::Ordre => "Ordre professionnel",
            Self::Urps => "Union régionale des professionnels de santé",
            Self::Urssaf => "Urssaf",
            Self::Region => "Conseil régional",
            Self::ConseilDepartemental => "Conseil départemental",
            Self::Universite => "Université (UFR de santé)",
            Self::Chu => "Centre hospitalier universitaire",
            Self::Cng => "Centre national de gestion",
            Self::Asp => "Agence de services et de paiement",
        }
    }

    pub fn scope(self) -> Scope {
        match self {
            Self::ArsDd | Self::Cpam | Self::Ordre | Self::ConseilDepartemental => {
                Scope::Departement
            }
            Self::Cng | Self::Asp => Scope::National,
            _ => Scope::Region,
        }
    }

    /// Orders and URPS exist once per profession.
    pub fn is_per_profession(self) -> bool {
        matches!(self, Self::Ordre | Self::Urps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip() {
        for kind in InstitutionKind::ALL {
            assert_eq!(InstitutionKind::from_slug(kind.slug()), Some(kind));
        }
        assert_eq!(InstitutionKind::from_slug("mairie"), None);
    }
}
