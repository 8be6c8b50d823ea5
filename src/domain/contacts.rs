//! "Qui contacter ?": which partner institutions are competent for a commune and a profession,
//! and what each handles (domain.md §3).

use crate::domain::institution::{InstitutionKind, Scope};
use crate::domain::profession::Profession;

/// Where an institution sits, as stored (`None` = not limited at that level).
#[derive(Debug, Clone, Copy)]
pub struct InstitutionPlace<'a> {
    pub kind: InstitutionKind,
    pub region_code: Option<&'a str>,
    pub departement_code: Option<&'a str>,
    pub profession: Option<Profession>,
}

/// The commune's territory.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub departement_code: &'a str,
    pub region_code: &'a str,
}

/// Whether the institution is competent for a professional of `profession` practising in
/// `place`: département-scoped kinds by the département (a regional Ordre, as for pharmaciens
/// and pédicures-podologues, has no département and covers the région), région-scoped kinds by
/// the région, Ordres and URPS by profession too.
pub fn is_competent(inst: InstitutionPlace<'_>, place: Place<'_>, profession: Profession) -> bool {
    let region_ok = inst.region_code.is_none_or(|r| r == place.region_code);
    let departement_ok = inst
        .departement_code
        .is_none_or(|d| d == place.departement_code);
    let territory_ok = match inst.kind.scope() {
        Scope::National => true,
        Scope::Region => region_ok && inst.departement_code.is_none(),
        Scope::Departement => region_ok && departement_ok,
    };
    let profession_ok = !inst.kind.is_per_profession() || inst.profession == Some(profession);
    territory_ok && profession_ok
}

/// The order in which contacts are listed: the guichet's référent first, then the partners a
/// new professional meets, then the others.
pub fn display_rank(kind: InstitutionKind) -> u8 {
    use InstitutionKind::*;
    match kind {
        ArsDd => 0,
        Cpam => 1,
        Ordre => 2,
        Urps => 3,
        Urssaf => 4,
        Region => 5,
        ConseilDepartemental => 6,
        ArsSiege => 7,
        Universite => 8,
        Chu => 9,
        Cng => 10,
        Asp => 11,
    }
}

/// What an institution of this kind handles, in French (domain.md §3).
pub fn handles(kind: InstitutionKind) -> &'static str {
    use InstitutionKind::*;
    match kind {
        ArsSiege => "Places et contrats d'engagement de service public (CESP), programmes régionaux, arrêtés de zonage.",
        ArsDd => "Référent installation du guichet : projets d'installation, projets de maison de santé, d'équipe de soins primaires et de CPTS, contrats de début d'exercice (CDE).",
        Cpam => "Conventionnement, aides de l'Assurance Maladie (aide à l'installation 2026, CAIM, COSCOM, COTRAM, CSTM), accord conventionnel interprofessionnel (ACI) des MSP et des CPTS.",
        Ordre => "Inscription au tableau de l'Ordre, licences de remplacement, autorisation d'un médecin adjoint.",
        Urps => "Accompagnement de l'installation en libéral, appui aux CPTS.",
        Urssaf => "Affiliation, cotisations sociales, exonérations en cumul emploi-retraite.",
        Region => "Aides locales : logement des internes, investissement dans les maisons de santé.",
        ConseilDepartemental => "Aides locales du département : logement des étudiants et internes, investissement.",
        Universite => "Sélection des candidats au CESP, stages et indemnités des internes.",
        Chu => "Indemnités des internes (hébergement, transport).",
        Cng => "Gestion nationale des praticiens hospitaliers (concours, carrières).",
        Asp => "Versement des allocations du contrat d'engagement de service public (CESP) depuis sa version du 16 janvier 2026.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inst(
        kind: InstitutionKind,
        region: Option<&'static str>,
        dep: Option<&'static str>,
        profession: Option<Profession>,
    ) -> InstitutionPlace<'static> {
        InstitutionPlace {
            kind,
            region_code: region,
            departement_code: dep,
            profession,
        }
    }

    const MARSEILLE: Place<'static> = Place {
        departement_code: "13",
        region_code: "93",
    };

    #[test]
    fn departement_region_and_profession_decide() {
        use InstitutionKind::*;
        let m = Profession::Medecin;
        assert!(is_competent(
            inst(ArsDd, Some("93"), Some("13"), None),
            MARSEILLE,
            m
        ));
        assert!(!is_competent(
            inst(ArsDd, Some("93"), Some("84"), None),
            MARSEILLE,
            m
        ));
        assert!(is_competent(
            inst(ArsSiege, Some("93"), None, None),
            MARSEILLE,
            m
        ));
        assert!(!is_competent(
            inst(ArsSiege, Some("84"), None, None),
            MARSEILLE,
            m
        ));
        assert!(is_competent(
            inst(Ordre, Some("93"), Some("13"), Some(Profession::Medecin)),
            MARSEILLE,
            m
        ));
        assert!(!is_competent(
            inst(Ordre, Some("93"), Some("13"), Some(Profession::Medecin)),
            MARSEILLE,
            Profession::Infirmier
        ));
        assert!(is_competent(
            inst(Ordre, Some("93"), None, Some(Profession::Pharmacien)),
            MARSEILLE,
            Profession::Pharmacien
        ));
        assert!(is_competent(inst(Cng, None, None, None), MARSEILLE, m));
    }

    #[test]
    fn every_kind_says_what_it_handles() {
        for kind in InstitutionKind::ALL {
            assert!(handles(*kind).ends_with('.'));
        }
        assert!(display_rank(InstitutionKind::ArsDd) < display_rank(InstitutionKind::Cpam));
    }
}
