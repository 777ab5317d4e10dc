//! Every closed-set word of a declaration, with its spelling, its meaning and its rules.
//!
//! Adding a value: add a variant with its spelling to the enum below (the derive then accepts
//! it, lists it in messages and suggests it for typos), give it its rules here, then its meaning
//! in the runtime (a `match` there fails to compile until it does) and its entry in the derive's
//! reference. `ARCHITECTURE.md` walks through it.

use crate::word::word;

word! {
    /// How the provider issues its first token (`grant = "…"`).
    pub enum Grant in crate::key::GRANT {
        /// `grant_type=password` with a username and password (RFC 6749 section 4.3).
        Password = "password",
        /// `grant_type=client_credentials` (RFC 6749 section 4.4).
        ClientCredentials = "client_credentials",
        /// Only through a user's authorization code (RFC 6749 section 4.1): no login without one.
        AuthorizationCode = "authorization_code",
        /// A provider's own login, spelt `login`: the declared fields are posted and no
        /// `grant_type` is sent at all (Talview).
        Custom = "login",
        /// No token endpoint: an API key, sent on every call as the declaration says
        /// (`auth_header`, `auth_format`, `auth_query`).
        ApiKey = "api_key",
        /// No token endpoint: HTTP Basic from a user name and an optional password, sent on
        /// every call (`Authorization: Basic base64(user:password)`, RFC 7617).
        Basic = "basic",
        /// A JWT signed with the `private_key`, posted as the grant itself (RFC 7523 section
        /// 2.1: `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`, `assertion=…`): Google
        /// service accounts, Salesforce's JWT flow. Its claims are declared (`claim`,
        /// `assertion_audience`, `assertion_lifetime`); every login signs a new one.
        JwtBearer = "jwt_bearer",
        /// Only through a user who enters a code on another device (RFC 8628): the runtime
        /// asks the declared `device_endpoint` for the codes, the caller shows the user code and
        /// the URL, and the runtime polls the token endpoint until the user has decided. No
        /// login without the user.
        DeviceCode = "device_code",
        /// One token exchanged for another (RFC 8693): the `subject_token` field (and an
        /// optional `actor_token`) posted with their types, `audience`, `resource` and
        /// `requested_token_type` as parameters where declared.
        TokenExchange = "token_exchange",
    }
}

impl Grant {
    /// The `grant_type` value a login sends, if it sends one.
    pub const fn wire_name(self) -> Option<&'static str> {
        match self {
            Grant::Password => Some("password"),
            Grant::ClientCredentials => Some("client_credentials"),
            Grant::AuthorizationCode => Some("authorization_code"),
            Grant::JwtBearer => Some(JWT_BEARER_GRANT_TYPE),
            Grant::TokenExchange => Some(TOKEN_EXCHANGE_GRANT_TYPE),
            Grant::Custom | Grant::ApiKey | Grant::Basic | Grant::DeviceCode => None,
        }
    }

    /// Whether a login signs an assertion as the grant (`assertion`), so that the declaration
    /// says its claims.
    pub const fn signs_assertion(self) -> bool {
        matches!(self, Grant::JwtBearer)
    }

    /// Whether a login may be answered with a refresh token: not for client credentials (RFC
    /// 6749 section 4.4.3) nor for an assertion (RFC 7523 section 2.1: the client signs a new
    /// one instead).
    pub const fn login_issues_refresh_token(self) -> bool {
        !matches!(
            self,
            Grant::ClientCredentials | Grant::JwtBearer | Grant::TokenExchange
        ) && !self.is_static()
    }

    /// Whether the credential is given, not issued: there is no token endpoint, API calls
    /// carry the credential itself, and nothing is ever renewed.
    pub const fn is_static(self) -> bool {
        matches!(self, Grant::ApiKey | Grant::Basic)
    }

    /// Whether a token can be had from stored settings alone, with no user in a browser.
    pub const fn can_login(self) -> bool {
        !matches!(self, Grant::AuthorizationCode | Grant::DeviceCode)
    }

    /// Whether a login sends a username and password (the `username` and `password` roles).
    pub const fn sends_user_credentials(self) -> bool {
        matches!(self, Grant::Password | Grant::Custom | Grant::Basic)
    }

    /// The roles a declaration of this grant must have a field for.
    pub const fn needs(self) -> &'static [Role] {
        match self {
            Grant::Password => &[Role::Username, Role::Password],
            Grant::ClientCredentials => &[Role::ClientId],
            Grant::AuthorizationCode => &[Role::RedirectUri],
            Grant::Custom => &[],
            Grant::ApiKey => &[Role::ApiKey],
            Grant::Basic => &[Role::Username],
            Grant::JwtBearer => &[Role::PrivateKey],
            Grant::DeviceCode => &[Role::ClientId],
            Grant::TokenExchange => &[Role::SubjectToken],
        }
    }
}

