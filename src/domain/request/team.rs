//! Team members of a coordinated-practice project: one per line, `name ; profession`.
//!
//! Accepted separators between the name and the profession: `;`, a tab, `,`, or a dash
//! surrounded by spaces (` - `, ` – `, ` — `); the last one on the line wins, so that a name may
//! contain a comma only when another separator is used. The profession is one of the nine of the
//! guichet, typed as its label, its slug or a common form ("infirmière", "kiné", "dentiste"…),
//! case and accents ignored.
//!
//! Composition rules (kept deliberately simple; the référent judges the rest):
//! - **MSP**: at least 2 members of at least 2 different professions (an MSP is
//!   pluriprofessional, L.6323-3 CSP);
//! - **ESP**: at least 2 members, at least one of them a médecin (an ESP is formed around
//!   general practitioners, L.1411-11-1 CSP);
//! - **CPTS**: at least 2 members;
//! - **centre de santé**: the list is optional (the staff is often not hired yet);
//! - everywhere: the same name may not appear twice.

use crate::domain::french;
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::kind::CoordinatedStructure;
use crate::domain::profession::Profession;
use crate::domain::territory::normalize_search;

/// Most lines accepted in a team list.
pub const MAX_MEMBERS: usize = 500;

/// One member of the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub name: String,
    pub profession: Profession,
}

impl TeamMember {
    /// The canonical line: `name ; profession-slug`.
    pub fn to_line(&self) -> String {
        format!("{} ; {}", self.name, self.profession.slug())
    }
}

/// Common ways of writing a profession (normalized with [`normalize_search`]).
const ALIASES: &[(&str, Profession)] = &[
    ("medecin generaliste", Profession::Medecin),
    ("generaliste", Profession::Medecin),
    ("dentiste", Profession::ChirurgienDentiste),
    ("chirurgienne dentiste", Profession::ChirurgienDentiste),
    ("pharmacienne", Profession::Pharmacien),
    ("infirmiere", Profession::Infirmier),
    ("ide", Profession::Infirmier),
    ("kine", Profession::MasseurKinesitherapeute),
    ("kinesitherapeute", Profession::MasseurKinesitherapeute),
    (
        "masseuse kinesitherapeute",
        Profession::MasseurKinesitherapeute,
    ),
    ("pedicure", Profession::PedicurePodologue),
    ("podologue", Profession::PedicurePodologue),
];

/// The profession written as `text`, if recognized.
pub fn parse_profession(text: &str) -> Option<Profession> {
    let wanted = normalize_search(text);
    Profession::ALL
        .iter()
        .copied()
        .find(|p| normalize_search(p.slug()) == wanted || normalize_search(p.label()) == wanted)
        .or_else(|| ALIASES.iter().find(|(a, _)| *a == wanted).map(|&(_, p)| p))
}

fn split_line(line: &str) -> Option<(&str, &str)> {
    let by_char = line
        .rfind([';', '\t', ','])
        .map(|i| (&line[..i], &line[i + 1..]));
    let by_dash = || {
        [" - ", " – ", " — "]
            .iter()
            .filter_map(|sep| {
                line.rfind(sep)
                    .map(|i| (&line[..i], &line[i + sep.len()..]))
            })
            .max_by_key(|(name, _)| name.len())
    };
    by_char.or_else(by_dash)
}

/// Parses the raw list. Blank lines are ignored; each error names its line (1-based).
pub fn parse_team(raw: &str) -> Result<Vec<TeamMember>, Vec<String>> {
    let mut members = Vec::new();
    let mut errors = Vec::new();
    let mut seen = BTreeSet::new();
    for (index, line) in raw.lines().enumerate() {
        let n = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        if members.len() + errors.len() >= MAX_MEMBERS {
            errors.push(format!("La liste est limitée à {MAX_MEMBERS} personnes."));
            break;
        }
        let Some((name, profession)) = split_line(line).map(|(a, b)| (a.trim(), b.trim())) else {
            errors.push(format!(
                "Ligne {n} : indiquez le nom et la profession, séparés par un point-virgule \
                 (par exemple « Claire Martin ; infirmière »)."
            ));
            continue;
        };
        if name.is_empty() {
            errors.push(format!("Ligne {n} : indiquez le nom de la personne."));
            continue;
        }
        let Some(profession) = parse_profession(profession) else {
            let known = french::join(Profession::ALL.iter().map(|p| p.label()), "ou");
            errors.push(format!(
                "Ligne {n} : profession inconnue « {profession} » (choisissez parmi {known})."
            ));
            continue;
        };
        if !seen.insert(normalize_search(name)) {
            errors.push(format!("Ligne {n} : {name} figure déjà dans l'équipe."));
            continue;
        }
        members.push(TeamMember {
            name: name.to_string(),
            profession,
        });
    }
    if errors.is_empty() {
        Ok(members)
    } else {
        Err(errors)
    }
}

