//! The seam between a declaration and the runtime.
//!
//! [`Provider`] is what users name: a bound (`Session<P: Provider>`), the declaration as data
//! ([`Provider::INFO`]) and building one from settings. What the derive generates for the
//! runtime to call (how to build each request, fill each URL, key the store) is the hidden
//! supertrait [`Declaration`], reached only through `auth_runtime::__private`: it may change
//! with any release, because the derive and the runtime are always the same version (the
//! runtime pins the derive exactly, and generated code checks it).

use url::Url;

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

/// What generated code implements for the runtime. Not a public API: it changes without
/// notice, together with the derive. The methods with a default are those a declaration may
/// not need: generated code leaves them out then, which a crate of many providers compiles
/// faster.
#[doc(hidden)]
pub trait Declaration {
    /// The filled token endpoint; an error for a static credential, which has none.
    fn token_url(&self) -> Result<Url, Error>;

    /// The credential itself, for a provider without a token endpoint (`grant = "api_key"` or
    /// `"basic"`): what API calls carry instead of an issued token. `None` for the others.
    fn static_credential(&self) -> Option<Result<Token, Error>> {
        None
    }

    /// Builds the token request for `exchange` from this provider's fields.
    fn token_request(&self, exchange: &Exchange<'_>) -> Result<TokenRequest, Error>;

    /// The declared validity-check endpoint, filled, if any.
    fn validity_url(&self) -> Option<Result<Url, Error>> {
        None
    }

    /// The declared `renew_endpoint`, filled, if any.
    fn renew_url(&self) -> Option<Result<Url, Error>> {
        None
    }

    /// The declared API base URL, filled, if any.
    fn api_base(&self) -> Option<Result<Url, Error>> {
        None
    }

    /// The headers every API call carries besides `Authorization` (Altrata's `x-api-key`).
    fn api_headers(&self) -> Vec<(&'static str, WireValue)> {
        Vec::new()
    }

    /// What an authorize URL is built from, for providers with a code flow.
    fn authorize_parts(&self) -> Option<Result<AuthorizeParts, Error>> {
        None
    }

    /// Reads every field from its setting, collecting every problem.
    fn read_settings(source: &dyn Fn(&str) -> Option<String>) -> Result<Self, SettingsError>
    where
        Self: Sized;

    /// Who this is, from the non-secret settings only (`username=me%40x.com&tenant_id=1`):
    /// what a token store keys tokens by, so that no secret is ever a key.
    fn identity(&self) -> String;
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
