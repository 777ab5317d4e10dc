//! The declared login rate limit (iAdvize: 10 logins a minute per user), as a sliding window
//! of the times logins were sent. It lives inside the session's single-flight state, so it
//! needs no lock of its own and no number of callers can get past it.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::time::Instant;

use crate::info::RateLimit;

/// When logins were sent, within the last period.
#[derive(Debug)]
pub(crate) struct LoginLimiter {
    limit: Option<RateLimit>,
    sent: VecDeque<Instant>,
}

impl LoginLimiter {
    pub(crate) fn new(limit: Option<RateLimit>) -> Self {
        LoginLimiter {
            limit,
            sent: VecDeque::new(),
        }
    }

    /// Takes a slot for a login sent now, or says how long until one is free.
    pub(crate) fn take(&mut self, now: Instant) -> Result<(), Duration> {
        let Some(limit) = self.limit else {
            return Ok(());
        };
        while let Some(&oldest) = self.sent.front() {
            if now.duration_since(oldest) >= limit.per() {
                self.sent.pop_front();
            } else {
                break;
            }
        }
        if self.sent.len() < limit.max() as usize {
            self.sent.push_back(now);
            return Ok(());
        }
        let oldest = self.sent.front().copied().unwrap_or(now);
        let free_at = oldest.checked_add(limit.per()).unwrap_or(now);
        Err(free_at.saturating_duration_since(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_a_minute_then_wait_for_the_oldest_to_age_out() {
        let mut limiter = LoginLimiter::new(Some(RateLimit::new(10, Duration::from_secs(60))));
        let start = Instant::now();
        for i in 0..10 {
            assert_eq!(
                limiter.take(start + Duration::from_secs(i)),
                Ok(()),
                "login {i}"
            );
        }
        let at = start + Duration::from_secs(30);
        assert_eq!(
            limiter.take(at),
            Err(Duration::from_secs(30)),
            "the 11th waits for the first"
        );
        assert_eq!(limiter.take(start + Duration::from_secs(60)), Ok(()));
        assert_eq!(
            limiter.take(start + Duration::from_secs(60)),
            Err(Duration::from_secs(1))
        );
    }

    #[test]
    fn no_limit_never_waits() {
        let mut limiter = LoginLimiter::new(None);
        let now = Instant::now();
        for _ in 0..1000 {
            assert_eq!(limiter.take(now), Ok(()));
        }
    }
}
