//! Validation across attributes: small `check_*` functions, each about one rule, each
//! recording its errors in the [`Ctxt`] with the span of the offending token.

use std::collections::BTreeMap;

use proc_macro2::Span;
use syn::{Data, DeriveInput, Fields, LitStr};

use crate::attr::{Attr, Container, FieldAttrs};
use crate::ctxt::Ctxt;
use crate::model::{FieldModel, JsonPath, Model};
use crate::suggest::{closest, one_of};
use crate::symbol::*;
use crate::template::{self, Template};
use auth_vocab::has_code_flow;

/// Checks a `#[derive(Provider)]` input; `None` when anything is wrong (all of it recorded).
pub fn check<'a>(cx: &Ctxt, input: &'a DeriveInput) -> Option<Model<'a>> {
    let fields = check_shape(cx, input);
    let shape_ok = fields.is_some() && input.generics.params.is_empty();
    let attrs = Container::from_attrs(cx, &input.attrs);
    let fields: Vec<(&syn::Field, FieldAttrs)> = fields
        .map(|fs| {
            fs.iter()
                .map(|f| (f, FieldAttrs::from_attrs(cx, &f.attrs)))
                .collect()
        })
        .unwrap_or_default();

    let grant = required(cx, input, &attrs.grant, GRANT).map(|(_, g)| *g);
    let encoding = required(cx, input, &attrs.encoding, ENCODING).map(|(_, e)| *e);
    let endpoint = required(cx, input, &attrs.endpoint, ENDPOINT)
        .and_then(|lit| template::parse(cx, ENDPOINT, lit));
    let optional_template =
        |attr: &Attr<LitStr>, key| attr.get().and_then(|l| template::parse(cx, key, l));
    let authorize_endpoint = optional_template(&attrs.authorize_endpoint, AUTHORIZE_ENDPOINT);
    let validity_endpoint = optional_template(&attrs.validity_endpoint, VALIDITY_ENDPOINT);
    let api_base = optional_template(&attrs.api_base, API_BASE);
    let optional_path = |attr: &Attr<LitStr>, key| {
        attr.get().and_then(|lit| {
            template::path(cx, key, lit).map(|segments| JsonPath {
                lit: lit.clone(),
                segments,
            })
        })
    };
    let envelope = optional_path(&attrs.envelope, ENVELOPE);
    let success_flag = optional_path(&attrs.success_flag, SUCCESS_FLAG);
    let error_message = optional_path(&attrs.error_message, ERROR_MESSAGE);

    // A refused template hides its placeholders; the fields they name would look unused.
    let templates_ok = [
        (attrs.endpoint.get(), endpoint.is_some()),
        (attrs.authorize_endpoint.get(), authorize_endpoint.is_some()),
        (attrs.validity_endpoint.get(), validity_endpoint.is_some()),
        (attrs.api_base.get(), api_base.is_some()),
    ]
    .iter()
    .all(|(given, parsed)| given.is_none() || *parsed);
    let field_models: Vec<FieldModel<'a>> = fields
        .iter()
        .filter_map(|(f, a)| field_model(cx, f, a))
        .collect();
    // A bad grant, encoding or endpoint was reported already; the checks that do not depend
    // on it still run on a stand-in, so that one compile shows every other mistake too.
    let complete = grant.is_some() && encoding.is_some() && endpoint.is_some();
    let client_auth = attrs
        .client_auth
        .get()
        .map_or(ClientAuth::None, |(_, c)| *c);
    let grant = grant.unwrap_or(Grant::Custom);
    let model = Model {
        ident: &input.ident,
        name: provider_name(cx, input, &attrs),
        grant,
        encoding: encoding.unwrap_or(Encoding::Json),
        client_auth,
        renew: renewal(cx, &attrs, grant),
        endpoint: endpoint.unwrap_or_else(|| Template::stand_in(input.ident.span())),
        authorize_endpoint,
        validity_endpoint,
        api_base,
        envelope,
        success_flag,
        error_message,
        refresh_sentinel: check_sentinel(cx, &attrs),
        graphql_query: attrs.graphql_query.get().map(LitStr::value),
        login_rate_limit: attrs.login_rate_limit.get().map(|(_, n, s)| (*n, *s)),
        pkce: attrs.authorize_endpoint.get().is_some()
            && attrs.pkce.get().is_none_or(|(_, p)| *p == Pkce::S256),
        basic_raw: attrs
            .basic_encoding
            .get()
            .is_some_and(|(_, e)| *e == BasicEncoding::Raw),
        refresh_reuse: attrs
            .refresh_reuse
            .get()
            .is_some_and(|(_, r)| *r == RefreshReuse::Allowed),
        assertion_alg: attrs
            .assertion_alg
            .get()
            .map_or(AssertionAlg::Rs256, |(_, a)| *a),
        scope_separator: attrs
            .scope_separator
            .get()
            .map_or_else(|| " ".to_owned(), LitStr::value),
        authorize_params: attrs
            .authorize_params
            .get()
            .map(|(_, p)| p.clone())
            .unwrap_or_default(),
        fields: field_models,
    };
    check_authorize_options(cx, &attrs);
    check_placeholders(cx, &model, &fields, templates_ok);
    check_wire_names(cx, &model, &fields);
    check_paths(cx, &model);
    check_headers(cx, &model, &fields);
    check_renewal_options(cx, &model, &attrs);
    check_secrets_in_url(cx, &model, &attrs, &fields);
    check_secret_placeholders(cx, &model);
    let fields_ok = fields.iter().all(|(_, a)| !a.had_errors);
    let client_auth_ok = !attrs.client_auth.was_given() || attrs.client_auth.get().is_some();
    if complete && fields_ok && shape_ok && client_auth_ok {
        check_roles(cx, &model, &attrs, &fields);
    }
    if attrs.encoding.get().is_some() {
        check_graphql(cx, &model, &attrs, input);
    }
    if cx.has_errors() {
        None
    } else {
        Some(model)
    }
}

