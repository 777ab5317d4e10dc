//! Scrubbing known secrets in every encoding, and the excerpt's heuristics.

use super::*;

#[test]
fn excerpts_redact_what_may_be_credentials() {
    let cases = [
        (
            "<html><title>502 Bad Gateway</title></html>",
            "<html><title>502 Bad Gateway</title></html>",
        ),
        (
            r#"{"access_token": "abc"}"#,
            r#"{"access_token": "[redacted]"}"#,
        ),
        (
            r#"{"refresh_token":"x","ok":1}"#,
            r#"{"refresh_token":"[redacted]","ok":1}"#,
        ),
        ("password=hunter2&user=bob", "password=[redacted]&user=bob"),
        ("password=hunter&user=bob", "password=[redacted]&user=bob"),
        (
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig",
            "Bearer [redacted]",
        ),
        ("", "(empty body)"),
        ("  \n\t ", "(empty body)"),
        ("line one\n\n   line two", "line one line two"),
    ];
    for (body, expected) in cases {
        assert_eq!(excerpt(body.as_bytes()), expected, "{body}");
    }
}

#[test]
fn excerpts_are_short_and_survive_any_bytes() {
    let long = "word ".repeat(1000);
    let shown = excerpt(long.as_bytes());
    assert!(
        shown.chars().count() <= EXCERPT_CHARS + 16,
        "{}",
        shown.len()
    );
    assert!(shown.ends_with('…'));
    let _ = excerpt(&[0xff, 0xfe, 0x00, 0x80, b'{']);
    let _ = excerpt("é".repeat(600).as_bytes());
}

fn redactor(secrets: &[&str]) -> Redactor {
    let mut redactor = Redactor::new();
    for secret in secrets {
        redactor.secret(secret);
    }
    redactor
}

#[test]
fn a_known_secret_is_scrubbed_in_every_encoding_it_travels_in() {
    let secret = "p@ss w/rd+$!#\"'%&=é";
    let redactor = redactor(&[secret]);
    let json = serde_json::to_string(secret).unwrap();
    let forms = [
        secret.to_owned(),
        url::form_urlencoded::byte_serialize(secret.as_bytes()).collect::<String>(),
        utf8_percent_encode(secret, NON_ALPHANUMERIC).to_string(),
        utf8_percent_encode(secret, NON_ALPHANUMERIC)
            .to_string()
            .to_ascii_lowercase(),
        json[1..json.len() - 1].to_owned(),
        json[1..json.len() - 1].replace('/', "\\/"),
        base64::engine::general_purpose::STANDARD.encode(secret),
    ];
    for form in forms {
        let text = format!("invalid credentials: {form} (try again)");
        let scrubbed = redactor.scrub(&text);
        assert_eq!(
            scrubbed, "invalid credentials: [redacted] (try again)",
            "{form}"
        );
    }
}

#[test]
fn a_text_without_a_known_secret_is_kept_whole() {
    let redactor = redactor(&["hunter2-secret", "tok_abc"]);
    let text = "The client is not allowed: see https://example.com/docs?x=1&y=2";
    assert!(matches!(redactor.scrub(text), Cow::Borrowed(t) if t == text));
}

#[test]
fn secrets_too_short_to_matter_are_not_searched_for() {
    let redactor = redactor(&["ab"]);
    assert_eq!(
        redactor.scrub("a table of abbreviations"),
        "a table of abbreviations"
    );
}

#[test]
fn excerpts_redact_a_secret_value_whole_whatever_it_holds() {
    let cases = [
        (
            "password=pa$s!#w0rd&user=bob",
            "password=[redacted]&user=bob",
        ),
        (
            r#"{"password": "a b\" c'd", "user": "bob"}"#,
            r#"{"password": "[redacted]", "user": "bob"}"#,
        ),
        ("authorization: Basic dTpw", "authorization: [redacted]"),
        (
            r#"{"headers": {"Authorization": "Basic dTpw"}, "ok": 1}"#,
            r#"{"headers": {"Authorization": "[redacted]"}, "ok": 1}"#,
        ),
        (
            "X-Api-Key: k1 k2\nnext line",
            "X-Api-Key: [redacted] next line",
        ),
        ("invalid token", "invalid token"),
        (
            r#"{"echo": "{\"client_secret\":\"s e\\\"c\", \"ok\": 1}"}"#,
            r#"{"echo": "{\"client_secret\":\"[redacted]\", \"ok\": 1}"}"#,
        ),
    ];
    for (body, expected) in cases {
        assert_eq!(excerpt(body.as_bytes()), expected, "{body}");
    }
}

#[test]
fn excerpts_redact_declared_header_names() {
    let mut redactor = Redactor::new();
    redactor.header_name("x-tenant-secret-header");
    assert_eq!(
        redactor.excerpt(b"X-Tenant-Secret-Header: abc def"),
        "X-Tenant-Secret-Header: [redacted]"
    );
}

#[test]
fn an_excerpt_scrubs_a_known_secret_cut_by_its_limit() {
    let secret = "0123456789-secret-that-is-long";
    // Folded whitespace brings the secret into view, though it straddles the bytes read.
    let body = format!("{}{secret}", " ".repeat(EXCERPT_BYTES - 14));
    let shown = redactor(&[secret]).excerpt(body.as_bytes());
    assert!(!shown.contains("0123456789"), "{shown}");
}
