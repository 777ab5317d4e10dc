//! Google's Security Token Service for workload identity federation, declared from "Security
//! Token Service API › token" (<https://cloud.google.com/iam/docs/reference/sts/rest/v1/TopLevel/token>):
//! an external identity's token (an OIDC ID token, a JWT, a SAML assertion) is exchanged
//! (RFC 8693) for a Google access token. No client authentication: the workload identity
//! pool provider named in `audience` trusts the subject token's issuer.

use auth_runtime::{Provider, SecretString};

/// Google's `POST https://sts.googleapis.com/v1/token`, a token exchange.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "token_exchange",
    encoding = "form",
    endpoint = "https://sts.googleapis.com/v1/token"
)]
#[oauth(
    name = "google-sts",
    subject_token_type = "urn:ietf:params:oauth:token-type:jwt",
    param = "requested_token_type=urn:ietf:params:oauth:token-type:access_token",
    api_base = "https://www.googleapis.com"
)]
pub struct GoogleSts {
    /// The workload identity pool provider's full name,
    /// `//iam.googleapis.com/projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER`.
    #[oauth(param)]
    pub audience: String,
    /// The external identity's token (a JWT or OIDC ID token).
    #[oauth(subject_token)]
    pub subject_token: SecretString,
    /// The scopes to ask for, space-separated (`https://www.googleapis.com/auth/cloud-platform`).
    #[oauth(scope)]
    pub scope: String,
}
