//! What a rater's link opens (no account needed): their assessees and the questionnaire,
//! the saved response for prefilling a form, and saving or submitting a response. The
//! checks run in the order of SPEC §7: the token and the assignment (404), the body (422),
//! then the state of the response and the cycle (409).

use axum::extract::State;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;
use yardstick_core::{AskedDimensions, Choice, Model, Relationship};
use yardstick_store::RaterTask;

use super::answers::parse_response;
use super::models::ModelOut;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Deferred, Json, Path};
use crate::state::AppState;

/// The cycle as a rater sees it.
#[derive(Serialize, ToSchema)]
pub(crate) struct RaterCycle {
    /// Id.
    id: i64,
    /// Name.
    name: String,
    /// `draft`, `open`, `closed` or `published`; answers are taken while `open`.
    state: String,
    /// First day.
    starts_on: Option<String>,
    /// Last day.
    ends_on: Option<String>,
}

/// The rater.
#[derive(Serialize, ToSchema)]
pub(crate) struct RaterSelf {
    /// Name.
    name: String,
}

/// One assessee of the rater.
#[derive(Serialize, ToSchema)]
pub(crate) struct TaskOut {
    /// The assessee's person id.
    assessee: String,
    /// Name.
    name: String,
    /// How the rater stands to them.
    relationship: String,
    /// `pending`, `draft` or `submitted`.
    status: String,
    /// The codes of the dimensions this rater is asked about this assessee (the cycle asks
    /// each relationship its own; by default every dimension).
    dimensions: Vec<String>,
}

impl TaskOut {
    fn new(t: RaterTask, asked: &AskedDimensions, model: &Model) -> Self {
        TaskOut {
            dimensions: asked.dimensions_asked(t.relationship, model),
            assessee: t.assessee,
            name: t.name,
            relationship: t.relationship.code().to_string(),
            status: t.status.code().to_string(),
        }
    }
}

/// What a rater's link opens.
#[derive(Serialize, ToSchema)]
pub(crate) struct RaterSessionOut {
    /// The cycle.
    cycle: RaterCycle,
    /// The rater.
    rater: RaterSelf,
    /// Their assessees, in the cycle's order.
    assessees: Vec<TaskOut>,
    /// The questionnaire: the dimensions asked about at least one of the assessees (each
    /// assessee's `dimensions` says which are asked about them); the whole model when
    /// the rater has nobody to rate.
    model: ModelOut,
    /// The cycle's privacy notice, for an outside rater of a cycle that has one: to show
    /// before the first questionnaire until acknowledged (`POST /api/v1/r/{token}/notice`).
    notice: Option<NoticeOut>,
}

/// A privacy notice as a rater meets it.
#[derive(Serialize, ToSchema)]
pub(crate) struct NoticeOut {
    /// What is kept about outside raters and why.
    text: String,
    /// Whether this rater has acknowledged it.
    acknowledged: bool,
}

/// A saved response.
#[derive(Serialize, ToSchema)]
pub(crate) struct ResponseOut {
    /// The assessee's person id.
    assessee: String,
    /// Name.
    name: String,
    /// How the rater stands to them.
    relationship: String,
    /// `pending` (nothing saved), `draft` or `submitted`.
    status: String,
    /// The answers given, by item code; items not answered or answered N/A are left out.
    #[schema(value_type = Object)]
    answers: Map<String, Value>,
    /// The comment ("" for none).
    comment: String,
}

/// A response to save.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ResponseIn {
    /// By item code: a whole number of the scale, `"na"` (N/A, when the model allows it) or
    /// null. Items left out are not answered, like `"na"`.
    #[schema(value_type = Object)]
    answers: Map<String, Value>,
    /// A comment (at most 5000 characters).
    comment: Option<String>,
    /// `true` submits (final; only HR can reopen it), `false` saves a draft.
    submit: bool,
}

impl ResponseIn {
    /// The response to save, checked against the model and the items `asked` of this
    /// rater's relationship (see [`parse_response`]).
    pub(crate) fn check(
        self,
        model: &yardstick_core::Model,
        asked: &[bool],
    ) -> Result<yardstick_store::ResponseInput, ApiError> {
        parse_response(model, asked, &self.answers, self.comment, self.submit)
            .map_err(ApiError::invalid)
    }
}

/// Where a response stands after saving.
#[derive(Serialize, ToSchema)]
pub(crate) struct SavedOut {
    /// `draft` or `submitted`.
    status: String,
}

impl SavedOut {
    /// A draft.
    pub(crate) fn draft() -> SavedOut {
        SavedOut {
            status: yardstick_store::ResponseStatus::Draft.code().to_string(),
        }
    }
}

