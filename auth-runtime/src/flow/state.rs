//! The `state` of an authorize request: 256 bits from the operating system's CSPRNG, compared
//! in constant time when the redirect brings it back.

use std::fmt;

use crate::error::Error;

/// An unguessable, single-use value tying a redirect to the request that caused it (the
/// `state` parameter, RFC 6749 section 10.12). Not called `State`, which web frameworks such
/// as axum use for their own extractor in exactly the services that hold [`PendingFlows`].
///
/// [`PendingFlows`]: crate::PendingFlows
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CsrfState(String);

impl CsrfState {
    /// A fresh state of 32 random bytes (43 characters).
    pub fn generate() -> Result<Self, Error> {
        Ok(CsrfState(crate::random::random_token(32)?))
    }

    /// The state as sent in the URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `returned` is this state, compared in time that does not depend on where the
    /// two first differ.
    pub fn matches(&self, returned: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), returned.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl fmt::Debug for CsrfState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CsrfState([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_are_long_random_and_compared_exactly() {
        let a = CsrfState::generate().unwrap();
        let b = CsrfState::generate().unwrap();
        assert_eq!(a.as_str().len(), 43, "256 bits, base64url");
        assert_ne!(a, b);
        assert!(a.matches(a.as_str()));
        assert!(!a.matches(b.as_str()));
        assert!(!a.matches(""));
        assert!(!a.matches(&a.as_str()[..42]));
    }
}
