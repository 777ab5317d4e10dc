//! What the emulator remembers between requests: the tokens and codes it issued, the live
//! refresh tokens, the recent logins (for the rate limit), the faults waiting, every request
//! received, the client assertions already spent, and the device authorizations pending.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};

use tokio::time::Instant;

use super::assertion::SpentJtis;
use super::server::Received;
use super::Fault;

/// A token the emulator issued, for the validity endpoint and the API route to accept.
pub(super) struct Issued {
    pub(super) access: String,
    pub(super) expires_at: Instant,
    /// By a newer token, when the configuration says so (Altrata), or once a two-step
    /// login's first token was presented.
    pub(super) revoked: bool,
    /// A two-step login's first token: good only at the second step, never for the API.
    pub(super) first_step: bool,
}

/// A code the authorize endpoint issued and the token endpoint has not yet taken.
pub(super) struct PendingCode {
    /// The authorize request's, which the exchange must repeat.
    pub(super) redirect_uri: String,
    /// The PKCE S256 challenge, which the exchange's verifier must match.
    pub(super) challenge: Option<String>,
}

/// A device authorization the emulator issued and no token has been issued for yet.
pub(super) struct PendingDevice {
    pub(super) user_code: String,
    /// `None` while the user has not decided; then whether they approved.
    pub(super) decision: Option<bool>,
    pub(super) expires_at: Instant,
    pub(super) interval: std::time::Duration,
    pub(super) last_poll: Option<Instant>,
}

/// What the emulator remembers between requests, behind one lock: each request is answered
/// whole under it, so that requests in flight at once see each other's effects in order.
#[derive(Default)]
pub(super) struct State {
    pub(super) issued: Vec<Issued>,
    pub(super) live_refresh: Vec<String>,
    /// When each refresh token was issued, for a provider whose refresh tokens lapse unused
    /// (each is good once, so its issue is its last use).
    pub(super) refresh_issued: HashMap<String, Instant>,
    pub(super) codes: HashMap<String, PendingCode>,
    /// The recent logins of each identity, or of each client for a limit counted per client.
    pub(super) logins: HashMap<String, VecDeque<Instant>>,
    pub(super) faults: VecDeque<Fault>,
    pub(super) requests: Vec<Received>,
    pub(super) counter: u64,
    pub(super) spent_jtis: SpentJtis,
    /// Refresh tokens already used, for reuse detection.
    pub(super) used_refresh: Vec<String>,
    /// How many times a used refresh token came back.
    pub(super) refresh_reuses: usize,
    /// Device authorizations not yet decided or spent, by device code.
    pub(super) devices: HashMap<String, PendingDevice>,
}

/// The state, even after a handler panicked while holding it: a test should see the requests
/// that came before, not a second panic.
pub(super) fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
