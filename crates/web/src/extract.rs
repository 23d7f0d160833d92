//! Extractors whose rejections are [`ApiError`]s: JSON bodies (400 malformed, 415 not JSON,
//! 422 breaking a rule, unknown fields and wrong types included), raw bodies with their
//! content type, path parameters (404 when they cannot name anything), and [`Deferred`],
//! which keeps a body's verdict until the resources in the path have been found, so that a
//! 404 comes before a 422 (SPEC §7).

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use yardstick_i18n::msg;

use crate::error::ApiError;

/// A JSON body in, or a JSON answer out.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Json<T>(pub T);

/// The media type of a request without its parameters, in lower case (`text/csv`).
pub(crate) fn media_type(req_headers: &axum::http::HeaderMap) -> Option<String> {
    let value = req_headers.get(CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next().unwrap_or("").trim();
    Some(essence.to_ascii_lowercase())
}

/// 415: the body is not of a type this endpoint takes (one of `types`).
pub(crate) fn unsupported(types: &[&str]) -> ApiError {
    ApiError::of(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        None,
        msg!("api.send_types", types = types.to_vec()),
    )
}

/// The whole body, or 413 / 400.
async fn body_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::of(
                StatusCode::PAYLOAD_TOO_LARGE,
                None,
                msg!("api.too_large", limit = crate::BODY_LIMIT_MB),
            )
        } else {
            ApiError::of(StatusCode::BAD_REQUEST, None, msg!("api.unreadable_body"))
        }
    })
}

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = media_type(req.headers())
            .is_some_and(|m| m == "application/json" || m.ends_with("+json"));
        if !is_json {
            return Err(unsupported(&["application/json"]));
        }
        let bytes = body_bytes(req, state).await?;
        parse_json(&bytes).map(Json)
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// Parses a JSON body: 400 when it is not JSON (checked first, over the whole body), 422
/// naming the field when it does not fit.
pub(crate) fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| json_error(".", &e))?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        json_error(&path, e.inner())
    })
}

fn json_error(path: &str, e: &serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    let text = e.to_string();
    // serde_json appends the position; the field path says more.
    let message = match text.rfind(" at line ") {
        Some(at) => &text[..at],
        None => &text,
    };
    match e.classify() {
        Category::Data => {
            let field = (path != ".").then_some(path);
            let quoted = |rest: &str| rest.split('`').nth(1).unwrap_or_default().to_string();
            let (field, message) = if let Some(rest) = message.strip_prefix("unknown field") {
                let name = quoted(rest);
                (
                    field.map(str::to_string),
                    msg!("api.unknown_field", name = name),
                )
            } else if let Some(rest) = message.strip_prefix("missing field") {
                let name = quoted(rest);
                let full = match field {
                    Some(f) => format!("{f}.{name}"),
                    None => name.clone(),
                };
                (Some(full), msg!("api.missing_field", name = name))
            } else if message.starts_with("data did not match any variant") {
                // serde's words for "none of the accepted forms" name Rust types.
                let f = field.unwrap_or("body");
                (Some(f.to_string()), msg!("api.no_accepted_form", field = f))
            } else {
                let m = match field {
                    Some(f) => msg!("api.bad_field_value", field = f, detail = message),
                    None => msg!("api.bad_body_value", detail = message),
                };
                (field.map(str::to_string), m)
            };
            ApiError::of(StatusCode::UNPROCESSABLE_ENTITY, field.as_deref(), message)
        }
        Category::Syntax | Category::Eof | Category::Io => ApiError::of(
            StatusCode::BAD_REQUEST,
            None,
            msg!("api.not_json", detail = message),
        ),
    }
}

/// A body with its media type, read whatever its type; the handler decides what it takes.
pub(crate) struct Raw {
    /// The media type, without parameters, in lower case.
    pub media_type: Option<String>,
    /// The bytes.
    pub bytes: Bytes,
}

impl<S: Send + Sync> FromRequest<S> for Raw {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let media_type = media_type(req.headers());
        let bytes = body_bytes(req, state).await?;
        Ok(Raw { media_type, bytes })
    }
}

/// A body whose verdict waits until the handler asks for it with [`Deferred::get`].
pub(crate) struct Deferred<T>(Result<T, ApiError>);

impl<T> Deferred<T> {
    /// The body, or why it was refused.
    pub(crate) fn get(self) -> Result<T, ApiError> {
        self.0
    }
}

impl<T, S> FromRequest<S> for Deferred<T>
where
    T: FromRequest<S, Rejection = ApiError>,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Ok(Deferred(T::from_request(req, state).await))
    }
}

/// Path parameters; a value that cannot name anything (a cycle id that is not a number) is
/// a 404, as an unknown one is.
pub(crate) struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| Path(p.0))
            .map_err(|_| ApiError::of(StatusCode::NOT_FOUND, Some("id"), msg!("api.bad_id")))
    }
}
