//! Salesforce's OAuth 2.0 client credentials flow, declared from "OAuth 2.0 Client Credentials
//! Flow for Server-to-Server Integration"
//! (<https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_client_credentials_flow.htm>):
//! client credentials with the secret in the form body, at the org's My Domain host (not the
//! shared login host), for the connected app's run-as user. The token response names the
//! instance the API lives on (`instance_url`) and has no `expires_in`: a token lasts the org's
//! session timeout, which the response does not say, so a new one is had after the default
//! hour, or sooner on a 401.

use auth_runtime::{Provider, SecretString};

/// Salesforce's `POST https://{my_domain}.my.salesforce.com/services/oauth2/token`, for the
/// connected app's own token.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://{my_domain}.my.salesforce.com/services/oauth2/token"
)]
#[oauth(name = "salesforce-cc", client_auth = "body")]
#[oauth(
    validity_endpoint = "https://{my_domain}.my.salesforce.com/services/oauth2/userinfo",
    api_base_from = "instance_url"
)]
pub struct SalesforceCc {
    /// The org's My Domain name: the `acme` of `acme.my.salesforce.com`.
    pub my_domain: String,
    /// The connected app's consumer key.
    #[oauth(client_id)]
    pub client_id: String,
    /// The connected app's consumer secret.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
}
