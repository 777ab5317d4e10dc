//! One renewal attempt, run by the single caller that holds the session's flight lock: the
//! declared `renew`, the login rate limit, retries of transient failures, and the backoff that
//! follows a failure.
//!
//! | `renew` | holds a refresh token | what is sent |
//! |---|---|---|
//! | `refresh` | yes | the refresh grant; on `invalid_grant`, a login where the grant allows one, else [`Error::ReauthorizationRequired`]; when its answer was lost, a login where the grant allows one, else [`Error::RenewalOutcomeUnknown`] |
//! | `refresh` | no | a login where the grant allows one, else [`Error::ReauthorizationRequired`] |
//! | `login` | either | a login (refresh tokens are ignored) |
//! | `none` | either | nothing after the first token: [`Error::ReauthorizationRequired`] |
//! | `token` | either | the current token at the `renew_endpoint` while it is valid; a login once it has expired or when that fails |

//!
//! A refresh token the provider rejected, or one whose refresh may have reached the provider
//! without its answer coming back, is *spent*: the session drops it, here and in the store, and
//! never sends it again. Only a failure that sent nothing (a refused connection, a 429) is
//! retried with it, unless the declaration says reuse is safe (`refresh_reuse = "allowed"`).

use std::time::Duration;

use secrecy::SecretString;
use tokio::time::{sleep, Instant};

use super::chain::SubjectSource;
use super::limiter::LoginLimiter;
use super::Inner;
use crate::error::{Error, OAuthErrorCode};
use auth_vocab::{Grant, RefreshReuse, Renew};

use crate::exchange::Exchange;
use crate::info::ProviderInfo;
use crate::provider::Provider;
use crate::redact::Redactor;
use crate::token::Token;

