//! Answers in the declared shape: the token object in its envelope (and GraphQL's `data`),
//! the success flag, the refresh-token sentinel; refusals as the provider would send them.

use serde_json::{json, Value};

use super::server::Reply;
use auth_vocab::Encoding;

use crate::info::ProviderInfo;

/// A JSON reply.
pub(crate) fn json_reply(status: u16, body: &Value) -> Reply {
    Reply::Full {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.to_string().into_bytes(),
    }
}

/// A token response, shaped as the declaration reads it.
pub(crate) fn token(
    info: &ProviderInfo,
    access: &str,
    refresh: Option<&str>,
    lifetime: u64,
    expires_in_as_string: bool,
) -> Value {
    let expires_in = if expires_in_as_string {
        json!(lifetime.to_string())
    } else {
        json!(lifetime)
    };
    let mut object =
        json!({"access_token": access, "token_type": "bearer", "expires_in": expires_in});
    match (refresh, info.refresh_sentinel) {
        (Some(refresh), _) => object["refresh_token"] = json!(refresh),
        (None, Some(sentinel)) => object["refresh_token"] = json!(sentinel),
        (None, None) => {}
    }
    envelope(info, object, true, None)
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
