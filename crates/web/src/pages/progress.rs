//! `/hr/cycles/{id}/progress`: how far a cycle has come — the response rate per department,
//! relationship and assessee; every rater who has not submitted, with their contact, their
//! personal link and the reminders sent to them; sending reminders by e-mail; and reopening
//! a submitted response with a reason.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use yardstick_core::{Lang, Relationship};
use yardstick_i18n::{Key, k, msg, t};
use yardstick_store::{
    AssignmentView, Cycle, CycleState, RaterId, ReminderOutcome, ResponseStatus, StoreError,
};

use super::console::console_layout;
use super::cycle::load;
use super::login::see_other;
use super::tally::Tally;
use super::{Layout, PageError, Visit, html};
use crate::auth::{HrVisitor, Visitor};
use crate::csrf;
use crate::reminders::{link_base, remind, short_time, waiting};
use crate::state::AppState;

/// One line of a table of rates.
struct RateLine {
    label: String,
    assessees: usize,
    tally: Tally,
}

/// One assessee's line.
struct AssesseeLine {
    name: String,
    department: String,
    /// Per relationship, in the order of `Relationship::ALL`: `s/a`, or empty.
    cells: Vec<String>,
    tally: Tally,
}

/// A rater who has not submitted everything.
struct WaitingLine {
    name: String,
    outside: bool,
    email: Option<String>,
    phone: Option<String>,
    link: String,
    todo: Vec<String>,
    reminded: Option<String>,
    last_failure: Option<String>,
}

/// A submitted response HR may reopen.
struct Submitted {
    value: String,
    label: String,
}

/// What the reopen form says after a try.
#[derive(Default)]
struct ReopenForm {
    chosen: String,
    reason: String,
    problem: Option<String>,
    reason_problem: Option<String>,
}

/// The progress page.
#[derive(Template)]
#[template(path = "hr/progress.html")]
struct ProgressPage {
    layout: Layout,
    cycle: Cycle,
    state_code: &'static str,
    state: Key,
    open: bool,
    notice: Option<String>,
    total: Tally,
    departments: Vec<RateLine>,
    relationships: Vec<RateLine>,
    relationship_labels: Vec<&'static str>,
    assessees: Vec<AssesseeLine>,
    waiting: Vec<WaitingLine>,
    with_email: usize,
    without_email: usize,
    smtp: bool,
    submitted: Vec<Submitted>,
    reopen: ReopenForm,
    /// Submitted responses HR has invalidated (counted above, left out of the results).
    invalidated: usize,
}

/// The notice after a redirect: `?reminded=…&failed=…&skipped=…` or `?reopened=1`.
#[derive(Deserialize, Default)]
pub(super) struct ProgressQuery {
    reminded: Option<usize>,
    failed: Option<usize>,
    skipped: Option<usize>,
    reopened: Option<String>,
}

fn notice_of(query: &ProgressQuery, lang: Lang) -> Option<String> {
    if let Some(name) = &query.reopened {
        return Some(t!(lang, "hr.progress.reopened", name = name.as_str()));
    }
    let sent = query.reminded?;
    Some(t!(
        lang,
        "hr.reminders.done",
        sent = sent,
        failed = query.failed.unwrap_or(0),
        skipped = query.skipped.unwrap_or(0)
    ))
}

