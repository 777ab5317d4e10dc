//! API calls through a session: where they may go, the headers they carry, and the one rule
//! for a rejected token, which [`Session::send`] and the `reqwest-middleware` layer both follow
//! ([`Session::call`]): a 401 renews once (unless another caller already did) and retries once
//! with the new token; a 403 is returned as is; a request whose body cannot be cloned (a
//! stream) is not retried.

use std::future::Future;

use url::Url;

use crate::client::{authenticate, credential_header, transport, ApiHeaders};
use crate::destination::{api_base_of, Destinations};
use crate::error::Error;
use crate::provider::Provider;
use crate::token::Token;

use super::{Inner, Session, TokenRef};

/// What API calls through a session work out once, on the first call: the provider's
/// settings do not change.
pub(super) struct Calls {
    /// Where API calls may carry the credentials.
    destinations: Destinations,
    /// The headers every API call carries, parsed.
    api_headers: Option<ApiHeaders>,
    /// The reqwest client that presents the provider's client certificate (mutual TLS), made
    /// on the first API call that needs it.
    certificate_http: std::sync::OnceLock<reqwest::Client>,
}

impl Calls {
    fn of<P: Provider>(inner: &Inner<P>) -> Calls {
        let mut destinations = Destinations::declared(&*inner.provider, inner.client.origin());
        for origin in &inner.allowed {
            destinations.allow(origin.url().origin());
        }
        Calls {
            destinations,
            api_headers: ApiHeaders::of(&*inner.provider),
            certificate_http: std::sync::OnceLock::new(),
        }
    }
}

/// How a request the session authenticated goes out: straight through a reqwest client
/// ([`Session::send`]) or down the rest of a middleware chain.
pub(crate) trait Transmit {
    /// What a failed send is, and what the session's own errors become.
    type Error;

    /// Sends `request`.
    fn transmit(
        &mut self,
        request: reqwest::Request,
    ) -> impl Future<Output = Result<reqwest::Response, Self::Error>> + Send;

    /// One of the session's errors (no token, a destination not allowed…) as [`Self::Error`].
    fn fail(error: Error) -> Self::Error;
}

/// Straight through the reqwest client a request was built on.
struct Direct {
    http: reqwest::Client,
    provider: &'static str,
}

impl Transmit for Direct {
    type Error = Error;

    async fn transmit(&mut self, request: reqwest::Request) -> Result<reqwest::Response, Error> {
        let provider = self.provider;
        self.http
            .execute(request)
            .await
            .map_err(|e| transport(provider, e))
    }

    fn fail(error: Error) -> Error {
        error
    }
}

impl<P: Provider> Session<P> {
    /// The declared API base URL (`api_base`), filled from the provider's settings; `None` when
    /// the declaration has none. It is the URL as declared: [`crate::Client::endpoint`] moves
    /// it to the client's origin override, if any.
    ///
    /// For a provider whose token names its API base (`api_base_from`, Salesforce's
    /// `instance_url`), the one of the token held: `None` until the session has a token.
    pub fn api_base(&self) -> Option<Result<Url, Error>> {
        if let Some(declared) = self.inner.provider.api_base() {
            return Some(declared);
        }
        let current = self.inner.current.load_full()?;
        api_base_of(P::INFO, &current.token)
    }

    /// The reqwest client for API calls to the provider: [`crate::Client::http_for`] of the
    /// session's client, which presents the provider's client certificate when it has one.
    pub fn http(&self) -> Result<reqwest::Client, Error> {
        if !P::INFO.has_client_certificate() {
            return Ok(self.inner.client.http().clone());
        }
        // Made once: the provider's settings, and so its certificate, do not change.
        let cached = &self.calls().certificate_http;
        if let Some(http) = cached.get() {
            return Ok(http.clone());
        }
        let http = self.inner.client.http_for(&*self.inner.provider)?;
        Ok(cached.get_or_init(|| http).clone())
    }

