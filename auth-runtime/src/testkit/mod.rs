//! Offline emulators of declared providers (feature `testkit`): a loopback server for any
//! `#[derive(Provider)]` type, driven by its declaration, that a session, a test or `authctl`
//! points at with the origin override.
//!
//! ```no_run
//! # async fn run() -> Result<(), auth_runtime::Error> {
//! use auth_runtime::testkit::{Emulator, Fault};
//! use auth_runtime::{SecretString, Session};
//! # #[derive(auth_runtime::Provider, Clone)]
//! # #[oauth(grant = "password", encoding = "form", endpoint = "https://api.example.com/token")]
//! # struct IAdvize { #[oauth(username)] username: String, #[oauth(password)] password: SecretString }
//!
//! let iadvize = IAdvize { username: "me@shop.example".into(), password: SecretString::from("pw") };
//! let emulator = Emulator::start(iadvize.clone()).await?;       // expects these credentials
//! let session = Session::builder(iadvize).client(emulator.client()?).build()?;
//! session.token().await?;                                       // a real login, over loopback
//! emulator.inject(Fault::ServerError);                          // the next token request fails
//! # Ok(()) }
//! ```
//!
//! What it does, from the declaration alone:
//! - It expects exactly the requests the declaration would send with the settings it was
//!   started with (method, path, query, content type, client authentication, headers, every
//!   parameter and its JSON type) and answers a wrong one as a real server would: 400
//!   `invalid_request` for a malformed request, 401 `invalid_client` for bad client
//!   credentials, 400 `invalid_grant` for a wrong password, code or refresh token (or, for a
//!   provider with a success flag, a 200 with `success: false`), always saying what was wrong.
//! - A token endpoint's fixed query (`/token?grant_type=account_credentials`) is required
//!   exactly and first; with `encoding = "query"` the request's parameters follow it, and with
//!   any other encoding nothing may.
//! - A client assertion (`private_key_jwt`, RFC 7523 section 3) is checked as an authorization
//!   server does: `client_assertion_type`, the declared algorithm, the signature against the
//!   public half of the `private_key` the emulator was started with, `iss` and `sub` the client
//!   id, `aud` the token endpoint's URL on the emulator ([`Emulator::url`]), `exp` in the future
//!   and at most ten minutes away, `nbf` and `iat` not in the future (30 seconds of leeway), and
//!   a `jti` used once. Each failure is a 401 `invalid_client` saying what was wrong, never
//!   quoting the assertion.
//! - It issues tokens in the declared response shape (envelope, success flag, GraphQL `data`,
//!   the refresh-token sentinel), with a configurable lifetime; rotates refresh tokens; issues
//!   single-use codes at the authorize endpoint (checking PKCE); answers the validity endpoint
//!   and a protected API route at the API base; applies the declared login rate limit; and can
//!   revoke older tokens on each new one (Altrata).
//! - It records every request, and injects one-shot [`Fault`]s.
//!
//! **It cannot catch a declaration that misreads the provider's documents**: it is generated
//! from that same declaration, so client and emulator agree even when both are wrong. The
//! wire-format tests written from the provider's documents (for the seed providers,
//! `tests/tests/<provider>.rs` in the repository) stay the authority; the emulator is for
//! testing what is built on top.

mod assertion;
mod check;
mod reply;
mod server;

use std::collections::{HashMap, VecDeque};
use std::marker::PhantomData;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use secrecy::SecretString;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tokio::task::JoinHandle;
use tokio::time::Instant;
use url::Url;

pub use server::Received;

use crate::client::Client;
use crate::endpoint::Origin;
use crate::error::Error;
use auth_vocab::Renew;

use crate::exchange::{AuthorizationCode, Exchange};
use crate::provider::Provider;
use crate::request::TokenRequest;
use assertion::{SpentJtis, Verifier};
use check::Mismatch;
use server::Reply;

/// A one-shot misbehaviour of the token endpoint: the next token request gets it (the next
/// refresh, for [`Fault::InvalidGrantOnNextRefresh`]), and the one after is answered normally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// A 502 with an HTML error page.
    ServerError,
    /// A 429 with `Retry-After`.
    TooManyRequests {
        /// What `Retry-After` says.
        retry_after: Duration,
    },
    /// No answer for this long (past the client's timeout).
    Stall(Duration),
    /// A 200 whose body stops halfway.
    TruncatedBody,
    /// `invalid_grant` on the next refresh, as when a refresh token was revoked.
    InvalidGrantOnNextRefresh,
    /// An error inside a 200.
    ErrorIn200,
}

