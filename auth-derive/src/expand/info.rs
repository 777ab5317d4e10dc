//! The static [`ProviderInfo`]: the declaration as data, for sessions, tools and emulators.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use crate::model::{JsonPath, Model};
use crate::symbol::{AssertionAlg, ClientAuth, Encoding, GrantType, Renewal};
use crate::template::Template;

pub fn info(model: &Model<'_>) -> TokenStream {
    let name = &model.name;
    let type_name = model.ident.to_string();
    let grant = grant(model.grant);
    let encoding = encoding(model.encoding);
    let client_auth = client_auth(model);
    let renewal = renewal(model.renewal);
    let token_endpoint = &model.endpoint.lit;
    let authorize_endpoint = option_template(&model.authorize_endpoint);
    let validity_endpoint = option_template(&model.validity_endpoint);
    let api_base = option_template(&model.api_base);
    let envelope = segments(&model.envelope);
    let success_flag = segments(&model.success_flag);
    let error_message = segments(&model.error_message);
    let refresh_sentinel = option_str(model.refresh_sentinel.as_deref());
    let graphql_query = option_str(model.graphql_query.as_deref());
    let rate_limit = match model.login_rate_limit {
        Some((max, per)) => {
            quote!(__p::Some(__p::RateLimit { max: #max, per: __p::Duration::from_secs(#per) }))
        }
        None => quote!(__p::None),
    };
    let settings = model.fields.iter().map(|f| {
        let name = f.ident.to_string();
        let ty = f.ty;
        let rust_type = quote!(#ty).to_string().replace(' ', "");
        quote_spanned! {ty.span()=>
            __p::SettingInfo {
                name: #name,
                rust_type: #rust_type,
                required: <#ty as __p::ToWire>::REQUIRED,
                secret: <#ty as __p::ToWire>::SECRET,
                choices: <#ty as __p::ToWire>::CHOICES,
            }
        }
    });
    let pkce = model.pkce;
    let basic_encoding = if model.basic_raw {
        quote!(__p::BasicEncoding::Raw)
    } else {
        quote!(__p::BasicEncoding::Form)
    };
    let refresh_reuse = model.refresh_reuse;
    let scope_separator = &model.scope_separator;
    let authorize_params = model.authorize_params.iter().map(|(k, v)| quote!((#k, #v)));
    let token_headers = model
        .fields
        .iter()
        .filter_map(|f| f.token_header.as_deref());
    let api_headers = model.fields.iter().filter_map(|f| f.api_header.as_deref());
    quote! {
        __p::ProviderInfo {
            name: #name,
            type_name: #type_name,
            grant: #grant,
            encoding: #encoding,
            client_auth: #client_auth,
            renewal: #renewal,
            token_endpoint: #token_endpoint,
            authorize_endpoint: #authorize_endpoint,
            validity_endpoint: #validity_endpoint,
            api_base: #api_base,
            shape: __p::Shape {
                envelope: &[#(#envelope),*],
                success_flag: &[#(#success_flag),*],
                error_message: &[#(#error_message),*],
            },
            refresh_sentinel: #refresh_sentinel,
            graphql_query: #graphql_query,
            login_rate_limit: #rate_limit,
            pkce: #pkce,
            basic_encoding: #basic_encoding,
            refresh_reuse: #refresh_reuse,
            scope_separator: #scope_separator,
            authorize_params: &[#(#authorize_params),*],
            settings: &[#(#settings),*],
            token_headers: &[#(#token_headers),*],
            api_headers: &[#(#api_headers),*],
        }
    }
}

fn option_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(__p::Some(#v)),
        None => quote!(__p::None),
    }
}

fn option_template(template: &Option<Template>) -> TokenStream {
    option_str(template.as_ref().map(|t| t.lit.value()).as_deref())
}

/// A declared path's segments; none when it is not declared.
fn segments(path: &Option<JsonPath>) -> &[String] {
    path.as_ref().map_or(&[], |path| &path.segments[..])
}

pub fn grant(grant: GrantType) -> TokenStream {
    match grant {
        GrantType::Password => quote!(__p::GrantType::Password),
        GrantType::ClientCredentials => quote!(__p::GrantType::ClientCredentials),
        GrantType::AuthorizationCode => quote!(__p::GrantType::AuthorizationCode),
        GrantType::Login => quote!(__p::GrantType::Login),
    }
}

fn encoding(encoding: Encoding) -> TokenStream {
    match encoding {
        Encoding::Form => quote!(__p::Encoding::Form),
        Encoding::Json => quote!(__p::Encoding::Json),
        Encoding::Query => quote!(__p::Encoding::Query),
        Encoding::Graphql => quote!(__p::Encoding::Graphql),
    }
}

fn client_auth(model: &Model<'_>) -> TokenStream {
    match model.client_auth {
        ClientAuth::None => quote!(__p::ClientAuth::None),
        ClientAuth::Basic => quote!(__p::ClientAuth::Basic),
        ClientAuth::Body => quote!(__p::ClientAuth::Body),
        ClientAuth::PrivateKeyJwt => match model.assertion_alg {
            AssertionAlg::Rs256 => quote!(__p::ClientAuth::PrivateKeyJwt(__p::AssertionAlg::Rs256)),
            AssertionAlg::Es256 => quote!(__p::ClientAuth::PrivateKeyJwt(__p::AssertionAlg::Es256)),
        },
    }
}

fn renewal(renewal: Renewal) -> TokenStream {
    match renewal {
        Renewal::Refresh => quote!(__p::Renewal::Refresh),
        Renewal::Login => quote!(__p::Renewal::Login),
        Renewal::None => quote!(__p::Renewal::None),
    }
}
