//! A `reqwest-middleware` layer (feature `middleware`): every request of a client goes out
//! with the session's token and API headers, and a 401 renews once and retries once.
//!
//! ```no_run
//! # async fn run(session: auth_runtime::Session<impl auth_runtime::Provider>) -> Result<(), Box<dyn std::error::Error>> {
//! let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
//!     .with(auth_runtime::SessionMiddleware::new(session))
//!     .build();
//! let response = client.post("https://api.example.com/graphql").body("{}").send().await?;
//! # Ok(()) }
//! ```

use async_trait::async_trait;
use http::Extensions;
use reqwest_middleware::{Middleware, Next};

use crate::provider::Provider;
use crate::session::{Session, Transmit};

/// Authenticates requests through a [`Session`], by the same rule as [`Session::send`].
pub struct SessionMiddleware<P: Provider> {
    session: Session<P>,
}

impl<P: Provider> SessionMiddleware<P> {
    /// A layer using `session`.
    pub fn new(session: Session<P>) -> Self {
        SessionMiddleware { session }
    }
}

/// The rest of the chain, which the session sends through (twice, on a 401).
struct Chain<'a, 'e> {
    next: Next<'a>,
    extensions: &'e mut Extensions,
}

impl Transmit for Chain<'_, '_> {
    type Error = reqwest_middleware::Error;

    fn transmit(
        &mut self,
        request: reqwest::Request,
    ) -> impl std::future::Future<Output = reqwest_middleware::Result<reqwest::Response>> + Send
    {
        self.next.clone().run(request, self.extensions)
    }

    fn fail(error: crate::Error) -> reqwest_middleware::Error {
        reqwest_middleware::Error::middleware(error)
    }
}

#[async_trait]
impl<P: Provider> Middleware for SessionMiddleware<P> {
    async fn handle(
        &self,
        request: reqwest::Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let mut chain = Chain { next, extensions };
        self.session.call(request, &mut chain).await
    }
}
