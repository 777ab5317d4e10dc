//! The authorize endpoint: the user grants at once, and the redirect brings a single-use code
//! (bound to the redirect URI and, with PKCE, to the challenge) and the request's state.

use std::collections::HashMap;

use serde_json::json;
use url::Url;

use super::reply;
use super::routes::Emulated;
use super::server::{Received, Reply};
use super::state::{PendingCode, State};
use crate::provider::Provider;

impl<P: Provider> Emulated<P> {
    /// The user grants at once: a redirect with a fresh code and the request's state.
    pub(super) fn authorize_endpoint(&self, state: &mut State, request: &Received) -> Reply {
        let query: HashMap<String, String> =
            url::form_urlencoded::parse(request.query.as_deref().unwrap_or_default().as_bytes())
                .into_owned()
                .collect();
        let parts = self.provider.authorize_parts().and_then(Result::ok);
        let client_id = parts
            .as_ref()
            .and_then(|p| p.client_id.as_ref())
            .map(|c| c.expose_text().into_owned());
        let bad = |why: &str| {
            reply::json_reply(
                400,
                &json!({"error": "invalid_request", "error_description": why}),
            )
        };
        if query.get("response_type").map(String::as_str) != Some("code") {
            return bad("response_type must be code");
        }
        if query.get("client_id") != client_id.as_ref() {
            return bad("unknown client_id");
        }
        let (Some(redirect_uri), Some(state_param)) =
            (query.get("redirect_uri"), query.get("state"))
        else {
            return bad("redirect_uri and state are required");
        };
        let challenge = match (
            P::INFO.pkce == auth_vocab::Pkce::S256,
            query.get("code_challenge"),
            query.get("code_challenge_method"),
        ) {
            (false, _, _) => None,
            (true, Some(challenge), Some(method)) if method == "S256" => Some(challenge.clone()),
            (true, _, _) => return bad("a PKCE S256 code_challenge is required"),
        };
        state.counter += 1;
        let code = format!("{}-code-{}", P::INFO.name, state.counter);
        state.codes.insert(
            code.clone(),
            PendingCode {
                redirect_uri: redirect_uri.clone(),
                challenge,
            },
        );
        let mut location = match Url::parse(redirect_uri) {
            Ok(url) => url,
            Err(_) => return bad("redirect_uri is not a URL"),
        };
        location
            .query_pairs_mut()
            .append_pair("code", &code)
            .append_pair("state", state_param);
        Reply::Full {
            status: 302,
            headers: vec![("location".into(), location.to_string())],
            body: Vec::new(),
        }
    }
}
