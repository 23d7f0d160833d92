//! The rater's pages (no account: the token in the link is the credential): the list of
//! their assessees with progress, one questionnaire per assessee, and saving it from the
//! form. The form is checked exactly as the JSON API checks a response
//! ([`parse_response`]), and in this order: the link (404), the form's CSRF token (the form
//! again, nothing saved), the answers (the form again with each problem by its item,
//! nothing saved), then the response and cycle (409); a database out of storage space
//! brings the form back with every answer and a message (503, `Retry-After`, nothing saved).
//! A submission that leaves items unanswered is saved as a draft and asked about on a
//! confirmation page first, unless the rater already confirmed it in the page's dialog.

use std::collections::HashMap;

use askama::Template;
use axum::extract::rejection::{FormRejection, PathRejection, QueryRejection};
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderValue;
use axum::http::StatusCode;
use axum::http::header::{LOCATION, RETRY_AFTER};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value};
use yardstick_core::Model;
use yardstick_i18n::{Key, k, msg, t};
use yardstick_store::{
    CycleState, RaterResponse, ResponseInput, ResponseStatus, Shortage, StoreError,
};

use super::login::see_other;
use super::privacy;
use super::questionnaire::{Context, Filled, Questionnaire, not_open};
use super::{Frame, Layout, PageError, Visit, encode, html};
use crate::api::answers::parse_response;
use crate::csrf;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

/// The addresses of a rater's pages, their parts percent-encoded.
pub(super) struct Links {
    /// `/r/{token}`: the list.
    pub list: String,
    token: String,
}

impl Links {
    pub(super) fn new(token: &str) -> Links {
        Links {
            list: format!("/r/{}", encode(token)),
            token: encode(token),
        }
    }

    /// `/r/{token}/{assessee}`: a questionnaire, and where its form posts.
    pub(super) fn questionnaire(&self, assessee: &str) -> String {
        format!("{}/{}", self.list, encode(assessee))
    }

    /// `/api/v1/r/{token}/responses/{assessee}`: where the page's script saves drafts.
    pub(super) fn api(&self, assessee: &str) -> String {
        format!("/api/v1/r/{}/responses/{}", self.token, encode(assessee))
    }
}

/// The failure of an unknown token, or of an assessee not assigned to the rater: the link
/// is not valid, and nothing more is said; with a valid token, a way back to the list.
pub(super) fn not_found(back: Option<&Links>) -> PageError {
    let error = PageError::new(StatusCode::NOT_FOUND, msg!("rater.link_invalid"))
        .titled(k!("rater.link_invalid_title"));
    match back {
        Some(links) => error.back(links.list.clone(), k!("rater.to_list")),
        None => error,
    }
}

/// A store error on a rater's page: a 404 says the link is not valid; others say what
/// went wrong, with a way back to the list when there is one.
pub(super) fn failure(error: StoreError, back: Option<&Links>) -> PageError {
    let error = ApiError::from(error);
    if error.status() == StatusCode::NOT_FOUND {
        return not_found(back);
    }
    let title = if error.status() == StatusCode::CONFLICT {
        k!("rater.not_saved_title")
    } else {
        k!("page.error.failed")
    };
    let page = PageError::from(error).titled(title);
    match back {
        Some(links) => page.back(links.list.clone(), k!("rater.to_list")),
        None => page,
    }
}

/// One assessee in the list.
struct TaskView {
    href: String,
    name: String,
    relationship: &'static str,
    status: Key,
    status_code: &'static str,
}

/// The words of a response's status.
fn status_label(status: ResponseStatus) -> Key {
    match status {
        ResponseStatus::Pending => k!("rater.status.pending"),
        ResponseStatus::Draft => k!("rater.status.draft"),
        ResponseStatus::Submitted => k!("rater.status.submitted"),
    }
}

/// The list page.
#[derive(Template)]
#[template(path = "rater/list.html")]
struct List {
    layout: Layout,
    cycle: String,
    hello: String,
    saved: Option<String>,
    notice: Option<Key>,
    deadline: Option<String>,
    submitted: usize,
    total: usize,
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
    visit: Visit,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let lang = visit.lang;
    let Ok(Path(token)) = path else {
        return Err(not_found(None));
    };
    let session = state
        .store
        .rater_session(&token)
        .await
        .map_err(|e| failure(e, None))?;
    if let Some(notice) = session.notice.as_ref().filter(|n| !n.acknowledged) {
        let cycle = &session.cycle.name;
        return Ok(privacy::page(
            &state,
            &visit,
            &token,
            cycle,
            notice,
            StatusCode::OK,
        ));
    }
    let links = Links::new(&token);
    let just_saved = query.ok().and_then(|Query(q)| q.saved);
    let saved = just_saved.and_then(|assessee| {
        let task = session.tasks.iter().find(|t| t.assessee == assessee)?;
        match task.status {
            ResponseStatus::Pending => None,
            ResponseStatus::Draft => Some(t!(lang, "rater.saved_draft", name = &task.name)),
            ResponseStatus::Submitted => Some(t!(lang, "rater.saved_submitted", name = &task.name)),
        }
    });
    let total = session.tasks.len();
    let submitted = session
        .tasks
        .iter()
        .filter(|t| t.status == ResponseStatus::Submitted)
        .count();
    let open = session.cycle.state == CycleState::Open;
    let page = List {
        layout: visit.layout(session.cycle.name.clone(), Frame::Rater),
        hello: t!(lang, "rater.hello", name = &session.rater.name),
        cycle: session.cycle.name,
        saved,
        notice: not_open(session.cycle.state),
        deadline: session.cycle.ends_on.filter(|_| open),
        submitted,
        total,
        tasks: session
            .tasks
            .iter()
            .map(|task| TaskView {
                href: links.questionnaire(&task.assessee),
                name: task.name.clone(),
                relationship: task.relationship.label(lang),
                status: status_label(task.status),
                status_code: task.status.code(),
            })
            .collect(),
    };
    Ok(html(StatusCode::OK, &page))
}

