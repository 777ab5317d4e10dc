//! Rules on reading the token response: where the token and its expiry are, and what may be
//! said of a body that is the token itself or of tokens that never expire.

use crate::build::Declaration;
use crate::ctxt::Ctxt;
use crate::symbol::*;

/// The reading keys fit each other: a text body has no fields to point at, a token that never
/// expires has no expiry to read, and the API base comes from one place.
pub(super) fn check_reading(cx: &Ctxt, declaration: &Declaration<'_>) {
    let (model, attrs) = (&declaration.model, &declaration.attrs);
    let reading = &model.reading;
    if reading.body == ResponseBody::Text {
        let paths = [
            (attrs.envelope.get(), ENVELOPE),
            (attrs.success_flag.get(), SUCCESS_FLAG),
            (attrs.error_message.get(), ERROR_MESSAGE),
            (attrs.access_token_path.get(), ACCESS_TOKEN_PATH),
            (attrs.refresh_token_path.get(), REFRESH_TOKEN_PATH),
            (attrs.expiry_path.get(), EXPIRY_PATH),
            (attrs.api_base_from.get(), API_BASE_FROM),
            (attrs.refresh_sentinel.get(), REFRESH_SENTINEL),
        ];
        for (lit, key) in paths {
            if let Some(lit) = lit {
                cx.error_spanned_by(
                    lit,
                    format!("response = \"text\" is the token itself, with no fields: `{key}` has nothing to point at"),
                );
            }
        }
        if let Some((lit, expiry)) = attrs.expiry.get() {
            if *expiry != Expiry::Never {
                cx.error_spanned_by(lit, "response = \"text\" carries no expiry: declare lifetime = \"…\", or expiry = \"never\"");
            }
        }
    }
    if reading.expiry == Expiry::Never {
        for (lit, key) in [
            (attrs.expiry_path.get(), EXPIRY_PATH),
            (attrs.lifetime.get().map(|(l, _)| l), LIFETIME),
        ] {
            if let Some(lit) = lit {
                cx.error_spanned_by(
                    lit,
                    format!(
                        "expiry = \"never\": these tokens do not expire, so `{key}` means nothing"
                    ),
                );
            }
        }
    }
    if let (Some(from), Some(_)) = (attrs.api_base_from.get(), attrs.api_base.get()) {
        cx.error_spanned_by(
            from,
            "the API base comes from one place: api_base (declared) or api_base_from (the response), not both",
        );
    }
    if let (Some(lit), Encoding::Graphql) = (attrs.response.get().map(|(l, _)| l), model.encoding) {
        if reading.body == ResponseBody::Text {
            cx.error_spanned_by(
                lit,
                "a GraphQL answer is JSON: response = \"text\" does not apply",
            );
        }
    }
}
