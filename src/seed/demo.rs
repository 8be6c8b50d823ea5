//! Demo data for Provence-Alpes-Côte d'Azur: the partner institutions of the guichet.
//! Addresses use the reserved `.test` domain and phone numbers the 01 99 00 range that ARCEP
//! reserves for fiction, so nothing here reaches a real person.

use crate::db::institutions::{insert_missing, NewInstitution};
use crate::db::DbConnection;
use crate::domain::institution::InstitutionKind;

/// The six départements of the région, with the article used in names ("du Var").
const DEPARTEMENTS: [(&str, &str); 6] = [
    ("04", "des Alpes-de-Haute-Provence"),
    ("05", "des Hautes-Alpes"),
    ("06", "des Alpes-Maritimes"),
    ("13", "des Bouches-du-Rhône"),
    ("83", "du Var"),
    ("84", "de Vaucluse"),
];
const REGION: &str = "93";

#[derive(Debug, Default)]
pub struct DemoReport {
    pub institutions_added: usize,
    /// (role, e-mail, password) of the demo accounts, printed at start-up.
    pub logins: Vec<(String, String, String)>,
}

fn institution(
    kind: InstitutionKind,
    name: String,
    departement: Option<&str>,
    slug: &str,
    phone_suffix: &str,
) -> NewInstitution {
    let mut row = NewInstitution::new(
        kind.slug(),
        &name,
        &format!("{slug}@paca.demo.test"),
        &format!("01 99 00 {phone_suffix}"),
    );
    row.region_code = Some(REGION.to_string());
    row.departement_code = departement.map(str::to_string);
    if kind.is_per_profession() {
        row.profession = Some("medecin".to_string());
    }
    row
}

/// The institutions the issue asks for: ARS siège and six délégations, six CPAM, six conseils
/// départementaux de l'Ordre des médecins, URPS médecins, URSSAF, Région, a university, a CHU.
pub fn institutions() -> Vec<NewInstitution> {
    use InstitutionKind::*;
    let mut rows = vec![institution(
        ArsSiege,
        "ARS Provence-Alpes-Côte d'Azur (siège)".into(),
        None,
        "ars-siege",
        "93 00",
    )];
    for (code, of) in DEPARTEMENTS {
        rows.push(institution(
            ArsDd,
            format!("ARS PACA — délégation départementale {of}"),
            Some(code),
            &format!("ars-dd{code}"),
            &format!("{code} 01"),
        ));
        rows.push(institution(
            Cpam,
            format!("CPAM {of}"),
            Some(code),
            &format!("cpam{code}"),
            &format!("{code} 02"),
        ));
        rows.push(institution(
            Ordre,
            format!("Conseil départemental de l'Ordre des médecins {of}"),
            Some(code),
            &format!("cdom{code}"),
            &format!("{code} 03"),
        ));
    }
    rows.extend([
        institution(
            Urps,
            "URPS Médecins libéraux PACA".into(),
            None,
            "urps-ml",
            "93 01",
        ),
        institution(
            Urssaf,
            "Urssaf Provence-Alpes-Côte d'Azur".into(),
            None,
            "urssaf",
            "93 02",
        ),
        institution(
            Region,
            "Région Sud Provence-Alpes-Côte d'Azur".into(),
            None,
            "region",
            "93 03",
        ),
        institution(
            Universite,
            "Aix-Marseille Université — Faculté des sciences médicales et paramédicales".into(),
            None,
            "universite",
            "93 04",
        ),
        institution(
            Chu,
            "Assistance publique — Hôpitaux de Marseille (CHU)".into(),
            None,
            "chu",
            "93 05",
        ),
    ]);
    rows
}

/// Seeds what is missing; running it twice adds nothing.
pub fn seed(conn: &mut DbConnection) -> anyhow::Result<DemoReport> {
    let institutions_added = insert_missing(conn, &institutions())?;
    Ok(DemoReport {
        institutions_added,
        logins: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_set_has_the_institutions_the_issue_lists() {
        let rows = institutions();
        let count = |kind: InstitutionKind| rows.iter().filter(|r| r.kind == kind.slug()).count();
        assert_eq!(count(InstitutionKind::ArsSiege), 1);
        assert_eq!(count(InstitutionKind::ArsDd), 6);
        assert_eq!(count(InstitutionKind::Cpam), 6);
        assert_eq!(count(InstitutionKind::Ordre), 6);
        assert_eq!(count(InstitutionKind::Urps), 1);
        let mut names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), rows.len(), "names are unique");
    }
}
