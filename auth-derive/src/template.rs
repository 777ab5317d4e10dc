//! Endpoint templates, checked at compile time: braces that close, placeholder names that are
//! identifiers, and a URL that parses once the placeholders are filled.

use syn::LitStr;

use crate::ctxt::Ctxt;

/// A checked endpoint template.
pub struct Template {
    /// The template as written.
    pub lit: LitStr,
    /// The `{names}` it uses, in order.
    pub placeholders: Vec<String>,
    /// Whether it is a path under the base URL setting rather than an absolute URL.
    pub relative: bool,
}

impl Template {
    /// Stands in for an endpoint that was missing or refused, so that other checks can run.
    pub fn stand_in(span: proc_macro2::Span) -> Template {
        Template {
            lit: LitStr::new("", span),
            placeholders: Vec::new(),
            relative: false,
        }
    }
}

/// Checks `lit` (the value of `key`); records every problem and returns `None` if any.
pub fn parse(cx: &Ctxt, key: &str, lit: &LitStr) -> Option<Template> {
    let text = lit.value();
    let placeholders = placeholders(cx, key, lit, &text)?;
    let relative = text.starts_with('/');
    if !relative && !check_url(cx, key, lit, &fill_for_check(&text)) {
        return None;
    }
    Some(Template {
        lit: lit.clone(),
        placeholders,
        relative,
    })
}

fn placeholders(cx: &Ctxt, key: &str, lit: &LitStr, text: &str) -> Option<Vec<String>> {
    let mut names = Vec::new();
    let mut rest = text;
    loop {
        let open = rest.find('{');
        let close = rest.find('}');
        match (open, close) {
            (None, None) => return Some(names),
            (Some(o), Some(c)) if o < c => {
                let name = &rest[o + 1..c];
                if rest[o + 1..c].contains('{') {
                    break;
                }
                if !is_identifier(name) {
                    cx.error_spanned_by(
                        lit,
                        format!(
                            "`{{{name}}}` in {key} is not a placeholder: a placeholder names a \
                             field, e.g. {{account}}"
                        ),
                    );
                    return None;
                }
                names.push(name.to_owned());
                rest = &rest[c + 1..];
            }
            (Some(_), _) => break,
            (None, Some(_)) => {
                cx.error_spanned_by(
                    lit,
                    format!("unmatched `}}` in {key}: placeholders are written {{name}}"),
                );
                return None;
            }
        }
    }
    cx.error_spanned_by(
        lit,
        format!("unterminated `{{` in {key}: close the placeholder, e.g. {{account}}"),
    );
    None
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// The template with every placeholder replaced by a harmless label, to parse it as a URL.
fn fill_for_check(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let (Some(o), Some(c)) = (rest.find('{'), rest.find('}')) {
        out.push_str(&rest[..o]);
        out.push('x');
        rest = &rest[c + 1..];
    }
    out.push_str(rest);
    out
}

fn check_url(cx: &Ctxt, key: &str, lit: &LitStr, filled: &str) -> bool {
    let url = match url::Url::parse(filled) {
        Ok(url) => url,
        Err(error) => {
            cx.error_spanned_by(
                lit,
                format!(
                    "malformed {key} URL: {error}; write an absolute URL such as \
                     \"https://api.example.com/oauth/token\", or a path starting with `/` under a \
                     #[oauth(base_url)] field"
                ),
            );
            return false;
        }
    };
    let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    match url.scheme() {
        "https" if url.host_str().is_some() => true,
        "http" if loopback => true,
        "http" => {
            cx.error_spanned_by(
                lit,
                format!(
                    "{key} uses plain http: credentials must travel over https (http is allowed \
                     only to a loopback address)"
                ),
            );
            false
        }
        scheme => {
            cx.error_spanned_by(
                lit,
                format!("{key} must be an https URL with a host, not `{scheme}:`"),
            );
            false
        }
    }
}

/// Checks a dotted path into a JSON response (`auth_user_login.data`).
pub fn path(cx: &Ctxt, key: &str, lit: &LitStr) -> Option<Vec<String>> {
    let text = lit.value();
    let segments: Vec<String> = text.split('.').map(str::to_owned).collect();
    let valid = segments.iter().all(|s| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$')
    });
    if !valid {
        cx.error_spanned_by(
            lit,
            format!(
                "malformed {key} path `{text}`: write field names joined by dots, e.g. \
                 \"auth_user_login.data\""
            ),
        );
        return None;
    }
    Some(segments)
}
