//! DocuSign's authorization code grant, declared from "Authentication reference"
//! (<https://developers.docusign.com/platform/auth/reference>) and "Get user info"
//! (<https://developers.docusign.com/platform/auth/reference/user-info>): the code flow with
//! HTTP Basic (integration key and secret key) at the production or developer account server.
//! API calls go to the account's own `base_uri`, which userinfo (the validity check) names.

use auth_runtime::{Choice, Provider, SecretString};

/// DocuSign's `POST https://{environment}/oauth/token`, for a user's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://{environment}/oauth/token"
)]
#[oauth(
    client_auth = "basic",
    authorize_endpoint = "https://{environment}/oauth/auth"
)]
#[oauth(validity_endpoint = "https://{environment}/oauth/userinfo")]
pub struct DocuSign {
    /// Production, or the developer (demo) environment.
    pub environment: Environment,
    /// The integration key, from Apps and Keys in DocuSign's admin.
    #[oauth(client_id)]
    pub integration_key: String,
    /// A secret key of the integration, from the same page.
    #[oauth(client_secret)]
    pub secret_key: SecretString,
    /// One of the integration's redirect URIs.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`signature extended`).
    #[oauth(scope)]
    pub scope: Option<String>,
}

/// Which DocuSign account server.
#[derive(Choice, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// Production: `account.docusign.com`.
    #[oauth(value = "account.docusign.com")]
    Production,
    /// The developer environment: `account-d.docusign.com`.
    #[oauth(value = "account-d.docusign.com")]
    Demo,
}
