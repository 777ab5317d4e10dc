//! The static [`ProviderInfo`]: the declaration as data, for sessions, tools and emulators.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use crate::headers::{FormatPiece, ValuePiece, WrittenHeader};
use crate::model::{
    ApiAuth, AssertionModel, AuthPlace, ConstantParam, ConstantValue, FieldModel, JsonPath, Model,
    Reading,
};
use crate::symbol::{
    BasicEncoding, ClientAuth, Expiry, LoginRateLimitPer, Method, Pkce, RefreshReuse, ResponseBody,
    Word,
};
use crate::template::{Piece, Template};
use auth_vocab::template::Part;

pub fn info(model: &Model<'_>) -> TokenStream {
    let name = &model.name;
    let type_name = model.ident.to_string();
    let grant = word(model.grant);
    let mut keys = Vec::new();
    if let Some(endpoint) = &model.endpoint {
        let (encoding, endpoint) = (word(model.encoding), template(endpoint));
        keys.push(quote!(.request(#encoding, #endpoint)));
    }
    if !is_bearer(&model.api_auth) {
        keys.push(api_auth(&model.api_auth));
    }
    if model.client_auth != ClientAuth::None {
        let (auth, alg) = (word(model.client_auth), word(model.assertion_alg));
        keys.push(quote!(.client_auth(#auth, #alg)));
    }
    if model.grant.signs_assertion() {
        let alg = word(model.assertion_alg);
        keys.push(quote!(.assertion_alg(#alg)));
    }
    if let Some(assertion) = assertion(&model.assertion) {
        keys.push(assertion);
    }
    if model.subject_token_type.is_some() || model.actor_token_type.is_some() {
        let text = |t: &Option<String>| match t {
            Some(t) => quote!(__p::Some(#t)),
            None => quote!(__p::None),
        };
        let (subject, actor) = (
            text(&model.subject_token_type),
            text(&model.actor_token_type),
        );
        keys.push(quote!(.token_types(#subject, #actor)));
    }
    if let Some(name) = &model.settings_file {
        keys.push(quote!(.settings_file(#name)));
    }
    let renew = word(model.renew);
    keys.push(quote!(.renew(#renew)));
    for (key, template) in [
        (quote!(authorize_endpoint), &model.authorize_endpoint),
        (quote!(device_endpoint), &model.device_endpoint),
        (quote!(mtls_endpoint), &model.mtls_endpoint),
        (quote!(validity_endpoint), &model.validity_endpoint),
        (quote!(api_base), &model.api_base),
        (quote!(renew_endpoint), &model.renew_endpoint),
    ] {
        if let Some(t) = template {
            let t = self::template(t);
            keys.push(quote!(.#key(#t)));
        }
    }
    // Only what differs from the builder's defaults: every call is const evaluation and
    // borrow checking, a thousand times over in a crate of a thousand providers.
    let envelope = segments(&model.envelope);
    let success_flag = segments(&model.success_flag);
    let error_message = segments(&model.error_message);
    if !(envelope.is_empty() && success_flag.is_empty() && error_message.is_empty()) {
        keys.push(quote!(.shape(__rt::Shape::new(&[#(#envelope),*], &[#(#success_flag),*], &[#(#error_message),*]))));
    }
    if let Some(sentinel) = &model.refresh_sentinel {
        keys.push(quote!(.refresh_sentinel(#sentinel)));
    }
    if let Some(query) = &model.graphql_query {
        keys.push(quote!(.graphql_query(#query)));
    }
    if let Some((max, per, counted_per)) = model.login_rate_limit {
        keys.push(quote!(.login_rate_limit(#max, #per)));
        if counted_per != LoginRateLimitPer::Identity {
            let counted_per = word(counted_per);
            keys.push(quote!(.login_rate_limit_per(#counted_per)));
        }
    }
    if let Some(grant_type) = &model.grant_type {
        keys.push(quote!(.grant_type(#grant_type)));
    }
    if model.method != Method::Post {
        let method = word(model.method);
        keys.push(quote!(.method(#method)));
    }
    if !is_standard(&model.reading) {
        keys.push(reading(&model.reading));
    }
    if let Some(path) = &model.api_base_from {
        let segments = &path.segments;
        keys.push(quote!(.api_base_from(&[#(#segments),*])));
    }
    if model.pkce != Pkce::None {
        let pkce = word(model.pkce);
        keys.push(quote!(.pkce(#pkce)));
    }
    if model.basic_encoding != BasicEncoding::Form {
        let basic = word(model.basic_encoding);
        keys.push(quote!(.basic_encoding(#basic)));
    }
    if let Some(seconds) = model.refresh_idle_lifetime {
        keys.push(quote!(.refresh_idle_lifetime(#seconds)));
    }
    if model.refresh_reuse != RefreshReuse::Forbidden {
        let reuse = word(model.refresh_reuse);
        keys.push(quote!(.refresh_reuse(#reuse)));
    }
    if model.scope_separator != " " {
        let scope_separator = &model.scope_separator;
        keys.push(quote!(.scope_separator(#scope_separator)));
    }
    if !model.authorize_params.is_empty() {
        let params = model.authorize_params.iter().map(|(k, v)| quote!((#k, #v)));
        keys.push(quote!(.authorize_params(&[#(#params),*])));
    }
    let settings = model.fields.iter().map(setting);
    let token_headers = headers(model, |f| &f.token_header, &model.token_headers);
    let api_headers = headers(model, |f| &f.api_header, &model.api_headers);
    if !(token_headers.is_empty() && api_headers.is_empty()) {
        keys.push(quote!(.headers(&[#(#token_headers),*], &[#(#api_headers),*])));
    }
    if !model.params.is_empty() {
        let params = model.params.iter().map(constant);
        keys.push(quote!(.params(&[#(#params),*])));
    }
    if let Some(step) = &model.second_step {
        let endpoint = template(&step.endpoint);
        let token_param = match &step.token_param {
            Some(name) => quote!(__p::Some(#name)),
            None => quote!(__p::None),
        };
        let params = step.params.iter().map(constant);
        keys.push(
            quote!(.second_step(__rt::SecondStep::new(#endpoint, #token_param, &[#(#params),*]))),
        );
    }
    if model.basic_user.is_some() || model.basic_password.is_some() {
        let half = |half: &Option<WrittenHeader>| match half {
            Some(half) => {
                let pieces = written(model, &half.pieces);
                quote!(__p::Some(&[#(#pieces),*]))
            }
            None => quote!(__p::None),
        };
        let (user, password) = (half(&model.basic_user), half(&model.basic_password));
        keys.push(quote!(.basic_halves(#user, #password)));
    }
    quote! {
        __p::InfoBuilder::new(#name, #type_name, #grant)
            #(#keys)*
            .settings(&[#(#settings),*])
            .build()
    }
}

/// `.assertion(…)`: the constant claims, the audience and the lifetime, where any is declared.
fn assertion(assertion: &AssertionModel) -> Option<TokenStream> {
    if assertion.claims.is_empty() && assertion.audience.is_none() && assertion.lifetime.is_none() {
        return None;
    }
    let audience = match &assertion.audience {
        Some(t) => {
            let t = template(t);
            quote!(__p::Some(#t))
        }
        None => quote!(__p::None),
    };
    let lifetime = assertion.lifetime.unwrap_or(0);
    let claims = assertion.claims.iter().map(constant);
    Some(quote!(.assertion(__rt::AssertionInfo::new(#audience, #lifetime, &[#(#claims),*]))))
}

/// A constant parameter: `("audience", __p::Constant::Text("…"))`.
fn constant(param: &ConstantParam) -> TokenStream {
    let name = &param.name;
    let value = match &param.value {
        ConstantValue::Text(text) => quote!(__p::Constant::Text(#text)),
        ConstantValue::Bool(b) => quote!(__p::Constant::Bool(#b)),
        ConstantValue::Integer(n) => quote!(__p::Constant::Integer(#n)),
    };
    quote!((#name, #value))
}

/// A field as a setting: its type's properties, its role, and the parameter it is sent as.
fn setting(field: &FieldModel<'_>) -> TokenStream {
    let name = field.ident.to_string();
    let ty = field.ty;
    let rust_type = quote!(#ty).to_string().replace(' ', "");
    let role = field.role.map(|role| {
        let role = word(role);
        quote!(.with_role(#role))
    });
    let sent = field.wire_name.as_ref().map(|wire_name| {
        let on_refresh = field.on_refresh;
        quote!(.sent_as(#wire_name, #on_refresh))
    });
    let claim = field.claim.as_ref().map(|claim| quote!(.claim(#claim)));
    quote_spanned! {ty.span()=>
        __p::setting::<#ty>(#name, #rust_type)#role #sent #claim
    }
}

/// The headers of one side (token requests or API calls): each field's own header, in field
/// order, then those written out.
fn headers<'m>(
    model: &'m Model<'_>,
    of_field: impl Fn(&'m FieldModel<'_>) -> &'m Option<String>,
    written_out: &'m [WrittenHeader],
) -> Vec<TokenStream> {
    let from_fields = model
        .fields
        .iter()
        .enumerate()
        .filter_map(|(index, field)| {
            let name = of_field(field).as_deref()?;
            Some(quote!(__p::HeaderInfo::new(#name, &[__p::Written::Field(#index)])))
        });
    let written_out = written_out.iter().map(|header| {
        let name = &header.name;
        let pieces = written(model, &header.pieces);
        quote!(__p::HeaderInfo::new(#name, &[#(#pieces),*]))
    });
    from_fields.chain(written_out).collect()
}

/// A value written out, as the runtime's pieces: text, and fields by index.
fn written(model: &Model<'_>, pieces: &[ValuePiece]) -> Vec<TokenStream> {
    pieces
        .iter()
        .filter_map(|piece| match piece {
            ValuePiece::Text(text) => Some(quote!(__p::Written::Text(#text))),
            ValuePiece::Field(name) => {
                let index = model.fields.iter().position(|f| f.ident == name)?;
                Some(quote!(__p::Written::Field(#index)))
            }
        })
        .collect()
}

/// Whether the credential goes where RFC 6750 puts it: `Authorization: <type> <token>`.
fn is_bearer(auth: &ApiAuth) -> bool {
    matches!(&auth.place, AuthPlace::Header(name) if name == "Authorization")
        && auth.format
            == [
                FormatPiece::TokenType,
                FormatPiece::Text(" ".to_owned()),
                FormatPiece::Token,
            ]
}

/// Whether the response is read as RFC 6749 says, with nothing declared.
fn is_standard(reading: &Reading) -> bool {
    reading.access_token.is_none()
        && reading.refresh_token.is_none()
        && reading.expiry == Expiry::Seconds
        && reading.expiry_path.is_none()
        && reading.lifetime.is_none()
        && reading.body == ResponseBody::Json
}

/// `.reading(…)`: where the token object keeps its parts, and what it says of expiry.
fn reading(reading: &Reading) -> TokenStream {
    let access_token = segments(&reading.access_token);
    let refresh_token = segments(&reading.refresh_token);
    let expiry_path = segments(&reading.expiry_path);
    let expiry = word(reading.expiry);
    let body = word(reading.body);
    let lifetime = reading.lifetime.unwrap_or(0);
    quote! {
        .reading(__rt::Reading::new(
            &[#(#access_token),*],
            &[#(#refresh_token),*],
            #expiry,
            &[#(#expiry_path),*],
            #lifetime,
            #body,
        ))
    }
}

/// `.api_auth(…)`: where API calls carry the credential, and its format.
fn api_auth(auth: &ApiAuth) -> TokenStream {
    let place = match &auth.place {
        AuthPlace::Header(name) => quote!(__rt::AuthPlace::Header(#name)),
        AuthPlace::Query(name) => quote!(__rt::AuthPlace::Query(#name)),
    };
    let format = auth.format.iter().map(|piece| match piece {
        FormatPiece::Text(text) => quote!(__rt::AuthFormat::Text(#text)),
        FormatPiece::Token => quote!(__rt::AuthFormat::Token),
        FormatPiece::TokenType => quote!(__rt::AuthFormat::TokenType),
    });
    quote!(.api_auth(__rt::ApiAuth::new(#place, &[#(#format),*])))
}

/// A word of the vocabulary as the runtime's value: `__rt::Grant::Password`.
pub fn word<W: Word>(word: W) -> TokenStream {
    let ty = syn::Ident::new(W::TYPE, proc_macro2::Span::call_site());
    let variant = syn::Ident::new(word.variant(), proc_macro2::Span::call_site());
    quote!(__rt::#ty::#variant)
}

/// A template, already split: `__p::Template::new("https://{a}.x/t", &[…])`.
pub fn template(template: &Template) -> TokenStream {
    let text = &template.lit;
    let pieces = template.pieces.iter().map(|piece| match piece {
        Piece::Text(text) => quote!(__p::Piece::Text(#text)),
        Piece::Field(name, part) => {
            let part = syn::Ident::new(part_name(*part), proc_macro2::Span::call_site());
            quote!(__p::Piece::Field { name: #name, part: __p::Part::#part })
        }
    });
    quote!(__p::Template::new(#text, &[#(#pieces),*]))
}

fn part_name(part: Part) -> &'static str {
    match part {
        Part::Host => "Host",
        Part::Path => "Path",
        Part::Query => "Query",
    }
}

/// A declared path's segments; none when it is not declared.
fn segments(path: &Option<JsonPath>) -> &[String] {
    path.as_ref().map_or(&[], |path| &path.segments[..])
}
