//! Mailchimp's Marketing API with OAuth, declared from "Access Data on Behalf of Other Users
//! with OAuth 2"
//! (<https://mailchimp.com/developer/marketing/guides/access-user-data-oauth-2/>): the code flow
//! with the client secret in the form body, and no scopes. The token never expires: the
//! response says `expires_in: 0`, which here means no expiry, not expired on arrival. The API
//! lives at the account's data center, which the `GET https://login.mailchimp.com/oauth2/metadata`
//! call after the exchange names (`dc`): it is a setting here.

use auth_runtime::{Provider, SecretString};

/// Mailchimp's `POST https://login.mailchimp.com/oauth2/token`, for a user's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://login.mailchimp.com/oauth2/token"
)]
#[oauth(
    client_auth = "body",
    authorize_endpoint = "https://login.mailchimp.com/oauth2/authorize",
    expiry = "never"
)]
#[oauth(
    validity_endpoint = "https://{dc}.api.mailchimp.com/3.0/ping",
    api_base = "https://{dc}.api.mailchimp.com/3.0"
)]
pub struct Mailchimp {
    /// The account's data center (`us6`): the `dc` of the OAuth metadata, or the subdomain of
    /// the account's admin pages.
    pub dc: String,
    /// The registered app's client id, from Account › Extras › Registered apps.
    #[oauth(client_id)]
    pub client_id: String,
    /// The app's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// The app's redirect URI.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
}
