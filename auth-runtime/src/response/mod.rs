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
//! | `refresh_token` | `""` or the declared sentinel (iAdvize's `"none"`) | no refresh token |
//! | `access_token` | missing, `null` or `""` | an error |
//! | anything else | kept in [`Token::extra`] | Talkdesk's `sid`, `id_token` |
//!
//! Bodies are JSON, or form-encoded when the `Content-Type` says so. An RFC 6749 `error` is an
//! error whatever the status, 200 included.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use secrecy::SecretString;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

mod shape;

pub use shape::{parse_shape, Shape};

use crate::error::{Error, OAuthError};
use crate::provider::ProviderInfo;
use crate::redact::{LazyRedactor, Redactor};
use crate::token::Token;

/// The lifetime assumed when a response does not say (`expires_in` missing or null): one hour,
/// so that a provider that never says still gets renewed, and a 401 forces renewal sooner.
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

/// The longest lifetime believed: one year. Larger values are clamped, so that expiry
/// arithmetic cannot overflow.
pub const MAX_LIFETIME: Duration = Duration::from_secs(365 * 24 * 3600);

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

/// A token object as sent, read leniently (see the module docs). Its `Debug` hides secrets.
#[derive(Default)]
pub struct TokenFields {
    /// `access_token`, when a non-empty string.
    pub access_token: Option<SecretString>,
    /// `token_type` as sent.
    pub token_type: Option<String>,
    /// `expires_in`, clamped; `None` when unknown.
    pub expires_in: Option<Duration>,
    /// `refresh_token` as sent (the sentinel is applied later, by the declaration).
    pub refresh_token: Option<SecretString>,
    /// `scope`.
    pub scope: Option<String>,
    /// RFC 6749 `error`.
    pub error: Option<String>,
    /// RFC 6749 `error_description`.
    pub error_description: Option<String>,
    /// RFC 6749 `error_uri`.
    pub error_uri: Option<String>,
    /// Every other field, as sent.
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl fmt::Debug for TokenFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenFields")
            .field(
                "access_token",
                &self.access_token.as_ref().map(|_| "[redacted]"),
            )
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[redacted]"),
            )
            .field("scope", &self.scope)
            .field("error", &self.error)
            .field("extra", &self.extra.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl TokenFields {
    /// Adds the tokens this object carries (access, refresh, and any other field named like a
    /// token, such as `id_token`) to `redactor`.
    fn add_secrets_to(&self, redactor: &mut Redactor) {
        for token in [&self.access_token, &self.refresh_token]
            .into_iter()
            .flatten()
        {
            redactor.secret(secrecy::ExposeSecret::expose_secret(token));
        }
        for (name, value) in &self.extra {
            if let (true, Some(text)) = (name.contains("token"), value.as_str()) {
                redactor.secret(text);
            }
        }
    }
}

impl<'de> Deserialize<'de> for TokenFields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(TokenFieldsVisitor)
    }
}

struct TokenFieldsVisitor;

impl<'de> Visitor<'de> for TokenFieldsVisitor {
    type Value = TokenFields;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a token object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TokenFields, A::Error> {
        let mut out = TokenFields::default();
        read_token_fields(map, &mut out)?;
        Ok(out)
    }
}

/// Reads a token object's fields into `out`, where it already stands (see `shape`).
fn read_token_fields<'de, A: MapAccess<'de>>(
    mut map: A,
    out: &mut TokenFields,
) -> Result<(), A::Error> {
    while let Some(key) = map.next_key::<Key>()? {
        match key {
            Key::AccessToken => out.access_token = secret(map.next_value::<Text>()?),
            Key::TokenType => out.token_type = map.next_value::<Text>()?.0,
            Key::ExpiresIn => out.expires_in = map.next_value::<Seconds>()?.0,
            Key::RefreshToken => out.refresh_token = secret(map.next_value::<Text>()?),
            Key::Scope => out.scope = map.next_value::<Text>()?.0,
            Key::Error => out.error = map.next_value::<Text>()?.0,
            Key::ErrorDescription => out.error_description = map.next_value::<Text>()?.0,
            Key::ErrorUri => out.error_uri = map.next_value::<Text>()?.0,
            Key::Other(name) => {
                out.extra.insert(name, map.next_value()?);
            }
        }
    }
    Ok(())
}

fn secret(text: Text) -> Option<SecretString> {
    text.0.filter(|s| !s.is_empty()).map(SecretString::from)
}

