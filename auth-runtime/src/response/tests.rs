//! The lenient parser, table-driven (as golang.org/x/oauth2's `internal/token_test.go`).

use std::time::Duration;

use secrecy::ExposeSecret;

use super::into_token::into_token;
use super::*;
use crate::token::{DEFAULT_LIFETIME, MAX_LIFETIME};

fn fields(json: &str) -> Result<TokenFields, String> {
    parse_body(json.as_bytes(), BodyFormat::Json)
}

const HOUR: Duration = Duration::from_secs(3600);

#[test]
fn expires_in_as_sent() {
    let cases: &[(&str, Option<Duration>)] = &[
        (r#"{"expires_in": 3600}"#, Some(HOUR)),
        (
            r#"{"expires_in": "86400"}"#,
            Some(Duration::from_secs(86400)),
        ),
        (r#"{"expires_in": " 60 "}"#, Some(Duration::from_secs(60))),
        (r#"{"expires_in": 59.9}"#, Some(Duration::from_secs(59))),
        (r#"{"expires_in": "3600.0"}"#, Some(HOUR)),
        (r#"{}"#, None),
        (r#"{"expires_in": null}"#, None),
        (r#"{"expires_in": ""}"#, None),
        (r#"{"expires_in": 0}"#, Some(Duration::ZERO)),
        (r#"{"expires_in": -5}"#, Some(Duration::ZERO)),
        (r#"{"expires_in": "-5"}"#, Some(Duration::ZERO)),
        (
            r#"{"expires_in": 18446744073709551615}"#,
            Some(MAX_LIFETIME),
        ),
        (r#"{"expires_in": 1e300}"#, Some(MAX_LIFETIME)),
        (
            r#"{"expires_in": "99999999999999999999999"}"#,
            Some(MAX_LIFETIME),
        ),
    ];
    for (json, expected) in cases {
        assert_eq!(fields(json).unwrap().expires_in, *expected, "{json}");
    }
}

#[test]
fn expires_in_that_is_not_a_number_is_an_error() {
    for json in [
        r#"{"expires_in": "soon"}"#,
        r#"{"expires_in": "NaN"}"#,
        r#"{"expires_in": "inf"}"#,
        r#"{"expires_in": true}"#,
        r#"{"expires_in": {}}"#,
        r#"{"expires_in": [1]}"#,
    ] {
        assert!(fields(json).is_err(), "{json}");
    }
}

#[test]
fn token_type_is_normalised() {
    let cases = [
        (r#"{"access_token": "a", "token_type": "bearer"}"#, "Bearer"),
        (r#"{"access_token": "a", "token_type": "BEARER"}"#, "Bearer"),
        (r#"{"access_token": "a", "token_type": "Bearer"}"#, "Bearer"),
        (r#"{"access_token": "a"}"#, "Bearer"),
        (r#"{"access_token": "a", "token_type": null}"#, "Bearer"),
        (r#"{"access_token": "a", "token_type": ""}"#, "Bearer"),
        (r#"{"access_token": "a", "token_type": "DPoP"}"#, "DPoP"),
    ];
    for (json, expected) in cases {
        let token = into_token(fields(json).unwrap(), None).unwrap();
        assert_eq!(token.token_type(), expected, "{json}");
    }
}

#[test]
fn refresh_token_sentinel_and_empty_mean_none() {
    let cases = [
        (
            r#"{"access_token": "a", "refresh_token": "none"}"#,
            Some("none"),
            None,
        ),
        (
            r#"{"access_token": "a", "refresh_token": "none"}"#,
            None,
            Some("none"),
        ),
        (
            r#"{"access_token": "a", "refresh_token": ""}"#,
            Some("none"),
            None,
        ),
        (
            r#"{"access_token": "a", "refresh_token": null}"#,
            None,
            None,
        ),
        (
            r#"{"access_token": "a", "refresh_token": "rt"}"#,
            Some("none"),
            Some("rt"),
        ),
    ];
    for (json, sentinel, expected) in cases {
        let token = into_token(fields(json).unwrap(), sentinel).unwrap();
        assert_eq!(
            token.refresh_token().map(|t| t.expose_secret()),
            expected,
            "{json}"
        );
    }
}

#[test]
fn access_token_must_be_a_non_empty_string() {
    for json in [
        r#"{}"#,
        r#"{"access_token": ""}"#,
        r#"{"access_token": null}"#,
    ] {
        assert!(into_token(fields(json).unwrap(), None).is_err(), "{json}");
    }
    for json in [
        r#"{"access_token": 1}"#,
        r#"{"access_token": {}}"#,
        r#"{"access_token": true}"#,
    ] {
        assert!(fields(json).is_err(), "{json}");
    }
}

#[test]
fn unknown_lifetime_uses_the_default_and_extras_are_kept() {
    let json = r#"{"access_token": "a", "scope": "x y", "sid": "s1", "id_token": "j.w.t", "n": 3}"#;
    let token = into_token(fields(json).unwrap(), None).unwrap();
    assert_eq!(token.lifetime(), None);
    let left = token.time_left();
    assert!(left <= DEFAULT_LIFETIME && left > DEFAULT_LIFETIME - Duration::from_secs(5));
    assert_eq!(token.scope(), Some("x y"));
    assert_eq!(token.extra("sid"), Some(&serde_json::json!("s1")));
    assert_eq!(token.extra("n"), Some(&serde_json::json!(3)));
    assert_eq!(
        token.extra_names().collect::<Vec<_>>(),
        ["id_token", "n", "sid"]
    );
}

#[test]
fn a_zero_lifetime_is_expired_on_arrival() {
    let token = into_token(
        fields(r#"{"access_token": "a", "expires_in": 0}"#).unwrap(),
        None,
    )
    .unwrap();
    assert!(token.is_expired());
}

#[test]
fn oauth_error_fields_are_read() {
    let parsed = fields(
        r#"{"error": "invalid_grant", "error_description": "expired", "error_uri": "https://e/x"}"#,
    )
    .unwrap();
    assert_eq!(parsed.error.as_deref(), Some("invalid_grant"));
    assert_eq!(parsed.error_description.as_deref(), Some("expired"));
    assert_eq!(parsed.error_uri.as_deref(), Some("https://e/x"));
}

#[test]
fn form_bodies_are_read_with_the_same_rules() {
    let parsed: TokenFields = parse_body(
        b"access_token=a%2Bb&expires_in=120&token_type=bearer&refresh_token=none&x=1",
        BodyFormat::Form,
    )
    .unwrap();
    let token = into_token(parsed, Some("none")).unwrap();
    assert_eq!(token.access_token().expose_secret(), "a+b");
    assert_eq!(token.lifetime(), Some(Duration::from_secs(120)));
    assert!(token.refresh_token().is_none());
    assert_eq!(token.extra("x"), Some(&serde_json::json!("1")));
}

#[test]
fn parse_reasons_do_not_quote_the_body() {
    let reason = fields(r#"{"access_token": ["my-secret-token"]}"#).unwrap_err();
    assert!(!reason.contains("my-secret-token"), "{reason}");
    assert!(
        reason.starts_with("JSON of an unexpected shape"),
        "{reason}"
    );
}

#[test]
fn debug_hides_tokens() {
    let parsed =
        fields(r#"{"access_token": "tok-123", "refresh_token": "ref-456", "id_token": "idt-789"}"#)
            .unwrap();
    let shown = format!("{parsed:?}");
    assert!(
        !shown.contains("tok-123") && !shown.contains("ref-456") && !shown.contains("idt-789"),
        "{shown}"
    );
}

#[test]
fn flags_and_messages_are_read_leniently() {
    let flag = |json: &str| serde_json::from_str::<Flag>(json).unwrap().0;
    for (json, expected) in [
        ("true", Some(true)),
        ("false", Some(false)),
        ("1", Some(true)),
        ("0", Some(false)),
        ("0.0", Some(false)),
        ("\"Yes\"", Some(true)),
        ("\"false\"", Some(false)),
        ("\"maybe\"", None),
        ("null", None),
        ("{\"a\": [1]}", None),
        ("[true]", None),
    ] {
        assert_eq!(flag(json), expected, "{json}");
    }
    let message = |json: &str| serde_json::from_str::<fields::Message>(json).unwrap().0;
    for (json, expected) in [
        ("\"Invalid tenant\"", Some("Invalid tenant")),
        ("\"  \"", None),
        ("null", None),
        ("42", Some("42")),
        ("false", Some("false")),
        ("{\"code\": 7}", Some("{\"code\":7}")),
        ("[\"a\", 1]", Some("[\"a\",1]")),
    ] {
        assert_eq!(message(json).as_deref(), expected, "{json}");
    }
}
