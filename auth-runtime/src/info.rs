//! What a declaration says, as data ([`ProviderInfo`]): read by sessions, tools and emulators,
//! built by generated code through const constructors, so that a new attribute is a new
//! accessor and never a breaking change.

use std::time::Duration;

use auth_vocab::{
    has_code_flow, AssertionAlg, BasicEncoding, ClientAuth, Encoding, Expiry, Grant,
    LoginRateLimitPer, Method, Pkce, RefreshReuse, Renew, ResponseBody, Role,
};

use crate::endpoint::Template;
use crate::wire::WireValue;

/// Where a provider's response keeps its parts, as dotted paths split into segments; an empty
/// path is one not declared. For a GraphQL provider the paths are read under `data`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// The token object's path; empty when the whole body is the token object.
    pub(crate) envelope: &'static [&'static str],
    /// The success flag's path, if declared.
    pub(crate) success_flag: &'static [&'static str],
    /// The error message's path, if declared.
    pub(crate) error_message: &'static [&'static str],
}

impl Shape {
    /// A body that is the token object itself, with no flag or message.
    pub const FLAT: Shape = Shape::new(&[], &[], &[]);

    /// The declared paths: the token object's, the success flag's and the error message's.
    pub const fn new(
        envelope: &'static [&'static str],
        success_flag: &'static [&'static str],
        error_message: &'static [&'static str],
    ) -> Shape {
        Shape {
            envelope,
            success_flag,
            error_message,
        }
    }

    /// The token object's path (`["auth_user_login", "data"]`); empty for the whole body.
    pub const fn envelope(&self) -> &'static [&'static str] {
        self.envelope
    }

    /// The success flag's path; empty when not declared.
    pub const fn success_flag(&self) -> &'static [&'static str] {
        self.success_flag
    }

    /// The error message's path; empty when not declared.
    pub const fn error_message(&self) -> &'static [&'static str] {
        self.error_message
    }
}

/// How the token object is read beyond RFC 6749's names: where the access token, the refresh
/// token and the expiry are (dotted paths inside the token object; empty for the standard
/// field), what the expiry says, the lifetime assumed when it says nothing, and whether the
/// body is the token itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    access_token: &'static [&'static str],
    refresh_token: &'static [&'static str],
    expiry: Expiry,
    expiry_path: &'static [&'static str],
    lifetime: Option<Duration>,
    body: ResponseBody,
}

impl Reading {
    /// RFC 6749's names, `expires_in` in seconds, a JSON body.
    pub const STANDARD: Reading =
        Reading::new(&[], &[], Expiry::Seconds, &[], 0, ResponseBody::Json);

    /// A declaration's reading; `lifetime_seconds` 0 when it declares no lifetime.
    pub const fn new(
        access_token: &'static [&'static str],
        refresh_token: &'static [&'static str],
        expiry: Expiry,
        expiry_path: &'static [&'static str],
        lifetime_seconds: u64,
        body: ResponseBody,
    ) -> Reading {
        Reading {
            access_token,
            refresh_token,
            expiry,
            expiry_path,
            lifetime: if lifetime_seconds == 0 {
                None
            } else {
                Some(Duration::from_secs(lifetime_seconds))
            },
            body,
        }
    }

    /// Where the access token is; empty for `access_token`.
    pub const fn access_token(&self) -> &'static [&'static str] {
        self.access_token
    }

    /// Where the refresh token is; empty for `refresh_token`.
    pub const fn refresh_token(&self) -> &'static [&'static str] {
        self.refresh_token
    }

    /// What the expiry says.
    pub const fn expiry(&self) -> Expiry {
        self.expiry
    }

    /// Where the expiry is; empty for its default field ([`Expiry::default_path`]).
    pub const fn expiry_path(&self) -> &'static [&'static str] {
        self.expiry_path
    }

    /// The lifetime assumed when the response gives none.
    pub const fn lifetime(&self) -> Option<Duration> {
        self.lifetime
    }

    /// What the body is.
    pub const fn body(&self) -> ResponseBody {
        self.body
    }

    /// Whether every part is where RFC 6749 puts it.
    pub(crate) fn is_standard(&self) -> bool {
        self.access_token.is_empty()
            && self.refresh_token.is_empty()
            && self.expiry_path.is_empty()
            && matches!(self.expiry, Expiry::Seconds)
    }
}

