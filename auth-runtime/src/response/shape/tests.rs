//! The one-pass shape reader on the shapes the seed providers use, and on bodies that stray.

use secrecy::ExposeSecret;

use super::*;

const NESTED: Shape = Shape {
    envelope: &["auth_user_login", "data"],
    success_flag: &["auth_user_login", "success"],
    error_message: &["auth_user_login", "error_message"],
};

const FLAT: Shape = Shape::FLAT;

const GRAPHQL: Shape = Shape {
    envelope: &["login", "token"],
    success_flag: &[],
    error_message: &[],
};

fn read(shape: &Shape, body: &str) -> Result<Envelope, String> {
    parse_shape(body.as_bytes(), BodyFormat::Json, shape, false)
}

/// Reads `body` as a GraphQL answer, by [`GRAPHQL`].
fn read_graphql(body: &str) -> Result<Envelope, String> {
    parse_shape(body.as_bytes(), BodyFormat::Json, &GRAPHQL, true)
}

fn access_token(envelope: &Envelope) -> Option<&str> {
    let token = envelope.token.as_ref()?;
    token.access_token.as_ref().map(|t| t.expose_secret())
}

#[test]
fn a_nested_envelope_with_its_flag_and_message_beside_it() {
    let envelope = read(
        &NESTED,
        r#"{"auth_user_login": {"success": true, "error_message": null,
            "data": {"access_token": "at", "expires_in": 60}}, "other": [1, {"a": 2}]}"#,
    )
    .unwrap();
    assert_eq!(access_token(&envelope), Some("at"));
    assert_eq!(envelope.success, Some(true));
    assert_eq!(envelope.message, None);
}

#[test]
fn a_refusal_is_read_whatever_the_order_of_keys() {
    let envelope = read(
        &NESTED,
        r#"{"auth_user_login": {"data": null, "error_message": "Invalid credentials", "success": "false"}}"#,
    )
    .unwrap();
    assert!(envelope.token.is_none());
    assert_eq!(envelope.success, Some(false));
    assert_eq!(envelope.message.as_deref(), Some("Invalid credentials"));
}

#[test]
fn keys_off_the_declared_paths_are_skipped_at_every_depth() {
    let envelope = read(
        &NESTED,
        r#"{"data": {"access_token": "decoy"}, "auth_user_login": {"x": {"data": 1},
            "data": {"access_token": "at", "nested": {"deep": [true]}}}}"#,
    )
    .unwrap();
    assert_eq!(access_token(&envelope), Some("at"));
    let extra = &envelope.token.unwrap().extra;
    assert_eq!(extra.keys().collect::<Vec<_>>(), ["nested"]);
}

#[test]
fn null_or_missing_on_the_way_is_no_token() {
    for body in [
        r#"{"auth_user_login": null}"#,
        r#"{"auth_user_login": {}}"#,
        r#"{}"#,
        r#"{"auth_user_login": {"data": null}}"#,
    ] {
        let envelope = read(&NESTED, body).unwrap();
        assert!(envelope.token.is_none(), "{body}");
    }
}

#[test]
fn the_wrong_type_on_the_way_is_an_error_that_does_not_quote_the_body() {
    for body in [
        r#"{"auth_user_login": "s3cr3t-value"}"#,
        r#"{"auth_user_login": {"data": "s3cr3t-value"}}"#,
        r#"["s3cr3t-value"]"#,
        r#"{"auth_user_login": {"data": {"access_token": "at"}}} trailing"#,
        r#"{"auth_user_login": {"data": {"access_token": "at""#,
    ] {
        let reason = read(&NESTED, body).unwrap_err();
        assert!(!reason.contains("s3cr3t"), "{reason}");
    }
}

#[test]
fn a_flat_body_is_the_token_object() {
    let envelope = read(&FLAT, r#"{"access_token": "at", "refresh_token": "none"}"#).unwrap();
    assert_eq!(access_token(&envelope), Some("at"));
    let form = parse_shape(
        b"access_token=at&expires_in=60",
        BodyFormat::Form,
        &FLAT,
        false,
    )
    .unwrap();
    assert_eq!(access_token(&form), Some("at"));
    assert!(parse_shape(b"access_token=at", BodyFormat::Form, &NESTED, false).is_err());
}

#[test]
fn graphql_data_is_unwrapped_and_errors_are_collected() {
    let envelope =
        read_graphql(r#"{"data": {"login": {"token": {"access_token": "at"}}}, "extensions": {}}"#)
            .unwrap();
    assert_eq!(access_token(&envelope), Some("at"));

    let refused = read_graphql(
        r#"{"errors": [{"message": "bad password"}, {"path": ["login"]}], "data": null}"#,
    )
    .unwrap();
    assert!(refused.token.is_none());
    assert_eq!(
        refused.graphql_errors,
        ["bad password", "a GraphQL error without a message"]
    );
}
