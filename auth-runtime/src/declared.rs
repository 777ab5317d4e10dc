//! What a declaration builds from its fields at run time: the token request and its endpoints,
//! the static credential, the headers of API calls, the authorize request's parts, and the
//! identity a token store keys tokens by.
//!
//! Generated code gives only each field's value, by index (`Declaration::value`); which field
//! goes where is data in [`ProviderInfo`], read here once for every provider. `Declaration`'s
//! provided methods call these functions with a [`Fields`]; this module does not know the
//! trait. One generated function per request kind instead would be type-checked and
//! borrow-checked again for every declaration, which is most of what a crate of a thousand
//! providers costs to compile (benchmark 5).

use auth_vocab::{Grant, Role};
use url::Url;

use crate::credential;
use crate::endpoint::{self, fill, Binding, Template};
use crate::error::Error;
use crate::exchange::Exchange;
use crate::identity::ClientIdentity;
use crate::info::{ProviderInfo, SettingInfo, Written};
use crate::request::{RequestParts, Sent, TokenRequest};
use crate::token::Token;
use crate::wire::WireValue;

/// A declaration as this module reads it: its `INFO`, and each field's value by index.
#[derive(Clone, Copy)]
pub(crate) struct Fields<'a> {
    info: &'static ProviderInfo,
    values: &'a dyn Fn(usize) -> Option<WireValue>,
}

impl<'a> Fields<'a> {
    /// The declaration `info`, whose field `i` has the value `values(i)`.
    pub(crate) fn new(
        info: &'static ProviderInfo,
        values: &'a dyn Fn(usize) -> Option<WireValue>,
    ) -> Self {
        Fields { info, values }
    }

    fn value(&self, index: usize) -> Option<WireValue> {
        (self.values)(index)
    }
}

/// The provider's side of an authorize request: its filled authorize endpoint and the
/// settings the request names.
#[doc(hidden)]
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

/// The filled token endpoint; an error for a static credential, which has none.
pub(crate) fn token_url(provider: Fields<'_>) -> Result<Url, Error> {
    // With a certificate set, its requests go to the endpoint's mutual-TLS alias, if declared.
    let alias = provider
        .info
        .mtls_endpoint
        .as_ref()
        .filter(|_| role_value(provider, Role::ClientCertificate).is_some());
    match alias.or(provider.info.token_endpoint.as_ref()) {
        Some(template) => url(provider, template),
        None => Err(no_token_endpoint(provider.info)),
    }
}

/// The client certificate and key, for a provider whose fields hold them: `None` when the
/// declaration has no certificate or its field is unset, an error when only one half is set.
pub(crate) fn client_identity(provider: Fields<'_>) -> Option<Result<ClientIdentity, Error>> {
    let certificate = role_value(provider, Role::ClientCertificate);
    let key = role_value(provider, Role::ClientKey);
    let half = |setting, other| Error::InvalidSetting {
        setting,
        reason: format!("is required with {other}, for mutual TLS"),
    };
    match (certificate, key) {
        (None, None) => None,
        (Some(certificate), Some(key)) => Some(Ok(ClientIdentity::new(
            certificate.expose_text().into_owned(),
            secrecy::SecretString::from(key.expose_text().into_owned()),
        ))),
        (Some(_), None) => Some(Err(half("client_key", "client_certificate"))),
        (None, Some(_)) => Some(Err(half("client_certificate", "client_key"))),
    }
}

/// `template` filled from `provider`'s fields, where the declaration has it.
pub(crate) fn optional_url(
    provider: Fields<'_>,
    template: &Option<Template>,
) -> Option<Result<Url, Error>> {
    template.as_ref().map(|template| url(provider, template))
}

/// The token request for `exchange`: each field where its role and wire name put it, the
/// constants, the headers; the OAuth rules are [`RequestParts`]'s.
pub(crate) fn token_request(
    provider: Fields<'_>,
    exchange: &Exchange<'_>,
) -> Result<TokenRequest, Error> {
    let info = provider.info;
    let audience = assertion_audience(provider)?;
    let url = request_url(provider, exchange)?;
    // A two-step login's second endpoint gets the declared headers that hold a secret only if
    // it is on the token endpoint's origin: a credential goes where it was declared for.
    let secrets_go = match exchange {
        Exchange::Second { .. } => token_url(provider)?.origin() == url.origin(),
        _ => true,
    };
    let mut parts = RequestParts::new(info, exchange, url);
    for &(name, constant) in info.params {
        parts.param(name, Sent::Login, Some(constant.wire_value()));
    }
    for &(name, constant) in info.assertion.claims() {
        parts.claim(name, Some(constant.wire_value()));
    }
    if let Some(audience) = audience {
        parts.audience(audience);
    }
    for (index, setting) in info.settings.iter().enumerate() {
        field_part(&mut parts, setting, provider.value(index));
    }
    for header in info.token_headers {
        let value = written(provider, header.value()).filter(|v| secrets_go || !v.is_secret());
        parts.header(header.name(), value);
    }
    parts.finish()
}

