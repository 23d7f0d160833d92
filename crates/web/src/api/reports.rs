//! Individual reports (SPEC §7, §8): `GET /api/v1/cycles/{id}/reports/{assessee}` and
//! `GET /api/v1/me/reports`. Who may read what is decided in `crate::reports`.

use axum::Json;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::extract::Path;
use crate::reports::{self, Readable};
use crate::state::AppState;

/// The Individual report object of an assessee (SPEC §8). HR reads it in any state and in
/// full (`"view": "full"`); the assessee and their managers once the cycle is published, with
/// SPEC §4 step 10 applied to the object (`"view": "restricted"`).
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{id}/reports/{assessee}",
    tag = "reports",
    security(("bearer" = []), ("session" = [])),
    params(
        ("id" = i64, Path, description = "The cycle's id"),
        ("assessee" = String, Path, description = "The assessee's person id"),
    ),
    responses(
        (status = 200, description = "The Individual report object of SPEC §8", body = Object),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "A user who may not read this report", body = ErrorBody),
        (status = 404, description = "No such cycle, or the assessee is not in it", body = ErrorBody),
        (status = 409, description = "A user who may read it once the cycle is published", body = ErrorBody),
    )
)]
pub(crate) async fn report(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((id, assessee)): Path<(i64, String)>,
) -> Result<Response, ApiError> {
    let report = reports::report(&state, &user, id, &assessee).await?;
    let body = serde_json::to_vec(&report).map_err(ApiError::internal)?;
    Ok(([(CONTENT_TYPE, "application/json")], body).into_response())
}

/// Every report the signed-in user may read now.
#[utoipa::path(
    get,
    path = "/api/v1/me/reports",
    tag = "reports",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The reports this user may read now", body = [Readable]),
        (status = 401, description = "Not logged in", body = ErrorBody),
    )
)]
pub(crate) async fn mine(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Json<Vec<Readable>>, ApiError> {
    Ok(Json(reports::readable(&state, &user).await?))
}
