//! The JSON API under `/api/v1`, one module per resource, and the router that puts the
//! endpoints, the OpenAPI document and the layers together.

pub(crate) mod analytics;
pub(crate) mod answers;
pub(crate) mod assignments;
mod audit;
pub(crate) mod company;
pub(crate) mod cycle_input;
mod cycles;
pub(crate) mod exports;
mod health;
mod invalidations;
pub(crate) mod models;
pub(crate) mod notices;
pub(crate) mod people;
mod progress;
pub(crate) mod rater;
mod reminders;
mod reports;
mod responses;
mod results;
mod results_doc;
mod retention;
mod session;
pub(crate) mod users;
mod views;

use axum::{Extension, Router};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::openapi::{ApiDoc, Document};
use crate::state::AppState;

/// Every endpoint with its OpenAPI description.
fn endpoints() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(crate::openapi::openapi_json))
        .routes(routes!(health::health))
        .routes(routes!(session::login, session::logout))
        .routes(routes!(session::me))
        .routes(routes!(session::change_password))
        .routes(routes!(people::list))
        .routes(routes!(people::import))
        .routes(routes!(people::update, retention::erase))
        .routes(routes!(users::list, users::create))
        .routes(routes!(users::update))
        .routes(routes!(users::reset_password))
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
        .routes(routes!(analytics::analytics))
        .routes(routes!(responses::reopen))
        .routes(routes!(audit::audit))
        .routes(routes!(rater::session))
        .routes(routes!(rater::saved, rater::save))
        .routes(routes!(notices::get, notices::set))
        .routes(routes!(notices::acknowledge))
        .routes(routes!(reports::report))
        .routes(routes!(reports::mine))
        .routes(routes!(reminders::send))
        // A model's TOML, for the console's models pages.
        .routes(routes!(models::export))
        // The whole audit log.
        .routes(routes!(audit::log))
        // The department and company report.
        .routes(routes!(company::company))
        // Reports as files.
        .routes(routes!(exports::individual))
        .routes(routes!(exports::company))
        // Invalidated responses (rater quality).
        .routes(routes!(
            invalidations::list,
            invalidations::invalidate,
            invalidations::restore
        ))
        // Keeping personal data only as long as needed.
        .routes(routes!(retention::set))
        .routes(routes!(retention::purge))
        .routes(routes!(retention::plan))
}

/// The API's routes and its OpenAPI document, which `GET /api/v1/openapi.json` serves.
pub(crate) fn router() -> Router<AppState> {
    let (router, doc) = endpoints().split_for_parts();
    router.layer(Extension(Document::new(&doc)))
}
