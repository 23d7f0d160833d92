//! Whether this server can serve, for the health checks of a load balancer in front of
//! several servers (docs/servers.md): the process answers and its database answers a query.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use yardstick_i18n::msg;

use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::state::AppState;

/// How long the database may take to answer, well within a balancer's check interval.
const DEADLINE: Duration = Duration::from_secs(3);

/// A server that can serve.
#[derive(Serialize, ToSchema)]
pub(crate) struct HealthOut {
    /// `ok`.
    status: &'static str,
}

/// Whether this server and its database answer. No login; the answer says nothing else.
#[utoipa::path(
    get,
    path = "/api/v1/health",
    tag = "server",
    responses(
        (status = 200, description = "The server and its database answer", body = HealthOut),
        (status = 503, description = "The database did not answer within 3 seconds, or answered with an error: take this server out of the load balancer", body = ErrorBody),
    )
)]
pub(crate) async fn health(State(state): State<AppState>) -> Result<Json<HealthOut>, ApiError> {
    let why = match tokio::time::timeout(DEADLINE, state.store.ping()).await {
        Ok(Ok(())) => return Ok(Json(HealthOut { status: "ok" })),
        Ok(Err(e)) => e.to_string(),
        Err(_) => format!("no answer within {} s", DEADLINE.as_secs()),
    };
    tracing::warn!(why, "health check: the database does not answer");
    Err(ApiError::of(
        StatusCode::SERVICE_UNAVAILABLE,
        None,
        msg!("servers.database_down"),
    ))
}
