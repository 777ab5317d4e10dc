//! The [`Provider`] trait that `#[derive(Provider)]` implements, and the static description of
//! a provider ([`ProviderInfo`]) that sessions, command-line tools and emulators read.

use std::time::Duration;

use secrecy::SecretString;
use url::Url;

use crate::error::Error;
use crate::request::TokenRequest;
use crate::response::{parse_shape, BodyFormat, Envelope, Shape};
use crate::wire::WireValue;

/// A token endpoint declared with `#[derive(Provider)]`.
///
/// Everything provider-specific is generated: which URL, which fields go where, the shape of
/// the response. Everything generic (grant semantics, encodings, client authentication,
/// lenient parsing, HTTP) lives in the runtime. Implement it by hand only to learn what the
/// derive writes; `cargo expand` shows it.
pub trait Provider: Send + Sync + 'static {
    /// What the declaration says, for tools that work with any provider.
    const INFO: &'static ProviderInfo;

    /// Builds the token request for `grant` from this provider's fields.
    fn token_request(&self, grant: &Grant<'_>) -> Result<TokenRequest, Error>;

    /// Reads a token response body into its parts, by the declared [`ProviderInfo::shape`].
    /// Returns a short reason when the body does not have that shape.
    fn parse_token_body(body: &[u8], format: BodyFormat) -> Result<Envelope, String> {
        let info = Self::INFO;
        parse_shape(
            body,
            format,
            &info.shape,
            info.encoding == Encoding::Graphql,
        )
    }

    /// The declared validity-check endpoint, filled, if any.
    fn validity_url(&self) -> Option<Result<Url, Error>>;

    /// The declared API base URL, filled, if any.
    fn api_base(&self) -> Option<Result<Url, Error>>;

    /// The headers every API call carries besides `Authorization` (Altrata's `x-api-key`).
    fn api_headers(&self) -> Vec<(&'static str, WireValue)>;

    /// What an authorize URL is built from, for providers with a code flow.
    fn authorize_parts(&self) -> Option<Result<AuthorizeParts, Error>>;

    /// Builds the provider from its settings given as text, by field name; every missing or
    /// malformed setting is reported at once.
    fn from_settings(source: &dyn Fn(&str) -> Option<String>) -> Result<Self, crate::SettingsError>
    where
        Self: Sized;

    /// Who this is, from the non-secret settings only (`username=me%40x.com&tenant_id=1`):
    /// what a token store keys tokens by, so that no secret is ever a key.
    fn identity(&self) -> String;
}

/// The provider's side of an authorize request: its filled authorize endpoint and the
/// settings the request names.
#[derive(Debug)]
pub struct AuthorizeParts {
    /// The authorize endpoint, filled.
    pub url: Url,
    /// The `client_id` setting.
    pub client_id: Option<WireValue>,
    /// The `redirect_uri` setting, used unless the flow names its own.
    pub redirect_uri: Option<WireValue>,
    /// The `scope` setting, used unless the flow names its own scopes.
    pub scope: Option<WireValue>,
}

/// Which token request to build.
#[derive(Debug)]
#[non_exhaustive]
pub enum Grant<'a> {
    /// The provider's declared login: password, client credentials, or its own named fields.
    Login,
    /// The refresh grant (RFC 6749 section 6).
    Refresh {
        /// The refresh token to present.
        refresh_token: &'a SecretString,
    },
    /// The authorization code grant (RFC 6749 section 4.1.3).
    AuthorizationCode(&'a AuthorizationCode),
}

/// What a code exchange needs: the code from the redirect, and what must match the authorize
/// request.
#[derive(Debug)]
pub struct AuthorizationCode {
    /// The `code` query parameter of the redirect.
    pub code: SecretString,
    /// The `redirect_uri` sent to the authorize endpoint; when `None`, the provider's
    /// `redirect_uri` setting is sent.
    pub redirect_uri: Option<String>,
    /// The PKCE verifier, when the authorize request carried a challenge.
    pub pkce_verifier: Option<crate::flow::PkceVerifier>,
}

impl AuthorizationCode {
    /// A code to exchange with the provider's own `redirect_uri` setting and no PKCE.
    pub fn new(code: impl Into<String>) -> Self {
        AuthorizationCode {
            code: SecretString::from(code.into()),
            redirect_uri: None,
            pkce_verifier: None,
        }
    }
}

/// How the provider issues its first token without a browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantType {
    /// `grant_type=password` with a username and password (RFC 6749 section 4.3).
    Password,
    /// `grant_type=client_credentials` (RFC 6749 section 4.4).
    ClientCredentials,
    /// Only through a user's authorization code (RFC 6749 section 4.1): no login without one.
    AuthorizationCode,
    /// A login that posts the declared fields with no `grant_type` at all (Talview).
    Login,
}

impl GrantType {
    /// The `grant_type` value sent for a login, if the grant sends one.
    pub fn wire_name(self) -> Option<&'static str> {
        match self {
            GrantType::Password => Some("password"),
            GrantType::ClientCredentials => Some("client_credentials"),
            GrantType::AuthorizationCode => Some("authorization_code"),
            GrantType::Login => None,
        }
    }

    /// Whether a token can be had from stored settings alone, with no user in a browser.
    pub fn can_login(self) -> bool {
        self != GrantType::AuthorizationCode
    }
}

/// How request parameters travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `application/x-www-form-urlencoded` body.
    Form,
    /// `application/json` body, keeping each value's JSON type.
    Json,
    /// In the URL's query string, with an empty body (Altrata).
    Query,
    /// A GraphQL request `{"query": …, "variables": {…}}`: values are typed variables, never
    /// spliced into the query text.
    Graphql,
}

