//! Where the emulator answers, found in the declaration (the token, authorize and validity
//! endpoints, the API base), and the dispatch of each request to its endpoint.

use std::sync::Mutex;

use serde_json::json;
use url::Url;

use super::assertion::Verifier;
use super::check::Mismatch;
use super::reply;
use super::server::{Received, Reply};
use super::state::{lock, State};
use super::EmulatorConfig;
use crate::error::Error;
use crate::exchange::{AuthorizationCode, Exchange};
use crate::provider::Provider;
use crate::request::TokenRequest;

/// Where the emulator answers, taken from the provider's filled endpoints.
pub(super) struct Routes {
    /// None for a static credential, which has no token endpoint.
    pub(super) token: Option<String>,
    /// The token endpoint's own query pairs, in order (`grant_type=account_credentials`).
    pub(super) token_query: Vec<(String, String)>,
    pub(super) authorize: Option<String>,
    pub(super) validity: Option<String>,
    /// Where `renew = "token"` presents the current token.
    pub(super) renew: Option<String>,
    /// A two-step login's second step.
    pub(super) second: Option<String>,
    /// The device authorization endpoint.
    pub(super) device: Option<String>,
    pub(super) api: Option<String>,
}

impl Routes {
    /// The paths the emulator answers at, from the provider's endpoints as its settings fill them.
    pub(super) fn of<P: Provider>(
        provider: &P,
        sample: Option<&TokenRequest>,
    ) -> Result<Self, Error> {
        let token_url = sample.map(TokenRequest::url);
        let path = |url: Result<Url, Error>| url.map(|u| u.path().to_owned());
        Ok(Routes {
            token: token_url.map(|url| url.path().to_owned()),
            token_query: token_url
                .map(|url| url.query_pairs().into_owned().collect())
                .unwrap_or_default(),
            authorize: provider
                .authorize_parts()
                .map(|p| path(p.map(|p| p.url)))
                .transpose()?,
            validity: provider.validity_url().map(path).transpose()?,
            renew: provider.renew_url().map(path).transpose()?,
            second: provider.second_step_url().map(path).transpose()?,
            device: match P::INFO.has_device_flow() {
                true => Some(path(
                    provider
                        .token_request(&Exchange::DeviceAuthorization)
                        .map(|r| r.url().clone()),
                )?),
                false => None,
            },
            api: match provider.api_base() {
                Some(url) => Some(path(url)?),
                // The API base the emulator's tokens name (`api_base_from`).
                None if !P::INFO.api_base_from().is_empty() => Some(path(
                    Url::parse(super::reply::API_BASE_FROM)
                        .map_err(|e| Error::config_caused_by("the emulated API base", e)),
                )?),
                None => None,
            },
        })
    }
}

/// The token request the declaration sends to log in, or to exchange a code when it cannot log
/// in: where the token endpoint is, and how the client authenticates, whatever the grant.
/// `None` for a static credential, which sends none.
pub(super) fn sample_request<P: Provider>(provider: &P) -> Result<Option<TokenRequest>, Error> {
    if P::INFO.grant().is_static() {
        return Ok(None);
    }
    let code = AuthorizationCode::new("route");
    let device_code = secrecy::SecretString::from("route");
    provider
        .token_request(&Exchange::Login)
        .or_else(|_| provider.token_request(&Exchange::AuthorizationCode(&code)))
        .or_else(|_| {
            provider.token_request(&Exchange::DeviceCode {
                device_code: &device_code,
            })
        })
        .map(Some)
}

/// The provider, its configuration and its routes: what answering a request needs.
pub(super) struct Emulated<P> {
    pub(super) provider: P,
    /// Other identities whose requests it answers too ([`super::Emulator::admit`]).
    pub(super) admitted: std::sync::RwLock<Vec<P>>,
    pub(super) config: EmulatorConfig,
    pub(super) routes: Routes,
    /// For a provider that authenticates with a client assertion.
    pub(super) verifier: Option<Verifier>,
    /// Where the emulator listens, for the URLs it hands out.
    pub(super) address: std::net::SocketAddr,
    /// `http`, or `https` for mutual TLS.
    pub(super) scheme: &'static str,
    /// The client certificate (DER) every request must come with, for mutual TLS.
    pub(super) certificate: Option<Vec<u8>>,
}

impl<P: Provider> Emulated<P> {
    /// Records `request` and answers it at its endpoint; a 404 elsewhere.
    pub(super) fn answer(&self, state: &Mutex<State>, request: Received) -> Reply {
        let mut state = lock(state);
        state.requests.push(request.clone());
        let path = request.path.as_str();
        if self.routes.token.as_deref() == Some(path) {
            return self.token_endpoint(&mut state, &request);
        }
        if self.routes.device.as_deref() == Some(path) {
            return self.device_endpoint(&mut state, &request);
        }
        if self.routes.second.as_deref() == Some(path) {
            return self.second_step(&mut state, &request);
        }
        if self.routes.authorize.as_deref() == Some(path) {
            return self.authorize_endpoint(&mut state, &request);
        }
        if self.routes.renew.as_deref() == Some(path) {
            return self.renew_endpoint(&mut state, &request);
        }
        if self.routes.validity.as_deref() == Some(path) {
            return self.validity_endpoint(&state, &request);
        }
        if let Some(api) = self.routes.api.as_deref() {
            if path.starts_with(api) {
                return self.api_route(&state, &request);
            }
        }
        reply::json_reply(
            404,
            &json!({"error": "not_found", "error_description": format!("nothing at {path}")}),
        )
    }

    /// The refusal for a request that is not the declaration's, in the provider's words.
    pub(super) fn refuse(&self, mismatch: Mismatch) -> Reply {
        reply::refusal(
            P::INFO,
            mismatch.status,
            mismatch.code,
            &mismatch.description,
        )
    }
}
