//! The checks that hold across keys, run on a [`Declaration`] once it is built: a list of
//! named rules (serde_derive's `internals/check.rs` shape), each recording its errors in the
//! [`Ctxt`] with the span of the offending token. A new rule is a function in one of the files
//! below and a line in [`RULES`].

mod assertion;
mod credentials;
mod options;
mod placeholders;
mod response;
mod roles;
mod steps;

use syn::DeriveInput;

use crate::build::{self, Declaration};
use crate::ctxt::Ctxt;
use crate::model::Model;

/// One rule across keys.
type Rule = fn(&Ctxt, &Declaration<'_>);

/// Every rule, in the order its errors are reported.
const RULES: &[(&str, Rule)] = &[
    ("authorize options need an authorize endpoint", |cx, d| {
        options::check_authorize_options(cx, &d.attrs)
    }),
    (
        "every placeholder names a field, every field is used",
        |cx, d| placeholders::check_placeholders(cx, &d.model, &d.fields, d.templates_ok),
    ),
    ("parameter names are free", |cx, d| {
        options::check_wire_names(cx, &d.model, &d.fields)
    }),
    ("response paths do not collide", |cx, d| {
        options::check_paths(cx, &d.model)
    }),
    (
        "token request headers are sent where they can be",
        |cx, d| options::check_headers(cx, d),
    ),
    (
        "the credential goes in one place, no header takes it",
        credentials::check_api_auth,
    ),
    (
        "a static credential declares no token request",
        credentials::check_static,
    ),
    (
        "HTTP Basic's halves come from one place",
        credentials::check_basic_halves,
    ),
    ("renewal options fit the renewal", |cx, d| {
        options::check_renewal_options(cx, &d.model, &d.attrs)
    }),
    ("no secret in a URL", |cx, d| {
        placeholders::check_secrets_in_url(cx, &d.model, &d.attrs, &d.fields)
    }),
    ("no secret type in a placeholder", |cx, d| {
        placeholders::check_secret_placeholders(cx, &d.model)
    }),
    (
        "the roles the grant and client authentication need",
        roles::check_roles,
    ),
    (
        "a GraphQL query declares its variables",
        options::check_graphql,
    ),
    (
        "grant_type needs a login, GET needs the query",
        options::check_request_options,
    ),
    ("the reading keys fit each other", response::check_reading),
    (
        "a second step follows a login, and renews by logging in",
        steps::check_second_step,
    ),
    ("the key file's setting is not a field", |cx, d| {
        options::check_settings_file(cx, d)
    }),
    (
        "a signed assertion has an issuer and its keys where it is signed",
        assertion::check_assertion,
    ),
];

/// Checks a `#[derive(Provider)]` input; `None` when anything is wrong (all of it recorded).
pub fn check<'a>(cx: &Ctxt, input: &'a DeriveInput) -> Option<Model<'a>> {
    let declaration = build::declaration(cx, input);
    for (_, rule) in RULES {
        rule(cx, &declaration);
    }
    if cx.has_errors() {
        None
    } else {
        Some(declaration.model)
    }
}
