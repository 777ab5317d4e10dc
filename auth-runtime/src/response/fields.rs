//! The lenient token object ([`TokenFields`]) and the lenient readers of its values: what the
//! table in the module docs of `response` says is accepted, field by field.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use secrecy::SecretString;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::redact::Redactor;
use crate::token::MAX_LIFETIME;

/// A token object as sent, read leniently (see the module docs). Its `Debug` hides secrets.
#[derive(Default)]
pub struct TokenFields {
    /// `access_token`, when a non-empty string.
    pub access_token: Option<SecretString>,
    /// `token_type` as sent.
    pub token_type: Option<String>,
    /// `expires_in`, clamped; `None` when unknown. After a declaration's reading
    /// (`reading.rs`), the lifetime however the response gave it.
    pub expires_in: Option<Duration>,
    /// `expires_in` as sent, unclamped, for a declaration that reads it in other units.
    pub(crate) expires_in_number: Option<f64>,
    /// Whether the declaration says these tokens never expire.
    pub(crate) never_expires: bool,
    /// Whether the token type never goes on the wire (the declared `auth_format` has no
    /// `{token_type}`), so that any text is kept as sent (eBay's `User Access Token`).
    pub(crate) type_unused: bool,
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
    pub(crate) fn add_secrets_to(&self, redactor: &mut Redactor) {
        for token in [&self.access_token, &self.refresh_token]
            .into_iter()
            .flatten()
        {
            redactor.secret(secrecy::ExposeSecret::expose_secret(token));
        }
        for (name, value) in &self.extra {
            add_tokens(name, value, redactor);
        }
    }
}

/// Adds every string under a key named like a token (`id_token`, Slack's
/// `authed_user.access_token`) to `redactor`, however deep it lies.
fn add_tokens(name: &str, value: &serde_json::Value, redactor: &mut Redactor) {
    match value {
        serde_json::Value::String(text) if name.contains("token") => redactor.secret(text),
        serde_json::Value::Object(fields) => {
            for (name, value) in fields {
                add_tokens(name, value, redactor);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                add_tokens(name, item, redactor);
            }
        }
        _ => {}
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
pub(crate) fn read_token_fields<'de, A: MapAccess<'de>>(
    mut map: A,
    out: &mut TokenFields,
) -> Result<(), A::Error> {
    while let Some(key) = map.next_key::<Key>()? {
        match key {
            Key::AccessToken => out.access_token = secret(map.next_value::<Text>()?),
            Key::TokenType => out.token_type = map.next_value::<Text>()?.0,
            Key::ExpiresIn => {
                let number = map.next_value::<Number>()?.0;
                out.expires_in = number.map(clamp_seconds);
                out.expires_in_number = number;
            }
            Key::RefreshToken => out.refresh_token = secret(map.next_value::<Text>()?),
            Key::Scope => out.scope = map.next_value::<Scope>()?.0,
            // RFC 6749's `error` is a code; a provider's own error object (Personio's
            // `{"error": {"message": …}}`) is kept with the other fields, where a declared
            // `error_message` path finds it, instead of failing the whole body.
            Key::Error => match map.next_value::<serde_json::Value>()? {
                serde_json::Value::String(code) => out.error = Some(code),
                serde_json::Value::Null => out.error = None,
                other => {
                    out.extra.insert("error".to_owned(), other);
                }
            },
            Key::ErrorDescription => out.error_description = map.next_value::<Text>()?.0,
            Key::ErrorUri => out.error_uri = map.next_value::<Text>()?.0,
            Key::Other(name) => {
                out.extra.insert(name, map.next_value()?);
            }
        }
    }
    Ok(())
}

#[inline]
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

/// A scope: space-separated text, or an array of scopes (Twitch), joined by spaces.
struct Scope(Option<String>);

impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScopeVisitor)
    }
}

struct ScopeVisitor;

impl<'de> Visitor<'de> for ScopeVisitor {
    type Value = Scope;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scope: text, or an array of texts")
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Scope, E> {
        Ok(Scope(Some(text.to_owned())))
    }
    fn visit_string<E: de::Error>(self, text: String) -> Result<Scope, E> {
        Ok(Scope(Some(text)))
    }
    fn visit_none<E: de::Error>(self) -> Result<Scope, E> {
        Ok(Scope(None))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Scope, E> {
        Ok(Scope(None))
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Scope, D::Error> {
        deserializer.deserialize_any(ScopeVisitor)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Scope, A::Error> {
        let mut scopes: Vec<String> = Vec::new();
        while let Some(scope) = seq.next_element::<String>()? {
            scopes.push(scope);
        }
        Ok(Scope(Some(scopes.join(" "))))
    }
}

/// A number, or a numeric string, as sent (`expires_in`); `None` for null or `""`.
pub(crate) struct Number(pub(crate) Option<f64>);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NumberVisitor)
    }
}

struct NumberVisitor;

impl<'de> Visitor<'de> for NumberVisitor {
    type Value = Number;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or a numeric string")
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Number, E> {
        Ok(Number(Some(n as f64)))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Number, E> {
        Ok(Number(Some(n as f64)))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Number, E> {
        Ok(Number(Some(n)))
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Number, E> {
        number_in_text(text).map_err(|()| E::custom("expires_in is a string that is not a number"))
    }
    fn visit_none<E: de::Error>(self) -> Result<Number, E> {
        Ok(Number(None))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Number, E> {
        Ok(Number(None))
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Number, D::Error> {
        deserializer.deserialize_any(NumberVisitor)
    }
}

/// A numeric string (Tali's `"86400"`), or `""` for none.
#[inline]
pub(crate) fn number_in_text(text: &str) -> Result<Number, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Number(None));
    }
    // Whole numbers first: cheaper than reading a float.
    if let Ok(n) = text.parse::<u64>() {
        return Ok(Number(Some(n as f64)));
    }
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() => Ok(Number(Some(n))),
        _ => Err(()),
    }
}

/// Seconds of life, clamped as the module docs say (fractions cut).
#[inline]
pub(crate) fn clamp_seconds(n: f64) -> Duration {
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
