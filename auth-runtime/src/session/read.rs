//! The future of a token read: [`Session::token`] and [`Session::token_without_waiting`].
//!
//! Written by hand rather than as an `async fn` so that its first poll, the cached read of
//! every API call, inlines into the caller: an `async fn`'s poll is a state machine called out
//! of line, which moves its output (a `Result` as large as [`Error`]) through memory. Measured:
//! the out-of-line poll cost more than the read itself.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use super::{Session, TokenRef};
use crate::error::Error;
use crate::provider::Provider;

/// The renewal a read waits on, boxed (see [`Session::obtain_boxed`]).
type Renewal<'a> = Pin<Box<dyn Future<Output = Result<TokenRef, Error>> + Send + 'a>>;

/// A token read in progress: the cached token on the first poll if it is not due, else one
/// renewal's outcome. Reads the cache when first polled, not when made, so that a future
/// awaited late does not hand out a token that came due meanwhile.
#[must_use = "futures do nothing unless polled"]
pub struct TokenFuture<'a, P: Provider> {
    session: &'a Session<P>,
    /// Whether a renewal may wait for limits and backoffs (up to the session's `max_wait`,
    /// read only then: the cached read touches nothing but the token's slot).
    waits: bool,
    renewal: Option<Renewal<'a>>,
}

impl<'a, P: Provider> TokenFuture<'a, P> {
    pub(super) fn new(session: &'a Session<P>, waits: bool) -> Self {
        TokenFuture {
            session,
            waits,
            renewal: None,
        }
    }
}

impl<P: Provider> Future for TokenFuture<'_, P> {
    type Output = Result<TokenRef, Error>;

    /// The cached read, inlined; the renewal out of line.
    #[inline(always)]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if self.renewal.is_none() {
            if let Some(token) = self.session.cached() {
                return Poll::Ready(Ok(token));
            }
        }
        self.poll_renewal(cx)
    }
}

impl<P: Provider> TokenFuture<'_, P> {
    #[inline(never)]
    fn poll_renewal(&mut self, cx: &mut Context<'_>) -> Poll<Result<TokenRef, Error>> {
        let session = self.session;
        let max_wait = match self.waits {
            true => session.inner.config.max_wait,
            false => Duration::ZERO,
        };
        self.renewal
            .get_or_insert_with(|| session.obtain_boxed(max_wait))
            .as_mut()
            .poll(cx)
    }
}

impl<P: Provider> std::fmt::Debug for TokenFuture<'_, P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenFuture")
            .field("renewing", &self.renewal.is_some())
            .finish_non_exhaustive()
    }
}