/// How an emulator behaves beyond the declaration.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// The lifetime of the tokens it issues (default one hour).
    pub token_lifetime: Duration,
    /// Whether a new token revokes every older one, as Altrata's do (default no).
    pub revoke_older_tokens: bool,
    /// Whether `expires_in` is sent as a string, as Tali does (default no).
    pub expires_in_as_string: bool,
    /// Where the protected API route is, for a provider that declares no `api_base` (Altrata's
    /// API lives at each service's own GraphQL URL); default: under the API base.
    pub api_path: Option<String>,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            token_lifetime: Duration::from_secs(3600),
            revoke_older_tokens: false,
            expires_in_as_string: false,
            api_path: None,
        }
    }
}

/// A running emulator of provider `P`; stopped when dropped.
pub struct Emulator<P: Provider> {
    address: SocketAddr,
    state: Arc<Mutex<State>>,
    task: JoinHandle<()>,
    provider: PhantomData<fn() -> P>,
}

struct Issued {
    access: String,
    expires_at: Instant,
    revoked: bool,
}

struct PendingCode {
    redirect_uri: String,
    challenge: Option<String>,
}

#[derive(Default)]
struct State {
    issued: Vec<Issued>,
    live_refresh: Vec<String>,
    codes: HashMap<String, PendingCode>,
    logins: VecDeque<Instant>,
    faults: VecDeque<Fault>,
    requests: Vec<Received>,
    counter: u64,
    spent_jtis: SpentJtis,
}

/// Where the emulator answers, taken from the provider's filled endpoints.
struct Routes {
    token: String,
    /// The token endpoint's own query pairs, in order (`grant_type=account_credentials`).
    token_query: Vec<(String, String)>,
    authorize: Option<String>,
    validity: Option<String>,
    api: Option<String>,
}

impl<P: Provider> Emulator<P> {
    /// Starts an emulator expecting `provider`'s settings, with the default configuration.
    pub async fn start(provider: P) -> Result<Self, Error> {
        Self::start_with(provider, EmulatorConfig::default()).await
    }

    /// Starts an emulator expecting `provider`'s settings.
    ///
    /// A provider that authenticates with a client assertion (`private_key_jwt`) has its
    /// assertions checked against the public half of its `private_key`; a key that is not a
    /// PEM private key for the declared algorithm is an [`Error::InvalidSetting`].
    pub async fn start_with(provider: P, config: EmulatorConfig) -> Result<Self, Error> {
        let sample = sample_request(&provider)?;
        let mut routes = routes(&provider, &sample)?;
        if let Some(api) = &config.api_path {
            routes.api = Some(api.clone());
        }
        let (listener, address) = server::bind()
            .await
            .map_err(|e| Error::config_caused_by("cannot start the emulator", e))?;
        // The client signs for the token endpoint as it reaches it: on the emulator.
        let verifier = sample
            .assertion_key()
            .map(|key| Verifier::new(key, format!("http://{address}{}", routes.token)))
            .transpose()?;
        let state = Arc::new(Mutex::new(State::default()));
        let handler_state = Arc::clone(&state);
        let emulated = Arc::new(Emulated {
            provider,
            config,
            routes,
            verifier,
        });
        let handler: server::Handler =
            Arc::new(move |request| emulated.answer(&handler_state, request));
        let task = server::serve(listener, handler);
        Ok(Emulator {
            address,
            state,
            task,
            provider: PhantomData,
        })
    }

    /// The emulator's origin, `http://127.0.0.1:PORT`.
    pub fn origin(&self) -> Origin {
        Origin::parse(&format!("http://{}", self.address)).expect("a socket address is an origin")
    }

    /// A client whose requests go to the emulator.
    pub fn client(&self) -> Result<Client, Error> {
        Client::builder().origin(self.origin()).build()
    }

    /// The URL of `path` on the emulator.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Makes the next token request (or refresh) misbehave.
    pub fn inject(&self, fault: Fault) {
        lock(&self.state).faults.push_back(fault);
    }

    /// Forgets faults not yet used.
    pub fn clear_faults(&self) {
        lock(&self.state).faults.clear();
    }

    /// Every request received, oldest first.
    pub fn requests(&self) -> Vec<Received> {
        lock(&self.state).requests.clone()
    }

    /// How many tokens were issued.
    pub fn issued(&self) -> usize {
        lock(&self.state).issued.len()
    }
}

