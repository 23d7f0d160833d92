//! The rater's pages (no account: the token in the link is the credential): the list of
//! their assessees with progress, one questionnaire per assessee, and saving it from the
//! form. The form is checked exactly as the JSON API checks a response
//! ([`parse_response`]), and in the same order: the link (404), the answers (the form again
//! with each problem by its item, nothing saved), then the response and cycle (409).

use std::collections::HashMap;

use askama::Template;
use axum::extract::rejection::{FormRejection, PathRejection, QueryRejection};
use axum::extract::{Form, Path, Query, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value};
use yardstick_core::Lang;
use yardstick_store::{CycleState, ResponseStatus, StoreError};

use super::questionnaire::{Filled, Questionnaire};
use super::words::{self, Words};
use super::{Links, encode, failure, html, not_found};
use crate::api::answers::parse_response;
use crate::error::ApiError;
use crate::lang::preferred;
use crate::state::AppState;

/// One assessee in the list.
struct TaskView {
    href: String,
    name: String,
    relationship: &'static str,
    status: &'static str,
    status_code: &'static str,
}

/// The list page.
#[derive(Template)]
#[template(path = "rater/list.html")]
struct List {
    t: &'static Words,
    cycle: String,
    hello: String,
    saved: Option<String>,
    notice: Option<&'static str>,
    progress: String,
    percent: usize,
    tasks: Vec<TaskView>,
}

/// The query of the list: the assessee whose response was just saved.
#[derive(Deserialize)]
pub(super) struct ListQuery {
    saved: Option<String>,
}

/// `GET /r/{token}`: the cycle, a greeting, the rater's assessees with the status of each
/// response, and how many are submitted; after a save, a confirmation.
pub(super) async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Response {
    let lang = preferred(&headers);
    let Ok(Path(token)) = path else {
        return not_found(lang);
    };
    let session = match state.store.rater_session(&token).await {
        Ok(session) => session,
        Err(e) => return failure(&e.into(), lang, None),
    };
    let links = Links::new(&token);
    let just_saved = query.ok().and_then(|Query(q)| q.saved);
    let saved = just_saved.and_then(|assessee| {
        let task = session.tasks.iter().find(|t| t.assessee == assessee)?;
        (task.status != ResponseStatus::Pending)
            .then(|| words::saved(lang, task.status, &task.name))
    });
    let total = session.tasks.len();
    let submitted = session
        .tasks
        .iter()
        .filter(|t| t.status == ResponseStatus::Submitted)
        .count();
    let page = List {
        t: Words::of(lang),
        cycle: session.cycle.name,
        hello: words::hello(lang, &session.rater.name),
        saved,
        notice: words::cycle_not_open(lang, session.cycle.state),
        progress: words::progress(lang, submitted, total),
        percent: (submitted * 100).checked_div(total).unwrap_or(0),
        tasks: session
            .tasks
            .iter()
            .map(|task| TaskView {
                href: links.questionnaire(&task.assessee),
                name: task.name.clone(),
                relationship: task.relationship.label(lang),
                status: words::status(lang, task.status),
                status_code: task.status.code(),
            })
            .collect(),
    };
    html(StatusCode::OK, &page)
}

/// `GET /r/{token}/{assessee}`: the questionnaire, filled with the saved response.
pub(super) async fn questionnaire(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Response {
    let lang = preferred(&headers);
    let Ok(Path((token, assessee))) = path else {
        return not_found(lang);
    };
    let r = match state.store.rater_response(&token, &assessee).await {
        Ok(r) => r,
        Err(e) => return failure(&e.into(), lang, None),
    };
    let page = Questionnaire::new(lang, &r, &Links::new(&token), &Filled::saved(&r), &[]);
    html(StatusCode::OK, &page)
}

/// What the form sent: the radio groups as the API's answers and as sent, the comment, and
/// whether to submit.
struct Sent {
    answers: Map<String, Value>,
    values: HashMap<String, String>,
    comment: String,
    submit: bool,
}

impl Sent {
    /// The fields of the form. `item-{code}` is an answer (a whole number is a point, an
    /// empty value no answer, anything else is checked as the text it is); `action=submit`
    /// submits, any other action saves a draft; other fields are ignored.
    fn from_fields(fields: Vec<(String, String)>) -> Sent {
        let mut sent = Sent {
            answers: Map::new(),
            values: HashMap::new(),
            comment: String::new(),
            submit: false,
        };
        for (name, value) in fields {
            if let Some(code) = name.strip_prefix("item-") {
                let answer = match value.trim() {
                    "" => Value::Null,
                    v => v
                        .parse::<i64>()
                        .map_or_else(|_| Value::from(v), Value::from),
                };
                sent.answers.insert(code.to_string(), answer);
                sent.values.insert(code.to_string(), value);
            } else if name == "comment" {
                sent.comment = value;
            } else if name == "action" {
                sent.submit = value == "submit";
            }
        }
        sent
    }
}

/// `POST /r/{token}/{assessee}` (a form): saves a draft or submits, then goes back to the
/// list (303) with a confirmation. Answers that break a rule bring the form back with the
/// rater's answers and each problem by its item; a conflict (submitted already with other
/// answers, the cycle not open) is a page saying so.
pub(super) async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<(String, String)>, PathRejection>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let lang = preferred(&headers);
    let Ok(Path((token, assessee))) = path else {
        return not_found(lang);
    };
    let r = match state.store.rater_response(&token, &assessee).await {
        Ok(r) => r,
        Err(e) => return failure(&e.into(), lang, None),
    };
    let links = Links::new(&token);
    let sent = match form {
        Ok(Form(fields)) => Sent::from_fields(fields),
        Err(rejection) => {
            let error = ApiError::new(
                rejection.status(),
                None,
                "无法读取表单内容,请返回后重新填写",
                "the form could not be read: please go back and fill it in again",
            );
            return failure(&error, lang, Some(links.list));
        }
    };
    let parsed = parse_response(
        &r.model.model,
        &sent.answers,
        Some(sent.comment.clone()),
        sent.submit,
    );
    let problems = match parsed {
        Ok(input) => match state.store.save_response(r.target.clone(), input).await {
            Ok(_) => return saved(lang, &links, &assessee),
            Err(StoreError::Invalid(list)) => list.into_iter().map(Into::into).collect(),
            Err(e) => return failure(&e.into(), lang, Some(links.list)),
        },
        Err(problems) => problems,
    };
    let editable = r.cycle.state == CycleState::Open && r.task.status != ResponseStatus::Submitted;
    if !editable {
        // Nothing the rater can fix here would let this save: say why instead.
        let why = words::cycle_not_open(lang, r.cycle.state).unwrap_or(words::submitted_note(lang));
        let error = ApiError::new(StatusCode::CONFLICT, None, why, why);
        return failure(&error, lang, Some(links.list));
    }
    let filled = Filled::given(sent.values, sent.comment);
    let page = Questionnaire::new(lang, &r, &links, &filled, &problems);
    html(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// 303 to the list, which confirms the save of `assessee`'s response.
fn saved(lang: Lang, links: &Links, assessee: &str) -> Response {
    let location = format!("{}?saved={}", links.list, encode(assessee));
    match HeaderValue::from_str(&location) {
        Ok(value) => (StatusCode::SEE_OTHER, [(LOCATION, value)]).into_response(),
        Err(e) => failure(&ApiError::internal(e), lang, None),
    }
}
