//! The keys of `#[oauth(...)]`, as a declaration spells them.

/// The attribute's name.
pub const OAUTH: &str = "oauth";
/// The same attribute under a neutral name, for providers that are not OAuth (an API key):
/// one vocabulary under both.
pub const AUTH: &str = "auth";

/// Whether an attribute named `name` is a declaration's (`oauth` or `auth`).
pub fn is_attribute(name: &str) -> bool {
    name == OAUTH || name == AUTH
}

/// How a first token is had: a [`Grant`](crate::Grant).
pub const GRANT: &str = "grant";
/// How parameters travel: an [`Encoding`](crate::Encoding).
pub const ENCODING: &str = "encoding";
/// The token endpoint template.
pub const ENDPOINT: &str = "endpoint";
/// The provider's name (the struct's name in lower case by default).
pub const NAME: &str = "name";
/// How the client authenticates: a [`ClientAuth`](crate::ClientAuth).
pub const CLIENT_AUTH: &str = "client_auth";
/// The authorize endpoint template, for the code flow.
pub const AUTHORIZE_ENDPOINT: &str = "authorize_endpoint";
/// The validity-check endpoint template.
pub const VALIDITY_ENDPOINT: &str = "validity_endpoint";
/// The API base URL template.
pub const API_BASE: &str = "api_base";
/// Where the response keeps the token object (a dotted path).
pub const ENVELOPE: &str = "envelope";
/// A boolean in the response whose `false` makes it a refusal (a dotted path).
pub const SUCCESS_FLAG: &str = "success_flag";
/// The message of such a refusal (a dotted path).
pub const ERROR_MESSAGE: &str = "error_message";
/// A refresh-token value that means "none".
pub const REFRESH_SENTINEL: &str = "refresh_sentinel";
/// How tokens are renewed: a [`Renew`](crate::Renew).
pub const RENEW: &str = "renew";
/// The GraphQL document of `encoding = "graphql"`.
pub const GRAPHQL_QUERY: &str = "graphql_query";
/// A limit on logins (`10/min`).
pub const LOGIN_RATE_LIMIT: &str = "login_rate_limit";
/// What the login limit counts together: a [`LoginRateLimitPer`](crate::LoginRateLimitPer).
pub const LOGIN_RATE_LIMIT_PER: &str = "login_rate_limit_per";
/// PKCE in the authorize request: a [`Pkce`](crate::Pkce).
pub const PKCE: &str = "pkce";
/// What joins scopes in the authorize request.
pub const SCOPE_SEPARATOR: &str = "scope_separator";
/// Extra parameters of the authorize request (a query string).
pub const AUTHORIZE_PARAMS: &str = "authorize_params";
/// How client assertions are signed: an [`AssertionAlg`](crate::AssertionAlg).
pub const ASSERTION_ALG: &str = "assertion_alg";
/// How HTTP Basic credentials are written: a [`BasicEncoding`](crate::BasicEncoding).
pub const BASIC_ENCODING: &str = "basic_encoding";
/// Whether a refresh token may be sent again: a [`RefreshReuse`](crate::RefreshReuse).
pub const REFRESH_REUSE: &str = "refresh_reuse";
/// How long a refresh token lasts unused (`"90d"`): a pool refreshes an idle grant before.
pub const REFRESH_IDLE_LIFETIME: &str = "refresh_idle_lifetime";
/// The header that carries the credential on API calls (`Authorization` by default).
pub const AUTH_HEADER: &str = "auth_header";
/// What that header's value is, around `{token}` (`Bearer {token}`, `Token token={token}`).
pub const AUTH_FORMAT: &str = "auth_format";
/// The query parameter that carries the credential on API calls, for a provider that
/// requires it there (instead of a header).
pub const AUTH_QUERY: &str = "auth_query";
/// A constant parameter of logins (`"audience=https://api.example.com"`).
pub const PARAM_CONSTANT: &str = "param";
/// The `grant_type` a login sends instead of its grant's own (`account_credentials`).
pub const GRANT_TYPE: &str = "grant_type";
/// The token request's HTTP method: a [`Method`](crate::Method).
pub const METHOD: &str = "method";
/// Where the access token is in the token object, when not at `access_token` (a dotted path).
pub const ACCESS_TOKEN_PATH: &str = "access_token_path";
/// Where the refresh token is in the token object, when not at `refresh_token`.
pub const REFRESH_TOKEN_PATH: &str = "refresh_token_path";
/// How the response says when the token expires: an [`Expiry`](crate::Expiry).
pub const EXPIRY: &str = "expiry";
/// Where the expiry is in the token object, when not at its default field.
pub const EXPIRY_PATH: &str = "expiry_path";
/// The lifetime of a token whose response does not say (`"24h"`).
pub const LIFETIME: &str = "lifetime";
/// What the response body is: a [`ResponseBody`](crate::ResponseBody).
pub const RESPONSE: &str = "response";
/// A field of the token response that holds the API's base URL (Salesforce's `instance_url`).
pub const API_BASE_FROM: &str = "api_base_from";

