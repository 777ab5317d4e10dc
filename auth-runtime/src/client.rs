//! The HTTP side: a [`Client`] that sends a provider's token requests and reads the answers,
//! with timeouts, no redirects, a cap on body size, the origin override, and credentials only
//! over https or to loopback.

use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use secrecy::{ExposeSecret, SecretString};
use url::Url;

use crate::destination::{api_base_of, Destinations};
use crate::endpoint::{ensure_secure, Origin, Relocation};
use crate::error::Error;
use crate::exchange::{AuthorizationCode, Exchange};
use crate::identity::IdentityClients;
use crate::info::{AuthPlace, ProviderInfo};
use crate::provider::Provider;
use crate::redact::{LazyRedactor, Redactor};
use crate::request::header_value;
use crate::response::{interpret, Answer, BodyFormat};
use crate::token::Token;
use crate::wire::WireValue;

/// How long connecting may take, by default.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a whole request may take, by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The `User-Agent` header, by default.
pub const DEFAULT_USER_AGENT: &str = concat!("auth-runtime/", env!("CARGO_PKG_VERSION"));
/// The most of a response body that is read: token responses are small, and a hostile server
/// must not make us buffer without end.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// Sends token requests for any provider. Cheap to clone: clones share one connection pool,
/// and one more per client certificate (mutual TLS) met.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    origin: Option<Arc<Relocation>>,
    /// How `http` was built: the identities' clients are built the same way.
    recipe: Arc<Recipe>,
    identities: IdentityClients,
}

/// Configures a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    recipe: Recipe,
    origin: Option<Origin>,
}

/// What every reqwest client of a [`Client`] is built with.
#[derive(Debug, Clone)]
struct Recipe {
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    user_agent: String,
    /// Roots trusted besides the built-in ones (a private CA, an emulator's).
    roots: Vec<reqwest::Certificate>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            recipe: Recipe {
                connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
                timeout: Some(DEFAULT_TIMEOUT),
                user_agent: DEFAULT_USER_AGENT.into(),
                roots: Vec::new(),
            },
            origin: None,
        }
    }
}

impl Recipe {
    /// A reqwest client by this recipe, presenting `identity` when given.
    fn build(&self, identity: Option<reqwest::Identity>) -> Result<reqwest::Client, Error> {
        let mut http = reqwest::Client::builder();
        if let Some(timeout) = self.connect_timeout {
            http = http.connect_timeout(timeout);
        }
        match self.timeout {
            Some(timeout) => http = http.timeout(timeout),
            None => http = http.pool_idle_timeout(None),
        }
        for root in &self.roots {
            http = http.add_root_certificate(root.clone());
        }
        if let Some(identity) = identity {
            http = http.identity(identity);
        }
        http
            // A redirect would carry the credentials somewhere the declaration never named.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(&self.user_agent)
            .build()
            .map_err(|e| Error::config_caused_by("cannot build the HTTP client", e))
    }
}

impl ClientBuilder {
    /// How long connecting may take.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.recipe.connect_timeout = Some(timeout);
        self
    }

    /// How long a whole request, body included, may take.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.recipe.timeout = Some(timeout);
        self
    }

    /// No timeouts at all, and no idle-connection timer. Only for tests on tokio's paused
    /// clock: there, any pending timer fires as soon as the runtime waits on a socket.
    pub fn without_timeouts(mut self) -> Self {
        self.recipe.connect_timeout = None;
        self.recipe.timeout = None;
        self
    }

    /// Sends every request to `origin` (`http://127.0.0.1:8080`) instead of the provider's
    /// own scheme, host and port, keeping the paths: for tests and local emulators.
    pub fn origin(mut self, origin: Origin) -> Self {
        self.origin = Some(origin);
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.recipe.user_agent = user_agent.into();
        self
    }

    /// Trusts the certificate authority `pem` besides the built-in roots: a private CA, or an
    /// emulator's ([`crate::testkit::Emulator::client`] adds its own).
    pub fn add_root_certificate(mut self, pem: &str) -> Result<Self, Error> {
        let root = reqwest::Certificate::from_pem(pem.as_bytes())
            .map_err(|e| Error::config_caused_by("the root certificate is not PEM", e))?;
        self.recipe.roots.push(root);
        Ok(self)
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, Error> {
        Ok(Client {
            http: self.recipe.build(None)?,
            origin: self.origin.map(|origin| Arc::new(Relocation::new(origin))),
            recipe: Arc::new(self.recipe),
            identities: IdentityClients::default(),
        })
    }
}

