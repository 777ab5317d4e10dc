//! The declared login rate limit (iAdvize: 10 logins a minute per user), as a sliding window
//! of the times logins were sent. A session's own window lives inside its single-flight state,
//! so it needs no lock of its own and no number of callers can get past it. A limit counted per
//! client (`login_rate_limit_per = "client"`) is one window for every identity of that client
//! in a pool, behind a lock held only to count.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use crate::info::RateLimit;

/// When logins were sent, within the last period: a session's own, or its client's. Nothing
/// but a null pointer for a provider that declares no limit.
#[derive(Debug)]
pub(crate) struct LoginLimiter(Option<Box<Window>>);

#[derive(Debug)]
struct Window {
    limit: RateLimit,
    sent: Sent,
}

#[derive(Debug)]
enum Sent {
    Own(VecDeque<Instant>),
    Shared(LoginWindow),
}

/// The logins sent by every session of one client in a pool.
#[derive(Debug, Clone, Default)]
pub(crate) struct LoginWindow(Arc<Mutex<VecDeque<Instant>>>);

impl LoginLimiter {
    /// A session's own window.
    pub(crate) fn new(limit: Option<RateLimit>) -> Self {
        LoginLimiter(limit.map(|limit| {
            Box::new(Window {
                limit,
                sent: Sent::Own(VecDeque::new()),
            })
        }))
    }

    /// A window shared with the other sessions of one client.
    pub(crate) fn shared(limit: Option<RateLimit>, window: LoginWindow) -> Self {
        LoginLimiter(limit.map(|limit| {
            Box::new(Window {
                limit,
                sent: Sent::Shared(window),
            })
        }))
    }

    /// Takes a slot for a login sent now, or says how long until one is free.
    pub(crate) fn take(&mut self, now: Instant) -> Result<(), Duration> {
        let Some(window) = self.0.as_deref_mut() else {
            return Ok(());
        };
        let limit = window.limit;
        match &mut window.sent {
            Sent::Own(sent) => take(sent, limit, now),
            Sent::Shared(window) => {
                let mut sent = window.0.lock().unwrap_or_else(PoisonError::into_inner);
                take(&mut sent, limit, now)
            }
        }
    }
}

/// Forgets the logins older than the period, then takes a slot or says when one frees.
fn take(sent: &mut VecDeque<Instant>, limit: RateLimit, now: Instant) -> Result<(), Duration> {
    while let Some(&oldest) = sent.front() {
        if now.duration_since(oldest) >= limit.per() {
            sent.pop_front();
        } else {
            break;
        }
    }
    if sent.len() < limit.max() as usize {
        sent.push_back(now);
        return Ok(());
    }
    let oldest = sent.front().copied().unwrap_or(now);
    let free_at = oldest.checked_add(limit.per()).unwrap_or(now);
    Err(free_at.saturating_duration_since(now))
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
    fn limiters_of_one_window_count_together() {
        let limit = Some(RateLimit::new(2, Duration::from_secs(60)));
        let window = LoginWindow::default();
        let mut first = LoginLimiter::shared(limit, window.clone());
        let mut second = LoginLimiter::shared(limit, window);
        let mut apart = LoginLimiter::new(limit);
        let now = Instant::now();
        assert_eq!(first.take(now), Ok(()));
        assert_eq!(second.take(now), Ok(()));
        assert_eq!(first.take(now), Err(Duration::from_secs(60)));
        assert_eq!(second.take(now), Err(Duration::from_secs(60)));
        assert_eq!(apart.take(now), Ok(()), "a window of its own");
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
