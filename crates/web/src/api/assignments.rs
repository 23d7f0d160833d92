//! Who rates whom in a cycle: the list with each rater's link, automatic assignment from
//! the org chart, manual additions (all or nothing) and removals.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use yardstick_core::Relationship;
use yardstick_i18n::msg;
use yardstick_store::{AssignmentView, NewAssignment, RaterChoice, RaterId};

use crate::auth::Hr;
use crate::error::{ApiError, ErrorBody, Problem};
use crate::extract::{Deferred, Json, Path};
use crate::state::AppState;

/// An external rater (e.g. a homeowner, 业主) as the API shows them.
#[derive(Serialize, ToSchema)]
pub(crate) struct ExternalRaterOut {
    /// The rater's id (what removing or reopening takes as `rater`).
    id: i64,
    /// Name.
    name: String,
    /// Phone.
    phone: Option<String>,
}

/// The rater of an assignment: the person id for people of the company, an object for
/// external raters.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub(crate) enum RaterOut {
    /// A person of the company: their employee id.
    Person(String),
    /// Someone outside the company.
    External(ExternalRaterOut),
}

/// One assignment.
#[derive(Serialize, ToSchema)]
pub(crate) struct AssignmentOut {
    /// The person id of the rater, or `{"id", "name", "phone"}` for an external rater.
    rater: RaterOut,
    /// The rater's id in this cycle (what removing or reopening takes as `rater`).
    rater_id: i64,
    /// The rater's name.
    rater_name: String,
    /// The assessee's person id.
    assessee: String,
    /// The assessee's name.
    assessee_name: String,
    /// `self`, `superior`, `peer`, `subordinate` or `customer`.
    relationship: String,
    /// `pending`, `draft` or `submitted`.
    status: String,
    /// The rater's personal link, `/r/{token}` (one per rater and cycle).
    link: String,
}

impl From<AssignmentView> for AssignmentOut {
    fn from(a: AssignmentView) -> Self {
        let rater = match a.rater.person_id {
            Some(person) => RaterOut::Person(person),
            None => RaterOut::External(ExternalRaterOut {
                id: a.rater.id.get(),
                name: a.rater.name.clone(),
                phone: a.rater.phone.clone(),
            }),
        };
        AssignmentOut {
            rater,
            rater_id: a.rater.id.get(),
            rater_name: a.rater.name,
            assessee: a.assessee,
            assessee_name: a.assessee_name,
            relationship: a.relationship.code().to_string(),
            status: a.status.code().to_string(),
            link: a.link,
        }
    }
}

fn all(list: Vec<AssignmentView>) -> Json<Vec<AssignmentOut>> {
    Json(list.into_iter().map(AssignmentOut::from).collect())
}

/// A rater from outside the company.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExternalRaterIn {
    /// Name.
    name: String,
    /// Phone, which tells two people of the same name apart.
    phone: Option<String>,
}

/// The rater of a new assignment.
#[derive(Deserialize, ToSchema)]
#[serde(untagged)]
pub(crate) enum RaterIn {
    /// A person id.
    Person(String),
    /// A person id written as a number.
    Number(i64),
    /// `{"name", "phone"?}`: someone outside the company.
    External(ExternalRaterIn),
}

/// One assignment to add.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AddIn {
    /// A person id, or `{"name", "phone"?}` for an external rater.
    rater: RaterIn,
    /// The assessee's person id.
    assessee: String,
    /// A code (`self`, `superior`, `peer`, `subordinate`, `customer`) or Chinese label (自评,
    /// 上级, 同级, 下级, 客户, 业主).
    relationship: String,
}

/// `{"auto": true}` (from the org chart) or `{"add": [...]}`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AssignIn {
    /// Adds the assignments the org chart gives (self, superior, peers, subordinates) that
    /// are not there yet.
    auto: Option<bool>,
    /// Adds these assignments, all or nothing.
    add: Option<Vec<AddIn>>,
}

/// What a request to add assignments asks for.
pub(crate) enum Assign {
    /// The assignments the org chart gives.
    Auto,
    /// These.
    Add(Vec<NewAssignment>),
}

