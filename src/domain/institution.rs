//! Partner institutions of the guichet (domain.md §3).

use crate::domain::slug::slug_enum;

slug_enum! {
    pub enum InstitutionKind, "Type d'institution inconnu" {
        ArsSiege => ("ars_siege", "Agence régionale de santé (siège)"),
        ArsDd => ("ars_dd", "Délégation départementale de l'ARS"),
        Cpam => ("cpam", "Caisse primaire d'assurance maladie"),
        Ordre => ("ordre", "Ordre professionnel"),
        Urps => ("urps", "Union régionale des professionnels de santé"),
        Urssaf => ("urssaf", "Urssaf"),
        Region => ("region", "Conseil régional"),
        ConseilDepartemental => ("conseil_departemental", "Conseil départemental"),
        Universite => ("universite", "Université (UFR de santé)"),
        Chu => ("chu", "Centre hospitalier universitaire"),
        Cng => ("cng", "Centre national de gestion"),
        /// Agence de services et de paiement: pays the CESP since its 2026 version.
        Asp => ("asp", "Agence de services et de paiement"),
    }
}

/// The territory an institution of this kind covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    National,
    Region,
    Departement,
}

impl InstitutionKind {
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
            assert_eq!(kind.slug().parse::<InstitutionKind>().ok(), Some(*kind));
        }
        assert_eq!("mairie".parse::<InstitutionKind>().ok(), None);
    }
}
