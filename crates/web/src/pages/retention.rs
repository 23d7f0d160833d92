//! Keeping personal data only as long as needed (docs/privacy.md), in the console:
//!
//! - `/hr/cycles/{id}/retention`: what a cycle's raw responses are and what stays once they
//!   are deleted, the day they are deleted (chosen, changed or removed) and deleting them
//!   now, after saying it cannot be undone;
//! - `/hr/people/{id}/erase`: what erasing a person's data does to each cycle they are in,
//!   and the erasure itself, confirmed by typing their id.

use askama::Template;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use yardstick_i18n::{Key, k, t};
use yardstick_store::{Cycle, CycleState, ErasureEffect, ErasurePlan, StoreError};

use super::cycle::load;
use super::login::see_other;
use super::people::{check_csrf, console_layout, person_href, unreadable};
use super::{Layout, PageError, Visit, encode, html};
use crate::auth::{HrVisitor, Visitor};
use crate::clock::beijing_day;
use crate::retention::today;
use crate::state::AppState;

/// The cycle's retention page.
#[derive(Template)]
#[template(path = "hr/retention.html")]
struct RetentionPage {
    layout: Layout,
    cycle: Cycle,
    state_code: &'static str,
    state: Key,
    /// Whether the cycle has stopped taking answers (closed or published).
    stopped: bool,
    /// The day they were deleted (Beijing), once deleted.
    purged_on: Option<String>,
    today: String,
    /// The day typed, shown again after a problem.
    day: String,
    notice: Option<String>,
    problem: Option<String>,
    /// What would be deleted and what kept.
    raters: usize,
    assignments: u64,
    drafts: u64,
    invalidated: u64,
    kept: u64,
}

async fn retention_page(
    state: &AppState,
    visit: &Visit,
    visitor: &Visitor,
    cycle: Cycle,
    day: Option<String>,
    notice: Option<String>,
    problem: Option<String>,
) -> Result<RetentionPage, PageError> {
    let lang = visit.lang;
    let progress = state.store.progress(cycle.id).await?;
    let assignments = state.store.assignments(cycle.id).await?;
    let sum = |f: fn(&yardstick_store::ProgressRow) -> u64| progress.iter().map(f).sum::<u64>();
    let (submitted, invalidated) = (sum(|p| p.submitted), sum(|p| p.invalidated));
    let kept = match cycle.purged_at {
        Some(_) => state.store.cycle_responses(cycle.id).await?.responses.len() as u64,
        None => submitted - invalidated,
    };
    let title = t!(lang, "retention.page.title", cycle = cycle.name.as_str());
    Ok(RetentionPage {
        layout: console_layout(state, visit, visitor, title, "/hr/"),
        state_code: cycle.state.code(),
        state: cycle.state.label(),
        stopped: matches!(cycle.state, CycleState::Closed | CycleState::Published),
        purged_on: cycle.purged_at.map(beijing_day),
        today: today(&state.site.clock),
        day: day.or_else(|| cycle.purge_on.clone()).unwrap_or_default(),
        notice,
        problem,
        raters: super::tally::raters(&assignments),
        assignments: sum(|p| p.assigned),
        drafts: sum(|p| p.draft),
        invalidated,
        kept,
        cycle,
    })
}

/// `GET /hr/cycles/{id}/retention`.
pub(super) async fn page(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    Path(raw): Path<String>,
    query: Result<Query<DoneQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let cycle = load(&state, &raw).await?;
    let lang = visit.lang;
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let notice = match query.done.as_deref() {
        Some("set") => cycle
            .purge_on
            .as_deref()
            .map(|d| t!(lang, "retention.page.done_set", day = d)),
        Some("cleared") => Some(t!(lang, "retention.page.done_cleared").to_string()),
        Some("purged") => Some(t!(lang, "retention.page.done_purged").to_string()),
        _ => None,
    };
    let page = retention_page(&state, &visit, &visitor, cycle, None, notice, None).await?;
    Ok(html(StatusCode::OK, &page))
}

/// What the page says after a change.
#[derive(Deserialize, Default)]
pub(super) struct DoneQuery {
    done: Option<String>,
}

