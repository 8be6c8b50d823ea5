//! The nine health professions of the guichet, the career situations of a professional and the
//! conventional sectors, each with a stable slug (used in URLs, JSON, rule files and the
//! database) and a French label.

/// A slug that does not name any variant of a closed list (profession, situation, sector, zone…).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} : « {value} » ; choisissez parmi {expected}")]
pub struct UnknownSlug {
    /// French head of the message, e.g. "Profession inconnue".
    pub what: &'static str,
    /// The value that was given.
    pub value: String,
    /// The accepted slugs, comma-separated.
    pub expected: String,
}

/// Declares a closed enum with a slug and a French label per variant, plus `ALL`, `slug()`,
/// `label()`, `Display` (the slug), `FromStr` and serde through the slug.
macro_rules! slug_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident => ($slug:literal, $label:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $name {
            /// Every variant, in display order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The stable machine name.
            pub fn slug(self) -> &'static str {
                match self { $( $name::$variant => $slug ),+ }
            }

            /// The French label shown to users.
            pub fn label(self) -> &'static str {
                match self { $( $name::$variant => $label ),+ }
            }

            /// The accepted slugs, comma-separated (for error messages).
            pub fn expected_slugs() -> String {
                Self::ALL.iter().map(|v| v.slug()).collect::<Vec<_>>().join(", ")
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.slug())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::domain::profession::UnknownSlug;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.slug().eq_ignore_ascii_case(wanted))
                    .ok_or_else(|| $crate::domain::profession::UnknownSlug {
                        what: $what,
                        value: s.to_string(),
                        expected: Self::expected_slugs(),
                    })
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.slug())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                raw.parse().map_err(::serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use slug_enum;

slug_enum! {
    /// The nine professions of the PAPS list.
    pub enum Profession, "Profession inconnue" {
        Medecin => ("medecin", "Médecin"),
        ChirurgienDentiste => ("chirurgien-dentiste", "Chirurgien-dentiste"),
        SageFemme => ("sage-femme", "Sage-femme"),
        Pharmacien => ("pharmacien", "Pharmacien"),
        Infirmier => ("infirmier", "Infirmier"),
        MasseurKinesitherapeute => ("masseur-kinesitherapeute", "Masseur-kinésithérapeute"),
        Orthophoniste => ("orthophoniste", "Orthophoniste"),
        Orthoptiste => ("orthoptiste", "Orthoptiste"),
        PedicurePodologue => ("pedicure-podologue", "Pédicure-podologue"),
    }
}

slug_enum! {
    /// Where a professional stands in their career.
    pub enum Situation, "Situation inconnue" {
        Etudiant => ("etudiant", "Étudiant"),
        Interne => ("interne", "Interne"),
        /// Fourth year of médecine générale (and other specialties' last phase): "docteur junior".
        DocteurJunior => ("docteur-junior", "Docteur junior"),
        Remplacant => ("remplacant", "Remplaçant"),
        Installe => ("installe", "Installé en libéral"),
        Salarie => ("salarie", "Salarié"),
        Retraite => ("retraite", "Retraité"),
    }
}

slug_enum! {
    /// The conventional sector of a libéral doctor.
    pub enum Sector, "Secteur inconnu" {
        Secteur1 => ("1", "Secteur 1"),
        Secteur2Optam => ("2-optam", "Secteur 2 avec OPTAM ou OPTAM-ACO (ex-OPTAM-CO)"),
        Secteur2 => ("2", "Secteur 2 sans OPTAM"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slug_round_trips_through_from_str_and_serde() {
        for p in Profession::ALL {
            assert_eq!(p.slug().parse::<Profession>(), Ok(*p));
            let json = serde_json::to_string(p).unwrap();
            assert_eq!(json, format!("\"{}\"", p.slug()));
            assert_eq!(serde_json::from_str::<Profession>(&json).unwrap(), *p);
        }
        for s in Situation::ALL {
            assert_eq!(s.slug().parse::<Situation>(), Ok(*s));
        }
        for s in Sector::ALL {
            assert_eq!(s.slug().parse::<Sector>(), Ok(*s));
        }
        assert_eq!(Profession::ALL.len(), 9);
        assert_eq!(Situation::ALL.len(), 7);
    }

    #[test]
    fn labels_are_french() {
        assert_eq!(
            Profession::MasseurKinesitherapeute.label(),
            "Masseur-kinésithérapeute"
        );
        assert_eq!(
            Profession::ChirurgienDentiste.label(),
            "Chirurgien-dentiste"
        );
        assert_eq!(Situation::Remplacant.label(), "Remplaçant");
    }

    #[test]
    fn unknown_slug_lists_the_choices() {
        let err = "dentiste".parse::<Profession>().unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("Profession inconnue : « dentiste »"),
            "{msg}"
        );
        assert!(msg.contains("chirurgien-dentiste"), "{msg}");
        assert!(serde_json::from_str::<Sector>("\"3\"").is_err());
    }
}
