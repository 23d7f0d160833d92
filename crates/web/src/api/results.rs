//! The results of a cycle (SPEC §4, §5): computed from the submitted responses in any state
//! (live while the cycle is open) by the same code as `yardstick score`, so the bytes are
//! the same as `yardstick score --format json` writes for the same answers.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;
use yardstick_formats::results::write_json;
use yardstick_store::CycleResponses;

use super::results_doc::Results;
use crate::auth::Hr;
use crate::error::{ApiError, ErrorBody, Problem};
use crate::extract::Path;
use crate::state::AppState;

/// Options of the results.
#[derive(Deserialize, IntoParams)]
pub(crate) struct ResultsQuery {
    /// Include every item's score (large), as `yardstick score --items` does.
    items: Option<bool>,
}

/// The Results object of a cycle, as `yardstick score --format json` writes it: every
/// assessee of the cycle in the cycle's order (those without a submitted response with no
/// raters and null scores), departments from the people list (none → null). The same
/// function writes `yardstick cycle results`.
pub(crate) fn results_json(data: &CycleResponses, items: bool) -> Result<Vec<u8>, ApiError> {
    let mut out = Vec::new();
    data.with_results(items, |view| write_json(view, &mut out))
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    Ok(out)
}

/// The results of a cycle (SPEC §5), live while it is open.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{id}/results",
    tag = "results",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The cycle's id"), ResultsQuery),
    responses(
        (status = 200, description = "The Results object of SPEC §5", body = Results),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such cycle", body = ErrorBody),
        (status = 422, description = "A query parameter of the wrong type", body = ErrorBody),
    )
)]
pub(crate) async fn results(
    State(state): State<AppState>,
    _hr: Hr,
    Path(id): Path<i64>,
    query: Result<Query<ResultsQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let data = state.store.cycle_responses(id).await?;
    let Query(query) = query.map_err(|_| {
        ApiError::invalid(vec![Problem::message(
            Some("items"),
            yardstick_i18n::msg!("api.items_bool"),
        )])
    })?;
    let items = query.items.unwrap_or(false);
    // Scoring a large cycle takes a while: off the request threads.
    let json = tokio::task::spawn_blocking(move || results_json(&data, items))
        .await
        .map_err(ApiError::internal)??;
    Ok(([(CONTENT_TYPE, "application/json")], json).into_response())
}
