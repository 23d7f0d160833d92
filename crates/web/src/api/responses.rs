//! HR's side of responses: turning a submitted response back into a draft, recorded with
//! its reason in the audit log.

use axum::extract::State;
use serde::Deserialize;
use utoipa::ToSchema;

use super::rater::SavedOut;
use crate::auth::Hr;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Deferred, Json, Path};
use crate::state::AppState;
use yardstick_store::RaterId;

/// A response to reopen.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReopenIn {
    /// The rater's id (`rater_id` in the list of assignments).
    rater: i64,
    /// The assessee's person id.
    assessee: String,
    /// Why (kept in the audit log).
    reason: String,
}

/// Reopens a submitted response so the rater can change it; the cycle must be open.
#[utoipa::path(
    post,
    path = "/api/v1/cycles/{id}/responses/reopen",
    tag = "assignments",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The cycle's id")),
    request_body = ReopenIn,
    responses(
        (status = 200, description = "The response is a draft again", body = SavedOut),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such cycle or assignment", body = ErrorBody),
        (status = 409, description = "Not submitted, or the cycle is not open", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "No reason given, or a field missing, unknown or of the wrong type", body = ErrorBody),
    )
)]
pub(crate) async fn reopen(
    State(state): State<AppState>,
    Hr(user): Hr,
    Path(id): Path<i64>,
    body: Deferred<Json<ReopenIn>>,
) -> Result<Json<SavedOut>, ApiError> {
    state.store.cycle(id).await?;
    let Json(body) = body.get()?;
    state
        .store
        .reopen_response(
            id,
            RaterId(body.rater),
            body.assessee.trim(),
            &user,
            &body.reason,
        )
        .await?;
    Ok(Json(SavedOut::draft()))
}