    /// Adds the credential (`Authorization: Bearer <token>` unless declared otherwise) and the
    /// provider's API headers to `request`, once its URL is known to be safe for them (see
    /// [`Self::check_destination`]).
    pub async fn authorize(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::RequestBuilder, Error> {
        let (http, request) = request.build_split();
        let mut request = request.map_err(|e| transport(P::INFO.name, e))?;
        let token = self.token_for(request.url()).await?;
        self.authenticate(&token, &mut request)?;
        Ok(reqwest::RequestBuilder::from_parts(http, request))
    }

    /// Whether an API call to `url` may carry this session's credentials: over https (or plain
    /// http to a loopback address), to an origin the declaration names, the client's origin
    /// override, or one allowed with [`super::SessionBuilder::allow_origin`].
    pub fn check_destination(&self, url: &Url) -> Result<(), Error> {
        self.calls().destinations.check(P::INFO.name, url)
    }

    /// What API calls work out once, worked out on the first.
    fn calls(&self) -> &Calls {
        self.inner
            .calls
            .get_or_init(|| Box::new(Calls::of(&self.inner)))
    }

    /// The token for a call to `url`, once `url` is known to be a destination: declared, or
    /// the API base the token itself names (`api_base_from`), which needs the token first.
    async fn token_for(&self, url: &Url) -> Result<TokenRef, Error> {
        let Err(refused) = self.check_destination(url) else {
            return self.token().await;
        };
        let named_by_token = matches!(refused, Error::OriginNotAllowed { .. })
            && !P::INFO.api_base_from().is_empty();
        if !named_by_token {
            return Err(refused);
        }
        let token = self.token().await?;
        match api_base_of(P::INFO, &token) {
            Some(Ok(base)) if base.origin() == url.origin() => Ok(token),
            Some(Err(error)) => Err(error),
            _ => Err(refused),
        }
    }

    /// Sends an authenticated request. A 401 renews once (unless another caller already did)
    /// and retries once with the new token; a 403 is returned as is: more access, not a new
    /// token, is what it asks for. A body that cannot be cloned (a stream) is not retried.
    ///
    /// For a provider with a client certificate (mutual TLS), the request goes out through
    /// the client that presents it ([`Self::http`]), whichever client built it: its tokens
    /// may be bound to the certificate (RFC 8705 section 3).
    pub async fn send(&self, request: reqwest::RequestBuilder) -> Result<reqwest::Response, Error> {
        let (http, request) = request.build_split();
        let request = request.map_err(|e| transport(P::INFO.name, e))?;
        let http = match P::INFO.has_client_certificate() {
            true => self.http()?,
            false => http,
        };
        let mut direct = Direct {
            http,
            provider: P::INFO.name,
        };
        self.call(request, &mut direct).await
    }

    /// An API call, by the rule of the module's documentation: checks where `request` goes,
    /// adds the token and the API headers, sends it through `through`, and on a 401 renews once
    /// and sends it again with the new token.
    pub(crate) async fn call<T: Transmit>(
        &self,
        mut request: reqwest::Request,
        through: &mut T,
    ) -> Result<reqwest::Response, T::Error> {
        let token = self.token_for(request.url()).await.map_err(T::fail)?;
        // A static credential has nothing to renew: its 401 is the answer, so no copy is kept.
        let renewable = !P::INFO.grant().is_static();
        let retry = renewable.then(|| request.try_clone()).flatten();
        self.authenticate(&token, &mut request).map_err(T::fail)?;
        let response = through.transmit(request).await?;
        let (true, Some(mut retry)) = (
            response.status() == reqwest::StatusCode::UNAUTHORIZED,
            retry,
        ) else {
            return Ok(response);
        };
        tracing::debug!(provider = P::INFO.name, "401 from the API; renewing once");
        let fresh = self.renew_after_rejection(&token).await.map_err(T::fail)?;
        self.authenticate(&fresh, &mut retry).map_err(T::fail)?;
        through.transmit(retry).await
    }

    /// Puts the credential and the API headers on `request`, as `client::authenticate` does,
    /// from what the session parsed once: the provider's headers, and the credential's value of
    /// this token. A call then costs a few header inserts of values already made.
    fn authenticate(&self, token: &TokenRef, request: &mut reqwest::Request) -> Result<(), Error> {
        let provider = &*self.inner.provider;
        let Some(api) = &self.calls().api_headers else {
            return authenticate(provider, token, request);
        };
        let value = token.credential_header(|| credential_header::<P>(token))?;
        let headers = request.headers_mut();
        headers.insert(api.credential.clone(), value);
        for (name, value) in &api.provider {
            headers.insert(name.clone(), value.clone());
        }
        Ok(())
    }

    /// A token the API rejected with a 401: renews unless another caller already did, and
    /// returns the token to retry with. For middleware that sends requests itself.
    pub async fn renew_after_rejection(&self, rejected: &Token) -> Result<TokenRef, Error> {
        self.obtain(Some(rejected), self.inner.config.max_wait)
            .await
            .map(TokenRef::shared)
    }
}
