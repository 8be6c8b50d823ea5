//! The kinds of request a professional can file (domain.md §6).
//!
//! A [`RequestKind`] is a small `Copy` value with one flat, stable slug per variant
//! (`installation-liberal`, `msp`, `aide`, …) used in URLs, in the database and as the key of
//! `config/routing.toml`. The practice mode of an installation and the structure of a
//! coordinated-practice project are part of the kind because they change the routing; the aid
//! code of an aid application is not (it is a form field, see `form.rs`), so that the list of
//! kinds stays closed while the aid catalogue grows.

use std::fmt;
use std::str::FromStr;

use crate::domain::slug::{slug_enum, UnknownSlug};

slug_enum! {
    /// How the professional plans to practise.
    pub enum PracticeMode, "Mode d'exercice inconnu" {
        Liberal => ("liberal", "Libéral"),
        Salarie => ("salarie", "Salarié"),
        Mixte => ("mixte", "Mixte (libéral et salarié)"),
    }
}

slug_enum! {
    /// The structures of coordinated practice.
    pub enum CoordinatedStructure, "Structure inconnue" {
        Msp => ("msp", "Maison de santé pluriprofessionnelle (MSP)"),
        CentreDeSante => ("centre-de-sante", "Centre de santé"),
        Esp => ("esp", "Équipe de soins primaires (ESP)"),
        Cpts => ("cpts", "Communauté professionnelle territoriale de santé (CPTS)"),
    }
}

/// What a request is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RequestKind {
    /// An installation project.
    Installation(PracticeMode),
    /// A coordinated-practice project (a health project document is expected).
    CoordinatedPractice(CoordinatedStructure),
    /// An application for one aid of the catalogue (the aid code is a form field).
    AidApplication,
    /// A remplacement or a médecin adjoint (which one is a form field).
    Remplacement,
    /// Cumul emploi-retraite (working while drawing a pension).
    CumulEmploiRetraite,
    /// A question to the guichet.
    Question,
}

impl RequestKind {
    /// Every kind, in the order of the "new request" page.
    pub const ALL: [RequestKind; 11] = [
        Self::Installation(PracticeMode::Liberal),
        Self::Installation(PracticeMode::Salarie),
        Self::Installation(PracticeMode::Mixte),
        Self::CoordinatedPractice(CoordinatedStructure::Msp),
        Self::CoordinatedPractice(CoordinatedStructure::CentreDeSante),
        Self::CoordinatedPractice(CoordinatedStructure::Esp),
        Self::CoordinatedPractice(CoordinatedStructure::Cpts),
        Self::AidApplication,
        Self::Remplacement,
        Self::CumulEmploiRetraite,
        Self::Question,
    ];

    /// The stable machine name (URLs, database, routing table keys).
    pub fn slug(self) -> &'static str {
        use CoordinatedStructure as C;
        match self {
            Self::Installation(PracticeMode::Liberal) => "installation-liberal",
            Self::Installation(PracticeMode::Salarie) => "installation-salarie",
            Self::Installation(PracticeMode::Mixte) => "installation-mixte",
            Self::CoordinatedPractice(C::Msp) => "msp",
            Self::CoordinatedPractice(C::CentreDeSante) => "centre-de-sante",
            Self::CoordinatedPractice(C::Esp) => "esp",
            Self::CoordinatedPractice(C::Cpts) => "cpts",
            Self::AidApplication => "aide",
            Self::Remplacement => "remplacement",
            Self::CumulEmploiRetraite => "cumul-emploi-retraite",
            Self::Question => "question",
        }
    }

    /// The kind with this slug (exact match).
    pub fn from_slug(slug: &str) -> Option<RequestKind> {
        Self::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// The French label shown to users.
    pub fn label(self) -> &'static str {
        use CoordinatedStructure as C;
        match self {
            Self::Installation(PracticeMode::Liberal) => "Projet d'installation en libéral",
            Self::Installation(PracticeMode::Salarie) => "Projet d'installation en salariat",
            Self::Installation(PracticeMode::Mixte) => "Projet d'installation en exercice mixte",
            Self::CoordinatedPractice(C::Msp) => "Projet de maison de santé (MSP)",
            Self::CoordinatedPractice(C::CentreDeSante) => "Projet de centre de santé",
            Self::CoordinatedPractice(C::Esp) => "Projet d'équipe de soins primaires (ESP)",
            Self::CoordinatedPractice(C::Cpts) => "Projet de CPTS",
            Self::AidApplication => "Demande d'aide",
            Self::Remplacement => "Remplacement ou médecin adjoint",
            Self::CumulEmploiRetraite => "Cumul emploi-retraite",
            Self::Question => "Question au guichet",
        }
    }

    /// A one-sentence French description for the "new request" page.
    pub fn description(self) -> &'static str {
        use CoordinatedStructure as C;
        match self {
            Self::Installation(PracticeMode::Liberal) => {
                "Vous prévoyez de vous installer en libéral : le guichet transmet votre projet à \
                 l'ARS, à l'Assurance Maladie, à votre Ordre, à votre URPS et à l'Urssaf."
            }
            Self::Installation(PracticeMode::Salarie) => {
                "Vous prévoyez d'exercer comme salarié (centre de santé, établissement…) : le \
                 guichet transmet votre projet à l'ARS et à votre Ordre."
            }
            Self::Installation(PracticeMode::Mixte) => {
                "Vous prévoyez d'exercer à la fois en libéral et comme salarié : le guichet \
                 transmet votre projet à toutes les institutions concernées."
            }
            Self::CoordinatedPractice(C::Msp) => {
                "Vous portez un projet de maison de santé pluriprofessionnelle avec d'autres \
                 professionnels : joignez votre projet de santé."
            }
            Self::CoordinatedPractice(C::CentreDeSante) => {
                "Vous portez un projet de centre de santé : joignez votre projet de santé."
            }
            Self::CoordinatedPractice(C::Esp) => {
                "Vous formez une équipe de soins primaires autour de médecins généralistes : \
                 joignez votre projet de santé."
            }
            Self::CoordinatedPractice(C::Cpts) => {
                "Vous portez une communauté professionnelle territoriale de santé : joignez \
                 votre projet de santé."
            }
            Self::AidApplication => {
                "Vous demandez une aide du catalogue (CESP, CAIM, CDE…) : le guichet la \
                 transmet aux institutions qui l'instruisent."
            }
            Self::Remplacement => {
                "Vous souhaitez effectuer un remplacement ou exercer comme médecin adjoint : \
                 le guichet transmet votre demande à votre Ordre."
            }
            Self::CumulEmploiRetraite => {
                "Vous êtes retraité ou allez l'être et souhaitez continuer d'exercer : le \
                 guichet transmet votre demande à l'Urssaf."
            }
            Self::Question => {
                "Vous avez une question sur votre installation, les aides ou vos démarches : \
                 un référent du guichet vous répond."
            }
        }
    }

    /// True for coordinated-practice projects, which expect a health project document.
    pub fn is_coordinated_practice(self) -> bool {
        matches!(self, Self::CoordinatedPractice(_))
    }
}

