//! The authorize request and its callback: building the URL a user opens, and turning the
//! redirect that comes back into an [`AuthorizationCode`], or into the error it carries.
//!
//! A [`PendingAuthorization`] is what ties the two together: the state, the PKCE verifier and
//! the redirect URI of one request. Completing it consumes it, so a state is used once; a web
//! service that cannot keep it on the stack keeps it in [`PendingFlows`], which hands each
//! one out once.

use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Mutex;
use std::time::Duration;

use secrecy::SecretString;
use tokio::time::Instant;
use url::Url;

use auth_vocab::Pkce;

use super::state::CsrfState;
use crate::client::Client;
use crate::error::Error;
use crate::exchange::AuthorizationCode;
use crate::pkce::PkceVerifier;
use crate::provider::Provider;

/// What one authorize request asks for beyond the declaration.
#[derive(Debug, Default, Clone)]
pub struct AuthorizeOptions {
    redirect_uri: Option<String>,
    scopes: Option<Vec<String>>,
    params: Vec<(String, String)>,
}

impl AuthorizeOptions {
    /// Where the provider sends the user back (default: the provider's `redirect_uri`
    /// setting). The code exchange sends exactly this value again.
    pub fn redirect_uri(mut self, redirect_uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(redirect_uri.into());
        self
    }

    /// The scopes to ask for, joined with the provider's separator (default: the provider's
    /// `scope` setting, if any).
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// One more query parameter (`login_hint`…).
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }
}

/// One authorize request waiting for its callback. Not `Clone`: it is completed once. Its
/// `Debug` leaves out the URL's query, which carries the state.
pub struct PendingAuthorization {
    provider: &'static str,
    url: Url,
    state: CsrfState,
    verifier: Option<PkceVerifier>,
    redirect_uri: String,
    created: Instant,
}

impl Client {
    /// Builds the authorize URL for `provider`, with a fresh state and, where declared, a
    /// PKCE challenge. Send the user to [`PendingAuthorization::url`], keep the pending
    /// request, and complete it with the redirect.
    pub fn authorize_url<P: Provider>(
        &self,
        provider: &P,
        options: AuthorizeOptions,
    ) -> Result<PendingAuthorization, Error> {
        let info = P::INFO;
        let parts = provider.authorize_parts().ok_or(Error::Unsupported {
            provider: info.name,
            what: "the authorization code flow (no authorize_endpoint is declared)",
        })??;
        let client_id = parts.client_id.ok_or_else(|| Error::InvalidSetting {
            setting: "client_id",
            reason: "is required for the authorize request".into(),
        })?;
        let redirect_uri = match (options.redirect_uri, parts.redirect_uri) {
            (Some(uri), _) => uri,
            (None, Some(uri)) => uri.expose_text().into_owned(),
            (None, None) => {
                return Err(Error::config(format!(
                    "{}: the authorize request needs a redirect_uri: declare a redirect_uri field or set AuthorizeOptions::redirect_uri",
                    info.name
                )))
            }
        };
        let scope = match options.scopes {
            Some(scopes) => Some(scopes.join(info.scope_separator)),
            None => parts.scope.map(|s| s.expose_text().into_owned()),
        };
        let state = CsrfState::generate()?;
        let verifier = if info.pkce == Pkce::S256 {
            Some(PkceVerifier::generate()?)
        } else {
            None
        };

        let mut url = self.endpoint(parts.url)?;
        {
            let mut query = url.query_pairs_mut();
            query
                .append_pair("response_type", "code")
                .append_pair("client_id", &client_id.expose_text())
                .append_pair("redirect_uri", &redirect_uri);
            if let Some(scope) = scope.as_deref().filter(|s| !s.is_empty()) {
                query.append_pair("scope", scope);
            }
            query.append_pair("state", state.as_str());
            if let Some(verifier) = &verifier {
                query
                    .append_pair("code_challenge", &verifier.challenge())
                    .append_pair("code_challenge_method", "S256");
            }
            for (name, value) in info.authorize_params {
                query.append_pair(name, value);
            }
            for (name, value) in &options.params {
                query.append_pair(name, value);
            }
        }
        Ok(PendingAuthorization {
            provider: info.name,
            url,
            state,
            verifier,
            redirect_uri,
            created: Instant::now(),
        })
    }
}

impl std::fmt::Debug for PendingAuthorization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut endpoint = self.url.clone();
        endpoint.set_query(None);
        f.debug_struct("PendingAuthorization")
            .field("provider", &self.provider)
            .field("endpoint", &endpoint.as_str())
            .field("redirect_uri", &self.redirect_uri)
            .field("pkce", &self.verifier.is_some())
            .finish()
    }
}

