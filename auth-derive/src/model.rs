//! A declaration once checked: every key resolved, every template parsed. Code generation
//! reads only this, so it never has to think about what a user may have got wrong.

use syn::{Ident, LitStr, Type};

use crate::headers::{FormatPiece, WrittenHeader};
use crate::symbol::{
    AssertionAlg, BasicEncoding, ClientAuth, Encoding, Expiry, Grant, LoginRateLimitPer, Method,
    Pkce, RefreshReuse, Renew, ResponseBody, Role,
};
use crate::template::Template;

/// A checked provider declaration.
pub struct Model<'a> {
    pub ident: &'a Ident,
    pub name: String,
    pub grant: Grant,
    pub encoding: Encoding,
    pub client_auth: ClientAuth,
    pub renew: Renew,
    /// The token endpoint; none for a static credential (`api_key`, `basic`).
    pub endpoint: Option<Template>,
    pub authorize_endpoint: Option<Template>,
    /// The device authorization endpoint, for the device flow.
    pub device_endpoint: Option<Template>,
    /// The token endpoint's mutual-TLS alias, where requests with a certificate go.
    pub mtls_endpoint: Option<Template>,
    pub validity_endpoint: Option<Template>,
    pub api_base: Option<Template>,
    /// Where `renew = "token"` presents the current token.
    pub renew_endpoint: Option<Template>,
    pub envelope: Option<JsonPath>,
    pub success_flag: Option<JsonPath>,
    pub error_message: Option<JsonPath>,
    pub refresh_sentinel: Option<String>,
    pub graphql_query: Option<String>,
    /// Logins in how many seconds, and whose count together.
    pub login_rate_limit: Option<(u32, u64, LoginRateLimitPer)>,
    /// PKCE in the authorize request: S256 for every code flow, unless declared `"none"`.
    pub pkce: Pkce,
    /// How HTTP Basic credentials are written.
    pub basic_encoding: BasicEncoding,
    /// Whether a refresh token may be sent again after a refresh whose answer was lost.
    pub refresh_reuse: RefreshReuse,
    /// How long a refresh token lasts unused, in seconds.
    pub refresh_idle_lifetime: Option<u64>,
    pub scope_separator: String,
    pub authorize_params: Vec<(String, String)>,
    pub assertion_alg: AssertionAlg,
    /// Where API calls carry the credential, and in what form.
    pub api_auth: ApiAuth,
    /// Headers of token requests written out on the struct.
    pub token_headers: Vec<WrittenHeader>,
    /// Headers of API calls written out on the struct.
    pub api_headers: Vec<WrittenHeader>,
    /// Constant parameters of logins.
    pub params: Vec<ConstantParam>,
    /// The `grant_type` logins send instead of the grant's own.
    pub grant_type: Option<String>,
    pub method: Method,
    /// How the token response is read beyond RFC 6749's names.
    pub reading: Reading,
    /// The response field that holds the API base URL.
    pub api_base_from: Option<JsonPath>,
    /// HTTP Basic's halves written out, for `grant = "basic"`.
    pub basic_user: Option<WrittenHeader>,
    pub basic_password: Option<WrittenHeader>,
    /// The second request of a two-step login, if declared.
    pub second_step: Option<SecondStep>,
    /// What a signed assertion says beyond its fields' claims, for `grant = "jwt_bearer"` and
    /// `client_auth = "private_key_jwt"`.
    pub assertion: AssertionModel,
    /// The declared types of a token exchange's subject and actor tokens.
    pub subject_token_type: Option<String>,
    pub actor_token_type: Option<String>,
    /// The setting that takes the provider's JSON key file.
    pub settings_file: Option<String>,
    pub fields: Vec<FieldModel<'a>>,
}

