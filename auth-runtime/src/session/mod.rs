//! A [`Session`]: one provider identity's token, shared by any number of tasks.
//!
//! - A valid token is read without a lock that readers wait on (an `arc-swap` load) and checked
//!   against a coarse clock (see `clock`): that read is the hot path of every API call.
//! - Renewal starts [`DEFAULT_MARGIN`] before expiry (configurable), clamped to half the
//!   token's lifetime so that a short-lived token does not renew in a loop.
//! - One renewal at a time: of the callers that find the token due, the one that takes the
//!   flight lock sends the request; the others wait for its outcome (success or error), and
//!   are all woken at once with it (see `flight`).
//! - A failure is followed by a backoff; the next caller after it tries again. While the old
//!   token has not expired, callers keep getting it; once it has, they get the error.
//! - Logins respect the declared rate limit; a wait longer than the caller allows is an
//!   [`Error::MustWait`] with the time to wait.

mod background;
mod call;
mod chain;
pub(crate) mod clock;
mod current;
mod flight;
mod keep_alive;
mod leased;
mod limiter;
mod pool;
mod read;
mod renew;
mod timetable;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::client::Client;
use crate::endpoint::Origin;
use crate::error::Error;
use crate::provider::Provider;
use crate::store::{LeaseTerms, StoreKey, TokenStore};
use crate::token::{Token, DEFAULT_LIFETIME};
use crate::validity::Validity;
use auth_vocab::LoginRateLimitPer;

use current::{is_same, Current, Slot};
use flight::{FlightGuard, Outcomes, Shared, Waiter};
use limiter::{LoginLimiter, LoginWindow};

pub use background::{Health, HealthState};
#[cfg(feature = "middleware")]
pub(crate) use call::Transmit;
pub use chain::ExchangesTokens;
use chain::SubjectSource;
pub use current::TokenRef;
pub use pool::{Sessions, SessionsBuilder, DEFAULT_CONCURRENT_RENEWALS};
pub use read::TokenFuture;
use renew::Flight;

/// How long before expiry a token is renewed, by default.
pub const DEFAULT_MARGIN: Duration = Duration::from_secs(60);
/// The longest a caller waits for a rate-limit slot, a `Retry-After` or a backoff, by default.
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(30);
/// How many times a transient failure is retried within one renewal, by default.
pub const DEFAULT_RETRIES: u32 = 2;
/// A store's renewal lease, by default: it lasts 10 s from each extension (a renewer that
/// dies frees it after that), and a renewer waits up to 30 s for another process's renewal.
pub const DEFAULT_LEASE: LeaseTerms = LeaseTerms {
    ttl: Duration::from_secs(10),
    wait: Duration::from_secs(30),
};

/// What to call when a token is renewed.
type RenewalHook = Arc<dyn Fn(&Token) + Send + Sync>;

/// A session's tuning. Shared by the sessions of a pool configured alike.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Config {
    margin: Duration,
    max_wait: Duration,
    retries: u32,
    retry_base: Duration,
    max_backoff: Duration,
    lease: LeaseTerms,
    /// Whether a task renews ahead of the margin (see `background`).
    background: bool,
}

impl Config {
    /// The pause before retry `n` (from 0): exponential, capped, with full jitter over its
    /// upper half so that a fleet of clients does not retry in step.
    pub(crate) fn backoff(&self, n: u32) -> Duration {
        let ceiling = self
            .retry_base
            .saturating_mul(1 << n.min(16))
            .min(self.max_backoff);
        let half = ceiling.checked_div(2).unwrap_or_default();
        half.saturating_add(half.mul_f64(fastrand::f64()))
    }

    /// The margin for a token: the configured one, at most half the token's lifetime.
    fn margin_for(&self, token: &Token) -> Duration {
        let lifetime = token.lifetime().unwrap_or(DEFAULT_LIFETIME);
        self.margin.min(lifetime.checked_div(2).unwrap_or_default())
    }
}