/// A limit on logins, such as iAdvize's 10 a minute per user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    max: u32,
    per: Duration,
    counted_per: LoginRateLimitPer,
}

impl RateLimit {
    /// `max` logins in `per`, for each identity.
    pub const fn new(max: u32, per: Duration) -> RateLimit {
        RateLimit {
            max,
            per,
            counted_per: LoginRateLimitPer::Identity,
        }
    }

    /// The same limit, counting together the logins of what `counted_per` says.
    pub const fn counting(mut self, counted_per: LoginRateLimitPer) -> RateLimit {
        self.counted_per = counted_per;
        self
    }

    /// Whose logins count together: each identity's, or every identity's of one client.
    pub const fn counted_per(&self) -> LoginRateLimitPer {
        self.counted_per
    }

    /// How many logins…
    pub const fn max(&self) -> u32 {
        self.max
    }

    /// …in how long.
    pub const fn per(&self) -> Duration {
        self.per
    }
}

/// Where API calls carry the credential (`auth_header`, `auth_query`) and in what form
/// (`auth_format`): by default `Authorization: <token type> <token>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiAuth {
    place: AuthPlace,
    format: &'static [AuthFormat],
}

/// Where API calls carry the credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthPlace {
    /// In the header of this name.
    Header(&'static str),
    /// In the query parameter of this name, for a provider that requires it there.
    Query(&'static str),
}

/// A piece of the credential's format (`Token token={token}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthFormat {
    /// Text kept as written.
    Text(&'static str),
    /// The token (or the static credential).
    Token,
    /// The token's type, normalised (`Bearer`; `Basic` for HTTP Basic).
    TokenType,
}

impl ApiAuth {
    /// `Authorization: <token type> <token>`, as RFC 6750 says.
    pub const BEARER: ApiAuth = ApiAuth::new(
        AuthPlace::Header("Authorization"),
        &[
            AuthFormat::TokenType,
            AuthFormat::Text(" "),
            AuthFormat::Token,
        ],
    );

    /// The credential in `place`, written as `format`.
    pub const fn new(place: AuthPlace, format: &'static [AuthFormat]) -> ApiAuth {
        ApiAuth { place, format }
    }

    /// Where the credential goes.
    pub const fn place(&self) -> AuthPlace {
        self.place
    }

    /// Its format, in pieces.
    pub const fn format(&self) -> &'static [AuthFormat] {
        self.format
    }

    /// The value an API call carries for a token of `token_type`.
    pub fn render(&self, token_type: &str, token: &str) -> String {
        let mut out = String::with_capacity(token.len().saturating_add(16));
        for piece in self.format {
            match piece {
                AuthFormat::Text(text) => out.push_str(text),
                AuthFormat::Token => out.push_str(token),
                AuthFormat::TokenType => out.push_str(token_type),
            }
        }
        out
    }
}

/// A header a declaration sends (`token_header`, `api_header`): its name, and its value as
/// text and fields (`Bearer {api_key}`; a field's own header is that field alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderInfo {
    name: &'static str,
    value: &'static [Written],
}

impl HeaderInfo {
    /// The header `name`, whose value is `value`'s pieces joined.
    #[doc(hidden)]
    pub const fn new(name: &'static str, value: &'static [Written]) -> HeaderInfo {
        HeaderInfo { name, value }
    }

    /// The header's name.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The header's value, in pieces.
    pub const fn value(&self) -> &'static [Written] {
        self.value
    }
}

/// A piece of a value written out in a declaration: text kept as written, or a field's value
/// (by its index in [`ProviderInfo::settings`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Text kept as written.
    Text(&'static str),
    /// The value of the field at this index.
    Field(usize),
}

/// A constant parameter of token requests (`param = "audience=…"`), with its JSON type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Constant {
    /// A string.
    Text(&'static str),
    /// A boolean.
    Bool(bool),
    /// A number.
    Integer(i64),
}

/// The second request of a two-step login (`second_step`): the first token goes to its
/// endpoint, in a parameter or in `Authorization: Bearer …`, with its constants; its answer
/// holds the token the API takes, read as the declaration says. The first answer is read as
/// RFC 6749 says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecondStep {
    endpoint: Template,
    token_param: Option<&'static str>,
    params: &'static [(&'static str, Constant)],
}

