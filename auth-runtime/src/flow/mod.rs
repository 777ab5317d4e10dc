//! The flows with a user: the authorization code flow (RFC 6749 section 4.1, RFC 7636, RFC
//! 8252): the authorize URL with its state and PKCE challenge, the callback, and the loopback
//! listener for programs without a web server, the exchange itself being
//! [`crate::Client::exchange_code`]; and the device authorization grant (RFC 8628, `device.rs`)
//! for programs without a browser. Either token seeds a [`crate::Session`].

mod authorize;
mod device;
mod loopback;
mod state;

pub use crate::pkce::PkceVerifier;
#[cfg(test)]
pub(crate) use authorize::Callback;
pub use authorize::{AuthorizeOptions, PendingAuthorization, PendingFlows};
pub use device::{DeviceAuthorization, DEFAULT_DEVICE_INTERVAL, SLOW_DOWN_STEP};
pub use loopback::{LoopbackListener, DEFAULT_CALLBACK_TIMEOUT};
pub use state::CsrfState;
