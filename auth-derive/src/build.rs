//! The first stage after reading attributes: every key resolved into a [`Model`], with the
//! errors of each key on its own (a missing key, a template or path that does not parse, a
//! field's own attributes). What holds across keys is for the checks (`check/`), which run on
//! the [`Declaration`] this builds.

use syn::{Data, DeriveInput, Fields, LitStr};

use crate::attr::{Attr, Container, FieldAttrs};
use crate::ctxt::Ctxt;
use crate::headers::{self, FormatPiece, WrittenHeader};
use crate::model::{
    ApiAuth, AssertionModel, AuthPlace, ConstantParam, ConstantValue, FieldModel, JsonPath, Model,
    Reading, SecondStep,
};
use crate::symbol::*;
use crate::template::{self, Template};
use auth_vocab::has_code_flow;

/// A declaration as read: its attributes, its fields with theirs, and the model built from
/// them, with what the checks need to know of what was refused already.
pub struct Declaration<'a> {
    pub input: &'a DeriveInput,
    pub attrs: Container,
    pub fields: Vec<(&'a syn::Field, FieldAttrs)>,
    pub model: Model<'a>,
    /// Whether it is a struct with named fields and no generics.
    pub shape_ok: bool,
    /// Whether grant, encoding and endpoint were all accepted.
    pub complete: bool,
    /// Whether every declared template parsed (a refused one hides its placeholders).
    pub templates_ok: bool,
}

