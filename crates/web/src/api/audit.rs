//! The audit log of a cycle: state changes and reopened responses, who and why.

use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use yardstick_store::AuditEntry;

use crate::auth::Hr;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};
use crate::state::AppState;

/// One line of the audit log.
#[derive(Serialize, ToSchema)]
pub(crate) struct AuditOut {
    /// When, in Unix milliseconds.
    at: i64,
    /// Who (user name), if a user.
    user: Option<String>,
    /// What, e.g. `cycle.open`, `response.reopen`.
    action: String,
    /// What it was done to, e.g. `rater 12 (王五) → E001`.
    subject: Option<String>,
    /// Why, as given.
    reason: Option<String>,
}

impl From<AuditEntry> for AuditOut {
    fn from(e: AuditEntry) -> Self {
        AuditOut {
            at: e.at,
            user: e.user,
            action: e.action,
            subject: e.subject,
            reason: e.reason,
        }
    }
}

/// The audit log of a cycle, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{id}/audit",
    tag = "results",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The cycle's id")),
    responses(
        (status = 200, description = "The audit log, oldest first", body = [AuditOut]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such cycle", body = ErrorBody),
    )
)]
pub(crate) async fn audit(
    State(state): State<AppState>,
    _hr: Hr,
    Path(id): Path<i64>,
) -> Result<Json<Vec<AuditOut>>, ApiError> {
    let log = state.store.audit(id).await?;
    Ok(Json(log.into_iter().map(AuditOut::from).collect()))
}
