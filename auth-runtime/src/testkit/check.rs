//! Checking a request against what the declaration, filled with the emulator's settings,
//! would send: the emulator answers a wrong request the way a real server would, with a
//! description of what was wrong, so that a broken integration fails loudly.

use serde_json::Value;

use super::server::Received;
use auth_vocab::Encoding;

use crate::info::ProviderInfo;
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
pub(crate) const DYNAMIC: &[&str] = &[
    "code",
    "refresh_token",
    "client_assertion",
    "assertion",
    "code_verifier",
    "device_code",
];

/// The request's parameters, in the declared encoding, with their JSON types. `fixed_query`
/// is the token endpoint's own query (`/token?grant_type=account_credentials`): required first
/// and exactly, and not counted among the parameters.
pub(crate) fn params_of(
    info: &ProviderInfo,
    fixed_query: &[(String, String)],
    request: &Received,
) -> Result<Vec<(String, Value)>, Mismatch> {
    let from_query = query_params(info, fixed_query, request)?;
    let content_type = request.header("content-type").unwrap_or_default();
    let expect_type = |wanted: &str| {
        // Media types are case-insensitive, and parameters (`; charset=utf-8`) do not change one.
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        if essence.eq_ignore_ascii_case(wanted) {
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
            Ok(from_query
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect())
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

/// The query's pairs after the endpoint's fixed ones, which must come first, as declared:
/// the parameters with `encoding = "query"`, and nothing with any other encoding.
fn query_params(
    info: &ProviderInfo,
    fixed: &[(String, String)],
    request: &Received,
) -> Result<Vec<(String, String)>, Mismatch> {
    let query = request.query.as_deref().unwrap_or_default();
    let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    // The fixed query comes from the declaration and non-secret settings: safe to quote.
    let declared = || {
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fixed)
            .finish()
    };
    if !pairs.starts_with(fixed) {
        return Err(invalid_request(format!(
            "the query string must begin with the token endpoint's own `{}`",
            declared()
        )));
    }
    let rest = pairs.split_off(fixed.len());
    match rest.first() {
        Some(_) if info.encoding == Encoding::Query => Ok(rest),
        None => Ok(rest),
        Some(_) if fixed.is_empty() => Err(invalid_request(
            "the token endpoint takes no query string".into(),
        )),
        Some((name, _)) => Err(invalid_request(format!(
            "unexpected query parameter `{name}`: the token endpoint's query is `{}` and nothing more",
            declared()
        ))),
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

/// Compares the request's transport (method, client authentication, headers) with the
/// expected one; the query was checked by [`params_of`].
pub(crate) fn transport(expected: &TokenRequest, request: &Received) -> Result<(), Mismatch> {
    let method = expected.method_name();
    if request.method != method {
        return Err(invalid_request(format!(
            "the token endpoint takes {method}, not {}",
            request.method
        )));
    }
    if let Some(basic) = expected.basic_value() {
        if request.header("authorization") != Some(basic.as_str()) {
            return Err(invalid_client(
                "HTTP Basic client authentication failed".into(),
            ));
        }
    }
    for (name, value) in expected.header_values() {
        if request.header(name) != Some(value.as_str()) {
            return Err(invalid_client(format!(
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
            return Err(missing(name));
        };
        if DYNAMIC.contains(name) || got == value {
            continue;
        }
        if std::mem::discriminant(got) != std::mem::discriminant(value) {
            return Err(invalid_request(format!("`{name}` has the wrong JSON type")));
        }
        return Err(wrong(name));
    }
    Ok(())
}

/// A 401 `invalid_client`: how RFC 6749 section 5.2 answers failed client authentication.
fn invalid_client(description: String) -> Mismatch {
    Mismatch {
        status: 401,
        code: "invalid_client",
        description,
    }
}

/// The refusal of a missing parameter: a client assertion missing is failed client
/// authentication, anything else a malformed request.
fn missing(name: &str) -> Mismatch {
    match name {
        "client_assertion" | "client_assertion_type" => invalid_client(format!(
            "`{name}` is missing: this client authenticates with a signed assertion (private_key_jwt)"
        )),
        _ => invalid_request(format!("missing parameter `{name}`")),
    }
}

/// The refusal of a parameter with the wrong value: client authentication's are
/// `invalid_client`, the grant's `invalid_grant`.
fn wrong(name: &str) -> Mismatch {
    match name {
        "client_id" | "client_secret" => invalid_client("client authentication failed".into()),
        "client_assertion_type" => invalid_client(format!(
            "`client_assertion_type` must be `{}`",
            crate::assertion::ASSERTION_TYPE
        )),
        _ => Mismatch {
            status: 400,
            code: "invalid_grant",
            description: format!("wrong `{name}`"),
        },
    }
}

/// A parameter's text.
pub(crate) fn text<'a>(received: &'a [(String, Value)], name: &str) -> Option<&'a str> {
    received
        .iter()
        .find(|(n, _)| n == name)
        .and_then(|(_, v)| v.as_str())
}
