//! The clock of the cached read.
//!
//! Every API call checks its token's renewal instant, so that check sits on the hot path. A
//! precise monotonic clock read costs about 30 ns on a virtual machine, more than the rest of the
//! read. The coarse monotonic clock (`CLOCK_MONOTONIC_COARSE` on Linux, through `coarsetime`)
//! costs under 10 ns and lags by at most one of its ticks (1 to 4 ms): a token is handed out at
//! most that long past its renewal instant, which comes a margin of seconds before its expiry.
//!
//! With the `tokio-clock` feature the check reads tokio's clock instead, which
//! `tokio::time::pause` stops and `advance` moves: tests that jump past an expiry need it.

use std::time::Duration;

use tokio::time::Instant;

use crate::token::MAX_LIFETIME;

/// `left` from now on the coarse clock, at most [`MAX_LIFETIME`] away.
fn coarse_after(left: Duration) -> coarsetime::Instant {
    let left = coarsetime::Duration::from(left.min(MAX_LIFETIME));
    // Ticks are a u64 of nanoseconds-ish since boot: a year from now cannot overflow it.
    #[allow(clippy::arithmetic_side_effects)]
    let at = coarsetime::Instant::now() + left;
    at
}

/// An instant in the cached read's clock: the moment a token becomes due for renewal.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Deadline {
    coarse: coarsetime::Instant,
    #[cfg(feature = "tokio-clock")]
    tokio: Instant,
}

impl Deadline {
    /// `instant` (in tokio's clock, where token expiries live) in the cached read's clock.
    pub(crate) fn at(instant: Instant) -> Self {
        let left = instant.saturating_duration_since(Instant::now());
        Deadline {
            coarse: coarse_after(left),
            #[cfg(feature = "tokio-clock")]
            tokio: instant,
        }
    }

    /// Whether the deadline is still ahead: one cheap clock read.
    #[inline]
    pub(crate) fn is_ahead(&self) -> bool {
        #[cfg(feature = "tokio-clock")]
        return Instant::now() < self.tokio;
        #[cfg(not(feature = "tokio-clock"))]
        self.is_ahead_by_coarse_clock()
    }

    /// The check without the `tokio-clock` feature; tested with the feature too.
    #[inline]
    #[cfg_attr(feature = "tokio-clock", allow(dead_code))]
    fn is_ahead_by_coarse_clock(&self) -> bool {
        coarsetime::Instant::now() < self.coarse
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_deadline_in_the_future_is_ahead_and_one_in_the_past_is_not() {
        let ahead = Deadline::at(Instant::now() + Duration::from_secs(60));
        assert!(ahead.is_ahead() && ahead.is_ahead_by_coarse_clock());
        let now = Deadline::at(Instant::now());
        assert!(!now.is_ahead() && !now.is_ahead_by_coarse_clock());
        if let Some(past) = Instant::now().checked_sub(Duration::from_secs(1)) {
            let past = Deadline::at(past);
            assert!(!past.is_ahead() && !past.is_ahead_by_coarse_clock());
        }
    }

    /// The coarse clock lags by one tick at most (4 ms at the coarsest kernel setting): a
    /// deadline 50 ms out has passed 60 ms later.
    #[test]
    fn a_deadline_passes_within_a_tick_of_its_instant() {
        let deadline = Deadline::at(Instant::now() + Duration::from_millis(50));
        assert!(deadline.is_ahead_by_coarse_clock());
        std::thread::sleep(Duration::from_millis(60));
        assert!(!deadline.is_ahead_by_coarse_clock());
        assert!(!deadline.is_ahead());
    }
}
