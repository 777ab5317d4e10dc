//! A token request: built by generated code from a provider's fields ([`RequestParts`]), then
//! encoded by the runtime in the declared [`Encoding`].
//!
//! Generated code says *which field is what* (this is the client id, this goes on the wire as
//! `tenant_id`, on logins only); [`RequestParts::finish`] applies the OAuth rules once for all
//! providers: the `grant_type`, the grant's own parameters, and client authentication.

use std::fmt;

use base64::Engine as _;
use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE};
use url::Url;

use crate::error::Error;
use auth_vocab::{BasicEncoding, ClientAuth, Encoding, Method};

use crate::assertion::{Assertion, AssertionKey, Purpose};
use crate::exchange::Exchange;
use crate::info::{AuthPlace, ProviderInfo};
use crate::redact::Redactor;
use crate::wire::WireValue;
use secrecy::ExposeSecret;

/// On which requests a declared parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// On logins only (the default for username, password, scope and plain parameters).
    Login,
    /// On logins and refreshes (`on_refresh`).
    LoginAndRefresh,
}

/// The pieces of a token request, as generated code collects them from a provider's fields.
///
/// Each field's parameter is decided as it arrives (the grant and the client authentication
/// are known from the start), so the parameters are collected once, in declaration order; the
/// grant's own come in front of them at [`Self::finish`].
#[doc(hidden)]
pub struct RequestParts<'g> {
    info: &'static ProviderInfo,
    grant: &'g Exchange<'g>,
    url: Url,
    params: Vec<(&'static str, WireValue)>,
    client_id: Option<WireValue>,
    client_secret: Option<WireValue>,
    private_key: Option<WireValue>,
    key_id: Option<WireValue>,
    /// A token exchange's subject and actor tokens.
    subject_token: Option<WireValue>,
    actor_token: Option<WireValue>,
    /// The signed assertion's declared claims, from fields and constants.
    claims: Vec<(&'static str, WireValue)>,
    /// The signed assertion's declared `aud`, filled.
    audience: Option<String>,
    headers: Vec<(&'static str, WireValue)>,
    /// Whether the declaration has a redirect URI field: then a code exchange sends that one.
    redirect_uri_declared: bool,
}

impl<'g> RequestParts<'g> {
    /// Starts a request for `grant` to the filled token endpoint `url`.
    pub fn new(info: &'static ProviderInfo, grant: &'g Exchange<'g>, url: Url) -> Self {
        RequestParts {
            info,
            grant,
            url,
            // Enough for most declarations and their grant's parameters, in one allocation.
            params: Vec::with_capacity(8),
            client_id: None,
            client_secret: None,
            private_key: None,
            key_id: None,
            subject_token: None,
            actor_token: None,
            claims: Vec::new(),
            audience: None,
            headers: Vec::new(),
            redirect_uri_declared: false,
        }
    }

    /// The private key that signs assertions.
    pub fn private_key(&mut self, value: Option<WireValue>) {
        self.private_key = value;
    }

    /// The id of that key, for the assertion header's `kid`.
    pub fn key_id(&mut self, value: Option<WireValue>) {
        self.key_id = value;
    }

    /// The token a token exchange exchanges.
    pub fn subject_token(&mut self, value: Option<WireValue>) {
        self.subject_token = value;
    }

    /// The token of whoever acts for the subject, in a token exchange.
    pub fn actor_token(&mut self, value: Option<WireValue>) {
        self.actor_token = value;
    }

    /// A claim of the signed assertion, from a field or a constant; an unset `Option` field
    /// adds nothing.
    pub fn claim(&mut self, name: &'static str, value: Option<WireValue>) {
        if let Some(value) = value {
            self.claims.push((name, value));
        }
    }

    /// The signed assertion's declared `aud`.
    pub fn audience(&mut self, audience: String) {
        self.audience = Some(audience);
    }

    /// A parameter from a field; an unset `Option` field sends nothing.
    pub fn param(&mut self, name: &'static str, sent: Sent, value: Option<WireValue>) {
        if let (Some(value), true) = (value, sends(self.grant, sent)) {
            self.params.push((name, value));
        }
    }

    /// The client id field: a parameter unless the client authenticates with HTTP Basic.
    pub fn client_id(&mut self, value: Option<WireValue>) {
        if let (Some(id), false) = (&value, self.info.client_auth == ClientAuth::Basic) {
            self.params.push(("client_id", id.clone()));
        }
        self.client_id = value;
    }

    /// The client secret field: a parameter when the client authenticates in the body.
    pub fn client_secret(&mut self, value: Option<WireValue>) {
        if let (Some(secret), true) = (&value, self.info.client_auth == ClientAuth::Body) {
            self.params.push(("client_secret", secret.clone()));
        }
        self.client_secret = value;
    }

    /// The redirect URI field: sent on code exchanges (unless the exchange names its own), and
    /// on refreshes too when declared `on_refresh` (Tali).
    pub fn redirect_uri(&mut self, name: &'static str, value: Option<WireValue>, sent: Sent) {
        self.redirect_uri_declared = true;
        if let Some(value) = redirect_uri_for(self.grant, value, sent) {
            self.params.push((name, value));
        }
    }

    /// A header on the token request (`x-api-key`).
    pub fn header(&mut self, name: &'static str, value: Option<WireValue>) {
        if let Some(value) = value {
            self.headers.push((name, value));
        }
    }

    /// Applies the grant and client authentication, and returns the request.
    pub fn finish(mut self) -> Result<TokenRequest, Error> {
        match self.grant {
            Exchange::Present { token } => return self.presenting(token),
            Exchange::Second { token } => return self.second_step(token),
            _ => {}
        }
        let from_fields = self.params.len();
        self.push_grant_params()?;
        let basic = self.client_auth_header()?;
        let assertion = self.assertion()?;
        if assertion.as_ref().map(|a| a.purpose) == Some(Purpose::Client) {
            self.params.push((
                "client_assertion_type",
                WireValue::Fixed(crate::assertion::ASSERTION_TYPE),
            ));
        }
        // The grant's parameters go before the fields', `grant_type` first.
        let leading = self.params.len().saturating_sub(from_fields);
        self.params.rotate_right(leading);
        if let Exchange::AuthorizationCode(code) = self.grant {
            if let Some(verifier) = &code.pkce_verifier {
                self.params.push((
                    "code_verifier",
                    WireValue::Secret(verifier.secret().clone()),
                ));
            }
        }
        Ok(TokenRequest {
            client_secret: self.client_secret,
            provider: self.info.name,
            encoding: self.info.encoding,
            method: self.info.method,
            graphql_query: self.info.graphql_query,
            url: self.url,
            params: self.params,
            headers: self.headers,
            basic,
            assertion,
        })
    }

    /// The request that presents `token` for a new one: the token where API calls carry it,
    /// the parameters declared `on_refresh`, and no client authentication (the token is it).
    fn presenting(mut self, token: &crate::token::Token) -> Result<TokenRequest, Error> {
        let auth = self.info.api_auth;
        let mut scrubbed = None;
        let credential = WireValue::Secret(
            auth.render(token.token_type(), token.access_token().expose_secret())
                .into(),
        );
        match auth.place() {
            AuthPlace::Header(name) => self.headers.push((name, credential)),
            AuthPlace::Query(name) => {
                // The provider requires it there, as on its API calls; it is never logged.
                self.url
                    .query_pairs_mut()
                    .append_pair(name, &credential.expose_text());
                scrubbed = Some(credential);
            }
        }
        Ok(TokenRequest {
            // Kept to scrub it from the answer, as a client secret is.
            client_secret: scrubbed,
            provider: self.info.name,
            encoding: self.info.encoding,
            method: Method::Post,
            graphql_query: self.info.graphql_query,
            url: self.url,
            params: self.params,
            headers: self.headers,
            basic: None,
            assertion: None,
        })
    }

    /// The second request of a two-step login: the first token in the declared parameter (or
    /// in `Authorization: Bearer …`), the step's constants, the declared token headers, and no
    /// client authentication (the token is it).
    fn second_step(mut self, token: &crate::token::Token) -> Result<TokenRequest, Error> {
        let Some(step) = self.info.second_step else {
            return Err(Error::Unsupported {
                provider: self.info.name,
                what: "a second step (no second_step is declared)",
            });
        };
        let first = WireValue::Secret(token.access_token().clone());
        // The fields' parameters are the first step's, client credentials included.
        self.params.clear();
        self.params
            .extend(step.params().iter().map(|&(n, c)| (n, c.wire_value())));
        match step.token_param() {
            Some(name) => self.params.push((name, first.clone())),
            None => self.headers.push((
                "Authorization",
                WireValue::Secret(
                    format!("Bearer {}", token.access_token().expose_secret()).into(),
                ),
            )),
        }
        Ok(TokenRequest {
            // Kept to scrub it from the answer, as a client secret is.
            client_secret: Some(first),
            provider: self.info.name,
            encoding: self.info.encoding,
            method: Method::Post,
            graphql_query: None,
            url: self.url,
            params: self.params,
            headers: self.headers,
            basic: None,
            assertion: None,
        })
    }

    /// The assertion this request signs as it leaves: the grant's own on a login with
    /// `grant = "jwt_bearer"`, else the client's with `private_key_jwt`; `None` for neither.
    fn assertion(&self) -> Result<Option<Assertion>, Error> {
        let Some(alg) = self.info.assertion_alg() else {
            return Ok(None);
        };
        let purpose = match (self.info.grant.signs_assertion(), self.grant) {
            (true, Exchange::Login) => Purpose::Grant,
            (false, _) if self.info.client_auth == ClientAuth::PrivateKeyJwt => Purpose::Client,
            _ => return Ok(None),
        };
        let missing = |setting: &'static str| Error::InvalidSetting {
            setting,
            reason: "is required to sign an assertion".into(),
        };
        let claims = match purpose {
            Purpose::Grant => self.claims.clone(),
            // RFC 7523 section 3: a client's assertion is from and about the client.
            Purpose::Client => {
                let id = self.client_id.clone().ok_or_else(|| missing("client_id"))?;
                vec![("iss", id.clone()), ("sub", id)]
            }
        };
        let key = self
            .private_key
            .as_ref()
            .ok_or_else(|| missing("private_key"))?;
        Ok(Some(Assertion {
            key: AssertionKey {
                key_pem: secrecy::SecretString::from(key.expose_text().into_owned()),
                alg,
                key_id: self.key_id.as_ref().map(|id| id.expose_text().into_owned()),
            },
            purpose,
            claims,
            audience: self.audience.clone(),
            lifetime: self.info.assertion.lifetime(),
        }))
    }

    /// Appends `grant_type` and what the grant itself carries, checked against the declaration.
    fn push_grant_params(&mut self) -> Result<(), Error> {
        let info = self.info;
        let params = &mut self.params;
        let unsupported = |what| Error::Unsupported {
            provider: info.name,
            what,
        };
        let fixed = |value: &'static str| WireValue::Fixed(value);
        match self.grant {
            Exchange::Login | Exchange::Chained { .. } => {
                let exchanges = info.grant == auth_vocab::Grant::TokenExchange;
                if let (Exchange::Chained { .. }, false) = (self.grant, exchanges) {
                    return Err(unsupported("a subject token from another session"));
                }
                if !info.grant.can_login() {
                    return Err(unsupported(
                        "logging in without an authorization code: run the authorization code flow",
                    ));
                }
                if let Some(grant_type) = info.login_grant_type() {
                    params.push(("grant_type", fixed(grant_type)));
                }
                if exchanges {
                    // Another session's token, when chained; else the `subject_token` field.
                    let subject = match self.grant {
                        Exchange::Chained { subject_token } => {
                            Some(WireValue::Secret((*subject_token).clone()))
                        }
                        _ => self.subject_token.clone(),
                    };
                    push_exchanged(info, params, &subject, &self.actor_token)?;
                }
            }
            Exchange::Refresh { refresh_token } => {
                let Some(grant_type) = info.renew.grant_type() else {
                    return Err(unsupported("the refresh grant"));
                };
                params.push(("grant_type", fixed(grant_type)));
                params.push(("refresh_token", WireValue::Secret((*refresh_token).clone())));
            }
            Exchange::AuthorizationCode(code) => {
                if !info.has_code_flow() {
                    return Err(unsupported("the authorization code grant"));
                }
                params.push(("grant_type", fixed("authorization_code")));
                params.push(("code", WireValue::Secret(code.code.clone())));
                if let (Some(uri), false) = (&code.redirect_uri, self.redirect_uri_declared) {
                    params.push(("redirect_uri", WireValue::Text(uri.clone())));
                }
            }
            Exchange::DeviceAuthorization => {
                if !info.has_device_flow() {
                    return Err(unsupported("the device authorization grant"));
                }
            }
            Exchange::DeviceCode { device_code } => {
                if !info.has_device_flow() {
                    return Err(unsupported("the device authorization grant"));
                }
                params.push(("grant_type", fixed(auth_vocab::DEVICE_CODE_GRANT_TYPE)));
                params.push(("device_code", WireValue::Secret((*device_code).clone())));
            }
            // Built by `presenting`, with no grant of its own.
            Exchange::Present { .. } | Exchange::Second { .. } => {}
        }
        Ok(())
    }

    fn client_auth_header(&self) -> Result<Option<WireValue>, Error> {
        if self.info.client_auth != ClientAuth::Basic {
            return Ok(None);
        }
        let missing = |setting: &'static str| Error::InvalidSetting {
            setting,
            reason: "is required for HTTP Basic client authentication".into(),
        };
        let id = self
            .client_id
            .as_ref()
            .ok_or_else(|| missing("client_id"))?;
        let secret = self
            .client_secret
            .as_ref()
            .ok_or_else(|| missing("client_secret"))?;
        let id = id.expose_text();
        if id.contains(':') && self.info.basic_encoding == BasicEncoding::Raw {
            return Err(Error::InvalidSetting {
                setting: "client_id",
                reason: "cannot contain ':' with HTTP Basic authentication (RFC 7617)".into(),
            });
        }
        // RFC 6749 section 2.3.1: each part form-encoded first, unless the provider is
        // documented to take them as given (`basic_encoding = "raw"`).
        let pair = match self.info.basic_encoding {
            BasicEncoding::Form => format!(
                "{}:{}",
                form_encode(&id),
                form_encode(&secret.expose_text())
            ),
            BasicEncoding::Raw => format!("{}:{}", id, secret.expose_text()),
        };
        let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
        Ok(Some(WireValue::Secret(format!("Basic {encoded}").into())))
    }
}

