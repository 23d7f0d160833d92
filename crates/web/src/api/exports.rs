//! Reports as files through the API (SPEC §8 Exports): an individual report with the access
//! rules of its JSON answer, and the department and company report for HR. The files are
//! the console's downloads, made in `crate::exports`.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;
use yardstick_i18n::msg;

use crate::api::company::CompanyQuery;
use crate::auth::{Hr, SignedIn};
use crate::error::{ApiError, ErrorBody, Problem};
use crate::exports::{self, Format};
use crate::extract::Path;
use crate::pages::Visit;
use crate::reports;
use crate::state::AppState;

/// The file asked for.
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub(crate) struct FormatQuery {
    /// `pdf`, `xlsx`, `csv` or `html`.
    pub format: Option<String>,
}

/// What a department or company file covers, and its format.
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub(crate) struct CompanyFileQuery {
    /// `pdf`, `xlsx`, `csv` or `html`.
    pub format: Option<String>,
    /// One department (its name as in the People file); left out or empty: the whole cycle.
    pub department: Option<String>,
    /// A target grade distribution in percent, highest band first, e.g. `20,70,10`.
    pub target: Option<String>,
}

/// The format named in a query: 422 naming `format` when it is missing or unknown.
pub(crate) fn format_of(code: Option<&str>) -> Result<Format, ApiError> {
    let code = code.unwrap_or_default();
    Format::parse(code).ok_or_else(|| {
        ApiError::invalid(vec![Problem::message(
            Some("format"),
            msg!("export.unknown_format", format = code),
        )])
    })
}

/// An individual report as a file, for whoever may read the report (the rules of
/// `GET /api/v1/cycles/{id}/reports/{assessee}`, and the same view of it).
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{id}/reports/{assessee}/export",
    tag = "reports",
    security(("bearer" = []), ("session" = [])),
    params(
        ("id" = i64, Path, description = "The cycle's id"),
        ("assessee" = String, Path, description = "The assessee's person id"),
        FormatQuery,
    ),
    responses(
        (status = 200, description = "The report as a file (Content-Disposition names it)", content_type = "application/octet-stream"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "A user who may not read this report", body = ErrorBody),
        (status = 404, description = "No such cycle, or the assessee is not in it", body = ErrorBody),
        (status = 409, description = "A user who may read it once the cycle is published", body = ErrorBody),
        (status = 422, description = "A missing or unknown format", body = ErrorBody),
    )
)]
pub(crate) async fn individual(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    visit: Visit,
    Path((id, assessee)): Path<(i64, String)>,
    query: Result<Query<FormatQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let report = reports::report(&state, &user, id, &assessee).await?;
    let format = format_of(query.format.as_deref())?;
    let lang = visit.lang;
    let file = tokio::task::spawn_blocking(move || exports::individual(&report, lang, format))
        .await
        .map_err(ApiError::internal)??;
    let subject = format!("{} · report.{}", assessee.trim(), format.extension());
    exports::record_download(&state, &user, "download.report", id, &subject).await?;
    Ok(file.into_response())
}

/// The department or company report as a file, for HR.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{id}/company/export",
    tag = "results",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The cycle's id"), CompanyFileQuery),
    responses(
        (status = 200, description = "The report as a file (Content-Disposition names it)", content_type = "application/octet-stream"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such cycle, or no such department in it", body = ErrorBody),
        (status = 422, description = "A missing or unknown format, or a target that does not parse or does not sum to 100", body = ErrorBody),
    )
)]
pub(crate) async fn company(
    State(state): State<AppState>,
    Hr(user): Hr,
    visit: Visit,
    Path(id): Path<i64>,
    query: Result<Query<CompanyFileQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let file = company_file(&state, &user, id, &query, visit.lang).await?;
    Ok(file.into_response())
}

/// The department or company file of cycle `id` for `query` (404, then 422), recorded in
/// the audit log as downloaded by `user`.
pub(crate) async fn company_file(
    state: &AppState,
    user: &yardstick_store::User,
    id: i64,
    query: &CompanyFileQuery,
    lang: yardstick_core::Lang,
) -> Result<exports::Export, ApiError> {
    let covers = CompanyQuery {
        department: query.department.clone(),
        target: query.target.clone(),
    };
    // An unknown cycle or department (404) comes before a bad format (422).
    state.store.cycle(id).await?;
    let format = format_of(query.format.as_deref());
    let (report, people) =
        exports::company_data(state.store.as_ref(), Some(&state.reports), id, &covers).await?;
    let format = format?;
    let file =
        tokio::task::spawn_blocking(move || exports::company(&report, &people, lang, format))
            .await
            .map_err(ApiError::internal)??;
    let subject = match query
        .department
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(department) => format!("department {department} · company.{}", format.extension()),
        None => format!("company.{}", format.extension()),
    };
    exports::record_download(state, user, "download.company", id, &subject).await?;
    Ok(file)
}
