//! Reading a validity endpoint's answer (iAdvize's `GET /_authenticated`).
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

use crate::client::Validity;
use crate::error::Error;
use crate::redact::Redactor;
use crate::response::{Flag, Text};

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
