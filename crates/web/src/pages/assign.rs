//! `/hr/cycles/{id}/assignments`: who rates whom in a draft or open cycle. HR adds the
//! assignments the org chart gives with one button, reviews them per assessee, removes one,
//! adds one (a person of the company, or an outside rater such as a homeowner, by name and
//! phone), edits the privacy notice outside raters read first, and opens the cycle. Every
//! change goes through the same store operations as the API; a refused change shows its
//! reason on the page with what was typed kept.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use yardstick_core::Relationship;
use yardstick_i18n::{Key, k, msg, t};
use yardstick_store::{
    AssignmentView, Cycle, CycleState, NewAssignment, RaterChoice, RaterId, ResponseStatus,
    StoreError,
};

use super::login::see_other;
use super::{Frame, Layout, PageError, Visit, console_nav, html};
use crate::api::notices::notice_text;
use crate::auth::{HrVisitor, Visitor};
use crate::csrf;
use crate::error::ApiError;
use crate::state::AppState;

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

/// A console form without its token: a 403 page, nothing changed.
fn expired() -> PageError {
    PageError::new(StatusCode::FORBIDDEN, msg!("hr.wizard.expired"))
}

/// The token of a small form (a button).
#[derive(Deserialize)]
pub(super) struct TokenForm {
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
pub(super) async fn auto(
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
    match state.store.auto_assign(cycle.id).await {
        Ok(_) => Ok(see_other(&format!(
            "/hr/cycles/{}/assignments?done=auto",
            cycle.id
        ))),
        Err(e) => refused(&state, &visit, &visitor, cycle, e).await,
    }
}

/// The assignment to remove.
#[derive(Deserialize)]
pub(super) struct RemoveForm {
    csrf: Option<String>,
    rater: String,
    assessee: String,
}

/// `POST /hr/cycles/{id}/assignments/remove`: one assignment without a submitted response.
pub(super) async fn remove(
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
        .remove_assignment(cycle.id, RaterId(rater), form.assessee.trim())
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
pub(super) async fn add(
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
            state.store.add_assignments(cycle.id, vec![one]).await
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
pub(super) struct NoticeForm {
    csrf: Option<String>,
    #[serde(default)]
    text: String,
}

/// `POST /hr/cycles/{id}/notice`: sets (or, blank, removes) the privacy notice.
pub(super) async fn notice(
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
pub(super) async fn open(
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