/// The declared parts of a signed assertion: its constant claims, its audience, its lifetime.
#[derive(Default)]
pub struct AssertionModel {
    pub claims: Vec<ConstantParam>,
    /// The `aud`; the token endpoint when `None`.
    pub audience: Option<Template>,
    /// From `iat` to `exp`, in seconds; the runtime's default when `None`.
    pub lifetime: Option<u64>,
}

/// A constant parameter (`"audience=https://api.example.com"`).
/// The second request of a two-step login: where the first token goes, and with what.
pub struct SecondStep {
    pub endpoint: Template,
    /// The parameter that carries the first token; `None` for `Authorization: Bearer`.
    pub token_param: Option<String>,
    /// Constant parameters.
    pub params: Vec<ConstantParam>,
}

pub struct ConstantParam {
    pub lit: LitStr,
    pub name: String,
    pub value: ConstantValue,
}

/// A constant's value, with its JSON type.
pub enum ConstantValue {
    Text(String),
    Bool(bool),
    Integer(i64),
}

/// Where the token object keeps what RFC 6749 names otherwise, and what it says of expiry.
pub struct Reading {
    pub access_token: Option<JsonPath>,
    pub refresh_token: Option<JsonPath>,
    pub expiry: Expiry,
    pub expiry_path: Option<JsonPath>,
    pub lifetime: Option<u64>,
    pub body: ResponseBody,
}

/// Where API calls carry the credential (`auth_header` or `auth_query`) and its format.
pub struct ApiAuth {
    pub place: AuthPlace,
    pub format: Vec<FormatPiece>,
}

/// A header or a query parameter, by name.
pub enum AuthPlace {
    Header(String),
    Query(String),
}

/// A checked dotted path into a response.
pub struct JsonPath {
    pub lit: LitStr,
    pub segments: Vec<String>,
}

/// A checked field.
pub struct FieldModel<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub role: Option<Role>,
    /// The parameter name on the wire, for fields sent as parameters.
    pub wire_name: Option<String>,
    pub on_refresh: bool,
    pub token_header: Option<String>,
    pub api_header: Option<String>,
    /// The claim of the signed assertion the field's value is (`iss`).
    pub claim: Option<String>,
}

impl Model<'_> {
    /// Whether the declaration has the authorization code flow.
    pub fn has_code_flow(&self) -> bool {
        auth_vocab::has_code_flow(self.grant, self.authorize_endpoint.is_some())
    }

    /// The field with `role`, if any.
    pub fn field_with(&self, role: Role) -> Option<&FieldModel<'_>> {
        self.fields.iter().find(|f| f.role == Some(role))
    }

    /// Every endpoint template the declaration has.
    pub fn templates(&self) -> impl Iterator<Item = &Template> {
        self.endpoint
            .iter()
            .chain(self.authorize_endpoint.as_ref())
            .chain(self.device_endpoint.as_ref())
            .chain(self.mtls_endpoint.as_ref())
            .chain(self.validity_endpoint.as_ref())
            .chain(self.api_base.as_ref())
            .chain(self.renew_endpoint.as_ref())
            .chain(self.second_step.as_ref().map(|step| &step.endpoint))
            .chain(self.assertion.audience.as_ref())
    }

    /// Whether the declaration signs assertions: as its grant, or as client authentication.
    pub fn signs_assertions(&self) -> bool {
        self.grant.signs_assertion() || self.client_auth == ClientAuth::PrivateKeyJwt
    }

    /// Every header written out on the struct, for token requests and API calls.
    pub fn written_headers(&self) -> impl Iterator<Item = &WrittenHeader> {
        self.token_headers
            .iter()
            .chain(&self.api_headers)
            .chain(&self.basic_user)
            .chain(&self.basic_password)
    }

    /// Whether a field of this name fills a placeholder of an endpoint or a written header.
    pub fn uses_placeholder(&self, name: &str) -> bool {
        self.templates()
            .any(|t| t.placeholders().any(|p| p == name))
            || self
                .written_headers()
                .any(|h| h.placeholders().any(|p| p == name))
    }
}
