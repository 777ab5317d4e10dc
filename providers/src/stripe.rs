//! Stripe's API with a secret key, declared from the API reference's "Authentication" page
//! (<https://docs.stripe.com/api/authentication>): HTTP Basic with the key as the user name
//! and no password.

use auth_runtime::{Provider, SecretString};

/// The Stripe API (`https://api.stripe.com/v1`), authenticated with a secret or restricted
/// key.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "basic", api_base = "https://api.stripe.com/v1")]
#[oauth(validity_endpoint = "https://api.stripe.com/v1/balance")]
pub struct Stripe {
    /// The secret key (`sk_test_…` or `sk_live_…`, which also picks test or live mode) or a
    /// restricted key (`rk_…`), from the API keys page of the Stripe Dashboard.
    #[oauth(username)]
    pub secret_key: SecretString,
}
