//! Competency models: the list, imports of TOML models, and one model in full.

use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use yardstick_core::Model;
use yardstick_store::ModelInfo;

use crate::auth::Hr;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path, Raw, unsupported};
use crate::state::AppState;

/// A stored model version.
#[derive(Serialize, ToSchema)]
pub(crate) struct ModelInfoOut {
    /// Id (what `POST /api/v1/cycles` takes as `model`).
    id: i64,
    /// Name.
    name: String,
    /// Version label.
    version: String,
    /// Whether this is the built-in model.
    builtin: bool,
    /// Whether a cycle using it has opened (then it never changes).
    frozen: bool,
}

impl From<ModelInfo> for ModelInfoOut {
    fn from(m: ModelInfo) -> Self {
        ModelInfoOut {
            id: m.id,
            name: m.name,
            version: m.version,
            builtin: m.builtin,
            frozen: m.frozen,
        }
    }
}

/// The rating scale.
#[derive(Serialize, ToSchema)]
pub(crate) struct ScaleOut {
    /// Lowest point.
    min: i32,
    /// Highest point.
    max: i32,
    /// One label per point, lowest first (empty when the model has none).
    labels: Vec<String>,
    /// Whether N/A (无法评价, `"na"`) is an allowed answer.
    allow_na: bool,
}

/// An item (评估项目).
#[derive(Serialize, ToSchema)]
pub(crate) struct ItemOut {
    /// Stable code, e.g. `1.1`: the key of its answer.
    code: String,
    /// The behaviour rated.
    text: String,
}

/// A dimension (维度) with its items.
#[derive(Serialize, ToSchema)]
pub(crate) struct DimensionOut {
    /// Stable code, e.g. `1`.
    code: String,
    /// Name.
    name: String,
    /// Weight in the overall score.
    weight: f64,
    /// Its items, in order.
    items: Vec<ItemOut>,
}

/// A model as a questionnaire needs it.
#[derive(Serialize, ToSchema)]
pub(crate) struct ModelOut {
    /// Name.
    name: String,
    /// Version label.
    version: String,
    /// The rating scale.
    scale: ScaleOut,
    /// Dimensions in order.
    dimensions: Vec<DimensionOut>,
}

impl ModelOut {
    /// The same model with only the dimensions `keep` says yes to (a rater's questionnaire
    /// holds only the dimensions the cycle asks them).
    pub(crate) fn keep_dimensions(mut self, keep: impl Fn(&str) -> bool) -> ModelOut {
        self.dimensions.retain(|d| keep(&d.code));
        self
    }
}

