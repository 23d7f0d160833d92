//! Backups and restores (SPEC §6): round trips between the backends, backups taken while
//! raters submit, the refusals, and upgrades from the previous release's schema.

mod during_writes;
mod refusals;
mod round_trip;
mod upgrade;

use std::path::Path;
use std::sync::Arc;

use yardstick_core::{Choice, Relationship};
use yardstick_formats::results::write_json;
use yardstick_store::backup::{self, Contents, Quiet, Summary};
use yardstick_store::{
    AssesseeChoice, AssignmentView, CycleState, NewAssignment, NewReminder, RaterChoice,
    ReminderOutcome, ResponseInput, Role, Secret, SqlStore, Store,
};

use crate::cycles::new_cycle;
use crate::harness::{PgDatabase, company, hr};

/// The tables of release 0.1, each after those it refers to.
pub const RELEASE_TABLES: [&str; 14] = [
    "users",
    "sessions",
    "people",
    "models",
    "cycles",
    "cycle_assessees",
    "raters",
    "assignments",
    "responses",
    "audit_log",
    "cycle_notices",
    "notice_acknowledgements",
    "cycle_people",
    "reminders",
];

/// Runs a test body on a fresh store of each backend, given the store and its URL.
macro_rules! from_both {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let fixture = crate::harness::sqlite().await;
                ($body)(fixture.store.clone(), fixture.url.clone()).await;
                fixture.finish().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(fixture) = crate::harness::postgres().await {
                    ($body)(fixture.store.clone(), fixture.url.clone()).await;
                    fixture.finish().await;
                }
            }
        }
    };
}
pub(crate) use from_both;

/// The answers of the `n`th response: every point of the scale, some N/A, one unanswered.
pub fn answers(n: usize, submit: bool) -> ResponseInput {
    let answers = (0..79)
        .map(|j| match (n * 7 + j * 3) % 23 {
            0 => Some(Choice::Na),
            1 if !submit => None,
            k => Some(Choice::Point(i32::try_from(1 + k % 5).unwrap())),
        })
        .collect();
    ResponseInput {
        answers,
        comment: format!("第{n}份：沟通清楚，O'Brien 说 \"好\"\n第二行"),
        submit,
    }
}

fn token(a: &AssignmentView) -> &str {
    a.link.trim_start_matches("/r/")
}

/// Saves the response of assignment `a` through its rater's link.
pub async fn respond(store: &SqlStore, a: &AssignmentView, input: ResponseInput) {
    let r = store.rater_response(token(a), &a.assessee).await.unwrap();
    store.save_response(r.target, input).await.unwrap();
}

/// What [`fill`] made.
pub struct Filled {
    /// The cycle that ran to the end and is published.
    pub published: i64,
    /// The cycle raters are answering: submitted responses, drafts, nothing yet.
    pub open: i64,
}

