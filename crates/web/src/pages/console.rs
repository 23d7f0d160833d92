//! The HR console under `/hr/`: for now its first page, the cycles with their state and
//! dates. Every console page is behind [`HrVisitor`].

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use yardstick_i18n::{Key, t};

use super::login::see_other;
use super::{Frame, Layout, PageError, Visit, console_nav, html};
use crate::auth::HrVisitor;
use crate::state::AppState;

/// One cycle in the overview.
struct CycleRow {
    name: String,
    state: Key,
    state_code: &'static str,
    starts_on: String,
    ends_on: String,
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
    let mut layout = visit.layout(t!(visit.lang, "hr.index.title"), Frame::Console);
    layout.user = Some(visitor.user.username.clone());
    layout.csrf = visitor.csrf(&state);
    layout.nav = console_nav("/hr/");
    let page = IndexPage {
        layout,
        cycles: cycles
            .into_iter()
            .map(|c| CycleRow {
                name: c.name,
                state: c.state.label(),
                state_code: c.state.code(),
                starts_on: c.starts_on.unwrap_or_default(),
                ends_on: c.ends_on.unwrap_or_default(),
            })
            .collect(),
    };
    Ok(html(StatusCode::OK, &page))
}
