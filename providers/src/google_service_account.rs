//! Google service accounts, declared from "Using OAuth 2.0 for Server to Server Applications"
//! (<https://developers.google.com/identity/protocols/oauth2/service-account>): no user and
//! no secret on the wire, only a JWT signed with the account's RSA key and posted as the grant
//! (RFC 7523). It is from the account's `client_email`, for the token endpoint, names the
//! scopes in a `scope` claim, and may name a user to act for (`sub`, domain-wide delegation);
//! its header names the key (`kid` = `private_key_id`). Google answers with an hour's token
//! and no refresh token: every renewal signs a new assertion.
//!
//! The key file Google issues (IAM › Service accounts › Keys, JSON) is one setting,
//! `key_file`: its `client_email`, `private_key` and `private_key_id` fill the settings of
//! those names.

use auth_runtime::{Provider, SecretString};

/// Google's `POST https://oauth2.googleapis.com/token`, with a signed assertion as the grant.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "jwt_bearer",
    encoding = "form",
    endpoint = "https://oauth2.googleapis.com/token"
)]
#[oauth(
    name = "google-service-account",
    assertion_alg = "RS256",
    settings_file = "key_file",
    api_base = "https://www.googleapis.com"
)]
pub struct GoogleServiceAccount {
    /// The service account's email (`…@….iam.gserviceaccount.com`): the assertion's issuer.
    #[oauth(claim = "iss")]
    pub client_email: String,
    /// The account's RSA private key, in PEM (the key file's `private_key`).
    #[oauth(private_key)]
    pub private_key: SecretString,
    /// The key's id (the key file's `private_key_id`), named in the assertion's header.
    #[oauth(key_id)]
    pub private_key_id: Option<String>,
    /// The scopes to ask for, space-separated
    /// (`https://www.googleapis.com/auth/cloud-platform`): a claim, not a parameter.
    #[oauth(scope, claim = "scope")]
    pub scope: String,
    /// The user to act for, with domain-wide delegation (Google Workspace); none for the
    /// account itself.
    #[oauth(claim = "sub")]
    pub subject: Option<String>,
}