/// The keys of a token object, read without allocating for the known ones.
enum Key {
    AccessToken,
    TokenType,
    ExpiresIn,
    RefreshToken,
    Scope,
    Error,
    ErrorDescription,
    ErrorUri,
    Other(String),
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
                Ok(match key {
                    "access_token" => Key::AccessToken,
                    "token_type" => Key::TokenType,
                    "expires_in" => Key::ExpiresIn,
                    "refresh_token" => Key::RefreshToken,
                    "scope" => Key::Scope,
                    "error" => Key::Error,
                    "error_description" => Key::ErrorDescription,
                    "error_uri" => Key::ErrorUri,
                    other => Key::Other(other.to_owned()),
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// A string that may be null. Numbers and booleans are refused: a token is never a number.
#[derive(Default)]
pub(crate) struct Text(pub(crate) Option<String>);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<String>::deserialize(deserializer).map(Text)
    }
}

/// Seconds as a number or a numeric string, clamped as the module docs say.
struct Seconds(Option<Duration>);

impl<'de> Deserialize<'de> for Seconds {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SecondsVisitor)
    }
}

struct SecondsVisitor;

impl<'de> Visitor<'de> for SecondsVisitor {
    type Value = Seconds;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expires_in as a number of seconds")
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Seconds, E> {
        Ok(Seconds(Some(clamp_seconds(n as f64))))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Seconds, E> {
        Ok(Seconds(Some(clamp_seconds(n as f64))))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Seconds, E> {
        Ok(Seconds(Some(clamp_seconds(n))))
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Seconds, E> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Seconds(None));
        }
        // Whole seconds (Tali's `"86400"`) first: cheaper than reading a float.
        if let Ok(n) = text.parse::<u64>() {
            return Ok(Seconds(Some(clamp_seconds(n as f64))));
        }
        match text.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Seconds(Some(clamp_seconds(n)))),
            _ => Err(E::custom("expires_in is a string that is not a number")),
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<Seconds, E> {
        Ok(Seconds(None))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Seconds, E> {
        Ok(Seconds(None))
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Seconds, D::Error> {
        deserializer.deserialize_any(SecondsVisitor)
    }
}

fn clamp_seconds(n: f64) -> Duration {
    if n <= 0.0 {
        Duration::ZERO
    } else if n >= MAX_LIFETIME.as_secs() as f64 {
        MAX_LIFETIME
    } else {
        Duration::from_secs(n as u64)
    }
}

/// A success flag: a boolean, or its spelling as a string or 0/1.
pub(crate) struct Flag(pub(crate) Option<bool>);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FlagVisitor)
    }
}

/// Reads a flag straight from the input, without building a `Value`.
struct FlagVisitor;

