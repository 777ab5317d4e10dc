//! The request builder: which field goes where on the token request, the endpoint filler,
//! and the API-call headers. The OAuth rules themselves live in the runtime's `RequestParts`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use crate::headers::{ValuePiece, WrittenHeader};
use crate::model::{ConstantValue, FieldModel, Model};
use crate::symbol::{Grant, Role};
use crate::template::Template;

/// `fn token_url`: the filled token endpoint.
pub fn token_url(model: &Model<'_>) -> TokenStream {
    let endpoint = match &model.endpoint {
        Some(endpoint) => endpoint_url(endpoint),
        None => no_token_endpoint(),
    };
    quote! {
        fn token_url(&self) -> __p::Result<__rt::Url, __rt::Error> {
            #endpoint
        }
    }
}

/// The error of a static credential asked for its token endpoint.
fn no_token_endpoint() -> TokenStream {
    quote!(__p::Err(__p::no_token_endpoint(
        <Self as __rt::Provider>::INFO.name()
    )))
}

/// `fn token_request`: one runtime call per field that the token request carries.
pub fn token_request(model: &Model<'_>) -> TokenStream {
    if model.endpoint.is_none() {
        let error = no_token_endpoint();
        return quote! {
            fn token_request(
                &self,
                _: &__p::Exchange<'_>,
            ) -> __p::Result<__p::TokenRequest, __rt::Error> {
                #error
            }
        };
    }
    let constants = model.params.iter().map(|param| {
        let name = &param.name;
        let value = match &param.value {
            ConstantValue::Text(text) => quote!(__p::WireValue::Fixed(#text)),
            ConstantValue::Bool(b) => quote!(__p::WireValue::Bool(#b)),
            ConstantValue::Integer(n) => quote!(__p::WireValue::Integer(#n)),
        };
        quote!(__parts.param(#name, __p::Sent::Login, __p::Some(#value));)
    });
    let parts = model.fields.iter().filter_map(part);
    let headers = model.fields.iter().filter_map(|f| {
        let name = f.token_header.as_deref()?;
        let value = wire(f, false);
        Some(quote!(__parts.header(#name, #value);))
    });
    let written = model.token_headers.iter().map(|header| {
        let name = &header.name;
        let value = written_value(model, header);
        quote!(__parts.header(#name, #value);)
    });
    quote! {
        fn token_request(
            &self,
            __exchange: &__p::Exchange<'_>,
        ) -> __p::Result<__p::TokenRequest, __rt::Error> {
            let __url = __p::request_url(self, __exchange)?;
            let mut __parts = __p::RequestParts::new(
                <Self as __rt::Provider>::INFO,
                __exchange,
                __url,
            );
            #(#constants)*
            #(#parts)*
            #(#headers)*
            #(#written)*
            __parts.finish()
        }
    }
}

/// The runtime call for one field, if it is sent as a parameter or credential.
fn part(field: &FieldModel<'_>) -> Option<TokenStream> {
    let sent = if field.on_refresh {
        quote!(__p::Sent::LoginAndRefresh)
    } else {
        quote!(__p::Sent::Login)
    };
    Some(match field.role {
        Some(Role::ClientId) => {
            let value = wire(field, false);
            quote!(__parts.client_id(#value);)
        }
        Some(Role::ClientSecret) => {
            let value = wire(field, true);
            quote!(__parts.client_secret(#value);)
        }
        Some(Role::RedirectUri) => {
            let name = field.wire_name.as_deref()?;
            let value = wire(field, false);
            quote!(__parts.redirect_uri(#name, #value, #sent);)
        }
        Some(Role::PrivateKey) => {
            let value = wire(field, true);
            quote!(__parts.private_key(#value);)
        }
        Some(Role::BaseUrl) => return None,
        role => {
            let name = field.wire_name.as_deref()?;
            let value = wire(field, role == Some(Role::Password));
            quote!(__parts.param(#name, #sent, #value);)
        }
    })
}

/// `self.field` as a wire value, spanned on the field's type so that a type that cannot be
/// sent (or a secret role on a non-secret type) is reported there.
fn wire(field: &FieldModel<'_>, secret: bool) -> TokenStream {
    let ident = field.ident;
    let ty = field.ty;
    if secret {
        quote_spanned!(ty.span()=> __p::secret_to_wire::<#ty>(&self.#ident))
    } else {
        quote_spanned!(ty.span()=> __p::to_wire::<#ty>(&self.#ident))
    }
}

/// The URL of `template` for `self`, as a `Result`. A template with neither placeholders nor a
/// base URL is the same URL every time, so it is parsed once, into a `static`.
fn endpoint_url(template: &Template) -> TokenStream {
    let lit = &template.lit;
    if is_fixed(template) {
        quote!({
            static __URL: __p::FixedUrl = __p::FixedUrl::new(#lit);
            __URL.url()
        })
    } else {
        let template = super::info::template(template);
        quote!(__endpoint(self, &#template))
    }
}

/// Whether `template` is the same URL whatever the fields hold.
fn is_fixed(template: &Template) -> bool {
    template.placeholders().next().is_none() && !template.relative
}

/// `fn __endpoint`: fills any of the provider's templates from its fields; nothing when every
/// template is fixed.
pub fn endpoint_fn(model: &Model<'_>) -> TokenStream {
    if model.templates().all(is_fixed) {
        return TokenStream::new();
    }
    let ident = model.ident;
    let mut names: Vec<&str> = model.templates().flat_map(Template::placeholders).collect();
    names.sort();
    names.dedup();
    let fields: Vec<&FieldModel<'_>> = names
        .iter()
        .filter_map(|n| model.fields.iter().find(|f| f.ident == n))
        .collect();
    let locals = fields.iter().map(|f| {
        let local = quote::format_ident!("__v_{}", f.ident);
        let ident = f.ident;
        let ty = f.ty;
        quote_spanned!(ty.span()=> let #local = __p::to_wire::<#ty>(&this.#ident);)
    });
    let bindings = fields.iter().map(|f| {
        let local = quote::format_ident!("__v_{}", f.ident);
        let name = f.ident.to_string();
        quote!(__p::Binding { name: #name, value: #local.as_ref() })
    });
    let base = match model.field_with(Role::BaseUrl) {
        Some(f) => {
            let ident = f.ident;
            let ty = f.ty;
            let name = ident.to_string();
            quote_spanned!(ty.span()=> {
                let __base = __p::to_wire::<#ty>(&this.#ident);
                __p::fill(__template, __p::Some(__p::Binding { name: #name, value: __base.as_ref() }), &[#(#bindings),*])
            })
        }
        None => quote!(__p::fill(__template, __p::None, &[#(#bindings),*])),
    };
    quote! {
        fn __endpoint(this: &#ident, __template: &__p::Template) -> __p::Result<__rt::Url, __rt::Error> {
            #(#locals)*
            #base
        }
    }
}

/// `fn validity_url`, `fn api_base` and `fn renew_url`, where declared.
pub fn optional_urls(model: &Model<'_>) -> TokenStream {
    // An endpoint not declared keeps the trait's default: none.
    let url = |name: TokenStream, template: &Option<Template>| {
        let url = endpoint_url(template.as_ref()?);
        Some(quote! {
            fn #name(&self) -> __p::Option<__p::Result<__rt::Url, __rt::Error>> {
                __p::Some(#url)
            }
        })
    };
    let validity = url(quote!(validity_url), &model.validity_endpoint);
    let api_base = url(quote!(api_base), &model.api_base);
    let renew = url(quote!(renew_url), &model.renew_endpoint);
    quote!(#validity #api_base #renew)
}

/// `fn authorize_parts`: what the authorize URL is built from.
pub fn authorize_parts(model: &Model<'_>) -> TokenStream {
    let Some(template) = &model.authorize_endpoint else {
        return TokenStream::new(); // The default: no code flow.
    };
    let url = endpoint_url(template);
    let role = |role: Role| match model.field_with(role) {
        Some(field) => wire(field, false),
        None => quote!(__p::None),
    };
    let client_id = role(Role::ClientId);
    let redirect_uri = role(Role::RedirectUri);
    let scope = role(Role::Scope);
    quote! {
        fn authorize_parts(&self) -> __p::Option<__p::Result<__p::AuthorizeParts, __rt::Error>> {
            __p::Some(#url.map(|__url| __p::AuthorizeParts {
                url: __url,
                client_id: #client_id,
                redirect_uri: #redirect_uri,
                scope: #scope,
            }))
        }
    }
}

/// `fn read_settings`: every field read from its setting, every problem collected.
pub fn read_settings(model: &Model<'_>) -> TokenStream {
    let ident = model.ident;
    let reads = model.fields.iter().map(|f| {
        let field = f.ident;
        let name = f.ident.to_string();
        let ty = f.ty;
        quote_spanned!(ty.span()=> let #field = __p::read_setting::<#ty>(#name, __source, &mut __problems);)
    });
    let names: Vec<_> = model.fields.iter().map(|f| f.ident).collect();
    quote! {
        fn read_settings(
            __source: &dyn Fn(&str) -> __p::Option<::std::string::String>,
        ) -> __p::Result<Self, __rt::SettingsError> {
            let mut __problems = __p::Vec::new();
            #(#reads)*
            match (#(#names,)*) {
                (#(__p::Some(#names),)*) => __p::Ok(#ident { #(#names),* }),
                _ => __p::Err(__rt::SettingsError {
                    provider: <Self as __rt::Provider>::INFO.name(),
                    problems: __problems,
                }),
            }
        }
    }
}

/// `fn identity`: every field's value, secrets left out by the runtime.
pub fn identity(model: &Model<'_>) -> TokenStream {
    let pairs = model.fields.iter().map(|f| {
        let name = f.ident.to_string();
        let value = wire(f, false);
        quote!((#name, #value))
    });
    quote! {
        fn identity(&self) -> ::std::string::String {
            __p::identity(&[#(#pairs),*])
        }
    }
}

/// The value of a header written out on the struct, from its pieces.
fn written_value(model: &Model<'_>, header: &WrittenHeader) -> TokenStream {
    let pieces = header.pieces.iter().filter_map(|piece| match piece {
        ValuePiece::Text(text) => Some(quote!(__p::Written::Text(#text))),
        ValuePiece::Field(name) => {
            let field = model.fields.iter().find(|f| f.ident == name)?;
            let value = wire(field, false);
            Some(quote!(__p::Written::Field(#value)))
        }
    });
    quote!(__p::written_header(::std::vec![#(#pieces),*]))
}

/// `fn static_credential`: the key, or HTTP Basic's user name and password, for a provider
/// without a token endpoint.
pub fn static_credential(model: &Model<'_>) -> TokenStream {
    let role = |role: Role, secret: bool| match model.field_with(role) {
        Some(field) => wire(field, secret),
        None => quote!(__p::None),
    };
    let credential = match model.grant {
        Grant::ApiKey => {
            let key = role(Role::ApiKey, true);
            quote!(__p::Some(__p::api_key_credential(#key)))
        }
        Grant::Basic => {
            let written = |half: &Option<WrittenHeader>, role_value| match half {
                Some(half) => written_value(model, half),
                None => role_value,
            };
            let username = written(&model.basic_user, role(Role::Username, false));
            let password = written(&model.basic_password, role(Role::Password, true));
            quote!(__p::Some(__p::basic_credential(#username, #password)))
        }
        _ => return TokenStream::new(), // The default: none.
    };
    quote! {
        fn static_credential(&self) -> __p::Option<__p::Result<__rt::Token, __rt::Error>> {
            #credential
        }
    }
}

/// `fn api_headers`: the fields declared `api_header`, and the headers written out.
pub fn api_headers(model: &Model<'_>) -> TokenStream {
    let pushes = model.fields.iter().filter_map(|f| {
        let name = f.api_header.as_deref()?;
        let value = wire(f, false);
        Some(quote! {
            if let __p::Some(__value) = #value {
                __headers.push((#name, __value));
            }
        })
    });
    let written = model.api_headers.iter().map(|header| {
        let name = &header.name;
        let value = written_value(model, header);
        quote! {
            if let __p::Some(__value) = #value {
                __headers.push((#name, __value));
            }
        }
    });
    let from_fields = model.fields.iter().any(|f| f.api_header.is_some());
    if !from_fields && model.api_headers.is_empty() {
        return TokenStream::new(); // The default: none.
    }
    quote! {
        fn api_headers(&self) -> __p::Vec<(&'static str, __p::WireValue)> {
            #[allow(unused_mut)]
            let mut __headers = __p::Vec::new();
            #(#pushes)*
            #(#written)*
            __headers
        }
    }
}
