//! Rules on field roles: none twice, those the grant and client authentication need all
//! there, none that the declaration would never send.

use std::collections::BTreeMap;

use proc_macro2::Span;

use crate::build::Declaration;
use auth_vocab::has_code_flow;

use crate::attr::Container;
use crate::ctxt::Ctxt;
use crate::model::Model;
use crate::symbol::*;

/// Roles: none twice, those the grant and client authentication need all there, none that the
/// grant would never send.
pub(super) fn check_roles(cx: &Ctxt, declaration: &Declaration<'_>) {
    let (model, attrs, fields) = (&declaration.model, &declaration.attrs, &declaration.fields);
    // A refused grant or client authentication, or a field whose own attribute was refused,
    // would make every role look missing or misplaced: its own error says enough.
    let fields_ok = fields.iter().all(|(_, a)| !a.had_errors);
    let client_auth_ok = !attrs.client_auth.was_given() || attrs.client_auth.get().is_some();
    if !(declaration.complete && fields_ok && declaration.shape_ok && client_auth_ok) {
        return;
    }
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
        // HTTP Basic's user name may be written out instead (`basic_user`).
        // (Written, even if refused: its own error says enough.)
        if !(*role == Role::Username && attrs.basic_user.was_given()) {
            needs(*role, &why_grant);
        }
    }
    let exchange = model.grant == Grant::TokenExchange;
    for (attr, key) in [
        (&attrs.subject_token_type, SUBJECT_TOKEN_TYPE),
        (&attrs.actor_token_type, ACTOR_TOKEN_TYPE),
    ] {
        if let (Some(lit), false) = (attr.get(), exchange) {
            cx.error_spanned_by(lit, format!("{key} applies to grant = \"token_exchange\""));
        }
    }
    if let (Some(lit), true, None) = (
        attrs.actor_token_type.get(),
        exchange,
        model.field_with(Role::ActorToken),
    ) {
        cx.error_spanned_by(lit, "actor_token_type is the type of the actor_token: mark the field that holds it #[oauth(actor_token)]");
    }
    if model.grant == Grant::DeviceCode && model.device_endpoint.is_none() {
        cx.error_spanned_by(model.ident, "grant = \"device_code\" needs device_endpoint = \"https://…/device/code\", where the user and device codes are asked for (RFC 8628 section 3.1)");
    }
    if model.grant == Grant::AuthorizationCode && model.authorize_endpoint.is_none() {
        cx.error_spanned_by(model.ident, "grant = \"authorization_code\" needs authorize_endpoint = \"https://…/oauth/authorize\"");
    }
    let why = format!("client_auth = \"{}\"", model.client_auth.spelling());
    for role in model.client_auth.needs() {
        needs(*role, &why);
    }
    check_certificate(cx, model, attrs);
    if let (Some(span), false) = (attrs.assertion_alg.span(), model.signs_assertions()) {
        cx.error_at(
            span,
            "assertion_alg applies to signed assertions: grant = \"jwt_bearer\" or client_auth = \"private_key_jwt\"",
        );
    }
}

pub(super) fn check_role_fits(
    cx: &Ctxt,
    model: &Model<'_>,
    attrs: &Container,
    role: Role,
    span: Span,
) {
    let code_flow = has_code_flow(model.grant, attrs.authorize_endpoint.get().is_some());
    let problem = match role {
        _ if model.grant.is_static() && !static_role(model.grant, role) => Some(format!(
            "`{}` is sent to a token endpoint, and grant = \"{}\" has none: {}",
            role.spelling(),
            model.grant.spelling(),
            match model.grant {
                Grant::Basic => "HTTP Basic takes a field marked username and, optionally, one marked password",
                _ => "the key goes in a field marked api_key",
            }
        )),
        Role::ApiKey if model.grant != Grant::ApiKey => Some(
            "an api_key is what grant = \"api_key\" sends on every call: set that grant, or send the field as a header (api_header = \"x-api-key\") or a parameter (param)".to_owned(),
        ),
        Role::Username | Role::Password if !model.grant.sends_user_credentials() => Some(format!(
            "`{}` is sent only with grant = \"password\", \"login\" or \"basic\"; for HTTP Basic credentials mark the fields client_id and client_secret and set client_auth = \"basic\"",
            role.spelling()
        )),
        Role::ClientSecret if !model.client_auth.sends_client_secret() => Some(
            "a client_secret is never sent with this client_auth: set client_auth = \"basic\" or \"body\", or remove the role".to_owned(),
        ),
        Role::PrivateKey if !model.signs_assertions() => Some(
            "a private_key signs assertions: set client_auth = \"private_key_jwt\" (a client assertion) or grant = \"jwt_bearer\" (the assertion is the grant)".to_owned(),
        ),
        Role::SubjectToken | Role::ActorToken if model.grant != Grant::TokenExchange => Some(format!(
            "a {} is what grant = \"token_exchange\" exchanges: set that grant, or remove the role",
            role.spelling()
        )),
        Role::KeyId if !model.signs_assertions() => Some(
            "a key_id names the key that signs assertions (their `kid`): it applies with client_auth = \"private_key_jwt\" or grant = \"jwt_bearer\"".to_owned(),
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

/// Mutual TLS (RFC 8705): a certificate comes with its key, and an endpoint for requests that
/// carry one needs one to carry.
fn check_certificate(cx: &Ctxt, model: &Model<'_>, attrs: &Container) {
    let certificate = model.field_with(Role::ClientCertificate).is_some();
    let key = model.field_with(Role::ClientKey).is_some();
    if certificate && !key {
        cx.error_spanned_by(model.ident, "a client_certificate is presented with its private key: mark the field that holds the key #[oauth(client_key)] (PEM)");
    }
    if key && !certificate {
        cx.error_spanned_by(model.ident, "a client_key is the private key of a client certificate: mark the field that holds the certificate #[oauth(client_certificate)] (PEM)");
    }
    if let (Some(lit), false) = (attrs.mtls_endpoint.get(), certificate) {
        cx.error_spanned_by(lit, "mtls_endpoint is where requests with a client certificate go: mark the fields that hold it #[oauth(client_certificate)] and #[oauth(client_key)]");
    }
}

/// The roles a static credential is made of: the key, or Basic's user name and password (and
/// the base URL that relative endpoints live under).
fn static_role(grant: Grant, role: Role) -> bool {
    // An API may want a client certificate on its calls whatever carries the credential.
    matches!(
        role,
        Role::BaseUrl | Role::ClientCertificate | Role::ClientKey
    ) || match grant {
        Grant::ApiKey => role == Role::ApiKey,
        Grant::Basic => matches!(role, Role::Username | Role::Password),
        _ => false,
    }
}
