//! `/hr/cycles/{id}/assignments`: who rates whom in a draft or open cycle. HR adds the
//! assignments the org chart gives with one button, reviews them per assessee, removes one,
//! adds one (a person of the company, or an outside rater such as a homeowner, by name and
//! phone), edits the privacy notice outside raters read first, and opens the cycle. Every
//! change goes through the same store operations as the API; a refused change shows its
//! reason on the page with what was typed kept.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use yardstick_core::Relationship;
use yardstick_i18n::{Key, k, msg, t};
use yardstick_store::{AssignmentView, Cycle, CycleState, ResponseStatus, StoreError};

use super::{Frame, Layout, PageError, Visit, console_nav, html};
use crate::auth::{HrVisitor, Visitor};
use crate::state::AppState;

mod changes;

pub(super) use changes::{add, auto, notice, open, remove};

/// One assignment in the list.
struct Row {
    rater_id: i64,
    rater_name: String,
    outside: bool,
    phone: String,
    relationship: Key,
    status: Key,
    status_code: &'static str,
}

/// The assignments of one assessee.
struct AssesseeGroup {
    id: String,
    name: String,
    rows: Vec<Row>,
}

/// What the form to add an assignment holds.
#[derive(Default, Deserialize)]
pub(super) struct AddForm {
    csrf: Option<String>,
    #[serde(default)]
    assessee: String,
    #[serde(default)]
    relationship: String,
    /// `person` or `outside`.
    #[serde(default)]
    kind: String,
    #[serde(default)]
    person: String,
    #[serde(default)]
    outside_name: String,
    #[serde(default)]
    outside_phone: String,
}

