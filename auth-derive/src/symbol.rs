//! The vocabulary of `#[oauth(...)]`: every key and value, in one place.

pub const OAUTH: &str = "oauth";

pub const GRANT: &str = "grant";
pub const ENCODING: &str = "encoding";
pub const ENDPOINT: &str = "endpoint";
pub const NAME: &str = "name";
pub const CLIENT_AUTH: &str = "client_auth";
pub const AUTHORIZE_ENDPOINT: &str = "authorize_endpoint";
pub const VALIDITY_ENDPOINT: &str = "validity_endpoint";
pub const API_BASE: &str = "api_base";
pub const ENVELOPE: &str = "envelope";
pub const SUCCESS_FLAG: &str = "success_flag";
pub const ERROR_MESSAGE: &str = "error_message";
pub const REFRESH_SENTINEL: &str = "refresh_sentinel";
pub const RENEW: &str = "renew";
pub const GRAPHQL_QUERY: &str = "graphql_query";
pub const LOGIN_RATE_LIMIT: &str = "login_rate_limit";
pub const PKCE: &str = "pkce";
pub const SCOPE_SEPARATOR: &str = "scope_separator";
pub const AUTHORIZE_PARAMS: &str = "authorize_params";
pub const ASSERTION_ALG: &str = "assertion_alg";
pub const BASIC_ENCODING: &str = "basic_encoding";
pub const REFRESH_REUSE: &str = "refresh_reuse";

/// Every struct-level key.
pub const CONTAINER_KEYS: &[&str] = &[
    GRANT,
    ENCODING,
    ENDPOINT,
    NAME,
    CLIENT_AUTH,
    AUTHORIZE_ENDPOINT,
    VALIDITY_ENDPOINT,
    API_BASE,
    ENVELOPE,
    SUCCESS_FLAG,
    ERROR_MESSAGE,
    REFRESH_SENTINEL,
    RENEW,
    GRAPHQL_QUERY,
    LOGIN_RATE_LIMIT,
    PKCE,
    SCOPE_SEPARATOR,
    AUTHORIZE_PARAMS,
    ASSERTION_ALG,
    BASIC_ENCODING,
    REFRESH_REUSE,
];

pub const PARAM: &str = "param";
pub const RENAME: &str = "rename";
pub const ON_REFRESH: &str = "on_refresh";
pub const TOKEN_HEADER: &str = "token_header";
pub const API_HEADER: &str = "api_header";

/// Every field-level key besides the roles.
pub const FIELD_KEYS: &[&str] = &[PARAM, RENAME, ON_REFRESH, TOKEN_HEADER, API_HEADER];

/// What a field is to the token endpoint.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Role {
    Username,
    Password,
    ClientId,
    ClientSecret,
    RedirectUri,
    Scope,
    BaseUrl,
    PrivateKey,
}

pub const ROLES: &[(&str, Role)] = &[
    ("username", Role::Username),
    ("password", Role::Password),
    ("client_id", Role::ClientId),
    ("client_secret", Role::ClientSecret),
    ("redirect_uri", Role::RedirectUri),
    ("scope", Role::Scope),
    ("base_url", Role::BaseUrl),
    ("private_key", Role::PrivateKey),
];

pub fn role_name(role: Role) -> &'static str {
    ROLES
        .iter()
        .find(|(_, r)| *r == role)
        .map_or("?", |(n, _)| n)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GrantType {
    Password,
    ClientCredentials,
    AuthorizationCode,
    Login,
}

pub const GRANTS: &[(&str, GrantType)] = &[
    ("password", GrantType::Password),
    ("client_credentials", GrantType::ClientCredentials),
    ("authorization_code", GrantType::AuthorizationCode),
    ("login", GrantType::Login),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Encoding {
    Form,
    Json,
    Query,
    Graphql,
}

pub const ENCODINGS: &[(&str, Encoding)] = &[
    ("form", Encoding::Form),
    ("json", Encoding::Json),
    ("query", Encoding::Query),
    ("graphql", Encoding::Graphql),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ClientAuth {
    None,
    Basic,
    Body,
    PrivateKeyJwt,
}

pub const CLIENT_AUTHS: &[(&str, ClientAuth)] = &[
    ("none", ClientAuth::None),
    ("basic", ClientAuth::Basic),
    ("body", ClientAuth::Body),
    ("private_key_jwt", ClientAuth::PrivateKeyJwt),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AssertionAlg {
    Rs256,
    Es256,
}

pub const ASSERTION_ALGS: &[(&str, AssertionAlg)] = &[
    ("RS256", AssertionAlg::Rs256),
    ("ES256", AssertionAlg::Es256),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Renewal {
    Refresh,
    Login,
    None,
}

pub const RENEWALS: &[(&str, Renewal)] = &[
    ("refresh", Renewal::Refresh),
    ("login", Renewal::Login),
    ("none", Renewal::None),
];

/// How HTTP Basic client credentials are written before base64.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BasicEncoding {
    /// Form-encoded first, as RFC 6749 section 2.3.1 says (the default).
    Form,
    /// As given (Altrata, Talkdesk).
    Raw,
}

pub const BASIC_ENCODINGS: &[(&str, BasicEncoding)] =
    &[("form", BasicEncoding::Form), ("raw", BasicEncoding::Raw)];

/// Whether a refresh token may be sent again after a refresh whose answer was lost.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RefreshReuse {
    /// Never (the default): the provider may have rotated it, and may revoke the grant.
    Forbidden,
    /// Yes: the provider accepts a refresh token more than once.
    Allowed,
}

pub const REFRESH_REUSES: &[(&str, RefreshReuse)] = &[
    ("forbidden", RefreshReuse::Forbidden),
    ("allowed", RefreshReuse::Allowed),
];

/// PKCE in the authorize request.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Pkce {
    /// An S256 challenge (the default of every code flow, RFC 9700 section 2.1.1).
    S256,
    /// None, for a provider documented to reject it.
    None,
}

pub const PKCE_METHODS: &[(&str, Pkce)] = &[("S256", Pkce::S256), ("none", Pkce::None)];

/// An example value for a key, for messages that show the right form.
pub fn example(key: &str) -> &'static str {
    match key {
        GRANT => "password",
        ENCODING => "form",
        ENDPOINT | AUTHORIZE_ENDPOINT | VALIDITY_ENDPOINT | API_BASE => {
            "https://api.example.com/oauth/token"
        }
        NAME => "example",
        CLIENT_AUTH => "basic",
        ENVELOPE => "data.token",
        SUCCESS_FLAG => "result.success",
        ERROR_MESSAGE => "result.error_message",
        REFRESH_SENTINEL => "none",
        RENEW => "refresh",
        GRAPHQL_QUERY => "mutation Login($username: String) { … }",
        LOGIN_RATE_LIMIT => "10/min",
        PKCE => "S256",
        SCOPE_SEPARATOR => ",",
        AUTHORIZE_PARAMS => "prompt=consent",
        ASSERTION_ALG => "RS256",
        BASIC_ENCODING => "raw",
        REFRESH_REUSE => "allowed",
        PARAM => "tenant_id",
        RENAME => "email",
        TOKEN_HEADER | API_HEADER => "x-api-key",
        _ => "...",
    }
}
