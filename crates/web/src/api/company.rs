//! The department and company report (SPEC §8): `GET /api/v1/cycles/{id}/company`, HR only.
//! The object is made in `yardstick_store::company` from the same scoring as the Results;
//! the console's page `/hr/cycles/{id}/company` shows the same object.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;
use yardstick_i18n::msg;
use yardstick_store::company::{CompanyReport, Scope, Target};

use crate::auth::Hr;
use crate::error::{ApiError, ErrorBody, Problem};
use crate::extract::Path;
use crate::state::AppState;
use yardstick_store::{CycleResponses, ProgressRow, Store};

/// What the report covers.
#[derive(Deserialize, IntoParams, Default)]
pub(crate) struct CompanyQuery {
    /// One department (its name as in the People file); left out or empty: the whole cycle.
    pub department: Option<String>,
    /// A target grade distribution in percent, highest band first, e.g. `20,70,10`: one
    /// share per band, or fewer, the last standing for the remaining bands pooled; the
    /// shares sum to 100.
    pub target: Option<String>,
}

/// The report of cycle `id` for `query`: 404 an unknown cycle or department, 422 a target
/// that does not parse or does not sum to 100.
pub(crate) async fn build(
    store: &dyn Store,
    id: i64,
    query: &CompanyQuery,
) -> Result<CompanyReport, ApiError> {
    let (data, covered) = load(store, id, query).await?;
    // Scoring a large cycle takes a while: off the request threads.
    tokio::task::spawn_blocking(move || data.company_report(&covered.1, &covered.scope()))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
}

/// What a report of cycle `id` covers, checked, with the cycle's data: 404 an unknown cycle
/// or department, 422 a target that does not parse or does not sum to 100.
pub(crate) async fn load(
    store: &dyn Store,
    id: i64,
    query: &CompanyQuery,
) -> Result<(CycleResponses, Covered), ApiError> {
    let data = store.cycle_responses(id).await?;
    let department = query
        .department
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_string);
    if let Some(d) = &department
        && !data.departments().contains(d)
    {
        return Err(ApiError::of(
            StatusCode::NOT_FOUND,
            Some("department"),
            msg!("hr.company.unknown_department", department = d.as_str()),
        ));
    }
    let bands = data.model.model.grades().len();
    let target = query
        .target
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| Target::parse(t, bands))
        .transpose()
        .map_err(|e| ApiError::invalid(vec![Problem::message(Some("target"), e.message())]))?;
    let progress = store.progress(id).await?;
    Ok((data, Covered(Owned { department, target }, progress)))
}

/// The department and target of a report, owned.
pub(crate) struct Owned {
    department: Option<String>,
    target: Option<Target>,
}

/// What a report covers and the cycle's progress rows.
pub(crate) struct Covered(pub Owned, pub Vec<ProgressRow>);

impl Covered {
    /// The scope to make the report with.
    pub(crate) fn scope(&self) -> Scope<'_> {
        Scope {
            department: self.0.department.as_deref(),
            target: self.0.target.as_ref(),
        }
    }
}

/// The department and company report of a cycle (SPEC §8): grade distribution with an
/// optional target, ranking, each department's mean scores per dimension and response
/// rate, the strongest and weakest items. Figures are unrounded; shares are percentages.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{id}/company",
    tag = "results",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The cycle's id"), CompanyQuery),
    responses(
        (status = 200, description = "The department and company report object", body = Object),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such cycle, or no such department in it", body = ErrorBody),
        (status = 422, description = "A target that does not parse or does not sum to 100", body = ErrorBody),
    )
)]
pub(crate) async fn company(
    State(state): State<AppState>,
    _hr: Hr,
    Path(id): Path<i64>,
    query: Result<Query<CompanyQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let report = build(state.store.as_ref(), id, &query).await?;
    let body = serde_json::to_vec(&report).map_err(ApiError::internal)?;
    Ok(([(CONTENT_TYPE, "application/json")], body).into_response())
}
