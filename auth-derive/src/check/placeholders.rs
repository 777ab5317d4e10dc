//! Rules on endpoint templates: every placeholder names a field and every field is used,
//! and no secret ever goes into a URL.

use crate::attr::{Container, FieldAttrs};
use crate::ctxt::Ctxt;
use crate::model::Model;
use crate::suggest::closest;
use crate::symbol::*;

/// Every `{placeholder}` names a field; relative endpoints have a base URL field.
pub(super) fn check_placeholders(
    cx: &Ctxt,
    model: &Model<'_>,
    fields: &[(&syn::Field, FieldAttrs)],
    templates_ok: bool,
) {
    let names: Vec<String> = model.fields.iter().map(|f| f.ident.to_string()).collect();
    let candidates: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut unmatched = false;
    let mut check = |lit: &syn::LitStr, placeholder: &str| {
        if candidates.contains(&placeholder) {
            return;
        }
        unmatched = true;
        let fix = match closest(placeholder, &candidates) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("add a field named `{placeholder}`"),
        };
        cx.error_spanned_by(
            lit,
            format!("placeholder `{{{placeholder}}}` has no field behind it: {fix}"),
        );
    };
    for template in model.templates() {
        for placeholder in template.placeholders() {
            check(&template.lit, placeholder);
        }
        if template.relative && model.field_with(Role::BaseUrl).is_none() {
            cx.error_spanned_by(
                &template.lit,
                "this endpoint is a path: add a field marked #[oauth(base_url)] to say where it lives, or write an absolute https URL",
            );
        }
    }
    for header in model.written_headers() {
        for placeholder in header.placeholders() {
            check(&header.lit, placeholder);
        }
    }
    if unmatched || !templates_ok {
        return; // An unused field is then most likely the one a placeholder misspells.
    }
    let used = |name: &str| model.uses_placeholder(name);
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
                    "field `{}` is not used by the declaration: give it a role (#[oauth(username)], #[oauth(param)], …), a header, or use it as {{{}}} in an endpoint or a header",
                    model_field.ident, model_field.ident
                ),
            );
        }
    }
}

/// With `encoding = "query"` every parameter is part of the URL, which servers, proxies and
/// browsers log: only non-secret parameters may travel there.
pub(super) fn check_secrets_in_url(
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
        ClientAuth::None
        | ClientAuth::Basic
        | ClientAuth::TlsClientAuth
        | ClientAuth::SelfSignedTlsClientAuth => None,
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
pub(super) fn check_secret_placeholders(cx: &Ctxt, model: &Model<'_>) {
    for field in &model.fields {
        let name = field.ident.to_string();
        let in_url = model
            .templates()
            .any(|t| t.placeholders().any(|p| p == name));
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