/// Where the current token is presented for a new one, with `renew = "token"`.
pub const RENEW_ENDPOINT: &str = "renew_endpoint";

/// A second endpoint of a two-step login: the first token is sent there, and its answer holds
/// the token the API takes.
pub const SECOND_STEP: &str = "second_step";
/// A constant parameter of the second step (`"grant_type=urn:…"`).
pub const SECOND_PARAM: &str = "second_param";
/// The parameter the second step sends the first token as (`subject_token`); without it, the
/// first token goes in `Authorization: Bearer …`.
pub const SECOND_TOKEN_PARAM: &str = "second_token_param";

/// HTTP Basic's user name written out, with `{field}`s (`"{email}/token"`, `"api"`).
pub const BASIC_USER: &str = "basic_user";
/// HTTP Basic's password written out (`"X"`, `"{api_key}"`).
pub const BASIC_PASSWORD: &str = "basic_password";

/// On the struct, a constant claim of the signed assertion (`"box_sub_type=enterprise"`); on
/// a field, the claim the field's value is (`claim = "iss"`), instead of a parameter.
pub const CLAIM: &str = "claim";
/// Who the signed assertion is for (its `aud`), a template like the endpoints'
/// (`"https://{environment}"`); by default the token endpoint the request goes to.
pub const ASSERTION_AUDIENCE: &str = "assertion_audience";
/// How long a signed assertion lives, from its `iat` to its `exp` (`"60s"`, the default).
pub const ASSERTION_LIFETIME: &str = "assertion_lifetime";
/// A setting that takes the JSON key file a provider issues (Google's service-account
/// file), whose members fill the settings of the same names.
pub const SETTINGS_FILE: &str = "settings_file";

/// The device authorization endpoint (RFC 8628 section 3.1), a template like the others.
pub const DEVICE_ENDPOINT: &str = "device_endpoint";

/// The token endpoint's mutual-TLS alias (RFC 8705 section 5, `mtls_endpoint_aliases`):
/// where token requests go when they carry the client certificate.
pub const MTLS_ENDPOINT: &str = "mtls_endpoint";

/// The type of the `subject_token` a token exchange sends (RFC 8693 section 3; the access
/// token type by default).
pub const SUBJECT_TOKEN_TYPE: &str = "subject_token_type";
/// The type of its `actor_token` (the access token type by default).
pub const ACTOR_TOKEN_TYPE: &str = "actor_token_type";

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
    LOGIN_RATE_LIMIT_PER,
    PKCE,
    SCOPE_SEPARATOR,
    AUTHORIZE_PARAMS,
    ASSERTION_ALG,
    BASIC_ENCODING,
    REFRESH_REUSE,
    REFRESH_IDLE_LIFETIME,
    AUTH_HEADER,
    AUTH_FORMAT,
    AUTH_QUERY,
    TOKEN_HEADER,
    API_HEADER,
    PARAM_CONSTANT,
    GRANT_TYPE,
    METHOD,
    ACCESS_TOKEN_PATH,
    REFRESH_TOKEN_PATH,
    EXPIRY,
    EXPIRY_PATH,
    LIFETIME,
    RESPONSE,
    API_BASE_FROM,
    RENEW_ENDPOINT,
    BASIC_USER,
    BASIC_PASSWORD,
    SECOND_STEP,
    SECOND_PARAM,
    SECOND_TOKEN_PARAM,
    CLAIM,
    ASSERTION_AUDIENCE,
    ASSERTION_LIFETIME,
    SETTINGS_FILE,
    DEVICE_ENDPOINT,
    MTLS_ENDPOINT,
    SUBJECT_TOKEN_TYPE,
    ACTOR_TOKEN_TYPE,
];

/// What the field roles ([`Role`](crate::Role)) are called in messages.
pub const ROLE: &str = "role";
/// A field sent as a parameter of its own name, or of the name given.
pub const PARAM: &str = "param";
/// The parameter name a role's field is sent under instead of the role's own.
pub const RENAME: &str = "rename";
/// A parameter also sent on refresh requests.
pub const ON_REFRESH: &str = "on_refresh";
/// A field sent as a header of token requests; on the struct, a header of token requests
/// written out (`"Authorization: Bearer {api_key}"`).
pub const TOKEN_HEADER: &str = "token_header";
/// A field sent as a header of API calls; on the struct, a header of API calls written out
/// (`"Notion-Version: 2022-06-28"`).
pub const API_HEADER: &str = "api_header";

/// Every field-level key besides the roles.
pub const FIELD_KEYS: &[&str] = &[PARAM, RENAME, ON_REFRESH, TOKEN_HEADER, API_HEADER, CLAIM];
