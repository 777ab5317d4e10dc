//! The token endpoint: each grant the declaration can send (login, refresh, code exchange)
//! checked against the declaration's request and answered with a new token, the login rate
//! limit, refresh-token rotation, and the one-shot faults.

use std::sync::PoisonError;
use std::time::Duration;

use auth_vocab::{LoginRateLimitPer, Renew};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use secrecy::SecretString;
use serde_json::Value;
use sha2::{Digest, Sha256};
use tokio::time::Instant;

use super::check::{self, Mismatch};
use super::reply;
use super::routes::Emulated;
use super::server::{Received, Reply};
use super::state::{Issued, State};
use super::Fault;
use crate::exchange::{AuthorizationCode, Exchange};
use crate::provider::Provider;
use auth_vocab::Expiry;

impl<P: Provider> Emulated<P> {
    /// A token request: the next fault if one waits, else the grant it asks for, checked
    /// against the declaration's.
    pub(super) fn token_endpoint(&self, state: &mut State, request: &Received) -> Reply {
        if let Some(wait) = take_slow(state) {
            return Reply::Late(wait, Box::new(self.token_endpoint(state, request)));
        }
        if let Some(reply) = take_fault(state, P::INFO) {
            return reply;
        }
        let received = match check::params_of(P::INFO, &self.routes.token_query, request) {
            Ok(received) => received,
            Err(mismatch) => return self.refuse(mismatch),
        };
        let result = match check::text(&received, "grant_type") {
            Some("refresh_token") => self.refresh(state, request, &received),
            Some("authorization_code") => self.exchange(state, request, &received),
            Some(auth_vocab::DEVICE_CODE_GRANT_TYPE) => self.device_poll(state, request, &received),
            _ => self.login(state, request, &received),
        };
        result.unwrap_or_else(|mismatch| self.refuse(mismatch))
    }

    /// Checks a request against what the declaration sends for `grant` for one of the
    /// identities the emulator admits, and its client assertion if it authenticates with one
    /// (spending the assertion). Returns what that identity's logins are counted under.
    pub(super) fn expect(
        &self,
        state: &mut State,
        grant: &Exchange<'_>,
        request: &Received,
        received: &[(String, Value)],
    ) -> Result<String, Mismatch> {
        let first = self.expect_from(&self.provider, state, grant, request, received);
        if first.is_ok() {
            return first.map(|()| login_key(&self.provider));
        }
        let admitted = self.admitted.read().unwrap_or_else(PoisonError::into_inner);
        for provider in admitted.iter() {
            if self
                .expect_from(provider, state, grant, request, received)
                .is_ok()
            {
                return Ok(login_key(provider));
            }
        }
        first.map(|()| login_key(&self.provider))
    }

    /// [`Self::expect`] for the identity of `provider`.
    fn expect_from(
        &self,
        provider: &P,
        state: &mut State,
        grant: &Exchange<'_>,
        request: &Received,
        received: &[(String, Value)],
    ) -> Result<(), Mismatch> {
        let expected = provider.token_request(grant).map_err(|_| Mismatch {
            status: 400,
            code: "unsupported_grant_type",
            description: "this provider does not take that grant".into(),
        })?;
        check::transport(&expected, request)?;
        self.presents_certificate(request)
            .map_err(|description| Mismatch {
                status: 401,
                code: "invalid_client",
                description: description.into(),
            })?;
        let mut params = check::expected_params(P::INFO, &expected);
        // Signed per request: checked below, not by value. A grant's assertion comes on
        // logins only.
        let verifier = self
            .verifier
            .as_ref()
            .filter(|_| expected.assertion().is_some());
        if let Some(verifier) = verifier {
            params.push((verifier.param(), Value::Null));
        }
        check::params(&params, received)?;
        match verifier {
            Some(verifier) => verifier.check(received, &mut state.spent_jtis),
            None => Ok(()),
        }
    }

    fn login(
        &self,
        state: &mut State,
        request: &Received,
        received: &[(String, Value)],
    ) -> Result<Reply, Mismatch> {
        let counted_under = self.expect(state, &Exchange::Login, request, received)?;
        if let Some(limit) = P::INFO.login_rate_limit {
            let now = Instant::now();
            let logins = state.logins.entry(counted_under).or_default();
            while logins
                .front()
                .is_some_and(|t| now.duration_since(*t) >= limit.per())
            {
                logins.pop_front();
            }
            if let Some(&oldest) = logins
                .front()
                .filter(|_| logins.len() >= limit.max() as usize)
            {
                let wait = (oldest + limit.per()).saturating_duration_since(now);
                return Ok(too_many(wait));
            }
            logins.push_back(now);
        }
        // None for client credentials (RFC 6749 section 4.4.3) nor an assertion.
        let with_refresh = P::INFO.grant.login_issues_refresh_token();
        Ok(self.issue(state, with_refresh))
    }