/// The fields of the day's form.
#[derive(Deserialize)]
pub(super) struct DayFields {
    csrf: Option<String>,
    #[serde(default)]
    purge_on: String,
    /// Present when the day is removed.
    #[serde(default)]
    clear: Option<String>,
}

/// `POST /hr/cycles/{id}/retention`: sets, changes or removes the day.
pub(super) async fn set_day(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    Path(raw): Path<String>,
    form: Result<Form<DayFields>, FormRejection>,
) -> Result<Response, PageError> {
    let cycle = load(&state, &raw).await?;
    let Form(f) = form.map_err(|e| unreadable(e.status()))?;
    check_csrf(&state, &visitor, f.csrf.as_deref())?;
    let clear = f.clear.is_some();
    let typed = f.purge_on.trim().to_string();
    let day = (!clear).then(|| typed.clone());
    let outcome = state
        .store
        .set_purge_on(cycle.id, day, today(&state.site.clock), Some(&visitor.user))
        .await;
    let lang = visit.lang;
    let (status, problem) = match outcome {
        Ok(_) => {
            let done = if clear { "cleared" } else { "set" };
            return Ok(see_other(&format!(
                "/hr/cycles/{}/retention?done={done}",
                cycle.id
            )));
        }
        Err(StoreError::Invalid(problems)) => {
            let text = problems
                .iter()
                .map(|p| p.message.render(lang))
                .collect::<Vec<_>>()
                .join(" ");
            (StatusCode::UNPROCESSABLE_ENTITY, text)
        }
        Err(StoreError::Conflict(c)) => (StatusCode::CONFLICT, c.message().render(lang)),
        Err(e) => return Err(PageError::from(e)),
    };
    let page = retention_page(
        &state,
        &visit,
        &visitor,
        cycle,
        Some(typed),
        None,
        Some(problem),
    )
    .await?;
    Ok(html(status, &page))
}

/// The fields of the form that deletes now.
#[derive(Deserialize)]
pub(super) struct PurgeFields {
    csrf: Option<String>,
    /// The box that says the reader understands it cannot be undone.
    #[serde(default)]
    understood: Option<String>,
}

/// `POST /hr/cycles/{id}/retention/purge`: deletes the raw responses now.
pub(super) async fn purge(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    Path(raw): Path<String>,
    form: Result<Form<PurgeFields>, FormRejection>,
) -> Result<Response, PageError> {
    let cycle = load(&state, &raw).await?;
    let Form(f) = form.map_err(|e| unreadable(e.status()))?;
    check_csrf(&state, &visitor, f.csrf.as_deref())?;
    let lang = visit.lang;
    let (status, problem) = if f.understood.is_none() {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            t!(lang, "retention.page.confirm_first").to_string(),
        )
    } else {
        match state
            .store
            .purge_responses(cycle.id, Some(&visitor.user))
            .await
        {
            Ok(_) => {
                return Ok(see_other(&format!(
                    "/hr/cycles/{}/retention?done=purged",
                    cycle.id
                )));
            }
            Err(StoreError::Conflict(c)) => (StatusCode::CONFLICT, c.message().render(lang)),
            Err(e) => return Err(PageError::from(e)),
        }
    };
    let page = retention_page(&state, &visit, &visitor, cycle, None, None, Some(problem)).await?;
    Ok(html(status, &page))
}

/// One cycle of the erasure page.
struct CycleLine {
    href: String,
    name: String,
    state: Key,
    role: Key,
    effect: Key,
    blocks: bool,
}

/// The erasure page.
#[derive(Template)]
#[template(path = "hr/erase.html")]
struct ErasePage {
    layout: Layout,
    /// The person's page; the form posts to it with `/erase`.
    href: String,
    id: String,
    name: String,
    ready: bool,
    cycles: Vec<CycleLine>,
    reports: Vec<(String, String)>,
    deleted_users: String,
    unlinked_users: String,
    typed: String,
    problem: Option<String>,
}