/// Reads `input` into a [`Declaration`]; errors go to `cx`, and what was refused is stood in
/// for, so that the checks still run and one compile shows every mistake.
pub fn declaration<'a>(cx: &Ctxt, input: &'a DeriveInput) -> Declaration<'a> {
    let named = check_shape(cx, input);
    let shape_ok = named.is_some() && input.generics.params.is_empty();
    let attrs = Container::from_attrs(cx, &input.attrs);
    let fields: Vec<(&syn::Field, FieldAttrs)> = named
        .into_iter()
        .flatten()
        .map(|f| (f, FieldAttrs::from_attrs(cx, &f.attrs)))
        .collect();
    let grant = required(cx, input, &attrs.grant, GRANT).map(|(_, g)| *g);
    // A static credential has no token request: nothing to encode, nowhere to send it.
    let has_request = !grant.is_some_and(Grant::is_static);
    let encoding = if has_request {
        required(cx, input, &attrs.encoding, ENCODING).map(|(_, e)| *e)
    } else {
        attrs.encoding.get().map(|(_, e)| *e)
    };
    let endpoints = Endpoints::read(cx, input, &attrs, has_request);
    let [envelope, success_flag, error_message] = [
        (&attrs.envelope, ENVELOPE),
        (&attrs.success_flag, SUCCESS_FLAG),
        (&attrs.error_message, ERROR_MESSAGE),
    ]
    .map(|(attr, key)| json_path(cx, attr, key));
    let field_models: Vec<FieldModel<'a>> = fields
        .iter()
        .filter_map(|(f, a)| field_model(cx, f, a))
        .collect();
    // A bad grant, encoding or endpoint was reported already; the checks that do not depend
    // on it still run on a stand-in, so that one compile shows every other mistake too.
    let complete =
        grant.is_some() && (!has_request || (encoding.is_some() && endpoints.endpoint.is_some()));
    let templates_ok = endpoints.all_parsed;
    let grant = grant.unwrap_or(Grant::Custom);
    let code_flow = attrs.authorize_endpoint.get().is_some();
    let model = Model {
        ident: &input.ident,
        name: provider_name(cx, input, &attrs),
        grant,
        encoding: encoding.unwrap_or(Encoding::Json),
        client_auth: declared_or(&attrs.client_auth, ClientAuth::None),
        renew: renewal(cx, &attrs, grant, endpoints.second.is_some()),
        endpoint: match endpoints.endpoint {
            Some(endpoint) => Some(endpoint),
            None if has_request => Some(Template::stand_in(input.ident.span())),
            None => None,
        },
        authorize_endpoint: endpoints.authorize,
        device_endpoint: endpoints.device,
        mtls_endpoint: endpoints.mtls,
        validity_endpoint: endpoints.validity,
        api_base: endpoints.api_base,
        renew_endpoint: endpoints.renew,
        envelope,
        success_flag,
        error_message,
        refresh_sentinel: check_sentinel(cx, &attrs),
        graphql_query: attrs.graphql_query.get().map(LitStr::value),
        login_rate_limit: attrs.login_rate_limit.get().map(|(_, n, s)| {
            (
                *n,
                *s,
                declared_or(&attrs.login_rate_limit_per, LoginRateLimitPer::Identity),
            )
        }),
        // A challenge only where there is an authorize request to carry it.
        pkce: if code_flow {
            declared_or(&attrs.pkce, Pkce::S256)
        } else {
            Pkce::None
        },
        basic_encoding: declared_or(&attrs.basic_encoding, BasicEncoding::Form),
        refresh_reuse: declared_or(&attrs.refresh_reuse, RefreshReuse::Forbidden),
        refresh_idle_lifetime: attrs
            .refresh_idle_lifetime
            .get()
            .map(|(_, seconds)| *seconds),
        assertion_alg: declared_or(&attrs.assertion_alg, AssertionAlg::Rs256),
        scope_separator: attrs
            .scope_separator
            .get()
            .map_or_else(|| " ".to_owned(), LitStr::value),
        authorize_params: attrs
            .authorize_params
            .get()
            .map(|(_, p)| p.clone())
            .unwrap_or_default(),
        api_auth: api_auth(cx, &attrs),
        token_headers: written_headers(cx, &attrs.token_headers, TOKEN_HEADER),
        api_headers: written_headers(cx, &attrs.api_headers, API_HEADER),
        params: attrs
            .params
            .iter()
            .filter_map(|lit| constant_param(cx, lit, PARAM_CONSTANT))
            .collect(),
        grant_type: attrs.grant_type.get().map(|lit| grant_type(cx, lit)),
        method: declared_or(&attrs.method, Method::Post),
        reading: Reading {
            access_token: json_path(cx, &attrs.access_token_path, ACCESS_TOKEN_PATH),
            refresh_token: json_path(cx, &attrs.refresh_token_path, REFRESH_TOKEN_PATH),
            expiry: declared_or(&attrs.expiry, Expiry::Seconds),
            expiry_path: json_path(cx, &attrs.expiry_path, EXPIRY_PATH),
            lifetime: attrs.lifetime.get().map(|(_, seconds)| *seconds),
            body: declared_or(&attrs.response, ResponseBody::Json),
        },
        api_base_from: json_path(cx, &attrs.api_base_from, API_BASE_FROM),
        basic_user: attrs
            .basic_user
            .get()
            .and_then(|lit| headers::written_value(cx, BASIC_USER, lit)),
        basic_password: attrs
            .basic_password
            .get()
            .and_then(|lit| headers::written_value(cx, BASIC_PASSWORD, lit)),
        second_step: endpoints.second.map(|endpoint| SecondStep {
            endpoint,
            token_param: attrs.second_token_param.get().map(LitStr::value),
            params: attrs
                .second_params
                .iter()
                .filter_map(|lit| constant_param(cx, lit, SECOND_PARAM))
                .collect(),
        }),
        assertion: AssertionModel {
            claims: attrs
                .claims
                .iter()
                .filter_map(|lit| constant_param(cx, lit, CLAIM))
                .collect(),
            audience: endpoints.audience,
            lifetime: attrs.assertion_lifetime.get().map(|(_, seconds)| *seconds),
        },
        settings_file: attrs.settings_file.get().map(|lit| settings_file(cx, lit)),
        subject_token_type: attrs
            .subject_token_type
            .get()
            .map(|lit| grant_type(cx, lit)),
        actor_token_type: attrs.actor_token_type.get().map(|lit| grant_type(cx, lit)),
        fields: field_models,
    };
    Declaration {
        input,
        attrs,
        fields,
        model,
        shape_ok,
        complete,
        templates_ok,
    }
}

/// The word a key declares, or its default when the key is absent (or refused: its error is
/// reported already).
fn declared_or<W: Word>(attr: &Attr<(LitStr, W)>, default: W) -> W {
    attr.get().map_or(default, |(_, word)| *word)
}

/// The declared endpoint templates, each parsed (and its errors reported) on its own.
struct Endpoints {
    endpoint: Option<Template>,
    authorize: Option<Template>,
    validity: Option<Template>,
    api_base: Option<Template>,
    renew: Option<Template>,
    /// The second step of a two-step login.
    second: Option<Template>,
    /// A signed assertion's `aud`.
    audience: Option<Template>,
    /// The device authorization endpoint.
    device: Option<Template>,
    /// The token endpoint's mutual-TLS alias.
    mtls: Option<Template>,
    /// Whether every declared template parsed: a refused one hides its placeholders, and the
    /// fields they name would look unused.
    all_parsed: bool,
}

