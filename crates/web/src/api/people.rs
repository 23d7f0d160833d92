//! People and the org chart: the list, imports of People files, and one person's record.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use yardstick_formats::people::parse_people;
use yardstick_store::{Entity, Person, PersonEdit, StoreError};

use crate::auth::Hr;
use crate::error::{ApiError, ErrorBody, file_problems};
use crate::extract::{Deferred, Json, Path, Raw, unsupported};
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
    Hr(user): Hr,
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
    let outcome = state.store.import_people_by(people.rows, &user).await?;
    Ok(Json(ImportOut {
        imported: outcome.imported,
        updated: outcome.updated,
    }))
}

/// A person's whole record, as a row of the People file gives it (the id is in the path).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PersonIn {
    /// Name: at most 200 characters.
    name: String,
    /// Department (管理处): one line of at most 200 characters, may be blank.
    department: String,
    /// Job title: one line of at most 200 characters, may be blank.
    title: String,
    /// The superior's id; null, blank or left out for none.
    #[serde(default)]
    superior: Option<String>,
    /// E-mail; null, blank or left out for none.
    #[serde(default)]
    email: Option<String>,
    /// Phone; null, blank or left out for none.
    #[serde(default)]
    phone: Option<String>,
}

impl PersonIn {
    /// The record to store, as given (the store checks and trims it).
    pub(crate) fn edit(self) -> PersonEdit {
        PersonEdit {
            name: self.name,
            department: self.department,
            title: self.title,
            superior: self.superior,
            email: self.email,
            phone: self.phone,
        }
    }
}

/// 404 for a person id in the path.
pub(crate) fn no_person() -> ApiError {
    ApiError::of(
        StatusCode::NOT_FOUND,
        Some("id"),
        Entity::Person.not_found(),
    )
}

/// Replaces one person's record, by the rules of the People file: a name (at most 200
/// characters), other fields one line of at most 200, no control characters; the superior
/// must be another person and not one below this person. Recorded in the audit log.
#[utoipa::path(
    put,
    path = "/api/v1/people/{id}",
    tag = "people",
    security(("bearer" = []), ("session" = [])),
    params(("id" = String, Path, description = "The person's employee id")),
    request_body = PersonIn,
    responses(
        (status = 200, description = "The record as stored", body = PersonOut),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Each field that breaks a rule (`name`, `department`, `title`, `superior`, `email`, `phone`)", body = ErrorBody),
    )
)]
pub(crate) async fn update(
    State(state): State<AppState>,
    Hr(user): Hr,
    Path(id): Path<String>,
    body: Deferred<Json<PersonIn>>,
) -> Result<Json<PersonOut>, ApiError> {
    // The person first: an unknown id is 404 whatever the body.
    if !state.store.people().await?.iter().any(|p| p.id == id) {
        return Err(no_person());
    }
    let Json(body) = body.get()?;
    let edit = body.edit();
    match state.store.update_person(&id, edit, Some(&user)).await {
        Ok(person) => Ok(Json(person.into())),
        Err(StoreError::NotFound(_)) => Err(no_person()),
        Err(e) => Err(e.into()),
    }
}
