//! What the derive emits when the declaration has errors: every error, plus a stub
//! implementation so that code using the provider does not add a cascade of its own errors
//! (thiserror's `fallback.rs`, serde's `dummy.rs`).

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
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
    let version = crate::version::check();
    let assertions = type_assertions(input);
    quote! {
        #errors
        const _: () = {
            use ::auth_runtime::__private as __p;
            use ::auth_runtime as __rt;

            #version
            #assertions

            #[automatically_derived]
            impl __rt::Provider for #ident {
                const INFO: &'static __rt::ProviderInfo =
                    &__p::InfoBuilder::new(#name, #type_name, __rt::Grant::Custom).build();
            }

            #[automatically_derived]
            impl __p::Declaration for #ident {
                fn value(&self, _: usize) -> __p::Option<__p::WireValue> {
                    ::core::unreachable!("the provider declaration has errors")
                }
                fn read_settings(
                    _: &dyn Fn(&str) -> __p::Option<::std::string::String>,
                ) -> __p::Result<Self, __rt::SettingsError> {
                    ::core::unreachable!("the provider declaration has errors")
                }
            }
        };
    }
}

/// What the implementation would check of each field's type, checked beside the errors, so
/// that one compile shows a type mistake too: every field's type can be a setting, and a field
/// whose role holds a secret has a secret type. Roles are read again here, leniently: a field
/// whose own attribute does not parse is left to its error.
fn type_assertions(input: &DeriveInput) -> TokenStream {
    let syn::Data::Struct(data) = &input.data else {
        return TokenStream::new();
    };
    let checks = data.fields.iter().map(|field| {
        let ty = &field.ty;
        let secret = crate::attr::declared_role(field).is_some_and(|role| role.is_secret());
        if secret {
            quote_spanned!(ty.span()=> __p::assert_secret::<#ty>();)
        } else {
            quote_spanned!(ty.span()=> __p::assert_setting::<#ty>();)
        }
    });
    quote! {
        #[allow(dead_code)]
        fn __assert_field_types() {
            #(#checks)*
        }
    }
}