/// The `grant_type` of the JWT bearer grant (RFC 7523 section 2.1).
pub const JWT_BEARER_GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// The `grant_type` of token exchange (RFC 8693 section 2.1).
pub const TOKEN_EXCHANGE_GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";

/// The token type of an OAuth access token (RFC 8693 section 3): what a `subject_token` is
/// unless declared otherwise.
pub const ACCESS_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:access_token";

/// The `grant_type` with which a device code is polled for its token (RFC 8628 section 3.4).
pub const DEVICE_CODE_GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// Whether a provider has the device authorization flow: its grant is `device_code`, or it
/// declares a `device_endpoint` besides another grant (GitHub's OAuth apps).
pub const fn has_device_flow(grant: Grant, declares_device_endpoint: bool) -> bool {
    matches!(grant, Grant::DeviceCode) || declares_device_endpoint
}

/// Whether a provider exchanges authorization codes: its grant is `authorization_code`, or it
/// declares an `authorize_endpoint` besides another grant (Talkdesk).
pub const fn has_code_flow(grant: Grant, declares_authorize_endpoint: bool) -> bool {
    matches!(grant, Grant::AuthorizationCode) || declares_authorize_endpoint
}

word! {
    /// How request parameters travel (`encoding = "…"`).
    pub enum Encoding in crate::key::ENCODING {
        /// An `application/x-www-form-urlencoded` body.
        Form = "form",
        /// An `application/json` body, keeping each value's JSON type.
        Json = "json",
        /// In the URL's query string, with an empty body (Altrata).
        Query = "query",
        /// A GraphQL request `{"query": …, "variables": {…}}`: values are typed variables,
        /// never spliced into the query text.
        Graphql = "graphql",
    }
}

word! {
    /// How the client proves who it is to the token endpoint (`client_auth = "…"`).
    pub enum ClientAuth in crate::key::CLIENT_AUTH {
        /// No client authentication (a public client sends its `client_id`, if it has one).
        None = "none",
        /// `Authorization: Basic base64(client_id:client_secret)`.
        Basic = "basic",
        /// `client_id` and `client_secret` as request parameters.
        Body = "body",
        /// A JWT signed with the client's private key (RFC 7523 section 2.2), sent as
        /// `client_assertion_type` and `client_assertion`; signed by [`AssertionAlg`].
        PrivateKeyJwt = "private_key_jwt",
        /// Mutual TLS with a certificate from a CA the server trusts (RFC 8705 section 2.1):
        /// the `client_id` in the body, the certificate on the connection.
        TlsClientAuth = "tls_client_auth",
        /// Mutual TLS with a self-signed certificate registered for the client (RFC 8705
        /// section 2.2).
        SelfSignedTlsClientAuth = "self_signed_tls_client_auth",
    }
}

impl ClientAuth {
    /// The roles a declaration with this client authentication must have a field for.
    pub const fn needs(self) -> &'static [Role] {
        match self {
            ClientAuth::None => &[],
            ClientAuth::Basic | ClientAuth::Body => &[Role::ClientId, Role::ClientSecret],
            ClientAuth::PrivateKeyJwt => &[Role::ClientId, Role::PrivateKey],
            ClientAuth::TlsClientAuth | ClientAuth::SelfSignedTlsClientAuth => {
                &[Role::ClientId, Role::ClientCertificate, Role::ClientKey]
            }
        }
    }

    /// Whether the client proves itself by the certificate of the TLS connection (RFC 8705).
    pub const fn is_mutual_tls(self) -> bool {
        matches!(
            self,
            ClientAuth::TlsClientAuth | ClientAuth::SelfSignedTlsClientAuth
        )
    }

    /// Whether the client secret is sent (so a `client_secret` field means something).
    pub const fn sends_client_secret(self) -> bool {
        matches!(self, ClientAuth::Basic | ClientAuth::Body)
    }
}

word! {
    /// How a client assertion is signed (`assertion_alg = "…"`, with `private_key_jwt`).
    pub enum AssertionAlg in crate::key::ASSERTION_ALG {
        /// RSASSA-PKCS1-v1_5 with SHA-256, from an RSA private key in PEM. The default.
        Rs256 = "RS256",
        /// ECDSA on P-256 with SHA-256, from an EC private key in PEM (PKCS#8).
        Es256 = "ES256",
    }
}

