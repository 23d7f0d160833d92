//! People and the org chart: the list, and imports of People files.

use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use yardstick_formats::people::parse_people;
use yardstick_store::Person;

use crate::auth::Hr;
use crate::error::{ApiError, ErrorBody, file_problems};
use crate::extract::{Json, Raw, unsupported};
use crate::state::AppState;

/// The media type of XLSX workbooks.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A person of the company.
#[derive(Serialize, ToSchema)]
pub(crate) struct PersonOut {
    /// Employee id (工号).
    id: String,
    /// Name.
    name: String,
    /// Department (管理处).
    department: String,
    /// Job title.
    title: String,
    /// The superior's id.
    superior: Option<String>,
    /// E-mail.
    email: Option<String>,
    /// Phone.
    phone: Option<String>,
}

impl From<Person> for PersonOut {
    fn from(p: Person) -> Self {
        PersonOut {
            id: p.id,
            name: p.name,
            department: p.department,
            title: p.title,
            superior: p.superior,
            email: p.email,
            phone: p.phone,
        }
    }
}

/// What an import did.
#[derive(Serialize, ToSchema)]
pub(crate) struct ImportOut {
    /// People added.
    imported: u64,
    /// People already known whose record the file replaced.
    updated: u64,
}

/// Everybody, in import order.
#[utoipa::path(
    get,
    path = "/api/v1/people",
    tag = "people",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Everybody, in import order", body = [PersonOut]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    _hr: Hr,
) -> Result<Json<Vec<PersonOut>>, ApiError> {
    let people = state.store.people().await?;
    Ok(Json(people.into_iter().map(PersonOut::from).collect()))
}

/// Imports a People file (SPEC §5: `id`, `name`, `department`, `title`, `superior`, optional
/// `email`, `phone`), all or nothing: new ids are added, known ids replaced. CSV in UTF-8 or
/// GB18030/GBK (whatever the charset parameter says, the bytes are read as they are), or XLSX
/// (first sheet).
#[utoipa::path(
    post,
    path = "/api/v1/people/import",
    tag = "people",
    security(("bearer" = []), ("session" = [])),
    request_body(
        description = "The People file",
        content(("text/csv"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    ),
    responses(
        (status = 200, description = "Imported", body = ImportOut),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 413, description = "Larger than 16 MB", body = ErrorBody),
        (status = 415, description = "Neither CSV nor XLSX", body = ErrorBody),
        (status = 422, description = "Every problem of every row (`row`, `column`, `message`); nothing was stored", body = ErrorBody),
    )
)]
pub(crate) async fn import(
    State(state): State<AppState>,
    _hr: Hr,
    body: Raw,
) -> Result<Json<ImportOut>, ApiError> {
    if !matches!(body.media_type.as_deref(), Some("text/csv" | XLSX)) {
        return Err(unsupported(&["text/csv", XLSX]));
    }
    // Reading a large workbook takes a while: off the request threads.
    let people = tokio::task::spawn_blocking(move || parse_people(&body.bytes))
        .await
        .map_err(ApiError::internal)?
        .map_err(|p| ApiError::invalid(file_problems(&p)))?;
    if !people.is_sound() {
        // The org chart's problems too, in the same answer, against the people stored.
        let known: Vec<(String, Option<String>)> = state
            .store
            .people()
            .await?
            .into_iter()
            .map(|p| (p.id, p.superior))
            .collect();
        let problems = people.check(&known).err().unwrap_or_default();
        return Err(ApiError::invalid(file_problems(&problems)));
    }
    let outcome = state.store.import_people(people.rows).await?;
    Ok(Json(ImportOut {
        imported: outcome.imported,
        updated: outcome.updated,
    }))
}
