//! The OpenAPI document of the API, generated from the handlers' annotations and served at
//! `GET /api/v1/openapi.json` without login.

use std::sync::Arc;

use axum::Extension;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::auth::SESSION_COOKIE;
use crate::error::ErrorBody;

/// The parts of the document that are not about one endpoint.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Yardstick API",
        description = "360-degree competency assessment (能力素质360评估). HR endpoints take the \
            session cookie or a bearer token from `POST /api/v1/session`; rater endpoints take \
            the rater's token in the path. Errors are `{\"errors\": [{\"field\"|\"row\"|\"column\": …, \
            \"message\": …}]}` in Chinese, or in English when `Accept-Language` prefers it: \
            400 malformed JSON, 401 not logged in, 403 not HR, 404 unknown id or token, 409 a \
            state conflict, 413 too large, 415 wrong content type, 422 a body that breaks a rule. \
            When several apply: 404, then 422, then 409."
    ),
    components(schemas(ErrorBody)),
    modifiers(&Security),
    tags(
        (name = "server", description = "The server itself: whether it can serve"),
        (name = "session", description = "Logging in and out"),
        (name = "people", description = "People and the org chart"),
        (name = "users", description = "User accounts, kept by HR"),
        (name = "models", description = "Competency models"),
        (name = "cycles", description = "Assessment cycles and their state"),
        (name = "assignments", description = "Who rates whom in a cycle"),
        (name = "results", description = "Progress, results and the audit log"),
        (name = "rater", description = "What a rater's link opens; no account needed"),
        (name = "privacy", description = "Keeping personal data only as long as needed: deleting raw responses, erasing a person"),
    )
)]
pub(crate) struct ApiDoc;

/// The two ways an HR user proves who they are.
struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("The token `POST /api/v1/session` answers with"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                SESSION_COOKIE,
                "The session cookie `POST /api/v1/session` sets (HttpOnly, SameSite=Lax)",
            ))),
        );
    }
}

/// The document, serialised once.
#[derive(Clone)]
pub(crate) struct Document(Arc<Vec<u8>>);

impl Document {
    /// Serialises `doc`.
    pub(crate) fn new(doc: &utoipa::openapi::OpenApi) -> Document {
        // A document of plain data always serialises.
        Document(Arc::new(serde_json::to_vec(doc).unwrap_or_default()))
    }
}

/// The OpenAPI document of this API.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "session",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json"))
)]
pub(crate) async fn openapi_json(Extension(doc): Extension<Document>) -> Response {
    ([(CONTENT_TYPE, "application/json")], doc.0.as_ref().clone()).into_response()
}