impl Client {
    /// A client with the default timeouts and no origin override.
    pub fn new() -> Result<Client, Error> {
        ClientBuilder::default().build()
    }

    /// Configures a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The origin override, if any.
    pub fn origin(&self) -> Option<&Origin> {
        self.origin.as_deref().map(Relocation::origin)
    }

    /// The underlying reqwest client, for API calls that share its connection pool. It
    /// presents no client certificate: see [`Self::http_for`].
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The reqwest client for `provider`'s connections: the one that presents its client
    /// certificate (mutual TLS, RFC 8705), built on first use and shared after, or
    /// [`Self::http`] for a provider without one. API calls with certificate-bound tokens
    /// must go through it.
    pub fn http_for<P: Provider>(&self, provider: &P) -> Result<reqwest::Client, Error> {
        if !P::INFO.has_client_certificate() {
            return Ok(self.http.clone());
        }
        match provider.client_identity().transpose()? {
            None => Ok(self.http.clone()),
            Some(identity) => self
                .identities
                .client_for(&identity, |id| self.recipe.build(Some(id))),
        }
    }

    /// [`Self::http_for`], for a request to `url`: the one place that refuses a client
    /// certificate over plain http (loopback included), which would leave without it.
    pub(crate) fn http_to<P: Provider>(
        &self,
        provider: &P,
        url: &Url,
    ) -> Result<reqwest::Client, Error> {
        let presents = P::INFO.has_client_certificate() && provider.client_identity().is_some();
        if presents && url.scheme() != "https" {
            return Err(Error::Unsupported {
                provider: P::INFO.name,
                what: "a client certificate over plain http: mutual TLS needs an https endpoint",
            });
        }
        self.http_for(provider)
    }

    /// Logs in with the provider's declared grant and stored settings.
    pub async fn login<P: Provider>(&self, provider: &P) -> Result<Token, Error> {
        self.request_token(provider, &Exchange::Login).await
    }

    /// Renews with the refresh grant. When the reply carries no refresh token, the one given
    /// is kept on the new token (RFC 6749 section 6).
    pub async fn refresh<P: Provider>(
        &self,
        provider: &P,
        refresh_token: &SecretString,
    ) -> Result<Token, Error> {
        let mut token = self
            .request_token(provider, &Exchange::Refresh { refresh_token })
            .await?;
        token.keep_refresh_token(refresh_token);
        Ok(token)
    }

    /// Exchanges an authorization code, consuming it and its PKCE verifier. Never retried: a
    /// code is good for one use.
    pub async fn exchange_code<P: Provider>(
        &self,
        provider: &P,
        code: AuthorizationCode,
    ) -> Result<Token, Error> {
        self.request_token(provider, &Exchange::AuthorizationCode(&code))
            .await
    }

    /// Sends one token request for `grant` and reads the answer. No retries here: the session
    /// decides what is worth trying again. A static credential (an API key, HTTP Basic) is
    /// read from the provider's settings instead, and sends nothing.
    pub async fn request_token<P: Provider>(
        &self,
        provider: &P,
        grant: &Exchange<'_>,
    ) -> Result<Token, Error> {
        self.request_token_redacting(provider, grant, &Redactor::new())
            .await
    }