/// Where the request for `exchange` goes: the token endpoint, or the `renew_endpoint` for a
/// token presented (`renew = "token"`).
fn request_url(provider: Fields<'_>, exchange: &Exchange<'_>) -> Result<Url, Error> {
    if provider.info.token_endpoint.is_none() {
        return Err(no_token_endpoint(provider.info));
    }
    match exchange {
        Exchange::Present { .. } => optional_url(provider, &provider.info.renew_endpoint)
            .unwrap_or(Err(Error::Unsupported {
                provider: provider.info.name,
                what: "presenting the current token (no renew_endpoint is declared)",
            })),
        Exchange::DeviceAuthorization => optional_url(provider, &provider.info.device_endpoint)
            .unwrap_or(Err(Error::Unsupported {
                provider: provider.info.name,
                what: "the device authorization grant (no device_endpoint is declared)",
            })),
        Exchange::Second { .. } => second_step_url(provider).unwrap_or(Err(Error::Unsupported {
            provider: provider.info.name,
            what: "a second step (no second_step is declared)",
        })),
        _ => token_url(provider),
    }
}

/// The second step's endpoint, filled, for a two-step login.
pub(crate) fn second_step_url(provider: Fields<'_>) -> Option<Result<Url, Error>> {
    let step = provider.info.second_step.as_ref()?;
    Some(url(provider, step.template()))
}

/// One field's part of a token request, by its role.
fn field_part(parts: &mut RequestParts<'_>, setting: &SettingInfo, value: Option<WireValue>) {
    if let Some(claim) = setting.claim_name() {
        parts.claim(claim, value.clone());
    }
    let sent = if setting.on_refresh() {
        Sent::LoginAndRefresh
    } else {
        Sent::Login
    };
    match (setting.role(), setting.wire_name()) {
        (Some(Role::ClientId), _) => parts.client_id(value),
        (Some(Role::ClientSecret), _) => parts.client_secret(value),
        (Some(Role::PrivateKey), _) => parts.private_key(value),
        (Some(Role::KeyId), _) => parts.key_id(value),
        (Some(Role::SubjectToken), _) => parts.subject_token(value),
        (Some(Role::ActorToken), _) => parts.actor_token(value),
        (Some(Role::BaseUrl), _) | (_, None) => {}
        (Some(Role::RedirectUri), Some(name)) => parts.redirect_uri(name, value, sent),
        (_, Some(name)) => parts.param(name, sent, value),
    }
}

/// The declared `aud` of the assertions a provider signs, filled from its fields; `None`
/// when it declares none, or signs none.
fn assertion_audience(provider: Fields<'_>) -> Result<Option<String>, Error> {
    let info = provider.info;
    match (info.assertion_alg(), info.assertion.audience_template()) {
        (Some(_), Some(template)) => Ok(Some(audience(template, &url(provider, template)?))),
        _ => Ok(None),
    }
}

/// A declared assertion audience as the claim says it: the filled URL as written, so that
/// `https://{environment}` is `https://login.salesforce.com`, without the `/` a URL's path
/// always has.
fn audience(template: &Template, filled: &Url) -> String {
    let text = filled.as_str();
    match text.strip_suffix('/') {
        Some(bare) if filled.path() == "/" && !template.text().ends_with('/') => bare.to_owned(),
        _ => text.to_owned(),
    }
}

/// The error of a static credential asked for its token endpoint.
fn no_token_endpoint(info: &ProviderInfo) -> Error {
    Error::Unsupported {
        provider: info.name,
        what: "a token endpoint: this provider's credential is given, not issued",
    }
}