impl Endpoints {
    fn read(cx: &Ctxt, input: &DeriveInput, attrs: &Container, has_request: bool) -> Endpoints {
        let endpoint = if has_request {
            required(cx, input, &attrs.endpoint, ENDPOINT)
        } else {
            attrs.endpoint.get()
        };
        let endpoint = endpoint.and_then(|lit| template::parse(cx, ENDPOINT, lit));
        let optional =
            |attr: &Attr<LitStr>, key| attr.get().and_then(|l| template::parse(cx, key, l));
        let authorize = optional(&attrs.authorize_endpoint, AUTHORIZE_ENDPOINT);
        let validity = optional(&attrs.validity_endpoint, VALIDITY_ENDPOINT);
        let api_base = optional(&attrs.api_base, API_BASE);
        let renew = optional(&attrs.renew_endpoint, RENEW_ENDPOINT);
        let second = optional(&attrs.second_step, SECOND_STEP);
        let audience = optional(&attrs.assertion_audience, ASSERTION_AUDIENCE);
        let device = optional(&attrs.device_endpoint, DEVICE_ENDPOINT);
        let mtls = optional(&attrs.mtls_endpoint, MTLS_ENDPOINT);
        let all_parsed = [
            (&attrs.endpoint, &endpoint),
            (&attrs.authorize_endpoint, &authorize),
            (&attrs.validity_endpoint, &validity),
            (&attrs.api_base, &api_base),
            (&attrs.renew_endpoint, &renew),
            (&attrs.second_step, &second),
            (&attrs.assertion_audience, &audience),
            (&attrs.device_endpoint, &device),
            (&attrs.mtls_endpoint, &mtls),
        ]
        .iter()
        .all(|(given, parsed)| given.get().is_none() || parsed.is_some());
        Endpoints {
            endpoint,
            authorize,
            validity,
            api_base,
            renew,
            second,
            audience,
            device,
            mtls,
            all_parsed,
        }
    }
}

/// A declared dotted path into the response, checked.
fn json_path(cx: &Ctxt, attr: &Attr<LitStr>, key: &str) -> Option<JsonPath> {
    let lit = attr.get()?;
    template::path(cx, key, lit).map(|segments| JsonPath {
        lit: lit.clone(),
        segments,
    })
}

/// A provider is a struct with named fields and no generics.
fn check_shape<'a>(
    cx: &Ctxt,
    input: &'a DeriveInput,
) -> Option<&'a syn::punctuated::Punctuated<syn::Field, syn::Token![,]>> {
    if !input.generics.params.is_empty() {
        cx.error_spanned_by(
            &input.generics,
            "#[derive(Provider)] does not support generic structs: declare one concrete struct per provider",
        );
    }
    let (what, span) = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => return Some(&named.named),
            Fields::Unnamed(_) => ("a tuple struct", input.ident.span()),
            Fields::Unit => ("a unit struct", input.ident.span()),
        },
        Data::Enum(e) => ("an enum", e.enum_token.span),
        Data::Union(u) => ("a union", u.union_token.span),
    };
    cx.error_at(
        span,
        format!(
            "#[derive(Provider)] works on a struct with named fields, not on {what}: one field per setting (username, password, …)"
        ),
    );
    None
}

fn required<'b, T>(cx: &Ctxt, input: &DeriveInput, attr: &'b Attr<T>, key: &str) -> Option<&'b T> {
    if !attr.was_given() {
        cx.error_spanned_by(
            &input.ident,
            format!(
                "missing `{key}`: add #[oauth({key} = \"{}\")] to the struct",
                example(key)
            ),
        );
    }
    attr.get()
}

