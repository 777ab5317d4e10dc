//! The token a session holds, and the references to it that the session hands out.

use std::fmt;
use std::ops::Deref;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};

use reqwest::header::HeaderValue;

use arc_swap::{ArcSwapOption, Guard};
use tokio::time::Instant;

use super::clock::Deadline;
use crate::token::Token;

/// A token with the instant it is due for renewal, in tokio's clock and in the cheaper one of
/// the cached read. Aligned to a cache line of its own: every cached read reads it, and a
/// neighbour written by another thread would make each of those reads a cache miss.
#[repr(align(64))]
pub(super) struct Current {
    pub(super) token: Arc<Token>,
    /// When callers stop being handed it, and renew it on their path.
    pub(super) renew_at: Instant,
    pub(super) due: Deadline,
    /// When a background renewal replaces it (`renew_at` for a session without one).
    pub(super) renew_ahead_at: Instant,
    /// Cleared by the background renewal at `renew_at`: a session that renews in the
    /// background checks this flag instead of the clock.
    pub(super) fresh: AtomicBool,
    /// The credential's header value, as API calls carry it: written once per token, on the
    /// first call that needs it, and cloned (a reference count) by every call after it.
    pub(super) credential: OnceLock<HeaderValue>,
}

impl Current {
    pub(super) fn new(token: Token, renew_at: Instant, renew_ahead_at: Instant) -> Current {
        Current {
            token: Arc::new(token),
            renew_at,
            due: Deadline::at(renew_at),
            renew_ahead_at,
            // A token installed already due (adopted from a store, seeded old) is not handed
            // out on the cached read.
            fresh: AtomicBool::new(Instant::now() < renew_at),
            credential: OnceLock::new(),
        }
    }
}

/// Where a session keeps its current token: swapped whole, read without a lock.
pub(super) type Slot = ArcSwapOption<Current>;

/// A token a [`Session`](super::Session) handed out. It derefs to [`Token`] and holds no lock:
/// renewals go on while it is held, and it keeps the token it was given.
///
/// A cached read hands out a reference through `arc-swap`, which marks it in a slot of the
/// reading thread instead of incrementing the token's shared reference count: threads reading
/// the same token at once then write nothing that another thread reads, and do not slow each
/// other down. Each thread has a few such slots; beyond them (many tokens held at once on one
/// thread), a reference costs an increment, as an `Arc` does. To keep a token for longer than
/// the call that needs it, take an `Arc` with [`TokenRef::to_arc`].
pub struct TokenRef(
    /// Always `Some`: only a loaded token is wrapped. A guard of an `Arc` that is shared
    /// already (a renewal's outcome) holds a full reference instead of a slot.
    Guard<Option<Arc<Current>>>,
);

impl TokenRef {
    /// The current token if there is one and `keep` accepts it.
    #[inline]
    pub(super) fn current(slot: &Slot, keep: impl FnOnce(&Current) -> bool) -> Option<TokenRef> {
        let guard = slot.load();
        let current = guard.as_ref()?;
        keep(current).then_some(TokenRef(guard))
    }

    /// A token handed out by a renewal.
    pub(super) fn shared(current: Arc<Current>) -> TokenRef {
        TokenRef(Guard::from_inner(Some(current)))
    }

    /// The credential header value of this token, made by `make` the first time.
    pub(super) fn credential_header(
        &self,
        make: impl FnOnce() -> Result<HeaderValue, crate::error::Error>,
    ) -> Result<HeaderValue, crate::error::Error> {
        let cell = &self.loaded().credential;
        if let Some(value) = cell.get() {
            return Ok(value.clone());
        }
        let value = make()?;
        Ok(cell.get_or_init(|| value).clone())
    }

    /// The token as an `Arc`, to keep beyond the call that needed it.
    pub fn to_arc(&self) -> Arc<Token> {
        Arc::clone(self.held())
    }

    fn held(&self) -> &Arc<Token> {
        &self.loaded().token
    }

    #[allow(clippy::unreachable)] // An invariant of this type, not data from outside.
    fn loaded(&self) -> &Current {
        match &*self.0 {
            Some(current) => current,
            None => unreachable!("only a loaded token is wrapped"),
        }
    }
}

impl Deref for TokenRef {
    type Target = Token;

    fn deref(&self) -> &Token {
        self.held()
    }
}

impl AsRef<Token> for TokenRef {
    fn as_ref(&self) -> &Token {
        self
    }
}

impl Clone for TokenRef {
    fn clone(&self) -> Self {
        TokenRef(Guard::from_inner((*self.0).clone()))
    }
}

impl fmt::Debug for TokenRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Token::fmt(self, f)
    }
}

/// Whether `token` is the current one: the same allocation, or the same access token (the
/// current token may be a copy whose spent refresh token was dropped).
pub(super) fn is_same(token: &Token, current: &Current) -> bool {
    use secrecy::ExposeSecret as _;
    std::ptr::eq(token, Arc::as_ptr(&current.token))
        || token.access_token().expose_secret() == current.token.access_token().expose_secret()
}