word! {
    /// How a token is renewed before it expires (`renew = "…"`).
    pub enum Renew in crate::key::RENEW {
        /// With the refresh grant while a refresh token is held; without one, by logging in
        /// again where the grant allows it. The default of code flows.
        Refresh = "refresh",
        /// By logging in again with the stored settings; refresh tokens are ignored. The
        /// default of every other grant.
        Login = "login",
        /// Not at all: a new token needs the user again.
        None = "none",
        /// By presenting the current token to the declared `renew_endpoint`, which answers
        /// with a new one (Jamf Pro's keep-alive); by logging in again once it has expired or
        /// is refused.
        Token = "token",
    }
}

impl Renew {
    /// What a declaration that says nothing renews by (`user_flow`: it has a code or device
    /// flow, whose tokens come with refresh tokens). A static credential is "renewed" by
    /// reading it again from the settings, which sends nothing.
    pub const fn default_for(grant: Grant, user_flow: bool) -> Renew {
        if (user_flow || !grant.can_login()) && !grant.is_static() {
            Renew::Refresh
        } else {
            Renew::Login
        }
    }

    /// Whether this renewal can work with `grant`: logging in again needs a grant that logs in.
    pub const fn fits(self, grant: Grant) -> bool {
        !matches!(self, Renew::Login | Renew::Token) || grant.can_login()
    }

    /// The `grant_type` this renewal sends when it is a grant of its own: `refresh_token` for
    /// the refresh grant (RFC 6749 section 6); `None` for logging in again (the login's own)
    /// and for no renewal.
    pub const fn grant_type(self) -> Option<&'static str> {
        match self {
            Renew::Refresh => Some("refresh_token"),
            Renew::Login | Renew::None | Renew::Token => None,
        }
    }
}

word! {
    /// How HTTP Basic client credentials are written before base64 (`basic_encoding = "…"`).
    pub enum BasicEncoding in crate::key::BASIC_ENCODING {
        /// Form-encoded first (`a b+c` becomes `a+b%2Bc`), as RFC 6749 section 2.3.1 says and
        /// as servers that follow it decode them. The default.
        Form = "form",
        /// As given, for providers documented to take the plain `id:secret` (Altrata,
        /// Talkdesk).
        Raw = "raw",
    }
}

word! {
    /// Whether a refresh token may be sent again after a refresh whose answer was lost
    /// (`refresh_reuse = "…"`).
    pub enum RefreshReuse in crate::key::REFRESH_REUSE {
        /// Never (the default): the provider may have rotated it, and a strict one revokes the
        /// grant when a spent one comes back.
        Forbidden = "forbidden",
        /// Yes: the provider accepts a refresh token more than once.
        Allowed = "allowed",
    }
}

word! {
    /// Whose logins the declared `login_rate_limit` counts together
    /// (`login_rate_limit_per = "…"`).
    pub enum LoginRateLimitPer in crate::key::LOGIN_RATE_LIMIT_PER {
        /// Each identity's apart (the default): the provider limits each user's logins
        /// (iAdvize: ten a minute per user).
        Identity = "identity",
        /// Every identity of one client together: the provider limits the application, so
        /// that a pool of many identities shares one budget.
        Client = "client",
    }
}

word! {
    /// PKCE in the authorize request (`pkce = "…"`).
    pub enum Pkce in crate::key::PKCE {
        /// An S256 challenge: the default of every code flow (RFC 9700 section 2.1.1).
        S256 = "S256",
        /// None, for a provider documented to reject it.
        None = "none",
    }
}

word! {
    /// The HTTP method of the token request (`method = "…"`).
    pub enum Method in crate::key::METHOD {
        /// `POST`, as RFC 6749 requires. The default.
        Post = "post",
        /// `GET`, for a provider documented to take its login that way; the parameters then
        /// travel in the query (`encoding = "query"`), so none may be a secret.
        Get = "get",
    }
}

word! {
    /// How a token response says when the token expires (`expiry = "…"`).
    pub enum Expiry in crate::key::EXPIRY {
        /// A lifetime in seconds (RFC 6749's `expires_in`). The default.
        Seconds = "seconds",
        /// A lifetime in milliseconds.
        Milliseconds = "milliseconds",
        /// An absolute time, in seconds since the Unix epoch.
        EpochSeconds = "epoch_seconds",
        /// An absolute time, in milliseconds since the Unix epoch.
        EpochMilliseconds = "epoch_milliseconds",
        /// An absolute time, as RFC 3339 text (`2026-12-02T10:00:00Z`).
        Rfc3339 = "rfc3339",
        /// Never: the provider's tokens last until revoked, and are never renewed for age.
        Never = "never",
    }
}

impl Expiry {
    /// Whether the value is an instant rather than a lifetime.
    pub const fn is_absolute(self) -> bool {
        matches!(
            self,
            Expiry::EpochSeconds | Expiry::EpochMilliseconds | Expiry::Rfc3339
        )
    }

