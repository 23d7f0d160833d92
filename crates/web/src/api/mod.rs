//! The JSON API under `/api/v1`, one module per resource, and the router that puts the
//! endpoints, the OpenAPI document and the layers together.

pub(crate) mod answers;
mod assignments;
mod audit;
mod cycle_input;
mod cycles;
mod models;
mod people;
mod progress;
mod rater;
mod responses;
mod results;
mod results_doc;
mod session;
mod views;

use axum::extract::{DefaultBodyLimit, MatchedPath};
use axum::http::StatusCode;
use axum::{Extension, Router, middleware};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::openapi::{ApiDoc, Document};
use crate::state::AppState;
use crate::{BODY_LIMIT, REQUEST_TIMEOUT, lang};

/// Every endpoint with its OpenAPI description.
fn endpoints() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(crate::openapi::openapi_json))
        .routes(routes!(session::login, session::logout))
        .routes(routes!(session::me))
        .routes(routes!(people::list))
        .routes(routes!(people::import))
        .routes(routes!(models::list, models::import))
        .routes(routes!(models::get))
        .routes(routes!(cycles::list, cycles::create))
        .routes(routes!(cycles::get))
        .routes(routes!(cycles::open))
        .routes(routes!(cycles::close))
        .routes(routes!(cycles::publish))
        .routes(routes!(
            assignments::list,
            assignments::add,
            assignments::remove
        ))
        .routes(routes!(progress::progress))
        .routes(routes!(results::results))
        .routes(routes!(responses::reopen))
        .routes(routes!(audit::audit))
        .routes(routes!(rater::session))
        .routes(routes!(rater::saved, rater::save))
}

/// The tracing span of a request. It names the route, not the path: a rater's path holds
/// their token, which must not end up in logs.
fn span(request: &axum::extract::Request) -> tracing::Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("(no route)", MatchedPath::as_str);
    tracing::info_span!("request", method = %request.method(), route)
}

/// The application — the API and `pages`, the server-rendered pages outside the OpenAPI
/// document — with its layers and state.
pub(crate) fn router(state: AppState, pages: Router<AppState>) -> Router {
    let (router, doc) = endpoints().split_for_parts();
    router
        .merge(pages)
        .layer(Extension(Document::new(&doc)))
        // The body limit is tower-http's, for every body however it is read.
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(middleware::from_fn(lang::localize))
        .layer(TraceLayer::new_for_http().make_span_with(span))
        .with_state(state)
}