fn field_model<'a>(cx: &Ctxt, field: &'a syn::Field, attrs: &FieldAttrs) -> Option<FieldModel<'a>> {
    let ident = field.ident.as_ref()?;
    let role = attrs.role.get().copied();
    let param = attrs.param.get();
    if let (Some(role), Some(span)) = (role, attrs.param.span()) {
        cx.error_at(
            span,
            format!(
                "a field is either a role or a param, and this one is already `{}`",
                role.spelling()
            ),
        );
    }
    let renamable = matches!(
        role,
        Some(Role::Username | Role::Password | Role::Scope | Role::RedirectUri)
    );
    if let (Some(lit), false) = (attrs.rename.get(), renamable) {
        let fix = if param.is_some() {
            "write param = \"name\" instead"
        } else {
            "rename applies to username, password, scope and redirect_uri"
        };
        cx.error_spanned_by(lit, format!("`rename` does not apply here: {fix}"));
    }
    let claim = attrs.claim.get().map(|lit| claim_name(cx, lit));
    if let (Some(_), Some(span)) = (&claim, attrs.param.span()) {
        cx.error_at(
            span,
            "a field is either a claim of the assertion or a param: remove one",
        );
    }
    let wire_name = match (role, param) {
        // A claim is the field's place in the request: it is not also a parameter.
        _ if claim.is_some() => None,
        (_, Some(Some(lit))) => Some(lit.value()),
        (_, Some(None)) => Some(ident.to_string()),
        (Some(r @ (Role::Username | Role::Password | Role::Scope | Role::RedirectUri)), None) => {
            Some(
                attrs
                    .rename
                    .get()
                    .map_or_else(|| r.spelling().to_owned(), LitStr::value),
            )
        }
        _ => None,
    };
    if let (Some(span), None) = (attrs.on_refresh.span(), &wire_name) {
        cx.error_at(span, "`on_refresh` applies to a field sent as a parameter (param, username, password, scope or redirect_uri)");
    }
    for header in [attrs.token_header.get(), attrs.api_header.get()]
        .into_iter()
        .flatten()
    {
        headers::check_name(cx, header);
    }
    Some(FieldModel {
        ident,
        ty: &field.ty,
        role,
        wire_name,
        on_refresh: attrs.on_refresh.get().is_some(),
        token_header: attrs.token_header.get().map(LitStr::value),
        api_header: attrs.api_header.get().map(LitStr::value),
        claim,
    })
}

/// A claim's name, as a field declares it: a JSON member name, not empty.
fn claim_name(cx: &Ctxt, lit: &LitStr) -> String {
    let name = lit.value();
    if name.trim().is_empty() || name != name.trim() {
        cx.error_spanned_by(
            lit,
            "a claim is named, without spaces around: write claim = \"iss\"",
        );
    }
    name
}

/// The name of the setting that takes a JSON key file: a setting name like a field's.
fn settings_file(cx: &Ctxt, lit: &LitStr) -> String {
    let name = lit.value();
    let valid = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !valid {
        cx.error_spanned_by(
            lit,
            "settings_file names the setting that takes the key file, in snake case: write settings_file = \"key_file\"",
        );
    }
    name
}

/// Where API calls carry the credential: `auth_query`, else `auth_header` (by default
/// `Authorization`); and its format, by default `{token_type} {token}` in `Authorization` and
/// the bare token anywhere else.
fn api_auth(cx: &Ctxt, attrs: &Container) -> ApiAuth {
    if let Some(lit) = attrs.auth_header.get() {
        headers::check_name(cx, lit);
    }
    let place = match (attrs.auth_query.get(), attrs.auth_header.get()) {
        (Some(query), _) => AuthPlace::Query(query.value()),
        (None, Some(header)) => AuthPlace::Header(header.value()),
        (None, None) => AuthPlace::Header("Authorization".to_owned()),
    };
    let declared = attrs
        .auth_format
        .get()
        .and_then(|lit| headers::format(cx, lit));
    let format = declared.unwrap_or_else(|| match &place {
        AuthPlace::Header(name) if name.eq_ignore_ascii_case("authorization") => vec![
            FormatPiece::TokenType,
            FormatPiece::Text(" ".to_owned()),
            FormatPiece::Token,
        ],
        _ => vec![FormatPiece::Token],
    });
    ApiAuth { place, format }
}