    /// [`Self::request_token`], with `known` secrets (the tokens a session holds) scrubbed from
    /// any error besides the request's own.
    pub(crate) async fn request_token_redacting<P: Provider>(
        &self,
        provider: &P,
        grant: &Exchange<'_>,
        known: &Redactor,
    ) -> Result<Token, Error> {
        let info = P::INFO;
        if let Some(credential) = provider.static_credential() {
            return match grant {
                Exchange::Login => credential,
                _ => Err(Error::Unsupported {
                    provider: info.name,
                    what: "token requests: this provider's credential is given, not issued",
                }),
            };
        }
        if info.second_step.is_none() || matches!(grant, Exchange::Second { .. }) {
            return self.exchange(provider, grant, info, known).await;
        }
        // A two-step login: the first answer is read as RFC 6749 says, and its token is at
        // once presented for the one the API takes. Neither is kept on its own.
        let first = self
            .exchange(provider, grant, &info.first_step(), known)
            .await?;
        let mut known = known.clone();
        known.secret(first.access_token().expose_secret());
        let second = Exchange::Second { token: &first };
        self.exchange(provider, &second, info, &known).await
    }

    /// Sends the token request for `grant` and reads its answer as `reading` says (the
    /// declaration, or a two-step login's first answer).
    async fn exchange<P: Provider>(
        &self,
        provider: &P,
        grant: &Exchange<'_>,
        reading: &ProviderInfo,
        known: &Redactor,
    ) -> Result<Token, Error> {
        let info = P::INFO;
        let mut request = provider.token_request(grant)?;
        self.place(request.url_mut())?;
        let http = self.http_to(provider, request.url())?;
        request.sign_assertion()?;
        tracing::debug!(
            provider = info.name,
            path = request.url().path(),
            "token request"
        );
        let (request, sent) = request.into_reqwest(&http)?;
        let response = http
            .execute(request)
            .await
            .map_err(|e| transport(info.name, e))?;
        let status = response.status();
        let content_type = response.headers().get(reqwest::header::CONTENT_TYPE);
        let format = BodyFormat::from_content_type(content_type.and_then(|v| v.to_str().ok()));
        let retry_after = retry_after(&response);
        let body = read_body(info.name, response).await?;
        tracing::debug!(
            provider = info.name,
            status = status.as_u16(),
            bytes = body.len(),
            "token response"
        );
        let answer = Answer {
            status,
            format,
            retry_after,
            body: &body,
        };
        let secrets = || {
            let mut redactor = sent.redactor();
            redactor.extend(known);
            redactor
        };
        let mut redactor = LazyRedactor::new(&secrets);
        interpret(reading, &answer, &mut redactor).map_err(|error| error.redacted(redactor.get()))
    }

