//! The API's one error type. Every failure — a store error, a rejected body, a missing login —
//! becomes an [`ApiError`]: a status and a list of problems, each a catalogue message not yet
//! in words. The body is `{"errors": [{"field"|"row"|"column": …, "message": …}]}`; the
//! message is put into the user's language by `lang::localize`, which also gives answers
//! that did not come from here (unknown paths, methods, timeouts) the same shape.

use std::sync::Arc;

use axum::http::header::{RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use yardstick_core::Lang;
use yardstick_formats::problem::Problems;
use yardstick_i18n::{Message, msg};
use yardstick_store::{Invalid, Shortage, StoreError};

/// One problem: where (a field, or a row and column of a file) and what.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Problem {
    field: Option<String>,
    row: Option<u64>,
    column: Option<String>,
    message: Message,
}

impl Problem {
    /// A problem about a field (or about nothing in particular when `field` is `None`).
    pub(crate) fn message(field: Option<&str>, message: Message) -> Self {
        Problem {
            field: field.map(str::to_string),
            row: None,
            column: None,
            message,
        }
    }

    /// The field of the request it is about, if any (`answers.1.3`, `comment`…).
    pub(crate) fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// What is wrong, in `lang`.
    pub(crate) fn text(&self, lang: Lang) -> String {
        self.message.render(lang)
    }
}

impl From<Invalid> for Problem {
    fn from(i: Invalid) -> Self {
        Problem {
            field: i.field,
            row: None,
            column: None,
            message: i.message,
        }
    }
}

/// An answer that is not a success: a status and at least one problem.
#[derive(Clone, Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    problems: Vec<Problem>,
    /// Seconds for `Retry-After`, on an answer that is worth sending again later.
    retry_after: Option<u32>,
}

/// How long a client is asked to wait (`Retry-After`) when the database is out of storage
/// space or other resources: long enough for an operator to free some.
pub(crate) const SHORTAGE_RETRY_SECONDS: u32 = 120;

/// One entry of an error body, as sent.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct ErrorEntry {
    /// The field of the request that is wrong (`answers.1.3`, `add[0].rater`, `name`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    /// The row of an uploaded file, numbered as a spreadsheet numbers it (header = 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    row: Option<u64>,
    /// The column of an uploaded file: its letter and header, e.g. `C "department"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<String>,
    /// What is wrong and what to do, in the user's language.
    message: String,
}

/// The body of every error answer.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct ErrorBody {
    /// Every problem found.
    errors: Vec<ErrorEntry>,
}

impl ApiError {
    /// 422 with these problems.
    pub(crate) fn invalid(problems: Vec<Problem>) -> Self {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            problems,
            retry_after: None,
        }
    }

    /// 503 with `Retry-After`: the database ran out of `shortage`, nothing was stored, and
    /// the same request may succeed later.
    pub(crate) fn shortage(shortage: Shortage) -> Self {
        ApiError {
            retry_after: Some(SHORTAGE_RETRY_SECONDS),
            ..ApiError::of(StatusCode::SERVICE_UNAVAILABLE, None, shortage.message())
        }
    }

    /// Seconds to wait before sending the request again, if the answer says so.
    pub(crate) fn retry_after(&self) -> Option<u32> {
        self.retry_after
    }

    /// The status of the answer.
    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }

    /// Every problem found.
    pub(crate) fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// An error with one problem, in the words of a message.
    pub(crate) fn of(status: StatusCode, field: Option<&str>, message: Message) -> Self {
        ApiError {
            status,
            problems: vec![Problem::message(field, message)],
            retry_after: None,
        }
    }

    /// 401: no valid session.
    pub(crate) fn unauthorized() -> Self {
        ApiError::of(StatusCode::UNAUTHORIZED, None, msg!("api.unauthorized"))
    }

    /// 403: logged in, but not allowed.
    pub(crate) fn forbidden() -> Self {
        ApiError::of(StatusCode::FORBIDDEN, None, msg!("api.forbidden_hr"))
    }

    /// 500: something failed inside; the cause is logged, never shown.
    pub(crate) fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        ApiError::of(
            StatusCode::INTERNAL_SERVER_ERROR,
            None,
            msg!("api.internal"),
        )
    }

    /// The body in `lang`.
    pub(crate) fn body(&self, lang: Lang) -> ErrorBody {
        ErrorBody {
            errors: self
                .problems
                .iter()
                .map(|p| ErrorEntry {
                    field: p.field.clone(),
                    row: p.row,
                    column: p.column.clone(),
                    message: p.text(lang),
                })
                .collect(),
        }
    }

    /// The answer in `lang`.
    pub(crate) fn render(&self, lang: Lang) -> Response {
        let mut response = (self.status, axum::Json(self.body(lang))).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(entity) => ApiError::of(
                StatusCode::NOT_FOUND,
                Some(entity.parameter()),
                entity.not_found(),
            ),
            StoreError::Invalid(list) => {
                ApiError::invalid(list.into_iter().map(Problem::from).collect())
            }
            StoreError::File(problems) => ApiError::invalid(file_problems(&problems)),
            StoreError::ModelFile(problems) => ApiError::invalid(
                problems
                    .iter()
                    .map(|p| {
                        let field = p.line.map_or("model".to_string(), |l| format!("line {l}"));
                        Problem::message(Some(&field), p.message())
                    })
                    .collect(),
            ),
            StoreError::Conflict(conflict) => {
                ApiError::of(StatusCode::CONFLICT, None, conflict.message())
            }
            StoreError::BadCredentials => ApiError::of(
                StatusCode::UNAUTHORIZED,
                None,
                msg!("store.bad_credentials.text"),
            ),
            StoreError::Shortage(shortage) => ApiError::shortage(shortage),
            StoreError::Database(cause) => ApiError::internal(cause),
            StoreError::Broken(cause) => ApiError::internal(cause),
        }
    }
}

/// Each problem of a file as a row/column problem, and a last one counting those not listed.
pub(crate) fn file_problems(problems: &Problems) -> Vec<Problem> {
    let mut out: Vec<Problem> = problems
        .listed
        .iter()
        .map(|p| Problem {
            field: None,
            row: p.row,
            column: p
                .column
                .as_ref()
                .map(|c| format!("{} \"{}\"", c.letter(), c.header)),
            message: p.what(),
        })
        .collect();
    if let Some(more) = problems.more() {
        out.push(Problem::message(None, more));
    }
    out
}

impl IntoResponse for ApiError {
    /// The answer in Chinese, carrying the error itself so that `lang::localize` can write it
    /// again in the user's language.
    fn into_response(self) -> Response {
        let mut response = self.render(Lang::Zh);
        response.extensions_mut().insert(Arc::new(self));
        response
    }
}