/// PKCE, the scope separator and extra authorize parameters only mean something with an
/// authorize endpoint.
fn check_authorize_options(cx: &Ctxt, attrs: &Container) {
    if attrs.authorize_endpoint.get().is_some() {
        if let Some(sep) = attrs.scope_separator.get().filter(|s| s.value().is_empty()) {
            cx.error_spanned_by(
                sep,
                "an empty scope_separator would run scopes together: write \" \" or \",\"",
            );
        }
        return;
    }
    let spans = [
        (attrs.pkce.span(), PKCE),
        (attrs.scope_separator.span(), SCOPE_SEPARATOR),
        (attrs.authorize_params.span(), AUTHORIZE_PARAMS),
    ];
    for (span, key) in spans {
        if let Some(span) = span {
            cx.error_at(span, format!("`{key}` applies to the authorization code flow: declare authorize_endpoint = \"https://…/oauth/authorize\" too"));
        }
    }
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
    let wire_name = match (role, param) {
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
        check_header_name(cx, header);
    }
    Some(FieldModel {
        ident,
        ty: &field.ty,
        role,
        wire_name,
        on_refresh: attrs.on_refresh.get().is_some(),
        token_header: attrs.token_header.get().map(LitStr::value),
        api_header: attrs.api_header.get().map(LitStr::value),
    })
}

fn check_header_name(cx: &Ctxt, lit: &LitStr) {
    let name = lit.value();
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !valid {
        cx.error_spanned_by(
            lit,
            format!("`{name}` is not an HTTP header name, e.g. \"x-api-key\""),
        );
    }
}

