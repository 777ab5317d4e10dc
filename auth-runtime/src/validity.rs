//! Asking a validity endpoint whether a token is still good (iAdvize's `GET
//! /_authenticated`), and reading its answer:
//!
//! | answer | verdict |
//! |---|---|
//! | 401 or 403 | invalid, with the body's `error` / `error_description` as the reason |
//! | 2xx with an `error` field | invalid (iAdvize's `{"error": "invalid_token", …}`) |
//! | 2xx with `"authenticated": false` or `"active": false` | invalid |
//! | any other 2xx | valid |
//! | 429 | [`Error::RateLimited`] |
//! | anything else | [`Error::Http`]: the question went unanswered |

use std::time::Duration;

use reqwest::StatusCode;
use serde::Deserialize;

use crate::client::{api_redactor, read_body, retry_after, transport, Client};
use crate::error::Error;
use crate::provider::Provider;
use crate::redact::Redactor;
use crate::response::{Flag, Text};
use crate::token::Token;

/// Whether the token is still good, as the provider's validity endpoint says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Validity {
    /// The provider accepted the token.
    Valid,
    /// The provider rejected the token (expired, revoked…).
    Invalid {
        /// The provider's reason, e.g. `invalid_token: access token not valid`.
        reason: String,
    },
}

impl Client {
    /// Asks the provider's validity endpoint whether `token` is still good. An expired or
    /// revoked token is [`Validity::Invalid`], not an error; errors are for when the question
    /// could not be answered.
    pub async fn check_validity<P: Provider>(
        &self,
        provider: &P,
        token: &Token,
    ) -> Result<Validity, Error> {
        let info = P::INFO;
        let url = provider.validity_url().ok_or(Error::Unsupported {
            provider: info.name,
            what: "a validity check (no validity_endpoint is declared)",
        })??;
        let url = self.endpoint(url)?;
        let http = self.http_to(provider, &url)?;
        let request = self.authorize(provider, token, http.get(url))?;
        let redactor = api_redactor(provider, token);
        let response = request.send().await.map_err(|e| transport(info.name, e))?;
        let status = response.status();
        let retry_after = retry_after(&response);
        let body = read_body(info.name, response).await?;
        classify(info.name, status, retry_after, &body, &redactor)
    }
}

#[derive(Deserialize, Default)]
struct Verdict {
    #[serde(default)]
    error: Text,
    #[serde(default)]
    error_description: Text,
    #[serde(default)]
    authenticated: Option<Flag>,
    #[serde(default)]
    active: Option<Flag>,
}

pub(crate) fn classify(
    provider: &'static str,
    status: StatusCode,
    retry_after: Option<Duration>,
    body: &[u8],
    redactor: &Redactor,
) -> Result<Validity, Error> {
    let verdict: Verdict = serde_json::from_slice(body).unwrap_or_default();
    let invalid = matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
        || (status.is_success() && verdict_says_invalid(&verdict));
    if invalid {
        return Ok(Validity::Invalid {
            reason: redactor.scrub(&reason(verdict, status)).into_owned(),
        });
    }
    if status.is_success() {
        return Ok(Validity::Valid);
    }
    if status == StatusCode::TOO_MANY_REQUESTS {
        return Err(Error::RateLimited {
            provider,
            retry_after,
        });
    }
    Err(Error::Http {
        provider,
        status,
        excerpt: redactor.excerpt(body),
    })
}

fn verdict_says_invalid(verdict: &Verdict) -> bool {
    let refused = |flag: &Option<Flag>| matches!(flag, Some(Flag(Some(false))));
    verdict.error.0.is_some() || refused(&verdict.authenticated) || refused(&verdict.active)
}

fn reason(verdict: Verdict, status: StatusCode) -> String {
    match (verdict.error.0, verdict.error_description.0) {
        (Some(code), Some(description)) => format!("{code}: {description}"),
        (Some(code), None) => code,
        (None, Some(description)) => description,
        (None, None) => format!("HTTP {}", status.as_u16()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_validity_answers() {
        let valid = |status: u16, body: &str| {
            classify(
                "p",
                StatusCode::from_u16(status).unwrap(),
                None,
                body.as_bytes(),
                &Redactor::new(),
            )
        };
        assert_eq!(
            valid(200, r#"{"authenticated": true}"#).unwrap(),
            Validity::Valid
        );
        assert_eq!(valid(204, "").unwrap(), Validity::Valid);
        let iadvize =
            r#"{"error_description": "access token not valid", "error": "invalid_token"}"#;
        for status in [200, 401] {
            assert_eq!(
                valid(status, iadvize).unwrap(),
                Validity::Invalid {
                    reason: "invalid_token: access token not valid".into()
                }
            );
        }
        assert_eq!(
            valid(200, r#"{"authenticated": false}"#).unwrap(),
            Validity::Invalid {
                reason: "HTTP 200".into()
            }
        );
        assert_eq!(
            valid(403, "<html>").unwrap(),
            Validity::Invalid {
                reason: "HTTP 403".into()
            }
        );
        assert!(matches!(valid(429, ""), Err(Error::RateLimited { .. })));
        assert!(matches!(
            valid(503, "<html>down</html>"),
            Err(Error::Http { .. })
        ));
    }
}
