//! GitHub's device flow, declared from "Authorizing OAuth apps › Device flow"
//! (<https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps#device-flow>):
//! for a command-line tool, as `gh auth login` does. The app asks `/login/device/code` for a
//! user code, the user enters it at `https://github.com/login/device`, and the app polls the
//! token endpoint with `grant_type=urn:ietf:params:oauth:grant-type:device_code`, its client
//! id and no secret. GitHub answers polls with HTTP 200 and an `error` in the body
//! (`authorization_pending`, `slow_down`, `expired_token`, `access_denied`), read as errors all
//! the same; JSON only when asked (`Accept: application/json`, which every token request sends).
//! The device flow must be enabled in the app's settings (else `device_flow_disabled`). OAuth
//! app tokens never expire.

use auth_runtime::Provider;

/// GitHub's `POST https://github.com/login/device/code`, then polls of
/// `https://github.com/login/oauth/access_token`.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "device_code",
    encoding = "form",
    endpoint = "https://github.com/login/oauth/access_token"
)]
#[oauth(
    name = "github-device",
    device_endpoint = "https://github.com/login/device/code",
    expiry = "never"
)]
#[oauth(
    validity_endpoint = "https://api.github.com/user",
    api_base = "https://api.github.com"
)]
#[oauth(
    api_header = "Accept: application/vnd.github+json",
    api_header = "X-GitHub-Api-Version: 2022-11-28"
)]
pub struct GitHubDevice {
    /// The OAuth app's client id (the device flow enabled in its settings).
    #[oauth(client_id)]
    pub client_id: String,
    /// The scopes to ask for, space-separated (`repo read:org`).
    #[oauth(scope)]
    pub scope: Option<String>,
}
