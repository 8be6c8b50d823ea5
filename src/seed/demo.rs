//! Demo data for Provence-Alpes-Côte d'Azur: the partner institutions of the guichet.
//! Addresses use the reserved `.test` domain and phone numbers the 01 99 00 range that ARCEP
//! reserves for fiction, so nothing here reaches a real person.

use chrono::NaiveDateTime;

use crate::config::SecuritySettings;
use crate::db::institutions::{insert_missing, NewInstitution};
use crate::db::users::NewUser;
use crate::db::{self, DbConnection};
use crate::domain::account::Role;
use crate::domain::identifiers::luhn_complete;
use crate::domain::institution::InstitutionKind;
use crate::domain::profession::{Profession, Situation};

/// The password of every demo account (printed at start-up; never used outside demo mode).
pub const DEMO_PASSWORD: &str = "guichet-demo-2026";

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
    /// Commune rows of the shipped PACA zonages recorded (0 when already there).
    pub zonage_communes: usize,
    /// (role, e-mail, password) of the demo accounts, printed at start-up.
    pub logins: Vec<(String, String, String)>,
}

fn institution(
    kind: InstitutionKind,
    name: String,
    departement: Option<&str>,
    slug: &str,
    phone_suffix: &str,
    now: NaiveDateTime,
) -> NewInstitution {
    let mut row = NewInstitution::new(
        kind,
        &name,
        &format!("{slug}@paca.demo.test"),
        &format!("01 99 00 {phone_suffix}"),
        now,
    );
    row.region_code = Some(REGION.to_string());
    row.departement_code = departement.map(str::to_string);
    if kind.is_per_profession() {
        row.profession = Some(Profession::Medecin);
    }
    row
}

/// The institutions the issue asks for: ARS siège and six délégations, six CPAM, six conseils
/// départementaux de l'Ordre des médecins, URPS médecins, URSSAF, Région, a university, a CHU.
pub fn institutions(now: NaiveDateTime) -> Vec<NewInstitution> {
    use InstitutionKind::*;
    let mut rows = vec![institution(
        ArsSiege,
        "ARS Provence-Alpes-Côte d'Azur (siège)".into(),
        None,
        "ars-siege",
        "93 00",
        now,
    )];
    for (code, of) in DEPARTEMENTS {
        rows.push(institution(
            ArsDd,
            format!("ARS PACA — délégation départementale {of}"),
            Some(code),
            &format!("ars-dd{code}"),
            &format!("{code} 01"),
            now,
        ));
        rows.push(institution(
            Cpam,
            format!("CPAM {of}"),
            Some(code),
            &format!("cpam{code}"),
            &format!("{code} 02"),
            now,
        ));
        rows.push(institution(
            Ordre,
            format!("Conseil départemental de l'Ordre des médecins {of}"),
            Some(code),
            &format!("cdom{code}"),
            &format!("{code} 03"),
            now,
        ));
    }
    rows.extend([
        institution(
            Urps,
            "URPS Médecins libéraux PACA".into(),
            None,
            "urps-ml",
            "93 01",
            now,
        ),
        institution(
            Urssaf,
            "Urssaf Provence-Alpes-Côte d'Azur".into(),
            None,
            "urssaf",
            "93 02",
            now,
        ),
        institution(
            Region,
            "Région Sud Provence-Alpes-Côte d'Azur".into(),
            None,
            "region",
            "93 03",
            now,
        ),
        institution(
            Universite,
            "Aix-Marseille Université — Faculté des sciences médicales et paramédicales".into(),
            None,
            "universite",
            "93 04",
            now,
        ),
        institution(
            Chu,
            "Assistance publique — Hôpitaux de Marseille (CHU)".into(),
            None,
            "chu",
            "93 05",
            now,
        ),
    ]);
    rows
}

/// A demo account: e-mail, names, role, institution name (partners), départements (référents),
/// profession and situation (professionals).
struct DemoAccount {
    email: String,
    first_name: &'static str,
    last_name: String,
    role: Role,
    institution: Option<String>,
    departements: &'static [&'static str],
    professional: Option<(Profession, Situation)>,
}

