//! A cycle's privacy notice to outside raters (个人信息保护法): what is kept about them and
//! why, shown once before their first questionnaire. HR sets it; outside raters
//! acknowledge it through their link.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use yardstick_core::bounds::TextRule;

use crate::auth::Hr;
use crate::error::{ApiError, ErrorBody, Problem};
use crate::extract::{Deferred, Json, Path};
use crate::state::AppState;

/// A cycle's privacy notice.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NoticeBody {
    /// The notice (at most 2000 characters, line breaks allowed); null or blank for none.
    text: Option<String>,
}

/// The rule a notice's text follows.
pub(crate) const NOTICE: TextRule = TextRule::TEXT;

/// A notice's text as HR gave it: trimmed, `None` when blank, or the problem.
pub(crate) fn notice_text(given: Option<&str>) -> Result<Option<String>, Problem> {
    let Some(given) = given.filter(|t| !t.trim().is_empty()) else {
        return Ok(None);
    };
    NOTICE
        .check(given)
        .map(|t| Some(t.to_string()))
        .map_err(|p| Problem::message(Some("text"), p.message()))
}

/// The cycle's privacy notice to outside raters.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{id}/notice",
    tag = "cycles",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The cycle's id")),
    responses(
        (status = 200, description = "The notice (`text` null when the cycle has none)", body = NoticeBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such cycle", body = ErrorBody),
    )
)]
pub(crate) async fn get(
    State(state): State<AppState>,
    _hr: Hr,
    Path(id): Path<i64>,
) -> Result<Json<NoticeBody>, ApiError> {
    let text = state.store.notice(id).await?;
    Ok(Json(NoticeBody { text }))
}

/// Sets or removes the cycle's privacy notice, while the cycle is a draft or open. A
/// changed text is shown again to outside raters who acknowledged the old one.
#[utoipa::path(
    put,
    path = "/api/v1/cycles/{id}/notice",
    tag = "cycles",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The cycle's id")),
    request_body = NoticeBody,
    responses(
        (status = 200, description = "The notice as kept", body = NoticeBody),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such cycle", body = ErrorBody),
        (status = 409, description = "The cycle is closed or published", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "A text too long or with control characters (`field`: `text`)", body = ErrorBody),
    )
)]
pub(crate) async fn set(
    State(state): State<AppState>,
    Hr(user): Hr,
    Path(id): Path<i64>,
    body: Deferred<Json<NoticeBody>>,
) -> Result<Json<NoticeBody>, ApiError> {
    state.store.cycle(id).await?;
    let Json(body) = body.get()?;
    let text = notice_text(body.text.as_deref()).map_err(|p| ApiError::invalid(vec![p]))?;
    state
        .store
        .set_notice(id, text.clone(), Some(&user))
        .await?;
    Ok(Json(NoticeBody { text }))
}

/// Records that the rater has read the cycle's privacy notice (harmless when repeated, or
/// when there is none).
#[utoipa::path(
    post,
    path = "/api/v1/r/{token}/notice",
    tag = "rater",
    params(("token" = String, Path, description = "The rater's token")),
    responses(
        (status = 204, description = "Acknowledged"),
        (status = 404, description = "Unknown token", body = ErrorBody),
    )
)]
pub(crate) async fn acknowledge(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<StatusCode, ApiError> {
    state.store.acknowledge_notice(&token).await?;
    Ok(StatusCode::NO_CONTENT)
}
