//! Slack's OAuth v2 for apps, declared from "Installing with OAuth"
//! (<https://api.slack.com/authentication/oauth-v2>) and the `oauth.v2.access` method
//! (<https://api.slack.com/methods/oauth.v2.access>): the code flow with HTTP Basic, bot scopes
//! comma-separated, and an answer that is HTTP 200 either way, `ok: false` with an `error` code
//! for a refusal. The bot token is the access token, at the top level; its `token_type` is
//! `bot`, and the Web API takes it as `Bearer`. A user token, when `user_scope` was asked for,
//! stays under `authed_user` in the token's extra fields.
//!
//! The tokens do not expire unless the app has token rotation turned on; this declaration is
//! for apps without it (its tokens never expire). With rotation, Slack adds `expires_in` and a
//! refresh token, which `expiry = "never"` would not read. No validity endpoint: `auth.test`
//! answers a bad token with HTTP 200 and `ok: false`.

use auth_runtime::{Provider, SecretString};

/// Slack's `POST https://slack.com/api/oauth.v2.access`, for an app install's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://slack.com/api/oauth.v2.access"
)]
#[oauth(
    client_auth = "basic",
    authorize_endpoint = "https://slack.com/oauth/v2/authorize",
    scope_separator = ","
)]
#[oauth(success_flag = "ok", error_message = "error", expiry = "never")]
#[oauth(auth_format = "Bearer {token}", api_base = "https://slack.com/api")]
pub struct Slack {
    /// The app's client id, from Basic Information › App Credentials.
    #[oauth(client_id)]
    pub client_id: String,
    /// The app's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// One of the app's redirect URLs, from OAuth & Permissions.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The bot scopes to ask for (`commands,chat:write`), joined by commas on the wire.
    #[oauth(scope)]
    pub scope: Option<String>,
}