/// The questionnaire of `r` as a page.
fn questionnaire_page(
    state: &AppState,
    visit: &Visit,
    token: &str,
    r: &RaterResponse,
    filled: &Filled,
    problems: &[Problem],
) -> Questionnaire {
    let links = Links::new(token);
    let layout = visit
        .layout(format!("{} · {}", r.task.name, r.cycle.name), Frame::Rater)
        .with_script("rater.js");
    let cx = Context {
        layout,
        links: &links,
        csrf: csrf::for_rater(&state.site.secret, token),
    };
    Questionnaire::new(cx, r, filled, problems)
}

/// `GET /r/{token}/{assessee}`: the questionnaire, filled with the saved response.
pub(super) async fn questionnaire(
    State(state): State<AppState>,
    visit: Visit,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, PageError> {
    let Ok(Path((token, assessee))) = path else {
        return Err(not_found(None));
    };
    let r = load(&state, &token, &assessee).await?;
    // An outside rater reads the cycle's privacy notice, if any, before answering.
    if r.notice.as_ref().is_some_and(|n| !n.acknowledged) {
        return Ok(see_other(&Links::new(&token).list));
    }
    let page = questionnaire_page(&state, &visit, &token, &r, &Filled::saved(&r), &[]);
    Ok(html(StatusCode::OK, &page))
}

/// The response of `assessee`, or the page saying the link is not valid — with a way back
/// to the list when the token itself is valid.
async fn load(state: &AppState, token: &str, assessee: &str) -> Result<RaterResponse, PageError> {
    match state.store.rater_response(token, assessee).await {
        Ok(r) => Ok(r),
        Err(StoreError::NotFound(_)) => {
            let known = state.store.rater_session(token).await.is_ok();
            Err(not_found(known.then(|| Links::new(token)).as_ref()))
        }
        Err(e) => Err(failure(e, Some(&Links::new(token)))),
    }
}

/// What the form sent: the radio groups as the API's answers and as sent, the comment,
/// whether to submit, whether the rater confirmed the submission, and the CSRF token.
struct Sent {
    answers: Map<String, Value>,
    values: HashMap<String, String>,
    comment: String,
    submit: bool,
    confirmed: bool,
    csrf: Option<String>,
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
            confirmed: false,
            csrf: None,
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
            } else if name == "confirmed" {
                sent.confirmed = value == "1";
            } else if name == csrf::FIELD {
                sent.csrf = Some(value);
            }
        }
        sent
    }
}

impl Sent {
    /// The response the fields make, checked against the model and the items `asked`.
    fn check(&self, model: &Model, asked: &[bool]) -> Result<ResponseInput, Vec<Problem>> {
        parse_response(
            model,
            asked,
            &self.answers,
            Some(self.comment.clone()),
            self.submit,
        )
    }
}

/// The response a questionnaire form's fields make, checked as [`save`] checks them before
/// it stores anything (the CSRF field aside).
pub(crate) fn form_response(
    model: &Model,
    asked: &[bool],
    fields: Vec<(String, String)>,
) -> Result<ResponseInput, Vec<Problem>> {
    Sent::from_fields(fields).check(model, asked)
}

/// The page asking a rater to confirm a submission with items unanswered.
#[derive(Template)]
#[template(path = "rater/confirm.html")]
struct Confirm {
    layout: Layout,
    name: String,
    question: String,
    form_href: String,
    back_href: String,
    csrf: String,
    fields: Vec<(String, String)>,
    comment: String,
}

