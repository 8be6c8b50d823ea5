//! Closed lists with a stable slug per variant: the `slug_enum!` macro and the error of a slug
//! that names no variant. The slug is what URLs, JSON, rule files and the database hold; the
//! database layer maps it to text columns (`db::slug_columns`), so a row carries the enum, never a
//! string to parse again.

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
            type Err = $crate::domain::slug::UnknownSlug;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.slug().eq_ignore_ascii_case(wanted))
                    .ok_or_else(|| $crate::domain::slug::UnknownSlug {
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