fn accounts(institutions: &[NewInstitution]) -> Vec<DemoAccount> {
    let mut list = vec![
        DemoAccount {
            email: "admin.paca@demo.test".into(),
            first_name: "Alix",
            last_name: "Administratrice".into(),
            role: Role::Admin,
            institution: None,
            departements: &[],
            professional: None,
        },
        DemoAccount {
            email: "referent.13-84@demo.test".into(),
            first_name: "Romain",
            last_name: "Référent".into(),
            role: Role::Referent,
            institution: None,
            departements: &["13", "84"],
            professional: None,
        },
        DemoAccount {
            email: "referent.04-05-06-83@demo.test".into(),
            first_name: "Rachida",
            last_name: "Référente".into(),
            role: Role::Referent,
            institution: None,
            departements: &["04", "05", "06", "83"],
            professional: None,
        },
        DemoAccount {
            email: "camille.martin@demo.test".into(),
            first_name: "Camille",
            last_name: "Martin".into(),
            role: Role::Professional,
            institution: None,
            departements: &[],
            professional: Some((Profession::Medecin, Situation::Remplacant)),
        },
        DemoAccount {
            email: "lea.bernard@demo.test".into(),
            first_name: "Léa",
            last_name: "Bernard".into(),
            role: Role::Professional,
            institution: None,
            departements: &[],
            professional: Some((Profession::Medecin, Situation::Etudiant)),
        },
    ];
    for inst in institutions {
        let local = inst.email.split('@').next().unwrap_or("agent");
        list.push(DemoAccount {
            email: format!("agent.{local}@demo.test"),
            first_name: "Agent",
            last_name: inst.name.clone(),
            role: Role::Partner,
            institution: Some(inst.name.clone()),
            departements: &[],
            professional: None,
        });
    }
    list
}

fn seed_accounts(
    conn: &mut DbConnection,
    security: &SecuritySettings,
    now: NaiveDateTime,
) -> anyhow::Result<Vec<(String, String, String)>> {
    let all_institutions = db::institutions::list_in_region(conn, REGION)?;
    let wanted = accounts(&institutions(now));
    let hash = crate::auth::password::hash_now(
        security.argon2_memory_kib,
        security.argon2_passes,
        DEMO_PASSWORD,
    )?;
    let mut logins = Vec::new();
    for (n, account) in wanted.into_iter().enumerate() {
        let label = match &account.institution {
            Some(name) => format!("agent — {name}"),
            None => account.role.label().to_string(),
        };
        if !db::users::email_taken(conn, &account.email)? {
            let institution_id = account
                .institution
                .as_ref()
                .and_then(|name| all_institutions.iter().find(|i| &i.name == name))
                .map(|i| i.id.clone());
            let user = NewUser {
                id: uuid::Uuid::now_v7().to_string(),
                email: account.email.clone(),
                password_hash: Some(hash.clone()),
                first_name: account.first_name.to_string(),
                last_name: account.last_name.clone(),
                role: account.role,
                profession: account.professional.map(|(p, _)| p),
                situation: account.professional.map(|(_, s)| s),
                professional_number: (account
                    .professional
                    .is_some_and(|(_, s)| s != Situation::Etudiant))
                .then(|| luhn_complete(&format!("1000{:06}", n + 1))),
                institution_id,
                region_code: (account.role != Role::Professional).then(|| REGION.to_string()),
                email_verified_at: Some(now),
                disabled_at: None,
                created_at: now,
                updated_at: now,
            };
            let departements: Vec<String> =
                account.departements.iter().map(|d| d.to_string()).collect();
            db::users::insert(conn, &user, &departements)?;
        }
        logins.push((label, account.email, DEMO_PASSWORD.to_string()));
    }
    Ok(logins)
}

/// Seeds what is missing; running it twice adds nothing.
pub fn seed(
    conn: &mut DbConnection,
    security: &SecuritySettings,
    now: NaiveDateTime,
) -> anyhow::Result<DemoReport> {
    let institutions_added = insert_missing(conn, &institutions(now))?;
    let zonage_communes = seed_paca_zonage(conn, now)?;
    let logins = seed_accounts(conn, security, now)?;
    // Sessions need the territories (imported before the demo data by `serve`).
    if !db::territories::departements_of_region(conn, REGION)?.is_empty() {
        super::permanences::seed(conn, REGION, now)?;
    }
    Ok(DemoReport {
        institutions_added,
        zonage_communes,
        logins,
    })
}

/// Records the shipped zonages of Provence-Alpes-Côte d'Azur (every profession; médecins: the
/// May 2025 snapshot, then the zonage of the arrêté of 5 January 2026) unless already there.
pub fn seed_paca_zonage(conn: &mut DbConnection, now: NaiveDateTime) -> anyhow::Result<usize> {
    let report = crate::import::zonage_france::import_shipped(
        conn,
        Some(&[REGION]),
        crate::import::zonage_france::Existing::Keep,
        now,
    )?;
    Ok(report.communes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn demo_set_has_the_institutions_the_issue_lists() {
        let rows = institutions(
            NaiveDate::from_ymd_opt(2026, 3, 10)
                .unwrap_or_default()
                .and_time(chrono::NaiveTime::MIN),
        );
        let count = |kind: InstitutionKind| rows.iter().filter(|r| r.kind == kind).count();
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