    /// Adds `Authorization: <type> <token>` and the provider's API headers to an API request,
    /// once its URL is known to be safe for them: https (or plain http to loopback), to an
    /// origin the declaration names or this client's origin override; else
    /// [`Error::InsecureEndpoint`] or [`Error::OriginNotAllowed`]. A [`crate::Session`] can
    /// allow more origins.
    pub fn authorize<P: Provider>(
        &self,
        provider: &P,
        token: &Token,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::RequestBuilder, Error> {
        let (http, request) = request.build_split();
        let mut request = request.map_err(|e| transport(P::INFO.name, e))?;
        let mut destinations = Destinations::declared(provider, self.origin());
        if let Some(base) = api_base_of(P::INFO, token) {
            destinations.allow(base?.origin());
        }
        destinations.check(P::INFO.name, request.url())?;
        authenticate(provider, token, &mut request)?;
        Ok(reqwest::RequestBuilder::from_parts(http, request))
    }

    /// The headers an API call with `token` carries: the credential (`Authorization: <type>
    /// <token>` unless declared otherwise) and the provider's API headers, all secrets marked
    /// sensitive. [`Error::Unsupported`] for a provider whose credential goes in the query.
    pub fn api_headers<P: Provider>(
        &self,
        provider: &P,
        token: &Token,
    ) -> Result<reqwest::header::HeaderMap, Error> {
        let mut headers = reqwest::header::HeaderMap::new();
        api_call_headers(provider, token, &mut headers)?;
        Ok(headers)
    }

    /// Moves `url` to the origin override, if any, and checks it is safe for credentials.
    pub fn endpoint(&self, mut url: Url) -> Result<Url, Error> {
        self.place(&mut url)?;
        Ok(url)
    }

    /// [`Self::endpoint`] in place.
    pub(crate) fn place(&self, url: &mut Url) -> Result<(), Error> {
        if let Some(relocation) = &self.origin {
            relocation.apply(url);
        }
        ensure_secure(url)
    }
}

/// Puts the credential and the provider's API headers on an API request, all secrets marked
/// sensitive: the credential where the declaration says (`Authorization: <type> <token>` by
/// default, another header, or the query), in its declared format. The one place that says
/// what an API call carries: [`Client::authorize`], [`Client::api_headers`] (what `authctl
/// header` prints), [`crate::Session::authorize`], and the rule [`crate::Session::send`] and
/// the middleware share all go through it.
pub(crate) fn authenticate<P: Provider>(
    provider: &P,
    token: &Token,
    request: &mut reqwest::Request,
) -> Result<(), Error> {
    match P::INFO.api_auth().place() {
        AuthPlace::Header(_) => api_call_headers(provider, token, request.headers_mut()),
        AuthPlace::Query(name) => {
            let value = credential::<P>(token);
            request
                .url_mut()
                .query_pairs_mut()
                .append_pair(name, value.expose_secret());
            provider_headers(provider, request.headers_mut())
        }
    }
}

/// [`authenticate`] for headers alone; [`Error::Unsupported`] when the credential goes in the
/// query.
pub(crate) fn api_call_headers<P: Provider>(
    provider: &P,
    token: &Token,
    headers: &mut reqwest::header::HeaderMap,
) -> Result<(), Error> {
    let AuthPlace::Header(name) = P::INFO.api_auth().place() else {
        return Err(Error::Unsupported {
            provider: P::INFO.name,
            what: "the credential in a header: this provider's goes in the URL's query",
        });
    };
    let value = header_value(&WireValue::Secret(credential::<P>(token)))?;
    if name.eq_ignore_ascii_case("authorization") {
        headers.insert(reqwest::header::AUTHORIZATION, value);
    } else {
        headers.insert(header_name(name)?, value);
    }
    provider_headers(provider, headers)
}

/// The headers of a provider's API calls that do not depend on the token, parsed once for a
/// session: the credential's header name, and the provider's API headers.
pub(crate) struct ApiHeaders {
    pub(crate) credential: reqwest::header::HeaderName,
    pub(crate) provider: Vec<(reqwest::header::HeaderName, reqwest::header::HeaderValue)>,
}

impl ApiHeaders {
    /// `None` where the credential goes in the query, or a header does not parse (the
    /// uncached path then reports why, on each call).
    pub(crate) fn of<P: Provider>(provider: &P) -> Option<ApiHeaders> {
        let AuthPlace::Header(name) = P::INFO.api_auth().place() else {
            return None;
        };
        let credential = header_name(name).ok()?;
        let provider = provider
            .api_headers()
            .into_iter()
            .map(|(name, value)| Some((header_name(name).ok()?, header_value(&value).ok()?)))
            .collect::<Option<Vec<_>>>()?;
        Some(ApiHeaders {
            credential,
            provider,
        })
    }
}

/// The credential's header value for `token`, marked sensitive.
pub(crate) fn credential_header<P: Provider>(
    token: &Token,
) -> Result<reqwest::header::HeaderValue, Error> {
    header_value(&WireValue::Secret(credential::<P>(token)))
}

/// The credential as API calls carry it, in the declared format.
fn credential<P: Provider>(token: &Token) -> SecretString {
    P::INFO
        .api_auth()
        .render(token.token_type(), token.access_token().expose_secret())
        .into()
}

/// The provider's API headers besides the credential.
fn provider_headers<P: Provider>(
    provider: &P,
    headers: &mut reqwest::header::HeaderMap,
) -> Result<(), Error> {
    for (name, value) in provider.api_headers() {
        headers.insert(header_name(name)?, header_value(&value)?);
    }
    Ok(())
}

fn header_name(name: &str) -> Result<reqwest::header::HeaderName, Error> {
    reqwest::header::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::config(format!("`{name}` is not an HTTP header name")))
}