impl PendingAuthorization {
    /// The URL to send the user to.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The state the redirect must bring back.
    pub fn state(&self) -> &CsrfState {
        &self.state
    }

    /// The redirect URI the request named (the exchange sends it again).
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Reads the redirect (a full URL, or its query string) and returns the code to exchange,
    /// with the redirect URI and PKCE verifier of this request. A missing, mismatched or
    /// repeated state is refused before anything else is looked at; an `error` becomes
    /// [`Error::AuthorizationDenied`].
    pub fn complete(self, callback: &str) -> Result<AuthorizationCode, Error> {
        let params = Callback::parse(self.provider, callback)?;
        let returned = params.state.ok_or(Error::StateMismatch {
            provider: self.provider,
            reason: "the redirect carries no state",
        })?;
        if !self.state.matches(&returned) {
            return Err(Error::StateMismatch {
                provider: self.provider,
                reason: "the state does not match the one sent",
            });
        }
        if let Some(code) = params.error {
            return Err(Error::AuthorizationDenied {
                provider: self.provider,
                code: code.into(),
                description: params.error_description,
            });
        }
        let code = params
            .code
            .filter(|c| !c.is_empty())
            .ok_or_else(|| Error::InvalidCallback {
                provider: self.provider,
                reason: "the redirect carries neither a code nor an error".into(),
            })?;
        Ok(AuthorizationCode {
            code: SecretString::from(code),
            redirect_uri: Some(self.redirect_uri),
            pkce_verifier: self.verifier,
        })
    }
}

/// The parameters of a redirect to the callback.
pub(crate) struct Callback {
    state: Option<String>,
    code: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

impl Callback {
    pub(crate) fn parse(provider: &'static str, callback: &str) -> Result<Callback, Error> {
        let query = match Url::parse(callback) {
            Ok(url) => url.query().unwrap_or_default().to_owned(),
            Err(_) => callback.trim_start_matches('?').to_owned(),
        };
        let mut out = Callback {
            state: None,
            code: None,
            error: None,
            error_description: None,
        };
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            let slot = match name.as_ref() {
                "state" => &mut out.state,
                "code" => &mut out.code,
                "error" => &mut out.error,
                "error_description" => &mut out.error_description,
                _ => continue,
            };
            if slot.replace(value.into_owned()).is_some() {
                // Two values for one name: which one the provider meant is anyone's guess.
                return Err(Error::InvalidCallback {
                    provider,
                    reason: format!("`{name}` is given twice"),
                });
            }
        }
        Ok(out)
    }

    /// Only the state, for finding the pending request.
    fn state_of(provider: &'static str, callback: &str) -> Result<Option<String>, Error> {
        Ok(Callback::parse(provider, callback)?.state)
    }
}

/// Pending authorize requests of a web service, each handed out once, by its state. Requests
/// older than the time to live are forgotten.
pub struct PendingFlows<P: Provider> {
    pending: Mutex<HashMap<String, PendingAuthorization>>,
    ttl: Duration,
    provider: PhantomData<fn() -> P>,
}

impl<P: Provider> PendingFlows<P> {
    /// Keeps requests for `ttl` (ten minutes is usual: a user who takes longer starts again).
    pub fn new(ttl: Duration) -> Self {
        PendingFlows {
            pending: Mutex::new(HashMap::new()),
            ttl,
            provider: PhantomData,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, PendingAuthorization>> {
        self.pending
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Keeps `pending` until its callback.
    pub fn insert(&self, pending: PendingAuthorization) {
        let mut map = self.lock();
        let ttl = self.ttl;
        map.retain(|_, p| p.created.elapsed() < ttl);
        map.insert(pending.state.as_str().to_owned(), pending);
    }

    /// Completes the pending request the callback's state names, once: a second callback
    /// with the same state is refused, as is one whose state was never issued or expired.
    pub fn complete(&self, callback: &str) -> Result<AuthorizationCode, Error> {
        let name = P::INFO.name;
        let state = Callback::state_of(name, callback)?.ok_or(Error::StateMismatch {
            provider: name,
            reason: "the redirect carries no state",
        })?;
        let pending = self
            .lock()
            .remove(&state)
            .filter(|p| p.created.elapsed() < self.ttl)
            .ok_or(Error::StateMismatch {
                provider: name,
                reason: "the state is unknown, expired or already used",
            })?;
        pending.complete(callback)
    }
}