impl SecondStep {
    /// The second step at `endpoint`, with the first token in `token_param` (or in
    /// `Authorization: Bearer …` when `None`) and `params`.
    #[doc(hidden)]
    pub const fn new(
        endpoint: Template,
        token_param: Option<&'static str>,
        params: &'static [(&'static str, Constant)],
    ) -> SecondStep {
        SecondStep {
            endpoint,
            token_param,
            params,
        }
    }

    /// Its endpoint, as declared.
    pub const fn endpoint(&self) -> &'static str {
        self.endpoint.text()
    }

    /// Its endpoint, split into pieces.
    pub(crate) const fn template(&self) -> &Template {
        &self.endpoint
    }

    /// The parameter that carries the first token; `None` when it goes in `Authorization:
    /// Bearer …`.
    pub const fn token_param(&self) -> Option<&'static str> {
        self.token_param
    }

    /// Its constant parameters, in order.
    pub const fn params(&self) -> &'static [(&'static str, Constant)] {
        self.params
    }
}

impl Constant {
    /// The constant as it goes on the wire, keeping its JSON type.
    pub(crate) fn wire_value(self) -> WireValue {
        match self {
            Constant::Text(text) => WireValue::Fixed(text),
            Constant::Bool(b) => WireValue::Bool(b),
            Constant::Integer(n) => WireValue::Integer(n),
        }
    }
}

/// What a signed assertion says beyond its fields' claims (`claim`, `assertion_audience`,
/// `assertion_lifetime`), for `grant = "jwt_bearer"` and `client_auth = "private_key_jwt"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssertionInfo {
    audience: Option<Template>,
    lifetime: Duration,
    claims: &'static [(&'static str, Constant)],
}

impl AssertionInfo {
    /// How long an assertion lives unless declared: long enough for one request, short
    /// enough that a copy is soon worthless.
    pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(60);

    /// No constant claims, the token endpoint as `aud`, the default lifetime.
    pub const DEFAULT: AssertionInfo = AssertionInfo {
        audience: None,
        lifetime: Self::DEFAULT_LIFETIME,
        claims: &[],
    };

    /// A declaration's: its `aud` (the token endpoint when `None`), its lifetime in seconds
    /// (the default when 0), its constant claims.
    #[doc(hidden)]
    pub const fn new(
        audience: Option<Template>,
        lifetime_seconds: u64,
        claims: &'static [(&'static str, Constant)],
    ) -> AssertionInfo {
        AssertionInfo {
            audience,
            lifetime: if lifetime_seconds == 0 {
                Self::DEFAULT_LIFETIME
            } else {
                Duration::from_secs(lifetime_seconds)
            },
            claims,
        }
    }

    /// The `aud` template as declared; `None` for the token endpoint the request goes to.
    pub const fn audience(&self) -> Option<&'static str> {
        text(&self.audience)
    }

    /// The `aud` template, split into pieces.
    pub(crate) const fn audience_template(&self) -> &Option<Template> {
        &self.audience
    }

    /// From `iat` to `exp`.
    pub const fn lifetime(&self) -> Duration {
        self.lifetime
    }

    /// The constant claims (`claim = "box_sub_type=enterprise"`), in order.
    pub const fn claims(&self) -> &'static [(&'static str, Constant)] {
        self.claims
    }
}

/// One field of a provider struct, as a setting a user gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingInfo {
    name: &'static str,
    rust_type: &'static str,
    required: bool,
    secret: bool,
    choices: &'static [&'static str],
    role: Option<Role>,
    wire_name: Option<&'static str>,
    on_refresh: bool,
    claim: Option<&'static str>,
}

