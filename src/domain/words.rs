//! One way to write a closed list of words as an enum: [`word_enum!`] gives it `ALL`,
//! `as_str`, `parse`, `Display`, comparison with text, and serde and OpenAPI as the word, so
//! each word is written once.

/// A value of a closed list of words (implemented by [`word_enum!`]), for code that handles
/// any such list: parsing a request parameter, listing the choices in an error.
pub trait Word: Sized + Copy + 'static {
    /// Every value, in declaration order.
    const ALL_WORDS: &'static [Self];
    /// The word.
    fn word(self) -> &'static str;
}

/// Defines an enum whose variants are fixed words:
///
/// ```ignore
/// word_enum! {
///     /// How severe a finding is.
///     pub enum Severity {
///         /// Worth a look.
///         Low = "low",
///         High = "high",
///     }
/// }
/// ```
///
/// Variants are ordered as declared (`Low < High`).
#[macro_export]
macro_rules! word_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $word:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            serde::Serialize,
            serde::Deserialize,
            utoipa::ToSchema,
        )]
        $vis enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $word)] $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; [$($word),+].len()] = [$($name::$variant),+];

            /// The word.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }

            /// The value of a word, if it is one.
            pub fn parse(word: &str) -> Option<Self> {
                match word {
                    $($word => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl $crate::domain::words::Word for $name {
            const ALL_WORDS: &'static [Self] = &Self::ALL;
            fn word(self) -> &'static str {
                self.as_str()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Compares with the word (`value == "word"`), as callers holding text do.
        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        /// Compares with the word.
        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }
    };
}
