//! The token a session holds, and the references to it that the session hands out.

use std::fmt;
use std::ops::Deref;
use std::sync::atomic::AtomicBool;
use std::sync::atomic::Ordering;
use std::sync::{Arc, LazyLock, OnceLock};

use reqwest::header::HeaderValue;

use arc_swap::{ArcSwap, Guard};
use tokio::time::Instant;

use super::clock::Deadline;
use crate::token::Token;
use secrecy::SecretString;

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
///
/// An empty slot holds a shared placeholder, never fresh, rather than `None`: a reference to
/// a loaded token is then a non-null `Arc`, so that `Option<TokenRef>` fits in two registers
/// and the cached read returns it without a trip through memory (measured: the 24-byte
/// `Option` of an `ArcSwapOption` guard stalled every read on its reload).
pub(super) struct Slot(ArcSwap<Current>);

/// What an empty slot holds: one for the process, never handed out.
static EMPTY: LazyLock<Arc<Current>> = LazyLock::new(|| {
    let placeholder = Token::given(SecretString::from(String::new()), "");
    let now = Instant::now();
    let current = Current::new(placeholder, now, now);
    current.fresh.store(false, Ordering::Relaxed);
    Arc::new(current)
});

impl Slot {
    /// A slot without a token.
    pub(super) fn empty() -> Slot {
        Slot(ArcSwap::new(Arc::clone(&EMPTY)))
    }

    /// The token held, if any.
    pub(super) fn load_full(&self) -> Option<Arc<Current>> {
        let current = self.0.load_full();
        (!Arc::ptr_eq(&current, &EMPTY)).then_some(current)
    }

    /// Whether the slot holds no token.
    pub(super) fn is_empty(&self) -> bool {
        Arc::ptr_eq(&self.0.load(), &EMPTY)
    }

    /// Whether `current` is the token held.
    pub(super) fn holds(&self, current: &Arc<Current>) -> bool {
        Arc::ptr_eq(&self.0.load(), current)
    }

    /// Makes `current` the token held, or empties the slot.
    pub(super) fn store(&self, current: Option<Arc<Current>>) {
        self.0.store(current.unwrap_or_else(|| Arc::clone(&EMPTY)));
    }
}

impl fmt::Debug for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.load_full() {
            Some(current) => f.debug_tuple("Some").field(&current.token).finish(),
            None => f.write_str("None"),
        }
    }
}

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
    /// Never the empty slot's placeholder. A guard of an `Arc` that is shared already (a
    /// renewal's outcome) holds a full reference instead of a slot.
    Guard<Arc<Current>>,
);

impl TokenRef {
    /// The current token if it is fresh (an empty slot's placeholder never is) and `keep`
    /// accepts it.
    #[inline(always)]
    pub(super) fn fresh(slot: &Slot, keep: impl FnOnce(&Current) -> bool) -> Option<TokenRef> {
        let guard = slot.0.load();
        let fresh = guard.fresh.load(Ordering::Relaxed) && keep(&guard);
        fresh.then_some(TokenRef(guard))
    }

    /// A token handed out by a renewal.
    pub(super) fn shared(current: Arc<Current>) -> TokenRef {
        TokenRef(Guard::from_inner(current))
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

    fn loaded(&self) -> &Current {
        &self.0
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
        TokenRef(Guard::from_inner(Arc::clone(&self.0)))
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// The cached read returns `Option<TokenRef>` in two registers only while the reference
    /// has a niche for `None`.
    #[test]
    fn an_optional_token_ref_is_two_words() {
        assert_eq!(
            std::mem::size_of::<Option<TokenRef>>(),
            2 * std::mem::size_of::<usize>()
        );
    }

    #[tokio::test]
    async fn an_empty_slot_hands_out_nothing_and_a_filled_one_its_token() {
        let slot = Slot::empty();
        assert!(slot.is_empty() && slot.load_full().is_none());
        assert!(TokenRef::fresh(&slot, |_| true).is_none());
        assert_eq!(format!("{slot:?}"), "None");

        let later = Instant::now() + Duration::from_secs(60);
        let token = Token::given(SecretString::from("t".to_owned()), "Bearer");
        let current = Arc::new(Current::new(token, later, later));
        slot.store(Some(Arc::clone(&current)));
        assert!(!slot.is_empty() && slot.holds(&current));
        assert!(TokenRef::fresh(&slot, |_| true).is_some());
        assert!(TokenRef::fresh(&slot, |_| false).is_none());

        current.fresh.store(false, Ordering::Relaxed);
        assert!(TokenRef::fresh(&slot, |_| true).is_none());
        slot.store(None);
        assert!(slot.is_empty() && !slot.holds(&current));
    }
}