impl From<&Model> for ModelOut {
    fn from(m: &Model) -> Self {
        let scale = m.scale();
        ModelOut {
            name: m.name().to_string(),
            version: m.version().to_string(),
            scale: ScaleOut {
                min: scale.min(),
                max: scale.max(),
                labels: scale.labels().to_vec(),
                allow_na: scale.allow_na(),
            },
            dimensions: m
                .dimensions()
                .iter()
                .map(|d| DimensionOut {
                    code: d.code().to_string(),
                    name: d.name().to_string(),
                    weight: d.weight(),
                    items: m
                        .dimension_items(d)
                        .iter()
                        .map(|i| ItemOut {
                            code: i.code().to_string(),
                            text: i.text().to_string(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// A grade band.
#[derive(Serialize, ToSchema)]
pub(crate) struct GradeOut {
    /// Name, e.g. 优秀.
    name: String,
    /// Lowest displayed 100-point score that earns it.
    min: f64,
}

/// A stored model in full.
#[derive(Serialize, ToSchema)]
pub(crate) struct ModelDetail {
    /// The stored version.
    info: ModelInfoOut,
    /// `ratio` or `linear`: how scores become 100-point scores.
    percent: String,
    /// Grade bands, highest first.
    grades: Vec<GradeOut>,
    /// Scale and dimensions.
    model: ModelOut,
}

/// Every stored model version.
#[utoipa::path(
    get,
    path = "/api/v1/models",
    tag = "models",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Every stored model version", body = [ModelInfoOut]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    _hr: Hr,
) -> Result<Json<Vec<ModelInfoOut>>, ApiError> {
    let models = state.store.models().await?;
    Ok(Json(models.into_iter().map(ModelInfoOut::from).collect()))
}

/// Stores a model written in the model TOML of SPEC §5. The same name and version with
/// another definition replaces it while no open cycle uses it, and is otherwise stored as a
/// new version (the answer says which).
#[utoipa::path(
    post,
    path = "/api/v1/models",
    tag = "models",
    security(("bearer" = []), ("session" = [])),
    request_body(description = "The model TOML", content(("application/toml"), ("text/plain"))),
    responses(
        (status = 200, description = "The stored model version", body = ModelInfoOut),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 415, description = "Neither application/toml nor text/plain", body = ErrorBody),
        (status = 422, description = "Every problem of the model, by line (`field`: `line N`)", body = ErrorBody),
    )
)]
pub(crate) async fn import(
    State(state): State<AppState>,
    hr: Hr,
    body: Raw,
) -> Result<Json<ModelInfoOut>, ApiError> {
    if !matches!(
        body.media_type.as_deref(),
        Some("application/toml" | "text/plain")
    ) {
        return Err(unsupported(&["application/toml", "text/plain"]));
    }
    let text = String::from_utf8(body.bytes.to_vec()).map_err(|_| {
        ApiError::invalid(vec![crate::error::Problem::message(
            Some("model"),
            yardstick_i18n::msg!("api.model_not_utf8"),
        )])
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    let info = state.store.import_model_by(text, Some(&hr.0)).await?;
    Ok(Json(info.into()))
}

/// One stored model version in full.
#[utoipa::path(
    get,
    path = "/api/v1/models/{id}",
    tag = "models",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The model's id")),
    responses(
        (status = 200, description = "The model", body = ModelDetail),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such model", body = ErrorBody),
    )
)]
pub(crate) async fn get(
    State(state): State<AppState>,
    _hr: Hr,
    Path(id): Path<i64>,
) -> Result<Json<ModelDetail>, ApiError> {
    let stored = state.store.model(id).await?;
    let m = &stored.model;
    Ok(Json(ModelDetail {
        info: stored.info.into(),
        percent: m.percent_mode().code().to_string(),
        grades: m
            .grades()
            .iter()
            .map(|g| GradeOut {
                name: g.name().to_string(),
                min: g.min(),
            })
            .collect(),
        model: m.as_ref().into(),
    }))
}

/// One stored model version as the model TOML of SPEC §5 (what `POST /api/v1/models` and
/// `yardstick model import` read back), as a file to save.
#[utoipa::path(
    get,
    path = "/api/v1/models/{id}/export",
    tag = "models",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The model's id")),
    responses(
        (status = 200, description = "The model TOML (`Content-Disposition: attachment`)", content_type = "application/toml"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such model", body = ErrorBody),
    )
)]
pub(crate) async fn export(
    State(state): State<AppState>,
    _hr: Hr,
    Path(id): Path<i64>,
) -> Result<axum::response::Response, ApiError> {
    let stored = state.store.model(id).await?;
    Ok(toml_file(&stored))
}

/// A stored model's TOML as a download named `model-{id}-v{version}.toml` (unsafe
/// characters of the version replaced).
pub(crate) fn toml_file(stored: &yardstick_store::StoredModel) -> axum::response::Response {
    use axum::http::HeaderValue;
    use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
    use axum::response::IntoResponse;
    let toml = yardstick_formats::write_model_toml(&stored.model);
    let file: String = format!("model-{}-v{}.toml", stored.info.id, stored.info.version)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment; filename=\"model.toml\""));
    (
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("application/toml; charset=utf-8"),
            ),
            (CONTENT_DISPOSITION, disposition),
        ],
        toml,
    )
        .into_response()
}
