//! A provider chained on a provider: a token exchange (RFC 8693) whose subject token is another
//! session's access token, fetched (and so renewed, when due) at each exchange.
//!
//! The exchanged token is good only while its subject is: its expiry is cut to the subject's,
//! so that the chained session renews when either token expires. A subject the exchange
//! refuses (`invalid_grant`: revoked, or expired early) is renewed once and presented again.

use std::future::Future;
use std::pin::Pin;

use secrecy::SecretString;
use tokio::time::Instant;

use super::Session;
use crate::error::Error;
use crate::provider::Provider;

/// A provider whose grant is a token exchange (`grant = "token_exchange"`), and so can take
/// its subject token from another session ([`crate::SessionBuilder::subject_from`]). Derived
/// with the declaration; never implemented by hand.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not exchange tokens: its subject token cannot come from another session",
    label = "not declared with `grant = \"token_exchange\"`",
    note = "declare `#[oauth(grant = \"token_exchange\")]` with a field marked `subject_token`"
)]
pub trait ExchangesTokens: Provider {}

/// The subject token of one exchange, with the instant it stops being good.
pub(crate) struct Subject {
    pub(crate) token: SecretString,
    /// `None` for a subject that never expires (an API key exchanged for a token).
    pub(crate) expires_at: Option<Instant>,
}

/// Where a chained session's subject tokens come from: another session, of any provider.
pub(crate) trait SubjectSource: Send + Sync + 'static {
    /// A valid subject token; `renewed` asks for a new one, the last having been refused.
    fn subject(
        &self,
        renewed: bool,
    ) -> Pin<Box<dyn Future<Output = Result<Subject, Error>> + Send + '_>>;
}

impl<Q: Provider> SubjectSource for Session<Q> {
    fn subject(
        &self,
        renewed: bool,
    ) -> Pin<Box<dyn Future<Output = Result<Subject, Error>> + Send + '_>> {
        Box::pin(async move {
            let token = if renewed {
                self.renew().await?
            } else {
                self.token().await?
            };
            Ok(Subject {
                token: token.access_token().clone(),
                expires_at: (!token.never_expires()).then(|| token.expires_at()),
            })
        })
    }
}
