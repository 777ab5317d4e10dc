//! Headers a declaration writes out (`api_header = "Notion-Version: 2022-06-28"`,
//! `token_header = "Authorization: Bearer {api_key}"`) and the format of the credential on API
//! calls (`auth_format = "Token token={token}"`), checked at compile time.

use auth_vocab::template::{self, Piece as VocabPiece};
use syn::LitStr;

use crate::ctxt::Ctxt;

/// A header written out on the struct: its name, and its value with `{field}` placeholders.
/// HTTP Basic's halves written out (`basic_user`, `basic_password`) are values of this kind
/// too, with the key as their name.
pub struct WrittenHeader {
    pub lit: LitStr,
    pub name: String,
    pub pieces: Vec<ValuePiece>,
}

/// A piece of a written header's value.
pub enum ValuePiece {
    Text(String),
    Field(String),
}

impl WrittenHeader {
    /// The fields its value names, in order.
    pub fn placeholders(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|piece| match piece {
            ValuePiece::Field(name) => Some(name.as_str()),
            ValuePiece::Text(_) => None,
        })
    }
}

/// Reads `"Name: value"` (the value of `key`), or records why not.
pub fn written(cx: &Ctxt, key: &str, lit: &LitStr) -> Option<WrittenHeader> {
    let text = lit.value();
    let Some((name, value)) = text.split_once(':') else {
        cx.error_spanned_by(
            lit,
            format!("{key} on the struct is a header written out: \"Name: value\", e.g. \"Notion-Version: 2022-06-28\" (on a field, {key} = \"name\" sends the field)"),
        );
        return None;
    };
    let (name, value) = (name.trim(), value.trim());
    if !is_header_name(name) {
        cx.error_spanned_by(
            lit,
            format!("`{name}` is not an HTTP header name, e.g. \"x-api-key\""),
        );
        return None;
    }
    if value.is_empty() {
        cx.error_spanned_by(lit, format!("the header `{name}` has no value"));
        return None;
    }
    Some(WrittenHeader {
        lit: lit.clone(),
        name: name.to_owned(),
        pieces: value_pieces(cx, key, lit, value)?,
    })
}

/// Reads a value written out with `{field}`s (`basic_user = "{email}/token"`).
pub fn written_value(cx: &Ctxt, key: &'static str, lit: &LitStr) -> Option<WrittenHeader> {
    let text = lit.value();
    if text.contains(':') && key == crate::symbol::BASIC_USER {
        cx.error_spanned_by(
            lit,
            "basic_user cannot contain ':', which ends the user name in HTTP Basic (RFC 7617)",
        );
        return None;
    }
    Some(WrittenHeader {
        lit: lit.clone(),
        name: key.to_owned(),
        pieces: value_pieces(cx, key, lit, &text)?,
    })
}

/// The pieces of a value written out, text and `{field}`s; its braces' error, if any, is
/// recorded on `lit`.
fn value_pieces(cx: &Ctxt, key: &str, lit: &LitStr, value: &str) -> Option<Vec<ValuePiece>> {
    match template::parse(value) {
        Ok(pieces) => Some(
            pieces
                .into_iter()
                .map(|piece| match piece {
                    VocabPiece::Text(text) => ValuePiece::Text(text.to_owned()),
                    VocabPiece::Field { name, .. } => ValuePiece::Field(name.to_owned()),
                })
                .collect(),
        ),
        Err(error) => {
            cx.error_spanned_by(lit, format!("{key}: {}", braces_error(error)));
            None
        }
    }
}

/// A piece of `auth_format`.
#[derive(Clone, PartialEq, Eq)]
pub enum FormatPiece {
    Text(String),
    Token,
    TokenType,
}

/// Reads `auth_format`: text around exactly one `{token}`, and at most one `{token_type}`.
pub fn format(cx: &Ctxt, lit: &LitStr) -> Option<Vec<FormatPiece>> {
    let text = lit.value();
    let pieces = match template::parse(&text) {
        Ok(pieces) => pieces,
        Err(error) => {
            cx.error_spanned_by(lit, format!("auth_format: {}", braces_error(error)));
            return None;
        }
    };
    let mut out = Vec::new();
    for piece in pieces {
        out.push(match piece {
            VocabPiece::Text(text) => FormatPiece::Text(text.to_owned()),
            VocabPiece::Field { name: "token", .. } => FormatPiece::Token,
            VocabPiece::Field {
                name: "token_type", ..
            } => FormatPiece::TokenType,
            VocabPiece::Field { name, .. } => {
                cx.error_spanned_by(
                    lit,
                    format!("auth_format knows {{token}} and {{token_type}}, not {{{name}}}: a setting's value goes in a header of its own (api_header)"),
                );
                return None;
            }
        });
    }
    let count = |p: &FormatPiece| out.iter().filter(|q| *q == p).count();
    if count(&FormatPiece::Token) != 1 || count(&FormatPiece::TokenType) > 1 {
        cx.error_spanned_by(
            lit,
            "auth_format holds {token} exactly once (and {token_type} at most once), e.g. \"Bearer {token}\"",
        );
        return None;
    }
    Some(out)
}

fn braces_error(error: template::TemplateError<'_>) -> String {
    match error {
        template::TemplateError::Unterminated => "a `{` is never closed".to_owned(),
        template::TemplateError::UnmatchedClose => "a `}` has no `{` before it".to_owned(),
        template::TemplateError::NotAPlaceholder(inside) => {
            format!("`{{{inside}}}` is not a placeholder: write {{field_name}}")
        }
    }
}

/// Whether `name` is an HTTP header name (RFC 9110 token characters).
pub fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Records an error unless `lit` is an HTTP header name.
pub fn check_name(cx: &Ctxt, lit: &LitStr) {
    let name = lit.value();
    if !is_header_name(&name) {
        cx.error_spanned_by(
            lit,
            format!("`{name}` is not an HTTP header name, e.g. \"x-api-key\""),
        );
    }
}
