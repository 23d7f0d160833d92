//! HR's invalidation of submitted responses (SPEC §8, rater quality): the list, invalidating
//! one with a reason, and restoring it. An invalidated response is left out of the Results,
//! every report and the Analytics object until it is restored.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use yardstick_store::{Entity, Invalidation, RaterId, StoreError};

use crate::auth::Hr;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Deferred, Json, Path};
use crate::state::AppState;

/// An invalidated response.
#[derive(Serialize, ToSchema)]
pub(crate) struct InvalidationOut {
    /// The rater as the Analytics object names them: a person id, or `X` and the rater's id
    /// for someone outside the company.
    rater: String,
    /// The rater's id in this cycle (`rater_id` in the list of assignments).
    rater_id: i64,
    /// The rater's name.
    rater_name: String,
    /// The assessee's person id.
    assessee: String,
    /// The assessee's name.
    assessee_name: String,
    /// `self`, `superior`, `peer`, `subordinate` or `customer`.
    relationship: String,
    /// Why, as given.
    reason: String,
    /// Who invalidated it (user name), if the user still exists.
    user: Option<String>,
    /// When, in Unix milliseconds.
    at: i64,
}

impl From<Invalidation> for InvalidationOut {
    fn from(i: Invalidation) -> Self {
        InvalidationOut {
            rater: i.rater.label(),
            rater_id: i.rater.id.get(),
            rater_name: i.rater.name,
            assessee: i.assessee,
            assessee_name: i.assessee_name,
            relationship: i.relationship.code().to_string(),
            reason: i.reason,
            user: i.user,
            at: i.at,
        }
    }
}

/// The rater of a response: their id in the cycle, or the name the Analytics object gives.
#[derive(Deserialize, ToSchema)]
#[serde(untagged)]
pub(crate) enum RaterRef {
    /// The rater's id in the cycle (`rater_id` in the list of assignments).
    Id(i64),
    /// A person id, or `X` and the rater's id for someone outside the company
    /// (`raters[].rater` in the Analytics object).
    Label(String),
}

/// A response to invalidate.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct InvalidateIn {
    /// The rater: `rater_id` as a number, or `raters[].rater` of the Analytics object.
    rater: RaterRef,
    /// The assessee's person id.
    assessee: String,
    /// Why: 1 to 500 characters, one line (kept with the response and in the audit log).
    reason: String,
}

/// A response to restore.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RestoreIn {
    /// The rater: `rater_id` as a number, or `raters[].rater` of the Analytics object.
    rater: RaterRef,
    /// The assessee's person id.
    assessee: String,
}

/// The rater's id for `rater` rating `assessee` in cycle `id`; a name that matches no
/// assignment is not found. A person of the company goes before an outside rater whose
/// `X…` name happens to be the same text.
async fn rater_id(
    state: &AppState,
    id: i64,
    rater: &RaterRef,
    assessee: &str,
) -> Result<RaterId, ApiError> {
    let label = match rater {
        RaterRef::Id(n) => return Ok(RaterId(*n)),
        RaterRef::Label(label) => label.trim(),
    };
    let list = state.store.assignments(id).await?;
    let of_assessee = || list.iter().filter(|a| a.assessee == assessee);
    of_assessee()
        .find(|a| a.rater.person_id.as_deref() == Some(label))
        .or_else(|| of_assessee().find(|a| a.rater.label() == label))
        .map(|a| a.rater.id)
        .ok_or_else(|| StoreError::NotFound(Entity::Assignment).into())
}

/// The invalidated responses of a cycle, in the cycle's order of assessees.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{id}/invalidations",
    tag = "results",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The cycle's id")),
    responses(
        (status = 200, description = "The invalidated responses", body = [InvalidationOut]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such cycle", body = ErrorBody),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    _hr: Hr,
    Path(id): Path<i64>,
) -> Result<Json<Vec<InvalidationOut>>, ApiError> {
    let list = state.store.invalidations(id).await?;
    Ok(Json(list.into_iter().map(InvalidationOut::from).collect()))
}

/// Invalidates a submitted response with a reason, in an open or closed cycle: the Results,
/// the reports and the Analytics object leave it out until it is restored. Recorded in the
/// audit log.
#[utoipa::path(
    post,
    path = "/api/v1/cycles/{id}/invalidations",
    tag = "results",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The cycle's id")),
    request_body = InvalidateIn,
    responses(
        (status = 201, description = "The response is invalidated", body = InvalidationOut),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such cycle or assignment", body = ErrorBody),
        (status = 409, description = "Not submitted, invalidated already, or the cycle is a draft or published", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "The reason is empty, too long or has control characters, or a field is missing, unknown or of the wrong type", body = ErrorBody),
    )
)]
pub(crate) async fn invalidate(
    State(state): State<AppState>,
    Hr(user): Hr,
    Path(id): Path<i64>,
    body: Deferred<Json<InvalidateIn>>,
) -> Result<(StatusCode, Json<InvalidationOut>), ApiError> {
    state.store.cycle(id).await?;
    let Json(body) = body.get()?;
    let assessee = body.assessee.trim();
    let rater = rater_id(&state, id, &body.rater, assessee).await?;
    state
        .store
        .invalidate_response(id, rater, assessee, &user, &body.reason)
        .await?;
    let made = state
        .store
        .invalidations(id)
        .await?
        .into_iter()
        .find(|i| i.rater.id == rater && i.assessee == assessee)
        .ok_or_else(|| ApiError::internal("the invalidation just stored is not listed"))?;
    Ok((StatusCode::CREATED, Json(made.into())))
}

/// Restores an invalidated response, in an open or closed cycle: it counts again
/// everywhere. Recorded in the audit log.
#[utoipa::path(
    delete,
    path = "/api/v1/cycles/{id}/invalidations",
    tag = "results",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The cycle's id")),
    request_body = RestoreIn,
    responses(
        (status = 204, description = "Restored"),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such cycle or assignment, or the response is not invalidated", body = ErrorBody),
        (status = 409, description = "The cycle is published", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "A field is missing, unknown or of the wrong type", body = ErrorBody),
    )
)]
pub(crate) async fn restore(
    State(state): State<AppState>,
    Hr(user): Hr,
    Path(id): Path<i64>,
    body: Deferred<Json<RestoreIn>>,
) -> Result<StatusCode, ApiError> {
    state.store.cycle(id).await?;
    let Json(body) = body.get()?;
    let assessee = body.assessee.trim();
    let rater = rater_id(&state, id, &body.rater, assessee).await?;
    state
        .store
        .restore_response(id, rater, assessee, &user)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