async fn page(
    state: &AppState,
    visit: &Visit,
    visitor: &Visitor,
    headers: &HeaderMap,
    cycle: Cycle,
    notice: Option<String>,
    reopen: ReopenForm,
) -> Result<ProgressPage, PageError> {
    let lang = visit.lang;
    let assignments = state.store.assignments(cycle.id).await?;
    let people = state.store.people().await?;
    let reminders = state.store.reminders(cycle.id).await?;
    // An invalidated response is restored before it can be reopened: it is not offered.
    let invalidations = state.store.invalidations(cycle.id).await?;
    let invalidated = invalidations.len();
    let department: HashMap<&str, &str> = people
        .iter()
        .map(|p| (p.id.as_str(), p.department.as_str()))
        .collect();
    let total = Tally::of(&assignments);

    // Per department, relationship and assessee, in the cycle's order.
    let mut by_department: BTreeMap<String, (Vec<&str>, Tally)> = BTreeMap::new();
    let mut by_relationship = [Tally::default(); 5];
    let mut relationship_assessees: [Vec<&str>; 5] = Default::default();
    let mut assessee_order: Vec<&str> = Vec::new();
    let mut by_assessee: HashMap<&str, (String, [Tally; 5], Tally)> = HashMap::new();
    for a in &assignments {
        let dept = department.get(a.assessee.as_str()).copied().unwrap_or("");
        let d = by_department.entry(dept.to_string()).or_default();
        if !d.0.contains(&a.assessee.as_str()) {
            d.0.push(&a.assessee);
        }
        d.1.add(a.status);
        let r = a.relationship.index();
        by_relationship[r].add(a.status);
        if !relationship_assessees[r].contains(&a.assessee.as_str()) {
            relationship_assessees[r].push(&a.assessee);
        }
        let line = by_assessee.entry(&a.assessee).or_insert_with(|| {
            assessee_order.push(&a.assessee);
            (
                a.assessee_name.clone(),
                [Tally::default(); 5],
                Tally::default(),
            )
        });
        line.1[r].add(a.status);
        line.2.add(a.status);
    }
    let departments = by_department
        .into_iter()
        .map(|(label, (assessees, tally))| RateLine {
            label: if label.is_empty() {
                t!(lang, "hr.progress.no_department").to_string()
            } else {
                label
            },
            assessees: assessees.len(),
            tally,
        })
        .collect();
    let relationships = Relationship::ALL
        .iter()
        .filter(|r| by_relationship[r.index()].assigned > 0)
        .map(|r| RateLine {
            label: r.label(lang).to_string(),
            assessees: relationship_assessees[r.index()].len(),
            tally: by_relationship[r.index()],
        })
        .collect();
    let assessees = assessee_order
        .iter()
        .filter_map(|id| {
            let (name, per, tally) = by_assessee.get(id)?;
            Some(AssesseeLine {
                name: name.clone(),
                department: department.get(id).copied().unwrap_or("").to_string(),
                cells: per
                    .iter()
                    .map(|t| {
                        if t.assigned == 0 {
                            String::new()
                        } else {
                            format!("{}/{}", t.submitted, t.assigned)
                        }
                    })
                    .collect(),
                tally: *tally,
            })
        })
        .collect();

    // Who has not answered, with the record of reminders.
    let mut record: HashMap<RaterId, (usize, i64, Option<String>)> = HashMap::new();
    for r in &reminders {
        let e = record.entry(r.rater).or_insert((0, 0, None));
        e.0 += 1;
        e.1 = r.at;
        e.2 = match &r.outcome {
            ReminderOutcome::Sent => None,
            ReminderOutcome::Failed(why) => Some(why.clone()),
        };
    }
    let base = link_base(&state.site, headers);
    let list = waiting(&assignments, &people);
    let with_email = list.iter().filter(|w| w.email.is_some()).count();
    let waiting_lines = list
        .into_iter()
        .map(|w| {
            let rec = record.get(&w.rater.id);
            WaitingLine {
                outside: w.rater.person_id.is_none(),
                name: w.rater.name.clone(),
                email: w.email.clone(),
                phone: w.phone.clone(),
                link: format!("{base}{}", w.link),
                todo: w
                    .tasks
                    .iter()
                    .map(|task| {
                        let status = match task.status {
                            ResponseStatus::Draft => k!("hr.progress.status_draft"),
                            _ => k!("hr.progress.status_pending"),
                        };
                        t!(
                            lang,
                            "hr.progress.todo",
                            name = task.assessee_name.as_str(),
                            relationship = task.relationship.key(),
                            status = status
                        )
                    })
                    .collect(),
                reminded: rec.map(|(n, at, _)| {
                    t!(lang, "hr.reminders.record", n = *n, at = short_time(*at))
                }),
                last_failure: rec.and_then(|(_, _, f)| f.clone()),
            }
        })
        .collect::<Vec<_>>();
    let without_email = waiting_lines.len() - with_email;
    let submitted = assignments
        .iter()
        .filter(|a| a.status == ResponseStatus::Submitted)
        .filter(|a| {
            !invalidations
                .iter()
                .any(|i| i.rater.id == a.rater.id && i.assessee == a.assessee)
        })
        .map(|a| Submitted {
            value: format!("{}|{}", a.rater.id.get(), a.assessee),
            label: t!(
                lang,
                "hr.progress.reopen_option",
                rater = a.rater.name.as_str(),
                assessee = a.assessee_name.as_str(),
                relationship = a.relationship.key()
            ),
        })
        .collect();
    let title = t!(lang, "hr.progress.title", name = &cycle.name);
    Ok(ProgressPage {
        layout: console_layout(state, visit, visitor, title, "/hr/"),
        state_code: cycle.state.code(),
        state: cycle.state.label(),
        open: cycle.state == CycleState::Open,
        notice,
        total,
        departments,
        relationships,
        relationship_labels: Relationship::ALL.iter().map(|r| r.label(lang)).collect(),
        assessees,
        waiting: waiting_lines,
        with_email,
        without_email,
        smtp: state.site.smtp.is_some(),
        submitted,
        reopen,
        invalidated,
        cycle,
    })
}

/// `GET /hr/cycles/{id}/progress`.
pub(super) async fn progress(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    headers: HeaderMap,
    axum::extract::Path(raw): axum::extract::Path<String>,
    query: Result<Query<ProgressQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let cycle = load(&state, &raw).await?;
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let notice = notice_of(&query, visit.lang);
    let page = page(
        &state,
        &visit,
        &visitor,
        &headers,
        cycle,
        notice,
        ReopenForm::default(),
    )
    .await?;
    Ok(html(StatusCode::OK, &page))
}

/// The reopen form's fields.
#[derive(Deserialize)]
pub(super) struct ReopenFields {
    csrf: Option<String>,
    #[serde(default)]
    response: String,
    #[serde(default)]
    reason: String,
}