/// The secrets an API call with `token` carries: the token, its refresh token, the API headers.
pub(crate) fn api_redactor<P: Provider>(provider: &P, token: &Token) -> Redactor {
    let mut redactor = token.redactor();
    // HTTP Basic's token is base64(user:password): its halves are secrets too, and a server
    // may echo either as sent.
    if P::INFO.grant() == auth_vocab::Grant::Basic {
        let decoded = base64::Engine::decode(
            &base64::engine::general_purpose::STANDARD,
            token.access_token().expose_secret(),
        );
        if let Ok(pair) = decoded.map(String::from_utf8) {
            let pair = pair.unwrap_or_default();
            redactor.secret(&pair);
            for half in pair.splitn(2, ':') {
                redactor.secret(half);
            }
        }
    }
    for (name, value) in provider.api_headers() {
        redactor.header_name(name);
        if value.is_secret() {
            redactor.secret(&value.expose_text());
        }
    }
    redactor
}

pub(crate) fn transport(provider: &'static str, error: reqwest::Error) -> Error {
    // A connect timeout sent nothing: it is a connection failure, which a refresh may retry.
    if error.is_timeout() && !error.is_connect() {
        Error::Timeout { provider }
    } else {
        Error::Transport {
            provider,
            source: std::sync::Arc::new(error.without_url()),
        }
    }
}

fn header_text(response: &reqwest::Response, name: reqwest::header::HeaderName) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The longest `Retry-After` believed: one day. A larger value (or one that would overflow a
/// clock) is clamped to it; a session's `max_wait` then decides whether to wait at all.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 3600);

pub(crate) fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    parse_retry_after(&header_text(response, reqwest::header::RETRY_AFTER)?)
}

/// `Retry-After` as seconds or an HTTP date (RFC 9110 section 10.2.3), clamped to
/// [`MAX_RETRY_AFTER`]; `None` when it is neither.
pub(crate) fn parse_retry_after(text: &str) -> Option<Duration> {
    let text = text.trim();
    let wait = if text.bytes().all(|b| b.is_ascii_digit()) && !text.is_empty() {
        // Digits beyond u64 are still a (very long) number of seconds.
        text.parse::<u64>()
            .map_or(MAX_RETRY_AFTER, Duration::from_secs)
    } else {
        let when = httpdate::parse_http_date(text).ok()?;
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO)
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

/// Reads the body, refusing more than [`MAX_BODY_BYTES`]. A body that arrives in one chunk,
/// as a token response does, is kept as it came, without a copy.
pub(crate) async fn read_body(
    provider: &'static str,
    mut response: reqwest::Response,
) -> Result<Bytes, Error> {
    // Built only when refused: an error made and dropped on every success costs a little.
    let too_large = || Error::ResponseTooLarge {
        provider,
        limit: MAX_BODY_BYTES,
    };
    let announced = response.content_length();
    if announced.unwrap_or(0) > MAX_BODY_BYTES as u64 {
        return Err(too_large());
    }
    let mut next = async || response.chunk().await.map_err(|e| transport(provider, e));
    let Some(first) = next().await? else {
        return Ok(Bytes::new());
    };
    // All that was announced is here: no need to wait for the end of the stream, which hyper
    // holds back until the connection is ready for its next request.
    if announced == Some(first.len() as u64) {
        return Ok(first);
    }
    let Some(second) = next().await? else {
        return fits(first, too_large);
    };
    let mut body = BytesMut::from(first);
    let mut chunk = Some(second);
    while let Some(more) = chunk {
        if body.len().saturating_add(more.len()) > MAX_BODY_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&more);
        chunk = next().await?;
    }
    Ok(body.freeze())
}

/// `body`, or `too_large`'s error when it is over the limit.
fn fits(body: Bytes, too_large: impl FnOnce() -> Error) -> Result<Bytes, Error> {
    if body.len() > MAX_BODY_BYTES {
        Err(too_large())
    } else {
        Ok(body)
    }
}
