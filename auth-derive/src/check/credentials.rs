//! Rules on the credential API calls carry: a static one (`grant = "api_key"` or `"basic"`)
//! has no token request, so nothing that shapes one applies; the credential goes in one place,
//! which no other header may take.

use std::collections::BTreeMap;

use proc_macro2::Span;

use crate::build::Declaration;
use crate::ctxt::Ctxt;
use syn::LitStr;

use crate::attr::FieldAttrs;
use crate::headers::WrittenHeader;
use crate::model::AuthPlace;
use crate::symbol::*;

/// A static credential declares nothing of a token request, a response or a renewal.
pub(super) fn check_static(cx: &Ctxt, declaration: &Declaration<'_>) {
    let (model, attrs) = (&declaration.model, &declaration.attrs);
    if !model.grant.is_static() {
        return;
    }
    let grant = model.grant.spelling();
    let keys: [(Option<Span>, &str); 27] = [
        (attrs.endpoint.span(), ENDPOINT),
        (attrs.encoding.span(), ENCODING),
        (attrs.client_auth.span(), CLIENT_AUTH),
        (attrs.envelope.span(), ENVELOPE),
        (attrs.success_flag.span(), SUCCESS_FLAG),
        (attrs.error_message.span(), ERROR_MESSAGE),
        (attrs.refresh_sentinel.span(), REFRESH_SENTINEL),
        (attrs.renew.span(), RENEW),
        (attrs.graphql_query.span(), GRAPHQL_QUERY),
        (attrs.login_rate_limit.span(), LOGIN_RATE_LIMIT),
        (attrs.login_rate_limit_per.span(), LOGIN_RATE_LIMIT_PER),
        (attrs.basic_encoding.span(), BASIC_ENCODING),
        (attrs.refresh_reuse.span(), REFRESH_REUSE),
        (attrs.refresh_idle_lifetime.span(), REFRESH_IDLE_LIFETIME),
        (attrs.assertion_alg.span(), ASSERTION_ALG),
        (attrs.authorize_endpoint.span(), AUTHORIZE_ENDPOINT),
        (attrs.grant_type.span(), GRANT_TYPE),
        (attrs.method.span(), METHOD),
        (attrs.access_token_path.span(), ACCESS_TOKEN_PATH),
        (attrs.refresh_token_path.span(), REFRESH_TOKEN_PATH),
        (attrs.expiry.span(), EXPIRY),
        (attrs.expiry_path.span(), EXPIRY_PATH),
        (attrs.lifetime.span(), LIFETIME),
        (attrs.response.span(), RESPONSE),
        (attrs.api_base_from.span(), API_BASE_FROM),
        (attrs.renew_endpoint.span(), RENEW_ENDPOINT),
        (attrs.second_step.span(), SECOND_STEP),
    ];
    for (span, key) in keys {
        if let Some(span) = span {
            cx.error_at(
                span,
                format!("`{key}` applies to a token request, and grant = \"{grant}\" has none: the credential itself goes on every API call"),
            );
        }
    }
    for lit in &attrs.params {
        cx.error_spanned_by(
            lit,
            format!("grant = \"{grant}\" sends no token request, so it has no parameters: a constant for API calls goes in a header (api_header = \"…\")"),
        );
    }
    for lit in &attrs.token_headers {
        cx.error_spanned_by(
            lit,
            format!("grant = \"{grant}\" sends no token request: write the header as api_header = \"…\" to send it on API calls"),
        );
    }
    for (_, field) in &declaration.fields {
        let sent = [
            (field.param.span(), "a parameter"),
            (field.token_header.span(), "a token request header"),
            (field.on_refresh.span(), "a refresh parameter"),
        ];
        for (span, what) in sent {
            if let Some(span) = span {
                cx.error_at(
                    span,
                    format!("grant = \"{grant}\" sends no token request, so no field is {what}: send it on API calls with api_header = \"…\""),
                );
            }
        }
    }
}

