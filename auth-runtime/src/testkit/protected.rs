//! What a token is for: the validity endpoint and the protected API route, which accept only a
//! token the emulator issued, unexpired and not revoked (or, for a static credential, the one
//! the emulator was started with), carried where and as the declaration says.

use serde_json::json;
use tokio::time::Instant;

use super::reply;
use super::routes::Emulated;
use super::server::{Received, Reply};
use super::state::State;
use crate::info::AuthPlace;
use crate::provider::Provider;
use secrecy::ExposeSecret;

impl<P: Provider> Emulated<P> {
    /// The validity endpoint: 200 for a live token, 401 for any other.
    pub(super) fn validity_endpoint(&self, state: &State, request: &Received) -> Reply {
        // A token bound to a client certificate is valid only over a connection with it.
        if self.accepts(state, request) && self.presents_certificate(request).is_ok() {
            reply::json_reply(200, &json!({"authenticated": true}))
        } else {
            reply::json_reply(
                401,
                &json!({"error_description": "access token not valid", "error": "invalid_token"}),
            )
        }
    }

    /// The protected API route: a live token and every declared API header, or a refusal
    /// that says which is missing.
    pub(super) fn api_route(&self, state: &State, request: &Received) -> Reply {
        if !self.accepts(state, request) {
            return reply::json_reply(401, &json!({"error": "invalid_token"}));
        }
        // Its tokens are bound to the client certificate (RFC 8705 section 3).
        if let Err(description) = self.presents_certificate(request) {
            return reply::json_reply(
                401,
                &json!({"error": "invalid_token", "error_description": format!("the token is bound to a client certificate: {description}")}),
            );
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

impl<P: Provider> Emulated<P> {
    /// The `renew_endpoint` of `renew = "token"`: a live token presented as API calls carry
    /// it is revoked and replaced by a new one, as Jamf Pro's keep-alive does; any other is a
    /// 401.
    pub(super) fn renew_endpoint(&self, state: &mut State, request: &Received) -> Reply {
        if request.method != "POST" {
            return reply::json_reply(405, &json!({"error": "method_not_allowed"}));
        }
        let auth = P::INFO.api_auth();
        let presented = presented(auth.place(), request);
        let now = Instant::now();
        let live = state.issued.iter_mut().find(|t| {
            !t.revoked
                && now < t.expires_at
                && presented.as_deref() == Some(auth.render("Bearer", &t.access).as_str())
        });
        let Some(token) = live else {
            return reply::json_reply(401, &json!({"error": "invalid_token"}));
        };
        token.revoked = true;
        self.issue(state, false)
    }

    /// Whether the request carries, where and as the declaration says, the static credential
    /// the emulator was started with, or a token it issued, unexpired and not revoked.
    fn accepts(&self, state: &State, request: &Received) -> bool {
        let auth = P::INFO.api_auth();
        let Some(presented) = presented(auth.place(), request) else {
            return false;
        };
        let expected = |token_type: &str, token: &str| auth.render(token_type, token) == presented;
        if let Some(credential) = self.provider.static_credential() {
            return credential
                .is_ok_and(|c| expected(c.token_type(), c.access_token().expose_secret()));
        }
        let now = Instant::now();
        state.issued.iter().any(|t| {
            !t.revoked && !t.first_step && now < t.expires_at && expected("Bearer", &t.access)
        })
    }
}

impl<P: Provider> Emulated<P> {
    /// Whether the request's connection presented the client certificate the provider's
    /// settings hold, when they hold one (mutual TLS); else why not.
    pub(super) fn presents_certificate(&self, request: &Received) -> Result<(), &'static str> {
        match (&self.certificate, &request.client_certificate) {
            (None, _) => Ok(()),
            (Some(_), None) => Err("no client certificate was presented (mutual TLS)"),
            (Some(expected), Some(presented)) if expected == presented => Ok(()),
            (Some(_), Some(_)) => Err("the client certificate is not the one registered"),
        }
    }
}

/// The credential as the request carries it: the declared header's value, or the declared
/// query parameter's.
fn presented(place: AuthPlace, request: &Received) -> Option<String> {
    match place {
        AuthPlace::Header(name) => request.header(name).map(str::to_owned),
        AuthPlace::Query(name) => {
            let query = request.query.as_deref()?;
            url::form_urlencoded::parse(query.as_bytes())
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned())
        }
    }
}
