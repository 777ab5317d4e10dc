//! Salesforce's JWT bearer flow, declared from "OAuth 2.0 JWT Bearer Flow for
//! Server-to-Server Integration"
//! (<https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm>): a
//! connected app with a certificate, pre-authorized for the user, gets that user's token by
//! posting a JWT signed with the app's key as the grant (RFC 7523). The JWT is from the
//! consumer key (`iss`), about the username (`sub`), for the login host (`aud`:
//! `https://login.salesforce.com` or `https://test.salesforce.com`, not the token URL), and
//! must expire within three minutes. The answer names the org's instance (`instance_url`),
//! has no refresh token and no `expires_in`: a renewal signs a new assertion.

use auth_runtime::{Provider, SecretString};

use crate::salesforce::Environment;

/// Salesforce's `POST https://{environment}/services/oauth2/token`, with a signed assertion
/// as the grant.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "jwt_bearer",
    encoding = "form",
    endpoint = "https://{environment}/services/oauth2/token"
)]
#[oauth(
    name = "salesforce-jwt",
    assertion_audience = "https://{environment}",
    assertion_lifetime = "3min",
    validity_endpoint = "https://{environment}/services/oauth2/userinfo",
    api_base_from = "instance_url"
)]
pub struct SalesforceJwt {
    /// Production orgs, or sandboxes: the login host, and the assertion's audience.
    pub environment: Environment,
    /// The connected app's consumer key: the assertion's issuer.
    #[oauth(claim = "iss")]
    pub consumer_key: String,
    /// The Salesforce username the token is for: the assertion's subject.
    #[oauth(claim = "sub")]
    pub username: String,
    /// The RSA private key of the certificate uploaded to the connected app, in PEM.
    #[oauth(private_key)]
    pub private_key: SecretString,
}