impl SettingInfo {
    /// A setting; generated code builds one per field.
    #[doc(hidden)]
    pub const fn new(
        name: &'static str,
        rust_type: &'static str,
        required: bool,
        secret: bool,
        choices: &'static [&'static str],
    ) -> SettingInfo {
        SettingInfo {
            name,
            rust_type,
            required,
            secret,
            choices,
            role: None,
            wire_name: None,
            on_refresh: false,
            claim: None,
        }
    }

    /// The same setting, as the claim `name` of the signed assertion (`claim = "iss"`).
    #[doc(hidden)]
    pub const fn claim(mut self, name: &'static str) -> SettingInfo {
        self.claim = Some(name);
        self
    }

    /// The claim of the signed assertion the field's value is (`iss`, `sub`, `scope`), if it
    /// is one.
    pub const fn claim_name(&self) -> Option<&'static str> {
        self.claim
    }

    /// The same setting, with the role its field has in the declaration.
    #[doc(hidden)]
    pub const fn with_role(mut self, role: Role) -> SettingInfo {
        self.role = Some(role);
        self
    }

    /// The same setting, sent on token requests as the parameter `name`; on refreshes too
    /// when `on_refresh`.
    #[doc(hidden)]
    pub const fn sent_as(mut self, name: &'static str, on_refresh: bool) -> SettingInfo {
        self.wire_name = Some(name);
        self.on_refresh = on_refresh;
        self
    }

    /// The parameter the field is sent as on token requests (`tenant_id`, `userName`);
    /// `None` for a field that is not a parameter (a placeholder, a header, a client
    /// credential that goes where client authentication puts it).
    pub const fn wire_name(&self) -> Option<&'static str> {
        self.wire_name
    }

    /// Whether the field is sent on refreshes as well as logins (`on_refresh`).
    pub const fn on_refresh(&self) -> bool {
        self.on_refresh
    }

    /// The field's role (`client_id`, `api_key`, …); `None` for a field that fills a
    /// placeholder or is sent as a parameter or header under its own name.
    pub const fn role(&self) -> Option<Role> {
        self.role
    }

    /// The field's name, which is also the setting's name (`tenant_id`).
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The field's Rust type as written (`i64`, `SecretString`, `Option<String>`).
    pub const fn rust_type(&self) -> &'static str {
        self.rust_type
    }

    /// Whether the setting must be given (its type is not an `Option`).
    pub const fn required(&self) -> bool {
        self.required
    }

    /// Whether the setting is a secret (its type is a secret type).
    pub const fn secret(&self) -> bool {
        self.secret
    }

    /// The names a `Choice` setting accepts (Talkdesk's `us`, `eu`, `ca`); empty otherwise.
    pub const fn choices(&self) -> &'static [&'static str] {
        self.choices
    }
}

/// Everything a declaration says, as data: `Provider::INFO`. Read-only; each accessor is
/// one key of the declaration (the derive's reference says what each means).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProviderInfo {
    pub(crate) name: &'static str,
    pub(crate) type_name: &'static str,
    pub(crate) grant: Grant,
    pub(crate) encoding: Encoding,
    pub(crate) client_auth: ClientAuth,
    pub(crate) assertion_alg: AssertionAlg,
    pub(crate) renew: Renew,
    pub(crate) token_endpoint: Option<Template>,
    pub(crate) authorize_endpoint: Option<Template>,
    pub(crate) device_endpoint: Option<Template>,
    pub(crate) mtls_endpoint: Option<Template>,
    pub(crate) validity_endpoint: Option<Template>,
    pub(crate) api_base: Option<Template>,
    pub(crate) renew_endpoint: Option<Template>,
    pub(crate) shape: Shape,
    pub(crate) refresh_sentinel: Option<&'static str>,
    pub(crate) graphql_query: Option<&'static str>,
    pub(crate) login_rate_limit: Option<RateLimit>,
    pub(crate) pkce: Pkce,
    pub(crate) basic_encoding: BasicEncoding,
    pub(crate) refresh_reuse: RefreshReuse,
    pub(crate) refresh_idle_lifetime: Option<Duration>,
    pub(crate) scope_separator: &'static str,
    pub(crate) authorize_params: &'static [(&'static str, &'static str)],
    pub(crate) settings: &'static [SettingInfo],
    pub(crate) token_headers: &'static [HeaderInfo],
    pub(crate) api_headers: &'static [HeaderInfo],
    pub(crate) params: &'static [(&'static str, Constant)],
    pub(crate) basic_user: Option<&'static [Written]>,
    pub(crate) basic_password: Option<&'static [Written]>,
    pub(crate) second_step: Option<SecondStep>,
    pub(crate) api_auth: ApiAuth,
    pub(crate) grant_type: Option<&'static str>,
    pub(crate) method: Method,
    pub(crate) reading: Reading,
    pub(crate) api_base_from: &'static [&'static str],
    pub(crate) assertion: AssertionInfo,
    pub(crate) settings_file: Option<&'static str>,
    pub(crate) subject_token_type: Option<&'static str>,
    pub(crate) actor_token_type: Option<&'static str>,
}

impl ProviderInfo {
    /// The provider's name in lower case (`iadvize`).
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The struct's name (`IAdvize`).
    pub const fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// How a first token is had.
    pub const fn grant(&self) -> Grant {
        self.grant
    }

