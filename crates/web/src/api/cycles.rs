//! Cycles: the list, creation, one cycle, and the moves of its state machine
//! (`draft → open → closed → published`).

use axum::extract::State;
use axum::http::StatusCode;
use yardstick_store::{CycleState, User};

use super::cycle_input::NewCycleIn;
use super::views::CycleOut;
use crate::auth::Hr;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};
use crate::state::AppState;

/// Every cycle, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/cycles",
    tag = "cycles",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Every cycle, newest first", body = [CycleOut]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    _hr: Hr,
) -> Result<Json<Vec<CycleOut>>, ApiError> {
    let cycles = state.store.cycles().await?;
    Ok(Json(cycles.into_iter().map(CycleOut::from).collect()))
}

/// Creates a cycle in the draft state.
#[utoipa::path(
    post,
    path = "/api/v1/cycles",
    tag = "cycles",
    security(("bearer" = []), ("session" = [])),
    request_body = NewCycleIn,
    responses(
        (status = 201, description = "Created; `id` is the new cycle's id", body = CycleOut),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "A rule broken: unknown model or person, bad weights…", body = ErrorBody),
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    hr: Hr,
    Json(body): Json<NewCycleIn>,
) -> Result<(StatusCode, Json<CycleOut>), ApiError> {
    let cycle = state
        .store
        .create_cycle_by(body.parse()?, Some(&hr.0))
        .await?;
    Ok((StatusCode::CREATED, Json(cycle.into())))
}

/// One cycle.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{id}",
    tag = "cycles",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The cycle's id")),
    responses(
        (status = 200, description = "The cycle", body = CycleOut),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such cycle", body = ErrorBody),
    )
)]
pub(crate) async fn get(
    State(state): State<AppState>,
    _hr: Hr,
    Path(id): Path<i64>,
) -> Result<Json<CycleOut>, ApiError> {
    Ok(Json(state.store.cycle(id).await?.into()))
}

async fn transition(
    state: &AppState,
    user: &User,
    id: i64,
    target: CycleState,
) -> Result<Json<CycleOut>, ApiError> {
    Ok(Json(
        state.store.transition(id, target, Some(user)).await?.into(),
    ))
}

macro_rules! transition_handler {
    ($name:ident, $target:expr, $path:literal, $what:literal) => {
        #[doc = $what]
        #[utoipa::path(
            post,
            path = $path,
            tag = "cycles",
            security(("bearer" = []), ("session" = [])),
            params(("id" = i64, Path, description = "The cycle's id")),
            responses(
                (status = 200, description = "The cycle, in the state asked for (unchanged if it was there already)", body = CycleOut),
                (status = 401, description = "Not logged in", body = ErrorBody),
                (status = 403, description = "Not HR", body = ErrorBody),
                (status = 404, description = "No such cycle", body = ErrorBody),
                (status = 409, description = "The state machine does not allow this move", body = ErrorBody),
            )
        )]
        pub(crate) async fn $name(
            State(state): State<AppState>,
            Hr(user): Hr,
            Path(id): Path<i64>,
        ) -> Result<Json<CycleOut>, ApiError> {
            transition(&state, &user, id, $target).await
        }
    };
}

transition_handler!(
    open,
    CycleState::Open,
    "/api/v1/cycles/{id}/open",
    "Opens a draft cycle: raters may answer; its model is frozen."
);
transition_handler!(
    close,
    CycleState::Closed,
    "/api/v1/cycles/{id}/close",
    "Closes an open cycle: answers are final."
);
transition_handler!(
    publish,
    CycleState::Published,
    "/api/v1/cycles/{id}/publish",
    "Publishes a closed cycle: reports become visible to assessees and managers."
);
