//! Yardstick's server (SPEC §7): the JSON API under `/api/v1`, its OpenAPI document,
//! authentication of HR users and raters, the mapping of every error to one answer shape,
//! and the rater's HTML pages under `/r/{token}`.
//!
//! [`app`] builds the whole router with its state applied; the command line serves it.
//! Handlers are thin: they extract, call the store, core or formats, and answer. Errors are
//! answered as `{"errors": [{"field"|"row"|"column": …, "message": …}]}` in the user's
//! language (Chinese by default, English when `Accept-Language` prefers it).

#![forbid(unsafe_code)]

mod api;
mod auth;
mod error;
mod extract;
mod lang;
mod openapi;
mod pages;
mod state;

use std::sync::Arc;

use yardstick_store::Store;

/// The largest request body accepted (People files, models, responses): 16 MB.
pub const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// The longest a request may take before it is answered with 503.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// The whole application: the API, its OpenAPI document, the rater's pages and the layers
/// around them (request tracing, a body limit, a timeout, error answers in the user's
/// language), with its state.
pub fn app(store: Arc<dyn Store>) -> axum::Router {
    api::router(state::AppState { store }, pages::router())
}