    /// How parameters travel; `None` for a static credential, which sends no token request.
    pub const fn encoding(&self) -> Option<Encoding> {
        if self.grant.is_static() {
            None
        } else {
            Some(self.encoding)
        }
    }

    /// How the client authenticates.
    pub const fn client_auth(&self) -> ClientAuth {
        self.client_auth
    }

    /// How assertions are signed, for `grant = "jwt_bearer"` and `client_auth =
    /// "private_key_jwt"`; `None` for a provider that signs none.
    pub const fn assertion_alg(&self) -> Option<AssertionAlg> {
        match (self.client_auth, self.grant.signs_assertion()) {
            (ClientAuth::PrivateKeyJwt, _) | (_, true) => Some(self.assertion_alg),
            _ => None,
        }
    }

    /// What its signed assertions say beyond their fields' claims.
    pub const fn assertion(&self) -> &AssertionInfo {
        &self.assertion
    }

    /// The type a token exchange's `subject_token` is sent as (RFC 8693 section 3): declared,
    /// or the access token type.
    pub const fn subject_token_type(&self) -> &'static str {
        match self.subject_token_type {
            Some(t) => t,
            None => auth_vocab::ACCESS_TOKEN_TYPE,
        }
    }

    /// The type its `actor_token` is sent as: declared, or the access token type.
    pub const fn actor_token_type(&self) -> &'static str {
        match self.actor_token_type {
            Some(t) => t,
            None => auth_vocab::ACCESS_TOKEN_TYPE,
        }
    }

    /// The setting that takes the provider's JSON key file (`settings_file = "key_file"`),
    /// whose members fill the settings of the same names.
    pub const fn settings_file(&self) -> Option<&'static str> {
        self.settings_file
    }

    /// How tokens are renewed.
    pub const fn renew(&self) -> Renew {
        self.renew
    }

    /// The token endpoint template as declared (absolute, or a path under the base URL
    /// setting); `None` for a static credential (`grant = "api_key"` or `"basic"`).
    pub const fn token_endpoint(&self) -> Option<&'static str> {
        text(&self.token_endpoint)
    }

    /// The authorize endpoint template, for providers with the authorization code flow.
    pub const fn authorize_endpoint(&self) -> Option<&'static str> {
        text(&self.authorize_endpoint)
    }

    /// The device authorization endpoint template (RFC 8628), for providers with the device
    /// flow.
    pub const fn device_endpoint(&self) -> Option<&'static str> {
        text(&self.device_endpoint)
    }

    /// The token endpoint's mutual-TLS alias (RFC 8705 section 5), where a token request that
    /// carries the client certificate goes instead of the token endpoint.
    pub const fn mtls_endpoint(&self) -> Option<&'static str> {
        text(&self.mtls_endpoint)
    }

    /// Whether the declaration has a client certificate field (mutual TLS): its connections
    /// present the certificate whenever that field is set.
    pub fn has_client_certificate(&self) -> bool {
        self.settings
            .iter()
            .any(|setting| setting.role() == Some(auth_vocab::Role::ClientCertificate))
    }

    /// Whether this provider has the device authorization flow.
    pub const fn has_device_flow(&self) -> bool {
        auth_vocab::has_device_flow(self.grant, self.device_endpoint.is_some())
    }

    /// The validity-check endpoint template (GET with the bearer token), if any.
    pub const fn validity_endpoint(&self) -> Option<&'static str> {
        text(&self.validity_endpoint)
    }

    /// The API base URL template, if any.
    pub const fn api_base(&self) -> Option<&'static str> {
        text(&self.api_base)
    }

    /// Where `renew = "token"` presents the current token, if declared.
    pub const fn renew_endpoint(&self) -> Option<&'static str> {
        text(&self.renew_endpoint)
    }

    /// Where the response keeps the token object, the success flag (`false` there makes the
    /// response a refusal) and the error message.
    pub const fn shape(&self) -> &Shape {
        &self.shape
    }

    /// A refresh-token value that means "no refresh token" (iAdvize's `"none"`).
    pub const fn refresh_sentinel(&self) -> Option<&'static str> {
        self.refresh_sentinel
    }

    /// The GraphQL document sent with [`Encoding::Graphql`].
    pub const fn graphql_query(&self) -> Option<&'static str> {
        self.graphql_query
    }

    /// The declared limit on logins, if any.
    pub const fn login_rate_limit(&self) -> Option<RateLimit> {
        self.login_rate_limit
    }

    /// PKCE in the authorize request: S256 for every code flow unless declared `"none"`;
    /// `None` for a provider without a code flow.
    pub const fn pkce(&self) -> Pkce {
        self.pkce
    }

    /// How HTTP Basic client credentials are written (form-encoded first, or as given).
    pub const fn basic_encoding(&self) -> BasicEncoding {
        self.basic_encoding
    }

    /// Whether a refresh token may be presented again after a refresh whose answer was lost;
    /// by default it never is, since the provider may have rotated it and a strict one
    /// revokes the grant when a spent one comes back.
    pub const fn refresh_reuse(&self) -> RefreshReuse {
        self.refresh_reuse
    }

    /// How long a refresh token lasts unused (`refresh_idle_lifetime`), if the provider
    /// revokes idle ones: a pool refreshes an idle grant before it lapses.
    pub const fn refresh_idle_lifetime(&self) -> Option<Duration> {
        self.refresh_idle_lifetime
    }

    /// What joins scopes in the authorize request (a space, unless declared otherwise).
    pub const fn scope_separator(&self) -> &'static str {
        self.scope_separator
    }

    /// Extra parameters of the authorize request (`prompt=consent`).
    pub const fn authorize_params(&self) -> &'static [(&'static str, &'static str)] {
        self.authorize_params
    }

    /// The struct's fields, as settings.
    pub const fn settings(&self) -> &'static [SettingInfo] {
        self.settings
    }

    /// Headers sent on token requests, by name.
    pub fn token_headers(&self) -> Vec<&'static str> {
        self.token_headers.iter().map(HeaderInfo::name).collect()
    }

    /// Headers sent on API calls besides `Authorization`, by name.
    pub fn api_headers(&self) -> Vec<&'static str> {
        self.api_headers.iter().map(HeaderInfo::name).collect()
    }

    /// The headers token requests carry, with their values' pieces.
    pub const fn token_header_values(&self) -> &'static [HeaderInfo] {
        self.token_headers
    }

    /// The headers API calls carry besides the credential, with their values' pieces.
    pub const fn api_header_values(&self) -> &'static [HeaderInfo] {
        self.api_headers
    }

    /// The second request of a two-step login, if declared.
    pub const fn second_step(&self) -> Option<&SecondStep> {
        self.second_step.as_ref()
    }

    /// How a two-step login's first answer is read: as RFC 6749 says, whatever the declaration
    /// says of the second's (which holds the token the API takes).
    pub(crate) const fn first_step(&self) -> ProviderInfo {
        ProviderInfo {
            shape: Shape::FLAT,
            reading: Reading::STANDARD,
            api_base_from: &[],
            refresh_sentinel: None,
            ..*self
        }
    }

    /// The constant parameters of token requests (`param = "audience=…"`), in order.
    pub const fn params(&self) -> &'static [(&'static str, Constant)] {
        self.params
    }

    /// HTTP Basic's user name, where it is written out (`basic_user = "api"`); `None` for
    /// the `username` field.
    pub const fn basic_user(&self) -> Option<&'static [Written]> {
        self.basic_user
    }

    /// HTTP Basic's password, where it is written out (`basic_password = "X"`); `None` for
    /// the `password` field.
    pub const fn basic_password(&self) -> Option<&'static [Written]> {
        self.basic_password
    }

    /// Where API calls carry the credential, and in what form.
    pub const fn api_auth(&self) -> &ApiAuth {
        &self.api_auth
    }

    /// The `grant_type` logins send: the declared one (Zoom's `account_credentials`), else the
    /// grant's own; `None` for a login that sends none.
    pub const fn login_grant_type(&self) -> Option<&'static str> {
        match self.grant_type {
            Some(grant_type) => Some(grant_type),
            None => self.grant.wire_name(),
        }
    }

    /// The token request's HTTP method.
    pub const fn method(&self) -> Method {
        self.method
    }

    /// How the token response is read.
    pub const fn reading(&self) -> &Reading {
        &self.reading
    }

    /// The response field that holds the API base URL (Salesforce's `instance_url`), as a
    /// path; empty when not declared.
    pub const fn api_base_from(&self) -> &'static [&'static str] {
        self.api_base_from
    }

    /// Whether this provider can exchange an authorization code.
    pub const fn has_code_flow(&self) -> bool {
        has_code_flow(self.grant, self.authorize_endpoint.is_some())
    }
}