pub(crate) struct Inner<P: Provider> {
    /// Shared with a pool, which keeps it to refresh an evicted session's idle grant.
    pub(crate) provider: Arc<P>,
    pub(crate) client: Client,
    pub(crate) config: Arc<Config>,
    key: StoreKey,
    current: Slot,
    flight: Mutex<Flight>,
    outcomes: Outcomes,
    store: Option<Arc<dyn TokenStore>>,
    on_renewal: Option<RenewalHook>,
    /// What API calls work out on the first of them: boxed, so that an idle session (a pool
    /// holds many) keeps a pointer for it.
    calls: std::sync::OnceLock<Box<call::Calls>>,
    /// The origins allowed besides the declared ones.
    allowed: Box<[Origin]>,
    /// For a token exchange chained on another session: where its subject tokens come from.
    pub(crate) subject: Option<Arc<dyn SubjectSource>>,
    /// What renews the token in the background, if anything: told when a token is installed.
    renewer: Renewer<P>,
    /// The generation of the session's plan in a pool's timetable.
    plan: std::sync::atomic::AtomicU64,
    /// The renewals' outcomes, for [`Session::health`].
    record: std::sync::Mutex<background::Record>,
    /// The turns a pool's token requests take, shared across the pool.
    permits: Option<Arc<tokio::sync::Semaphore>>,
}

/// The last configuration a pool's session was built with: the next session configured alike
/// shares it (a pool's closure configures every session alike, nearly always).
#[derive(Default)]
pub(crate) struct Configs(std::sync::Mutex<Option<Arc<Config>>>);

impl Configs {
    /// `config`, shared with the last session's if they are alike.
    fn share(&self, config: Config) -> Arc<Config> {
        let mut last = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match &*last {
            Some(shared) if **shared == config => Arc::clone(shared),
            _ => Arc::clone(last.insert(Arc::new(config))),
        }
    }
}

/// What renews a session's token in the background.
pub(crate) enum Renewer<P: Provider> {
    /// Nothing: callers renew on their path.
    None,
    /// The session's own task, woken by this.
    Task(Arc<tokio::sync::Notify>),
    /// A pool's timetable, shared by its sessions.
    Timetable(Arc<timetable::Timetable<P>>),
}

/// Wakes the background renewal, if any, so that it sees the session is gone.
impl<P: Provider> Drop for Inner<P> {
    fn drop(&mut self) {
        match &self.renewer {
            Renewer::None => {}
            Renewer::Task(wake) => wake.notify_one(),
            Renewer::Timetable(timetable) => timetable.released(),
        }
    }
}

impl<P: Provider> Inner<P> {
    /// A turn among a pool's token requests in flight, for a session of a pool.
    pub(crate) async fn turn(&self) -> Option<tokio::sync::SemaphorePermit<'_>> {
        // A pool never closes its semaphore: `acquire` cannot fail.
        self.permits.as_ref()?.acquire().await.ok()
    }

    fn record(&self) -> std::sync::MutexGuard<'_, background::Record> {
        self.record
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// One provider identity's token, shared by any number of tasks. Cheap to clone: clones share
/// the token, the renewal and the limits. Keep one per identity: two sessions of one Altrata
/// identity would each kill the other's token.
pub struct Session<P: Provider> {
    inner: Arc<Inner<P>>,
}

impl<P: Provider> Clone for Session<P> {
    fn clone(&self) -> Self {
        Session {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<P: Provider> std::fmt::Debug for Session<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("provider", &P::INFO.name)
            .field("key", &self.inner.key)
            .field("token", &self.inner.current)
            .finish()
    }
}

/// Configures a [`Session`].
pub struct SessionBuilder<P: Provider> {
    provider: Arc<P>,
    client: Option<Client>,
    config: Config,
    store: Option<Arc<dyn TokenStore>>,
    on_renewal: Option<RenewalHook>,
    token: Option<Token>,
    allowed: Vec<Origin>,
    subject: Option<Arc<dyn SubjectSource>>,
    permits: Option<Arc<tokio::sync::Semaphore>>,
    timetable: Option<Arc<timetable::Timetable<P>>>,
    logins: Option<LoginWindow>,
    configs: Option<Arc<Configs>>,
}

impl<P: Provider> SessionBuilder<P> {
    /// Lets API calls through the session carry its credentials to `origin` too, besides the
    /// origins the declaration names (its `api_base`, token and validity endpoints) and the
    /// client's origin override. Any other origin gets [`Error::OriginNotAllowed`].
    pub fn allow_origin(mut self, origin: Origin) -> Self {
        self.allowed.push(origin);
        self
    }

    /// The client to send token requests with (default: [`Client::new`]).
    pub fn client(mut self, client: Client) -> Self {
        self.client = Some(client);
        self
    }

    /// How long before expiry to renew (default [`DEFAULT_MARGIN`]); at most half a token's
    /// lifetime is used, whatever is set.
    pub fn margin(mut self, margin: Duration) -> Self {
        self.config.margin = margin;
        self
    }

