//! Rules on the options of a declaration: authorize options, renewal options, parameter and
//! header names, response paths, the GraphQL query.

use std::collections::BTreeMap;

use crate::attr::{Container, FieldAttrs};
use crate::build::Declaration;
use crate::ctxt::Ctxt;
use crate::model::{FieldModel, Model};
use crate::suggest::one_of;
use crate::symbol::*;

/// PKCE, the scope separator and extra authorize parameters only mean something with an
/// authorize endpoint.
pub(super) fn check_authorize_options(cx: &Ctxt, attrs: &Container) {
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
    ("assertion", "the JWT bearer grant (grant = \"jwt_bearer\")"),
    (
        "subject_token",
        "token exchange: mark the field #[oauth(subject_token)]",
    ),
    (
        "subject_token_type",
        "token exchange: write subject_token_type = \"…\" on the struct",
    ),
    (
        "actor_token",
        "token exchange: mark the field #[oauth(actor_token)]",
    ),
    (
        "actor_token_type",
        "token exchange: write actor_token_type = \"…\" on the struct",
    ),
    ("device_code", "the device authorization grant"),
    ("refresh_token", "the refresh grant"),
    ("code", "the code exchange"),
    ("code_verifier", "the code exchange (PKCE)"),
    (
        "redirect_uri",
        "the code exchange: mark the field #[oauth(redirect_uri)]",
    ),
];

/// No parameter takes a name the request sets itself, and no two fields share a wire name.
pub(super) fn check_wire_names(cx: &Ctxt, model: &Model<'_>, fields: &[(&syn::Field, FieldAttrs)]) {
    let mut constants: BTreeMap<&str, &syn::LitStr> = BTreeMap::new();
    for param in &model.params {
        let name = param.name.as_str();
        if let Some((_, owner)) = RESERVED_PARAMS.iter().find(|(n, _)| *n == name) {
            let fix = if name == "grant_type" {
                ": write grant_type = \"…\" to send another value".to_owned()
            } else {
                String::new()
            };
            cx.error_spanned_by(
                &param.lit,
                format!("`{name}` is set by {owner}; a constant cannot send it too{fix}"),
            );
        } else if constants.insert(name, &param.lit).is_some() {
            cx.error_spanned_by(&param.lit, format!("the constant `{name}` is given twice"));
        }
    }
    for (field, (_, attrs)) in model.fields.iter().zip(fields) {
        let name = field.wire_name.as_deref().unwrap_or_default();
        if constants.contains_key(name) {
            let span = attrs
                .param
                .span()
                .or(attrs.role.span())
                .unwrap_or(field.ident.span());
            cx.error_at(
                span,
                format!("`{name}` is also a constant parameter of the struct"),
            );
        }
    }
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

/// Options of HTTP Basic and of the refresh grant apply only with them.
pub(super) fn check_renewal_options(cx: &Ctxt, model: &Model<'_>, attrs: &Container) {
    if let (Some((lit, _)), false) = (
        attrs.basic_encoding.get(),
        model.client_auth == ClientAuth::Basic,
    ) {
        cx.error_spanned_by(
            lit,
            "basic_encoding applies to client_auth = \"basic\": set it, or remove basic_encoding",
        );
    }
    if let (Some((lit, _)), None) = (attrs.login_rate_limit_per.get(), &model.login_rate_limit) {
        cx.error_spanned_by(
            lit,
            "login_rate_limit_per says how login_rate_limit counts, and there is none: add login_rate_limit = \"10/min\", or remove login_rate_limit_per",
        );
    }
    if let (Some((lit, _)), false) = (attrs.refresh_reuse.get(), model.renew == Renew::Refresh) {
        cx.error_spanned_by(
            lit,
            "refresh_reuse applies to renew = \"refresh\": these tokens are never refreshed",
        );
    }
    let idle = attrs.refresh_idle_lifetime.get();
    if let (Some((lit, _)), false) = (idle, model.renew == Renew::Refresh) {
        cx.error_spanned_by(
            lit,
            "refresh_idle_lifetime applies to renew = \"refresh\": these tokens are never refreshed, so no refresh token can lapse",
        );
    }
}

/// `Authorization` belongs to client authentication on the token request: a declared header of
/// that name would send it twice. (API calls' headers are `credentials.rs`'s.)
pub(super) fn check_headers(cx: &Ctxt, declaration: &Declaration<'_>) {
    let model = &declaration.model;
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    let headers = super::credentials::declared_headers(
        declaration,
        |fa| fa.token_header.get(),
        &model.token_headers,
    );
    for (lit, name, owner) in headers {
        if name == "authorization" && model.client_auth == ClientAuth::Basic {
            cx.error_spanned_by(
                lit,
                "client_auth = \"basic\" already sends `Authorization` on the token request: send this value under its own header name (e.g. \"x-api-key\"), or set client_auth = \"body\"",
            );
        }
        if let Some(first) = taken.insert(name.clone(), owner) {
            cx.error_spanned_by(
                lit,
                format!("{first} is already sent as the token request's `{name}` header"),
            );
        }
    }
}

/// Flags and messages sit beside the token object, not inside it, and no two paths collide.
pub(super) fn check_paths(cx: &Ctxt, model: &Model<'_>) {
    let token = model.envelope.as_ref().map_or(&[][..], |p| &p.segments[..]);
    for path in [&model.success_flag, &model.error_message]
        .into_iter()
        .flatten()
    {
        // Beside the token fields in a flat body (Slack's `ok`) is beside the token object.
        if !token.is_empty() && path.segments.starts_with(token) {
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

fn declares_variable(query: &str, name: &str) -> bool {
    query.match_indices(&format!("${name}")).any(|(at, m)| {
        !query[at + m.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// A GraphQL login has its query, and the query declares every variable sent.
pub(super) fn check_graphql(cx: &Ctxt, declaration: &Declaration<'_>) {
    if declaration.attrs.encoding.get().is_none() {
        return;
    }
    let (model, attrs, input) = (&declaration.model, &declaration.attrs, declaration.input);
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
        .chain(model.params.iter().map(|p| p.name.as_str()))
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

/// `grant_type` replaces a login's own, so it needs a login; a `GET` carries no body, so its
/// parameters go in the query.
pub(super) fn check_request_options(cx: &Ctxt, declaration: &Declaration<'_>) {
    let (model, attrs) = (&declaration.model, &declaration.attrs);
    if let (Some(lit), false) = (attrs.grant_type.get(), model.grant.can_login()) {
        cx.error_spanned_by(
            lit,
            "grant_type replaces the grant_type of logins, and grant = \"authorization_code\" never logs in",
        );
    }
    if let (Some((lit, Method::Get)), true) = (attrs.method.get(), attrs.encoding.get().is_some()) {
        if model.encoding != Encoding::Query {
            cx.error_spanned_by(
                lit,
                "a GET request has no body: its parameters travel in the query, so write encoding = \"query\" (which refuses secrets: URLs are logged)",
            );
        }
    }
}

/// The key file's setting is one of its own: a field of that name would be given twice.
pub(super) fn check_settings_file(cx: &Ctxt, declaration: &Declaration<'_>) {
    let Some(lit) = declaration.attrs.settings_file.get() else {
        return;
    };
    if declaration
        .model
        .fields
        .iter()
        .any(|f| *f.ident == lit.value())
    {
        cx.error_spanned_by(
            lit,
            format!(
                "settings_file names a setting of its own, and `{}` is a field: the file's members fill the fields, so name it otherwise, e.g. \"key_file\"",
                lit.value()
            ),
        );
    }
}
