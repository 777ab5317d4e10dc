//! Which exchange with the token endpoint a request is for: a login, a refresh, an
//! authorization code with what must match its authorize request, or the current token
//! presented for a new one.

use secrecy::SecretString;

use crate::pkce::PkceVerifier;

/// Which token request to build. Generated code takes it; users never name it.
#[derive(Debug)]
#[non_exhaustive]
pub enum Exchange<'a> {
    /// The provider's declared login: password, client credentials, or its own named fields.
    Login,
    /// The refresh grant (RFC 6749 section 6).
    Refresh {
        /// The refresh token to present.
        refresh_token: &'a SecretString,
    },
    /// The authorization code grant (RFC 6749 section 4.1.3).
    AuthorizationCode(&'a AuthorizationCode),
    /// A token exchange's login with its subject token given, not read from the
    /// `subject_token` field: another session's token, for a provider chained on a provider.
    Chained {
        /// The subject token to exchange.
        subject_token: &'a SecretString,
    },
    /// The current token, presented at the declared `renew_endpoint` for a new one
    /// (`renew = "token"`, Jamf Pro's keep-alive).
    Present {
        /// The token to present, as API calls carry it.
        token: &'a crate::token::Token,
    },
    /// The device authorization request (RFC 8628 section 3.1), to the `device_endpoint`: the
    /// client asks for a device code and a user code.
    DeviceAuthorization,
    /// A poll of the token endpoint with a device code (RFC 8628 section 3.4).
    DeviceCode {
        /// The `device_code` the device authorization answered.
        device_code: &'a SecretString,
    },
    /// The second request of a two-step login (`second_step`): the first request's token,
    /// presented for the one the API takes.
    Second {
        /// The first request's token.
        token: &'a crate::token::Token,
    },
}

/// What a code exchange needs: the code from the redirect, and what must match the authorize
/// request.
#[derive(Debug)]
pub struct AuthorizationCode {
    /// The `code` query parameter of the redirect.
    pub code: SecretString,
    /// The `redirect_uri` sent to the authorize endpoint; when `None`, the provider's
    /// `redirect_uri` setting is sent.
    pub redirect_uri: Option<String>,
    /// The PKCE verifier, when the authorize request carried a challenge.
    pub pkce_verifier: Option<PkceVerifier>,
}

impl AuthorizationCode {
    /// A code to exchange with the provider's own `redirect_uri` setting and no PKCE.
    pub fn new(code: impl Into<String>) -> Self {
        AuthorizationCode {
            code: SecretString::from(code.into()),
            redirect_uri: None,
            pkce_verifier: None,
        }
    }
}