/// How the client proves who it is to the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    /// No client authentication (a public client sends its `client_id`, if it has one).
    None,
    /// `Authorization: Basic base64(client_id:client_secret)`.
    Basic,
    /// `client_id` and `client_secret` as request parameters.
    Body,
    /// A JWT signed with the client's private key (RFC 7523 section 2.2, `private_key_jwt`):
    /// `client_assertion_type` and `client_assertion` as request parameters.
    PrivateKeyJwt(AssertionAlg),
}

/// How HTTP Basic client credentials are written before they are base64-encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BasicEncoding {
    /// Form-encoded first (`a b+c` becomes `a+b%2Bc`), as RFC 6749 section 2.3.1 says and as
    /// servers that follow it decode them. The default.
    Form,
    /// As given, for providers documented to take the plain `id:secret` (`basic_encoding =
    /// "raw"`: Altrata, Talkdesk).
    Raw,
}

/// How a client assertion is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssertionAlg {
    /// RSASSA-PKCS1-v1_5 with SHA-256, from an RSA private key in PEM.
    Rs256,
    /// ECDSA on P-256 with SHA-256, from an EC private key in PEM (PKCS#8).
    Es256,
}

/// How a token is renewed before it expires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renewal {
    /// With the refresh grant while a refresh token is held; without one, by logging in again
    /// where the grant allows it.
    Refresh,
    /// By logging in again with the stored settings; refresh tokens are ignored.
    Login,
    /// Not at all: a new token needs the user again.
    None,
}

/// A limit on logins, such as iAdvize's 10 a minute per user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// How many logins…
    pub max: u32,
    /// …in how long.
    pub per: Duration,
}

/// One field of a provider struct, as a setting a user gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingInfo {
    /// The field's name, which is also the setting's name (`tenant_id`).
    pub name: &'static str,
    /// The field's Rust type as written (`i64`, `SecretString`, `Option<String>`).
    pub rust_type: &'static str,
    /// Whether the setting must be given (its type is not an `Option`).
    pub required: bool,
    /// Whether the setting is a secret (its type is a secret type).
    pub secret: bool,
    /// The names a `Choice` setting accepts (Talkdesk's `us`, `eu`, `ca`); empty otherwise.
    pub choices: &'static [&'static str],
}

/// Everything a declaration says, as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProviderInfo {
    /// The provider's name in lower case (`iadvize`).
    pub name: &'static str,
    /// The struct's name (`IAdvize`).
    pub type_name: &'static str,
    /// How a first token is had.
    pub grant: GrantType,
    /// How parameters travel.
    pub encoding: Encoding,
    /// How the client authenticates.
    pub client_auth: ClientAuth,
    /// How tokens are renewed.
    pub renewal: Renewal,
    /// The token endpoint template (absolute, or a path under the base URL setting).
    pub token_endpoint: &'static str,
    /// The authorize endpoint template, for providers with the authorization code flow.
    pub authorize_endpoint: Option<&'static str>,
    /// The validity-check endpoint template (GET with the bearer token), if any.
    pub validity_endpoint: Option<&'static str>,
    /// The API base URL template, if any.
    pub api_base: Option<&'static str>,
    /// Where the response keeps the token object, and the success flag (`false` there makes
    /// the response a refusal) and error message when declared.
    pub shape: Shape,
    /// A refresh-token value that means "no refresh token" (iAdvize's `"none"`).
    pub refresh_sentinel: Option<&'static str>,
    /// The GraphQL document sent with [`Encoding::Graphql`].
    pub graphql_query: Option<&'static str>,
    /// The declared limit on logins, if any.
    pub login_rate_limit: Option<RateLimit>,
    /// Whether the authorize request carries a PKCE S256 challenge: every code flow does,
    /// unless declared `pkce = "none"`.
    pub pkce: bool,
    /// How HTTP Basic client credentials are written (form-encoded first, or as given).
    pub basic_encoding: BasicEncoding,
    /// Whether a refresh token may be presented again after a refresh whose answer was lost
    /// (`refresh_reuse = "allowed"`); by default it never is, since the provider may have
    /// rotated it and a strict one revokes the grant when a spent one comes back.
    pub refresh_reuse: bool,
    /// What joins scopes in the authorize request (a space, unless declared otherwise).
    pub scope_separator: &'static str,
    /// Extra parameters of the authorize request (`prompt=consent`).
    pub authorize_params: &'static [(&'static str, &'static str)],
    /// The struct's fields, as settings.
    pub settings: &'static [SettingInfo],
    /// Headers sent on token requests, by name.
    pub token_headers: &'static [&'static str],
    /// Headers sent on API calls besides `Authorization`, by name.
    pub api_headers: &'static [&'static str],
}

impl ProviderInfo {
    /// Whether this provider can exchange an authorization code.
    pub fn has_code_flow(&self) -> bool {
        self.grant == GrantType::AuthorizationCode || self.authorize_endpoint.is_some()
    }
}

impl ProviderInfo {
    /// What the derive's stub implementation uses when a declaration has errors; never seen
    /// at run time, because such a crate does not compile.
    #[doc(hidden)]
    pub const fn __stub(name: &'static str, type_name: &'static str) -> ProviderInfo {
        ProviderInfo {
            name,
            type_name,
            grant: GrantType::Login,
            encoding: Encoding::Json,
            client_auth: ClientAuth::None,
            renewal: Renewal::None,
            token_endpoint: "",
            authorize_endpoint: None,
            validity_endpoint: None,
            api_base: None,
            shape: Shape::FLAT,
            refresh_sentinel: None,
            graphql_query: None,
            login_rate_limit: None,
            pkce: false,
            basic_encoding: BasicEncoding::Form,
            refresh_reuse: false,
            scope_separator: " ",
            authorize_params: &[],
            settings: &[],
            token_headers: &[],
            api_headers: &[],
        }
    }
}
