//! One HTTP answer of a token endpoint turned into a [`Token`] or the typed [`Error`] it says:
//! a 429, a refusal in the declared envelope, an RFC 6749 error (even in a 200), an HTTP error
//! page or an unreadable body, each with its excerpt redacted.

use std::time::Duration;

use reqwest::StatusCode;
use serde::Deserialize;

use super::fields::Text;
use super::into_token::{into_token, unusable};
use super::{parse_body, parse_token_body, BodyFormat, Envelope};
use crate::error::{Error, OAuthError};
use crate::info::{AuthFormat, ProviderInfo};
use crate::redact::{LazyRedactor, Redactor};
use crate::token::Token;
use auth_vocab::ResponseBody;

/// A flat RFC 6749 error body, tried when the declared shape yields nothing.
#[derive(Deserialize)]
struct OAuthErrorBody {
    #[serde(default)]
    error: Text,
    #[serde(default)]
    error_description: Text,
    #[serde(default)]
    error_uri: Text,
}

/// One HTTP answer from a token endpoint, read up to the body limit.
pub(crate) struct Answer<'a> {
    pub status: StatusCode,
    pub format: BodyFormat,
    pub retry_after: Option<Duration>,
    pub body: &'a [u8],
}

/// Turns an answer into a token, or the error it says.
///
/// Tokens the answer carries are added to `redactor`, so that no error built from it shows them;
/// the caller scrubs the error with it.
pub(crate) fn interpret(
    info: &ProviderInfo,
    answer: &Answer<'_>,
    redactor: &mut LazyRedactor<'_>,
) -> Result<Token, Error> {
    if answer.status == StatusCode::TOO_MANY_REQUESTS {
        return Err(Error::RateLimited {
            provider: info.name,
            retry_after: answer.retry_after,
        });
    }
    let format = answer.format;
    if info.reading.body() == ResponseBody::Text && answer.status.is_success() {
        return text_token(info, answer, redactor);
    }
    let reason = match parse_token_body(info, answer.body, format) {
        Ok(envelope) => match from_envelope(info, answer, envelope, redactor)? {
            Some(token) => return Ok(token),
            None => no_token_reason(info),
        },
        Err(reason) => reason,
    };
    if let Some(error) = oauth_error(answer, format) {
        return Err(Error::OAuth {
            provider: info.name,
            error,
        });
    }
    let excerpt = redactor.get().excerpt(answer.body);
    if !answer.status.is_success() {
        return Err(Error::Http {
            provider: info.name,
            status: answer.status,
            excerpt,
        });
    }
    Err(Error::Parse {
        provider: info.name,
        reason,
        excerpt,
    })
}

/// The token of a provider whose body is the token itself; an RFC 6749 error in a 200 is still
/// an error. A body that cannot be a token is refused without an excerpt: it may be one.
fn text_token(
    info: &ProviderInfo,
    answer: &Answer<'_>,
    redactor: &mut LazyRedactor<'_>,
) -> Result<Token, Error> {
    if let Some(error) = oauth_error(answer, answer.format) {
        return Err(Error::OAuth {
            provider: info.name,
            error,
        });
    }
    let fields = super::reading::text_body(&info.reading, answer.body);
    let refuse = |reason: &str| Error::Parse {
        provider: info.name,
        reason: format!("the body is not a token: {reason}"),
        excerpt: String::new(),
    };
    if let Some(reason) = unusable(&fields) {
        fields.add_secrets_to(redactor.get());
        return Err(refuse(reason));
    }
    into_token(fields, None).map_err(refuse)
}

fn no_token_reason(info: &ProviderInfo) -> String {
    match info.shape.envelope {
        [] => "no token object".into(),
        path => format!("no token object at `{}`", path.join(".")),
    }
}

/// The token in an envelope, the refusal it carries, or `None` when it holds neither.
fn from_envelope(
    info: &ProviderInfo,
    answer: &Answer<'_>,
    envelope: Envelope,
    redactor: &mut LazyRedactor<'_>,
) -> Result<Option<Token>, Error> {
    let refused = |message: String| Error::Refused {
        provider: info.name,
        status: answer.status,
        message,
    };
    let mut envelope = envelope;
    if let (true, false, Some(fields)) = (
        info.shape.envelope.is_empty(),
        info.shape.success_flag.is_empty(),
        &envelope.token,
    ) {
        (envelope.success, envelope.message) = super::reading::flag_beside(&info.shape, fields);
    }
    if !envelope.graphql_errors.is_empty() {
        return Err(refused(envelope.graphql_errors.join("; ")));
    }
    if envelope.success == Some(false) {
        let message = envelope
            .message
            .unwrap_or_else(|| "the success flag is false".into());
        return Err(refused(message));
    }
    let Some(mut fields) = envelope.token else {
        return match envelope.message {
            Some(message) => Err(refused(message)),
            None => Ok(None),
        };
    };
    if let Some(code) = fields.error.clone() {
        fields.add_secrets_to(redactor.get());
        return Err(Error::OAuth {
            provider: info.name,
            error: OAuthError {
                status: answer.status,
                code: code.into(),
                description: fields.error_description,
                uri: fields.error_uri,
            },
        });
    }
    if !answer.status.is_success() {
        fields.add_secrets_to(redactor.get());
        return Ok(None);
    }
    // The answer's tokens go to the redactor only when it turns out unusable: a success pays
    // nothing for them.
    let refuse = |reason: &'static str, redactor: &mut Redactor| Error::Parse {
        provider: info.name,
        reason: reason.into(),
        excerpt: redactor.excerpt(answer.body),
    };
    fields.type_unused = !info.api_auth.format().contains(&AuthFormat::TokenType);
    let read = super::reading::apply(&info.reading, &mut fields);
    if let Some(reason) = read.err().or_else(|| unusable(&fields)) {
        fields.add_secrets_to(redactor.get());
        return Err(refuse(reason, redactor.get()));
    }
    into_token(fields, info.refresh_sentinel)
        .map(Some)
        .map_err(|reason| refuse(reason, redactor.get()))
}

pub(crate) fn oauth_error(answer: &Answer<'_>, format: BodyFormat) -> Option<OAuthError> {
    let body: OAuthErrorBody = parse_body(answer.body, format).ok()?;
    Some(OAuthError {
        status: answer.status,
        code: body.error.0.filter(|code| !code.is_empty())?.into(),
        description: body.error_description.0,
        uri: body.error_uri.0,
    })
}
