//! Code generation for `#[derive(Provider)]`, from a checked [`Model`]. One file per thing
//! generated: the fields' accessors, the static description.

mod fields;
mod info;

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::check::check;
use crate::ctxt::Ctxt;
use crate::fallback;
use crate::model::Model;

/// The derive's output for `input`: the implementation, or every error and a stub.
pub fn derive(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::default();
    let model = check(&cx, input);
    match (cx.check(), model) {
        (Ok(()), Some(model)) => provider_impl(&model),
        (Err(errors), _) => fallback::provider(input, errors),
        (Ok(()), None) => fallback::provider(
            input,
            syn::Error::new_spanned(&input.ident, "the declaration could not be checked"),
        ),
    }
}

fn provider_impl(model: &Model<'_>) -> TokenStream {
    let ident = model.ident;
    let info = info::info(model);
    let version = crate::version::check();
    let value_fn = fields::value_fn(model);
    let read_settings = fields::read_settings(model);
    // Signing assertions is a feature of the runtime: without it, this is the one error.
    let needs_jwt = model.signs_assertions().then(|| {
        quote!(
            const _: () = __p::require_private_key_jwt::<()>();
        )
    });
    // Only a token exchange can take its subject from another session (`subject_from`).
    let exchanges = (model.grant == auth_vocab::Grant::TokenExchange).then(|| {
        quote!(
            #[automatically_derived]
            impl __rt::ExchangesTokens for #ident {}
        )
    });
    quote! {
        const _: () = {
            use ::auth_runtime::__private as __p;
            use ::auth_runtime as __rt;

            #version
            #needs_jwt

            #[automatically_derived]
            impl __rt::Provider for #ident {
                const INFO: &'static __rt::ProviderInfo = &#info;
            }

            #[automatically_derived]
            impl __p::Declaration for #ident {
                #value_fn
                #read_settings
            }

            #exchanges
        };
    }
}