/// Reads a constant parameter, `name=value`: `true` and `false` are booleans and digits an
/// integer (JSON types, for JSON bodies), `"…"` a string whatever it holds, anything else text.
fn constant_param(cx: &Ctxt, lit: &LitStr, key: &str) -> Option<ConstantParam> {
    let text = lit.value();
    let Some((name, value)) = text.split_once('=').filter(|(n, _)| !n.trim().is_empty()) else {
        let message = if key == PARAM_CONSTANT {
            "param on the struct is a constant parameter: write \"name=value\", e.g. \"audience=https://api.example.com\" (on a field, #[oauth(param)] sends the field)".to_owned()
        } else if key == CLAIM {
            "claim on the struct is a constant claim of the assertion: write \"name=value\", e.g. \"box_sub_type=enterprise\" (on a field, claim = \"iss\" makes the field a claim)".to_owned()
        } else {
            format!("{key} is a constant parameter of the second step: write \"name=value\", e.g. \"{}\"", example(key))
        };
        cx.error_spanned_by(lit, message);
        return None;
    };
    let value = match value {
        "true" => ConstantValue::Bool(true),
        "false" => ConstantValue::Bool(false),
        quoted if quoted.len() >= 2 && quoted.starts_with('"') && quoted.ends_with('"') => {
            ConstantValue::Text(quoted[1..quoted.len() - 1].to_owned())
        }
        number if number.parse::<i64>().is_ok() && !number.starts_with('+') => {
            ConstantValue::Integer(number.parse().unwrap_or_default())
        }
        text => ConstantValue::Text(text.to_owned()),
    };
    Some(ConstantParam {
        lit: lit.clone(),
        name: name.trim().to_owned(),
        value,
    })
}

/// A `grant_type` value: a name or URI, with no space.
fn grant_type(cx: &Ctxt, lit: &LitStr) -> String {
    let value = lit.value();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_graphic()) {
        cx.error_spanned_by(
            lit,
            "a grant_type is a name or URI without spaces, e.g. \"account_credentials\"",
        );
    }
    value
}

/// The headers written out under `key`, each checked on its own.
fn written_headers(cx: &Ctxt, lits: &[LitStr], key: &str) -> Vec<WrittenHeader> {
    lits.iter()
        .filter_map(|lit| headers::written(cx, key, lit))
        .collect()
}

fn renewal(cx: &Ctxt, attrs: &Container, grant: Grant, two_steps: bool) -> Renew {
    let code_flow = has_code_flow(grant, attrs.authorize_endpoint.get().is_some())
        || auth_vocab::has_device_flow(grant, attrs.device_endpoint.get().is_some());
    let Some((lit, renewal)) = attrs.renew.get() else {
        if two_steps && !code_flow {
            // Both steps again: the first token was spent on the second.
            return Renew::Login;
        }
        if let Some(endpoint) = attrs.renew_endpoint.get() {
            cx.error_spanned_by(
                endpoint,
                "renew_endpoint is where renew = \"token\" presents the current token: set renew = \"token\", or remove it",
            );
        }
        return Renew::default_for(grant, code_flow);
    };
    if !renewal.fits(grant) {
        cx.error_spanned_by(
            lit,
            format!("renew = \"{}\" cannot work with grant = \"{}\": a new code needs the user, and a login is its fallback; use renew = \"refresh\"", renewal.spelling(), grant.spelling()),
        );
    }
    match (renewal, attrs.renew_endpoint.get()) {
        (Renew::Token, None) => cx.error_spanned_by(
            lit,
            "renew = \"token\" presents the current token somewhere: add renew_endpoint = \"https://…/keep-alive\"",
        ),
        (Renew::Token, Some(_)) | (_, None) => {}
        (_, Some(endpoint)) => cx.error_spanned_by(
            endpoint,
            "renew_endpoint is where renew = \"token\" presents the current token: set renew = \"token\", or remove it",
        ),
    }
    *renewal
}

fn provider_name(cx: &Ctxt, input: &DeriveInput, attrs: &Container) -> String {
    let Some(lit) = attrs.name.get() else {
        return input.ident.to_string().to_lowercase();
    };
    let name = lit.value();
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if !valid {
        cx.error_spanned_by(
            lit,
            "a provider name is lower case letters, digits, '_' and '-', e.g. \"iadvize\"",
        );
    }
    name
}

fn check_sentinel(cx: &Ctxt, attrs: &Container) -> Option<String> {
    let lit = attrs.refresh_sentinel.get()?;
    if lit.value().is_empty() {
        cx.error_spanned_by(
            lit,
            "an empty refresh_sentinel means nothing: an empty refresh token is already treated as none; give the value that means \"no refresh token\", e.g. \"none\"",
        );
    }
    Some(lit.value())
}
