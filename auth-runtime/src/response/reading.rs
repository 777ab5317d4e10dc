//! What a declaration says of its token object beyond RFC 6749's names (`access_token_path`,
//! `refresh_token_path`, `expiry`, `expiry_path`, `lifetime`): applied to the parsed object
//! before it is checked and made a token, so that the one conversion to a token
//! (`into_token.rs`) sees the standard fields, wherever the provider put them.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use secrecy::SecretString;
use serde_json::Value;

use super::fields::{clamp_seconds, number_in_text, Flag, TokenFields};
use crate::info::{Reading, Shape};
use crate::token::MAX_LIFETIME;
use auth_vocab::Expiry;

/// Moves the declared access and refresh tokens into their standard fields, and reads the
/// declared expiry into the lifetime. The error is a short reason, free of the body's content.
pub(crate) fn apply(reading: &Reading, fields: &mut TokenFields) -> Result<(), &'static str> {
    if reading.is_standard() && reading.lifetime().is_none() {
        return Ok(()); // What the parser read is what RFC 6749 says.
    }
    if !reading.access_token().is_empty() {
        fields.access_token = take_secret(&mut fields.extra, reading.access_token());
    }
    if !reading.refresh_token().is_empty() {
        fields.refresh_token = take_secret(&mut fields.extra, reading.refresh_token());
    }
    let lifetime = match reading.expiry() {
        Expiry::Never => {
            fields.never_expires = true;
            None
        }
        expiry => lifetime(expiry, reading.expiry_path(), fields, SystemTime::now())?,
    };
    fields.expires_in = lifetime.or(reading.lifetime());
    Ok(())
}

/// The lifetime the response gives, read as `expiry` says, from `path` (or its default
/// field); `None` when the response does not say.
fn lifetime(
    expiry: Expiry,
    path: &[&str],
    fields: &TokenFields,
    now: SystemTime,
) -> Result<Option<Duration>, &'static str> {
    let standard = path.is_empty() && expiry.default_path() == "expires_in";
    let number = if standard {
        fields.expires_in_number
    } else {
        let default = [expiry.default_path()];
        let path = if path.is_empty() { &default[..] } else { path };
        match at(&fields.extra, path) {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) if expiry == Expiry::Rfc3339 => {
                return rfc3339(text, now).map(Some);
            }
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(text)) => {
                number_in_text(text)
                    .map_err(|()| "the expiry is a string that is not a number")?
                    .0
            }
            Some(_) => return Err("the expiry is neither a number nor a time"),
        }
    };
    let Some(n) = number else {
        return Ok(None);
    };
    Ok(Some(match expiry {
        Expiry::Seconds => clamp_seconds(n),
        Expiry::Milliseconds => clamp_seconds(n / 1000.0),
        Expiry::EpochSeconds => until(n, now),
        Expiry::EpochMilliseconds => until(n / 1000.0, now),
        Expiry::Rfc3339 => return Err("the expiry is not RFC 3339 text"),
        Expiry::Never => return Ok(None),
    }))
}

/// From `now` until `epoch_seconds`: zero when already past, clamped to [`MAX_LIFETIME`].
fn until(epoch_seconds: f64, now: SystemTime) -> Duration {
    let now = now
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64();
    clamp_seconds(epoch_seconds - now).min(MAX_LIFETIME)
}

fn rfc3339(text: &str, now: SystemTime) -> Result<Duration, &'static str> {
    let at =
        time::OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339)
            .map_err(|_| "the expiry is not an RFC 3339 time")?;
    Ok(until(at.unix_timestamp() as f64, now))
}

/// The value at `path` inside the token object's other fields.
fn at<'a>(
    extra: &'a std::collections::BTreeMap<String, Value>,
    path: &[&str],
) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    rest.iter()
        .try_fold(extra.get(*first)?, |value, key| value.get(key))
}

/// Takes the string at `path` out of the other fields (so that a secret is kept only as a
/// secret); `None` when it is missing, empty or not a string.
fn take_secret(
    extra: &mut std::collections::BTreeMap<String, Value>,
    path: &[&str],
) -> Option<SecretString> {
    let (last, parents) = path.split_last()?;
    let taken = match parents.split_first() {
        None => extra.remove(*last)?,
        Some((first, rest)) => {
            let parent = rest
                .iter()
                .try_fold(extra.get_mut(*first)?, |value, key| value.get_mut(key))?;
            parent.as_object_mut()?.remove(*last)?
        }
    };
    match taken {
        Value::String(text) if !text.is_empty() => Some(SecretString::from(text)),
        _ => None,
    }
}

