//! The two functions generated per provider: each field's value on the wire, by index, and
//! reading every field from its setting. Everything else (which field goes where on a request,
//! URL filling, headers, the identity) is data in `INFO` that the runtime reads, so that a
//! crate of many providers compiles two small functions per provider, not one per request kind.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use crate::model::{FieldModel, Model};

/// `fn value`: field `index`'s value on the wire, in field order (the order of
/// `INFO.settings`).
pub fn value_fn(model: &Model<'_>) -> TokenStream {
    let arms = model.fields.iter().enumerate().map(|(index, field)| {
        let value = wire(field);
        quote!(#index => #value,)
    });
    quote! {
        fn value(&self, __index: usize) -> __p::Option<__p::WireValue> {
            match __index {
                #(#arms)*
                _ => __p::None,
            }
        }
    }
}

/// `self.field` as a wire value, spanned on the field's type so that a type that cannot be
/// sent (or a secret role on a non-secret type) is reported there.
fn wire(field: &FieldModel<'_>) -> TokenStream {
    let ident = field.ident;
    let ty = field.ty;
    if field.role.is_some_and(|role| role.is_secret()) {
        quote_spanned!(ty.span()=> __p::secret_to_wire::<#ty>(&self.#ident))
    } else {
        quote_spanned!(ty.span()=> __p::to_wire::<#ty>(&self.#ident))
    }
}

/// `fn read_settings`: one struct expression, every field read from its setting, every
/// problem collected by the runtime's reader.
pub fn read_settings(model: &Model<'_>) -> TokenStream {
    let ident = model.ident;
    let reads = model.fields.iter().map(|f| {
        let field = f.ident;
        let name = f.ident.to_string();
        let ty = f.ty;
        quote_spanned!(ty.span()=> #field: __p::read_setting::<#ty>(&mut __reader, #name))
    });
    quote! {
        fn read_settings(
            __source: &dyn Fn(&str) -> __p::Option<::std::string::String>,
        ) -> __p::Result<Self, __rt::SettingsError> {
            let mut __reader = __p::SettingsReader::new(__source);
            let __read = #ident { #(#reads),* };
            __reader.finish(<Self as __rt::Provider>::INFO.name(), __read)
        }
    }
}
