//! Checking a request against what the declaration, filled with the emulator's settings,
//! would send: the emulator answers a wrong request the way a real server would, with a
//! description of what was wrong, so that a broken integration fails loudly.

use serde_json::Value;

use super::server::Received;
use crate::provider::{Encoding, ProviderInfo};
use crate::request::TokenRequest;

/// Why a request was refused.
#[derive(Debug)]
pub(crate) struct Mismatch {
    pub status: u16,
    pub code: &'static str,
    pub description: String,
}

fn invalid_request(description: String) -> Mismatch {
    Mismatch {
        status: 400,
        code: "invalid_request",
        description,
    }
}

/// Parameters sent by the grant itself, checked by the emulator's own state (a code it
/// issued, a refresh token it issued, a signed assertion) rather than by value.
pub(crate) const DYNAMIC: &[&str] = &["code", "refresh_token", "client_assertion", "code_verifier"];

/// The request's parameters, in the declared encoding, with their JSON types.
pub(crate) fn params_of(
    info: &ProviderInfo,
    request: &Received,
) -> Result<Vec<(String, Value)>, Mismatch> {
    let content_type = request.header("content-type").unwrap_or_default();
    let expect_type = |wanted: &str| {
        if content_type.starts_with(wanted) {
            Ok(())
        } else {
            Err(invalid_request(format!(
                "the content type must be {wanted}, not `{content_type}`"
            )))
        }
    };
    let text_pairs = |bytes: &[u8]| {
        url::form_urlencoded::parse(bytes)
            .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
            .collect::<Vec<_>>()
    };
    match info.encoding {
        Encoding::Form => {
            expect_type("application/x-www-form-urlencoded")?;
            Ok(text_pairs(&request.body))
        }
        Encoding::Query => {
            if !request.body.is_empty() {
                return Err(invalid_request(
                    "the parameters belong in the query string; the body must be empty".into(),
                ));
            }
            Ok(text_pairs(
                request.query.as_deref().unwrap_or_default().as_bytes(),
            ))
        }
        Encoding::Json => {
            expect_type("application/json")?;
            object_entries(&request.body)
        }
        Encoding::Graphql => {
            expect_type("application/json")?;
            let body: Value = serde_json::from_slice(&request.body)
                .map_err(|_| invalid_request("the body is not JSON".into()))?;
            if body["query"].as_str() != info.graphql_query {
                return Err(invalid_request(
                    "the GraphQL document is not the declared mutation".into(),
                ));
            }
            object_entries(body["variables"].to_string().as_bytes())
        }
    }
}

fn object_entries(body: &[u8]) -> Result<Vec<(String, Value)>, Mismatch> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map.into_iter().collect()),
        _ => Err(invalid_request("the body must be a JSON object".into())),
    }
}

/// The expected request's parameters, typed as the encoding sends them.
pub(crate) fn expected_params(
    info: &ProviderInfo,
    expected: &TokenRequest,
) -> Vec<(&'static str, Value)> {
    let typed = matches!(info.encoding, Encoding::Json | Encoding::Graphql);
    expected
        .params()
        .iter()
        .map(|(name, value)| {
            let value = if typed {
                value.expose_json()
            } else {
                Value::String(value.expose_text().into_owned())
            };
            (*name, value)
        })
        .collect()
}

/// Compares the request's transport (method, query, client authentication, headers) with the
/// expected one.
pub(crate) fn transport(
    info: &ProviderInfo,
    expected: &TokenRequest,
    request: &Received,
) -> Result<(), Mismatch> {
    if request.method != "POST" {
        return Err(invalid_request(format!(
            "the token endpoint takes POST, not {}",
            request.method
        )));
    }
    if info.encoding != Encoding::Query && request.query.is_some() {
        return Err(invalid_request(
            "the token endpoint takes no query string".into(),
        ));
    }
    let unauthorized = |description: String| Mismatch {
        status: 401,
        code: "invalid_client",
        description,
    };
    if let Some(basic) = expected.basic_value() {
        if request.header("authorization") != Some(basic.as_str()) {
            return Err(unauthorized(
                "HTTP Basic client authentication failed".into(),
            ));
        }
    }
    for (name, value) in expected.header_values() {
        if request.header(name) != Some(value.as_str()) {
            return Err(unauthorized(format!(
                "the `{name}` header is missing or wrong"
            )));
        }
    }
    Ok(())
}

/// Compares parameters: every expected one present with its value (the dynamic ones only
/// present), and nothing else.
pub(crate) fn params(
    expected: &[(&'static str, Value)],
    received: &[(String, Value)],
) -> Result<(), Mismatch> {
    for (index, (name, _)) in received.iter().enumerate() {
        if received[..index].iter().any(|(n, _)| n == name) {
            return Err(invalid_request(format!("`{name}` is given twice")));
        }
        if !expected.iter().any(|(n, _)| n == name) {
            return Err(invalid_request(format!("unexpected parameter `{name}`")));
        }
    }
    for (name, value) in expected {
        let Some((_, got)) = received.iter().find(|(n, _)| n == name) else {
            return Err(invalid_request(format!("missing parameter `{name}`")));
        };
        if DYNAMIC.contains(name) || got == value {
            continue;
        }
        if std::mem::discriminant(got) != std::mem::discriminant(value) {
            return Err(invalid_request(format!("`{name}` has the wrong JSON type")));
        }
        return Err(match *name {
            "client_id" | "client_secret" => Mismatch {
                status: 401,
                code: "invalid_client",
                description: "client authentication failed".into(),
            },
            _ => Mismatch {
                status: 400,
                code: "invalid_grant",
                description: format!("wrong `{name}`"),
            },
        });
    }
    Ok(())
}

/// A parameter's text.
pub(crate) fn text<'a>(received: &'a [(String, Value)], name: &str) -> Option<&'a str> {
    received
        .iter()
        .find(|(n, _)| n == name)
        .and_then(|(_, v)| v.as_str())
}
