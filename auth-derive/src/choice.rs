//! `#[derive(Choice)]`: an enum setting whose variants each stand for a fixed wire value,
//! such as Talkdesk's region naming its host.
//!
//! ```ignore
//! #[derive(Choice, Clone, Copy, Debug)]
//! pub enum Region {
//!     #[oauth(value = "talkdeskid.com")] Us,
//!     #[oauth(value = "talkdeskid.eu")] Eu,
//! }
//! ```

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitStr};

use crate::ctxt::Ctxt;
use crate::suggest::hint;

struct Variant<'a> {
    ident: &'a syn::Ident,
    name: String,
    value: LitStr,
}

/// The derive's output for `input`.
pub fn derive(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::default();
    let variants = variants(&cx, input);
    match cx.check() {
        Ok(()) => expand(input, &variants),
        Err(errors) => errors.to_compile_error(),
    }
}

fn variants<'a>(cx: &Ctxt, input: &'a DeriveInput) -> Vec<Variant<'a>> {
    let Data::Enum(data) = &input.data else {
        cx.error_spanned_by(
            &input.ident,
            "#[derive(Choice)] works on an enum of unit variants, one per choice",
        );
        return Vec::new();
    };
    if !input.generics.params.is_empty() {
        cx.error_spanned_by(
            &input.generics,
            "#[derive(Choice)] does not support generic enums",
        );
    }
    if data.variants.is_empty() {
        cx.error_spanned_by(
            &input.ident,
            "#[derive(Choice)] needs at least one variant, one per choice",
        );
    }
    data.variants
        .iter()
        .filter_map(|v| {
            if !matches!(v.fields, Fields::Unit) {
                cx.error_spanned_by(&v.ident, "a choice is a unit variant: remove its fields");
                return None;
            }
            variant(cx, v)
        })
        .collect()
}

fn variant<'a>(cx: &Ctxt, v: &'a syn::Variant) -> Option<Variant<'a>> {
    let mut value = None;
    let mut name = None;
    for attr in v.attrs.iter().filter(|a| crate::attr::is_ours(a)) {
        let parsed = attr.parse_nested_meta(|meta| {
            let slot = if meta.path.is_ident("value") {
                &mut value
            } else if meta.path.is_ident("name") {
                &mut name
            } else {
                let key = meta
                    .path
                    .get_ident()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                return Err(meta.error(format!(
                    "unknown key `{key}` on a choice{}; the keys are `value` and `name`",
                    hint(&key, &["value", "name"])
                )));
            };
            if slot.is_some() {
                return Err(meta.error("given twice"));
            }
            *slot = Some(meta.value()?.parse::<LitStr>()?);
            Ok(())
        });
        if let Err(error) = parsed {
            cx.syn_error(error);
        }
    }
    let Some(value) = value else {
        cx.error_spanned_by(
            &v.ident,
            "each choice needs its wire value: #[oauth(value = \"…\")]",
        );
        return None;
    };
    Some(Variant {
        ident: &v.ident,
        name: name.map_or_else(|| v.ident.to_string().to_lowercase(), |n| n.value()),
        value,
    })
}

fn expand(input: &DeriveInput, variants: &[Variant<'_>]) -> TokenStream {
    let ident = &input.ident;
    let what = ident.to_string().to_lowercase();
    let idents: Vec<_> = variants.iter().map(|v| v.ident).collect();
    let names: Vec<_> = variants.iter().map(|v| &v.name).collect();
    let values: Vec<_> = variants.iter().map(|v| &v.value).collect();
    // Checked: a choice has at least one variant.
    let first = idents.first();
    let expected = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    quote! {
        const _: () = {
            use ::auth_runtime::__private as __p;

            #[automatically_derived]
            impl ::auth_runtime::Choice for #ident {
                const ALL: &'static [Self] = &[#(#ident::#idents),*];
                fn name(&self) -> &'static str {
                    match self { #(#ident::#idents => #names,)* }
                }
                fn wire_value(&self) -> &'static str {
                    match self { #(#ident::#idents => #values,)* }
                }
            }

            #[automatically_derived]
            impl __p::ToWire for #ident {
                const CHOICES: &'static [&'static str] = &[#(#names),*];
                fn to_wire(&self) -> __p::Option<__p::WireValue> {
                    __p::Some(__p::WireValue::Fixed(<Self as ::auth_runtime::Choice>::wire_value(self)))
                }
            }

            #[automatically_derived]
            impl __p::FromSetting for #ident {
                fn from_setting(__text: __p::Option<&str>) -> __p::Result<Self, ::std::string::String> {
                    let __text = __text.ok_or_else(|| ::std::string::String::from("is required"))?;
                    <Self as ::auth_runtime::Choice>::from_name(__text).ok_or_else(|| {
                        ::std::format!("must be one of {}", #expected)
                    })
                }
                fn placeholder() -> Self {
                    #ident::#first
                }
            }

            #[automatically_derived]
            impl ::core::str::FromStr for #ident {
                type Err = ::std::string::String;
                fn from_str(__s: &str) -> __p::Result<Self, ::std::string::String> {
                    <Self as ::auth_runtime::Choice>::from_name(__s).ok_or_else(|| {
                        ::std::format!("unknown {} `{}`: expected {}", #what, __s, #expected)
                    })
                }
            }

            #[automatically_derived]
            impl ::core::fmt::Display for #ident {
                fn fmt(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    __f.write_str(<Self as ::auth_runtime::Choice>::name(self))
                }
            }
        };
    }
}
