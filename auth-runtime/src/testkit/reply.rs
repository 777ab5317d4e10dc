//! Answers in the declared shape: the token object in its envelope (and GraphQL's `data`),
//! the success flag, the refresh-token sentinel; refusals as the provider would send them.

use serde_json::{json, Value};

use super::server::Reply;
use auth_vocab::{Encoding, Expiry, ResponseBody};

use crate::info::ProviderInfo;

/// A JSON reply.
pub(crate) fn json_reply(status: u16, body: &Value) -> Reply {
    Reply::Full {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.to_string().into_bytes(),
    }
}

/// A token response, shaped as the declaration reads it: the token object in its envelope,
/// each part where the declaration looks for it (`access_token_path`, the expiry in its
/// declared form), or the token alone for a text body.
pub(crate) fn token(
    info: &ProviderInfo,
    access: &str,
    refresh: Option<&str>,
    lifetime: u64,
    expires_in_as_string: bool,
) -> Reply {
    let reading = info.reading();
    if reading.body() == ResponseBody::Text {
        return Reply::Full {
            status: 200,
            headers: vec![("content-type".into(), "text/plain".into())],
            body: access.as_bytes().to_vec(),
        };
    }
    let mut object = json!({"token_type": "bearer"});
    set_or(
        &mut object,
        reading.access_token(),
        "access_token",
        json!(access),
    );
    let refresh = match (refresh, info.refresh_sentinel) {
        (Some(refresh), _) => Some(json!(refresh)),
        (None, Some(sentinel)) => Some(json!(sentinel)),
        (None, None) => None,
    };
    if let Some(refresh) = refresh {
        set_or(
            &mut object,
            reading.refresh_token(),
            "refresh_token",
            refresh,
        );
    }
    if let Some(expiry) = expiry(reading.expiry(), lifetime, expires_in_as_string) {
        let default = reading.expiry().default_path();
        set_or(&mut object, reading.expiry_path(), default, expiry);
    }
    if !info.api_base_from().is_empty() {
        set(&mut object, info.api_base_from(), json!(API_BASE_FROM));
    }
    json_reply(200, &envelope(info, object, true, None))
}

/// The API base an emulator hands out for `api_base_from`: a host the client's origin override
/// moves to the emulator, and the path of its protected route.
pub(crate) const API_BASE_FROM: &str = "https://api.emulated.invalid/api";

/// `lifetime` seconds from now, in the declared form; none for tokens that never expire.
fn expiry(expiry: Expiry, lifetime: u64, as_string: bool) -> Option<Value> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    let at = now.saturating_add(lifetime);
    let value = match expiry {
        Expiry::Seconds => json!(lifetime),
        Expiry::Milliseconds => json!(lifetime.saturating_mul(1000)),
        Expiry::EpochSeconds => json!(at),
        Expiry::EpochMilliseconds => json!(at.saturating_mul(1000)),
        Expiry::Rfc3339 => {
            let at = time::OffsetDateTime::from_unix_timestamp(i64::try_from(at).ok()?).ok()?;
            json!(at
                .format(&time::format_description::well_known::Rfc3339)
                .ok()?)
        }
        Expiry::Never => return None,
    };
    Some(match (as_string, value) {
        (true, Value::Number(n)) => json!(n.to_string()),
        (_, value) => value,
    })
}

/// Sets `value` at the declared `path`, or at `standard` when none is declared.
fn set_or(object: &mut Value, path: &[&str], standard: &str, value: Value) {
    if path.is_empty() {
        object[standard] = value;
    } else {
        set(object, path, value);
    }
}

/// The body of a refusal: in the provider's own words where it declares a success flag (a
/// 200 with `success: false`, as Talview does), else an RFC 6749 error with `status`.
pub(crate) fn refusal(info: &ProviderInfo, status: u16, code: &str, description: &str) -> Reply {
    if !info.shape.success_flag.is_empty() {
        return json_reply(200, &envelope(info, Value::Null, false, Some(description)));
    }
    json_reply(
        status,
        &json!({"error": code, "error_description": description}),
    )
}

/// An RFC 6749 error in a 200, or a refusal in the provider's own words.
pub(crate) fn error_in_200(info: &ProviderInfo) -> Reply {
    if !info.shape.success_flag.is_empty() {
        return json_reply(
            200,
            &envelope(info, Value::Null, false, Some("temporarily refused")),
        );
    }
    json_reply(
        200,
        &json!({"error": "temporarily_unavailable", "error_description": "an error in a 200"}),
    )
}

/// Puts the token object (or null) at the envelope, with the flag and message beside it, and
/// wraps it all in GraphQL's `data` for GraphQL providers.
fn envelope(info: &ProviderInfo, token: Value, success: bool, message: Option<&str>) -> Value {
    let shape = &info.shape;
    let mut body = match shape.envelope {
        [] => token,
        path => {
            let mut root = json!({});
            set(&mut root, path, token);
            root
        }
    };
    set(&mut body, shape.success_flag, json!(success));
    let message = message.map_or(Value::Null, |m| json!(m));
    set(&mut body, shape.error_message, message);
    if info.encoding == Encoding::Graphql {
        body = json!({ "data": body });
    }
    body
}

/// Sets `value` at `path`, creating objects on the way; an empty path (a part not declared)
/// sets nothing.
fn set(root: &mut Value, path: &[&str], value: Value) {
    let Some((last, inner)) = path.split_last() else {
        return;
    };
    let mut at = root;
    for segment in inner {
        if !at.get(*segment).is_some_and(Value::is_object) {
            at[*segment] = json!({});
        }
        at = &mut at[*segment];
    }
    at[*last] = value;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nests_values_along_dotted_paths() {
        let mut root = json!({});
        set(&mut root, &["a", "b", "c"], json!(1));
        set(&mut root, &["a", "d"], json!(true));
        assert_eq!(root, json!({"a": {"b": {"c": 1}, "d": true}}));
    }
}
