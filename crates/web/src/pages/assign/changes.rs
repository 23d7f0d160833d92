//! The changes of a cycle's assignments page: from the org chart, one added, one removed,
//! the privacy notice, opening. Each succeeds with a redirect to the page saying what was
//! done, or shows the page again with the reason it was refused; a form without its token
//! is a 403 page and changes nothing.

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use yardstick_core::Relationship;
use yardstick_i18n::{msg, t};
use yardstick_store::{Cycle, CycleState, NewAssignment, RaterChoice, RaterId, StoreError};

use super::{AddForm, cycle_of, load};
use crate::api::notices::notice_text;
use crate::auth::{HrVisitor, Visitor};
use crate::csrf;
use crate::error::ApiError;
use crate::pages::login::see_other;
use crate::pages::{PageError, Visit, html};
use crate::state::AppState;

/// A console form without its token: a 403 page, nothing changed.
fn expired() -> PageError {
    PageError::new(StatusCode::FORBIDDEN, msg!("hr.wizard.expired"))
}

/// The token of a small form (a button).
#[derive(Deserialize)]
pub(in crate::pages) struct TokenForm {
    csrf: Option<String>,
}

/// The page again with the reason a change was refused.
async fn refused(
    state: &AppState,
    visit: &Visit,
    visitor: &Visitor,
    cycle: Cycle,
    error: StoreError,
) -> Result<Response, PageError> {
    let error = ApiError::from(error);
    if error.status().is_server_error() {
        return Err(error.into());
    }
    let mut page = load(state, visit, visitor, cycle).await?;
    page.problem = Some(
        error
            .problems()
            .iter()
            .map(|p| p.text(visit.lang))
            .collect::<Vec<_>>()
            .join(" "),
    );
    Ok(html(error.status(), &page))
}

/// `POST /hr/cycles/{id}/assignments/auto`: the assignments the org chart gives.
pub(in crate::pages) async fn auto(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    axum::extract::Path(id): axum::extract::Path<String>,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Result<Response, PageError> {
    let cycle = cycle_of(&state, &id).await?;
    let token = form.ok().and_then(|Form(f)| f.csrf);
    if !csrf::matches(&visitor.csrf(&state), token.as_deref()) {
        return Err(expired());
    }
    match state
        .store
        .auto_assign_by(cycle.id, Some(&visitor.user))
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/hr/cycles/{}/assignments?done=auto",
            cycle.id
        ))),
        Err(e) => refused(&state, &visit, &visitor, cycle, e).await,
    }
}

/// The assignment to remove.
#[derive(Deserialize)]
pub(in crate::pages) struct RemoveForm {
    csrf: Option<String>,
    rater: String,
    assessee: String,
}

/// `POST /hr/cycles/{id}/assignments/remove`: one assignment without a submitted response.
pub(in crate::pages) async fn remove(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    axum::extract::Path(id): axum::extract::Path<String>,
    form: Result<Form<RemoveForm>, FormRejection>,
) -> Result<Response, PageError> {
    let cycle = cycle_of(&state, &id).await?;
    let Ok(Form(form)) = form else {
        return Err(expired());
    };
    if !csrf::matches(&visitor.csrf(&state), form.csrf.as_deref()) {
        return Err(expired());
    }
    let rater = form.rater.trim().parse::<i64>().unwrap_or(-1);
    match state
        .store
        .remove_assignment_by(
            cycle.id,
            RaterId(rater),
            form.assessee.trim(),
            Some(&visitor.user),
        )
        .await
    {
        Ok(()) => Ok(see_other(&format!(
            "/hr/cycles/{}/assignments?done=removed",
            cycle.id
        ))),
        Err(e) => refused(&state, &visit, &visitor, cycle, e).await,
    }
}

/// The field of the add form a store problem is about.
fn add_field(field: &str, outside: bool) -> &'static str {
    let field = field.split_once('.').map_or("", |(_, rest)| rest);
    match field {
        "assessee" => "assessee",
        "relationship" => "relationship",
        "rater.name" => "outside_name",
        "rater.phone" => "outside_phone",
        "rater" if outside => "outside_name",
        "rater" => "person",
        _ => "",
    }
}