impl<P: Provider> Drop for Emulator<P> {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The token request the declaration sends to log in, or to exchange a code when it cannot log
/// in: where the token endpoint is, and how the client authenticates, whatever the grant.
fn sample_request<P: Provider>(provider: &P) -> Result<TokenRequest, Error> {
    let code = AuthorizationCode::new("route");
    provider
        .token_request(&Exchange::Login)
        .or_else(|_| provider.token_request(&Exchange::AuthorizationCode(&code)))
}

fn routes<P: Provider>(provider: &P, sample: &TokenRequest) -> Result<Routes, Error> {
    let token_url = sample.url();
    let path = |url: Result<Url, Error>| url.map(|u| u.path().to_owned());
    Ok(Routes {
        token: token_url.path().to_owned(),
        token_query: token_url.query_pairs().into_owned().collect(),
        authorize: provider
            .authorize_parts()
            .map(|p| path(p.map(|p| p.url)))
            .transpose()?,
        validity: provider.validity_url().map(path).transpose()?,
        api: provider.api_base().map(path).transpose()?,
    })
}

/// The provider, its configuration and its routes: what answering a request needs.
struct Emulated<P> {
    provider: P,
    config: EmulatorConfig,
    routes: Routes,
    /// For a provider that authenticates with a client assertion.
    verifier: Option<Verifier>,
}

impl<P: Provider> Emulated<P> {
    fn answer(&self, state: &Mutex<State>, request: Received) -> Reply {
        let mut state = lock(state);
        state.requests.push(request.clone());
        let path = request.path.as_str();
        if path == self.routes.token {
            return self.token_endpoint(&mut state, &request);
        }
        if self.routes.authorize.as_deref() == Some(path) {
            return self.authorize_endpoint(&mut state, &request);
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

    fn refuse(&self, mismatch: Mismatch) -> Reply {
        reply::refusal(
            P::INFO,
            mismatch.status,
            mismatch.code,
            &mismatch.description,
        )
    }

    fn token_endpoint(&self, state: &mut State, request: &Received) -> Reply {
        if let Some(reply) = take_fault(state, P::INFO) {
            return reply;
        }
        let received = match check::params_of(P::INFO, &self.routes.token_query, request) {
            Ok(received) => received,
            Err(mismatch) => return self.refuse(mismatch),
        };
        let result = match check::text(&received, "grant_type") {
            Some("refresh_token") => self.refresh(state, request, &received),
            Some("authorization_code") => self.exchange(state, request, &received),
            _ => self.login(state, request, &received),
        };
        result.unwrap_or_else(|mismatch| self.refuse(mismatch))
    }

    /// Checks a request against what the declaration sends for `grant`, and its client
    /// assertion if it authenticates with one (spending the assertion).
    fn expect(
        &self,
        state: &mut State,
        grant: &Exchange<'_>,
        request: &Received,
        received: &[(String, Value)],
    ) -> Result<(), Mismatch> {
        let expected = self.provider.token_request(grant).map_err(|_| Mismatch {
            status: 400,
            code: "unsupported_grant_type",
            description: "this provider does not take that grant".into(),
        })?;
        check::transport(&expected, request)?;
        let mut params = check::expected_params(P::INFO, &expected);
        if self.verifier.is_some() {
            // Signed per request, for the URL it goes to: checked below, not by value.
            params.push(("client_assertion", Value::Null));
        }
        check::params(&params, received)?;
        match &self.verifier {
            Some(verifier) => verifier.check(received, &mut state.spent_jtis),
            None => Ok(()),
        }
    }

    fn login(
        &self,
        state: &mut State,
        request: &Received,
        received: &[(String, Value)],
    ) -> Result<Reply, Mismatch> {
        self.expect(state, &Exchange::Login, request, received)?;
        if let Some(limit) = P::INFO.login_rate_limit {
            let now = Instant::now();
            while state
                .logins
                .front()
                .is_some_and(|t| now.duration_since(*t) >= limit.per())
            {
                state.logins.pop_front();
            }
            if state.logins.len() >= limit.max() as usize {
                let wait = (state.logins[0] + limit.per()).saturating_duration_since(now);
                return Ok(too_many(wait));
            }
            state.logins.push_back(now);
        }
        // RFC 6749 section 4.4.3: no refresh token for client credentials.
        let with_refresh = P::INFO.grant != auth_vocab::Grant::ClientCredentials;
        Ok(self.issue(state, with_refresh))
    }

    fn refresh(
        &self,
        state: &mut State,
        request: &Received,
        received: &[(String, Value)],
    ) -> Result<Reply, Mismatch> {
        let refresh_token = check::text(received, "refresh_token")
            .unwrap_or_default()
            .to_owned();
        let secret = SecretString::from(refresh_token.clone());
        self.expect(
            state,
            &Exchange::Refresh {
                refresh_token: &secret,
            },
            request,
            received,
        )?;
        let revoked = take_refresh_fault(state);
        let Some(position) = state
            .live_refresh
            .iter()
            .position(|t| *t == refresh_token)
            .filter(|_| !revoked)
        else {
            return Err(invalid_grant(
                "the refresh token is unknown, used or revoked",
            ));
        };
        state.live_refresh.remove(position); // rotation: each refresh token is good once
        Ok(self.issue(state, true))
    }

    fn exchange(
        &self,
        state: &mut State,
        request: &Received,
        received: &[(String, Value)],
    ) -> Result<Reply, Mismatch> {
        let code = check::text(received, "code").unwrap_or_default().to_owned();
        let redirect_uri = check::text(received, "redirect_uri").map(str::to_owned);
        let pending = AuthorizationCode {
            redirect_uri: redirect_uri.clone(),
            ..AuthorizationCode::new(code.clone())
        };
        // The expected request has no verifier (the emulator never saw it); it is checked
        // against the code's challenge below.
        let without_verifier: Vec<(String, Value)> = received
            .iter()
            .filter(|(n, _)| n != "code_verifier")
            .cloned()
            .collect();
        self.expect(
            state,
            &Exchange::AuthorizationCode(&pending),
            request,
            &without_verifier,
        )?;
        let issued = state
            .codes
            .remove(&code)
            .ok_or_else(|| invalid_grant("the code is unknown or was used"))?;
        if redirect_uri.as_deref() != Some(issued.redirect_uri.as_str()) {
            return Err(invalid_grant(
                "redirect_uri differs from the authorize request's",
            ));
        }
        if let Some(challenge) = issued.challenge {
            let verifier = check::text(received, "code_verifier")
                .ok_or_else(|| invalid_grant("code_verifier is missing"))?;
            if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != challenge {
                return Err(invalid_grant(
                    "code_verifier does not match the code_challenge",
                ));
            }
        }
        Ok(self.issue(state, true))
    }

    /// A new token; with a refresh token when `with_refresh` and the declaration renews by refresh (`renew = "refresh"`).
    fn issue(&self, state: &mut State, with_refresh: bool) -> Reply {
        state.counter += 1;
        let n = state.counter;
        if self.config.revoke_older_tokens {
            state.issued.iter_mut().for_each(|t| t.revoked = true);
        }
        let access = format!("{}-access-{n}", P::INFO.name);
        let refresh = (with_refresh && P::INFO.renew == Renew::Refresh)
            .then(|| format!("{}-refresh-{n}", P::INFO.name));
        if let Some(refresh) = &refresh {
            state.live_refresh.push(refresh.clone());
        }
        state.issued.push(Issued {
            access: access.clone(),
            expires_at: Instant::now() + self.config.token_lifetime,
            revoked: false,
        });
        let lifetime = self.config.token_lifetime.as_secs();
        let body = reply::token(
            P::INFO,
            &access,
            refresh.as_deref(),
            lifetime,
            self.config.expires_in_as_string,
        );
        reply::json_reply(200, &body)
    }

    /// The user grants at once: a redirect with a fresh code and the request's state.
    fn authorize_endpoint(&self, state: &mut State, request: &Received) -> Reply {
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

    fn validity_endpoint(&self, state: &State, request: &Received) -> Reply {
        if live_bearer(state, request) {
            reply::json_reply(200, &json!({"authenticated": true}))
        } else {
            reply::json_reply(
                401,
                &json!({"error_description": "access token not valid", "error": "invalid_token"}),
            )
        }
    }

    fn api_route(&self, state: &State, request: &Received) -> Reply {
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

fn invalid_grant(description: &str) -> Mismatch {
    Mismatch {
        status: 400,
        code: "invalid_grant",
        description: description.into(),
    }
}

fn too_many(wait: Duration) -> Reply {
    Reply::Full {
        status: 429,
        headers: vec![("retry-after".into(), wait.as_secs().max(1).to_string())],
        body: b"{\"error\": \"too_many_requests\"}".to_vec(),
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

/// The reply for the next fault, if one is waiting (refresh-only faults wait for a refresh).
fn take_fault(state: &mut State, info: &crate::info::ProviderInfo) -> Option<Reply> {
    let position = state
        .faults
        .iter()
        .position(|f| *f != Fault::InvalidGrantOnNextRefresh)?;
    let fault = state.faults.remove(position)?;
    Some(match fault {
        Fault::ServerError => Reply::Full {
            status: 502,
            headers: vec![("content-type".into(), "text/html".into())],
            body: b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>".to_vec(),
        },
        Fault::TooManyRequests { retry_after } => too_many(retry_after),
        Fault::Stall(duration) => Reply::Stall(duration),
        Fault::TruncatedBody => Reply::Truncated {
            body: br#"{"access_token": "truncated-token-value", "expires_in": 3600}"#.to_vec(),
        },
        Fault::ErrorIn200 => reply::error_in_200(info),
        Fault::InvalidGrantOnNextRefresh => unreachable!("skipped above"),
    })
}

fn take_refresh_fault(state: &mut State) -> bool {
    match state
        .faults
        .iter()
        .position(|f| *f == Fault::InvalidGrantOnNextRefresh)
    {
        Some(position) => state.faults.remove(position).is_some(),
        None => false,
    }
}