impl<'de> Visitor<'de> for FlagVisitor {
    type Value = Flag;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a success flag")
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Flag, E> {
        Ok(Flag(Some(b)))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Flag, E> {
        Ok(Flag(Some(n != 0)))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Flag, E> {
        Ok(Flag(Some(n != 0)))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Flag, E> {
        Ok(Flag(Some(n != 0.0)))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Flag, E> {
        Ok(Flag(match s.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" => Some(false),
            _ => None,
        }))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Flag, E> {
        Ok(Flag(None))
    }
    fn visit_none<E: de::Error>(self) -> Result<Flag, E> {
        Ok(Flag(None))
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Flag, D::Error> {
        deserializer.deserialize_any(FlagVisitor)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Flag, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(Flag(None))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Flag, A::Error> {
        while map
            .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
            .is_some()
        {}
        Ok(Flag(None))
    }
}

/// An error message: a string as is, anything else but null as its JSON text.
#[derive(Default)]
pub(crate) struct Message(pub(crate) Option<String>);

impl<'de> Deserialize<'de> for Message {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MessageVisitor)
    }
}

/// Reads a message: strings and null straight from the input; anything else (rare) through a
/// `Value`, to keep its JSON text.
struct MessageVisitor;

impl<'de> Visitor<'de> for MessageVisitor {
    type Value = Message;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an error message")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Message, E> {
        Ok(Message((!s.trim().is_empty()).then(|| s.to_owned())))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Message, E> {
        Ok(Message(None))
    }
    fn visit_none<E: de::Error>(self) -> Result<Message, E> {
        Ok(Message(None))
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Message, D::Error> {
        deserializer.deserialize_any(MessageVisitor)
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Message, E> {
        Ok(Message(Some(b.to_string())))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Message, E> {
        Ok(Message(Some(n.to_string())))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Message, E> {
        Ok(Message(Some(n.to_string())))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Message, E> {
        Ok(Message(Some(n.to_string())))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Message, A::Error> {
        let value = serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Message(Some(value.to_string())))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Message, A::Error> {
        let value = serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(Message(Some(value.to_string())))
    }
}

/// One entry of a GraphQL `errors` array.
#[derive(Deserialize)]
pub(crate) struct GraphqlError {
    /// Its message.
    #[serde(default)]
    pub(crate) message: Message,
}

/// The messages of a GraphQL `errors` array; an entry without one still counts.
pub(crate) fn graphql_messages(errors: Vec<GraphqlError>) -> Vec<String> {
    errors
        .into_iter()
        .map(|e| {
            e.message
                .0
                .unwrap_or_else(|| "a GraphQL error without a message".into())
        })
        .collect()
}

/// A flat RFC 6749 error body, tried when the declared shape yields nothing.
#[derive(Deserialize)]
struct OAuthErrorBody {
    #[serde(default)]
    error: Text,
    #[serde(default)]
    error_description: Text,
    #[serde(default)]
    error_uri: Text,
}

/// One HTTP answer from a token endpoint, read up to the body limit.
pub(crate) struct Answer<'a> {
    pub status: StatusCode,
    pub format: BodyFormat,
    pub retry_after: Option<Duration>,
    pub body: &'a [u8],
}

/// Turns an answer into a token, or the error it says.
///
/// Tokens the answer carries are added to `redactor`, so that no error built from it shows them;
/// the caller scrubs the error with it.
pub(crate) fn interpret(
    info: &'static ProviderInfo,
    parse: fn(&[u8], BodyFormat) -> Result<Envelope, String>,
    answer: &Answer<'_>,
    redactor: &mut LazyRedactor<'_>,
) -> Result<Token, Error> {
    if answer.status == StatusCode::TOO_MANY_REQUESTS {
        return Err(Error::RateLimited {
            provider: info.name,
            retry_after: answer.retry_after,
        });
    }
    let format = answer.format;
    let reason = match parse(answer.body, format) {
        Ok(envelope) => match from_envelope(info, answer, envelope, redactor)? {
            Some(token) => return Ok(token),
            None => no_token_reason(info),
        },
        Err(reason) => reason,
    };
    if let Some(error) = oauth_error(answer, format) {
        return Err(Error::OAuth {
            provider: info.name,
            error,
        });
    }
    let excerpt = redactor.get().excerpt(answer.body);
    if !answer.status.is_success() {
        return Err(Error::Http {
            provider: info.name,
            status: answer.status,
            excerpt,
        });
    }
    Err(Error::Parse {
        provider: info.name,
        reason,
        excerpt,
    })
}

fn no_token_reason(info: &ProviderInfo) -> String {
    match info.shape.envelope {
        [] => "no token object".into(),
        path => format!("no token object at `{}`", path.join(".")),
    }
}

/// The token in an envelope, the refusal it carries, or `None` when it holds neither.
fn from_envelope(
    info: &'static ProviderInfo,
    answer: &Answer<'_>,
    envelope: Envelope,
    redactor: &mut LazyRedactor<'_>,
) -> Result<Option<Token>, Error> {
    let refused = |message: String| Error::Refused {
        provider: info.name,
        status: answer.status,
        message,
    };
    if !envelope.graphql_errors.is_empty() {
        return Err(refused(envelope.graphql_errors.join("; ")));
    }
    if envelope.success == Some(false) {
        let message = envelope
            .message
            .unwrap_or_else(|| "the success flag is false".into());
        return Err(refused(message));
    }
    let Some(fields) = envelope.token else {
        return match envelope.message {
            Some(message) => Err(refused(message)),
            None => Ok(None),
        };
    };
    if let Some(code) = fields.error.clone() {
        fields.add_secrets_to(redactor.get());
        return Err(Error::OAuth {
            provider: info.name,
            error: OAuthError {
                status: answer.status,
                code: code.into(),
                description: fields.error_description,
                uri: fields.error_uri,
            },
        });
    }
    if !answer.status.is_success() {
        fields.add_secrets_to(redactor.get());
        return Ok(None);
    }
    // The answer's tokens go to the redactor only when it turns out unusable: a success pays
    // nothing for them.
    let unusable = |reason: &'static str, redactor: &mut Redactor| Error::Parse {
        provider: info.name,
        reason: reason.into(),
        excerpt: redactor.excerpt(answer.body),
    };
    if let Some(reason) = Token::unusable(&fields) {
        fields.add_secrets_to(redactor.get());
        return Err(unusable(reason, redactor.get()));
    }
    Token::from_fields(fields, info.refresh_sentinel)
        .map(Some)
        .map_err(|reason| unusable(reason, redactor.get()))
}

fn oauth_error(answer: &Answer<'_>, format: BodyFormat) -> Option<OAuthError> {
    let body: OAuthErrorBody = parse_body(answer.body, format).ok()?;
    Some(OAuthError {
        status: answer.status,
        code: body.error.0.filter(|code| !code.is_empty())?.into(),
        description: body.error_description.0,
        uri: body.error_uri.0,
    })
}

#[cfg(test)]
mod tests;
