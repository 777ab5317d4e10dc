//! The vocabulary of `#[derive(Provider)]` declarations, defined once.
//!
//! Every word a declaration can say (`grant = "password"`, `encoding = "form"`, the field
//! roles, …) is an enum here, with its spelling, its meaning and the rules that follow from it.
//! The derive (`auth-derive`) reads declarations with these tables and checks them with these
//! rules; the runtime (`auth-runtime`) acts on the same enums, which [`ProviderInfo`] hands out;
//! tools print them by their spelling. Two more rules live here because both compile time and
//! run time apply them: which hosts count as loopback ([`loopback`]) and the grammar of endpoint
//! templates ([`template`]).
//!
//! The crate has no dependencies, so that the proc-macro crate stays light and both sides of the
//! seam compile the very same definitions.
//!
//! [`ProviderInfo`]: https://docs.rs/auth-runtime/latest/auth_runtime/struct.ProviderInfo.html

#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod key;
pub mod loopback;
pub mod template;
mod word;
mod words;

pub use word::Word;
pub use words::{
    has_code_flow, has_device_flow, AssertionAlg, BasicEncoding, ClientAuth, Encoding, Expiry,
    Grant, LoginRateLimitPer, Method, Pkce, RefreshReuse, Renew, ResponseBody, Role,
    ACCESS_TOKEN_TYPE, DEVICE_CODE_GRANT_TYPE, JWT_BEARER_GRANT_TYPE, TOKEN_EXCHANGE_GRANT_TYPE,
};