/// The rater's cycle, their assessees and the questionnaire.
#[utoipa::path(
    get,
    path = "/api/v1/r/{token}",
    tag = "rater",
    params(("token" = String, Path, description = "The rater's token, from their link `/r/{token}`")),
    responses(
        (status = 200, description = "What the link opens", body = RaterSessionOut),
        (status = 404, description = "Unknown token", body = ErrorBody),
    )
)]
pub(crate) async fn session(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<RaterSessionOut>, ApiError> {
    let s = state.store.rater_session(&token).await?;
    let model = state.store.model(s.cycle.model_id).await?;
    let model = model.model.as_ref();
    let asked = &s.cycle.dimensions;
    let relationships: Vec<Relationship> = s.tasks.iter().map(|t| t.relationship).collect();
    let shown = ModelOut::from(model).keep_dimensions(|code| {
        relationships.is_empty() || relationships.iter().any(|r| asked.asks(*r, code))
    });
    let assessees = s
        .tasks
        .into_iter()
        .map(|t| TaskOut::new(t, asked, model))
        .collect();
    Ok(Json(RaterSessionOut {
        cycle: RaterCycle {
            id: s.cycle.id,
            name: s.cycle.name,
            state: s.cycle.state.code().to_string(),
            starts_on: s.cycle.starts_on,
            ends_on: s.cycle.ends_on,
        },
        rater: RaterSelf { name: s.rater.name },
        assessees,
        model: shown,
        notice: s.notice.map(|n| NoticeOut {
            text: n.text,
            acknowledged: n.acknowledged,
        }),
    }))
}

/// The saved response for one of the rater's assessees, for prefilling the form.
#[utoipa::path(
    get,
    path = "/api/v1/r/{token}/responses/{assessee}",
    tag = "rater",
    params(
        ("token" = String, Path, description = "The rater's token"),
        ("assessee" = String, Path, description = "The assessee's person id"),
    ),
    responses(
        (status = 200, description = "The saved response (empty and `pending` when none)", body = ResponseOut),
        (status = 404, description = "Unknown token, or an assessee not assigned to this rater", body = ErrorBody),
    )
)]
pub(crate) async fn saved(
    State(state): State<AppState>,
    Path((token, assessee)): Path<(String, String)>,
) -> Result<Json<ResponseOut>, ApiError> {
    let r = state.store.rater_response(&token, &assessee).await?;
    let (answers, comment) = match r.saved {
        Some(saved) => {
            let answers = r
                .model
                .model
                .items()
                .iter()
                .zip(saved.answers)
                .filter_map(|(item, given)| {
                    let value = match given? {
                        Choice::Point(point) => Value::from(point),
                        Choice::Na => Value::from("na"),
                    };
                    Some((item.code().to_string(), value))
                })
                .collect();
            (answers, saved.comment)
        }
        None => (Map::new(), String::new()),
    };
    Ok(Json(ResponseOut {
        assessee: r.task.assessee,
        name: r.task.name,
        relationship: r.task.relationship.code().to_string(),
        status: r.task.status.code().to_string(),
        answers,
        comment,
    }))
}

/// Saves a draft (`submit: false`) or submits (`submit: true`). Submitting the same answers
/// again answers 200 and changes nothing (items left out, `"na"` and null are alike, and a
/// missing comment is `""`).
#[utoipa::path(
    put,
    path = "/api/v1/r/{token}/responses/{assessee}",
    tag = "rater",
    params(
        ("token" = String, Path, description = "The rater's token"),
        ("assessee" = String, Path, description = "The assessee's person id"),
    ),
    request_body = ResponseIn,
    responses(
        (status = 200, description = "Saved", body = SavedOut),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 404, description = "Unknown token, or an assessee not assigned to this rater", body = ErrorBody),
        (status = 409, description = "Submitted already with other content, or the cycle is not open", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Unknown item, an item of a dimension the cycle does not ask this relationship, an answer off the scale or not a whole number, \"na\" where N/A is not allowed (`field`: `answers.<code>`)", body = ErrorBody),
        (status = 503, description = "The server is out of storage space (or another resource): nothing was saved; send the same again after `Retry-After` seconds", body = ErrorBody),
    )
)]
pub(crate) async fn save(
    State(state): State<AppState>,
    Path((token, assessee)): Path<(String, String)>,
    body: Deferred<Json<ResponseIn>>,
) -> Result<Json<SavedOut>, ApiError> {
    let r = state.store.rater_response(&token, &assessee).await?;
    let Json(body) = body.get()?;
    let model = &r.model.model;
    let asked = r.cycle.dimensions.items_asked(r.task.relationship, model);
    let input = body.check(model, &asked)?;
    let status = state.store.save_response(r.target, input).await?;
    Ok(Json(SavedOut {
        status: status.code().to_string(),
    }))
}
