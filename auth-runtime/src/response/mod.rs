//! Reading token responses: the lenient token object ([`TokenFields`]), the parts a declared
//! envelope yields ([`Envelope`]), and turning an HTTP answer into a [`Token`] or a typed
//! [`Error`].
//!
//! Leniency is explicit, following golang.org/x/oauth2's `internal/token.go`:
//!
//! | field | accepted | meaning |
//! |---|---|---|
//! | `expires_in` | a number, or a numeric string (`"86400"`); fractions are cut | seconds of life |
//! | `expires_in` | missing, `null` or `""` | unknown: the token is kept for [`DEFAULT_LIFETIME`] |
//! | `expires_in` | 0 or negative | expired on arrival: usable for the call that asked, never cached as valid |
//! | `expires_in` | more than [`MAX_LIFETIME`] | clamped to [`MAX_LIFETIME`] |
//! | `token_type` | any case of `bearer`, or missing | `Bearer`; other types are kept as sent |
//! | `token_type` | not a scheme name (`User Access Token`) | an error when it would go in `Authorization`; kept as sent when the declared `auth_format` has no `{token_type}` |
//! | `scope` | text, or an array of texts (Twitch) | the scopes, space-separated |
//! | `error` | an object, not a code (Personio's `{"message": …}`) | not an RFC 6749 error: kept with the other fields, where a declared `error_message` path reads it |
//! | `refresh_token` | `""` or the declared sentinel (iAdvize's `"none"`) | no refresh token |
//! | `access_token` | missing, `null` or `""` | an error |
//! | anything else | kept in [`Token::extra`] | Talkdesk's `sid`, `id_token` |
//!
//! Bodies are JSON, or form-encoded when the `Content-Type` says so. An RFC 6749 `error` is an
//! error whatever the status, 200 included.

use serde::de::DeserializeOwned;

mod answer;
mod fields;
mod into_token;
mod reading;
mod shape;

pub(crate) use answer::{interpret, oauth_error, Answer};
pub(crate) use fields::{Flag, Text, TokenFields};
pub(crate) use shape::parse_shape;

use auth_vocab::Encoding;

use crate::info::ProviderInfo;

/// Reads a token response body into its parts, by the provider's declared shape. The error is
/// a short reason, free of the body's content.
#[inline]
pub fn parse_token_body(
    info: &ProviderInfo,
    body: &[u8],
    format: BodyFormat,
) -> Result<Envelope, String> {
    parse_shape(
        body,
        format,
        &info.shape,
        info.encoding == Encoding::Graphql,
    )
}

/// How a response body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    /// JSON (the default, whatever the content type says).
    Json,
    /// `application/x-www-form-urlencoded`, as some older servers answer.
    Form,
}

impl BodyFormat {
    /// The format a `Content-Type` header announces.
    /// Media types are case-insensitive (RFC 9110 section 8.3.1), and parameters such as
    /// `charset` do not change the format.
    pub fn from_content_type(content_type: Option<&str>) -> Self {
        let essence = content_type
            .and_then(|ct| ct.split(';').next())
            .map(str::trim)
            .unwrap_or_default();
        if essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
            BodyFormat::Form
        } else {
            BodyFormat::Json
        }
    }
}

/// Deserializes `body` in `format` into `T`; generated parsers call this with their envelope
/// type. The error is a short reason, free of the body's content.
pub fn parse_body<T: DeserializeOwned>(body: &[u8], format: BodyFormat) -> Result<T, String> {
    match format {
        BodyFormat::Json => serde_json::from_slice(body).map_err(|e| json_reason(&e)),
        BodyFormat::Form => serde_urlencoded::from_bytes(body).map_err(|e| e.to_string()),
    }
}

/// serde_json's messages quote the offending value (`invalid type: string "s3cr3t"`), which
/// may be a credential: keep only the category and the position.
fn json_reason(error: &serde_json::Error) -> String {
    let what = match error.classify() {
        serde_json::error::Category::Io => "unreadable body",
        serde_json::error::Category::Syntax => "not valid JSON",
        serde_json::error::Category::Eof => "JSON cut short",
        serde_json::error::Category::Data => "JSON of an unexpected shape",
    };
    format!("{what} at line {} column {}", error.line(), error.column())
}

/// What a declared response shape yields: the token object, and the provider's own signs of
/// failure.
#[derive(Debug, Default)]
pub struct Envelope {
    /// The token object, where the declaration says it is.
    pub token: Option<TokenFields>,
    /// The declared success flag, when present.
    pub success: Option<bool>,
    /// The declared error message, when present and not null.
    pub message: Option<String>,
    /// GraphQL `errors[].message`, for GraphQL providers.
    pub graphql_errors: Vec<String>,
}

#[cfg(test)]
mod tests;
