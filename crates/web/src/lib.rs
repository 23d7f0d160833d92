//! Yardstick's server (SPEC §7): the JSON API under `/api/v1` with its OpenAPI document,
//! the HTML pages (sign-in, the HR console under `/hr/`, the rater's pages under
//! `/r/{token}`), the static files they use, and the layers around them all.
//!
//! [`app`] builds the whole router with its state applied; the command line serves it.
//! Handlers are thin: they extract, call the store, core or formats, and answer. Around
//! them, from the outside in: request tracing (the route, never the path), compression
//! (gzip or br), the site's safety (cross-site changes refused, security headers on every
//! answer), the reader's language (errors answered in it: JSON on the API, an HTML page
//! elsewhere), a timeout and a body limit.

#![forbid(unsafe_code)]

mod api;
mod assets;
mod auth;
pub mod charts;
mod clock;
mod csrf;
mod error;
pub mod exports;
mod extract;
#[doc(hidden)]
pub mod fuzzing;
mod lang;
mod mail;
mod openapi;
mod pages;
mod reminders;
mod reports;
pub mod retention;
mod security;
mod serve;
mod state;
mod throttle;

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, MatchedPath};
use axum::http::StatusCode;
use axum::middleware;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use yardstick_store::Store;

pub use mail::{Smtp, SmtpTls};
pub use serve::{Timeouts, serve};
pub use state::Config;
pub use throttle::Clock;

/// The largest request body accepted (People files, models, responses), in MB.
pub const BODY_LIMIT_MB: usize = 16;

/// The largest request body accepted, in bytes.
pub const BODY_LIMIT: usize = BODY_LIMIT_MB * 1024 * 1024;

/// The longest a request may take before it is answered with 503.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// The tracing span of a request. It names the route, not the path: a rater's path holds
/// their token, which must not end up in logs.
fn span(request: &axum::extract::Request) -> tracing::Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("(no route)", MatchedPath::as_str);
    tracing::info_span!("request", method = %request.method(), route)
}

/// The whole application — the API, the pages and the static files — with its layers and
/// state.
pub fn app(store: Arc<dyn Store>, config: Config) -> axum::Router {
    let state = state::AppState {
        store,
        site: Arc::new(state::Site::new(config)),
        reports: Arc::default(),
    };
    api::router()
        .merge(pages::router())
        // The body limit is tower-http's, for every body however it is read.
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            throttle::raters,
        ))
        .layer(middleware::from_fn(lang::localize))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::guard,
        ))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http().make_span_with(span))
        .with_state(state)
}
