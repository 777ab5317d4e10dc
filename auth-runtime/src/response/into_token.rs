//! The one conversion from the wire to a [`Token`]: a parsed token object is checked (an
//! access token that can go in a header, a refresh token of RFC 6749 characters, a token type
//! that names a scheme), normalised, and only then made a token. The token module knows
//! nothing of responses; this is golang x/oauth2's `tokenFromInternal` direction.

use secrecy::ExposeSecret;

use super::fields::TokenFields;
use crate::token::{Issued, Token};
use crate::wire::is_header_safe;

/// Why a parsed token object cannot make a token, if it cannot: no access token, or a
/// token or type that could not go in a header as is.
pub(crate) fn unusable(fields: &TokenFields) -> Option<&'static str> {
    let Some(access_token) = &fields.access_token else {
        return Some("the response has no access_token, or an empty one");
    };
    if !is_header_safe(access_token.expose_secret()) {
        return Some("the access_token is not a valid header value (RFC 6750: visible ASCII only)");
    }
    if fields
        .refresh_token
        .as_ref()
        .is_some_and(|rt| !is_vschar(rt.expose_secret()))
    {
        return Some("the refresh_token holds characters RFC 6749 does not allow (control characters or non-ASCII)");
    }
    if !fields.type_unused
        && fields
            .token_type
            .as_deref()
            .is_some_and(|t| !is_token_type(t))
    {
        return Some("the token_type is not an HTTP authentication scheme name");
    }
    None
}

/// Builds a token from a parsed token object, applying the declared refresh-token sentinel.
/// Fails when [`unusable`] says why.
pub(crate) fn into_token(
    fields: TokenFields,
    sentinel: Option<&str>,
) -> Result<Token, &'static str> {
    if let Some(reason) = unusable(&fields) {
        return Err(reason);
    }
    let Some(access_token) = fields.access_token else {
        return Err("the response has no access_token, or an empty one");
    };
    let refresh_token = fields
        .refresh_token
        .filter(|rt| Some(rt.expose_secret()) != sentinel);
    Ok(Token::issued(Issued {
        access_token,
        token_type: normalise_token_type(fields.token_type),
        lifetime: fields.expires_in,
        refresh_token,
        scope: fields.scope.filter(|s| !s.is_empty()),
        extra: fields.extra,
        never_expires: fields.never_expires,
    }))
}

/// RFC 6749 appendix A.17: a refresh token is `1*VSCHAR` (printable ASCII and space).
fn is_vschar(token: &str) -> bool {
    token.bytes().all(|b| (0x20..=0x7e).contains(&b))
}

/// A token type names an authentication scheme: an RFC 9110 `token` (letters, digits and
/// `!#$%&'*+-.^_`|~`), or empty (then `Bearer`).
fn is_token_type(token_type: &str) -> bool {
    token_type
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn normalise_token_type(sent: Option<String>) -> String {
    match sent {
        // `bearer` in any case becomes `Bearer` in the same buffer: no new allocation.
        Some(mut t) if t.eq_ignore_ascii_case("bearer") => {
            t.replace_range(.., "Bearer");
            t
        }
        Some(t) if !t.is_empty() => t,
        _ => "Bearer".to_owned(),
    }
}