impl AssignIn {
    /// What the body asks for: `auto` alone, or `add` (with `auto` false or left out).
    pub(crate) fn check(self) -> Result<Assign, ApiError> {
        match (self.auto, self.add) {
            (Some(true), None) => Ok(Assign::Auto),
            (None | Some(false), Some(add)) => parse_additions(add).map(Assign::Add),
            _ => Err(ApiError::invalid(vec![Problem::message(
                None,
                msg!("api.assign_what"),
            )])),
        }
    }
}

/// The assignments to add, or why not.
fn parse_additions(add: Vec<AddIn>) -> Result<Vec<NewAssignment>, ApiError> {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for (i, a) in add.into_iter().enumerate() {
        let Some(relationship) = Relationship::parse(&a.relationship) else {
            problems.push(Problem::message(
                Some(&format!("add[{i}].relationship")),
                msg!(
                    "cycle.settings.unknown_relationship",
                    name = &a.relationship
                ),
            ));
            continue;
        };
        let rater = match a.rater {
            RaterIn::Person(id) => RaterChoice::Person(id.trim().to_string()),
            RaterIn::Number(n) => RaterChoice::Person(n.to_string()),
            RaterIn::External(e) => RaterChoice::External {
                name: e.name,
                phone: e
                    .phone
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty()),
            },
        };
        out.push(NewAssignment {
            rater,
            assessee: a.assessee.trim().to_string(),
            relationship,
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(ApiError::invalid(problems))
    }
}

/// Every assignment of a cycle, in the cycle's order of assessees.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{id}/assignments",
    tag = "assignments",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The cycle's id")),
    responses(
        (status = 200, description = "Every assignment", body = [AssignmentOut]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such cycle", body = ErrorBody),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    _hr: Hr,
    Path(id): Path<i64>,
) -> Result<Json<Vec<AssignmentOut>>, ApiError> {
    Ok(all(state.store.assignments(id).await?))
}

/// Adds assignments: from the org chart (`{"auto": true}`) or as listed (`{"add": [...]}`),
/// all or nothing. Answers all of the cycle's assignments.
#[utoipa::path(
    post,
    path = "/api/v1/cycles/{id}/assignments",
    tag = "assignments",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The cycle's id")),
    request_body = AssignIn,
    responses(
        (status = 200, description = "All of the cycle's assignments", body = [AssignmentOut]),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such cycle", body = ErrorBody),
        (status = 409, description = "The cycle is closed or published", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Unknown person or relationship, a duplicate (rater, assessee)…", body = ErrorBody),
    )
)]
pub(crate) async fn add(
    State(state): State<AppState>,
    hr: Hr,
    Path(id): Path<i64>,
    body: Deferred<Json<AssignIn>>,
) -> Result<Json<Vec<AssignmentOut>>, ApiError> {
    state.store.cycle(id).await?;
    let Json(body) = body.get()?;
    let list = match body.check()? {
        Assign::Auto => state.store.auto_assign_by(id, Some(&hr.0)).await?,
        Assign::Add(add) => state.store.add_assignments_by(id, add, Some(&hr.0)).await?,
    };
    Ok(all(list))
}

/// An assignment to remove.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RemoveIn {
    /// The rater's id (`rater_id` in the list).
    rater: i64,
    /// The assessee's person id.
    assessee: String,
}

/// Removes an assignment that has no submitted response (a draft goes with it).
#[utoipa::path(
    delete,
    path = "/api/v1/cycles/{id}/assignments",
    tag = "assignments",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The cycle's id")),
    request_body = RemoveIn,
    responses(
        (status = 204, description = "Removed"),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such cycle or assignment", body = ErrorBody),
        (status = 409, description = "Submitted already, or the cycle is closed", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "A field is missing, unknown or of the wrong type", body = ErrorBody),
    )
)]
pub(crate) async fn remove(
    State(state): State<AppState>,
    hr: Hr,
    Path(id): Path<i64>,
    body: Deferred<Json<RemoveIn>>,
) -> Result<StatusCode, ApiError> {
    state.store.cycle(id).await?;
    let Json(body) = body.get()?;
    state
        .store
        .remove_assignment_by(id, RaterId(body.rater), body.assessee.trim(), Some(&hr.0))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
