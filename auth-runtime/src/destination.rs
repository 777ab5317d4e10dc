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
//! | the token's own API base (`api_base_from`) | the provider said so when it issued the token (Salesforce's `instance_url`) |
//! | the token endpoint's and the validity endpoint's | the party that issued the token |
//! | the client's origin override | tests and emulators stand in for the provider there |
//! | each origin given to [`crate::SessionBuilder::allow_origin`] | the user said so |

use url::Url;

use crate::endpoint::{ensure_secure, Origin};
use crate::error::Error;
use crate::info::ProviderInfo;
use crate::provider::Provider;
use crate::token::Token;

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
        if self.origins.iter().any(|origin| is_origin_of(origin, url)) {
            return Ok(());
        }
        Err(Error::OriginNotAllowed {
            provider,
            origin: url.origin().ascii_serialization(),
        })
    }
}

/// Whether `url` is at `origin`, compared in place: `Url::origin` would copy the host on
/// every API call.
fn is_origin_of(origin: &url::Origin, url: &Url) -> bool {
    let url::Origin::Tuple(scheme, host, port) = origin else {
        return false;
    };
    let same_host = match (host, url.host()) {
        (url::Host::Domain(a), Some(url::Host::Domain(b))) => a == b,
        (url::Host::Ipv4(a), Some(url::Host::Ipv4(b))) => *a == b,
        (url::Host::Ipv6(a), Some(url::Host::Ipv6(b))) => *a == b,
        _ => false,
    };
    same_host && scheme == url.scheme() && Some(*port) == url.port_or_known_default()
}

/// The API base a token names (`api_base_from`: Salesforce's `instance_url`), checked safe for
/// credentials; `None` for a provider that declares none.
pub(crate) fn api_base_of(info: &ProviderInfo, token: &Token) -> Option<Result<Url, Error>> {
    let (first, rest) = info.api_base_from().split_first()?;
    let missing = || {
        Error::config(format!(
            "the token response of {} holds no API base URL at `{}`",
            info.name(),
            info.api_base_from().join(".")
        ))
    };
    let value = token
        .extra(first)
        .and_then(|v| rest.iter().try_fold(v, |v, key| v.get(key)))
        .and_then(serde_json::Value::as_str);
    let Some(text) = value else {
        return Some(Err(missing()));
    };
    // A bare host (Salesforce Data 360's tenant, `a360.c360a.salesforce.com`) is served over https.
    let text = if text.contains("://") {
        text.to_owned()
    } else {
        format!("https://{text}")
    };
    Some(
        Url::parse(&text)
            .map_err(|e| Error::config_caused_by("the API base the token response names", e))
            .and_then(|url| ensure_secure(&url).map(|()| url)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_is_scheme_host_and_port_and_nothing_less() {
        let at = |origin: &str, url: &str| {
            is_origin_of(
                &Url::parse(origin).unwrap().origin(),
                &Url::parse(url).unwrap(),
            )
        };
        assert!(at(
            "https://api.example.com",
            "https://api.example.com:443/v1?x=1"
        ));
        assert!(at("http://127.0.0.1:8080", "http://127.0.0.1:8080/a"));
        assert!(at("http://[::1]:9", "http://[::1]:9/"));
        assert!(!at("https://api.example.com", "http://api.example.com/"));
        assert!(!at(
            "https://api.example.com",
            "https://api.example.com.evil.net/"
        ));
        assert!(!at(
            "https://api.example.com",
            "https://api.example.com:8443/"
        ));
        assert!(!at("http://127.0.0.1:8080", "http://127.0.0.1:8081/"));
        assert!(!at("https://127.0.0.1", "https://localhost/"));
    }
}
