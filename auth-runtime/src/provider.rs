//! The seam between a declaration and the runtime.
//!
//! [`Provider`] is what users name: a bound (`Session<P: Provider>`), the declaration as data
//! ([`Provider::INFO`]) and building one from settings. What the derive generates for the
//! runtime to call (how to build each request, fill each URL, key the store) is the hidden
//! supertrait [`Declaration`], reached only through `auth_runtime::__private`: it may change
//! with any release, because the derive and the runtime are always the same version (the
//! runtime pins the derive exactly, and generated code checks it).

use url::Url;

use crate::declared::{self, AuthorizeParts};
use crate::error::Error;
use crate::exchange::Exchange;
use crate::identity::ClientIdentity;
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
    ///
    /// A provider that declares `settings_file = "key_file"` also takes the JSON key file it
    /// issues (Google's service-account file) as the setting `key_file`: each setting not
    /// given on its own is read from the file's member of the same name.
    fn from_settings(source: &dyn Fn(&str) -> Option<String>) -> Result<Self, SettingsError>
    where
        Self: Sized,
    {
        match crate::settings::KeyFile::read(Self::INFO, source)? {
            Some(file) => {
                let merged = |name: &str| source(name).or_else(|| file.member(name));
                <Self as Declaration>::read_settings(&merged)
            }
            None => <Self as Declaration>::read_settings(source),
        }
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
        with_fields(self, declared::token_url)
    }

    /// The credential itself, for a provider without a token endpoint (`grant = "api_key"` or
    /// `"basic"`): what API calls carry instead of an issued token. `None` for the others.
    fn static_credential(&self) -> Option<Result<Token, Error>>
    where
        Self: Provider + Sized,
    {
        with_fields(self, declared::static_credential)
    }

    /// Builds the token request for `exchange` from this provider's fields.
    fn token_request(&self, exchange: &Exchange<'_>) -> Result<TokenRequest, Error>
    where
        Self: Provider + Sized,
    {
        with_fields(self, |fields| declared::token_request(fields, exchange))
    }

    /// The declared validity-check endpoint, filled, if any.
    fn validity_url(&self) -> Option<Result<Url, Error>>
    where
        Self: Provider + Sized,
    {
        with_fields(self, |fields| {
            declared::optional_url(fields, &Self::INFO.validity_endpoint)
        })
    }

    /// The declared `renew_endpoint`, filled, if any.
    fn renew_url(&self) -> Option<Result<Url, Error>>
    where
        Self: Provider + Sized,
    {
        with_fields(self, |fields| {
            declared::optional_url(fields, &Self::INFO.renew_endpoint)
        })
    }

    /// The declared API base URL, filled, if any.
    fn api_base(&self) -> Option<Result<Url, Error>>
    where
        Self: Provider + Sized,
    {
        with_fields(self, |fields| {
            declared::optional_url(fields, &Self::INFO.api_base)
        })
    }

    /// The headers every API call carries besides the credential (Altrata's `x-api-key`).
    fn api_headers(&self) -> Vec<(&'static str, WireValue)>
    where
        Self: Provider + Sized,
    {
        with_fields(self, declared::api_headers)
    }

    /// A two-step login's second endpoint, filled, if declared.
    fn second_step_url(&self) -> Option<Result<Url, Error>>
    where
        Self: Provider + Sized,
    {
        with_fields(self, declared::second_step_url)
    }

    /// What an authorize URL is built from, for providers with a code flow.
    fn authorize_parts(&self) -> Option<Result<AuthorizeParts, Error>>
    where
        Self: Provider + Sized,
    {
        with_fields(self, declared::authorize_parts)
    }

    /// The client certificate and key its connections present (mutual TLS, RFC 8705), from
    /// the fields marked `client_certificate` and `client_key`; `None` without them.
    fn client_identity(&self) -> Option<Result<ClientIdentity, Error>>
    where
        Self: Provider + Sized,
    {
        with_fields(self, declared::client_identity)
    }

    /// Who this is, from the non-secret settings only (`username=me%40x.com&tenant_id=1`):
    /// what a token store keys tokens by, so that no secret is ever a key.
    fn identity(&self) -> String
    where
        Self: Provider + Sized,
    {
        with_fields(self, declared::identity)
    }
}

/// The client `provider` logs in as (its client id setting), for limits counted per client.
pub(crate) fn client_id<P: Provider>(provider: &P) -> Option<String> {
    with_fields(provider, declared::client_id)
}

/// Runs `run` on `provider` as `declared.rs` reads a declaration: its `INFO`, and its fields'
/// values through [`Declaration::value`].
fn with_fields<P: Provider, R>(provider: &P, run: impl FnOnce(declared::Fields<'_>) -> R) -> R {
    run(declared::Fields::new(P::INFO, &|index| {
        provider.value(index)
    }))
}