/// The token object of a body that is the token itself (`response = "text"`): the trimmed
/// text, with the declared lifetime.
pub(crate) fn text_body(reading: &Reading, body: &[u8]) -> TokenFields {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    TokenFields {
        access_token: (!text.is_empty()).then(|| SecretString::from(text.to_owned())),
        expires_in: reading.lifetime(),
        never_expires: reading.expiry() == Expiry::Never,
        ..TokenFields::default()
    }
}

/// The success flag and error message of a flat body, where they sit beside the token fields
/// (Slack's `{"ok": false, "error": "invalid_code"}`): read from the token object itself.
pub(crate) fn flag_beside(shape: &Shape, fields: &TokenFields) -> (Option<bool>, Option<String>) {
    let flag = at(&fields.extra, shape.success_flag())
        .and_then(|v| serde_json::from_value::<Flag>(v.clone()).ok())
        .and_then(|flag| flag.0);
    let message = match shape.error_message() {
        ["error"] => fields.error.clone(),
        ["error_description"] => fields.error_description.clone(),
        path => at(&fields.extra, path)
            .and_then(Value::as_str)
            .map(str::to_owned),
    };
    (flag, message)
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;
    use auth_vocab::ResponseBody;

    fn fields(json: &str) -> TokenFields {
        serde_json::from_str(json).unwrap()
    }

    fn reading(expiry: Expiry, path: &'static [&'static str], lifetime: u64) -> Reading {
        Reading::new(&[], &[], expiry, path, lifetime, ResponseBody::Json)
    }

    #[test]
    fn tokens_under_other_names_are_moved_out_of_the_extras() {
        let mut parsed =
            fields(r#"{"data": {"accessToken": "at", "refreshToken": "rt", "user": 1}}"#);
        let declared = Reading::new(
            &["data", "accessToken"],
            &["data", "refreshToken"],
            Expiry::Seconds,
            &[],
            0,
            ResponseBody::Json,
        );
        apply(&declared, &mut parsed).unwrap();
        assert_eq!(parsed.access_token.unwrap().expose_secret(), "at");
        assert_eq!(parsed.refresh_token.unwrap().expose_secret(), "rt");
        assert_eq!(parsed.extra["data"], serde_json::json!({"user": 1}));
    }

    #[test]
    fn every_expiry_form_reads_into_a_lifetime() {
        let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let read = |json: &str, expiry, path| lifetime(expiry, path, &fields(json), now).unwrap();
        let hour = Some(Duration::from_secs(3600));
        assert_eq!(
            read(r#"{"expires_in": 3600000}"#, Expiry::Milliseconds, &[]),
            hour
        );
        assert_eq!(
            read(r#"{"expiresIn": "3600"}"#, Expiry::Seconds, &["expiresIn"]),
            hour
        );
        assert_eq!(
            read(r#"{"expires_at": 1800003600}"#, Expiry::EpochSeconds, &[]),
            hour
        );
        assert_eq!(
            read(
                r#"{"exp": {"at": 1800003600000}}"#,
                Expiry::EpochMilliseconds,
                &["exp", "at"]
            ),
            hour
        );
        assert_eq!(
            read(
                r#"{"expires_at": "2027-01-15T10:00:00+01:00"}"#,
                Expiry::Rfc3339,
                &[]
            ),
            hour
        );
        assert_eq!(
            read(r#"{"expires_at": 1700000000}"#, Expiry::EpochSeconds, &[]),
            Some(Duration::ZERO),
            "an instant already past is expired on arrival"
        );
        assert_eq!(read(r#"{}"#, Expiry::EpochSeconds, &[]), None);
    }

    #[test]
    fn a_declared_lifetime_stands_in_for_a_silent_response_and_never_means_never() {
        let mut parsed = fields(r#"{"access_token": "at"}"#);
        apply(&reading(Expiry::Seconds, &[], 86400), &mut parsed).unwrap();
        assert_eq!(parsed.expires_in, Some(Duration::from_secs(86400)));
        let mut parsed = fields(r#"{"access_token": "at", "expires_in": 60}"#);
        apply(&reading(Expiry::Never, &[], 0), &mut parsed).unwrap();
        assert!(parsed.never_expires);
        assert_eq!(parsed.expires_in, None);
    }

    #[test]
    fn an_expiry_that_is_not_a_time_is_a_reason_not_a_panic() {
        let now = SystemTime::now();
        for (json, expiry) in [
            (r#"{"expires_at": "soon"}"#, Expiry::Rfc3339),
            (r#"{"expires_at": "soon"}"#, Expiry::EpochSeconds),
            (r#"{"expires_at": [1]}"#, Expiry::EpochSeconds),
            (r#"{"expires_at": 1e308}"#, Expiry::EpochMilliseconds),
        ] {
            let result = lifetime(expiry, &[], &fields(json), now);
            assert!(result.is_err() || result.unwrap().is_some_and(|d| d <= MAX_LIFETIME));
        }
    }
}
