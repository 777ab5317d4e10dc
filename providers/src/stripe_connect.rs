//! Stripe Connect's OAuth for Standard accounts, declared from "Using OAuth with Standard
//! accounts" (<https://docs.stripe.com/connect/oauth-standard-accounts>): the code flow, where
//! the platform's own secret key is the client secret, sent in the form body with the platform's
//! `ca_…` client id. The access token is a secret key for the connected account: it does not
//! expire. (Stripe recommends Connect Onboarding over OAuth for new platforms.)

use auth_runtime::{Provider, SecretString};

/// Stripe's `POST https://connect.stripe.com/oauth/token`, for a connected account's
/// authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://connect.stripe.com/oauth/token"
)]
#[oauth(
    name = "stripe-connect",
    client_auth = "body",
    authorize_endpoint = "https://connect.stripe.com/oauth/authorize",
    expiry = "never"
)]
#[oauth(
    validity_endpoint = "https://api.stripe.com/v1/account",
    api_base = "https://api.stripe.com/v1"
)]
pub struct StripeConnect {
    /// The platform's Connect client id (`ca_…`), from the Connect settings of the Dashboard.
    #[oauth(client_id)]
    pub client_id: String,
    /// The platform's secret API key (`sk_live_…` or `sk_test_…`).
    #[oauth(client_secret)]
    pub secret_key: SecretString,
    /// One of the platform's redirect URIs.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// `read_write` or `read_only`; `read_only` when unset.
    #[oauth(scope)]
    pub scope: Option<String>,
}
