//! The vocabulary of `#[oauth(...)]`, from `auth-vocab` (where every key and value is defined
//! once, for the derive, the runtime and tools), and the examples the derive's messages show.

pub use auth_vocab::key::*;
pub use auth_vocab::{
    AssertionAlg, BasicEncoding, ClientAuth, Encoding, Expiry, Grant, LoginRateLimitPer, Method,
    Pkce, RefreshReuse, Renew, ResponseBody, Role, Word,
};

/// An example value for a key, for messages that show the right form.
pub fn example(key: &str) -> &'static str {
    match key {
        GRANT => "password",
        ENCODING => "form",
        ENDPOINT | AUTHORIZE_ENDPOINT | VALIDITY_ENDPOINT | API_BASE | RENEW_ENDPOINT
        | SECOND_STEP => "https://api.example.com/oauth/token",
        DEVICE_ENDPOINT => "https://api.example.com/oauth/device/code",
        MTLS_ENDPOINT => "https://mtls.example.com/oauth/token",
        NAME => "example",
        CLIENT_AUTH => "basic",
        ENVELOPE => "data.token",
        SUCCESS_FLAG => "result.success",
        ERROR_MESSAGE => "result.error_message",
        REFRESH_SENTINEL => "none",
        RENEW => "refresh",
        GRAPHQL_QUERY => "mutation Login($username: String) { … }",
        LOGIN_RATE_LIMIT => "10/min",
        LOGIN_RATE_LIMIT_PER => "client",
        PKCE => "S256",
        SCOPE_SEPARATOR => ",",
        AUTHORIZE_PARAMS => "prompt=consent",
        ASSERTION_ALG => "RS256",
        BASIC_ENCODING => "raw",
        REFRESH_REUSE => "allowed",
        REFRESH_IDLE_LIFETIME => "90d",
        PARAM => "tenant_id",
        RENAME => "email",
        TOKEN_HEADER | API_HEADER | AUTH_HEADER => "x-api-key",
        AUTH_FORMAT => "Bearer {token}",
        AUTH_QUERY => "api_key",
        GRANT_TYPE => "account_credentials",
        METHOD => "get",
        ACCESS_TOKEN_PATH => "data.accessToken",
        REFRESH_TOKEN_PATH => "data.refreshToken",
        EXPIRY => "epoch_seconds",
        EXPIRY_PATH => "expiresAt",
        LIFETIME => "24h",
        RESPONSE => "text",
        API_BASE_FROM => "instance_url",
        BASIC_USER => "{email}/token",
        BASIC_PASSWORD => "{api_key}",
        SECOND_PARAM => "grant_type=urn:salesforce:grant-type:external:cdp",
        SECOND_TOKEN_PARAM => "subject_token",
        CLAIM => "iss",
        ASSERTION_AUDIENCE => "https://login.example.com",
        ASSERTION_LIFETIME => "60s",
        SETTINGS_FILE => "key_file",
        SUBJECT_TOKEN_TYPE | ACTOR_TOKEN_TYPE => "urn:ietf:params:oauth:token-type:jwt",
        _ => "...",
    }
}
