//! Randomness from the operating system, for states, PKCE verifiers, assertion ids and
//! temporary file names.

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
