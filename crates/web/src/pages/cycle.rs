//! `/hr/cycles/{id}`: one cycle's summary — its model, weights, threshold, the dimensions
//! each relationship is asked, dates, state and counts — with links to its assignments,
//! progress and results, and the moves of its state that HR makes here: closing an open
//! cycle and publishing a closed one, each after a page that says what will follow.

use askama::Template;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use yardstick_core::Relationship;
use yardstick_i18n::{Key, k, msg, t};
use yardstick_store::{Cycle, CycleState, PublicationReach, StoreError};

use super::console::{Action, console_layout, next_steps};
use super::login::see_other;
use super::tally::Tally;
use super::{Layout, PageError, Visit, html};
use crate::auth::HrVisitor;
use crate::csrf;
use crate::state::AppState;

/// A cycle id from the path: anything that is not a number names no cycle.
pub(crate) fn cycle_id(raw: &str) -> Result<i64, PageError> {
    raw.parse::<i64>().map_err(|_| {
        PageError::from(StoreError::NotFound(yardstick_store::Entity::Cycle))
            .back("/hr/", k!("hr.cycle.to_cycles"))
    })
}

/// The cycle, or a 404 page leading back to the cycles.
pub(crate) async fn load(state: &AppState, raw: &str) -> Result<Cycle, PageError> {
    let id = cycle_id(raw)?;
    state
        .store
        .cycle(id)
        .await
        .map_err(|e| PageError::from(e).back("/hr/", k!("hr.cycle.to_cycles")))
}

/// One relationship's line in the summary.
struct RelationshipLine {
    label: &'static str,
    weight: String,
    asked: String,
}

/// One dimension of the model.
struct DimensionLine {
    code: String,
    name: String,
    weight: String,
    items: usize,
}

/// The summary page.
#[derive(Template)]
#[template(path = "hr/cycle.html")]
struct SummaryPage {
    layout: Layout,
    cycle: Cycle,
    state_code: &'static str,
    state: Key,
    done: Option<Key>,
    model_name: String,
    model_version: String,
    dimensions: Vec<DimensionLine>,
    relationships: Vec<RelationshipLine>,
    assessees: u64,
    raters: usize,
    tally: Tally,
    next: Key,
    actions: Vec<Action>,
    /// Whether the raw responses are kept, until when, or when they were deleted.
    retention: String,
}

/// A whole number without `.0`, else as written.
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// What a state-change page was told: `?done=closed|published`.
#[derive(Deserialize, Default)]
pub(super) struct SummaryQuery {
    done: Option<String>,
}

/// `GET /hr/cycles/{id}`.
pub(super) async fn summary(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    axum::extract::Path(raw): axum::extract::Path<String>,
    query: Result<Query<SummaryQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let lang = visit.lang;
    let cycle = load(&state, &raw).await?;
    let model = state.store.model(cycle.model_id).await?;
    let assignments = state.store.assignments(cycle.id).await?;
    let reach = state.store.publication_reach(cycle.id).await?;
    let tally = Tally::of(&assignments);
    let done = query
        .ok()
        .and_then(|Query(q)| q.done)
        .and_then(|d| match d.as_str() {
            "closed" => Some(k!("hr.cycle.done_closed")),
            "published" => Some(k!("hr.cycle.done_published")),
            _ => None,
        });
    let m = &model.model;
    let dimensions = m
        .dimensions()
        .iter()
        .map(|d| DimensionLine {
            code: d.code().to_string(),
            name: d.name().to_string(),
            weight: number(d.weight()),
            items: m.dimension_items(d).len(),
        })
        .collect();
    let separator = t!(lang, "i18n.list_separator");
    let relationships = Relationship::ALL
        .iter()
        .map(|&r| RelationshipLine {
            label: r.label(lang),
            weight: number(cycle.weights[r.index()]),
            asked: match cycle.dimensions.of(r) {
                None => t!(lang, "hr.cycle.asked_all").to_string(),
                Some(codes) => codes
                    .iter()
                    .map(|c| {
                        m.dimensions()
                            .iter()
                            .find(|d| d.code() == c)
                            .map_or_else(|| c.clone(), |d| format!("{c} {}", d.name()))
                    })
                    .collect::<Vec<_>>()
                    .join(separator),
            },
        })
        .collect();
    let retention = match (&cycle.purged_at, &cycle.purge_on) {
        (Some(at), _) => t!(
            lang,
            "retention.page.fact_purged",
            day = crate::clock::beijing_day(*at)
        ),
        (None, Some(day)) => t!(lang, "retention.page.fact_until", day = day.as_str()),
        (None, None) => t!(lang, "retention.page.fact_kept").to_string(),
    };
    let (next, actions) = next_steps(&cycle, &tally);
    let layout = console_layout(&state, &visit, &visitor, cycle.name.clone(), "/hr/");
    let page = SummaryPage {
        layout,
        state_code: cycle.state.code(),
        state: cycle.state.label(),
        done,
        model_name: model.info.name.clone(),
        model_version: model.info.version.clone(),
        dimensions,
        relationships,
        assessees: reach.assessees,
        raters: super::tally::raters(&assignments),
        tally,
        next,
        actions,
        retention,
        cycle,
    };
    Ok(html(StatusCode::OK, &page))
}

/// Which move a confirmation page is about.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Close,
    Publish,
}

impl Step {
    fn target(self) -> CycleState {
        match self {
            Step::Close => CycleState::Closed,
            Step::Publish => CycleState::Published,
        }
    }

