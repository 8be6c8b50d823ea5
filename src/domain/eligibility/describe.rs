//! A French, profile-independent rendering of a condition, for the pages that present an aid
//! and its versions ("profession : médecin ; lieu d'exercice en ZIP ou ZAC").

use super::criteria::Condition;
use crate::domain::french;
use crate::domain::zone::ZoneCategory;

impl Condition {
    /// The condition in French, e.g. "situation : interne, ou situation : étudiant et à partir
    /// de la 2e année d'études".
    pub fn describe(&self) -> String {
        let lower = |s: &str| s.to_lowercase();
        match self {
            Condition::All(cs) if cs.is_empty() => "aucune condition".to_string(),
            Condition::All(cs) => french::join(cs.iter().map(|c| c.nested()), "et"),
            Condition::Any(cs) => french::join(cs.iter().map(|c| c.nested()), "ou"),
            Condition::Not(c) => format!("pas : {}", c.nested()),
            Condition::ProfessionIn(ps) => format!(
                "profession : {}",
                french::join(ps.iter().map(|p| lower(p.label())), "ou")
            ),
            Condition::SpecialtyIs(s) => format!("spécialité : {}", s.replace('-', " ")),
            Condition::SituationIn(ss) => format!(
                "situation : {}",
                french::join(ss.iter().map(|s| lower(s.label())), "ou")
            ),
            Condition::StudyYearAtLeast(y) => format!("à partir de la {y}e année d'études"),
            Condition::InstalledWithinMonths(m) => {
                format!("installé depuis moins de {m} mois, ou installation prévue")
            }
            Condition::InstalledOnOrAfter(d) => {
                format!("installation à partir du {}", french::date(*d))
            }
            Condition::ZoneIn(set) => format!(
                "lieu d'exercice en {}",
                french::join(set.iter().map(ZoneCategory::short_label), "ou")
            ),
            Condition::ZoneNotIn(set) => format!(
                "lieu d'exercice hors {}",
                french::join(set.iter().map(ZoneCategory::short_label), "et hors")
            ),
            Condition::SectorIn(ss) => french::join(ss.iter().map(|s| lower(s.label())), "ou"),
            Condition::NumberAtLeast { input, value } => {
                format!(
                    "{} : au moins {}",
                    lower(input.label()),
                    french::number(*value)
                )
            }
            Condition::NumberAbove { input, value } => {
                format!(
                    "{} : plus de {}",
                    lower(input.label()),
                    french::number(*value)
                )
            }
            Condition::RegionIn(codes) => {
                format!("région (code INSEE) : {}", french::join(codes, "ou"))
            }
            Condition::DepartementIn(codes) => {
                format!("département : {}", french::join(codes, "ou"))
            }
            Condition::CommuneIn(codes) => {
                format!("commune (code INSEE) : {}", french::join(codes, "ou"))
            }
            Condition::FlagIs { input, value } => format!(
                "{} : {}",
                lower(input.label()),
                if *value { "oui" } else { "non" }
            ),
        }
    }

    /// Like [`Condition::describe`], in parentheses when it combines several conditions.
    fn nested(&self) -> String {
        match self {
            Condition::All(cs) | Condition::Any(cs) if cs.len() > 1 => {
                format!("({})", self.describe())
            }
            _ => self.describe(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::profession::{Profession, Sector, Situation};
    use crate::domain::zone::ZoneSet;

    #[test]
    fn conditions_read_as_french() {
        let c = Condition::Any(vec![
            Condition::SituationIn(vec![Situation::Interne]),
            Condition::All(vec![
                Condition::SituationIn(vec![Situation::Etudiant]),
                Condition::StudyYearAtLeast(2),
            ]),
        ]);
        assert_eq!(
            c.describe(),
            "situation : interne ou (situation : étudiant et à partir de la 2e année d'études)"
        );
        let zone = Condition::ZoneIn(ZoneSet::from_categories([
            ZoneCategory::Zip,
            ZoneCategory::Zac,
        ]));
        assert_eq!(zone.describe(), "lieu d'exercice en ZIP ou ZAC");
        assert_eq!(
            Condition::ProfessionIn(vec![Profession::Medecin, Profession::SageFemme]).describe(),
            "profession : médecin ou sage-femme"
        );
        assert_eq!(
            Condition::SectorIn(vec![Sector::Secteur1]).describe(),
            "secteur 1"
        );
    }
}
