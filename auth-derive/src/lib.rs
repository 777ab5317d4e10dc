//! `#[derive(Provider)]`: a provider's token endpoint declared in one annotated struct,
//! checked at compile time. Use it through `auth_runtime`, which re-exports it.
//!
//! The macro runs in three stages, one module each: `attr` reads the attributes, `check`
//! validates them together and builds a `model` (collecting every error in a `ctxt`), and
//! `expand` writes the implementation; on errors, `fallback` writes a stub beside them.

mod attr;
mod build;
mod check;
mod choice;
mod ctxt;
mod expand;
mod fallback;
mod headers;
mod model;
mod suggest;
mod symbol;
mod template;
mod version;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

#[doc = include_str!("reference.md")]
#[proc_macro_derive(Provider, attributes(oauth, auth))]
pub fn derive_provider(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}

/// Implements `auth_runtime::Choice` (and `FromStr`, `Display`) for an enum setting whose
/// variants each carry `#[oauth(value = "...")]`.
#[proc_macro_derive(Choice, attributes(oauth, auth))]
pub fn derive_choice(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    choice::derive(&input).into()
}
