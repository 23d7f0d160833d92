//! Raters who have not submitted, their absolute links, and reminding them by e-mail: one
//! message per rater with an e-mail address, in the language chosen, with their personal
//! link, the cycle's name and its last day; each outcome recorded in the store. Shared by
//! the progress page and `POST /api/v1/cycles/{id}/reminders`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::http::header::HOST;
use yardstick_core::{Lang, Relationship};
use yardstick_i18n::{msg, t};
use yardstick_store::{
    AssignmentView, CycleState, NewReminder, Person, Rater, RaterId, ReminderOutcome,
    ResponseStatus, User,
};

use crate::error::ApiError;
use crate::state::{AppState, Site};

/// The longest one run of reminders may take: the rest are recorded as not tried, so that
/// the request answers well within the server's 60-second limit.
const RUN_BUDGET: Duration = Duration::from_secs(30);

/// What absolute links start with: the configured public URL, else `http(s)://` and the
/// host the request was sent to, else nothing (the links stay relative).
pub(crate) fn link_base(site: &Site, headers: &HeaderMap) -> String {
    if let Some(url) = &site.public_url {
        return url.clone();
    }
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::trim)
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_graphic()));
    match host {
        Some(host) => {
            let scheme = if site.https { "https" } else { "http" };
            format!("{scheme}://{host}")
        }
        None => String::new(),
    }
}

/// One assessee a rater still has to answer for.
pub(crate) struct Task {
    /// The assessee's name.
    pub assessee_name: String,
    /// How the rater stands to them.
    pub relationship: Relationship,
    /// Pending or draft.
    pub status: ResponseStatus,
}

/// A rater with at least one response not submitted.
pub(crate) struct Waiting {
    /// The rater.
    pub rater: Rater,
    /// Their e-mail address (people of the company who have one).
    pub email: Option<String>,
    /// Their phone (the person's, or an outside rater's).
    pub phone: Option<String>,
    /// Their link, `/r/{token}`.
    pub link: String,
    /// What they still have to answer, in the cycle's order.
    pub tasks: Vec<Task>,
}

/// The raters of `assignments` who have not submitted everything, in the order they first
/// appear (the cycle's order of assessees).
pub(crate) fn waiting(assignments: &[AssignmentView], people: &[Person]) -> Vec<Waiting> {
    let people: HashMap<&str, &Person> = people.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut order: Vec<RaterId> = Vec::new();
    let mut by_rater: HashMap<RaterId, Waiting> = HashMap::new();
    for a in assignments {
        if a.status == ResponseStatus::Submitted {
            continue;
        }
        let entry = by_rater.entry(a.rater.id).or_insert_with(|| {
            order.push(a.rater.id);
            let person = a.rater.person_id.as_deref().and_then(|p| people.get(p));
            let nonblank =
                |v: Option<&String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
            Waiting {
                email: nonblank(person.and_then(|p| p.email.as_ref())),
                phone: nonblank(a.rater.phone.as_ref())
                    .or_else(|| nonblank(person.and_then(|p| p.phone.as_ref()))),
                rater: a.rater.clone(),
                link: a.link.clone(),
                tasks: Vec::new(),
            }
        });
        entry.tasks.push(Task {
            assessee_name: a.assessee_name.clone(),
            relationship: a.relationship,
            status: a.status,
        });
    }
    order
        .into_iter()
        .filter_map(|id| by_rater.remove(&id))
        .collect()
}

/// One reminder sent (or tried).
pub(crate) struct Sent {
    /// To whom.
    pub rater: RaterId,
    /// Their name.
    pub name: String,
    /// The address.
    pub address: String,
    /// What became of it.
    pub outcome: ReminderOutcome,
}

/// What one run of reminders did.
pub(crate) struct Run {
    /// Each message tried, in order.
    pub sent: Vec<Sent>,
    /// Raters not done who have no e-mail address (outside raters, people without one).
    pub without_email: Vec<(RaterId, String)>,
}

impl Run {
    /// How many were sent and how many failed.
    pub(crate) fn counts(&self) -> (usize, usize) {
        let ok = self
            .sent
            .iter()
            .filter(|s| s.outcome == ReminderOutcome::Sent)
            .count();
        (ok, self.sent.len() - ok)
    }
}