    fn from(self) -> CycleState {
        match self {
            Step::Close => CycleState::Open,
            Step::Publish => CycleState::Closed,
        }
    }

    fn path(self) -> &'static str {
        match self {
            Step::Close => "close",
            Step::Publish => "publish",
        }
    }
}

/// The confirmation before closing or publishing.
#[derive(Template)]
#[template(path = "hr/confirm.html")]
struct ConfirmPage {
    layout: Layout,
    cycle: Cycle,
    publish: bool,
    action: &'static str,
    /// Why the move cannot be made now, instead of the form.
    refusal: Option<String>,
    /// Publishing asked of an open cycle: it must be closed first.
    close_first: bool,
    tally: Tally,
    reach: PublicationReach,
}

async fn confirm_page(
    state: &AppState,
    visit: &Visit,
    visitor: &crate::auth::Visitor,
    cycle: Cycle,
    step: Step,
    refusal: Option<String>,
) -> Result<ConfirmPage, PageError> {
    let tally = Tally::of(&state.store.assignments(cycle.id).await?);
    let reach = state.store.publication_reach(cycle.id).await?;
    let title = match step {
        Step::Close => t!(visit.lang, "hr.cycle.close_title", name = &cycle.name),
        Step::Publish => t!(visit.lang, "hr.cycle.publish_title", name = &cycle.name),
    };
    Ok(ConfirmPage {
        layout: console_layout(state, visit, visitor, title, "/hr/"),
        publish: step == Step::Publish,
        action: step.path(),
        close_first: step == Step::Publish && cycle.state == CycleState::Open,
        refusal,
        tally,
        reach,
        cycle,
    })
}

/// Why `step` cannot be made for a cycle in its state, with the page's status: already
/// done (200), or a move the state machine refuses (409).
fn refusal_of(
    cycle: &Cycle,
    step: Step,
    lang: yardstick_core::Lang,
) -> Option<(String, StatusCode)> {
    if cycle.state == step.target() {
        let text = t!(lang, "hr.cycle.already", state = cycle.state.label());
        Some((text, StatusCode::OK))
    } else if cycle.state != step.from() {
        let text = cycle.state.refusal(step.target()).render(lang);
        Some((text, StatusCode::CONFLICT))
    } else {
        None
    }
}

async fn confirm(
    state: AppState,
    visit: Visit,
    visitor: crate::auth::Visitor,
    raw: String,
    step: Step,
) -> Result<Response, PageError> {
    let cycle = load(&state, &raw).await?;
    let (refusal, status) = match refusal_of(&cycle, step, visit.lang) {
        Some((text, status)) => (Some(text), status),
        None => (None, StatusCode::OK),
    };
    let page = confirm_page(&state, &visit, &visitor, cycle, step, refusal).await?;
    Ok(html(status, &page))
}

/// `GET /hr/cycles/{id}/close`: what closing means, and the button.
pub(super) async fn close_form(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    axum::extract::Path(raw): axum::extract::Path<String>,
) -> Result<Response, PageError> {
    confirm(state, visit, visitor, raw, Step::Close).await
}

/// `GET /hr/cycles/{id}/publish`: who will see what, and the button.
pub(super) async fn publish_form(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    axum::extract::Path(raw): axum::extract::Path<String>,
) -> Result<Response, PageError> {
    confirm(state, visit, visitor, raw, Step::Publish).await
}

/// The confirmation's fields.
#[derive(Deserialize)]
pub(super) struct ConfirmForm {
    csrf: Option<String>,
}

async fn make_move(
    state: AppState,
    visit: Visit,
    visitor: crate::auth::Visitor,
    raw: String,
    form: Result<Form<ConfirmForm>, FormRejection>,
    step: Step,
) -> Result<Response, PageError> {
    let cycle = load(&state, &raw).await?;
    let token = form.ok().and_then(|Form(f)| f.csrf);
    if !csrf::matches(&visitor.csrf(&state), token.as_deref()) {
        return Err(
            PageError::new(StatusCode::FORBIDDEN, msg!("hr.cycle.expired")).back(
                format!("/hr/cycles/{}/{}", cycle.id, step.path()),
                k!("hr.cycle.try_again"),
            ),
        );
    }
    match state
        .store
        .transition(cycle.id, step.target(), Some(&visitor.user))
        .await
    {
        Ok(c) => Ok(see_other(&format!(
            "/hr/cycles/{}?done={}",
            c.id,
            c.state.code()
        ))),
        Err(StoreError::Conflict(conflict)) => {
            // The state changed under us (another tab, another HR user): say why, here.
            let fresh = state.store.cycle(cycle.id).await?;
            let page = confirm_page(
                &state,
                &visit,
                &visitor,
                fresh,
                step,
                Some(conflict.message().render(visit.lang)),
            )
            .await?;
            Ok(html(StatusCode::CONFLICT, &page))
        }
        Err(e) => Err(PageError::from(e)),
    }
}

/// `POST /hr/cycles/{id}/close`.
pub(super) async fn close(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    axum::extract::Path(raw): axum::extract::Path<String>,
    form: Result<Form<ConfirmForm>, FormRejection>,
) -> Result<Response, PageError> {
    make_move(state, visit, visitor, raw, form, Step::Close).await
}

/// `POST /hr/cycles/{id}/publish`.
pub(super) async fn publish(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    axum::extract::Path(raw): axum::extract::Path<String>,
    form: Result<Form<ConfirmForm>, FormRejection>,
) -> Result<Response, PageError> {
    make_move(state, visit, visitor, raw, form, Step::Publish).await
}
