//! `/hr/audit`: the audit log of every cycle and of actions without one, newest first, 100
//! lines a page: when (UTC), who, which cycle, the action in words, what it was done to and
//! why. `?cycle=ID` shows one cycle's lines, `?cycle=none` those without a cycle; an action
//! code the catalogues have no words for is shown as the code itself.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use yardstick_i18n::{Key, k, t};
use yardstick_store::{AuditFilter, PageRequest, StoreError};

use super::{Frame, PageError, Visit, console_nav, html};
use crate::auth::HrVisitor;
use crate::state::AppState;

/// Lines per page.
pub(crate) const PAGE_SIZE: u64 = 100;

/// The words of an action code, if the catalogues have them.
pub(crate) fn action_words(code: &str) -> Option<Key> {
    Some(match code {
        "cycle.draft" => k!("hr.audit.actions.cycle_draft"),
        "cycle.open" => k!("hr.audit.actions.cycle_open"),
        "cycle.closed" => k!("hr.audit.actions.cycle_closed"),
        "cycle.published" => k!("hr.audit.actions.cycle_published"),
        "notice" => k!("hr.audit.actions.notice"),
        "notice_removed" => k!("hr.audit.actions.notice_removed"),
        "response.reopen" => k!("hr.audit.actions.response_reopen"),
        "people.import" => k!("hr.audit.actions.people_import"),
        "person.update" => k!("hr.audit.actions.person_update"),
        "user.create" => k!("hr.audit.actions.user_create"),
        "user.update" => k!("hr.audit.actions.user_update"),
        "user.password_reset" => k!("hr.audit.actions.user_password_reset"),
        "response.invalidate" => k!("invalidation.audit.invalidate"),
        "response.restore" => k!("invalidation.audit.restore"),
        "retention.set" => k!("retention.audit.set"),
        "retention.clear" => k!("retention.audit.clear"),
        "responses.purge" => k!("retention.audit.purge"),
        "person.erase" => k!("erasure.audit.erase"),
        "cycle.create" => k!("faults.audit.cycle_create"),
        "assignments.auto" => k!("faults.audit.assignments_auto"),
        "assignment.add" => k!("faults.audit.assignment_add"),
        "assignment.remove" => k!("faults.audit.assignment_remove"),
        "reminders.send" => k!("faults.audit.reminders_send"),
        "model.import" => k!("faults.audit.model_import"),
        "model.replace" => k!("faults.audit.model_replace"),
        "download.results" => k!("faults.audit.download_results"),
        "download.company" => k!("faults.audit.download_company"),
        "download.report" => k!("faults.audit.download_report"),
        _ => return None,
    })
}

