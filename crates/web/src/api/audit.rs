//! The audit log of a cycle: state changes and reopened responses, who and why; and the
//! whole log, every cycle's and the actions without one, newest first and paged.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use yardstick_i18n::msg;
use yardstick_store::{AuditEntry, AuditFilter, PageRequest, StoreError};

use crate::auth::Hr;
use crate::error::{ApiError, ErrorBody, Problem};
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

// --- The whole audit log: `GET /api/v1/audit`. ---

/// Which lines and which page of the whole audit log.
#[derive(Deserialize, IntoParams)]
pub(crate) struct LogQuery {
    /// A cycle's id for its lines only, or `none` for the lines without a cycle.
    cycle: Option<String>,
    /// The page, from 1 (default 1).
    page: Option<u64>,
    /// Lines per page, 1 to 1,000 (default 100).
    per_page: Option<u64>,
}

/// One line of the whole audit log.
#[derive(Serialize, ToSchema)]
pub(crate) struct LogLineOut {
    /// When, in Unix milliseconds.
    at: i64,
    /// Who (user name), if a user.
    user: Option<String>,
    /// The name of the person that user is, if linked.
    user_name: Option<String>,
    /// What, e.g. `cycle.open`, `response.reopen`.
    action: String,
    /// The cycle's id, if the action concerned one.
    cycle: Option<i64>,
    /// The cycle's name.
    cycle_name: Option<String>,
    /// What it was done to.
    subject: Option<String>,
    /// Why, as given.
    reason: Option<String>,
    /// More detail, as recorded.
    detail: Option<String>,
}

/// A page of the whole audit log.
#[derive(Serialize, ToSchema)]
pub(crate) struct LogOut {
    /// Lines matching, on every page.
    total: u64,
    /// This page, from 1.
    page: u64,
    /// Lines per page.
    per_page: u64,
    /// The page's lines, newest first.
    lines: Vec<LogLineOut>,
}

/// The audit log of every cycle and of actions without one, newest first, one page.
#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "results",
    security(("bearer" = []), ("session" = [])),
    params(LogQuery),
    responses(
        (status = 200, description = "A page of the audit log, newest first", body = LogOut),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such cycle", body = ErrorBody),
        (status = 422, description = "A query parameter out of bounds", body = ErrorBody),
    )
)]
pub(crate) async fn log(
    State(state): State<AppState>,
    _hr: Hr,
    query: Result<Query<LogQuery>, QueryRejection>,
) -> Result<Json<LogOut>, ApiError> {
    let bad =
        |field: &str, message| ApiError::invalid(vec![Problem::message(Some(field), message)]);
    let Query(query) = query.map_err(|_| bad("page", msg!("api.audit.page")))?;
    let filter = match query.cycle.as_deref() {
        None | Some("") => AuditFilter::All,
        Some("none") => AuditFilter::NoCycle,
        Some(id) => AuditFilter::Cycle(id.parse().map_err(|_| {
            ApiError::of(
                StatusCode::NOT_FOUND,
                Some("cycle"),
                msg!("store.not_found.cycle"),
            )
        })?),
    };
    let page = query.page.unwrap_or(1);
    if page == 0 {
        return Err(bad("page", msg!("api.audit.page")));
    }
    let per_page = query.per_page.unwrap_or(crate::pages::AUDIT_PAGE_SIZE);
    if !(1..=1000).contains(&per_page) {
        return Err(bad("per_page", msg!("api.audit.per_page")));
    }
    let log = state
        .store
        .audit_log(
            filter,
            PageRequest {
                number: page,
                size: per_page,
            },
        )
        .await
        .map_err(|e| match e {
            StoreError::NotFound(_) => ApiError::of(
                StatusCode::NOT_FOUND,
                Some("cycle"),
                msg!("store.not_found.cycle"),
            ),
            other => ApiError::from(other),
        })?;
    Ok(Json(LogOut {
        total: log.total,
        page,
        per_page,
        lines: log
            .lines
            .into_iter()
            .map(|l| LogLineOut {
                at: l.at,
                user: l.user,
                user_name: l.person_name,
                action: l.action,
                cycle: l.cycle_id,
                cycle_name: l.cycle_name,
                subject: l.subject,
                reason: l.reason,
                detail: l.detail,
            })
            .collect(),
    }))
}
