//! The demo (`yardstick demo`): a property-management company of sixty people in three
//! projects, the built-in model, an open cycle whose assessees are the managers and
//! supervisors, with assignments from the org chart plus homeowners as customers, and
//! responses part way through — submitted, drafts, N/A answers and raters not yet started —
//! so that progress, results, pooling and responses set aside all show something.
//!
//! A year earlier the same company ran the same assessment to the end: that cycle holds a
//! response from every rater, and is closed and published, so reports and trends have
//! something to show. The general manager and one project manager have accounts (a manager
//! and an assessee) besides the administrator.
//!
//! Everything is written through the [`Store`] trait, and everything comes from a fixed
//! seed: the same company, cycle and answers on every run.

mod answers;
mod company;
mod rng;

use anyhow::Context;
use yardstick_core::CycleDraft;
use yardstick_store::{
    AssesseeChoice, AssignmentView, Cycle, CycleState, ModelChoice, NewCycle, ResponseStatus, Role,
    Store,
};

use crate::assignments::{by_rater, rater_key, token};

pub use answers::{Progress, Round, plan, response};
pub use company::{HEAD_OFFICE, assessees, customers, people};

/// The demo's database file, in the working directory.
pub const DEMO_FILE: &str = "yardstick-demo.db";
/// The demo administrator's user name.
pub const ADMIN_USER: &str = "admin";
/// The demo administrator's password: fixed, printed at every start and written in the
/// README, because the demo is for trying things out on one's own machine.
pub const ADMIN_PASSWORD: &str = "yardstick-demo";
/// The demo cycle's name.
pub const CYCLE_NAME: &str = "2026年度管理人员360评估";

/// The dimensions homeowners are asked in the demo cycle: 客户意识, 问题解决, 危机处理, 关系维护.
pub const CUSTOMER_DIMENSIONS: [&str; 4] = ["1", "4", "5", "6"];

/// The demo manager's user name: the general manager (总经理), who may read the published
/// reports of everyone below them.
pub const MANAGER_USER: &str = "manager";
/// The person the demo manager is: the general manager.
pub const MANAGER_PERSON: &str = "HQ001";
/// The demo assessee's user name: a project manager assessed in both cycles, who may read
/// their own published report.
pub const ASSESSEE_USER: &str = "assessee";
/// The person the demo assessee is: the project manager of 翠湖花园.
pub const ASSESSEE_PERSON: &str = "CH001";
/// The password of the demo manager and assessee: fixed and public, like the administrator's.
pub const USER_PASSWORD: &str = "yardstick-demo";
/// The earlier, published cycle's name.
pub const EARLIER_CYCLE_NAME: &str = "2025年度管理人员360评估";

/// What [`populate`] made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Populated {
    /// The open cycle.
    pub cycle: i64,
    /// The earlier cycle, complete and published.
    pub earlier: i64,
    /// People imported.
    pub people: usize,
    /// Assignments of the open cycle.
    pub assignments: usize,
    /// Responses submitted in the open cycle.
    pub submitted: usize,
    /// Drafts saved in the open cycle.
    pub drafts: usize,
}

/// A demo cycle's settings: its name, dates, and homeowners asked only what they see.
fn demo_cycle(
    name: &str,
    starts_on: &str,
    ends_on: &str,
    assessees: Vec<String>,
) -> anyhow::Result<NewCycle> {
    Ok(NewCycle {
        settings: CycleDraft {
            starts_on: Some(starts_on.to_string()),
            ends_on: Some(ends_on.to_string()),
            // Homeowners judge what they see from outside: not 团队建设, 品质意识 or 压力管理.
            dimensions: vec![(
                "customer".to_string(),
                CUSTOMER_DIMENSIONS.iter().map(|c| c.to_string()).collect(),
            )],
            ..CycleDraft::named(name)
        }
        .parse()
        .map_err(|_| anyhow::anyhow!("the demo cycle's settings"))?,
        model: ModelChoice::Builtin,
        assessees: AssesseeChoice::Ids(assessees),
    })
}

/// Fills an empty store with the demo company, its administrator, manager and assessee
/// users, the earlier cycle (every response submitted, closed and published) and the open
/// cycle with its assignments and responses part way.
pub async fn populate(store: &dyn Store) -> anyhow::Result<Populated> {
    let people = company::people();
    let count = people.len();
    let assessees = company::assessees(&people);
    let customers = company::customers(&people);
    store
        .import_people(people)
        .await
        .context("importing the demo company")?;
    let admin = store
        .add_user(ADMIN_USER, ADMIN_PASSWORD, Role::Admin, None)
        .await
        .context("adding the demo administrator")?;
    store
        .add_user(
            MANAGER_USER,
            USER_PASSWORD,
            Role::Manager,
            Some(MANAGER_PERSON),
        )
        .await
        .context("adding the demo manager")?;
    store
        .add_user(
            ASSESSEE_USER,
            USER_PASSWORD,
            Role::Employee,
            Some(ASSESSEE_PERSON),
        )
        .await
        .context("adding the demo assessee")?;

    let earlier = store
        .create_cycle(demo_cycle(
            EARLIER_CYCLE_NAME,
            "2025-11-17",
            "2025-12-12",
            assessees.clone(),
        )?)
        .await
        .context("creating the earlier demo cycle")?;
    assign(store, earlier.id, customers.clone()).await?;
    store
        .transition(earlier.id, CycleState::Open, Some(&admin))
        .await
        .context("opening the earlier demo cycle")?;
    answer(store, earlier.id, Round::Earlier).await?;
    for state in [CycleState::Closed, CycleState::Published] {
        store
            .transition(earlier.id, state, Some(&admin))
            .await
            .context("publishing the earlier demo cycle")?;
    }

    let cycle = store
        .create_cycle(demo_cycle(
            CYCLE_NAME,
            "2026-11-16",
            "2026-12-11",
            assessees,
        )?)
        .await
        .context("creating the demo cycle")?;
    assign(store, cycle.id, customers).await?;
    store
        .set_notice(
            cycle.id,
            Some(company::PRIVACY_NOTICE.to_string()),
            Some(&admin),
        )
        .await
        .context("setting the demo cycle's privacy notice")?;
    store
        .transition(cycle.id, CycleState::Open, Some(&admin))
        .await
        .context("opening the demo cycle")?;
    let (assignments, submitted, drafts) = answer(store, cycle.id, Round::Current).await?;
    Ok(Populated {
        cycle: cycle.id,
        earlier: earlier.id,
        people: count,
        assignments,
        submitted,
        drafts,
    })
}