/// A token exchange's tokens with their types (RFC 8693 section 2.1): the subject's, required,
/// and the actor's when set.
fn push_exchanged(
    info: &ProviderInfo,
    params: &mut Vec<(&'static str, WireValue)>,
    subject: &Option<WireValue>,
    actor: &Option<WireValue>,
) -> Result<(), Error> {
    let Some(subject) = subject else {
        return Err(Error::InvalidSetting {
            setting: "subject_token",
            reason: "is required to exchange it for a token".into(),
        });
    };
    params.push(("subject_token", subject.clone()));
    params.push((
        "subject_token_type",
        WireValue::Fixed(info.subject_token_type()),
    ));
    if let Some(actor) = actor {
        params.push(("actor_token", actor.clone()));
        params.push((
            "actor_token_type",
            WireValue::Fixed(info.actor_token_type()),
        ));
    }
    Ok(())
}

/// `application/x-www-form-urlencoded` of one value, as RFC 6749 appendix B says.
fn form_encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn sends(grant: &Exchange<'_>, sent: Sent) -> bool {
    match grant {
        // The device authorization asks for what a login would: the scope and the like.
        Exchange::Login | Exchange::Chained { .. } | Exchange::DeviceAuthorization => true,
        Exchange::DeviceCode { .. } => false,
        Exchange::Refresh { .. } | Exchange::Present { .. } => sent == Sent::LoginAndRefresh,
        Exchange::AuthorizationCode(_) | Exchange::Second { .. } => false,
    }
}

fn redirect_uri_for(
    grant: &Exchange<'_>,
    declared: Option<WireValue>,
    sent: Sent,
) -> Option<WireValue> {
    match grant {
        Exchange::AuthorizationCode(code) => match &code.redirect_uri {
            Some(uri) => Some(WireValue::Text(uri.clone())),
            None => declared,
        },
        Exchange::Refresh { .. } if sent == Sent::LoginAndRefresh => declared,
        _ => None,
    }
}

/// A token request, ready to send. Its `Debug` shows names, never secret values.
pub struct TokenRequest {
    /// Kept to scrub it from answers: HTTP Basic sends it only inside `basic`.
    client_secret: Option<WireValue>,
    provider: &'static str,
    encoding: Encoding,
    method: Method,
    graphql_query: Option<&'static str>,
    url: Url,
    params: Vec<(&'static str, WireValue)>,
    headers: Vec<(&'static str, WireValue)>,
    basic: Option<WireValue>,
    assertion: Option<Assertion>,
}

impl TokenRequest {
    /// The provider's name.
    pub fn provider(&self) -> &'static str {
        self.provider
    }

    /// The endpoint, before any parameters are added to its query.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The endpoint, to move it to another origin.
    pub(crate) fn url_mut(&mut self) -> &mut Url {
        &mut self.url
    }

    /// The parameters, in the order they are sent.
    pub fn params(&self) -> &[(&'static str, WireValue)] {
        &self.params
    }

    /// The HTTP method, as a request line spells it (for the testkit's emulator).
    #[cfg(feature = "testkit")]
    pub(crate) fn method_name(&self) -> &'static str {
        match self.method {
            Method::Post => "POST",
            Method::Get => "GET",
        }
    }

    /// The `Authorization: Basic …` value, exposed (for the testkit's emulator).
    #[cfg(feature = "testkit")]
    pub(crate) fn basic_value(&self) -> Option<String> {
        self.basic.as_ref().map(|b| b.expose_text().into_owned())
    }

    /// The assertion the request signs as it leaves, if any (for the testkit's emulator,
    /// which checks assertions against the public half of its key).
    #[cfg(feature = "testkit")]
    pub(crate) fn assertion(&self) -> Option<&Assertion> {
        self.assertion.as_ref()
    }

    /// The declared headers with their values, exposed (for the testkit's emulator).
    #[cfg(feature = "testkit")]
    pub(crate) fn header_values(&self) -> Vec<(&'static str, String)> {
        self.headers
            .iter()
            .map(|(name, value)| (*name, value.expose_text().into_owned()))
            .collect()
    }

    /// Signs the assertion, if the request carries one, for the endpoint it goes to: its
    /// default `aud` is that URL, after any origin override.
    pub(crate) fn sign_assertion(&mut self) -> Result<(), Error> {
        let Some(assertion) = &self.assertion else {
            return Ok(());
        };
        let jwt = assertion.sign(&self.url)?;
        self.params
            .push((assertion.purpose.param(), WireValue::Secret(jwt)));
        Ok(())
    }

    /// Turns the request into a reqwest request on `client`. Secrets are exposed here, and only
    /// into the request itself.
    ///
    /// The request's secrets come back beside it, moved rather than copied: a request that
    /// succeeds never looks at them again, and one that fails scrubs them from the answer.
    pub(crate) fn into_reqwest(
        self,
        client: &reqwest::Client,
    ) -> Result<(reqwest::Request, SentSecrets), Error> {
        let mut url = self.url;
        if self.encoding == Encoding::Query {
            // The derive refuses secrets in a query; a hand-written provider gets the same rule.
            if let Some((name, _)) = self.params.iter().find(|(_, v)| v.is_secret()) {
                return Err(Error::Unsupported {
                    provider: self.provider,
                    what: secret_in_query(name),
                });
            }
            let mut query = url.query_pairs_mut();
            for (name, value) in &self.params {
                query.append_pair(name, &value.expose_text());
            }
        }
        let mut builder = match self.method {
            Method::Post => client.post(url),
            Method::Get => client.get(url),
        };
        // JSON unless the declaration asks for something else (`token_header = "Accept: …"`):
        // one `Accept`, never two.
        if !self
            .headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("accept"))
        {
            builder = builder.header(ACCEPT, HeaderValue::from_static(JSON));
        }
        builder = match self.encoding {
            Encoding::Query => builder,
            Encoding::Form => builder
                .header(CONTENT_TYPE, HeaderValue::from_static(FORM))
                .body(form_body(&self.params)),
            Encoding::Json => json(builder, &JsonParams(&self.params)),
            Encoding::Graphql => json(
                builder,
                &GraphqlBody {
                    query: self.graphql_query.unwrap_or_default(),
                    variables: JsonParams(&self.params),
                },
            ),
        };
        if let Some(basic) = &self.basic {
            builder = builder.header(reqwest::header::AUTHORIZATION, header_value(basic)?);
        }
        for (name, value) in &self.headers {
            builder = builder.header(*name, header_value(value)?);
        }
        let request = builder.build().map_err(|source| Error::Transport {
            provider: self.provider,
            source: std::sync::Arc::new(source.without_url()),
        })?;
        let sent = SentSecrets {
            params: self.params,
            headers: self.headers,
            basic: self.basic,
            client_secret: self.client_secret,
        };
        Ok((request, sent))
    }
}

/// What a token request carried, kept until its answer is read: the secrets to scrub from it.
pub(crate) struct SentSecrets {
    params: Vec<(&'static str, WireValue)>,
    headers: Vec<(&'static str, WireValue)>,
    basic: Option<WireValue>,
    client_secret: Option<WireValue>,
}

impl SentSecrets {
    /// Every secret the request carried (its secret parameters and headers, the client secret,
    /// the Basic value and its base64, a signed assertion), and its header names.
    pub(crate) fn redactor(&self) -> Redactor {
        let mut redactor = Redactor::new();
        let values = self.params.iter().chain(&self.headers).map(|(_, v)| v);
        let client = self.client_secret.iter().chain(&self.basic);
        for value in values.chain(client).filter(|v| v.is_secret()) {
            redactor.secret(&value.expose_text());
        }
        if let Some(basic) = &self.basic {
            if let Some(encoded) = basic.expose_text().strip_prefix("Basic ") {
                redactor.secret(encoded);
            }
        }
        for (name, _) in &self.headers {
            redactor.header_name(name);
        }
        redactor
    }
}

/// Why a secret parameter cannot be sent in a query, by name.
fn secret_in_query(name: &str) -> &'static str {
    match name {
        "refresh_token" => {
            "the refresh grant with encoding = \"query\" (the refresh token would be in the URL)"
        }
        "code" | "code_verifier" => {
            "the code exchange with encoding = \"query\" (the code would be in the URL)"
        }
        _ => "a secret parameter with encoding = \"query\" (it would be in the URL)",
    }
}

/// Static header values: a `&str` would be copied into every request.
const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";

fn form_body(params: &[(&'static str, WireValue)]) -> String {
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in params {
        form.append_pair(name, &value.expose_text());
    }
    form.finish()
}

/// Parameters as a JSON object, in the order they were declared, each with its JSON type.
struct JsonParams<'a>(&'a [(&'static str, WireValue)]);

impl serde::Serialize for JsonParams<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in self.0 {
            map.serialize_entry(name, &value.expose_json())?;
        }
        map.end()
    }
}

/// A GraphQL request: the document, and the parameters as its variables.
#[derive(serde::Serialize)]
struct GraphqlBody<'a> {
    query: &'static str,
    variables: JsonParams<'a>,
}

fn json(builder: reqwest::RequestBuilder, body: &impl serde::Serialize) -> reqwest::RequestBuilder {
    // Serializing a map of strings, numbers and booleans cannot fail.
    let body = serde_json::to_vec(body).unwrap_or_default();
    builder
        .header(CONTENT_TYPE, HeaderValue::from_static(JSON))
        .body(body)
}

/// A header value, marked sensitive when it is a secret so that hyper's and reqwest's own
/// `Debug` hide it too.
pub(crate) fn header_value(value: &WireValue) -> Result<reqwest::header::HeaderValue, Error> {
    let mut header =
        reqwest::header::HeaderValue::from_str(&value.expose_text()).map_err(|_| {
            Error::config("a header value contains characters not allowed in HTTP headers")
        })?;
    header.set_sensitive(value.is_secret());
    Ok(header)
}

impl fmt::Debug for TokenRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenRequest")
            .field("provider", &self.provider)
            .field("url", &self.url.as_str())
            .field("encoding", &self.encoding)
            .field("params", &self.params)
            .field("headers", &self.headers)
            .field("basic", &self.basic.as_ref().map(|_| "[redacted]"))
            .field(
                "assertion",
                &self.assertion.as_ref().map(|a| (a.purpose, a.key.alg)),
            )
            .finish()
    }
}
