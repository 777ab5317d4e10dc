//! Where an API call may carry a provider's credentials: over https (or plain http to a
//! loopback address), and only to the origins the declaration names or the user allowed.
//!
//! golang's `oauth2.Transport` adds the token to whatever request it is given; here a mistyped
//! or attacker-chosen URL (`https://api.example.com.evil.net/…`, a redirect target copied into
//! a request) gets [`Error::OriginNotAllowed`] and nothing is sent. The origins allowed are:
//!
//! | origin | why |
//! |---|---|
//! | the declared `api_base` | where the provider's API lives |
//! | the token endpoint's and the validity endpoint's | the party that issued the token |
//! | the client's origin override | tests and emulators stand in for the provider there |
//! | each origin given to [`crate::SessionBuilder::allow_origin`] | the user said so |

use url::Url;

use crate::endpoint::{ensure_secure, Origin};
use crate::error::Error;
use crate::provider::Provider;

/// The origins an API call with a provider's token may go to.
#[derive(Debug, Clone, Default)]
pub(crate) struct Destinations {
    origins: Vec<url::Origin>,
}

impl Destinations {
    /// The origins `provider`'s declaration names, and the client's origin override.
    pub(crate) fn declared<P: Provider>(provider: &P, overridden: Option<&Origin>) -> Self {
        let mut destinations = Destinations::default();
        let declared = [
            provider.api_base(),
            provider.validity_url(),
            Some(provider.token_url()),
        ];
        for url in declared.into_iter().flatten().flatten() {
            destinations.allow(url.origin());
        }
        if let Some(origin) = overridden {
            destinations.allow(origin.url().origin());
        }
        destinations
    }

    /// Allows one more origin.
    pub(crate) fn allow(&mut self, origin: url::Origin) {
        if origin.is_tuple() && !self.origins.contains(&origin) {
            self.origins.push(origin);
        }
    }

    /// Whether a request to `url` may carry the credentials.
    pub(crate) fn check(&self, provider: &'static str, url: &Url) -> Result<(), Error> {
        ensure_secure(url)?;
        let origin = url.origin();
        if self.origins.contains(&origin) {
            return Ok(());
        }
        Err(Error::OriginNotAllowed {
            provider,
            origin: origin.ascii_serialization(),
        })
    }
}