/// A small company with something in every table: people, users and a session, the
/// built-in model, a published cycle with every response submitted (one reopened and
/// submitted again), an open cycle with a homeowner, a privacy notice read, submitted
/// responses, drafts and reminders, and the audit log all this writes.
pub async fn fill(store: &Arc<SqlStore>) -> Filled {
    company(store).await;
    let by = hr(store).await;
    store
        .add_user("pm1", "password-pm1", Role::Manager, Some("PM1"))
        .await
        .unwrap();
    store.login("pm1", "password-pm1").await.unwrap();

    let ids = |v: &[&str]| AssesseeChoice::Ids(v.iter().map(|s| s.to_string()).collect());
    let published = store
        .create_cycle(new_cycle(ids(&["PM1", "S11", "S12"])))
        .await
        .unwrap()
        .id;
    let all = store.auto_assign(published).await.unwrap();
    store
        .transition(published, CycleState::Open, Some(&by))
        .await
        .unwrap();
    for (n, a) in all.iter().enumerate() {
        respond(store, a, answers(n, true)).await;
    }
    let again = &all[1];
    store
        .reopen_response(
            published,
            again.rater.id,
            &again.assessee,
            &by,
            "答错了一题",
        )
        .await
        .unwrap();
    respond(store, again, answers(100, true)).await;
    for state in [CycleState::Closed, CycleState::Published] {
        store.transition(published, state, Some(&by)).await.unwrap();
    }

    let open = store
        .create_cycle(new_cycle(ids(&["PM2", "S21", "S22"])))
        .await
        .unwrap()
        .id;
    store.auto_assign(open).await.unwrap();
    let all = store
        .add_assignments(
            open,
            vec![NewAssignment {
                rater: RaterChoice::External {
                    name: "业主-3栋1202".into(),
                    phone: Some("13800001234".into()),
                },
                assessee: "PM2".into(),
                relationship: Relationship::Customer,
            }],
        )
        .await
        .unwrap();
    store
        .set_notice(open, Some("我们只保存您的评分和留言。".into()), Some(&by))
        .await
        .unwrap();
    store
        .transition(open, CycleState::Open, Some(&by))
        .await
        .unwrap();
    let customer = all
        .iter()
        .find(|a| a.relationship == Relationship::Customer)
        .unwrap();
    store.acknowledge_notice(token(customer)).await.unwrap();
    for (n, a) in all.iter().enumerate() {
        match n % 3 {
            0 => respond(store, a, answers(n, true)).await,
            1 => respond(store, a, answers(n, false)).await,
            _ => {}
        }
    }
    // Those who have not submitted: the drafts and those not started.
    let waiting: Vec<NewReminder> = all
        .iter()
        .enumerate()
        .filter(|(n, _)| n % 3 != 0)
        .take(2)
        .map(|(_, a)| a)
        .enumerate()
        .map(|(n, a)| NewReminder {
            rater: a.rater.id,
            address: format!("rater{n}@example.com"),
            outcome: if n == 0 {
                ReminderOutcome::Sent
            } else {
                ReminderOutcome::Failed("550 没有这个邮箱".into())
            },
        })
        .collect();
    store
        .record_reminders(open, Some(&by), waiting)
        .await
        .unwrap();
    Filled { published, open }
}

/// The Results of a cycle (SPEC §5) as the API writes them, every item's score included.
pub async fn results(store: &dyn Store, cycle: i64) -> String {
    let data = store.cycle_responses(cycle).await.unwrap();
    data.with_results(true, |view| {
        let mut out = Vec::new();
        write_json(view, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    })
    .unwrap()
}

/// The Results of every cycle of the database at `url`, opened as the server opens it.
pub async fn all_results(url: &str) -> Vec<(i64, String)> {
    let store = SqlStore::open(url, Secret::generate().unwrap())
        .await
        .unwrap();
    let mut out = Vec::new();
    for cycle in store.cycles().await.unwrap() {
        out.push((cycle.id, results(&store, cycle.id).await));
    }
    store.close().await;
    out
}

/// What the database at `url` holds.
pub async fn contents(url: &str) -> Contents {
    backup::contents(url).await.unwrap()
}

/// Rows per table.
pub fn counts(contents: &Contents) -> Vec<(String, usize)> {
    contents
        .iter()
        .map(|(table, (_, rows))| (table.clone(), rows.len()))
        .collect()
}

/// A SQLite URL for `file` in `dir`.
pub fn sqlite_url(dir: &Path, file: &str) -> String {
    format!("sqlite://{}", dir.join(file).display())
}

/// Backs up `url` into `file`, quietly.
pub async fn back_up(url: &str, file: &Path) -> Summary {
    backup::backup(url, file, false, &Quiet).await.unwrap()
}

/// Restores `file` into `url`, quietly.
pub async fn restore(file: &Path, url: &str) -> Summary {
    backup::restore(file, url, false, &Quiet).await.unwrap()
}

/// A fresh PostgreSQL database, if there is a server to test on.
pub async fn fresh_postgres() -> Option<PgDatabase> {
    PgDatabase::create().await
}