async fn erase_page(
    state: &AppState,
    visit: &Visit,
    visitor: &Visitor,
    plan: ErasurePlan,
    typed: String,
    problem: Option<String>,
) -> Result<ErasePage, PageError> {
    let lang = visit.lang;
    let separator = t!(lang, "i18n.list_separator");
    let ready = plan.ready();
    let cycles = plan
        .cycles
        .iter()
        .map(|c| CycleLine {
            href: format!("/hr/cycles/{}", c.id),
            name: c.name.clone(),
            state: c.state.label(),
            role: match (c.assessee, c.rater) {
                (true, true) => k!("erasure.page.role_both"),
                (true, false) => k!("erasure.page.role_assessee"),
                (false, true) => k!("erasure.page.role_rater"),
                (false, false) => k!("erasure.page.role_chart"),
            },
            effect: match c.effect {
                ErasureEffect::Removed => k!("erasure.page.effect_removed"),
                ErasureEffect::Pseudonymised => k!("erasure.page.effect_pseudonymised"),
                ErasureEffect::ChartOnly => k!("erasure.page.effect_chart"),
                ErasureEffect::Blocks if c.state == CycleState::Open => {
                    k!("erasure.page.effect_open")
                }
                ErasureEffect::Blocks => k!("erasure.page.effect_kept"),
            },
            blocks: c.effect == ErasureEffect::Blocks,
        })
        .collect();
    let people = state.store.people().await?;
    let reports = plan
        .reports
        .iter()
        .map(|id| {
            let name = people
                .iter()
                .find(|p| &p.id == id)
                .map(|p| p.name.clone())
                .unwrap_or_default();
            (person_href(id), format!("{name} ({id})"))
        })
        .collect();
    let title = t!(lang, "erasure.page.title", name = plan.person.name.as_str());
    Ok(ErasePage {
        layout: console_layout(state, visit, visitor, title, "/hr/people"),
        href: person_href(&plan.person.id),
        id: plan.person.id,
        name: plan.person.name,
        ready,
        cycles,
        reports,
        deleted_users: plan.deleted_users.join(separator),
        unlinked_users: plan.unlinked_users.join(separator),
        typed,
        problem,
    })
}

/// The person's plan, or a 404 page leading back to the people.
async fn plan_of(state: &AppState, id: &str) -> Result<ErasurePlan, PageError> {
    state
        .store
        .erasure_plan(id)
        .await
        .map_err(|e| PageError::from(e).back("/hr/people", k!("hr.people.back")))
}

/// `GET /hr/people/{id}/erase`.
pub(super) async fn erase_form(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let plan = plan_of(&state, &id).await?;
    let page = erase_page(&state, &visit, &visitor, plan, String::new(), None).await?;
    Ok(html(StatusCode::OK, &page))
}

/// The erasure form's fields.
#[derive(Deserialize)]
pub(super) struct EraseFields {
    csrf: Option<String>,
    /// The person's id, typed again.
    #[serde(default)]
    confirm: String,
}

/// `POST /hr/people/{id}/erase`: erases the person's data, then the people page saying so.
pub(super) async fn erase(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    Path(id): Path<String>,
    form: Result<Form<EraseFields>, FormRejection>,
) -> Result<Response, PageError> {
    let plan = plan_of(&state, &id).await?;
    let Form(f) = form.map_err(|e| unreadable(e.status()))?;
    check_csrf(&state, &visitor, f.csrf.as_deref())?;
    let lang = visit.lang;
    let typed = f.confirm.trim().to_string();
    let (status, problem) = if typed != plan.person.id {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            t!(
                lang,
                "erasure.page.confirm_mismatch",
                id = plan.person.id.as_str()
            )
            .to_string(),
        )
    } else {
        match state.store.erase_person(&id, &visitor.user).await {
            Ok(pseudonym) => {
                return Ok(see_other(&format!(
                    "/hr/people?erased={}",
                    encode(&pseudonym)
                )));
            }
            Err(StoreError::Conflict(c)) => (StatusCode::CONFLICT, c.message().render(lang)),
            Err(e) => return Err(PageError::from(e)),
        }
    };
    let page = erase_page(&state, &visit, &visitor, plan, typed, Some(problem)).await?;
    Ok(html(status, &page))
}
