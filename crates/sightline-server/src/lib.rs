//! Sightline's HTTP face: a JSON API and a server-rendered web UI over the store.
//!
//! ```text
//! Store ──Snapshot::build──▶ Snapshot (metadata, entities, mentions per document)
//!                                │
//!            router(state) ──────┼──▶ /api/...  JSON (contract records)
//!                                └──▶ /, /documents/{id}, /entities/{id}, /search  HTML
//! ```
//!
//! [`AppState`] holds the store and a [`Snapshot`]: everything that needs the whole corpus
//! (analysis, entities across documents) is computed once when the server starts and again after
//! each ingest over HTTP, so a request only looks things up and reads at most one document or
//! one search from SQLite. The cost is startup time (the analysis of every stored document) and
//! memory for the metadata and entities; document texts stay in the store.
//!
//! JSON payloads reuse `sightline-contract` records where they fit (a document, an entity), so
//! the API and `sightline export` cannot drift. HTML comes from askama templates, which escape
//! every value; nothing from a page is ever marked safe.
//!
//! Handlers do no SQL and no extraction: they check parameters, call one store query or read
//! the snapshot, and render. Write endpoints are off unless a token is configured.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use sightline_server::{AppState, ServerConfig};
//! let store = sightline_store::Store::open(std::path::Path::new("sightline.db"))?;
//! let state = AppState::new(store, ServerConfig::default())?;
//! sightline_server::serve_blocking("127.0.0.1:8080".parse()?, state, |address| println!("on {address}"))?;
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

pub mod api;
pub mod error;
pub mod highlight;
pub mod map;
pub mod pages;
pub mod snapshot;
pub mod state;

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::HeaderValue;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;

pub use error::ApiError;
pub use snapshot::Snapshot;
pub use state::{AppState, ServerConfig};

/// The largest request body accepted (an ingest of pages over HTTP).
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// A failure to start or run the server.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The embedded models could not be loaded.
    #[error("could not load the embedded models: {0}")]
    Model(#[from] sightline_nlp::ner::ModelError),
    /// The store could not be read.
    #[error("could not read the store: {0}")]
    Store(#[from] sightline_store::Error),
    /// The address could not be bound or the server failed.
    #[error("server failed on {address}: {source}")]
    Io {
        /// The address.
        address: String,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
}

/// The whole application: API and pages, with JSON 404s and 405s for API paths and a
/// `Server-Timing` header on every response giving the time spent in the handler.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(api::router())
        .merge(pages::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(server_timing))
        .with_state(state)
}

async fn not_found(request: Request) -> Response {
    let error = ApiError::NotFound(format!("no route {}", request.uri().path()));
    if request.uri().path().starts_with("/api/") {
        error.into_response()
    } else {
        pages::PageError::from(error).into_response()
    }
}

async fn method_not_allowed(request: Request) -> Response {
    let error = ApiError::MethodNotAllowed(format!(
        "{} is not allowed on {}",
        request.method(),
        request.uri().path()
    ));
    if request.uri().path().starts_with("/api/") {
        error.into_response()
    } else {
        pages::PageError::from(error).into_response()
    }
}

/// Adds `Server-Timing: app;dur=MILLISECONDS`, so load tests can tell server time from client
/// and network time.
async fn server_timing(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let mut response = next.run(request).await;
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(value) = HeaderValue::from_str(&format!("app;dur={millis:.3}")) {
        response.headers_mut().insert("server-timing", value);
    }
    response
}

/// Serves the application on a bound listener until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> Result<(), Error> {
    let address = listener.local_addr().map(|address| address.to_string()).unwrap_or_default();
    axum::serve(listener, router(state)).await.map_err(|source| Error::Io { address, source })
}

/// Binds `address`, reports the bound address (the port chosen when it was 0) to `on_bound`,
/// and serves on a multi-threaded runtime until the process ends.
pub fn serve_blocking(
    address: SocketAddr,
    state: AppState,
    on_bound: impl FnOnce(SocketAddr),
) -> Result<(), Error> {
    let io_error = |source| Error::Io { address: address.to_string(), source };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(io_error)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(address).await.map_err(io_error)?;
        let bound = listener.local_addr().map_err(io_error)?;
        on_bound(bound);
        serve(listener, state).await
    })
}

#[cfg(test)]
mod tests;
