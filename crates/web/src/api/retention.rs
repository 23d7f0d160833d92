//! Keeping personal data only as long as needed (docs/privacy.md): the day a closed
//! cycle's raw responses are deleted, deleting them now, and erasing a person's data.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use yardstick_store::{ErasureEffect, ErasurePlan};

use super::views::CycleOut;
use crate::auth::Hr;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Deferred, Json, Path};
use crate::state::AppState;

/// The day a cycle's raw responses are deleted.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RetentionIn {
    /// The day (YYYY-MM-DD, Beijing time, today or later); `null` or left out removes the
    /// day chosen, so that the raw responses are kept until HR deletes them.
    purge_on: Option<String>,
}

/// Sets or removes the day a closed or published cycle's raw responses are deleted (who
/// answered what, drafts, links, outside raters' names and telephones, reminders,
/// invalidations). On that day every server deletes them, keeping what the results are
/// computed from without the raters. Recorded in the audit log.
#[utoipa::path(
    put,
    path = "/api/v1/cycles/{id}/retention",
    tag = "privacy",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The cycle's id")),
    request_body = RetentionIn,
    responses(
        (status = 200, description = "The cycle, with `purge_on`", body = CycleOut),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such cycle", body = ErrorBody),
        (status = 409, description = "The cycle is a draft or open, or its raw responses are deleted already", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "`purge_on` is not a date, or is before today; or a field is unknown or of the wrong type", body = ErrorBody),
    )
)]
pub(crate) async fn set(
    State(state): State<AppState>,
    Hr(user): Hr,
    Path(id): Path<i64>,
    body: Deferred<Json<RetentionIn>>,
) -> Result<Json<CycleOut>, ApiError> {
    state.store.cycle(id).await?;
    let Json(body) = body.get()?;
    let today = crate::retention::today(&state.site.clock);
    let day = body.purge_on.map(|d| d.trim().to_string());
    let cycle = state
        .store
        .set_purge_on(id, day, today, Some(&user))
        .await?;
    Ok(Json(cycle.into()))
}

/// Deletes a closed or published cycle's raw responses now. Its results, reports, exports
/// and analytics stay as they were, computed from the submitted answer sets kept without
/// their raters; the raters' links stop working. Asking again changes nothing. Recorded in
/// the audit log.
#[utoipa::path(
    post,
    path = "/api/v1/cycles/{id}/purge",
    tag = "privacy",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The cycle's id")),
    responses(
        (status = 200, description = "The cycle, with `purged_at`", body = CycleOut),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such cycle", body = ErrorBody),
        (status = 409, description = "The cycle is a draft or open", body = ErrorBody),
    )
)]
pub(crate) async fn purge(
    State(state): State<AppState>,
    Hr(user): Hr,
    Path(id): Path<i64>,
) -> Result<Json<CycleOut>, ApiError> {
    let cycle = state.store.purge_responses(id, Some(&user)).await?;
    Ok(Json(cycle.into()))
}

/// One cycle a person is in.
#[derive(Serialize, ToSchema)]
pub(crate) struct ErasureCycleOut {
    /// The cycle's id.
    id: i64,
    /// Its name.
    name: String,
    /// `draft`, `open`, `closed` or `published`.
    state: String,
    /// Whether the person is assessed in it.
    assessee: bool,
    /// Whether the person rates in it.
    rater: bool,
    /// What erasing does there: `removed` (a draft: taken out of it), `pseudonymised`
    /// (raw responses deleted: their results stay under the pseudonym), `chart` (only in
    /// the org chart kept at publication: the entry takes the pseudonym) or `blocks` (open,
    /// or raw responses kept: the erasure waits until they are deleted).
    effect: String,
}

/// What erasing a person's data does, before it is done.
#[derive(Serialize, ToSchema)]
pub(crate) struct ErasureOut {
    /// The person's id.
    person: String,
    /// The person's name.
    name: String,
    /// Whether it can be done now: no cycle blocks it and nobody reports to them.
    ready: bool,
    /// The cycles they are in, oldest first.
    cycles: Vec<ErasureCycleOut>,
    /// The ids of the people who report to them.
    reports: Vec<String>,
    /// The user accounts deleted with them (managers', employees').
    deleted_users: Vec<String>,
    /// The HR and admin accounts linked to them, kept without the link.
    unlinked_users: Vec<String>,
}

impl From<ErasurePlan> for ErasureOut {
    fn from(p: ErasurePlan) -> Self {
        ErasureOut {
            ready: p.ready(),
            person: p.person.id,
            name: p.person.name,
            cycles: p
                .cycles
                .into_iter()
                .map(|c| ErasureCycleOut {
                    id: c.id,
                    name: c.name,
                    state: c.state.code().to_string(),
                    assessee: c.assessee,
                    rater: c.rater,
                    effect: effect_code(c.effect).to_string(),
                })
                .collect(),
            reports: p.reports,
            deleted_users: p.deleted_users,
            unlinked_users: p.unlinked_users,
        }
    }
}

/// How the API names an effect.
pub(crate) fn effect_code(effect: ErasureEffect) -> &'static str {
    match effect {
        ErasureEffect::Removed => "removed",
        ErasureEffect::Pseudonymised => "pseudonymised",
        ErasureEffect::ChartOnly => "chart",
        ErasureEffect::Blocks => "blocks",
    }
}

/// What erasing a person's data would do: the cycles they are in and what happens to
/// each, who reports to them, and the accounts deleted or kept.
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/erasure",
    tag = "privacy",
    security(("bearer" = []), ("session" = [])),
    params(("id" = String, Path, description = "The person's employee id")),
    responses(
        (status = 200, description = "What erasing them does", body = ErasureOut),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody),
    )
)]
pub(crate) async fn plan(
    State(state): State<AppState>,
    _hr: Hr,
    Path(id): Path<String>,
) -> Result<Json<ErasureOut>, ApiError> {
    Ok(Json(state.store.erasure_plan(&id).await?.into()))
}

/// The pseudonym an erased person's published results are kept under.
#[derive(Serialize, ToSchema)]
pub(crate) struct ErasedOut {
    /// The pseudonym, e.g. `erased-k3v9x0qa`: their id and name in the results kept.
    pseudonym: String,
}

/// Erases a person's data: their record, their manager and employee accounts (HR and
/// admin accounts are kept without the link), and their name and id wherever the audit
/// log mentions them. Published results that counted them keep their figures under a
/// pseudonym. Refused while a cycle they are in is open or keeps its raw responses, while
/// anybody reports to them, and for the person of the caller's own account. Recorded in
/// the audit log under the pseudonym.
#[utoipa::path(
    delete,
    path = "/api/v1/people/{id}",
    tag = "privacy",
    security(("bearer" = []), ("session" = [])),
    params(("id" = String, Path, description = "The person's employee id")),
    responses(
        (status = 200, description = "Erased", body = ErasedOut),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody),
        (status = 409, description = "A cycle still needs their data, somebody reports to them, or it is the caller's own person", body = ErrorBody),
    )
)]
pub(crate) async fn erase(
    State(state): State<AppState>,
    Hr(user): Hr,
    Path(id): Path<String>,
) -> Result<Json<ErasedOut>, ApiError> {
    let pseudonym = state.store.erase_person(&id, &user).await?;
    Ok(Json(ErasedOut { pseudonym }))
}