    /// The field the response carries it in, unless the declaration names another: RFC 6749's
    /// `expires_in` for a lifetime, `expires_at` for an instant, none for `never`.
    pub const fn default_path(self) -> &'static str {
        match self {
            Expiry::Seconds | Expiry::Milliseconds => "expires_in",
            Expiry::EpochSeconds | Expiry::EpochMilliseconds | Expiry::Rfc3339 => "expires_at",
            Expiry::Never => "",
        }
    }
}

word! {
    /// What a token response's body is (`response = "…"`).
    pub enum ResponseBody in crate::key::RESPONSE {
        /// A JSON object (or a form-encoded one, when the `Content-Type` says so). The default.
        Json = "json",
        /// The access token itself, as text.
        Text = "text",
    }
}

word! {
    /// What a field is to the token endpoint (`#[oauth(username)]`, …).
    pub enum Role in crate::key::ROLE {
        /// The resource owner's name, sent as `username` by the password grant.
        Username = "username",
        /// The resource owner's password.
        Password = "password",
        /// The client identifier (`client_id`).
        ClientId = "client_id",
        /// The client secret, sent by HTTP Basic or in the body.
        ClientSecret = "client_secret",
        /// The redirect URI of the code flow.
        RedirectUri = "redirect_uri",
        /// The scopes asked for.
        Scope = "scope",
        /// The base URL that relative endpoints (`/oauth/token`) are joined onto.
        BaseUrl = "base_url",
        /// The private key that signs assertions: client assertions (`private_key_jwt`) or the
        /// grant's own (`jwt_bearer`).
        PrivateKey = "private_key",
        /// The id of that key, sent as the assertion header's `kid` (Google's
        /// `private_key_id`).
        KeyId = "key_id",
        /// The API key of `grant = "api_key"`, sent on every call.
        ApiKey = "api_key",
        /// The token `grant = "token_exchange"` exchanges (`subject_token`).
        SubjectToken = "subject_token",
        /// The token of whoever acts for the subject, in a token exchange (`actor_token`).
        ActorToken = "actor_token",
        /// The client certificate (PEM, the chain's first certificate first) that every
        /// connection to the provider presents: mutual TLS (RFC 8705), for client
        /// authentication and certificate-bound tokens.
        ClientCertificate = "client_certificate",
        /// The private key of that certificate (PEM).
        ClientKey = "client_key",
    }
}

impl Role {
    /// Whether the role holds a secret, so that its field must have a secret type.
    pub const fn is_secret(self) -> bool {
        matches!(
            self,
            Role::Password
                | Role::ClientSecret
                | Role::PrivateKey
                | Role::ApiKey
                | Role::SubjectToken
                | Role::ActorToken
                | Role::ClientKey
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Word;

    fn round_trips<W: Word>() {
        for word in W::ALL {
            assert_eq!(W::from_spelling(word.spelling()), Some(*word));
        }
        assert_eq!(W::from_spelling("no such word"), None);
    }

    #[test]
    fn every_word_reads_back_from_its_spelling() {
        round_trips::<Grant>();
        round_trips::<Encoding>();
        round_trips::<ClientAuth>();
        round_trips::<AssertionAlg>();
        round_trips::<Renew>();
        round_trips::<BasicEncoding>();
        round_trips::<RefreshReuse>();
        round_trips::<LoginRateLimitPer>();
        round_trips::<Pkce>();
        round_trips::<Role>();
        round_trips::<Method>();
        round_trips::<Expiry>();
        round_trips::<ResponseBody>();
    }

    #[test]
    fn the_custom_login_is_spelt_login_and_sends_no_grant_type() {
        assert_eq!(Grant::Custom.spelling(), "login");
        assert_eq!(Grant::Custom.wire_name(), None);
        assert_eq!(Grant::Custom.variant(), "Custom");
    }

    #[test]
    fn a_code_flow_is_the_code_grant_or_an_authorize_endpoint() {
        assert!(has_code_flow(Grant::AuthorizationCode, false));
        assert!(has_code_flow(Grant::ClientCredentials, true));
        assert!(!has_code_flow(Grant::Password, false));
    }

    #[test]
    fn logging_in_again_needs_a_grant_that_logs_in() {
        assert!(!Renew::Login.fits(Grant::AuthorizationCode));
        assert!(Renew::Login.fits(Grant::Password));
        assert!(Renew::Refresh.fits(Grant::AuthorizationCode));
    }

    #[test]
    fn only_the_refresh_grant_sends_a_grant_type_of_its_own() {
        assert_eq!(Renew::Refresh.grant_type(), Some("refresh_token"));
        assert_eq!(Renew::Login.grant_type(), None);
        assert_eq!(Renew::None.grant_type(), None);
    }
}
