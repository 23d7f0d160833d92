//! `/hr/cycles/{id}/invalidations`: the cycle's submitted responses, each with a form to
//! invalidate it with a reason, and the invalidated ones with a button to restore them
//! (SPEC §8, rater quality). `?rater=` narrows the lists to one rater as the Analytics
//! object names them, which is where the analytics page's rater table links to.

use std::collections::HashMap;

use askama::Template;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use yardstick_core::Lang;
use yardstick_core::bounds::MAX_REASON;
use yardstick_i18n::{Key, t};
use yardstick_store::{Cycle, CycleState, RaterId, ResponseStatus, StoreError};

use super::audit::utc;
use super::console::console_layout;
use super::cycle::load;
use super::login::see_other;
use super::{Layout, PageError, Visit, encode, html};
use crate::auth::{HrVisitor, Visitor};
use crate::csrf;
use crate::state::AppState;

/// A response as the lists show it.
struct Line {
    /// `rater id|assessee`, what the forms send.
    value: String,
    /// The rater's name and how analytics names them.
    rater: String,
    label: String,
    assessee: String,
    relationship: &'static str,
    /// For an invalidated response: why, who and when.
    reason: String,
    by: String,
    at: String,
}

/// What a form says after a try: which response, the reason typed, what is wrong.
#[derive(Default)]
struct Attempt {
    value: String,
    reason: String,
    problem: Option<String>,
    reason_problem: Option<String>,
}

/// The page.
#[derive(Template)]
#[template(path = "hr/invalidations.html")]
struct InvalidationsPage {
    layout: Layout,
    cycle: Cycle,
    state_code: &'static str,
    state: Key,
    changeable: bool,
    rater: Option<String>,
    notice: Option<String>,
    invalidated: Vec<Line>,
    submitted: Vec<Line>,
    attempt: Attempt,
    max_reason: usize,
}

/// The query: `?rater=` narrows the lists; `?invalidated=` or `?restored=` names the
/// response just changed.
#[derive(Deserialize, Default)]
pub(super) struct InvalidationsQuery {
    rater: Option<String>,
    invalidated: Option<String>,
    restored: Option<String>,
}

fn notice_of(query: &InvalidationsQuery, lang: Lang) -> Option<String> {
    if let Some(name) = &query.invalidated {
        return Some(t!(lang, "invalidation.page.done", name = name.as_str()));
    }
    let name = query.restored.as_ref()?;
    Some(t!(lang, "invalidation.page.restored", name = name.as_str()))
}

async fn page(
    state: &AppState,
    visit: &Visit,
    visitor: &Visitor,
    cycle: Cycle,
    rater: Option<String>,
    notice: Option<String>,
    attempt: Attempt,
) -> Result<InvalidationsPage, PageError> {
    let lang = visit.lang;
    let assignments = state.store.assignments(cycle.id).await?;
    let invalidations = state.store.invalidations(cycle.id).await?;
    let rater = rater
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    let shown = |label: &str| rater.as_deref().is_none_or(|r| r == label);
    let mut why: HashMap<(RaterId, &str), &yardstick_store::Invalidation> = HashMap::new();
    for i in &invalidations {
        why.insert((i.rater.id, i.assessee.as_str()), i);
    }
    let mut invalidated = Vec::new();
    let mut submitted = Vec::new();
    for a in &assignments {
        let label = a.rater.label();
        if a.status != ResponseStatus::Submitted || !shown(&label) {
            continue;
        }
        let mut line = Line {
            value: format!("{}|{}", a.rater.id.get(), a.assessee),
            rater: a.rater.name.clone(),
            label,
            assessee: format!("{} ({})", a.assessee_name, a.assessee),
            relationship: a.relationship.label(lang),
            reason: String::new(),
            by: String::new(),
            at: String::new(),
        };
        match why.get(&(a.rater.id, a.assessee.as_str())) {
            Some(i) => {
                line.reason = i.reason.clone();
                line.by = i.user.clone().unwrap_or_default();
                line.at = utc(i.at);
                invalidated.push(line);
            }
            None => submitted.push(line),
        }
    }
    let title = t!(lang, "invalidation.page.title", cycle = cycle.name.as_str());
    Ok(InvalidationsPage {
        layout: console_layout(state, visit, visitor, title, "/hr/"),
        state_code: cycle.state.code(),
        state: cycle.state.label(),
        changeable: matches!(cycle.state, CycleState::Open | CycleState::Closed),
        rater,
        notice,
        invalidated,
        submitted,
        attempt,
        max_reason: MAX_REASON,
        cycle,
    })
}

/// `GET /hr/cycles/{id}/invalidations`.
pub(super) async fn list(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    axum::extract::Path(raw): axum::extract::Path<String>,
    query: Result<Query<InvalidationsQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let cycle = load(&state, &raw).await?;
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let notice = notice_of(&query, visit.lang);
    let page = page(
        &state,
        &visit,
        &visitor,
        cycle,
        query.rater,
        notice,
        Attempt::default(),
    )
    .await?;
    Ok(html(StatusCode::OK, &page))
}