/// `POST /hr/cycles/{id}/progress/reopen`: a submitted response becomes a draft again, with
/// the reason in the audit log; or the page again saying what is wrong, nothing changed.
pub(super) async fn reopen(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    headers: HeaderMap,
    axum::extract::Path(raw): axum::extract::Path<String>,
    form: Result<Form<ReopenFields>, FormRejection>,
) -> Result<Response, PageError> {
    let lang = visit.lang;
    let cycle = load(&state, &raw).await?;
    let mut answer = ReopenForm::default();
    let status;
    match form {
        Err(_) => {
            answer.problem = Some(t!(lang, "hr.progress.reopen_unreadable").to_string());
            status = StatusCode::BAD_REQUEST;
        }
        Ok(Form(f)) => {
            answer.chosen = f.response.clone();
            answer.reason = f.reason.clone();
            if !csrf::matches(&visitor.csrf(&state), f.csrf.as_deref()) {
                answer.problem = Some(t!(lang, "hr.cycle.expired").to_string());
                status = StatusCode::FORBIDDEN;
            } else {
                let chosen = f
                    .response
                    .split_once('|')
                    .and_then(|(r, a)| Some((RaterId(r.parse().ok()?), a.to_string())));
                let Some((rater, assessee)) = chosen else {
                    answer.problem = Some(t!(lang, "hr.progress.reopen_choose").to_string());
                    let page =
                        page(&state, &visit, &visitor, &headers, cycle, None, answer).await?;
                    return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, &page));
                };
                match state
                    .store
                    .reopen_response(cycle.id, rater, &assessee, &visitor.user, &f.reason)
                    .await
                {
                    Ok(()) => {
                        let name = state
                            .store
                            .assignments(cycle.id)
                            .await?
                            .into_iter()
                            .find(|a: &AssignmentView| {
                                a.rater.id == rater && a.assessee == assessee
                            })
                            .map(|a| format!("{} → {}", a.rater.name, a.assessee_name))
                            .unwrap_or_default();
                        return Ok(see_other(&format!(
                            "/hr/cycles/{}/progress?reopened={}",
                            cycle.id,
                            super::encode(&name)
                        )));
                    }
                    Err(StoreError::Invalid(problems)) => {
                        for p in problems {
                            let text = p.message.render(lang);
                            match p.field.as_deref() {
                                Some("reason") => answer.reason_problem = Some(text),
                                _ => answer.problem = Some(text),
                            }
                        }
                        status = StatusCode::UNPROCESSABLE_ENTITY;
                    }
                    Err(StoreError::NotFound(_)) => {
                        answer.problem = Some(t!(lang, "hr.progress.reopen_choose").to_string());
                        status = StatusCode::UNPROCESSABLE_ENTITY;
                    }
                    Err(StoreError::Conflict(c)) => {
                        answer.problem = Some(c.message().render(lang));
                        status = StatusCode::CONFLICT;
                    }
                    Err(e) => return Err(PageError::from(e)),
                }
            }
        }
    }
    let page = page(&state, &visit, &visitor, &headers, cycle, None, answer).await?;
    Ok(html(status, &page))
}

/// The reminder form's fields.
#[derive(Deserialize)]
pub(super) struct RemindFields {
    csrf: Option<String>,
    language: Option<String>,
}

/// `POST /hr/cycles/{id}/progress/remind`: e-mails every rater not done who has an address,
/// then shows the page with how many were sent, failed and could not be e-mailed.
pub(super) async fn remind_all(
    State(state): State<AppState>,
    HrVisitor(visitor): HrVisitor,
    headers: HeaderMap,
    axum::extract::Path(raw): axum::extract::Path<String>,
    form: Result<Form<RemindFields>, FormRejection>,
) -> Result<Response, PageError> {
    let cycle = load(&state, &raw).await?;
    let fields = form.ok().map(|Form(f)| f);
    let token = fields.as_ref().and_then(|f| f.csrf.as_deref());
    if !csrf::matches(&visitor.csrf(&state), token) {
        return Err(
            PageError::new(StatusCode::FORBIDDEN, msg!("hr.cycle.expired")).back(
                format!("/hr/cycles/{}/progress", cycle.id),
                k!("hr.cycle.try_again"),
            ),
        );
    }
    let lang = fields
        .and_then(|f| f.language)
        .and_then(|l| Lang::parse(&l))
        .unwrap_or(Lang::Zh);
    let base = link_base(&state.site, &headers);
    match remind(&state, cycle.id, &visitor.user, lang, &base).await {
        Ok(run) => {
            let (sent, failed) = run.counts();
            Ok(see_other(&format!(
                "/hr/cycles/{}/progress?reminded={sent}&failed={failed}&skipped={}",
                cycle.id,
                run.without_email.len()
            )))
        }
        Err(e) => Err(PageError::from(e).back(
            format!("/hr/cycles/{}/progress", cycle.id),
            k!("hr.progress.back"),
        )),
    }
}