const fn text(template: &Option<Template>) -> Option<&'static str> {
    match template {
        Some(template) => Some(template.text()),
        None => None,
    }
}

/// How generated code builds a [`ProviderInfo`] in a `const`: the name and grant every
/// declaration has, then one method per key it declares; what it does not declare keeps its
/// default.
#[doc(hidden)]
pub struct InfoBuilder(ProviderInfo);

impl InfoBuilder {
    /// A declaration of `grant`, with every other key at its default.
    pub const fn new(name: &'static str, type_name: &'static str, grant: Grant) -> InfoBuilder {
        InfoBuilder(ProviderInfo {
            name,
            type_name,
            grant,
            encoding: Encoding::Form,
            client_auth: ClientAuth::None,
            assertion_alg: AssertionAlg::Rs256,
            renew: Renew::None,
            token_endpoint: None,
            authorize_endpoint: None,
            device_endpoint: None,
            mtls_endpoint: None,
            validity_endpoint: None,
            api_base: None,
            renew_endpoint: None,
            shape: Shape::FLAT,
            refresh_sentinel: None,
            graphql_query: None,
            login_rate_limit: None,
            pkce: Pkce::None,
            basic_encoding: BasicEncoding::Form,
            refresh_reuse: RefreshReuse::Forbidden,
            refresh_idle_lifetime: None,
            scope_separator: " ",
            authorize_params: &[],
            settings: &[],
            token_headers: &[],
            api_headers: &[],
            params: &[],
            basic_user: None,
            basic_password: None,
            second_step: None,
            api_auth: ApiAuth::BEARER,
            grant_type: None,
            method: Method::Post,
            reading: Reading::STANDARD,
            api_base_from: &[],
            assertion: AssertionInfo::DEFAULT,
            settings_file: None,
            subject_token_type: None,
            actor_token_type: None,
        })
    }