/// `POST /r/{token}/{assessee}` (a form): saves a draft or submits, then goes back to the
/// list (303) with a confirmation. Answers that break a rule bring the form back with the
/// rater's answers and each problem by its item; a conflict (submitted already with other
/// answers, the cycle not open) is a page saying so.
pub(super) async fn save(
    State(state): State<AppState>,
    visit: Visit,
    path: Result<Path<(String, String)>, PathRejection>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, PageError> {
    let lang = visit.lang;
    let Ok(Path((token, assessee))) = path else {
        return Err(not_found(None));
    };
    let r = load(&state, &token, &assessee).await?;
    let links = Links::new(&token);
    let sent = match form {
        Ok(Form(fields)) => Sent::from_fields(fields),
        Err(rejection) => {
            return Err(
                PageError::new(rejection.status(), msg!("rater.form_unreadable"))
                    .back(links.questionnaire(&assessee), k!("rater.back_to_form")),
            );
        }
    };
    let filled = Filled::given(sent.values.clone(), sent.comment.clone());
    let expected = csrf::for_rater(&state.site.secret, &token);
    if !csrf::matches(&expected, sent.csrf.as_deref()) {
        // Nothing is lost: the form comes back with the answers, to be sent again.
        let problem = Problem::message(None, msg!("rater.form_expired"));
        let page = questionnaire_page(&state, &visit, &token, &r, &filled, &[problem])
            .problems_titled(k!("rater.not_saved_title"));
        return Ok(html(StatusCode::FORBIDDEN, &page));
    }
    let asked = r
        .cycle
        .dimensions
        .items_asked(r.task.relationship, &r.model.model);
    let parsed = sent.check(&r.model.model, &asked);
    let problems = match parsed {
        Ok(mut input) => {
            let unanswered = filled.unanswered(&r.model.model, &asked);
            let ask = input.submit && !sent.confirmed && unanswered > 0;
            if ask {
                // Keep what was given as a draft, then ask.
                input.submit = false;
            }
            match state.store.save_response(r.target.clone(), input).await {
                Ok(_) if ask => {
                    let page = Confirm {
                        layout: visit.layout(t!(lang, "rater.confirm.title"), Frame::Rater),
                        name: r.task.name.clone(),
                        question: t!(lang, "rater.confirm.page", n = unanswered),
                        form_href: links.questionnaire(&assessee),
                        back_href: links.questionnaire(&assessee),
                        csrf: expected,
                        fields: filled.fields(&r.model.model),
                        comment: filled.comment().to_string(),
                    };
                    return Ok(html(StatusCode::OK, &page));
                }
                Ok(_) => return Ok(saved(&links, &assessee)),
                Err(StoreError::Invalid(list)) => list.into_iter().map(Into::into).collect(),
                Err(StoreError::Shortage(shortage)) => {
                    // Nothing was stored: the form comes back with every answer and the
                    // comment as sent, saying why and to send it again later.
                    return Ok(shortage_page(&state, &visit, &token, &r, &filled, shortage));
                }
                Err(e) => return Err(failure(e, Some(&links))),
            }
        }
        Err(problems) => problems,
    };
    let editable = r.cycle.state == CycleState::Open && r.task.status != ResponseStatus::Submitted;
    if !editable {
        // Nothing the rater can fix here would let this save: say why instead.
        let why = not_open(r.cycle.state).unwrap_or(k!("rater.submitted_note"));
        return Err(PageError::new(StatusCode::CONFLICT, why.into())
            .titled(k!("rater.not_saved_title"))
            .back(links.list.clone(), k!("rater.to_list")));
    }
    let page = questionnaire_page(&state, &visit, &token, &r, &filled, &problems);
    Ok(html(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

/// The questionnaire again, filled with what the rater sent, when the database ran out of
/// storage space (or another resource) and stored nothing: 503 with `Retry-After`, the
/// reason in the rater's words at the top.
fn shortage_page(
    state: &AppState,
    visit: &Visit,
    token: &str,
    r: &RaterResponse,
    filled: &Filled,
    shortage: Shortage,
) -> Response {
    let (title, line) = match shortage {
        Shortage::Storage => (
            k!("faults.page.storage_title"),
            msg!("faults.rater.storage_full"),
        ),
        Shortage::Resources => (
            k!("faults.page.resources_title"),
            msg!("faults.rater.resources"),
        ),
    };
    let page = questionnaire_page(
        state,
        visit,
        token,
        r,
        filled,
        &[Problem::message(None, line)],
    )
    .problems_titled(title)
    .unsaved(crate::error::SHORTAGE_RETRY_SECONDS);
    let mut response = html(StatusCode::SERVICE_UNAVAILABLE, &page);
    response.headers_mut().insert(
        RETRY_AFTER,
        HeaderValue::from(crate::error::SHORTAGE_RETRY_SECONDS),
    );
    response
}

/// 303 to the list, which confirms the save of `assessee`'s response.
fn saved(links: &Links, assessee: &str) -> Response {
    let location = format!("{}?saved={}", links.list, encode(assessee));
    match HeaderValue::from_str(&location) {
        Ok(value) => (StatusCode::SEE_OTHER, [(LOCATION, value)]).into_response(),
        Err(e) => PageError::from(ApiError::internal(e)).into_response(),
    }
}
