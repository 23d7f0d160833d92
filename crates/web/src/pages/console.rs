//! The HR console under `/hr/`: its first page, every cycle with its state, dates, response
//! rate and what to do next. Every console page is behind [`HrVisitor`].

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use yardstick_i18n::{Key, k, t};
use yardstick_store::{Cycle, CycleState};

use super::login::see_other;
use super::tally::Tally;
use super::{Frame, Layout, PageError, Visit, console_nav, html};
use crate::auth::{HrVisitor, Visitor};
use crate::state::AppState;

/// The layout of a console page: the signed-in user, the CSRF token of the session and the
/// console's navigation with `section` marked.
pub(crate) fn console_layout(
    state: &AppState,
    visit: &Visit,
    visitor: &Visitor,
    title: impl Into<String>,
    section: &str,
) -> Layout {
    let mut layout = visit.layout(title, Frame::Console);
    layout.user = Some(visitor.user.username.clone());
    layout.csrf = visitor.csrf(state);
    layout.nav = console_nav(section);
    layout
}

/// A link with its words.
pub(crate) struct Action {
    /// Where it goes.
    pub href: String,
    /// Its words.
    pub label: Key,
}

/// What to do next with a cycle in its state, and the links that do it.
pub(crate) fn next_steps(cycle: &Cycle, tally: &Tally) -> (Key, Vec<Action>) {
    let id = cycle.id;
    let go = |path: &str, label: Key| Action {
        href: format!("/hr/cycles/{id}{path}"),
        label,
    };
    match cycle.state {
        CycleState::Draft if tally.assigned == 0 => (
            k!("hr.index.next_draft_empty"),
            vec![go("/assignments", k!("hr.index.do_assign"))],
        ),
        CycleState::Draft => (
            k!("hr.index.next_draft"),
            vec![go("/assignments", k!("hr.index.do_open"))],
        ),
        CycleState::Open => (
            k!("hr.index.next_open"),
            vec![
                go("/progress", k!("hr.index.do_progress")),
                go("/close", k!("hr.index.do_close")),
            ],
        ),
        CycleState::Closed => (
            k!("hr.index.next_closed"),
            vec![
                go("/results", k!("hr.index.do_results")),
                go("/publish", k!("hr.index.do_publish")),
            ],
        ),
        CycleState::Published => (
            k!("hr.index.next_published"),
            vec![go("/results", k!("hr.index.do_read"))],
        ),
    }
}

/// One cycle in the overview.
struct CycleRow {
    id: i64,
    name: String,
    state: Key,
    state_code: &'static str,
    starts_on: String,
    ends_on: String,
    tally: Tally,
    next: Key,
    actions: Vec<Action>,
}

/// The console's first page.
#[derive(Template)]
#[template(path = "hr/index.html")]
struct IndexPage {
    layout: Layout,
    cycles: Vec<CycleRow>,
}

/// `GET /hr` → `/hr/`.
pub(super) async fn to_index() -> Response {
    see_other("/hr/")
}

/// `GET /hr/`: the cycles, newest first.
pub(super) async fn index(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
) -> Result<Response, PageError> {
    let cycles = state.store.cycles().await?;
    let mut rows = Vec::with_capacity(cycles.len());
    for c in cycles {
        let tally = Tally::of(&state.store.assignments(c.id).await?);
        let (next, actions) = next_steps(&c, &tally);
        rows.push(CycleRow {
            id: c.id,
            state: c.state.label(),
            state_code: c.state.code(),
            starts_on: c.starts_on.unwrap_or_default(),
            ends_on: c.ends_on.unwrap_or_default(),
            name: c.name,
            tally,
            next,
            actions,
        });
    }
    let layout = console_layout(
        &state,
        &visit,
        &visitor,
        t!(visit.lang, "hr.index.title"),
        "/hr/",
    );
    let page = IndexPage {
        layout,
        cycles: rows,
    };
    Ok(html(StatusCode::OK, &page))
}
