//! Endpoint templates, checked at compile time: braces that close, placeholder names that are
//! identifiers, and a URL that parses once the placeholders are filled.

use auth_vocab::loopback;
use auth_vocab::template::{self, Part, TemplateError};
use syn::LitStr;

use crate::ctxt::Ctxt;

/// A checked endpoint template.
pub struct Template {
    /// The template as written.
    pub lit: LitStr,
    /// Its pieces, as the runtime fills them.
    pub pieces: Vec<Piece>,
    /// Whether it is a path under the base URL setting rather than an absolute URL.
    pub relative: bool,
}

/// A piece of a template, owned: [`auth_vocab::template::Piece`] borrows the literal's text.
pub enum Piece {
    /// Text kept as written.
    Text(String),
    /// A placeholder and the part of the URL it fills.
    Field(String, Part),
}

impl Template {
    /// The `{names}` it uses, in order.
    pub fn placeholders(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Field(name, _) => Some(name.as_str()),
            Piece::Text(_) => None,
        })
    }

    /// Stands in for an endpoint that was missing or refused, so that other checks can run.
    pub fn stand_in(span: proc_macro2::Span) -> Template {
        Template {
            lit: LitStr::new("", span),
            pieces: Vec::new(),
            relative: false,
        }
    }
}

/// Checks `lit` (the value of `key`); records every problem and returns `None` if any.
pub fn parse(cx: &Ctxt, key: &str, lit: &LitStr) -> Option<Template> {
    let text = lit.value();
    let pieces = pieces(cx, key, lit, &text)?;
    let relative = template::is_relative(&text);
    if !relative && !check_url(cx, key, lit, &fill_for_check(&pieces)) {
        return None;
    }
    Some(Template {
        lit: lit.clone(),
        pieces,
        relative,
    })
}

/// The template's pieces, by the grammar every side shares, or its error on `lit`.
fn pieces(cx: &Ctxt, key: &str, lit: &LitStr, text: &str) -> Option<Vec<Piece>> {
    let message = match template::parse(text) {
        Ok(pieces) => {
            return Some(
                pieces
                    .into_iter()
                    .map(|p| match p {
                        template::Piece::Text(t) => Piece::Text(t.to_owned()),
                        template::Piece::Field { name, part } => {
                            Piece::Field(name.to_owned(), part)
                        }
                    })
                    .collect(),
            )
        }
        Err(TemplateError::NotAPlaceholder(name)) => format!(
            "`{{{name}}}` in {key} is not a placeholder: a placeholder names a field, e.g. \
             {{account}}"
        ),
        Err(TemplateError::UnmatchedClose) => {
            format!("unmatched `}}` in {key}: placeholders are written {{name}}")
        }
        Err(TemplateError::Unterminated) => {
            format!("unterminated `{{` in {key}: close the placeholder, e.g. {{account}}")
        }
    };
    cx.error_spanned_by(lit, message);
    None
}

/// The template with every placeholder replaced by a harmless label, to parse it as a URL.
fn fill_for_check(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(text) => text.as_str(),
            Piece::Field(..) => "x",
        })
        .collect()
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
    let host = url.host_str().unwrap_or("");
    match url.scheme() {
        "https" if !host.is_empty() => true,
        scheme @ "http" if loopback::may_carry_credentials(scheme, host) => true,
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
                "malformed {key}{} `{text}`: write field names joined by dots, e.g. \
                 \"auth_user_login.data\"",
                if key.ends_with("_path") { "" } else { " path" }
            ),
        );
        return None;
    }
    Some(segments)
}