impl fmt::Display for RequestKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

impl FromStr for RequestKind {
    type Err = UnknownSlug;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        Self::from_slug(&wanted).ok_or_else(|| UnknownSlug {
            what: "Type de demande inconnu",
            value: s.to_string(),
            expected: Self::ALL.map(RequestKind::slug).join(", "),
        })
    }
}

impl serde::Serialize for RequestKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.slug())
    }
}

impl<'de> serde::Deserialize<'de> for RequestKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        raw.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn slugs_are_unique_and_round_trip() {
        let slugs: HashSet<_> = RequestKind::ALL.iter().map(|k| k.slug()).collect();
        assert_eq!(slugs.len(), RequestKind::ALL.len());
        for kind in RequestKind::ALL {
            assert_eq!(RequestKind::from_slug(kind.slug()), Some(kind));
            assert_eq!(kind.slug().parse::<RequestKind>(), Ok(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.slug()));
            assert_eq!(serde_json::from_str::<RequestKind>(&json).unwrap(), kind);
        }
        assert_eq!(
            " MSP ".parse::<RequestKind>(),
            Ok(RequestKind::CoordinatedPractice(CoordinatedStructure::Msp))
        );
    }

    #[test]
    fn every_variant_is_listed() {
        for mode in PracticeMode::ALL {
            assert!(RequestKind::ALL.contains(&RequestKind::Installation(*mode)));
        }
        for s in CoordinatedStructure::ALL {
            assert!(RequestKind::ALL.contains(&RequestKind::CoordinatedPractice(*s)));
        }
    }

    #[test]
    fn unknown_kind_is_refused_with_the_choices() {
        let err = "installation".parse::<RequestKind>().unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("Type de demande inconnu : « installation »"),
            "{msg}"
        );
        assert!(
            msg.contains("installation-liberal, installation-salarie"),
            "{msg}"
        );
        assert!(serde_json::from_str::<RequestKind>("\"aid\"").is_err());
    }

    #[test]
    fn labels_and_descriptions_are_french_and_distinct() {
        let labels: HashSet<_> = RequestKind::ALL.iter().map(|k| k.label()).collect();
        assert_eq!(labels.len(), RequestKind::ALL.len());
        assert_eq!(
            RequestKind::Remplacement.label(),
            "Remplacement ou médecin adjoint"
        );
        assert_eq!(
            RequestKind::CoordinatedPractice(CoordinatedStructure::Esp).label(),
            "Projet d'équipe de soins primaires (ESP)"
        );
        for kind in RequestKind::ALL {
            assert!(kind.description().ends_with('.'), "{kind}");
            assert_eq!(
                kind.is_coordinated_practice(),
                kind.description().contains("projet de santé"),
                "{kind}"
            );
        }
        assert_eq!(PracticeMode::Liberal.label(), "Libéral");
    }
}
