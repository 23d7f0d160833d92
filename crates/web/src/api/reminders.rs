//! Reminding raters who have not submitted, by e-mail through the configured SMTP server.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use yardstick_core::Lang;
use yardstick_i18n::msg;
use yardstick_store::ReminderOutcome;

use crate::auth::Hr;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};
use crate::reminders::{link_base, remind};
use crate::state::AppState;

/// The language of the messages.
#[derive(Deserialize, IntoParams)]
pub(crate) struct RemindQuery {
    /// `zh` (the default) or `en`: the language the reminders are written in.
    language: Option<String>,
}

/// One reminder tried.
#[derive(Serialize, ToSchema)]
pub(crate) struct ReminderOut {
    /// The rater's id (`rater_id` in the list of assignments).
    rater_id: i64,
    /// The rater's name.
    rater_name: String,
    /// The address it went to.
    email: String,
    /// `sent` (the mail server took it) or `failed`.
    outcome: String,
    /// Why it failed, as the mail client or server said.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// A rater not done who has no e-mail address.
#[derive(Serialize, ToSchema)]
pub(crate) struct UnreachableOut {
    /// The rater's id.
    rater_id: i64,
    /// The rater's name.
    rater_name: String,
}

/// What a run of reminders did.
#[derive(Serialize, ToSchema)]
pub(crate) struct RemindersOut {
    /// The cycle's id.
    cycle: i64,
    /// Messages the mail server took.
    sent: usize,
    /// Messages that failed.
    failed: usize,
    /// Every message tried, in the cycle's order of raters.
    reminders: Vec<ReminderOut>,
    /// Raters not done who have no e-mail address (outside raters, people without one):
    /// give them their link another way, e.g. the QR sheet.
    without_email: Vec<UnreachableOut>,
}

/// E-mails every rater of an open cycle who has not submitted and has an e-mail address
/// their personal link, and records each outcome.
#[utoipa::path(
    post,
    path = "/api/v1/cycles/{id}/reminders",
    tag = "assignments",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The cycle's id"), RemindQuery),
    responses(
        (status = 200, description = "Who was reminded and what became of each message", body = RemindersOut),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such cycle", body = ErrorBody),
        (status = 409, description = "The cycle is not open, no SMTP server is configured, or its reminders are being sent already (by another request, on this server or another)", body = ErrorBody),
        (status = 422, description = "An unknown language", body = ErrorBody),
    )
)]
pub(crate) async fn send(
    State(state): State<AppState>,
    Hr(user): Hr,
    headers: HeaderMap,
    Path(id): Path<i64>,
    query: Result<Query<RemindQuery>, QueryRejection>,
) -> Result<Json<RemindersOut>, ApiError> {
    state.store.cycle(id).await?;
    let language = query.ok().and_then(|Query(q)| q.language);
    let lang = match language.as_deref().map(str::trim) {
        None | Some("") => Lang::Zh,
        Some(text) => Lang::parse(text).ok_or_else(|| {
            ApiError::of(
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("language"),
                msg!("hr.reminders.bad_language", language = text),
            )
        })?,
    };
    let base = link_base(&state.site, &headers);
    let run = remind(&state, id, &user, lang, &base).await?;
    let (sent, failed) = run.counts();
    Ok(Json(RemindersOut {
        cycle: id,
        sent,
        failed,
        reminders: run
            .sent
            .into_iter()
            .map(|s| ReminderOut {
                rater_id: s.rater.get(),
                rater_name: s.name,
                email: s.address,
                outcome: s.outcome.code().to_string(),
                error: match s.outcome {
                    ReminderOutcome::Sent => None,
                    ReminderOutcome::Failed(e) => Some(e),
                },
            })
            .collect(),
        without_email: run
            .without_email
            .into_iter()
            .map(|(id, name)| UnreachableOut {
                rater_id: id.get(),
                rater_name: name,
            })
            .collect(),
    }))
}
