//! What every word of the vocabulary has: its key, its spellings and its Rust name.

/// A closed set of values a declaration key takes (`grant` takes `password`, …).
pub trait Word: Copy + Eq + core::fmt::Debug + 'static {
    /// The attribute key that takes this word (`grant`), or for field roles, `role`.
    const KEY: &'static str;

    /// The enum's name (`Grant`), for code generation.
    const TYPE: &'static str;

    /// Every value, in the order messages list them.
    const ALL: &'static [Self];

    /// How a declaration writes this value (`client_credentials`).
    fn spelling(self) -> &'static str;

    /// The enum variant's name (`ClientCredentials`), for code generation.
    fn variant(self) -> &'static str;

    /// The value a declaration wrote, if it is one of [`Word::ALL`]; case matters.
    fn from_spelling(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|w| w.spelling() == text)
    }
}

/// Defines a word: the enum, its doc, each variant's spelling and doc, and its [`Word`] impl.
macro_rules! word {
    (
        $(#[$meta:meta])*
        pub enum $name:ident in $key:path {
            $( $(#[$vmeta:meta])* $variant:ident = $spelling:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $crate::Word for $name {
            const KEY: &'static str = $key;
            const TYPE: &'static str = stringify!($name);
            const ALL: &'static [Self] = &[$($name::$variant),+];

            fn spelling(self) -> &'static str {
                match self { $($name::$variant => $spelling,)+ }
            }

            fn variant(self) -> &'static str {
                match self { $($name::$variant => stringify!($variant),)+ }
            }
        }

        impl core::fmt::Display for $name {
            /// The value as a declaration spells it.
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str($crate::Word::spelling(*self))
            }
        }
    };
}

pub(crate) use word;