    /// `assertion_alg`, where the grant signs the assertion (`jwt_bearer`).
    pub const fn assertion_alg(mut self, alg: AssertionAlg) -> Self {
        self.0.assertion_alg = alg;
        self
    }

    /// `claim`, `assertion_audience`, `assertion_lifetime`.
    pub const fn assertion(mut self, assertion: AssertionInfo) -> Self {
        self.0.assertion = assertion;
        self
    }

    /// `subject_token_type` and `actor_token_type`, where declared.
    pub const fn token_types(
        mut self,
        subject: Option<&'static str>,
        actor: Option<&'static str>,
    ) -> Self {
        self.0.subject_token_type = subject;
        self.0.actor_token_type = actor;
        self
    }

    /// `settings_file`.
    pub const fn settings_file(mut self, name: &'static str) -> Self {
        self.0.settings_file = Some(name);
        self
    }

    /// `grant_type`.
    pub const fn grant_type(mut self, grant_type: &'static str) -> Self {
        self.0.grant_type = Some(grant_type);
        self
    }

    /// `method`.
    pub const fn method(mut self, method: Method) -> Self {
        self.0.method = method;
        self
    }

    /// `access_token_path`, `refresh_token_path`, `expiry`, `expiry_path`, `lifetime`,
    /// `response`.
    pub const fn reading(mut self, reading: Reading) -> Self {
        self.0.reading = reading;
        self
    }

