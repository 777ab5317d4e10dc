//! What a token is for: the validity endpoint and the protected API route, which accept only a
//! token the emulator issued, unexpired and not revoked.

use serde_json::json;
use tokio::time::Instant;

use super::reply;
use super::routes::Emulated;
use super::server::{Received, Reply};
use super::state::State;
use crate::provider::Provider;

impl<P: Provider> Emulated<P> {
    /// The validity endpoint: 200 for a live bearer token, 401 for any other.
    pub(super) fn validity_endpoint(&self, state: &State, request: &Received) -> Reply {
        if live_bearer(state, request) {
            reply::json_reply(200, &json!({"authenticated": true}))
        } else {
            reply::json_reply(
                401,
                &json!({"error_description": "access token not valid", "error": "invalid_token"}),
            )
        }
    }

    /// The protected API route: a live bearer token and every declared API header, or a
    /// refusal that says which is missing.
    pub(super) fn api_route(&self, state: &State, request: &Received) -> Reply {
        if !live_bearer(state, request) {
            return reply::json_reply(401, &json!({"error": "invalid_token"}));
        }
        for (name, value) in self.provider.api_headers() {
            if request.header(name) != Some(value.expose_text().as_ref()) {
                return reply::json_reply(
                    403,
                    &json!({"error": "forbidden", "error_description": format!("`{name}` is missing or wrong")}),
                );
            }
        }
        reply::json_reply(200, &json!({"data": {"ok": true, "path": request.path}}))
    }
}

/// Whether the request carries `Bearer <a token issued, unexpired and not revoked>`.
fn live_bearer(state: &State, request: &Received) -> bool {
    let Some(token) = request
        .header("authorization")
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return false;
    };
    let now = Instant::now();
    state
        .issued
        .iter()
        .any(|t| t.access == token && !t.revoked && now < t.expires_at)
}
