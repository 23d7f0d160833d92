//! The downloads of the report pages (SPEC §8 Exports): `/reports/{cycle}/{assessee}/report.pdf`
//! (`.xlsx`, `.csv`) for whoever may read the report, in the view they read it in, and
//! `/hr/cycles/{id}/company.pdf` (`.xlsx`, `.csv`, with the page's `department` and `target`)
//! for HR.
//! A refusal is the error page of the report page.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};

use super::results::cycle_id;
use super::{PageError, Visit};
use crate::api::exports::{CompanyFileQuery, company_file};
use crate::auth::{HrVisitor, Visitor};
use crate::error::ApiError;
use crate::exports::{self, Format};
use crate::reports;
use crate::state::AppState;

/// An individual report as a file.
async fn individual(
    state: AppState,
    visit: Visit,
    visitor: Visitor,
    cycle: i64,
    assessee: String,
    format: Format,
) -> Result<Response, PageError> {
    let report = reports::report(&state, &visitor.user, cycle, &assessee).await?;
    let lang = visit.lang;
    let file = tokio::task::spawn_blocking(move || exports::individual(&report, lang, format))
        .await
        .map_err(ApiError::internal)??;
    let subject = format!("{} · report.{}", assessee.trim(), format.extension());
    exports::record_download(&state, &visitor.user, "download.report", cycle, &subject).await?;
    Ok(file.into_response())
}

/// `GET /reports/{cycle}/{assessee}/report.xlsx`.
pub(super) async fn individual_xlsx(
    State(state): State<AppState>,
    visit: Visit,
    visitor: Visitor,
    crate::extract::Path((cycle, assessee)): crate::extract::Path<(i64, String)>,
) -> Result<Response, PageError> {
    individual(state, visit, visitor, cycle, assessee, Format::Xlsx).await
}

/// `GET /reports/{cycle}/{assessee}/report.pdf`.
pub(super) async fn individual_pdf(
    State(state): State<AppState>,
    visit: Visit,
    visitor: Visitor,
    crate::extract::Path((cycle, assessee)): crate::extract::Path<(i64, String)>,
) -> Result<Response, PageError> {
    individual(state, visit, visitor, cycle, assessee, Format::Pdf).await
}

/// `GET /reports/{cycle}/{assessee}/report.csv`.
pub(super) async fn individual_csv(
    State(state): State<AppState>,
    visit: Visit,
    visitor: Visitor,
    crate::extract::Path((cycle, assessee)): crate::extract::Path<(i64, String)>,
) -> Result<Response, PageError> {
    individual(state, visit, visitor, cycle, assessee, Format::Csv).await
}

/// The department or company report as a file.
async fn company(
    state: AppState,
    visit: Visit,
    hr: HrVisitor,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<CompanyFileQuery>, QueryRejection>,
    format: Format,
) -> Result<Response, PageError> {
    let id = cycle_id(path)?;
    let mut query = query.map(|Query(q)| q).unwrap_or_default();
    query.format = Some(format.extension().to_string());
    let file = company_file(&state, &hr.0.user, id, &query, visit.lang).await?;
    Ok(file.into_response())
}

/// `GET /hr/cycles/{id}/company.xlsx`.
pub(super) async fn company_xlsx(
    State(state): State<AppState>,
    visit: Visit,
    hr: HrVisitor,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<CompanyFileQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    company(state, visit, hr, path, query, Format::Xlsx).await
}

/// `GET /hr/cycles/{id}/company.pdf`.
pub(super) async fn company_pdf(
    State(state): State<AppState>,
    visit: Visit,
    hr: HrVisitor,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<CompanyFileQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    company(state, visit, hr, path, query, Format::Pdf).await
}

/// `GET /hr/cycles/{id}/company.csv`.
pub(super) async fn company_csv(
    State(state): State<AppState>,
    visit: Visit,
    hr: HrVisitor,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<CompanyFileQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    company(state, visit, hr, path, query, Format::Csv).await
}
