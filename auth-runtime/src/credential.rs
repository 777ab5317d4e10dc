//! A static credential as a session's token: an API key (`grant = "api_key"`) or HTTP Basic
//! from a user name and password (`grant = "basic"`). Made from the settings, never sent to a
//! token endpoint, never expiring: API calls carry it as the declaration says, and "renewing"
//! it reads it again.

use base64::Engine as _;
use secrecy::SecretString;

use crate::error::Error;
use crate::token::Token;
use crate::wire::{is_header_safe, WireValue};

/// The token type of an API key: what `{token_type}` writes, and what `Authorization` carries
/// by default (`Bearer <key>`).
const API_KEY_TYPE: &str = "Bearer";

/// The token type of HTTP Basic credentials (RFC 7617).
const BASIC_TYPE: &str = "Basic";

/// The API key in `key` as the session's token.
pub fn api_key(key: Option<WireValue>) -> Result<Token, Error> {
    let key = required("api_key", key)?;
    let text = key.expose_text();
    if !is_header_safe(&text) {
        return Err(Error::InvalidSetting {
            setting: "api_key",
            reason: "is empty or holds a space or control character, which no API key does".into(),
        });
    }
    Ok(Token::given(
        SecretString::from(text.into_owned()),
        API_KEY_TYPE,
    ))
}

/// HTTP Basic from `username` and `password` (empty when there is none, as payment APIs that
/// take a key as the user name expect), base64-encoded as RFC 7617 says.
pub fn basic(username: Option<WireValue>, password: Option<WireValue>) -> Result<Token, Error> {
    let username = required("username", username)?.expose_text().into_owned();
    if username.contains(':') {
        return Err(Error::InvalidSetting {
            setting: "username",
            reason: "cannot contain ':' with HTTP Basic authentication (RFC 7617)".into(),
        });
    }
    let password = password.map(|p| p.expose_text().into_owned());
    let pair = format!("{username}:{}", password.as_deref().unwrap_or(""));
    let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
    Ok(Token::given(SecretString::from(encoded), BASIC_TYPE))
}

fn required(setting: &'static str, value: Option<WireValue>) -> Result<WireValue, Error> {
    value.ok_or(Error::InvalidSetting {
        setting,
        reason: "is required but not set".into(),
    })
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    #[test]
    fn basic_is_base64_of_user_colon_password() {
        let token = basic(
            Some(WireValue::Text("Aladdin".into())),
            Some(WireValue::Secret("open sesame".into())),
        )
        .unwrap();
        assert_eq!(
            token.access_token().expose_secret(),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(token.token_type(), "Basic");
        assert!(token.never_expires() && !token.is_expired());
    }

    #[test]
    fn a_key_as_the_user_name_has_an_empty_password() {
        let token = basic(Some(WireValue::Secret("sk_test_1".into())), None).unwrap();
        assert_eq!(token.access_token().expose_secret(), "c2tfdGVzdF8xOg==");
    }

    #[test]
    fn a_key_with_a_line_break_is_refused_without_showing_it() {
        let error = api_key(Some(WireValue::Secret("abc\r\nX-Evil: 1".into()))).unwrap_err();
        assert!(!error.to_string().contains("abc"), "{error}");
    }

    #[test]
    fn a_user_name_with_a_colon_is_refused() {
        assert!(basic(Some(WireValue::Text("a:b".into())), None).is_err());
    }
}