    /// The longest a caller waits for a rate-limit slot, a `Retry-After` or a backoff before
    /// getting [`Error::MustWait`] instead (default [`DEFAULT_MAX_WAIT`]).
    pub fn max_wait(mut self, max_wait: Duration) -> Self {
        self.config.max_wait = max_wait;
        self
    }

    /// How many times a transient failure is retried within one renewal (default
    /// [`DEFAULT_RETRIES`]), and the first pause, doubled at each retry.
    pub fn retries(mut self, retries: u32, first_pause: Duration) -> Self {
        self.config.retries = retries;
        self.config.retry_base = first_pause;
        self
    }

    /// Where tokens are kept between renewals and, with a persistent store, between runs.
    /// Ignored for a static credential (an API key, HTTP Basic), which is read from the
    /// settings and never written anywhere.
    pub fn store(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.store = Some(store);
        self
    }

    /// The store's renewal lease (default [`DEFAULT_LEASE`]): how long it lasts from each
    /// extension (the session extends it every third of that while a token request runs), and
    /// how long a renewal waits for another process's before [`Error::LeaseUnavailable`].
    pub fn lease(mut self, ttl: Duration, wait: Duration) -> Self {
        self.config.lease = LeaseTerms { ttl, wait };
        self
    }

    /// Called with each new token, so that the application can persist it.
    pub fn on_renewal(mut self, hook: impl Fn(&Token) + Send + Sync + 'static) -> Self {
        self.on_renewal = Some(Arc::new(hook));
        self
    }

    /// Renews in the background, ahead of the margin, off every caller's path: callers wait
    /// only once the token has expired (see [`Session::health`] for a token renewal failed to
    /// replace). A session without a token gets one at once. Off by default: it keeps a task
    /// on the tokio runtime, which [`Self::build`] must then run inside, for as long as the
    /// session lives.
    pub fn renew_in_background(mut self) -> Self {
        self.config.background = true;
        self
    }

    /// A pool's bound on token requests in flight at once: each request takes a permit.
    /// The configurations a pool's sessions share.
    pub(crate) fn configs(mut self, configs: Arc<Configs>) -> Self {
        self.configs = Some(configs);
        self
    }

    /// A pool's timetable, which renews the session in the background instead of a task of
    /// its own (with `renew_in_background`).
    pub(crate) fn timetable(mut self, timetable: Arc<timetable::Timetable<P>>) -> Self {
        self.timetable = Some(timetable);
        self
    }

    pub(crate) fn renewal_permits(mut self, permits: Arc<tokio::sync::Semaphore>) -> Self {
        self.permits = Some(permits);
        self
    }

    /// A pool's window of the logins of this session's client, for a limit counted per client.
    pub(crate) fn login_window(mut self, window: LoginWindow) -> Self {
        self.logins = Some(window);
        self
    }

    /// Starts with `token`, e.g. the one a code exchange returned; it renews by the
    /// provider's `renew` (Tali: the refresh grant).
    pub fn token(mut self, token: Token) -> Self {
        self.token = Some(token);
        self
    }

    /// Builds the session.
    pub fn build(self) -> Result<Session<P>, Error> {
        let client = match self.client {
            Some(client) => client,
            None => Client::new()?,
        };
        let key = StoreKey {
            provider: P::INFO.name,
            origin: client.origin().map(|o| o.to_string()),
            identity: self.provider.identity(),
        };
        let limit = P::INFO.login_rate_limit;
        let limiter = match self.logins {
            Some(window) if limit.is_some_and(|l| l.counted_per() == LoginRateLimitPer::Client) => {
                LoginLimiter::shared(limit, window)
            }
            _ => LoginLimiter::new(limit),
        };
        let mut flight = Flight::new(limiter);
        let config = match self.configs {
            Some(configs) => configs.share(self.config),
            None => Arc::new(self.config),
        };
        let renewer = match (config.background, self.timetable) {
            (false, _) => Renewer::None,
            _ if P::INFO.grant().is_static() => Renewer::None,
            (true, Some(timetable)) => {
                timetable.start()?;
                Renewer::Timetable(timetable)
            }
            (true, None) => Renewer::Task(Arc::new(tokio::sync::Notify::new())),
        };
        // A seeded token is newer than anything stored: a renewal saves it rather than adopt
        // the store's.
        flight.unsaved = self.token.is_some();
        let session = Session {
            inner: Arc::new(Inner {
                provider: self.provider,
                client,
                config,
                key,
                current: Slot::empty(),
                flight: Mutex::new(flight),
                outcomes: Outcomes::default(),
                // A static credential comes from the settings every time: a store would only
                // write a secret to disk that was not there before.
                store: self.store.filter(|_| !P::INFO.grant().is_static()),
                on_renewal: self.on_renewal,
                calls: std::sync::OnceLock::new(),
                allowed: self.allowed.into_boxed_slice(),
                subject: self.subject,
                renewer,
                plan: std::sync::atomic::AtomicU64::new(0),
                record: std::sync::Mutex::default(),
                permits: self.permits,
            }),
        };
        if let Some(token) = self.token {
            session.set_current(token);
        }
        match &session.inner.renewer {
            Renewer::None => {}
            Renewer::Task(_) => background::spawn(&session.inner)?,
            Renewer::Timetable(_) => session.wake(),
        }
        Ok(session)
    }

