//! Salesforce Data 360 (formerly Data Cloud), for a connected app: a Salesforce access token by
//! the client credentials flow at the org's My Domain, exchanged at the org's Data 360 token
//! endpoint for the token Data 360's APIs take. Both steps are repeated to renew.
//!
//! Documentation followed: Salesforce Help, "Sample Request and Response for Access Token" and
//! "Sample Exchange Access Token for Data 360 Token Request and Response"
//! (<https://help.salesforce.com/apex/HTViewHelpDoc?id=service.conversation_transcript_api_sample2.htm>),
//! and the Data 360 Query API's "Authenticate with the Data Cloud Rest API"
//! (<https://developer.salesforce.com/docs/data/data-cloud-query-guide/references/data-cloud-query-api-reference/c360a-direct-api-connected-app.html>).
//! The exchange answers `access_token`, `instance_url` (the tenant's host, without a scheme: the
//! API base, over https), `token_type`, `issued_token_type` and `expires_in`.

use auth_runtime::{Provider, SecretString};

/// Data 360's APIs, for a connected app with the client credentials flow enabled.
#[derive(Provider, Debug, Clone)]
#[oauth(
    name = "salesforce-data-cloud",
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://{my_domain}.my.salesforce.com/services/oauth2/token"
)]
#[oauth(client_auth = "body")]
#[oauth(
    second_step = "https://{my_domain}.my.salesforce.com/services/a360/token",
    second_token_param = "subject_token",
    second_param = "grant_type=urn:salesforce:grant-type:external:cdp",
    second_param = "subject_token_type=urn:ietf:params:oauth:token-type:access_token"
)]
#[oauth(api_base_from = "instance_url")]
pub struct SalesforceDataCloud {
    /// The org's My Domain name: `acme` for `https://acme.my.salesforce.com`.
    pub my_domain: String,
    /// The connected app's consumer key.
    #[oauth(client_id)]
    pub client_id: String,
    /// The connected app's consumer secret.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
}
