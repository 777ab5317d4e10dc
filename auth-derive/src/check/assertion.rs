//! Rules on signed assertions: the claims of `grant = "jwt_bearer"` (an issuer, no claim
//! twice, none the signer sets itself), and the assertion keys only where something is signed.

use std::collections::BTreeMap;

use proc_macro2::Span;

use crate::build::Declaration;
use crate::ctxt::Ctxt;
use crate::symbol::*;

/// The claims the signer writes itself, and why a declaration cannot give them.
const SIGNER_CLAIMS: &[(&str, &str)] = &[
    (
        "aud",
        "it is the token endpoint, or what assertion_audience = \"https://…\" says",
    ),
    (
        "exp",
        "it is set when signing, assertion_lifetime after `iat`",
    ),
    ("iat", "it is set when signing, to the time of signing"),
    (
        "jti",
        "it is set when signing, to a new random id each time",
    ),
];

/// The assertion's keys apply where an assertion is signed; `jwt_bearer` needs an issuer,
/// gives no claim twice and none the signer sets; one assertion per request.
pub(super) fn check_assertion(cx: &Ctxt, declaration: &Declaration<'_>) {
    let (model, attrs) = (&declaration.model, &declaration.attrs);
    if !declaration.complete {
        return; // A refused grant would make every claim look misplaced.
    }
    if let (true, Some((lit, ClientAuth::PrivateKeyJwt))) =
        (model.grant.signs_assertion(), attrs.client_auth.get())
    {
        cx.error_spanned_by(
            lit,
            "grant = \"jwt_bearer\" signs the grant with the private_key already; a client assertion would sign a second one with the same key: use client_auth = \"none\", \"body\" or \"basic\"",
        );
    }
    let claims = declared_claims(declaration);
    if !model.grant.signs_assertion() {
        for (_, span) in &claims {
            cx.error_at(*span, "a claim is part of the assertion that grant = \"jwt_bearer\" signs: set that grant, or remove it");
        }
        if let Some(span) = attrs.assertion_audience.span() {
            cx.error_at(span, "assertion_audience is the `aud` of the assertion that grant = \"jwt_bearer\" signs: set that grant, or remove it");
        }
    }
    if let (Some(span), false) = (attrs.assertion_lifetime.span(), model.signs_assertions()) {
        cx.error_at(span, "assertion_lifetime applies to signed assertions: grant = \"jwt_bearer\" or client_auth = \"private_key_jwt\"");
    }
    if model.grant.signs_assertion() {
        check_claims(cx, declaration, &claims);
    }
}

/// An issuer, no claim twice, none the signer sets.
fn check_claims(cx: &Ctxt, declaration: &Declaration<'_>, claims: &[(String, Span)]) {
    let mut seen = BTreeMap::new();
    for (name, span) in claims {
        if let Some((_, why)) = SIGNER_CLAIMS.iter().find(|(n, _)| n == name) {
            cx.error_at(
                *span,
                format!("the claim `{name}` cannot be declared: {why}"),
            );
        } else if seen.insert(name.as_str(), *span).is_some() {
            cx.error_at(*span, format!("the claim `{name}` is given twice"));
        }
    }
    let fields_ok = declaration.fields.iter().all(|(_, a)| !a.had_errors);
    if fields_ok && !seen.contains_key("iss") {
        cx.error_spanned_by(
            declaration.model.ident,
            "grant = \"jwt_bearer\" needs an `iss` claim: mark the field that holds the issuer #[oauth(claim = \"iss\")], or write #[oauth(claim = \"iss=…\")] on the struct",
        );
    }
}

/// Every claim declared, on fields and on the struct, with where it was written.
fn declared_claims(declaration: &Declaration<'_>) -> Vec<(String, Span)> {
    let from_fields = declaration
        .fields
        .iter()
        .filter_map(|(_, attrs)| attrs.claim.get())
        .map(|lit| (lit.value(), lit.span()));
    let constants = declaration
        .model
        .assertion
        .claims
        .iter()
        .map(|claim| (claim.name.clone(), claim.lit.span()));
    from_fields.chain(constants).collect()
}
