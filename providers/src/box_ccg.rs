//! Box's client credentials grant, declared from "Request access token"
//! (<https://developer.box.com/reference/post-oauth2-token>) and "Tokens"
//! (<https://developer.box.com/guides/authentication/tokens/>): client credentials with the
//! secret in the form body, and the subject the token acts as (the enterprise's service account,
//! or a user) on every login. No refresh token: a new token is asked for. A user's authorization
//! code is the `box` provider.

use auth_runtime::{Choice, Provider, SecretString};

/// Box's `POST https://api.box.com/oauth2/token`, for a Server Authentication (client
/// credentials grant) app's token.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://api.box.com/oauth2/token"
)]
#[oauth(name = "box-ccg", client_auth = "body")]
#[oauth(
    validity_endpoint = "https://api.box.com/2.0/users/me",
    api_base = "https://api.box.com/2.0"
)]
pub struct BoxCcg {
    /// The app's client id, from its Configuration page in the Box developer console.
    #[oauth(client_id)]
    pub client_id: String,
    /// The app's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// Whom the token acts as: the enterprise's service account, or a user.
    #[oauth(param)]
    pub box_subject_type: SubjectType,
    /// The enterprise id (from the app's General Settings) or the user id.
    #[oauth(param)]
    pub box_subject_id: String,
}

/// What `box_subject_id` names.
#[derive(Choice, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectType {
    /// The enterprise: the token is its service account's.
    #[oauth(value = "enterprise")]
    Enterprise,
    /// A managed user of the enterprise.
    #[oauth(value = "user")]
    User,
}