/// HTTP Basic's halves are written out (`basic_user`, `basic_password`) or taken from a field
/// with the role, not both; and only with `grant = "basic"`.
pub(super) fn check_basic_halves(cx: &Ctxt, declaration: &Declaration<'_>) {
    let (model, attrs) = (&declaration.model, &declaration.attrs);
    for (lit, key, role) in [
        (attrs.basic_user.get(), BASIC_USER, Role::Username),
        (attrs.basic_password.get(), BASIC_PASSWORD, Role::Password),
    ] {
        let Some(lit) = lit else { continue };
        if model.grant != Grant::Basic {
            cx.error_spanned_by(
                lit,
                format!(
                    "{key} is a half of HTTP Basic on API calls: it applies to grant = \"basic\""
                ),
            );
        } else if let Some(field) = model.field_with(role) {
            cx.error_spanned_by(
                lit,
                format!(
                    "the {} of HTTP Basic comes from one place: {key}, or the field `{}` marked {}, not both",
                    if role == Role::Username { "user name" } else { "password" },
                    field.ident,
                    role.spelling()
                ),
            );
        }
    }
}

/// The credential goes in one place (`auth_header` or `auth_query`), and no other header of
/// API calls takes that place.
pub(super) fn check_api_auth(cx: &Ctxt, declaration: &Declaration<'_>) {
    let (model, attrs) = (&declaration.model, &declaration.attrs);
    if let (Some(_), Some(query)) = (attrs.auth_header.get(), attrs.auth_query.get()) {
        cx.error_spanned_by(
            query,
            "the credential goes in one place: auth_header or auth_query, not both",
        );
    }
    if let (Some(lit), Some(_)) = (attrs.auth_format.get(), attrs.auth_query.get()) {
        if model.grant == Grant::Basic {
            cx.error_spanned_by(lit, "grant = \"basic\" sends `Authorization: Basic …`: HTTP Basic has no query form, so auth_query does not apply");
        }
    }
    if let (Some(lit), Grant::Basic) = (attrs.auth_query.get(), model.grant) {
        cx.error_spanned_by(lit, "grant = \"basic\" sends `Authorization: Basic …`: HTTP Basic has no query form, so auth_query does not apply");
    }
    let AuthPlace::Header(auth) = &model.api_auth.place else {
        return;
    };
    let auth = auth.to_ascii_lowercase();
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    let headers = declared_headers(declaration, |fa| fa.api_header.get(), &model.api_headers);
    for (lit, name, owner) in headers {
        if name == auth {
            let why = if auth == "authorization" {
                "API calls already carry `Authorization` with the credential, which this header would replace: send the value under its own header name (e.g. \"x-api-key\"), or move the credential with auth_header".to_owned()
            } else {
                format!("`{name}` already carries the credential (auth_header): send this value under its own header name")
            };
            cx.error_spanned_by(lit, why);
        } else if let Some(first) = taken.insert(name.clone(), owner) {
            cx.error_spanned_by(
                lit,
                format!("{first} is already sent as the API calls' `{name}` header"),
            );
        }
    }
}

/// The headers a request carries besides the credential, from fields (`api_header = "name"`
/// on a field, picked by `field_header`) and written out on the struct: each with its literal,
/// its name in lower case, and who sends it (for messages).
pub(super) fn declared_headers<'d>(
    declaration: &'d Declaration<'_>,
    field_header: impl Fn(&FieldAttrs) -> Option<&LitStr>,
    written: &'d [WrittenHeader],
) -> Vec<(&'d LitStr, String, String)> {
    let mut headers = Vec::new();
    for (field, fa) in &declaration.fields {
        if let (Some(lit), Some(ident)) = (field_header(fa), &field.ident) {
            headers.push((lit, lit.value().to_ascii_lowercase(), format!("`{ident}`")));
        }
    }
    for header in written {
        headers.push((
            &header.lit,
            header.name.to_ascii_lowercase(),
            format!("`{}: …`", header.name),
        ));
    }
    headers
}
