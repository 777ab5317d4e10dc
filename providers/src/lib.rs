//! The declared providers: one annotated struct each, with every wire quirk in its
//! `#[oauth(...)]` attributes and none in code.
//!
//! | provider | grant | encoding | quirks |
//! |---|---|---|---|
//! | [`Talview`] | login (no `grant_type`) | JSON | token in `auth_user_login.data`; `success: false` is a refusal; integer `tenant_id` |
//! | [`TalviewGraphql`] | login | GraphQL | the same login as a mutation with typed variables |
//! | [`Tali`] | authorization code | JSON | base URL is a setting; secret in the body; `redirect_uri` on refresh; `expires_in` is a string |
//! | [`IAdvize`] | password | form | refresh token `"none"` means none; validity route; 10 logins a minute |
//! | [`Altrata`] | client credentials | query | `grant_type` in the query; Basic from username/password; `x-api-key` |
//! | [`Talkdesk`] | client credentials, authorization code | form | host from account and [`talkdesk::Region`]; Basic auth |
//! | [`Spotify`] | client credentials | form | none: the README's walkthrough of adding a provider from its documentation |
//! | [`TalkdeskApp`] | client credentials, authorization code | form | the same, with a signed client assertion (`private_key_jwt`) for marketplace apps |
//!
//! # Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `talkdesk-app` | on | [`TalkdeskApp`], which signs client assertions: it turns on auth-runtime's `private-key-jwt` (jsonwebtoken, with its RSA and elliptic-curve stack) |
//!
//! With `default-features = false`, every provider but `TalkdeskApp`, and no RSA or elliptic
//! curve code.

// The table above links `TalkdeskApp`, which a build without its feature does not have.
#![cfg_attr(not(feature = "talkdesk-app"), allow(rustdoc::broken_intra_doc_links))]

pub mod altrata;
pub mod iadvize;
pub mod spotify;
pub mod tali;
pub mod talkdesk;
#[cfg(feature = "talkdesk-app")]
pub mod talkdesk_app;
pub mod talview;
pub mod talview_graphql;

pub use altrata::Altrata;
pub use iadvize::IAdvize;
pub use spotify::Spotify;
pub use tali::Tali;
pub use talkdesk::{Region as TalkdeskRegion, Talkdesk};
#[cfg(feature = "talkdesk-app")]
pub use talkdesk_app::TalkdeskApp;
pub use talview::Talview;
pub use talview_graphql::TalviewGraphql;