/// Checks the composition rules of the module documentation; `Err` holds the French message.
pub fn check_composition(
    structure: CoordinatedStructure,
    members: &[TeamMember],
) -> Result<(), String> {
    let professions: BTreeSet<Profession> = members.iter().map(|m| m.profession).collect();
    let has_doctor = professions.contains(&Profession::Medecin);
    match structure {
        CoordinatedStructure::CentreDeSante => Ok(()),
        _ if members.len() < 2 => {
            Err("Indiquez au moins deux professionnels de santé dans l'équipe.".to_string())
        }
        CoordinatedStructure::Msp if professions.len() < 2 => Err(
            "Une maison de santé pluriprofessionnelle réunit au moins deux professions \
             différentes."
                .to_string(),
        ),
        CoordinatedStructure::Esp if !has_doctor => Err(
            "Une équipe de soins primaires se constitue autour d'au moins un médecin.".to_string(),
        ),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CoordinatedStructure as C;
    use Profession as P;

    fn member(name: &str, profession: Profession) -> TeamMember {
        TeamMember {
            name: name.into(),
            profession,
        }
    }

    #[test]
    fn professions_in_many_spellings() {
        for p in Profession::ALL {
            assert_eq!(parse_profession(p.slug()), Some(*p));
            assert_eq!(parse_profession(p.label()), Some(*p));
            assert_eq!(parse_profession(&p.label().to_uppercase()), Some(*p));
        }
        assert_eq!(parse_profession(" Infirmière "), Some(P::Infirmier));
        assert_eq!(parse_profession("Kiné"), Some(P::MasseurKinesitherapeute));
        assert_eq!(parse_profession("sage femme"), Some(P::SageFemme));
        assert_eq!(parse_profession("Médecin généraliste"), Some(P::Medecin));
        assert_eq!(parse_profession("psychologue"), None);
        assert_eq!(parse_profession(""), None);
    }

    #[test]
    fn parses_lines_with_any_separator() {
        let raw = "Claire Martin ; infirmière\n\n  Paul Durand\tMédecin \nDupont, Jean, kiné\n\
                   Anne-Marie Roy - pharmacienne\nLéa Petit — Sage-femme\r\n";
        let team = parse_team(raw).unwrap();
        assert_eq!(
            team,
            vec![
                member("Claire Martin", P::Infirmier),
                member("Paul Durand", P::Medecin),
                member("Dupont, Jean", P::MasseurKinesitherapeute),
                member("Anne-Marie Roy", P::Pharmacien),
                member("Léa Petit", P::SageFemme),
            ]
        );
        assert_eq!(team[2].to_line(), "Dupont, Jean ; masseur-kinesitherapeute");
        assert_eq!(parse_team("  \n "), Ok(vec![]));
    }

    #[test]
    fn reports_every_bad_line() {
        let raw = "Claire Martin\n ; médecin\nPaul ; psychologue\nClaire martin ; infirmier\n\
                   CLAIRE MARTIN ; médecin";
        let errors = parse_team(raw).unwrap_err();
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(errors[0].starts_with("Ligne 1 : indiquez le nom et la profession"));
        assert_eq!(errors[1], "Ligne 2 : indiquez le nom de la personne.");
        assert!(errors[2].starts_with(
            "Ligne 3 : profession inconnue « psychologue » (choisissez parmi Médecin, "
        ));
        assert!(errors[2].ends_with("ou Pédicure-podologue)."));
        assert_eq!(
            errors[3],
            "Ligne 5 : CLAIRE MARTIN figure déjà dans l'équipe."
        );
    }

    #[test]
    fn list_length_is_capped() {
        let raw: String = (0..=MAX_MEMBERS)
            .map(|i| format!("Personne {i} ; infirmier\n"))
            .collect();
        let errors = parse_team(&raw).unwrap_err();
        assert_eq!(
            errors,
            vec![format!("La liste est limitée à {MAX_MEMBERS} personnes.")]
        );
    }

    #[test]
    fn composition_rules() {
        let doctor = member("A", P::Medecin);
        let doctor2 = member("B", P::Medecin);
        let nurse = member("C", P::Infirmier);
        let nurse2 = member("D", P::Infirmier);
        for s in [C::Msp, C::Esp, C::Cpts] {
            assert!(check_composition(s, &[]).is_err(), "{s}");
            let one = check_composition(s, std::slice::from_ref(&doctor)).unwrap_err();
            assert_eq!(
                one,
                "Indiquez au moins deux professionnels de santé dans l'équipe."
            );
            assert_eq!(
                check_composition(s, &[doctor.clone(), nurse.clone()]),
                Ok(())
            );
        }
        assert!(
            check_composition(C::Msp, &[doctor.clone(), doctor2.clone()])
                .unwrap_err()
                .contains("deux professions différentes")
        );
        assert_eq!(
            check_composition(C::Esp, &[doctor.clone(), doctor2.clone()]),
            Ok(())
        );
        assert!(check_composition(C::Esp, &[nurse.clone(), nurse2.clone()])
            .unwrap_err()
            .contains("au moins un médecin"));
        assert_eq!(check_composition(C::Cpts, &[nurse, nurse2]), Ok(()));
        assert_eq!(check_composition(C::CentreDeSante, &[]), Ok(()));
    }
}