/// `POST /hr/cycles/{id}/assignments/add`: one assignment, of a person of the company or
/// of someone outside it.
pub(in crate::pages) async fn add(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    axum::extract::Path(id): axum::extract::Path<String>,
    form: Result<Form<AddForm>, FormRejection>,
) -> Result<Response, PageError> {
    let lang = visit.lang;
    let cycle = cycle_of(&state, &id).await?;
    let form = form.map(|Form(f)| f).unwrap_or_default();
    if !csrf::matches(&visitor.csrf(&state), form.csrf.as_deref()) {
        return Err(expired());
    }
    let outside = form.kind == "outside";
    let mut problems: Vec<(&'static str, String)> = Vec::new();
    let relationship = Relationship::parse(&form.relationship);
    if relationship.is_none() {
        problems.push((
            "relationship",
            t!(lang, "hr.wizard.choose_relationship").into(),
        ));
    }
    if form.assessee.trim().is_empty() {
        problems.push(("assessee", t!(lang, "hr.wizard.choose_assessee").into()));
    }
    let rater = if outside {
        let phone = Some(form.outside_phone.trim().to_string()).filter(|p| !p.is_empty());
        RaterChoice::External {
            name: form.outside_name.clone(),
            phone,
        }
    } else {
        if form.person.trim().is_empty() {
            problems.push(("person", t!(lang, "hr.wizard.choose_person").into()));
        }
        RaterChoice::Person(form.person.trim().to_string())
    };
    let result = match (relationship, problems.is_empty()) {
        (Some(relationship), true) => {
            let one = NewAssignment {
                rater,
                assessee: form.assessee.trim().to_string(),
                relationship,
            };
            state
                .store
                .add_assignments_by(cycle.id, vec![one], Some(&visitor.user))
                .await
        }
        _ => Err(StoreError::Invalid(Vec::new())),
    };
    match result {
        Ok(_) => Ok(see_other(&format!(
            "/hr/cycles/{}/assignments?done=added",
            cycle.id
        ))),
        Err(StoreError::Invalid(list)) => {
            let mut page = load(&state, &visit, &visitor, cycle).await?;
            for p in list {
                let field = add_field(p.field.as_deref().unwrap_or_default(), outside);
                problems.push((field, p.message.render(lang)));
            }
            for (field, text) in problems {
                page.add_problems
                    .entry(field.to_string())
                    .or_default()
                    .push(text);
            }
            page.add = form;
            page.problem = Some(t!(lang, "hr.wizard.add_refused").into());
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => refused(&state, &visit, &visitor, cycle, e).await,
    }
}

/// The notice as sent.
#[derive(Deserialize)]
pub(in crate::pages) struct NoticeForm {
    csrf: Option<String>,
    #[serde(default)]
    text: String,
}

/// `POST /hr/cycles/{id}/notice`: sets (or, blank, removes) the privacy notice.
pub(in crate::pages) async fn notice(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    axum::extract::Path(id): axum::extract::Path<String>,
    form: Result<Form<NoticeForm>, FormRejection>,
) -> Result<Response, PageError> {
    let cycle = cycle_of(&state, &id).await?;
    let Ok(Form(form)) = form else {
        return Err(expired());
    };
    if !csrf::matches(&visitor.csrf(&state), form.csrf.as_deref()) {
        return Err(expired());
    }
    let text = match notice_text(Some(&form.text)) {
        Ok(text) => text,
        Err(p) => {
            let mut page = load(&state, &visit, &visitor, cycle).await?;
            page.notice = form.text;
            page.notice_problem = Some(p.text(visit.lang));
            return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    match state
        .store
        .set_notice(cycle.id, text, Some(&visitor.user))
        .await
    {
        Ok(()) => Ok(see_other(&format!(
            "/hr/cycles/{}/assignments?done=notice",
            cycle.id
        ))),
        Err(e) => {
            let error = ApiError::from(e);
            if error.status().is_server_error() {
                return Err(error.into());
            }
            let mut page = load(&state, &visit, &visitor, cycle).await?;
            page.notice = form.text;
            page.notice_problem = error.problems().first().map(|p| p.text(visit.lang));
            Ok(html(error.status(), &page))
        }
    }
}

/// `POST /hr/cycles/{id}/open`: opens the cycle, then its page.
pub(in crate::pages) async fn open(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    axum::extract::Path(id): axum::extract::Path<String>,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Result<Response, PageError> {
    let cycle = cycle_of(&state, &id).await?;
    let token = form.ok().and_then(|Form(f)| f.csrf);
    if !csrf::matches(&visitor.csrf(&state), token.as_deref()) {
        return Err(expired());
    }
    match state
        .store
        .transition(cycle.id, CycleState::Open, Some(&visitor.user))
        .await
    {
        Ok(c) => Ok(see_other(&format!("/hr/cycles/{}", c.id))),
        Err(e) => refused(&state, &visit, &visitor, cycle, e).await,
    }
}