/// The key, or HTTP Basic from its two halves, for a provider without a token endpoint;
/// `None` for the others.
pub(crate) fn static_credential(provider: Fields<'_>) -> Option<Result<Token, Error>> {
    let info = provider.info;
    match info.grant {
        Grant::ApiKey => Some(credential::api_key(role_value(provider, Role::ApiKey))),
        Grant::Basic => {
            let half = |written_out: Option<&'static [Written]>, role| match written_out {
                Some(pieces) => written(provider, pieces),
                None => role_value(provider, role),
            };
            Some(credential::basic(
                half(info.basic_user, Role::Username),
                half(info.basic_password, Role::Password),
            ))
        }
        _ => None,
    }
}

/// The headers every API call carries besides the credential; a header whose field is unset
/// is left out.
pub(crate) fn api_headers(provider: Fields<'_>) -> Vec<(&'static str, WireValue)> {
    provider
        .info
        .api_headers
        .iter()
        .filter_map(|header| Some((header.name(), written(provider, header.value())?)))
        .collect()
}

/// What an authorize URL is built from, for providers with a code flow.
pub(crate) fn authorize_parts(provider: Fields<'_>) -> Option<Result<AuthorizeParts, Error>> {
    let url = optional_url(provider, &provider.info.authorize_endpoint)?;
    Some(url.map(|url| AuthorizeParts {
        url,
        client_id: role_value(provider, Role::ClientId),
        redirect_uri: role_value(provider, Role::RedirectUri),
        scope: role_value(provider, Role::Scope),
    }))
}

/// `name=value` pairs of the settings given, secrets left out, form-encoded: who this is.
pub(crate) fn identity(provider: Fields<'_>) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (index, setting) in provider.info.settings.iter().enumerate() {
        // A certificate is kilobytes of PEM, and the client id it goes with says who.
        if setting.role() == Some(Role::ClientCertificate) {
            continue;
        }
        if let Some(value) = provider.value(index).filter(|v| !v.is_secret()) {
            out.append_pair(setting.name(), &value.expose_text());
        }
    }
    out.finish()
}

/// `template` filled from the fields its placeholders name, and joined onto the base-URL
/// setting when it is a path.
fn url(provider: Fields<'_>, template: &Template) -> Result<Url, Error> {
    if template.is_fixed() {
        return endpoint::fixed(template.text());
    }
    let values: Vec<(&'static str, Option<WireValue>)> = template
        .placeholders()
        .map(|name| (name, value_named(provider, name)))
        .collect();
    let bindings: Vec<Binding<'_>> = values
        .iter()
        .map(|(name, value)| Binding {
            name,
            value: value.as_ref(),
        })
        .collect();
    let base = template
        .is_relative()
        .then(|| field_with(provider.info, Role::BaseUrl))
        .flatten()
        .map(|(index, setting)| (setting.name(), provider.value(index)));
    let base = base.as_ref().map(|(name, value)| Binding {
        name,
        value: value.as_ref(),
    });
    fill(template, base, &bindings)
}

/// A value written out in the declaration, from its pieces: `None` (no header) when a field in
/// it is unset, a secret when any field in it is one.
fn written(provider: Fields<'_>, pieces: &[Written]) -> Option<WireValue> {
    let mut text = String::new();
    let mut secret = false;
    for piece in pieces {
        match *piece {
            Written::Text(part) => text.push_str(part),
            Written::Field(index) => {
                let value = provider.value(index)?;
                secret |= value.is_secret();
                text.push_str(&value.expose_text());
            }
        }
    }
    Some(if secret {
        WireValue::Secret(text.into())
    } else {
        WireValue::Text(text)
    })
}

/// The value of the field with `role`, if the declaration has one and it is set.
fn role_value(provider: Fields<'_>, role: Role) -> Option<WireValue> {
    provider.value(field_with(provider.info, role)?.0)
}

/// The client id setting's value, if the declaration has one and it is set.
pub(crate) fn client_id(provider: Fields<'_>) -> Option<String> {
    role_value(provider, Role::ClientId).map(|value| value.expose_text().into_owned())
}

/// The value of the field `name` (a placeholder's), if it is set.
fn value_named(provider: Fields<'_>, name: &str) -> Option<WireValue> {
    let index = provider
        .info
        .settings
        .iter()
        .position(|s| s.name() == name)?;
    provider.value(index)
}

/// The field with `role`, and its index.
fn field_with(info: &ProviderInfo, role: Role) -> Option<(usize, &'static SettingInfo)> {
    info.settings
        .iter()
        .enumerate()
        .find(|(_, s)| s.role() == Some(role))
}