fn renewal(cx: &Ctxt, attrs: &Container, grant: Grant) -> Renew {
    let code_flow = has_code_flow(grant, attrs.authorize_endpoint.get().is_some());
    let Some((lit, renewal)) = attrs.renew.get() else {
        return Renew::default_for(code_flow);
    };
    if !renewal.fits(grant) {
        cx.error_spanned_by(
            lit,
            "renew = \"login\" cannot work with grant = \"authorization_code\": a new code needs the user; use renew = \"refresh\"",
        );
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

/// Every `{placeholder}` names a field; relative endpoints have a base URL field.
fn check_placeholders(
    cx: &Ctxt,
    model: &Model<'_>,
    fields: &[(&syn::Field, FieldAttrs)],
    templates_ok: bool,
) {
    let names: Vec<String> = model.fields.iter().map(|f| f.ident.to_string()).collect();
    let candidates: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut unmatched = false;
    for template in model.templates() {
        for placeholder in &template.placeholders {
            if !names.contains(placeholder) {
                unmatched = true;
                let fix = match closest(placeholder, &candidates) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("add a field named `{placeholder}`"),
                };
                cx.error_spanned_by(
                    &template.lit,
                    format!("placeholder `{{{placeholder}}}` has no field behind it: {fix}"),
                );
            }
        }
        if template.relative && model.field_with(Role::BaseUrl).is_none() {
            cx.error_spanned_by(
                &template.lit,
                "this endpoint is a path: add a field marked #[oauth(base_url)] to say where it lives, or write an absolute https URL",
            );
        }
    }
    if unmatched || !templates_ok {
        return; // An unused field is then most likely the one a placeholder misspells.
    }
    let used = |name: &String| model.templates().any(|t| t.placeholders.contains(name));
    for ((field, attrs), model_field) in fields.iter().zip(&model.fields) {
        if attrs.annotated {
            continue; // A field with an attribute means to be used; its mistakes are reported there.
        }
        let sent = model_field.role.is_some()
            || model_field.wire_name.is_some()
            || model_field.token_header.is_some()
            || model_field.api_header.is_some();
        if !sent && !used(&model_field.ident.to_string()) {
            cx.error_spanned_by(
                &field.ident,
                format!(
                    "field `{}` is not used by the declaration: give it a role (#[oauth(username)], #[oauth(param)], …), a header, or use it as {{{}}} in an endpoint",
                    model_field.ident, model_field.ident
                ),
            );
        }
    }
}

/// Parameters the OAuth request sets itself, by grant or client authentication: a `param`
/// with one of these names would send it twice, or send a secret where it does not belong.
const RESERVED_PARAMS: &[(&str, &str)] = &[
    ("grant_type", "the grant"),
    (
        "client_id",
        "client authentication: mark the field #[oauth(client_id)]",
    ),
    (
        "client_secret",
        "client authentication: mark the field #[oauth(client_secret)]",
    ),
    (
        "client_assertion",
        "client authentication (private_key_jwt)",
    ),
    (
        "client_assertion_type",
        "client authentication (private_key_jwt)",
    ),
    ("refresh_token", "the refresh grant"),
    ("code", "the code exchange"),
    ("code_verifier", "the code exchange (PKCE)"),
    (
        "redirect_uri",
        "the code exchange: mark the field #[oauth(redirect_uri)]",
    ),
];

/// No parameter takes a name the request sets itself, and no two fields share a wire name.
fn check_wire_names(cx: &Ctxt, model: &Model<'_>, fields: &[(&syn::Field, FieldAttrs)]) {
    let mut seen: BTreeMap<&str, &FieldModel<'_>> = BTreeMap::new();
    for ((_, attrs), field) in fields.iter().zip(&model.fields) {
        let Some(name) = field.wire_name.as_deref() else {
            continue;
        };
        let span = attrs
            .param
            .span()
            .or(attrs.role.span())
            .unwrap_or(field.ident.span());
        let role_sends_it = field.role.is_some_and(|r| r.spelling() == name);
        if let Some((_, owner)) = RESERVED_PARAMS
            .iter()
            .find(|(n, _)| *n == name)
            .filter(|_| !role_sends_it)
        {
            cx.error_at(
                span,
                format!("`{name}` is set by {owner}; a field cannot send it too"),
            );
        }
        match seen.insert(name, field) {
            // Two fields with one role are reported as such by `check_roles`.
            Some(first) if first.role.is_some() && first.role == field.role => {}
            Some(first) => cx.error_at(
                span,
                format!(
                    "`{}` and `{}` are both sent as `{name}`",
                    first.ident, field.ident
                ),
            ),
            None => {}
        }
    }
}

/// Roles: none twice, those the grant and client authentication need all there, none that the
/// grant would never send.
fn check_roles(
    cx: &Ctxt,
    model: &Model<'_>,
    attrs: &Container,
    fields: &[(&syn::Field, FieldAttrs)],
) {
    let mut seen: BTreeMap<&str, &syn::Ident> = BTreeMap::new();
    for (field, fa) in fields {
        let (Some(role), Some(span), Some(ident)) = (fa.role.get(), fa.role.span(), &field.ident)
        else {
            continue;
        };
        if let Some(first) = seen.insert(role.spelling(), ident) {
            cx.error_at(
                span,
                format!(
                    "two fields have the role `{}`: `{first}` and `{ident}`",
                    role.spelling()
                ),
            );
        }
        check_role_fits(cx, model, attrs, *role, span);
    }
    let needs = |role: Role, why: &str| {
        if model.field_with(role).is_none() {
            cx.error_spanned_by(
                model.ident,
                format!("{why} needs a field marked #[oauth({})]", role.spelling()),
            );
        }
    };
    let grant_lit = attrs
        .grant
        .get()
        .map(|(l, _)| l.value())
        .unwrap_or_default();
    let why_grant = format!("grant = \"{grant_lit}\"");
    for role in model.grant.needs() {
        needs(*role, &why_grant);
    }
    if model.grant == Grant::AuthorizationCode && model.authorize_endpoint.is_none() {
        cx.error_spanned_by(model.ident, "grant = \"authorization_code\" needs authorize_endpoint = \"https://…/oauth/authorize\"");
    }
    let why = format!("client_auth = \"{}\"", model.client_auth.spelling());
    for role in model.client_auth.needs() {
        needs(*role, &why);
    }
    let jwt = model.client_auth == ClientAuth::PrivateKeyJwt;
    if let (Some(span), false) = (attrs.assertion_alg.span(), jwt) {
        cx.error_at(
            span,
            "assertion_alg applies to client_auth = \"private_key_jwt\"",
        );
    }
}

fn check_role_fits(cx: &Ctxt, model: &Model<'_>, attrs: &Container, role: Role, span: Span) {
    let code_flow = has_code_flow(model.grant, attrs.authorize_endpoint.get().is_some());
    let problem = match role {
        Role::Username | Role::Password if !model.grant.sends_user_credentials() => Some(format!(
            "`{}` is sent only with grant = \"password\" or \"login\"; for HTTP Basic credentials mark the fields client_id and client_secret and set client_auth = \"basic\"",
            role.spelling()
        )),
        Role::ClientSecret if !model.client_auth.sends_client_secret() => Some(
            "a client_secret is never sent with this client_auth: set client_auth = \"basic\" or \"body\", or remove the role".to_owned(),
        ),
        Role::PrivateKey if model.client_auth != ClientAuth::PrivateKeyJwt => Some(
            "a private_key signs client assertions: set client_auth = \"private_key_jwt\"".to_owned(),
        ),
        Role::RedirectUri if !code_flow => Some(
            "a redirect_uri is only sent in the authorization code flow: declare authorize_endpoint, or remove the role".to_owned(),
        ),
        Role::BaseUrl if !model.templates().any(|t| t.relative) => Some(
            "base_url is used by endpoints written as paths (\"/oauth/token\"), and every endpoint here is absolute".to_owned(),
        ),
        _ => None,
    };
    if let Some(problem) = problem {
        cx.error_at(span, problem);
    }
}

/// Options of HTTP Basic and of the refresh grant apply only with them.
fn check_renewal_options(cx: &Ctxt, model: &Model<'_>, attrs: &Container) {
    if let (Some((lit, _)), false) = (
        attrs.basic_encoding.get(),
        model.client_auth == ClientAuth::Basic,
    ) {
        cx.error_spanned_by(
            lit,
            "basic_encoding applies to client_auth = \"basic\": set it, or remove basic_encoding",
        );
    }
    if let (Some((lit, _)), false) = (attrs.refresh_reuse.get(), model.renew == Renew::Refresh) {
        cx.error_spanned_by(
            lit,
            "refresh_reuse applies to renew = \"refresh\": these tokens are never refreshed",
        );
    }
}

/// `Authorization` belongs to client authentication on the token request and to the token on
/// API calls: a declared header of that name would send it twice or replace the token.
fn check_headers(cx: &Ctxt, model: &Model<'_>, fields: &[(&syn::Field, FieldAttrs)]) {
    let mut token_headers: BTreeMap<String, &syn::Ident> = BTreeMap::new();
    let mut api_headers: BTreeMap<String, &syn::Ident> = BTreeMap::new();
    for ((_, attrs), field) in fields.iter().zip(&model.fields) {
        if let Some(lit) = attrs.token_header.get() {
            let name = lit.value().to_ascii_lowercase();
            if name == "authorization" && model.client_auth == ClientAuth::Basic {
                cx.error_spanned_by(
                    lit,
                    "client_auth = \"basic\" already sends `Authorization` on the token request: send this value under its own header name (e.g. \"x-api-key\"), or set client_auth = \"body\"",
                );
            }
            if let Some(first) = token_headers.insert(name.clone(), field.ident) {
                cx.error_spanned_by(
                    lit,
                    format!("`{first}` is already sent as the token request's `{name}` header"),
                );
            }
        }
        if let Some(lit) = attrs.api_header.get() {
            let name = lit.value().to_ascii_lowercase();
            if name == "authorization" {
                cx.error_spanned_by(
                    lit,
                    "API calls already carry `Authorization: <token type> <token>`, which this header would replace: send the value under its own header name (e.g. \"x-api-key\")",
                );
            }
            if let Some(first) = api_headers.insert(name.clone(), field.ident) {
                cx.error_spanned_by(
                    lit,
                    format!("`{first}` is already sent as the API calls' `{name}` header"),
                );
            }
        }
    }
}

/// With `encoding = "query"` every parameter is part of the URL, which servers, proxies and
/// browsers log: only non-secret parameters may travel there.
fn check_secrets_in_url(
    cx: &Ctxt,
    model: &Model<'_>,
    attrs: &Container,
    fields: &[(&syn::Field, FieldAttrs)],
) {
    if model.encoding != Encoding::Query {
        return;
    }
    let fix = "URLs are logged by servers and proxies; use encoding = \"form\"";
    for ((field, fa), fm) in fields.iter().zip(&model.fields) {
        let span = fa.role.span().or(fa.param.span());
        let what = match fm.role {
            Some(Role::Password) => Some("the password".to_owned()),
            None if fm.wire_name.is_some() && is_secret_type(&field.ty) => {
                Some(format!("the secret `{}`", fm.ident))
            }
            _ => None,
        };
        if let (Some(what), Some(span)) = (what, span) {
            cx.error_at(
                span,
                format!("encoding = \"query\" would put {what} in the URL: {fix}"),
            );
        }
    }
    let client_auth_lit = attrs.client_auth.get().map(|(lit, _)| lit);
    let in_body = match model.client_auth {
        ClientAuth::Body => Some("the client secret"),
        ClientAuth::PrivateKeyJwt => Some("the client assertion"),
        ClientAuth::None | ClientAuth::Basic => None,
    };
    if let (Some(what), Some(lit)) = (in_body, client_auth_lit) {
        cx.error_spanned_by(
            lit,
            format!("encoding = \"query\" would put {what} in the URL: {fix}, or client_auth = \"basic\""),
        );
    }
    let encoding_lit = attrs.encoding.get().map(|(lit, _)| lit);
    if model.has_code_flow() {
        if let Some(lit) = encoding_lit {
            cx.error_spanned_by(
                lit,
                format!("encoding = \"query\" would put the authorization code in the URL: {fix}"),
            );
        }
    } else if model.renew == Renew::Refresh {
        let at = attrs.renew.get().map(|(lit, _)| lit).or(encoding_lit);
        if let Some(lit) = at {
            cx.error_spanned_by(
                lit,
                format!("encoding = \"query\" would put the refresh token in the URL: {fix}, or renew = \"login\""),
            );
        }
    }
}

/// A secret never fills an endpoint placeholder: URLs are logged by servers and proxies.
fn check_secret_placeholders(cx: &Ctxt, model: &Model<'_>) {
    for field in &model.fields {
        let name = field.ident.to_string();
        let in_url = model.templates().any(|t| t.placeholders.contains(&name));
        if in_url && is_secret_type(field.ty) {
            cx.error_spanned_by(
                field.ty,
                format!("`{name}` is a secret and fills a placeholder of an endpoint: URLs are logged by servers and proxies; send it as a parameter (#[oauth(param)]) or a header (#[oauth(token_header = \"…\")])"),
            );
        }
    }
}

/// Whether a field's type, as written, is a secret type (`SecretString`, or an `Option` of it).
fn is_secret_type(ty: &syn::Type) -> bool {
    let syn::Type::Path(path) = ty else {
        return false;
    };
    let Some(last) = path.path.segments.last() else {
        return false;
    };
    if last.ident == "SecretString" || last.ident == "SecretBox" {
        return true;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(args) if last.ident == "Option" => args
            .args
            .iter()
            .any(|a| matches!(a, syn::GenericArgument::Type(t) if is_secret_type(t))),
        _ => false,
    }
}

/// A GraphQL login has its query, and the query declares every variable sent.
fn check_graphql(cx: &Ctxt, model: &Model<'_>, attrs: &Container, input: &DeriveInput) {
    let Some(query) = &model.graphql_query else {
        if model.encoding == Encoding::Graphql {
            let at = attrs
                .encoding
                .get()
                .map(|(l, _)| l.span())
                .unwrap_or(input.ident.span());
            cx.error_at(at, "encoding = \"graphql\" needs graphql_query = \"mutation …\": the document sent with the variables");
        }
        return;
    };
    let lit = attrs.graphql_query.get().expect("query present");
    if model.encoding != Encoding::Graphql {
        cx.error_spanned_by(
            lit,
            "graphql_query is only sent with encoding = \"graphql\"",
        );
        return;
    }
    let missing: Vec<&str> = model
        .fields
        .iter()
        .filter_map(|f| f.wire_name.as_deref())
        .filter(|name| !declares_variable(query, name))
        .collect();
    if !missing.is_empty() {
        let listed: Vec<String> = missing.iter().map(|m| format!("${m}")).collect();
        cx.error_spanned_by(
            lit,
            format!(
                "graphql_query does not declare the variable{} {} that the login sends",
                if missing.len() > 1 { "s" } else { "" },
                one_of(&listed.iter().map(String::as_str).collect::<Vec<_>>())
            ),
        );
    }
    match &model.envelope {
        None => cx.error_spanned_by(lit, "a GraphQL login needs envelope = \"<mutation field>.…\": where the token object is in `data`"),
        Some(path) if matches!(path.segments[0].as_str(), "data" | "errors") => cx.error_spanned_by(
            &path.lit,
            "with encoding = \"graphql\", `data` and `errors` are unwrapped for you: start the envelope at the mutation's field",
        ),
        Some(_) => {}
    }
}

fn declares_variable(query: &str, name: &str) -> bool {
    query.match_indices(&format!("${name}")).any(|(at, m)| {
        !query[at + m.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// Flags and messages sit beside the token object, not inside it, and no two paths collide.
fn check_paths(cx: &Ctxt, model: &Model<'_>) {
    let token = model.envelope.as_ref().map_or(&[][..], |p| &p.segments[..]);
    for path in [&model.success_flag, &model.error_message]
        .into_iter()
        .flatten()
    {
        if path.segments.starts_with(token) {
            cx.error_spanned_by(
                &path.lit,
                format!(
                    "this path lies inside the token object (`{}`): flags and messages must sit beside it, e.g. envelope = \"result.data\" with success_flag = \"result.success\"",
                    if token.is_empty() { "the whole body".to_owned() } else { token.join(".") }
                ),
            );
        } else if token.starts_with(&path.segments) {
            cx.error_spanned_by(
                &path.lit,
                "this path contains the token object: point it at the flag or message itself",
            );
        }
    }
    if let (Some(flag), Some(message)) = (&model.success_flag, &model.error_message) {
        if flag.segments == message.segments {
            cx.error_spanned_by(
                &message.lit,
                "success_flag and error_message point at the same field",
            );
        }
    }
}