    /// Chains this token exchange on `upstream`: each exchange presents `upstream`'s current
    /// access token as its subject token (renewing it first when it is due), instead of the
    /// `subject_token` field. The exchanged token expires no later than the subject it was
    /// exchanged for, so this session renews when either expires; a subject the exchange
    /// refuses (`invalid_grant`) is renewed once and presented again.
    pub fn subject_from<Q: Provider>(mut self, upstream: Session<Q>) -> Self
    where
        P: ExchangesTokens,
    {
        self.subject = Some(Arc::new(upstream));
        self
    }
}

impl<P: Provider> Session<P> {
    /// A session with the default client and settings.
    pub fn new(provider: P) -> Result<Self, Error> {
        Self::builder(provider).build()
    }

    /// Configures a session.
    pub fn builder(provider: P) -> SessionBuilder<P> {
        Self::builder_shared(Arc::new(provider))
    }

    /// [`Self::builder`] of a provider a pool keeps.
    pub(crate) fn builder_shared(provider: Arc<P>) -> SessionBuilder<P> {
        SessionBuilder {
            provider,
            client: None,
            config: Config {
                margin: DEFAULT_MARGIN,
                max_wait: DEFAULT_MAX_WAIT,
                retries: DEFAULT_RETRIES,
                retry_base: Duration::from_millis(200),
                max_backoff: Duration::from_secs(30),
                lease: DEFAULT_LEASE,
                background: false,
            },
            store: None,
            on_renewal: None,
            token: None,
            allowed: Vec::new(),
            subject: None,
            permits: None,
            timetable: None,
            configs: None,
            logins: None,
        }
    }

    /// The provider.
    pub fn provider(&self) -> &P {
        &self.inner.provider
    }

    /// The client.
    pub fn client(&self) -> &Client {
        &self.inner.client
    }

    /// The key this session's token is stored under.
    pub fn store_key(&self) -> &StoreKey {
        &self.inner.key
    }

    /// A valid token: the cached one while it is not due, else the outcome of one renewal.
    /// Waits up to the session's `max_wait` for limits and backoffs.
    pub fn token(&self) -> TokenFuture<'_, P> {
        TokenFuture::new(self, true)
    }

    /// The cached token if it is not due, without renewing or waiting, and without a future:
    /// for a hot path that handles the rare `None` itself (with [`Self::token`]).
    #[inline]
    pub fn try_token(&self) -> Option<TokenRef> {
        self.cached()
    }

