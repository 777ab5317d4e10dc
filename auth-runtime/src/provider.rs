//! The seam between a declaration and the runtime.
//!
//! [`Provider`] is what users name: a bound (`Session<P: Provider>`), the declaration as data
//! ([`Provider::INFO`]) and building one from settings. What the derive generates for the
//! runtime to call (how to build each request, fill each URL, key the store) is the hidden
//! supertrait [`Declaration`], reached only through `auth_runtime::__private`: it may change
//! with any release, because the derive and the runtime are always the same version (the
//! runtime pins the derive exactly, and generated code checks it).

use url::Url;

use crate::declared;
use crate::error::Error;
use crate::exchange::Exchange;
use crate::info::ProviderInfo;
use crate::request::TokenRequest;
use crate::settings::SettingsError;
use crate::token::Token;
use crate::wire::WireValue;

/// A token endpoint declared with `#[derive(Provider)]`.
///
/// Everything provider-specific is generated: which URL, which fields go where, the shape of
/// the response. Everything generic (grant semantics, encodings, client authentication,
/// lenient parsing, HTTP) lives in the runtime. It cannot be implemented by hand: derive it.
pub trait Provider: Declaration + Send + Sync + 'static {
    /// What the declaration says, for tools that work with any provider.
    const INFO: &'static ProviderInfo;

    /// Builds the provider from its settings given as text, by field name (`tenant_id`);
    /// every missing or malformed setting is reported at once.
    fn from_settings(source: &dyn Fn(&str) -> Option<String>) -> Result<Self, SettingsError>
    where
        Self: Sized,
    {
        <Self as Declaration>::read_settings(source)
    }
}

/// What generated code implements for the runtime: each field's value, and reading the
/// fields from settings. Not a public API: it changes without notice, together with the
/// derive.
///
/// Everything else a declaration does (its requests, URLs, credential, headers, identity) is
/// built by the runtime from those values and [`Provider::INFO`], in the provided methods
/// below: generated code that is data rather than one function per request kind is what keeps
/// a crate of many providers quick to compile.
#[doc(hidden)]
pub trait Declaration {
    /// The value that field `index` (in [`ProviderInfo::settings`] order) puts on the wire;
    /// `None` for an unset `Option` field, or an index past the last field.
    fn value(&self, index: usize) -> Option<WireValue>;

    /// Reads every field from its setting, collecting every problem.
    fn read_settings(source: &dyn Fn(&str) -> Option<String>) -> Result<Self, SettingsError>
    where
        Self: Sized;

    /// The filled token endpoint; an error for a static credential, which has none.
    fn token_url(&self) -> Result<Url, Error>
    where
        Self: Provider + Sized,
    {
        declared::token_url(self)
    }

    /// The credential itself, for a provider without a token endpoint (`grant = "api_key"` or
    /// `"basic"`): what API calls carry instead of an issued token. `None` for the others.
    fn static_credential(&self) -> Option<Result<Token, Error>>
    where
        Self: Provider + Sized,
    {
        declared::static_credential(self)
    }

    /// Builds the token request for `exchange` from this provider's fields.
    fn token_request(&self, exchange: &Exchange<'_>) -> Result<TokenRequest, Error>
    where
        Self: Provider + Sized,
    {
        declared::token_request(self, exchange)
    }

    /// The declared validity-check endpoint, filled, if any.
    fn validity_url(&self) -> Option<Result<Url, Error>>
    where
        Self: Provider + Sized,
    {
        declared::optional_url(self, &Self::INFO.validity_endpoint)
    }

    /// The declared `renew_endpoint`, filled, if any.
    fn renew_url(&self) -> Option<Result<Url, Error>>
    where
        Self: Provider + Sized,
    {
        declared::optional_url(self, &Self::INFO.renew_endpoint)
    }

    /// The declared API base URL, filled, if any.
    fn api_base(&self) -> Option<Result<Url, Error>>
    where
        Self: Provider + Sized,
    {
        declared::optional_url(self, &Self::INFO.api_base)
    }

    /// The headers every API call carries besides the credential (Altrata's `x-api-key`).
    fn api_headers(&self) -> Vec<(&'static str, WireValue)>
    where
        Self: Provider + Sized,
    {
        declared::api_headers(self)
    }

    /// What an authorize URL is built from, for providers with a code flow.
    fn authorize_parts(&self) -> Option<Result<AuthorizeParts, Error>>
    where
        Self: Provider + Sized,
    {
        declared::authorize_parts(self)
    }

    /// Who this is, from the non-secret settings only (`username=me%40x.com&tenant_id=1`):
    /// what a token store keys tokens by, so that no secret is ever a key.
    fn identity(&self) -> String
    where
        Self: Provider + Sized,
    {
        declared::identity(self)
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