    fn refresh(
        &self,
        state: &mut State,
        request: &Received,
        received: &[(String, Value)],
    ) -> Result<Reply, Mismatch> {
        let refresh_token = check::text(received, "refresh_token")
            .unwrap_or_default()
            .to_owned();
        let secret = SecretString::from(refresh_token.clone());
        self.expect(
            state,
            &Exchange::Refresh {
                refresh_token: &secret,
            },
            request,
            received,
        )?;
        let revoked = take_refresh_fault(state);
        if state.used_refresh.contains(&refresh_token) {
            state.refresh_reuses = state.refresh_reuses.saturating_add(1);
            if self.config.refresh_reuse_revokes_all {
                state.live_refresh.clear();
                state.issued.iter_mut().for_each(|t| t.revoked = true);
            }
        }
        let Some(position) = state
            .live_refresh
            .iter()
            .position(|t| *t == refresh_token)
            .filter(|_| !revoked)
        else {
            return Err(invalid_grant(
                "the refresh token is unknown, used or revoked",
            ));
        };
        state.live_refresh.remove(position); // rotation: each refresh token is good once
        let issued_at = state.refresh_issued.remove(&refresh_token);
        state.used_refresh.push(refresh_token);
        if let (Some(idle), Some(at)) = (P::INFO.refresh_idle_lifetime(), issued_at) {
            if at.elapsed() >= idle {
                return Err(invalid_grant("the refresh token lapsed unused"));
            }
        }
        Ok(self.issue(state, true))
    }

    fn exchange(
        &self,
        state: &mut State,
        request: &Received,
        received: &[(String, Value)],
    ) -> Result<Reply, Mismatch> {
        let code = check::text(received, "code").unwrap_or_default().to_owned();
        let redirect_uri = check::text(received, "redirect_uri").map(str::to_owned);
        let pending = AuthorizationCode {
            redirect_uri: redirect_uri.clone(),
            ..AuthorizationCode::new(code.clone())
        };
        // The expected request has no verifier (the emulator never saw it); it is checked
        // against the code's challenge below.
        let without_verifier: Vec<(String, Value)> = received
            .iter()
            .filter(|(n, _)| n != "code_verifier")
            .cloned()
            .collect();
        self.expect(
            state,
            &Exchange::AuthorizationCode(&pending),
            request,
            &without_verifier,
        )?;
        let issued = state
            .codes
            .remove(&code)
            .ok_or_else(|| invalid_grant("the code is unknown or was used"))?;
        if redirect_uri.as_deref() != Some(issued.redirect_uri.as_str()) {
            return Err(invalid_grant(
                "redirect_uri differs from the authorize request's",
            ));
        }
        if let Some(challenge) = issued.challenge {
            let verifier = check::text(received, "code_verifier")
                .ok_or_else(|| invalid_grant("code_verifier is missing"))?;
            if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != challenge {
                return Err(invalid_grant(
                    "code_verifier does not match the code_challenge",
                ));
            }
        }
        Ok(self.issue(state, true))
    }

    /// A new token from the token endpoint: the one the API takes, or a two-step login's first.
    pub(super) fn issue(&self, state: &mut State, with_refresh: bool) -> Reply {
        self.issue_step(state, with_refresh, P::INFO.second_step.is_some())
    }

    /// A two-step login's second step: a live first token, presented where the declaration
    /// says with the step's constants, is spent for the token the API takes.
    pub(super) fn second_step(&self, state: &mut State, request: &Received) -> Reply {
        self.second_step_checked(state, request)
            .unwrap_or_else(|mismatch| self.refuse(mismatch))
    }

    fn second_step_checked(
        &self,
        state: &mut State,
        request: &Received,
    ) -> Result<Reply, Mismatch> {
        let received = check::params_of(P::INFO, &[], request)?;
        let presented = match P::INFO.second_step().and_then(|s| s.token_param()) {
            Some(name) => check::text(&received, name),
            None => request
                .header("authorization")
                .and_then(|v| v.strip_prefix("Bearer ")),
        };
        let now = Instant::now();
        let first = state.issued.iter_mut().find(|t| {
            t.first_step && !t.revoked && now < t.expires_at && Some(t.access.as_str()) == presented
        });
        let Some(first) = first else {
            return Err(invalid_grant(
                "the first step's token is missing, unknown, spent or expired",
            ));
        };
        let token = crate::token::Token::given(SecretString::from(first.access.clone()), "Bearer");
        let expected = self
            .provider
            .token_request(&Exchange::Second { token: &token })
            .map_err(|_| invalid_grant("this provider has no second step"))?;
        check::transport(&expected, request)?;
        check::params(&check::expected_params(P::INFO, &expected), &received)?;
        first.revoked = true; // good for one second step that is the declaration's
        Ok(self.issue_step(state, false, false))
    }

