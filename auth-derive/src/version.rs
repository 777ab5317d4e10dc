//! The check that generated code and the runtime it names are one version.

use proc_macro2::TokenStream;
use quote::quote;

/// A check that the runtime is the version this derive was built for: the runtime pins the
/// derive exactly, but a crate that depends on `auth-derive` directly could pair two versions,
/// and the generated code names runtime internals. A mismatch is one clear type error naming
/// both versions, instead of a cascade of missing items.
pub fn check() -> TokenStream {
    let major: u32 = env!("CARGO_PKG_VERSION_MAJOR").parse().unwrap_or(0);
    let minor: u32 = env!("CARGO_PKG_VERSION_MINOR").parse().unwrap_or(0);
    let patch: u32 = env!("CARGO_PKG_VERSION_PATCH").parse().unwrap_or(0);
    quote! {
        const _: __p::AuthDeriveVersion<#major, #minor, #patch> = __p::RUNTIME_EXPECTS_AUTH_DERIVE;
    }
}