    /// Like [`Self::token`], but never waits for a limit or a backoff: such a wait is an
    /// [`Error::MustWait`] with its length.
    pub fn token_without_waiting(&self) -> TokenFuture<'_, P> {
        TokenFuture::new(self, false)
    }

    /// The renewal path of a read, boxed and built out of line, so that a cached read's future
    /// and stack frame hold none of its state (the leader's renewal, boxed again inside, is
    /// kilobytes large).
    #[inline(never)]
    pub(super) fn obtain_boxed(
        &self,
        max_wait: Duration,
    ) -> Pin<Box<dyn Future<Output = Result<TokenRef, Error>> + Send + '_>> {
        Box::pin(async move { self.obtain(None, max_wait).await.map(TokenRef::shared) })
    }

    /// Renews now, whatever the cached token's expiry: for a token the API rejected.
    pub async fn renew(&self) -> Result<TokenRef, Error> {
        let held = self.inner.current.load_full();
        self.obtain(
            held.as_deref().map(|c| &*c.token),
            self.inner.config.max_wait,
        )
        .await
        .map(TokenRef::shared)
    }

    /// The token held, or else the one in the store, even if expired; never renews. For tools
    /// that inspect a token rather than use it (`authctl check`).
    pub async fn stored_token(&self) -> Result<Option<Arc<Token>>, Error> {
        if let Some(current) = self.inner.current.load_full() {
            return Ok(Some(Arc::clone(&current.token)));
        }
        let Some(store) = &self.inner.store else {
            return Ok(None);
        };
        Ok(store.load(&self.inner.key).await?.map(|stored| {
            let current = self.set_current(Token::from_stored(stored.token));
            Arc::clone(&current.token)
        }))
    }

    /// The cached token, if it is not yet due for renewal. No lock, no allocation, no write
    /// that another thread reads. Inlined into every read, so that its answer stays in
    /// registers: returned through memory, the guard's reload stalled the read (measured).
    #[inline(always)]
    fn cached(&self) -> Option<TokenRef> {
        // The renewer, not the configuration: it is in the session itself, and the
        // configuration is behind a pointer a pool's sessions share.
        if !matches!(self.inner.renewer, Renewer::None) {
            // The background renewal clears the flag when the token comes due.
            return TokenRef::fresh(&self.inner.current, |_| true);
        }
        TokenRef::fresh(&self.inner.current, |current| current.due.is_ahead())
    }

    /// The token's state and the renewals': fresh, stale (renewal failed, the token still
    /// valid), expired or empty, with the time left and the last error.
    pub fn health(&self) -> Health {
        let current = self.inner.current.load_full();
        background::health(current.as_deref().map(|c| &*c.token), &self.inner.record())
    }

    /// Gets a token through the single flight. `rejected` is a token the API refused: it is
    /// not handed out again.
    async fn obtain(
        &self,
        rejected: Option<&Token>,
        max_wait: Duration,
    ) -> Result<Arc<Current>, Error> {
        let inner = &*self.inner;
        let mut waiter = Waiter::arrive(&inner.outcomes);
        loop {
            let change = waiter.next_change();
            if let Some(found) = self.look(&mut waiter, rejected) {
                return found;
            }
            let Ok(lock) = inner.flight.try_lock() else {
                change.await;
                continue;
            };
            let flight = FlightGuard::new(lock, &inner.outcomes);
            // Again under the lock: an outcome may have landed since the look.
            if let Some(found) = self.look(&mut waiter, rejected) {
                return found;
            }
            return Box::pin(self.lead(flight, rejected, max_wait)).await;
        }
    }

    /// An outcome published since the caller arrived, or else a fresh token.
    fn look(&self, waiter: &mut Waiter, rejected: Option<&Token>) -> Option<Shared> {
        if let Some(result) = waiter.outcome() {
            return Some(self.shared(result, rejected));
        }
        self.fresh(rejected).map(Ok)
    }

    /// The current token, unless it is due or was rejected.
    fn fresh(&self, rejected: Option<&Token>) -> Option<Arc<Current>> {
        let current = self.inner.current.load_full()?;
        let was_rejected = rejected.is_some_and(|r| is_same(r, &current));
        (!was_rejected && Instant::now() < current.renew_at).then_some(current)
    }

    /// Renews under the flight lock, and hands the outcome to every waiting caller. Boxed by
    /// the caller: its state is large, and only one caller of a herd gets here.
    async fn lead(
        &self,
        mut flight: FlightGuard<'_>,
        rejected: Option<&Token>,
        max_wait: Duration,
    ) -> Result<Arc<Current>, Error> {
        let result = self.attempt(&mut flight, max_wait).await;
        flight.publish(result.clone());
        drop(flight);
        self.shared(result, rejected)
    }

    /// A renewal's result as one caller sees it: after a failure, the old token while it is
    /// still valid (and was not rejected).
    fn shared(
        &self,
        result: Result<Arc<Current>, Error>,
        rejected: Option<&Token>,
    ) -> Result<Arc<Current>, Error> {
        match result {
            Ok(token) => Ok(token),
            Err(error) => self.unless_still_valid(error, rejected),
        }
    }

    /// One renewal, under the flight lock, and under the store's lease when there is a store.
    async fn attempt(
        &self,
        flight: &mut Flight,
        max_wait: Duration,
    ) -> Result<Arc<Current>, Error> {
        let result = match &self.inner.store {
            Some(store) => self.renew_leased(store.as_ref(), flight, max_wait).await,
            None => self.attempt_alone(flight, max_wait).await,
        };
        self.inner.record().note(&result);
        result
    }

    /// One renewal of a session without a store.
    async fn attempt_alone(
        &self,
        flight: &mut Flight,
        max_wait: Duration,
    ) -> Result<Arc<Current>, Error> {
        let inner = &*self.inner;
        let held = inner.current.load_full();
        let result =
            renew::attempt(inner, flight, held.as_deref().map(|c| &*c.token), max_wait).await;
        let spent = std::mem::take(&mut flight.spent_refresh);
        match result {
            Ok(token) => Ok(self.install(token)),
            Err(error) => {
                if spent {
                    self.drop_refresh_token();
                }
                Err(error)
            }
        }
    }

    /// Drops a spent refresh token (rejected, or possibly rotated by a refresh whose answer was
    /// lost), keeping the access token while it lasts: it is never sent again. Returns the
    /// token without it, for the store.
    fn drop_refresh_token(&self) -> Option<Token> {
        let current = self.inner.current.load_full()?;
        let token = current.token.without_refresh_token();
        self.set_current(token.clone());
        Some(token)
    }

    /// Makes a token this session obtained (and saved, if there is a store) current, and tells
    /// the application.
    fn install(&self, token: Token) -> Arc<Current> {
        let current = self.set_current(token);
        if let Some(hook) = &self.inner.on_renewal {
            hook(&current.token);
        }
        tracing::debug!(provider = P::INFO.name, time_left = ?current.token.time_left(), "token renewed");
        current
    }

    /// Makes `token` the current token.
    /// Tells the background renewal, if any, that the token changed.
    fn wake(&self) {
        match &self.inner.renewer {
            Renewer::None => {}
            Renewer::Task(wake) => wake.notify_one(),
            Renewer::Timetable(timetable) => timetable.plan(&self.inner, None),
        }
    }

    fn set_current(&self, token: Token) -> Arc<Current> {
        let renew_at = self.renew_at(&token);
        let ahead = match self.inner.config.background {
            true => {
                let ahead =
                    background::renewal_instant(&token, self.inner.config.margin_for(&token));
                // A refresh token that lapses unused is refreshed before, even if the access
                // token lasts longer.
                keep_alive::refresh_by::<P>(&token).map_or(ahead, |by| ahead.min(by))
            }
            false => renew_at,
        };
        let current = Arc::new(Current::new(token, renew_at, ahead));
        self.inner.current.store(Some(Arc::clone(&current)));
        self.wake();
        current
    }

    /// When callers stop being handed `token`: a margin before expiry, or, with a background
    /// renewal that replaces it sooner, only just before it expires.
    fn renew_at(&self, token: &Token) -> Instant {
        if self.inner.config.background {
            let lifetime = token.lifetime().unwrap_or(DEFAULT_LIFETIME);
            let margin = self.inner.config.margin_for(token);
            return background::hard_deadline(token, lifetime, margin);
        }
        let margin = self.inner.config.margin_for(token);
        token
            .expires_at()
            .checked_sub(margin)
            .unwrap_or_else(|| token.expires_at())
    }

    /// After a failed renewal, the old token while it has not expired (and was not rejected),
    /// else the error.
    fn unless_still_valid(
        &self,
        error: Error,
        rejected: Option<&Token>,
    ) -> Result<Arc<Current>, Error> {
        let Some(current) = self.inner.current.load_full() else {
            return Err(error);
        };
        let was_rejected = rejected.is_some_and(|r| is_same(r, &current));
        if was_rejected || current.token.is_expired() {
            return Err(error);
        }
        tracing::warn!(provider = P::INFO.name, %error, "renewal failed; the current token is still valid");
        Ok(current)
    }

    /// Forgets the token, here and in the store.
    pub async fn forget(&self) -> Result<(), Error> {
        self.inner.current.store(None);
        self.wake();
        match &self.inner.store {
            Some(store) => store.remove(&self.inner.key).await,
            None => Ok(()),
        }
    }

    /// Asks the provider's validity endpoint about the current token.
    pub async fn check_validity(&self) -> Result<Validity, Error> {
        let token = self.token().await?;
        self.inner
            .client
            .check_validity(&*self.inner.provider, &token)
            .await
    }
}