/// `ms` (Unix milliseconds) as `YYYY-MM-DD HH:MM:SS` in UTC.
pub(crate) fn utc(ms: i64) -> String {
    let c = crate::clock::civil(ms, 0);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// The query of the page.
#[derive(Deserialize, Default)]
pub(super) struct AuditQuery {
    cycle: Option<String>,
    page: Option<String>,
}

/// One line as shown.
struct Line {
    at: String,
    user: String,
    cycle: Option<(i64, String)>,
    action: Option<String>,
    code: String,
    subject: String,
    reason: String,
    detail: String,
}

/// A choice of the cycle filter: its value, words, whether chosen.
struct Choice {
    value: String,
    label: String,
    chosen: bool,
}

/// The page.
#[derive(Template)]
#[template(path = "hr/audit.html")]
struct AuditPage {
    layout: super::Layout,
    choices: Vec<Choice>,
    unknown_cycle: bool,
    lines: Vec<Line>,
    total: u64,
    page: u64,
    pages: u64,
    previous: Option<String>,
    next: Option<String>,
}

/// `GET /hr/audit`.
pub(super) async fn page(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let lang = visit.lang;
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let asked = query.cycle.unwrap_or_default();
    let mut filter = match asked.as_str() {
        "" => AuditFilter::All,
        "none" => AuditFilter::NoCycle,
        id => id.parse().map_or(AuditFilter::All, AuditFilter::Cycle),
    };
    let mut unknown_cycle = !asked.is_empty() && filter == AuditFilter::All;
    let number = query
        .page
        .and_then(|p| p.parse::<u64>().ok())
        .unwrap_or(1)
        .max(1);
    let request = |number| PageRequest {
        number,
        size: PAGE_SIZE,
    };
    let mut log = match state.store.audit_log(filter, request(number)).await {
        Err(StoreError::NotFound(_)) => {
            // A cycle that does not exist (any more): every line instead, saying so.
            unknown_cycle = true;
            filter = AuditFilter::All;
            state.store.audit_log(filter, request(number)).await?
        }
        other => other?,
    };
    let pages = log.total.div_ceil(PAGE_SIZE).max(1);
    let number = if number > pages {
        log = state.store.audit_log(filter, request(pages)).await?;
        pages
    } else {
        number
    };

    let cycles = state.store.cycles().await?;
    let value = match filter {
        AuditFilter::All => String::new(),
        AuditFilter::NoCycle => "none".to_string(),
        AuditFilter::Cycle(id) => id.to_string(),
    };
    let mut choices = vec![Choice {
        value: String::new(),
        label: t!(lang, "hr.audit.all_cycles").to_string(),
        chosen: value.is_empty(),
    }];
    choices.extend(cycles.iter().map(|c| Choice {
        value: c.id.to_string(),
        label: c.name.clone(),
        chosen: value == c.id.to_string(),
    }));
    choices.push(Choice {
        value: "none".into(),
        label: t!(lang, "hr.audit.no_cycle").to_string(),
        chosen: value == "none",
    });
    let href = |n: u64| {
        let mut href = format!("/hr/audit?page={n}");
        if !value.is_empty() {
            href.push_str("&cycle=");
            href.push_str(&value);
        }
        href
    };
    let lines = log
        .lines
        .into_iter()
        .map(|l| Line {
            at: utc(l.at),
            user: match (l.user, l.person_name) {
                (Some(u), Some(p)) => format!("{p} ({u})"),
                (Some(u), None) => u,
                (None, _) => t!(lang, "hr.audit.system").to_string(),
            },
            cycle: l.cycle_id.map(|id| {
                let name = l
                    .cycle_name
                    .unwrap_or_else(|| t!(lang, "hr.audit.cycle_gone", id = id));
                (id, name)
            }),
            action: action_words(&l.action).map(|k| k.text(lang).to_string()),
            code: l.action,
            subject: l.subject.unwrap_or_default(),
            reason: l.reason.unwrap_or_default(),
            detail: l.detail.unwrap_or_default(),
        })
        .collect();
    let mut layout = visit.layout(t!(lang, "hr.audit.title"), Frame::Console);
    layout.user = Some(visitor.user.username.clone());
    layout.csrf = visitor.csrf(&state);
    layout.nav = console_nav("/hr/audit");
    let page = AuditPage {
        layout,
        choices,
        unknown_cycle,
        lines,
        total: log.total,
        page: number,
        pages,
        previous: (number > 1).then(|| href(number - 1)),
        next: (number < pages).then(|| href(number + 1)),
    };
    Ok(html(StatusCode::OK, &page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_as_utc_dates_and_clock_times() {
        assert_eq!(utc(0), "1970-01-01 00:00:00");
        assert_eq!(utc(951_782_400_000), "2000-02-29 00:00:00");
        assert_eq!(utc(1_796_318_981_999), "2026-12-03 17:29:41");
        assert_eq!(utc(-1000), "1969-12-31 23:59:59");
    }

    #[test]
    fn an_action_without_words_is_shown_as_its_code() {
        let uri: axum::http::Uri = "/hr/audit".parse().unwrap();
        let line = |code: &str| Line {
            at: utc(0),
            user: "hr".into(),
            cycle: None,
            action: action_words(code).map(|k| k.text(yardstick_core::Lang::Zh).to_string()),
            code: code.into(),
            subject: String::new(),
            reason: String::new(),
            detail: String::new(),
        };
        let page = AuditPage {
            layout: super::super::Layout::new(yardstick_core::Lang::Zh, &uri, "x", Frame::Console),
            choices: vec![],
            unknown_cycle: false,
            lines: vec![line("model.retired"), line("cycle.open")],
            total: 2,
            page: 1,
            pages: 1,
            previous: None,
            next: None,
        };
        let html = page.render().unwrap();
        assert!(
            html.contains("<code class=\"unknown-action\">model.retired</code>"),
            "{html}"
        );
        assert!(html.contains("开始周期"));
        assert!(!html.contains(">cycle.open<"));
        let empty = AuditPage {
            lines: vec![],
            total: 0,
            ..page
        };
        assert!(empty.render().unwrap().contains("还没有任何记录"));
    }

    #[test]
    fn the_page_names_every_action_the_store_writes_in_both_languages() {
        let uri: axum::http::Uri = "/hr/audit".parse().unwrap();
        for lang in [yardstick_core::Lang::Zh, yardstick_core::Lang::En] {
            let lines = yardstick_store::AUDIT_ACTIONS
                .iter()
                .map(|code| Line {
                    at: utc(0),
                    user: "hr".into(),
                    cycle: None,
                    action: action_words(code).map(|k| k.text(lang).to_string()),
                    code: (*code).into(),
                    subject: String::new(),
                    reason: String::new(),
                    detail: String::new(),
                })
                .collect();
            let page = AuditPage {
                layout: super::super::Layout::new(lang, &uri, "x", Frame::Console),
                choices: vec![],
                unknown_cycle: false,
                lines,
                total: 1,
                page: 1,
                pages: 1,
                previous: None,
                next: None,
            };
            let html = page.render().unwrap();
            assert!(!html.contains("unknown-action"), "{lang:?}: {html}");
            for code in yardstick_store::AUDIT_ACTIONS {
                let words = action_words(code).unwrap();
                let text = words.text(lang);
                assert!(
                    html.contains(&format!("<td>{text}</td>")),
                    "{lang:?} {code}: {text}"
                );
                assert!(
                    !text.contains('.') && !text.contains('_'),
                    "{lang:?} {code}: {text}"
                );
                let other = match lang {
                    yardstick_core::Lang::Zh => yardstick_core::Lang::En,
                    yardstick_core::Lang::En => yardstick_core::Lang::Zh,
                };
                assert_ne!(text, words.text(other), "{code} is not translated");
            }
        }
    }

    #[test]
    fn every_action_the_store_writes_has_words() {
        for code in yardstick_store::AUDIT_ACTIONS {
            assert!(action_words(code).is_some(), "{code}");
        }
        assert!(action_words("something.new").is_none());
    }
}