/// The page.
#[derive(Template)]
#[template(path = "hr/assignments.html")]
struct AssignmentsPage {
    layout: Layout,
    id: i64,
    state: Key,
    state_code: &'static str,
    /// Whether assignments and the notice may change (draft or open).
    editable: bool,
    /// Whether the cycle can be opened (a draft).
    draft: bool,
    model: String,
    /// What the last change did.
    done: Option<String>,
    /// Why the last change was refused.
    problem: Option<String>,
    /// The assessees with raters, in the cycle's order.
    groups: Vec<AssesseeGroup>,
    /// The assessees without any rater yet: name (id).
    unassigned: Vec<String>,
    /// How many assessees the cycle has.
    assessee_count: usize,
    total: usize,
    outside_raters: usize,
    assessees: Vec<(String, String)>,
    people: Vec<(String, String, String)>,
    relationships: Vec<(&'static str, Key)>,
    add: AddForm,
    /// Problems of the add form, by its field.
    add_problems: BTreeMap<String, Vec<String>>,
    notice: String,
    notice_problem: Option<String>,
}

impl AssignmentsPage {
    fn add_problem(&self, field: &str) -> Option<String> {
        self.add_problems.get(field).map(|l| l.join(" "))
    }
}

/// The query of the page: what was just done.
#[derive(Deserialize)]
pub(super) struct DoneQuery {
    done: Option<String>,
    created: Option<String>,
}

/// The cycle of the path's id: a 404 page when it is not a number or not there.
async fn cycle_of(state: &AppState, id: &str) -> Result<Cycle, PageError> {
    let not_found = || {
        PageError::new(StatusCode::NOT_FOUND, msg!("store.not_found.cycle"))
            .back("/hr/", k!("hr.wizard.to_cycles"))
    };
    let id: i64 = id.parse().map_err(|_| not_found())?;
    match state.store.cycle(id).await {
        Ok(c) => Ok(c),
        Err(StoreError::NotFound(_)) => Err(not_found()),
        Err(e) => Err(e.into()),
    }
}

fn status_key(status: ResponseStatus) -> Key {
    match status {
        ResponseStatus::Pending => k!("hr.wizard.status_pending"),
        ResponseStatus::Draft => k!("hr.wizard.status_draft"),
        ResponseStatus::Submitted => k!("hr.wizard.status_submitted"),
    }
}

/// The page for `cycle`, read from the store.
async fn load(
    state: &AppState,
    visit: &Visit,
    visitor: &Visitor,
    cycle: Cycle,
) -> Result<AssignmentsPage, PageError> {
    let lang = visit.lang;
    let list: Vec<AssignmentView> = state.store.assignments(cycle.id).await?;
    let assessees: Vec<(String, String)> = state
        .store
        .cycle_responses(cycle.id)
        .await?
        .assessees
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let mut groups: Vec<AssesseeGroup> = assessees
        .iter()
        .map(|(id, name)| AssesseeGroup {
            id: id.clone(),
            name: name.clone(),
            rows: Vec::new(),
        })
        .collect();
    let total = list.len();
    let mut outside = std::collections::HashSet::new();
    for a in list {
        if a.rater.person_id.is_none() {
            outside.insert(a.rater.id);
        }
        let row = Row {
            rater_id: a.rater.id.get(),
            rater_name: a.rater.name.clone(),
            outside: a.rater.person_id.is_none(),
            phone: a.rater.phone.clone().unwrap_or_default(),
            relationship: a.relationship.key(),
            status: status_key(a.status),
            status_code: a.status.code(),
        };
        match groups.iter_mut().find(|g| g.id == a.assessee) {
            Some(g) => g.rows.push(row),
            None => groups.push(AssesseeGroup {
                id: a.assessee.clone(),
                name: a.assessee_name.clone(),
                rows: vec![row],
            }),
        }
    }
    let assessee_count = groups.len();
    let unassigned = groups
        .iter()
        .filter(|g| g.rows.is_empty())
        .map(|g| format!("{} ({})", g.name, g.id))
        .collect();
    groups.retain(|g| !g.rows.is_empty());
    let model = state.store.model(cycle.model_id).await?;
    let mut layout = visit.layout(
        t!(lang, "hr.wizard.assign_title", name = &cycle.name),
        Frame::Console,
    );
    layout.user = Some(visitor.user.username.clone());
    layout.csrf = visitor.csrf(state);
    layout.nav = console_nav("/hr/");
    Ok(AssignmentsPage {
        layout,
        id: cycle.id,
        state: cycle.state.label(),
        state_code: cycle.state.code(),
        editable: matches!(cycle.state, CycleState::Draft | CycleState::Open),
        draft: cycle.state == CycleState::Draft,
        model: t!(
            lang,
            "hr.wizard.model_option",
            name = &model.info.name,
            version = &model.info.version
        ),
        done: None,
        problem: None,
        groups,
        unassigned,
        assessee_count,
        total,
        outside_raters: outside.len(),
        assessees,
        people: state
            .store
            .people()
            .await?
            .into_iter()
            .map(|p| (p.id, p.name, p.department))
            .collect(),
        relationships: Relationship::ALL
            .iter()
            .map(|r| (r.code(), r.key()))
            .collect(),
        add: AddForm {
            kind: "person".into(),
            ..AddForm::default()
        },
        add_problems: BTreeMap::new(),
        notice: state.store.notice(cycle.id).await?.unwrap_or_default(),
        notice_problem: None,
    })
}

/// `GET /hr/cycles/{id}/assignments`.
pub(super) async fn page(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    axum::extract::Path(id): axum::extract::Path<String>,
    query: Result<Query<DoneQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let cycle = cycle_of(&state, &id).await?;
    let mut page = load(&state, &visit, &visitor, cycle).await?;
    let lang = visit.lang;
    if let Ok(Query(q)) = query {
        let key = match (q.created.as_deref(), q.done.as_deref()) {
            (Some(_), _) => Some(k!("hr.wizard.done_created")),
            (_, Some("auto")) => Some(k!("hr.wizard.done_auto")),
            (_, Some("added")) => Some(k!("hr.wizard.done_added")),
            (_, Some("removed")) => Some(k!("hr.wizard.done_removed")),
            (_, Some("notice")) => Some(k!("hr.wizard.done_notice")),
            _ => None,
        };
        page.done = key.map(|k| k.text(lang).to_string());
    }
    Ok(html(StatusCode::OK, &page))
}
