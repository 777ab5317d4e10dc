//! Rules of a two-step login (`second_step`): its keys need it, its first step is a login the
//! session can repeat, and it renews by doing both steps again.

use syn::LitStr;

use crate::build::Declaration;
use crate::ctxt::Ctxt;
use crate::symbol::*;

/// The second step's keys need it; its first step is a login; it renews by logging in.
pub(super) fn check_second_step(cx: &Ctxt, declaration: &Declaration<'_>) {
    let (model, attrs) = (&declaration.model, &declaration.attrs);
    let Some(step) = attrs.second_step.get() else {
        let orphans = attrs.second_params.iter().map(|lit| (lit, SECOND_PARAM));
        let orphans = orphans.chain(
            attrs
                .second_token_param
                .get()
                .map(|l| (l, SECOND_TOKEN_PARAM)),
        );
        for (lit, key) in orphans {
            cx.error_spanned_by(
                lit,
                format!("`{key}` belongs to the second step of a two-step login: add second_step = \"https://…/token\", or remove it"),
            );
        }
        return;
    };
    if model.grant.is_static() {
        return; // Reported with the other token-request keys.
    }
    if model.has_code_flow() {
        cx.error_spanned_by(
            step,
            "second_step is renewed by doing both steps again, and a code flow needs the user for a new code: use it with grant = \"password\", \"client_credentials\" or \"login\"",
        );
    }
    if let Some((lit, renew)) = attrs.renew.get().filter(|(_, r)| *r != Renew::Login) {
        cx.error_spanned_by(
            lit,
            format!("a two-step login renews by doing both steps again, not renew = \"{}\": write renew = \"login\", or remove renew", renew.spelling()),
        );
    }
    if let Some(lit) = attrs.second_token_param.get() {
        check_token_param(cx, lit, declaration);
    }
    check_encoding(cx, declaration);
    if let Some(step) = &model.second_step {
        for (index, param) in step.params.iter().enumerate() {
            if step.params[..index].iter().any(|p| p.name == param.name) {
                cx.error_spanned_by(
                    &param.lit,
                    format!("`{}` is a constant of the second step already", param.name),
                );
            }
        }
    }
}

/// The second request is encoded as the first: never a GraphQL document, and never with the
/// first token in a query.
fn check_encoding(cx: &Ctxt, declaration: &Declaration<'_>) {
    let (model, attrs) = (&declaration.model, &declaration.attrs);
    let Some((encoding_lit, _)) = attrs.encoding.get() else {
        return;
    };
    match model.encoding {
        Encoding::Graphql => cx.error_spanned_by(
            encoding_lit,
            "a second step is a plain request, encoded as the first: it cannot follow a GraphQL login; use encoding = \"json\"",
        ),
        Encoding::Query => {
            if let Some(lit) = attrs.second_token_param.get() {
                cx.error_spanned_by(
                    lit,
                    "with encoding = \"query\" the first token would travel in the URL: remove second_token_param to send it in `Authorization: Bearer`, or use encoding = \"form\" or \"json\"",
                );
            }
        }
        Encoding::Form | Encoding::Json => {}
    }
}

/// The parameter that carries the first token is a name, and no constant takes it.
fn check_token_param(cx: &Ctxt, lit: &LitStr, declaration: &Declaration<'_>) {
    let name = lit.value();
    let is_name = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b));
    if !is_name {
        cx.error_spanned_by(
            lit,
            "second_token_param is the name of the parameter that carries the first token, e.g. \"subject_token\"",
        );
        return;
    }
    let Some(step) = &declaration.model.second_step else {
        return;
    };
    for param in step.params.iter().filter(|p| p.name == name) {
        cx.error_spanned_by(
            &param.lit,
            format!("`{name}` carries the first token (second_token_param): a constant cannot take it too"),
        );
    }
}
