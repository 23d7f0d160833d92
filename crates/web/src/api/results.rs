//! The results of a cycle (SPEC §4, §5): computed from the submitted responses in any state
//! (live while the cycle is open) by the same code as `yardstick score`, so the bytes are
//! the same as `yardstick score --format json` writes for the same answers.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;
use yardstick_core::{CycleScores, Settings, Tally, Weights};
use yardstick_formats::responses::{Assessee, Tallied};
use yardstick_formats::results::{ResultsView, write_json};
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
/// raters and null scores), departments from the people list (none → null).
pub(crate) fn results_json(data: &CycleResponses, items: bool) -> Result<Vec<u8>, ApiError> {
    let model = data.model.model.as_ref();
    let weights = Weights::new(data.cycle.weights).map_err(ApiError::internal)?;
    let settings = Settings::new(weights, data.cycle.threshold).map_err(ApiError::internal)?;
    let mut tallied = Tallied {
        assessees: data
            .assessees
            .iter()
            .map(|a| Assessee {
                id: a.id.clone(),
                department: Some(a.department.clone()).filter(|d| !d.is_empty()),
            })
            .collect(),
        tallies: vec![Tally::new(); data.assessees.len()],
        responses: data.responses.len() as u64,
    };
    for r in &data.responses {
        let tally = tallied.tallies.get_mut(r.assessee).ok_or_else(|| {
            ApiError::internal(format!("a response names assessee #{}", r.assessee))
        })?;
        // Answers to items the cycle does not ask this relationship are absent (SPEC §4
        // step 0), even if something stored them.
        let mut answers = std::borrow::Cow::Borrowed(r.answers.as_slice());
        if data.cycle.dimensions.of(r.relationship).is_some() {
            let owned = answers.to_mut();
            data.cycle
                .dimensions
                .keep_asked(r.relationship, model, owned);
        }
        tally
            .add(model, r.relationship, &answers)
            .map_err(ApiError::internal)?;
    }
    let inputs = tallied.inputs();
    let scores = CycleScores::new(model, &settings, &inputs);
    let view = ResultsView {
        model,
        settings: &settings,
        assessees: &tallied.assessees,
        scores: &scores,
        items,
    };
    let mut out = Vec::new();
    write_json(&view, &mut out).map_err(ApiError::internal)?;
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
