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
//! - A signed assertion (RFC 7523 section 3), a client's (`private_key_jwt`) or the grant's
//!   (`jwt_bearer`), is checked as an authorization server does: `client_assertion_type` for a
//!   client's, the declared algorithm, the signature against the public half of the
//!   `private_key` the emulator was started with, every declared claim (`iss` and `sub` the
//!   client id, for a client's), `aud` the declared audience or else the token endpoint's URL
//!   on the emulator ([`Emulator::url`]), `exp` in the future and at most the declared
//!   lifetime away, `nbf` and `iat` not in the future (30 seconds of leeway), and a `jti` used
//!   once. Each failure says what was wrong, never quoting the assertion: a 401
//!   `invalid_client` for a client's, a 400 `invalid_grant` for the grant's.
//! - The device authorization grant (RFC 8628) runs its states: the device endpoint issues
//!   codes (with [`EmulatorConfig::device_interval`] and `device_expires_in`); polls get
//!   `authorization_pending` until the test decides for the user ([`Emulator::approve_device`],
//!   [`Emulator::deny_device`]), `slow_down` (and 5 more seconds of interval) when sooner than
//!   the interval, `expired_token` after the codes expire, `access_denied` after a refusal, and
//!   one token after an approval.
//! - It issues tokens in the declared response shape (envelope, success flag, GraphQL `data`,
//!   the refresh-token sentinel), with a configurable lifetime; rotates refresh tokens; issues
//!   single-use codes at the authorize endpoint (checking PKCE); answers the validity endpoint
//!   and a protected API route at the API base; applies the declared login rate limit; and can
//!   revoke older tokens on each new one (Altrata).
//! - For a provider with a client certificate (mutual TLS, RFC 8705) it serves https, with a
//!   certificate authority of its own that [`Emulator::client`] trusts
//!   ([`Emulator::root_certificate_pem`] for a client built elsewhere); it asks each
//!   connection for a certificate and checks the handshake's signature with it; the token
//!   endpoint answers 401 `invalid_client` to a request without exactly the certificate the
//!   provider's settings hold, and the API route 401 `invalid_token` to a call without it:
//!   its tokens are bound to the certificate. [`self_signed_certificate`] makes one.
//! - It records every request, and injects one-shot [`Fault`]s.
//!
//! **It cannot catch a declaration that misreads the provider's documents**: it is generated
//! from that same declaration, so client and emulator agree even when both are wrong. The
//! wire-format tests written from the provider's documents (for the seed providers,
//! `tests/tests/<provider>.rs` in the repository) stay the authority; the emulator is for
//! testing what is built on top.
//!
//! The files: this one is the public API ([`Emulator`], [`EmulatorConfig`], [`Fault`]);
//! `routes.rs` finds the endpoints in the declaration and sends each request to its own;
//! `token_endpoint.rs` answers the grants (and the faults), `authorize.rs` issues codes,
//! `protected.rs` answers the validity endpoint and the API route; `state.rs` is what the
//! emulator remembers between requests; `check.rs` compares a request with the declaration's,
//! `assertion.rs` verifies signed assertions, `device.rs` runs device authorizations,
//! `tls.rs` serves mutual TLS, `reply.rs` shapes answers and `server.rs` puts them on the wire.

mod assertion;
mod authorize;
mod check;
mod device;
mod protected;
mod reply;
mod routes;
mod server;
mod state;
mod tls;
mod token_endpoint;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::task::JoinHandle;

pub use server::Received;
pub use tls::self_signed_certificate;

use crate::client::Client;
use crate::endpoint::Origin;
use crate::error::Error;
use crate::provider::Provider;
use assertion::Verifier;
use routes::{Emulated, Routes};
use state::{lock, State};

/// A one-shot misbehaviour of the token endpoint: the next token request gets it (the next
/// refresh, for [`Fault::InvalidGrantOnNextRefresh`]), and the one after is answered normally.
///
/// Non-exhaustive: the emulator can learn new ways to misbehave without breaking a `match` in a
/// test that reads faults.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
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
    /// The next token request is processed (a token issued, a refresh token rotated) at once,
    /// and answered only after this long: a slow provider.
    Slow(Duration),
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
    /// Whether a refresh token used a second time revokes every live token and refresh token,
    /// as providers with reuse detection do (RFC 9700 4.14.2): the symptom of two renewers
    /// racing. Counted either way ([`Emulator::refresh_reuses`]). Default no.
    pub refresh_reuse_revokes_all: bool,
    /// Whether `expires_in` is sent as a string, as Tali does (default no).
    pub expires_in_as_string: bool,
    /// Where the protected API route is, for a provider that declares no `api_base` (Altrata's
    /// API lives at each service's own GraphQL URL); default: under the API base.
    pub api_path: Option<String>,
    /// The least time between polls of a device authorization (default 5 s, RFC 8628's).
    pub device_interval: Duration,
    /// How long a device authorization's codes are good for (default ten minutes).
    pub device_expires_in: Duration,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            token_lifetime: Duration::from_secs(3600),
            revoke_older_tokens: false,
            refresh_reuse_revokes_all: false,
            expires_in_as_string: false,
            api_path: None,
            device_interval: crate::flow::DEFAULT_DEVICE_INTERVAL,
            device_expires_in: Duration::from_secs(600),
        }
    }
}

