//! Salesforce's OAuth 2.0 web server flow, declared from "Understanding the Web Server OAuth
//! Flow"
//! (<https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_understanding_web_server_oauth_flow.htm>)
//! and "Query for User Information"
//! (<https://help.salesforce.com/s/articleView?id=remoteaccess_using_userinfo_endpoint.htm>):
//! the code flow with the client secret in the form body, at the production or sandbox login
//! host. The token response names the instance the org's API lives on (`instance_url`), and has
//! no `expires_in`: a token lasts the org's session timeout, which the response does not say, so
//! it is renewed after the default hour, or sooner on a 401.

use auth_runtime::{Choice, Provider, SecretString};

/// Salesforce's `POST https://{environment}/services/oauth2/token`, for a user's authorization
/// code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://{environment}/services/oauth2/token"
)]
#[oauth(
    client_auth = "body",
    authorize_endpoint = "https://{environment}/services/oauth2/authorize"
)]
#[oauth(
    validity_endpoint = "https://{environment}/services/oauth2/userinfo",
    api_base_from = "instance_url"
)]
pub struct Salesforce {
    /// Production orgs, or sandboxes.
    pub environment: Environment,
    /// The connected app's consumer key.
    #[oauth(client_id)]
    pub client_id: String,
    /// The connected app's consumer secret.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// The connected app's callback URL.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`api refresh_token`); `refresh_token` (or
    /// `offline_access`) for a refresh token.
    #[oauth(scope)]
    pub scope: Option<String>,
}

/// Which Salesforce login host.
#[derive(Choice, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// Production and Developer Edition orgs: `login.salesforce.com`.
    #[oauth(value = "login.salesforce.com")]
    Production,
    /// Sandboxes: `test.salesforce.com`.
    #[oauth(value = "test.salesforce.com")]
    Sandbox,
}