/// The subject and body of the reminder to `w` in `lang`.
pub(crate) fn compose(
    lang: Lang,
    cycle: &yardstick_store::Cycle,
    w: &Waiting,
    base: &str,
) -> (String, String) {
    let separator = t!(lang, "i18n.list_separator");
    let assessees = w
        .tasks
        .iter()
        .map(|task| {
            t!(
                lang,
                "hr.reminders.mail_assessee",
                name = task.assessee_name.as_str(),
                relationship = task.relationship.key()
            )
        })
        .collect::<Vec<_>>()
        .join(separator);
    let deadline = match &cycle.ends_on {
        Some(date) => t!(lang, "hr.reminders.mail_deadline", date = date.as_str()),
        None => String::new(),
    };
    let subject = t!(
        lang,
        "hr.reminders.mail_subject",
        cycle = cycle.name.as_str()
    );
    let body = t!(
        lang,
        "hr.reminders.mail_body",
        name = w.rater.name.as_str(),
        cycle = cycle.name.as_str(),
        assessees = assessees,
        deadline = deadline,
        link = format!("{base}{}", w.link)
    );
    (subject, body)
}

/// Reminds every rater of `cycle` who has not submitted and has an e-mail address, in
/// `lang`, with links starting with `base`; records each outcome. The cycle must be open,
/// an SMTP server configured and no other run of the cycle's reminders under way, on any
/// server (409 otherwise).
pub(crate) async fn remind(
    state: &AppState,
    cycle: i64,
    by: &User,
    lang: Lang,
    base: &str,
) -> Result<Run, ApiError> {
    let c = state.store.cycle(cycle).await?;
    if c.state != CycleState::Open {
        return Err(ApiError::of(
            StatusCode::CONFLICT,
            None,
            msg!("hr.reminders.not_open", state = c.state.label()),
        ));
    }
    let Some(smtp) = &state.site.smtp else {
        return Err(ApiError::of(
            StatusCode::CONFLICT,
            None,
            msg!("hr.reminders.no_smtp"),
        ));
    };
    // One run per cycle at a time, across every server sharing the database: a second
    // request while one is sending would mail every rater again.
    let Some(claim) = state.store.claim_reminders(cycle).await? else {
        return Err(ApiError::of(
            StatusCode::CONFLICT,
            None,
            msg!("servers.reminders_running"),
        ));
    };
    let assignments = state.store.assignments(cycle).await?;
    let people = state.store.people().await?;
    let started = Instant::now();
    let mut run = Run {
        sent: Vec::new(),
        without_email: Vec::new(),
    };
    for w in waiting(&assignments, &people) {
        let Some(address) = w.email.clone() else {
            run.without_email.push((w.rater.id, w.rater.name.clone()));
            continue;
        };
        let outcome = if started.elapsed() > RUN_BUDGET {
            ReminderOutcome::Failed(t!(lang, "hr.reminders.out_of_time").to_string())
        } else {
            let (subject, body) = compose(lang, &c, &w, base);
            match smtp.send(&w.rater.name, &address, &subject, body).await {
                Ok(()) => ReminderOutcome::Sent,
                Err(e) => {
                    tracing::warn!(rater = w.rater.id.get(), error = ?e, "a reminder was not sent");
                    ReminderOutcome::Failed(e.describe(lang))
                }
            }
        };
        // Each mail is recorded as soon as its fate is known, so that a run cut off halfway
        // still shows who was reminded.
        let record = NewReminder {
            rater: w.rater.id,
            address: address.clone(),
            outcome: outcome.clone(),
        };
        state
            .store
            .record_reminders(cycle, Some(by), vec![record])
            .await?;
        run.sent.push(Sent {
            rater: w.rater.id,
            name: w.rater.name.clone(),
            address,
            outcome,
        });
    }
    // Let go before answering, so that a run asked for next starts at once. (A run that
    // fails half-way lets go as the claim is dropped.)
    claim.release().await;
    Ok(run)
}

/// Unix milliseconds as `MM-DD HH:MM` in China Standard Time (UTC+8), the console's clock.
pub(crate) fn short_time(ms: i64) -> String {
    let c = crate::clock::civil(ms, 8 * 3600);
    format!("{:02}-{:02} {:02}:{:02}", c.month, c.day, c.hour, c.minute)
}

#[cfg(test)]
mod tests {
    use super::short_time;

    #[test]
    fn times_are_shown_in_china_standard_time() {
        // 2026-12-03 02:15 UTC is 10:15 in Beijing.
        assert_eq!(short_time(1_796_264_100_000), "12-03 10:15");
        assert_eq!(short_time(0), "01-01 08:00");
    }
}
