//! What the derive emits when the declaration has errors: every error, plus a stub
//! implementation so that code using the provider does not add a cascade of its own errors
//! (thiserror's `fallback.rs`, serde's `dummy.rs`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

/// The errors, and a `Provider` impl that is never run because the crate does not compile.
pub fn provider(input: &DeriveInput, errors: syn::Error) -> TokenStream {
    let errors = errors.to_compile_error();
    let plain_struct =
        matches!(&input.data, syn::Data::Struct(_)) && input.generics.params.is_empty();
    if !plain_struct {
        return errors;
    }
    let ident = &input.ident;
    let name = ident.to_string().to_lowercase();
    let type_name = ident.to_string();
    quote! {
        #errors
        const _: () = {
            use ::auth_runtime::__private as __p;

            #[automatically_derived]
            impl __p::Provider for #ident {
                const INFO: &'static __p::ProviderInfo = &__p::ProviderInfo::__stub(#name, #type_name);

                fn token_request(&self, _: &__p::Grant<'_>) -> __p::Result<__p::TokenRequest, __p::Error> {
                    ::core::unreachable!("the provider declaration has errors")
                }
                fn validity_url(&self) -> __p::Option<__p::Result<__p::Url, __p::Error>> {
                    ::core::unreachable!("the provider declaration has errors")
                }
                fn api_base(&self) -> __p::Option<__p::Result<__p::Url, __p::Error>> {
                    ::core::unreachable!("the provider declaration has errors")
                }
                fn api_headers(&self) -> __p::Vec<(&'static str, __p::WireValue)> {
                    ::core::unreachable!("the provider declaration has errors")
                }
                fn identity(&self) -> ::std::string::String {
                    ::core::unreachable!("the provider declaration has errors")
                }
                fn from_settings(
                    _: &dyn Fn(&str) -> __p::Option<::std::string::String>,
                ) -> __p::Result<Self, __p::SettingsError> {
                    ::core::unreachable!("the provider declaration has errors")
                }
                fn authorize_parts(&self) -> __p::Option<__p::Result<__p::AuthorizeParts, __p::Error>> {
                    ::core::unreachable!("the provider declaration has errors")
                }
            }
        };
    }
}