/// The fields of both forms.
#[derive(Deserialize)]
pub(super) struct Fields {
    csrf: Option<String>,
    #[serde(default)]
    response: String,
    #[serde(default)]
    reason: String,
    /// The rater the lists were narrowed to, kept after the change.
    #[serde(default)]
    rater: String,
}

/// What a form asks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Invalidate,
    Restore,
}

/// `POST /hr/cycles/{id}/invalidations`: invalidates a response with a reason.
pub(super) async fn invalidate(
    state: State<AppState>,
    visit: Visit,
    hr: HrVisitor,
    path: axum::extract::Path<String>,
    form: Result<Form<Fields>, FormRejection>,
) -> Result<Response, PageError> {
    act(state, visit, hr, path, form, Action::Invalidate).await
}

/// `POST /hr/cycles/{id}/invalidations/restore`: restores an invalidated response.
pub(super) async fn restore(
    state: State<AppState>,
    visit: Visit,
    hr: HrVisitor,
    path: axum::extract::Path<String>,
    form: Result<Form<Fields>, FormRejection>,
) -> Result<Response, PageError> {
    act(state, visit, hr, path, form, Action::Restore).await
}

/// Does what the form asks and goes back to the page with a notice; or shows the page
/// again saying what is wrong, nothing changed.
async fn act(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    axum::extract::Path(raw): axum::extract::Path<String>,
    form: Result<Form<Fields>, FormRejection>,
    action: Action,
) -> Result<Response, PageError> {
    let lang = visit.lang;
    let cycle = load(&state, &raw).await?;
    let mut attempt = Attempt::default();
    let Ok(Form(f)) = form else {
        attempt.problem = Some(t!(lang, "invalidation.page.unreadable").to_string());
        let page = page(&state, &visit, &visitor, cycle, None, None, attempt).await?;
        return Ok(html(StatusCode::BAD_REQUEST, &page));
    };
    let rater = Some(f.rater.clone()).filter(|r| !r.trim().is_empty());
    attempt.value = f.response.clone();
    attempt.reason = f.reason.clone();
    let status = if !csrf::matches(&visitor.csrf(&state), f.csrf.as_deref()) {
        attempt.problem = Some(t!(lang, "hr.cycle.expired").to_string());
        StatusCode::FORBIDDEN
    } else {
        let chosen = f
            .response
            .split_once('|')
            .and_then(|(r, a)| Some((RaterId(r.parse().ok()?), a.to_string())));
        let outcome = match &chosen {
            None => Err(StoreError::NotFound(yardstick_store::Entity::Assignment)),
            Some((rater, assessee)) => match action {
                Action::Invalidate => {
                    state
                        .store
                        .invalidate_response(cycle.id, *rater, assessee, &visitor.user, &f.reason)
                        .await
                }
                Action::Restore => {
                    state
                        .store
                        .restore_response(cycle.id, *rater, assessee, &visitor.user)
                        .await
                }
            },
        };
        match outcome {
            Ok(()) => {
                let name = match &chosen {
                    Some((rater, assessee)) => state
                        .store
                        .assignments(cycle.id)
                        .await?
                        .into_iter()
                        .find(|a| a.rater.id == *rater && a.assessee == *assessee)
                        .map(|a| format!("{} → {}", a.rater.name, a.assessee_name))
                        .unwrap_or_default(),
                    None => String::new(),
                };
                let done = match action {
                    Action::Invalidate => "invalidated",
                    Action::Restore => "restored",
                };
                let narrowed = rater
                    .as_deref()
                    .map(|r| format!("&rater={}", encode(r.trim())))
                    .unwrap_or_default();
                return Ok(see_other(&format!(
                    "/hr/cycles/{}/invalidations?{done}={}{narrowed}",
                    cycle.id,
                    encode(&name)
                )));
            }
            Err(StoreError::Invalid(problems)) => {
                for p in problems {
                    let text = p.message.render(lang);
                    match p.field.as_deref() {
                        Some("reason") => {
                            attempt.reason_problem =
                                Some(t!(lang, "invalidation.page.reason_problem", problem = text));
                        }
                        _ => attempt.problem = Some(text),
                    }
                }
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Err(StoreError::NotFound(_)) => {
                attempt.problem = Some(t!(lang, "invalidation.page.choose").to_string());
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Err(StoreError::Conflict(c)) => {
                attempt.problem = Some(c.message().render(lang));
                StatusCode::CONFLICT
            }
            Err(e) => return Err(PageError::from(e)),
        }
    };
    let page = page(&state, &visit, &visitor, cycle, rater, None, attempt).await?;
    Ok(html(status, &page))
}