/// What the flight lock protects: the state that decides whether a request may be sent.
pub(crate) struct Flight {
    /// Failed attempts in a row.
    pub failures: u32,
    /// No request before this instant (backoff after a failure, or a `Retry-After`).
    pub not_before: Option<(Instant, &'static str)>,
    /// The declared login rate limit.
    pub limiter: LoginLimiter,
    /// Set when the last attempt spent the held refresh token: the session must drop it.
    pub spent_refresh: bool,
    /// The last refresh token dropped: no longer held, but a server may still echo it, so it
    /// is still scrubbed from what comes back. Boxed: most sessions never drop one.
    pub dropped: Option<Box<Redactor>>,
    /// The version of the session's token in the store (0: none known).
    pub version: u64,
    /// Whether the session's token is newer than the stored one (seeded, or its save failed).
    pub unsaved: bool,
    /// Set when the last attempt adopted a token another process had just stored, rather than
    /// obtained one: it is not saved again.
    pub adopted: bool,
}

impl Flight {
    pub(crate) fn new(limiter: LoginLimiter) -> Self {
        Flight {
            failures: 0,
            not_before: None,
            limiter,
            spent_refresh: false,
            dropped: None,
            version: 0,
            unsaved: false,
            adopted: false,
        }
    }
}

impl Flight {
    /// Marks the held refresh token spent: the session drops it, and keeps scrubbing it.
    fn spend(&mut self, refresh_token: &SecretString) {
        self.spent_refresh = true;
        let mut dropped = Redactor::new();
        dropped.secret(secrecy::ExposeSecret::expose_secret(refresh_token));
        self.dropped = Some(Box::new(dropped));
    }
}

/// Runs one renewal attempt by the provider's plan, and records its outcome in `flight`.
pub(crate) async fn attempt<P: Provider>(
    inner: &Inner<P>,
    flight: &mut Flight,
    held: Option<&Token>,
    max_wait: Duration,
) -> Result<Token, Error> {
    let step = plan(P::INFO, held);
    if let Step::Refuse(reason) = step {
        // Nothing can be sent: the answer is the same now as after any backoff, and no
        // failure is counted.
        return Err(reauthorize::<P>(reason));
    }
    wait_out_backoff(P::INFO.name, flight, max_wait).await?;
    let mut known = held.map(Token::redactor).unwrap_or_default();
    if let Some(dropped) = &flight.dropped {
        known.extend(dropped);
    }
    let result = by_plan(inner, flight, step, &known, max_wait).await;
    match &result {
        Ok(_) => {
            flight.failures = 0;
            flight.not_before = None;
        }
        Err(Error::MustWait { .. }) => {} // Nothing was sent: no failure to back off from.
        Err(error) => {
            flight.failures = flight.failures.saturating_add(1);
            let backoff = inner.config.backoff(flight.failures.saturating_sub(1));
            let asked = match error {
                Error::RateLimited { retry_after, .. } => retry_after.unwrap_or_default(),
                _ => Duration::ZERO,
            };
            let reason = if asked > backoff {
                "the provider's Retry-After"
            } else {
                "the backoff after a failed renewal"
            };
            let wait = backoff.max(asked);
            // The wait is bounded (MAX_RETRY_AFTER, the backoff's cap); saturate all the same.
            let until = crate::token::instant_after(wait);
            flight.not_before = Some((until, reason));
        }
    }
    result
}

/// What a renewal does, by the provider's plan and the token held.
#[derive(Clone, Copy)]
enum Step<'a> {
    /// The refresh grant with this refresh token.
    Refresh(&'a SecretString),
    /// Presents the held, unexpired token to the renewal endpoint (`renew = "token"`).
    Present(&'a Token),
    /// A login, for this reason.
    Login(&'static str),
    /// Nothing can be sent: [`Error::ReauthorizationRequired`], for this reason.
    Refuse(&'static str),
}

/// The step for `held` under `info`'s plan: the one place the plan is read.
fn plan<'a>(info: &ProviderInfo, held: Option<&'a Token>) -> Step<'a> {
    let login = |why| {
        if info.grant.can_login() {
            Step::Login(why)
        } else {
            Step::Refuse(why)
        }
    };
    match (info.renew, held.and_then(Token::refresh_token)) {
        (Renew::Refresh, Some(refresh_token)) => Step::Refresh(refresh_token),
        (Renew::Token, _) => match held.filter(|token| !token.is_expired()) {
            Some(token) => Step::Present(token),
            None => login("the token has expired"),
        },
        (Renew::None, _) if held.is_some() => {
            Step::Refuse("the provider's tokens are not renewed (renew = \"none\")")
        }
        (_, _) if held.is_some() => login("no refresh token is held"),
        (_, _) if info.grant == Grant::DeviceCode => login(
            "the session holds no token yet: seed it with the token of a device authorization",
        ),
        (_, _) => {
            login("the session holds no token yet: seed it with the token of a code exchange")
        }
    }
}

/// Whether a renewal from `held` would send anything: when it would not, there is no backoff
/// to wait out before it answers.
pub(super) fn would_send(info: &ProviderInfo, held: Option<&Token>) -> bool {
    !matches!(plan(info, held), Step::Refuse(_))
}

async fn by_plan<P: Provider>(
    inner: &Inner<P>,
    flight: &mut Flight,
    step: Step<'_>,
    known: &Redactor,
    max_wait: Duration,
) -> Result<Token, Error> {
    match step {
        Step::Refresh(refresh_token) => {
            let refresh_token = refresh_token.clone();
            refresh(inner, flight, &refresh_token, known, max_wait).await
        }
        Step::Present(token) => present(inner, flight, token, known, max_wait).await,
        Step::Login(why) => login(inner, flight, known, max_wait, why).await,
        Step::Refuse(reason) => Err(reauthorize::<P>(reason)),
    }
}

/// Only a new authorization (a code exchange) gets a token now, for `reason`.
fn reauthorize<P: Provider>(reason: &str) -> Error {
    Error::ReauthorizationRequired {
        provider: P::INFO.name,
        reason: reason.into(),
    }
}

/// The refresh grant with `refresh_token`. A rejected refresh token, or one a lost answer may
/// have spent, is marked spent and never sent again: a login follows where the grant allows
/// one.
async fn refresh<P: Provider>(
    inner: &Inner<P>,
    flight: &mut Flight,
    refresh_token: &SecretString,
    known: &Redactor,
    max_wait: Duration,
) -> Result<Token, Error> {
    let info = P::INFO;
    let request = Request::Refresh(refresh_token);
    match send(inner, flight, request, known, max_wait).await {
        Err(error) if error.oauth_code() == Some(&OAuthErrorCode::InvalidGrant) => {
            if let Some(theirs) = rotated_elsewhere(inner, flight, refresh_token).await {
                return Ok(theirs);
            }
            flight.spend(refresh_token);
            tracing::info!(
                provider = info.name,
                "refresh token rejected; it is dropped"
            );
            let why = "the refresh token was rejected (invalid_grant)";
            login(inner, flight, known, max_wait, why).await
        }
        Err(error) if outcome_unknown(&error) && info.refresh_reuse == RefreshReuse::Forbidden => {
            flight.spend(refresh_token);
            tracing::info!(
                provider = info.name,
                %error,
                "a refresh may have reached the provider without its answer; its refresh token is dropped"
            );
            if !info.grant.can_login() {
                return Err(Error::RenewalOutcomeUnknown {
                    provider: info.name,
                    source: Box::new(error),
                });
            }
            login(inner, flight, known, max_wait, "").await
        }
        other => other,
    }
}

/// After a refresh was refused, the token another process stored since this renewal began, if
/// any: it rotated the refresh token a moment before (outside the lease, or after the lease
/// lapsed). Its token is adopted, and no error reaches anyone.
async fn rotated_elsewhere<P: Provider>(
    inner: &Inner<P>,
    flight: &mut Flight,
    sent: &SecretString,
) -> Option<Token> {
    use secrecy::ExposeSecret as _;
    let store = inner.store.as_ref()?;
    let stored = match store.load(&inner.key).await {
        Ok(stored) => stored?,
        Err(error) => {
            tracing::warn!(provider = P::INFO.name, %error, "could not re-read the store after a refused refresh");
            return None;
        }
    };
    let theirs = Token::from_stored(stored.token);
    let rotated = theirs
        .refresh_token()
        .is_none_or(|t| t.expose_secret() != sent.expose_secret());
    if stored.version == flight.version || !rotated || theirs.is_expired() {
        return None;
    }
    tracing::info!(
        provider = P::INFO.name,
        "the refresh token was rotated by another process; adopting its token"
    );
    flight.version = stored.version;
    flight.unsaved = false;
    flight.adopted = true;
    Some(theirs)
}

/// The current token presented for a new one (`renew = "token"`); a login when that fails
/// (the token was revoked, or the endpoint is down), since a login is always possible.
async fn present<P: Provider>(
    inner: &Inner<P>,
    flight: &mut Flight,
    token: &Token,
    known: &Redactor,
    max_wait: Duration,
) -> Result<Token, Error> {
    match send(inner, flight, Request::Present(token), known, max_wait).await {
        Err(error @ Error::MustWait { .. }) => Err(error),
        Err(error) => {
            tracing::info!(provider = P::INFO.name, %error, "presenting the current token failed; logging in");
            login(inner, flight, known, max_wait, "").await
        }
        renewed => renewed,
    }
}

/// Whether a failed token request may have been processed by the provider, its answer lost:
/// it timed out or broke after it was sent, the server failed (5xx), or it answered something
/// unreadable. A refused connection and a 429 were not processed.
fn outcome_unknown(error: &Error) -> bool {
    match error {
        Error::Timeout { .. } | Error::Parse { .. } | Error::ResponseTooLarge { .. } => true,
        Error::Transport { source, .. } => !source.is_connect(),
        Error::Http { status, .. } => status.is_server_error(),
        _ => false,
    }
}

/// A login, where the declared grant allows one.
async fn login<P: Provider>(
    inner: &Inner<P>,
    flight: &mut Flight,
    known: &Redactor,
    max_wait: Duration,
    why_not: &str,
) -> Result<Token, Error> {
    if !P::INFO.grant.can_login() {
        return Err(reauthorize::<P>(why_not));
    }
    match &inner.subject {
        Some(source) => chained_login(inner, flight, source.as_ref(), known, max_wait).await,
        None => send(inner, flight, Request::Login, known, max_wait).await,
    }
}

/// A token exchange's login with another session's token as its subject (see `chain`): the
/// token it gets expires with its subject, and a subject refused as `invalid_grant` is
/// renewed and presented once more.
async fn chained_login<P: Provider>(
    inner: &Inner<P>,
    flight: &mut Flight,
    source: &dyn SubjectSource,
    known: &Redactor,
    max_wait: Duration,
) -> Result<Token, Error> {
    let mut renewed = false;
    loop {
        let subject = source.subject(renewed).await?;
        let chained = Request::Chained(&subject.token);
        match send(inner, flight, chained, known, max_wait).await {
            Err(error) if !renewed && error.oauth_code() == Some(&OAuthErrorCode::InvalidGrant) => {
                tracing::info!(
                    provider = P::INFO.name,
                    "the subject token was refused; renewing it"
                );
                renewed = true;
            }
            result => {
                let mut token = result?;
                if let Some(at) = subject.expires_at {
                    token.expire_by(at);
                }
                return Ok(token);
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Request<'a> {
    Login,
    /// A login exchanging this subject token, another session's.
    Chained(&'a SecretString),
    Refresh(&'a SecretString),
    Present(&'a Token),
}

/// Sends the request, retrying transient failures with jittered exponential backoff and a
/// 429 after its `Retry-After`, a bounded number of times. Refusals are never retried, nor is
/// a refresh that may have reached the provider (unless its declaration allows reuse).
async fn send<P: Provider>(
    inner: &Inner<P>,
    flight: &mut Flight,
    request: Request<'_>,
    known: &Redactor,
    max_wait: Duration,
) -> Result<Token, Error> {
    let mut retries = 0;
    loop {
        if let Request::Login | Request::Chained(_) = request {
            take_login_slot(P::INFO.name, flight, max_wait).await?;
        }
        // A pool's turn, held for the request alone (not across a retry's pause): whoever
        // sends it, a caller or a background renewal, the pool's requests in flight stay
        // within its bound.
        let _turn = inner.turn().await;
        let (provider, client) = (&*inner.provider, &inner.client);
        let result = match request {
            Request::Login => {
                client
                    .request_token_redacting(provider, &Exchange::Login, known)
                    .await
            }
            Request::Chained(subject_token) => {
                let chained = Exchange::Chained { subject_token };
                client
                    .request_token_redacting(provider, &chained, known)
                    .await
            }
            Request::Present(token) => {
                client
                    .request_token_redacting(provider, &Exchange::Present { token }, known)
                    .await
            }
            Request::Refresh(refresh_token) => client
                .request_token_redacting(provider, &Exchange::Refresh { refresh_token }, known)
                .await
                .map(|mut token| {
                    token.keep_refresh_token(refresh_token);
                    token
                }),
        };
        let error = match result {
            Ok(token) => return Ok(token),
            Err(error) => error,
        };
        let pause = match &error {
            Error::RateLimited { retry_after, .. } => {
                retry_after.unwrap_or_else(|| inner.config.backoff(retries))
            }
            spent
                if matches!(request, Request::Refresh(_))
                    && outcome_unknown(spent)
                    && P::INFO.refresh_reuse == RefreshReuse::Forbidden =>
            {
                return Err(error)
            }
            transient if transient.is_transient() => inner.config.backoff(retries),
            _ => return Err(error),
        };
        if retries >= inner.config.retries || pause > max_wait {
            return Err(error);
        }
        tracing::debug!(provider = P::INFO.name, ?pause, %error, "retrying token request");
        sleep(pause).await;
        retries = retries.saturating_add(1);
    }
}

/// Waits for a slot under the declared login rate limit, or says how long it would take.
async fn take_login_slot(
    provider: &'static str,
    flight: &mut Flight,
    max_wait: Duration,
) -> Result<(), Error> {
    let wait = match flight.limiter.take(Instant::now()) {
        Ok(()) => return Ok(()),
        Err(wait) => wait,
    };
    let must_wait = |retry_after| Error::MustWait {
        provider,
        retry_after,
        reason: "the provider's declared login rate limit",
    };
    if wait > max_wait {
        return Err(must_wait(wait));
    }
    sleep(wait).await;
    flight.limiter.take(Instant::now()).map_err(must_wait)
}

/// Waits out the backoff after a failure, or says how long it would take.
pub(super) async fn wait_out_backoff(
    provider: &'static str,
    flight: &Flight,
    max_wait: Duration,
) -> Result<(), Error> {
    let Some((at, reason)) = flight.not_before else {
        return Ok(());
    };
    let left = at.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Ok(());
    }
    if left > max_wait {
        return Err(Error::MustWait {
            provider,
            retry_after: left,
            reason,
        });
    }
    sleep(left).await;
    Ok(())
}