/// A running emulator of provider `P`; stopped when dropped.
pub struct Emulator<P: Provider> {
    address: SocketAddr,
    /// The root a client must trust, when the emulator serves https (mutual TLS).
    root_pem: Option<String>,
    state: Arc<Mutex<State>>,
    task: JoinHandle<()>,
    emulated: Arc<Emulated<P>>,
}

impl<P: Provider> Emulator<P> {
    /// Starts an emulator expecting `provider`'s settings, with the default configuration.
    pub async fn start(provider: P) -> Result<Self, Error> {
        Self::start_with(provider, EmulatorConfig::default()).await
    }

    /// Starts an emulator expecting `provider`'s settings.
    ///
    /// A provider that signs assertions (`private_key_jwt`, `jwt_bearer`) has them checked
    /// against the public half of its `private_key`; a key that is not a PEM private key for
    /// the declared algorithm is an [`Error::InvalidSetting`].
    pub async fn start_with(provider: P, config: EmulatorConfig) -> Result<Self, Error> {
        let sample = routes::sample_request(&provider)?;
        let mut routes = Routes::of(&provider, sample.as_ref())?;
        if let Some(api) = &config.api_path {
            routes.api = Some(api.clone());
        }
        let certificate = expected_certificate(&provider)?;
        let tls = certificate
            .as_ref()
            .map(|_| tls::ServerTls::new())
            .transpose()?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        let (listener, address) = server::bind()
            .await
            .map_err(|e| Error::config_caused_by("cannot start the emulator", e))?;
        // The client signs for the token endpoint as it reaches it (on the emulator), unless
        // the declaration names the audience.
        let verifier = sample
            .as_ref()
            .and_then(|sample| sample.assertion())
            .map(|assertion| {
                let token_path = routes.token.as_deref().unwrap_or_default();
                let token_url = url::Url::parse(&format!("{scheme}://{address}{token_path}"))
                    .map_err(|_| Error::config("the emulator's token URL does not parse"))?;
                Verifier::new(assertion, &token_url)
            })
            .transpose()?;
        let state = Arc::new(Mutex::new(State::default()));
        let handler_state = Arc::clone(&state);
        let emulated = Arc::new(Emulated {
            provider,
            admitted: std::sync::RwLock::default(),
            config,
            routes,
            verifier,
            address,
            scheme,
            certificate,
        });
        let handler_emulated = Arc::clone(&emulated);
        let handler: server::Handler =
            Arc::new(move |request| handler_emulated.answer(&handler_state, request));
        let root_pem = tls.as_ref().map(|tls| tls.root_pem.clone());
        let task = server::serve(listener, tls.map(|tls| tls.acceptor), handler);
        Ok(Emulator {
            address,
            root_pem,
            state,
            task,
            emulated,
        })
    }

    /// The emulator's origin, `http://127.0.0.1:PORT` (`https://` for a provider with a
    /// client certificate).
    pub fn origin(&self) -> Origin {
        Origin::parse(&self.url("")).expect("a socket address is an origin")
    }

    /// The certificate authority of the emulator's https (PEM), for a provider with a client
    /// certificate; `None` when it serves plain http.
    pub fn root_certificate_pem(&self) -> Option<&str> {
        self.root_pem.as_deref()
    }

    /// A client whose requests go to the emulator.
    pub fn client(&self) -> Result<Client, Error> {
        let mut client = Client::builder().origin(self.origin());
        if let Some(root) = &self.root_pem {
            client = client.add_root_certificate(root)?;
        }
        client.build()
    }

    /// The URL of `path` on the emulator.
    pub fn url(&self, path: &str) -> String {
        let scheme = if self.root_pem.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}{path}", self.address)
    }

    /// Approves the device authorization whose user code is `user_code`, as the user would at
    /// the verification URL; whether one was waiting for a decision.
    pub fn approve_device(&self, user_code: &str) -> bool {
        device::decide(&mut lock(&self.state), user_code, true)
    }

    /// Refuses the device authorization whose user code is `user_code`; whether one was
    /// waiting for a decision.
    pub fn deny_device(&self, user_code: &str) -> bool {
        device::decide(&mut lock(&self.state), user_code, false)
    }

    /// Answers `provider`'s requests too: another identity of the same provider (another user
    /// of one client), as a pool of sessions sends them. Its logins count apart from the
    /// others', or together with its client's for `login_rate_limit_per = "client"`.
    pub fn admit(&self, provider: P) {
        self.emulated
            .admitted
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(provider);
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

    /// How many times a refresh token already used was presented again: each is a rotated
    /// refresh token some renewer did not know had been replaced.
    pub fn refresh_reuses(&self) -> usize {
        lock(&self.state).refresh_reuses
    }
}

impl<P: Provider> Drop for Emulator<P> {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The certificate (DER) a provider's connections must present, from its settings; `None`
/// for a provider without one.
fn expected_certificate<P: Provider>(provider: &P) -> Result<Option<Vec<u8>>, Error> {
    let Some(identity) = provider.client_identity().transpose()? else {
        return Ok(None);
    };
    tls::first_certificate(identity.certificate_pem())
        .map(Some)
        .ok_or_else(|| Error::InvalidSetting {
            setting: "client_certificate",
            reason: "is not a PEM certificate".into(),
        })
}