    /// `api_base_from`.
    pub const fn api_base_from(mut self, path: &'static [&'static str]) -> Self {
        self.0.api_base_from = path;
        self
    }

    /// The token request: how its parameters travel and where it goes.
    pub const fn request(mut self, encoding: Encoding, token_endpoint: Template) -> Self {
        self.0.encoding = encoding;
        self.0.token_endpoint = Some(token_endpoint);
        self
    }

    /// `auth_header`, `auth_query`, `auth_format`.
    pub const fn api_auth(mut self, api_auth: ApiAuth) -> Self {
        self.0.api_auth = api_auth;
        self
    }

    /// The finished description.
    pub const fn build(self) -> ProviderInfo {
        self.0
    }

    /// `client_auth`, and the algorithm of its assertions.
    pub const fn client_auth(mut self, client_auth: ClientAuth, alg: AssertionAlg) -> Self {
        self.0.client_auth = client_auth;
        self.0.assertion_alg = alg;
        self
    }

    /// `renew`.
    pub const fn renew(mut self, renew: Renew) -> Self {
        self.0.renew = renew;
        self
    }

    /// `authorize_endpoint`.
    pub const fn authorize_endpoint(mut self, template: Template) -> Self {
        self.0.authorize_endpoint = Some(template);
        self
    }

    /// `device_endpoint`.
    pub const fn device_endpoint(mut self, template: Template) -> Self {
        self.0.device_endpoint = Some(template);
        self
    }

    /// `mtls_endpoint`.
    pub const fn mtls_endpoint(mut self, template: Template) -> Self {
        self.0.mtls_endpoint = Some(template);
        self
    }

    /// `validity_endpoint`.
    pub const fn validity_endpoint(mut self, template: Template) -> Self {
        self.0.validity_endpoint = Some(template);
        self
    }

    /// `api_base`.
    pub const fn api_base(mut self, template: Template) -> Self {
        self.0.api_base = Some(template);
        self
    }

    /// `renew_endpoint`.
    pub const fn renew_endpoint(mut self, template: Template) -> Self {
        self.0.renew_endpoint = Some(template);
        self
    }

    /// `envelope`, `success_flag` and `error_message`.
    pub const fn shape(mut self, shape: Shape) -> Self {
        self.0.shape = shape;
        self
    }

    /// `refresh_sentinel`.
    pub const fn refresh_sentinel(mut self, sentinel: &'static str) -> Self {
        self.0.refresh_sentinel = Some(sentinel);
        self
    }

    /// `graphql_query`.
    pub const fn graphql_query(mut self, query: &'static str) -> Self {
        self.0.graphql_query = Some(query);
        self
    }

    /// `login_rate_limit`.
    pub const fn login_rate_limit(mut self, max: u32, per_seconds: u64) -> Self {
        self.0.login_rate_limit = Some(RateLimit::new(max, Duration::from_secs(per_seconds)));
        self
    }

    /// `login_rate_limit_per`, after `login_rate_limit`.
    pub const fn login_rate_limit_per(mut self, counted_per: LoginRateLimitPer) -> Self {
        if let Some(limit) = self.0.login_rate_limit {
            self.0.login_rate_limit = Some(limit.counting(counted_per));
        }
        self
    }

    /// `pkce`, as it applies (S256 only where there is a code flow).
    pub const fn pkce(mut self, pkce: Pkce) -> Self {
        self.0.pkce = pkce;
        self
    }

    /// `basic_encoding`.
    pub const fn basic_encoding(mut self, encoding: BasicEncoding) -> Self {
        self.0.basic_encoding = encoding;
        self
    }

    /// `refresh_idle_lifetime`, in seconds.
    pub const fn refresh_idle_lifetime(mut self, seconds: u64) -> Self {
        self.0.refresh_idle_lifetime = Some(Duration::from_secs(seconds));
        self
    }

    /// `refresh_reuse`.
    pub const fn refresh_reuse(mut self, reuse: RefreshReuse) -> Self {
        self.0.refresh_reuse = reuse;
        self
    }

    /// `scope_separator`.
    pub const fn scope_separator(mut self, separator: &'static str) -> Self {
        self.0.scope_separator = separator;
        self
    }

    /// `authorize_params`.
    pub const fn authorize_params(
        mut self,
        params: &'static [(&'static str, &'static str)],
    ) -> Self {
        self.0.authorize_params = params;
        self
    }

    /// The fields, as settings.
    pub const fn settings(mut self, settings: &'static [SettingInfo]) -> Self {
        self.0.settings = settings;
        self
    }

    /// The headers sent as `token_header` and `api_header` (from fields, or written out).
    pub const fn headers(
        mut self,
        token_headers: &'static [HeaderInfo],
        api_headers: &'static [HeaderInfo],
    ) -> Self {
        self.0.token_headers = token_headers;
        self.0.api_headers = api_headers;
        self
    }

    /// `second_step`, `second_token_param` and `second_param`.
    pub const fn second_step(mut self, step: SecondStep) -> Self {
        self.0.second_step = Some(step);
        self
    }

    /// `param = "name=value"`: constants on token requests.
    pub const fn params(mut self, params: &'static [(&'static str, Constant)]) -> Self {
        self.0.params = params;
        self
    }

    /// `basic_user` and `basic_password`, where written out.
    pub const fn basic_halves(
        mut self,
        user: Option<&'static [Written]>,
        password: Option<&'static [Written]>,
    ) -> Self {
        self.0.basic_user = user;
        self.0.basic_password = password;
        self
    }
}
