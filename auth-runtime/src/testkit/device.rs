//! The device authorization grant (RFC 8628) as a server runs it: the device endpoint issues
//! a device code and a user code; the token endpoint answers polls with
//! `authorization_pending` until the test decides for the user ([`super::Emulator::approve_device`],
//! [`super::Emulator::deny_device`]), with `slow_down` (and an interval 5 seconds longer) to a
//! client that polls sooner than the interval, `expired_token` once the codes have expired,
//! `access_denied` after a refusal, and a token, once, after an approval.

use std::time::Duration;

use serde_json::{json, Value};
use tokio::time::Instant;

use super::check::{self, Mismatch};
use super::reply;
use super::routes::Emulated;
use super::server::{Received, Reply};
use super::state::{PendingDevice, State};
use crate::exchange::Exchange;
use crate::provider::Provider;
use secrecy::SecretString;

impl<P: Provider> Emulated<P> {
    /// The device endpoint: the request checked against the declaration's, then new codes.
    pub(super) fn device_endpoint(&self, state: &mut State, request: &Received) -> Reply {
        let checked = check::params_of(P::INFO, &[], request).and_then(|received| {
            self.expect(state, &Exchange::DeviceAuthorization, request, &received)
        });
        if let Err(mismatch) = checked {
            return self.refuse(mismatch);
        }
        state.counter += 1;
        let n = state.counter;
        let device_code = format!("{}-device-{n}", P::INFO.name);
        let user_code = format!("WDJB-{n:04}");
        let verification_uri = format!("{}://{}/device", self.scheme, self.address);
        let config = &self.config;
        state.devices.insert(
            device_code.clone(),
            PendingDevice {
                user_code: user_code.clone(),
                decision: None,
                expires_at: Instant::now() + config.device_expires_in,
                interval: config.device_interval,
                last_poll: None,
            },
        );
        reply::json_reply(
            200,
            &json!({
                "device_code": device_code,
                "user_code": user_code,
                "verification_uri": verification_uri,
                "verification_uri_complete": format!("{verification_uri}?user_code={user_code}"),
                "expires_in": config.device_expires_in.as_secs(),
                "interval": config.device_interval.as_secs(),
            }),
        )
    }

    /// A poll of the token endpoint with a device code.
    pub(super) fn device_poll(
        &self,
        state: &mut State,
        request: &Received,
        received: &[(String, Value)],
    ) -> Result<Reply, Mismatch> {
        let device_code = check::text(received, "device_code").unwrap_or_default();
        let secret = SecretString::from(device_code.to_owned());
        let poll = Exchange::DeviceCode {
            device_code: &secret,
        };
        self.expect(state, &poll, request, received)?;
        let now = Instant::now();
        let Some(device) = state.devices.get_mut(device_code) else {
            return Err(refusal("invalid_grant", "unknown or spent device code"));
        };
        if now >= device.expires_at {
            return Err(refusal("expired_token", "the device code has expired"));
        }
        let too_soon = device
            .last_poll
            .is_some_and(|last| now.duration_since(last) + LEEWAY < device.interval);
        device.last_poll = Some(now);
        if too_soon {
            device.interval += crate::flow::SLOW_DOWN_STEP;
            return Err(refusal(
                "slow_down",
                "polled sooner than the interval: the interval is now 5 seconds longer",
            ));
        }
        match device.decision {
            None => Err(refusal(
                "authorization_pending",
                "the user has not decided yet",
            )),
            Some(false) => {
                state.devices.remove(device_code);
                Err(refusal("access_denied", "the user refused"))
            }
            Some(true) => {
                state.devices.remove(device_code);
                Ok(self.issue(state, true))
            }
        }
    }
}

/// The timer slack forgiven on the interval: a client that waits exactly the interval may
/// arrive a hair early by the emulator's clock.
const LEEWAY: Duration = Duration::from_millis(50);

/// A 400 with an RFC 8628 error code.
fn refusal(code: &'static str, description: &str) -> Mismatch {
    Mismatch {
        status: 400,
        code,
        description: description.into(),
    }
}

/// Records the user's decision on `user_code`; whether a pending authorization had it.
pub(super) fn decide(state: &mut State, user_code: &str, approve: bool) -> bool {
    let pending = state
        .devices
        .values_mut()
        .find(|d| d.user_code == user_code && d.decision.is_none());
    match pending {
        Some(device) => {
            device.decision = Some(approve);
            true
        }
        None => false,
    }
}