    /// A new token; with a refresh token when `with_refresh` and the declaration renews by
    /// refresh (`renew = "refresh"`). A two-step login's first token (`first_step`) is
    /// answered as RFC 6749 says and is good only at the second step.
    fn issue_step(&self, state: &mut State, with_refresh: bool, first_step: bool) -> Reply {
        state.counter += 1;
        let n = state.counter;
        if self.config.revoke_older_tokens && !first_step {
            state.issued.iter_mut().for_each(|t| t.revoked = true);
        }
        let kind = if first_step { "first" } else { "access" };
        let access = format!("{}-{kind}-{n}", P::INFO.name);
        let refresh = (with_refresh && P::INFO.renew == Renew::Refresh)
            .then(|| format!("{}-refresh-{n}", P::INFO.name));
        if let Some(refresh) = &refresh {
            state.live_refresh.push(refresh.clone());
            if P::INFO.refresh_idle_lifetime().is_some() {
                state.refresh_issued.insert(refresh.clone(), Instant::now());
            }
        }
        // A token that never expires stays good for as long as any test runs.
        let good_for = match P::INFO.reading().expiry() {
            Expiry::Never => crate::token::MAX_LIFETIME,
            _ => self.config.token_lifetime,
        };
        state.issued.push(Issued {
            access: access.clone(),
            expires_at: Instant::now() + good_for,
            revoked: false,
            first_step,
        });
        let lifetime = self.config.token_lifetime.as_secs();
        let shape = if first_step {
            P::INFO.first_step()
        } else {
            *P::INFO
        };
        reply::token(
            &shape,
            &access,
            refresh.as_deref(),
            lifetime,
            self.config.expires_in_as_string,
        )
    }
}

/// The refusal of a grant whose code or refresh token is not (or no longer) good.
/// What `provider`'s logins are counted under, by the declared limit: its identity, or its
/// client (every identity of one client together).
fn login_key<P: Provider>(provider: &P) -> String {
    let per_client = P::INFO
        .login_rate_limit
        .is_some_and(|limit| limit.counted_per() == LoginRateLimitPer::Client);
    match per_client {
        true => crate::provider::client_id(provider).unwrap_or_default(),
        false => provider.identity(),
    }
}

fn invalid_grant(description: &str) -> Mismatch {
    Mismatch {
        status: 400,
        code: "invalid_grant",
        description: description.into(),
    }
}

/// A 429 that says when to come back, in whole seconds (at least one).
fn too_many(wait: Duration) -> Reply {
    Reply::Full {
        status: 429,
        headers: vec![("retry-after".into(), wait.as_secs().max(1).to_string())],
        body: b"{\"error\": \"too_many_requests\"}".to_vec(),
    }
}

/// The delay of the next slow answer, if one is waiting.
fn take_slow(state: &mut State) -> Option<Duration> {
    let position = state
        .faults
        .iter()
        .position(|f| matches!(f, Fault::Slow(_)))?;
    match state.faults.remove(position)? {
        Fault::Slow(wait) => Some(wait),
        _ => None,
    }
}

/// The reply for the next fault, if one is waiting (refresh-only faults wait for a refresh).
fn take_fault(state: &mut State, info: &crate::info::ProviderInfo) -> Option<Reply> {
    let position = state
        .faults
        .iter()
        .position(|f| !matches!(f, Fault::InvalidGrantOnNextRefresh | Fault::Slow(_)))?;
    let fault = state.faults.remove(position)?;
    Some(match fault {
        Fault::ServerError => Reply::Full {
            status: 502,
            headers: vec![("content-type".into(), "text/html".into())],
            body: b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>".to_vec(),
        },
        Fault::TooManyRequests { retry_after } => too_many(retry_after),
        Fault::Stall(duration) => Reply::Stall(duration),
        Fault::TruncatedBody => Reply::Truncated {
            body: br#"{"access_token": "truncated-token-value", "expires_in": 3600}"#.to_vec(),
        },
        Fault::ErrorIn200 => reply::error_in_200(info),
        Fault::InvalidGrantOnNextRefresh | Fault::Slow(_) => unreachable!("skipped above"),
    })
}

/// Whether a refresh-only fault was waiting (and is now spent): the next refresh token is
/// then refused as revoked.
fn take_refresh_fault(state: &mut State) -> bool {
    match state
        .faults
        .iter()
        .position(|f| *f == Fault::InvalidGrantOnNextRefresh)
    {
        Some(position) => state.faults.remove(position).is_some(),
        None => false,
    }
}