/// Assigns raters from the org chart, and the homeowners.
async fn assign(
    store: &dyn Store,
    cycle: i64,
    customers: Vec<yardstick_store::NewAssignment>,
) -> anyhow::Result<()> {
    store
        .auto_assign(cycle)
        .await
        .context("assigning raters from the org chart")?;
    store
        .add_assignments(cycle, customers)
        .await
        .context("assigning homeowners")?;
    Ok(())
}

/// Saves the planned responses (in the earlier round, every one submitted); answers
/// (assignments, submitted, drafts).
async fn answer(
    store: &dyn Store,
    cycle: i64,
    round: Round,
) -> anyhow::Result<(usize, usize, usize)> {
    let views = store.assignments(cycle).await?;
    let (mut submitted, mut drafts) = (0, 0);
    for group in by_rater(&views) {
        let Some(first) = group.first() else { continue };
        let key = rater_key(&first.rater);
        let planned = match round {
            Round::Current => plan(&key, group.len()),
            Round::Earlier => vec![Progress::Submitted; group.len()],
        };
        for (view, progress) in group.iter().zip(planned) {
            if progress == Progress::NotStarted {
                continue;
            }
            let opened = store
                .rater_response(token(&view.link), &view.assessee)
                .await
                .context("opening a demo response")?;
            let mut input = response(
                &opened.model.model,
                &view.assessee,
                &key,
                view.relationship,
                progress,
                round,
            );
            // Items the cycle does not ask this relationship stay unanswered.
            opened.cycle.dimensions.keep_asked(
                view.relationship,
                &opened.model.model,
                &mut input.answers,
            );
            store
                .save_response(opened.target, input)
                .await
                .context("saving a demo response")?;
            match progress {
                Progress::Submitted => submitted += 1,
                _ => drafts += 1,
            }
        }
    }
    Ok((views.len(), submitted, drafts))
}

/// The demo cycle, if the store has one.
pub async fn find_cycle(store: &dyn Store) -> anyhow::Result<Option<Cycle>> {
    let cycles = store.cycles().await?;
    Ok(cycles
        .iter()
        .find(|c| c.name == CYCLE_NAME)
        .or(cycles.first())
        .cloned())
}

/// A rater's personal link and what it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaterLink {
    /// The rater's name.
    pub rater: String,
    /// The names of the assessees still to answer.
    pub assessees: Vec<String>,
    /// The link's path, `/r/{token}`.
    pub link: String,
}

/// Up to three raters who still have something to answer, chosen to show the range: a
/// colleague with several assessees, a homeowner, and someone with a draft.
pub async fn open_links(store: &dyn Store, cycle: i64) -> anyhow::Result<Vec<RaterLink>> {
    let views = store.assignments(cycle).await?;
    let groups: Vec<Vec<&AssignmentView>> = by_rater(&views)
        .into_iter()
        .map(|g| {
            g.into_iter()
                .filter(|v| v.status != ResponseStatus::Submitted)
                .collect::<Vec<_>>()
        })
        .filter(|g| !g.is_empty())
        .collect();
    type Wanted = fn(&[&AssignmentView]) -> bool;
    let wanted: [Wanted; 3] = [
        |g| g[0].rater.person_id.is_some() && g.len() >= 2,
        |g| g[0].rater.person_id.is_none(),
        |g| g.iter().any(|v| v.status == ResponseStatus::Draft),
    ];
    let mut chosen: Vec<usize> = Vec::new();
    for want in wanted {
        if let Some(i) = (0..groups.len()).find(|i| !chosen.contains(i) && want(&groups[*i])) {
            chosen.push(i);
        }
    }
    for i in 0..groups.len() {
        if chosen.len() >= 3 {
            break;
        }
        if !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    Ok(chosen
        .into_iter()
        .map(|i| {
            let g = &groups[i];
            RaterLink {
                rater: g[0].rater.name.clone(),
                assessees: g.iter().map(|v| v.assessee_name.clone()).collect(),
                link: g[0].link.clone(),
            }
        })
        .collect())
}
