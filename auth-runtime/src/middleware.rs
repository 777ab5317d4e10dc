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

use crate::client::api_call_headers;
use crate::provider::Provider;
use crate::session::Session;

/// Authenticates requests through a [`Session`].
pub struct SessionMiddleware<P: Provider> {
    session: Session<P>,
}

impl<P: Provider> SessionMiddleware<P> {
    /// A layer using `session`.
    pub fn new(session: Session<P>) -> Self {
        SessionMiddleware { session }
    }
}

fn failed(error: crate::Error) -> reqwest_middleware::Error {
    reqwest_middleware::Error::middleware(error)
}

#[async_trait]
impl<P: Provider> Middleware for SessionMiddleware<P> {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        self.session
            .check_destination(request.url())
            .map_err(failed)?;
        let token = self.session.token().await.map_err(failed)?;
        let retry = request.try_clone();
        api_call_headers(self.session.provider(), &token, request.headers_mut()).map_err(failed)?;
        let response = next.clone().run(request, extensions).await?;
        let (true, Some(mut retry)) = (
            response.status() == reqwest::StatusCode::UNAUTHORIZED,
            retry,
        ) else {
            return Ok(response);
        };
        let fresh = self
            .session
            .renew_after_rejection(&token)
            .await
            .map_err(failed)?;
        api_call_headers(self.session.provider(), &fresh, retry.headers_mut()).map_err(failed)?;
        next.run(retry, extensions).await
    }
}
