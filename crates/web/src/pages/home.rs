//! `/`: a visitor who is not signed in goes to `/login`; HR and administrators to the
//! console, everybody else to their home, which lists the reports they may read.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use yardstick_i18n::t;

use super::login::see_other;
use super::{Frame, Layout, PageError, Visit, html};
use crate::auth::Visitor;
use crate::state::AppState;

/// `GET /`.
pub(super) async fn root(visitor: Option<Visitor>) -> Response {
    match visitor {
        None => see_other("/login"),
        Some(v) if v.user.role.is_hr() => see_other("/hr/"),
        Some(_) => see_other("/home"),
    }
}

/// A user's home.
#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    hello: String,
    own: Vec<Row>,
    team: Vec<Row>,
}

/// A report in the list.
struct Row {
    cycle: i64,
    cycle_name: String,
    name: String,
    department: String,
    /// The assessee's id, encoded for the address.
    href_assessee: String,
}

/// `GET /home`: the signed-in user's home.
pub(super) async fn home(
    State(state): State<AppState>,
    visit: Visit,
    visitor: Visitor,
) -> Result<Response, PageError> {
    let mut layout = visit.layout(t!(visit.lang, "home.title"), Frame::Plain);
    layout.user = Some(visitor.user.username.clone());
    layout.csrf = visitor.csrf(&state);
    let (own, team): (Vec<_>, Vec<_>) = crate::reports::readable(&state, &visitor.user)
        .await?
        .into_iter()
        .partition(|r| r.own);
    let row = |r: crate::reports::Readable| Row {
        href_assessee: super::encode(&r.assessee),
        cycle: r.cycle,
        cycle_name: r.cycle_name,
        name: r.name,
        department: r.department,
    };
    let page = HomePage {
        own: own.into_iter().map(row).collect(),
        team: team.into_iter().map(row).collect(),
        hello: t!(visit.lang, "home.hello", name = &visitor.user.username),
        layout,
    };
    Ok(html(axum::http::StatusCode::OK, &page))
}
