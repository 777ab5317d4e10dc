//! The authorization code flow (RFC 6749 section 4.1, RFC 7636, RFC 8252): the authorize URL
//! with its state and PKCE challenge, the callback, and the loopback listener for programs
//! without a web server. The exchange itself is [`crate::Client::exchange_code`], and its
//! token seeds a [`crate::Session`].

mod authorize;
mod loopback;
mod pkce;
mod state;

#[cfg(test)]
pub(crate) use authorize::Callback;
pub use authorize::{AuthorizeOptions, PendingAuthorization, PendingFlows};
pub use loopback::{LoopbackListener, DEFAULT_CALLBACK_TIMEOUT};
pub use pkce::PkceVerifier;
pub use state::State;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use crate::error::Error;

/// `bytes` random bytes from the operating system, base64url without padding.
pub(crate) fn random_token(bytes: usize) -> Result<String, Error> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer)
        // Text, not a source: without its `std` feature, `getrandom::Error` is no `std` error.
        .map_err(|e| Error::config(format!("the operating system gave no randomness: {e}")))?;
    Ok(URL_SAFE_NO_PAD.encode(buffer))
}
