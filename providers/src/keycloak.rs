//! Keycloak's OpenID Connect endpoints, declared from "OpenID Connect"
//! (<https://www.keycloak.org/securing-apps/oidc-layers>): the code flow at
//! `{server}/realms/{realm}/protocol/openid-connect/…`, with HTTP Basic (`client_secret_basic`,
//! which a client with a secret accepts). Servers of Keycloak 16 and older put `/auth` before
//! `/realms`: include it in the base URL. The validity check (userinfo) needs the `openid`
//! scope.

use auth_runtime::{Provider, SecretString};

/// Keycloak's `POST {base_url}/realms/{realm}/protocol/openid-connect/token`, for a user's
/// authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "/realms/{realm}/protocol/openid-connect/token"
)]
#[oauth(
    client_auth = "basic",
    authorize_endpoint = "/realms/{realm}/protocol/openid-connect/auth"
)]
#[oauth(validity_endpoint = "/realms/{realm}/protocol/openid-connect/userinfo")]
pub struct Keycloak {
    /// The server's URL (`https://sso.example.com`, or `https://sso.example.com/auth` on
    /// Keycloak 16 and older).
    #[oauth(base_url)]
    pub base_url: String,
    /// The realm's name (`master`, `myrealm`).
    pub realm: String,
    /// The client's id, from Clients in the realm's admin console.
    #[oauth(client_id)]
    pub client_id: String,
    /// The client's secret, from its Credentials tab.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// One of the client's valid redirect URIs.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`openid profile email`).
    #[oauth(scope)]
    pub scope: Option<String>,
}
