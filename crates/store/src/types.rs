//! The records the store hands out and takes in.

use std::sync::Arc;

use yardstick_core::{Answer, AskedDimensions, CycleSettings, Given, Model, Relationship};

/// A rater's id within the store: its own type, so that it cannot be passed where a cycle's
/// or a model's id is meant (both are numbers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RaterId(pub i64);

impl RaterId {
    /// The number, as the API shows it (`rater_id`).
    pub fn get(self) -> i64 {
        self.0
    }
}

/// A user's role (SPEC §7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Everything, including users.
    Admin,
    /// Everything about people, models and cycles.
    Hr,
    /// Published reports of the people below them.
    Manager,
    /// Their own published report.
    Employee,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Hr, Role::Manager, Role::Employee];

    /// `admin`, `hr`, `manager` or `employee`.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Hr => "hr",
            Role::Manager => "manager",
            Role::Employee => "employee",
        }
    }

    /// Parses a code.
    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == text.trim())
    }

    /// Whether the role may do what HR does.
    pub fn is_hr(self) -> bool {
        matches!(self, Role::Admin | Role::Hr)
    }
}

/// A user account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// Id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Role.
    pub role: Role,
    /// The person this user is, if any.
    pub person_id: Option<String>,
}

/// A login session: the token goes to the client, only its hash is stored.
#[derive(Clone, Debug)]
pub struct Session {
    /// The bearer token (also the cookie value).
    pub token: String,
    /// Who logged in.
    pub user: User,
}

/// A limit on failed attempts (SPEC §7 Abuse): of the kind `scope`, at most `most` failures
/// for one key (a user name, an address) within `window_ms`; further attempts wait until
/// the oldest of those leaves the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// What is counted (`login-name`, `login-address`, `rater-address`).
    pub scope: &'static str,
    /// How many failures the window holds before attempts are refused.
    pub most: u32,
    /// How long a failure counts, in milliseconds.
    pub window_ms: i64,
}

impl Limit {
    /// Failed logins for one user name: 10 within 15 minutes.
    pub const LOGIN_NAME: Limit = Limit {
        scope: "login-name",
        most: 10,
        window_ms: 15 * 60 * 1000,
    };
    /// Failed logins from one address: 10 within 15 minutes.
    pub const LOGIN_ADDRESS: Limit = Limit {
        scope: "login-address",
        most: 10,
        window_ms: 15 * 60 * 1000,
    };
    /// Wrong rater tokens from one address: 30 within a minute.
    pub const RATER_ADDRESS: Limit = Limit {
        scope: "rater-address",
        most: 30,
        window_ms: 60 * 1000,
    };
}

/// A person of the company.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// Employee id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Department (管理处).
    pub department: String,
    /// Job title.
    pub title: String,
    /// Superior's id.
    pub superior: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
}

/// What a people import did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportOutcome {
    /// People added.
    pub imported: u64,
    /// People already known whose record the file replaced.
    pub updated: u64,
}

/// A model version as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelInfo {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Version label.
    pub version: String,
    /// Whether this is the built-in model.
    pub builtin: bool,
    /// Whether a cycle using it has opened (then it never changes).
    pub frozen: bool,
}

/// A model version with its parsed model.
#[derive(Clone, Debug)]
pub struct StoredModel {
    /// Its record.
    pub info: ModelInfo,
    /// The model.
    pub model: Arc<Model>,
}

pub use yardstick_core::CycleState;

/// An assessment cycle.
#[derive(Clone, Debug, PartialEq)]
pub struct Cycle {
    /// Id.
    pub id: i64,
    /// Name, e.g. 2026年度中层管理人员360评估.
    pub name: String,
    /// The model version it uses.
    pub model_id: i64,
    /// State.
    pub state: CycleState,
    /// Relationship weights, in the order self, superior, peer, subordinate, customer.
    pub weights: [f64; 5],
    /// Anonymity threshold `k`.
    pub threshold: i64,
    /// Most peers the automatic assignment gives an assessee.
    pub peers: i64,
    /// First day (ISO date), if set.
    pub starts_on: Option<String>,
    /// Last day (ISO date), if set.
    pub ends_on: Option<String>,
    /// The dimensions each relationship is asked (every dimension for a relationship not
    /// named).
    pub dimensions: AskedDimensions,
    /// The day (ISO date, Beijing time) its raw responses are to be deleted, if HR chose one.
    pub purge_on: Option<String>,
    /// When its raw responses were deleted (Unix milliseconds), if they were.
    pub purged_at: Option<i64>,
    /// How many times its results data changed after it stopped taking answers (the raw
    /// responses deleted, a person erased): a scoring kept in memory for an older revision
    /// is out of date.
    pub revision: i64,
}

/// Which model a new cycle uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModelChoice {
    /// The built-in model.
    Builtin,
    /// A stored model version.
    Id(i64),
}

/// Who is assessed in a new cycle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AssesseeChoice {
    /// Everybody in the people list.
    All,
    /// These people, in this order.
    Ids(Vec<String>),
}

/// A cycle to create.
#[derive(Clone, Debug)]
pub struct NewCycle {
    /// Its settings, parsed by [`yardstick_core::CycleDraft::parse`].
    pub settings: CycleSettings,
    /// Model.
    pub model: ModelChoice,
    /// Assessees.
    pub assessees: AssesseeChoice,
}

/// A rater named in a manual assignment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RaterChoice {
    /// A person of the company.
    Person(String),
    /// Someone outside it, e.g. a homeowner (业主).
    External {
        /// Name.
        name: String,
        /// Phone, which tells two people of the same name apart.
        phone: Option<String>,
    },
}

/// A manual assignment to add.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAssignment {
    /// Who rates.
    pub rater: RaterChoice,
    /// Whom.
    pub assessee: String,
    /// As what.
    pub relationship: Relationship,
}

/// Where a response stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseStatus {
    /// Nothing saved yet.
    Pending,
    /// Saved, not submitted.
    Draft,
    /// Submitted: counts in the results.
    Submitted,
}

impl ResponseStatus {
    /// The code.
    pub fn code(self) -> &'static str {
        match self {
            ResponseStatus::Pending => "pending",
            ResponseStatus::Draft => "draft",
            ResponseStatus::Submitted => "submitted",
        }
    }
}

/// A rater of a cycle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rater {
    /// Id (within the store).
    pub id: RaterId,
    /// The person, for raters from the company.
    pub person_id: Option<String>,
    /// Name.
    pub name: String,
    /// Phone, for external raters.
    pub phone: Option<String>,
}

impl Rater {
    /// How scoring and the Analytics object name the rater: the person id, or `X` and the
    /// rater's id for someone outside the company.
    pub fn label(&self) -> String {
        rater_label(self.person_id.as_deref(), self.id)
    }
}

/// The person id, or `X` and the rater's id for someone outside the company.
pub(crate) fn rater_label(person: Option<&str>, id: RaterId) -> String {
    match person {
        Some(person) => person.to_string(),
        None => format!("X{}", id.get()),
    }
}

/// One assignment of a cycle, as HR sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssignmentView {
    /// The rater.
    pub rater: Rater,
    /// The assessee's id.
    pub assessee: String,
    /// The assessee's name.
    pub assessee_name: String,
    /// How the rater stands to the assessee.
    pub relationship: Relationship,
    /// The response's state.
    pub status: ResponseStatus,
    /// The rater's personal link, `/r/{token}`.
    pub link: String,
}

/// One assessee as a rater sees them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaterTask {
    /// The assessee's id.
    pub assessee: String,
    /// Their name.
    pub name: String,
    /// How the rater stands to them.
    pub relationship: Relationship,
    /// The response's state.
    pub status: ResponseStatus,
}

/// What a rater's token opens.
#[derive(Clone, Debug)]
pub struct RaterSession {
    /// The cycle.
    pub cycle: Cycle,
    /// The rater.
    pub rater: Rater,
    /// Their assessees, in cycle order.
    pub tasks: Vec<RaterTask>,
    /// The cycle's privacy notice, for an outside rater of a cycle that has one.
    pub notice: Option<RaterNotice>,
}

/// A cycle's privacy notice as an outside rater meets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaterNotice {
    /// What is kept about outside raters and why, as HR wrote it.
    pub text: String,
    /// Whether this rater has acknowledged it.
    pub acknowledged: bool,
}

/// A response as saved.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedResponse {
    /// State.
    pub status: ResponseStatus,
    /// One choice per model item, N/A kept apart from not answered (`None`).
    pub answers: Vec<Given>,
    /// The comment.
    pub comment: String,
}

/// A response to save.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseInput {
    /// One choice per model item, in model order (`None`: not answered).
    pub answers: Vec<Given>,
    /// The comment ("" for none).
    pub comment: String,
    /// Whether to submit (final) or keep as a draft.
    pub submit: bool,
}

/// Response counts of one assessee and relationship.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgressRow {
    /// The assessee.
    pub assessee: String,
    /// Their name.
    pub name: String,
    /// The relationship.
    pub relationship: Relationship,
    /// Assignments.
    pub assigned: u64,
    /// Drafts saved.
    pub draft: u64,
    /// Responses submitted, the invalidated ones included.
    pub submitted: u64,
    /// Of the submitted, those HR has invalidated (left out of scores and analytics).
    pub invalidated: u64,
}

/// A submitted response HR has invalidated: left out of every score and analytic until it
/// is restored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalidation {
    /// The rater.
    pub rater: Rater,
    /// The assessee's person id.
    pub assessee: String,
    /// The assessee's name.
    pub assessee_name: String,
    /// The relationship.
    pub relationship: Relationship,
    /// Why, as given.
    pub reason: String,
    /// When (Unix milliseconds).
    pub at: i64,
    /// Who (user name), if the user still exists.
    pub user: Option<String>,
}

/// An assessee of a cycle, in the cycle's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CycleAssessee {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Department.
    pub department: String,
}

/// A submitted response, for scoring.
#[derive(Clone, Debug, PartialEq)]
pub struct SubmittedResponse {
    /// The rater: their person id, or `X{n}` for a rater from outside the company, `n`
    /// being the rater's number in the cycle (what the assignments API calls `rater_id`).
    pub rater: String,
    /// Position of the assessee in [`CycleResponses::assessees`].
    pub assessee: usize,
    /// The relationship.
    pub relationship: Relationship,
    /// One answer per model item.
    pub answers: Vec<Answer>,
    /// The comment.
    pub comment: String,
}

/// Everything scoring a cycle needs.
#[derive(Clone, Debug)]
pub struct CycleResponses {
    /// The cycle.
    pub cycle: Cycle,
    /// Its model.
    pub model: StoredModel,
    /// Its assessees, in order.
    pub assessees: Vec<CycleAssessee>,
    /// Every submitted response.
    pub responses: Vec<SubmittedResponse>,
}

/// Every action the audit log records, as stored in its `action` column.
pub const AUDIT_ACTIONS: &[&str] = &[
    "cycle.create",
    "cycle.draft",
    "cycle.open",
    "cycle.closed",
    "cycle.published",
    "notice",
    "notice_removed",
    "assignments.auto",
    "assignment.add",
    "assignment.remove",
    "reminders.send",
    "response.reopen",
    "response.invalidate",
    "response.restore",
    "model.import",
    "model.replace",
    "people.import",
    "person.update",
    "user.create",
    "user.update",
    "user.password_reset",
    "download.results",
    "download.company",
    "download.report",
    "retention.set",
    "retention.clear",
    "responses.purge",
    "person.erase",
];

/// A line to append to the audit log with [`crate::Store::record_audit`].
#[derive(Clone, Copy, Debug)]
pub struct NewAuditLine<'a> {
    /// Who, if a user.
    pub by: Option<&'a User>,
    /// What: one of [`AUDIT_ACTIONS`].
    pub action: &'a str,
    /// The cycle concerned, if any (it must exist).
    pub cycle: Option<i64>,
    /// What it was done to.
    pub subject: Option<&'a str>,
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    /// When (Unix milliseconds).
    pub at: i64,
    /// Who (user name), if a user.
    pub user: Option<String>,
    /// What, e.g. `response.reopen`, `cycle.open`.
    pub action: String,
    /// The cycle concerned.
    pub cycle_id: Option<i64>,
    /// What it was done to, e.g. `rater 12 → E001`.
    pub subject: Option<String>,
    /// Why, as given.
    pub reason: Option<String>,
}

/// The response a rater's save goes to, found from their token and the assessee.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseTarget {
    /// The cycle.
    pub cycle: i64,
    /// The assignment.
    pub assignment: i64,
}

/// One of a rater's responses with everything needed to show or check it.
#[derive(Clone, Debug)]
pub struct RaterResponse {
    /// Where a save goes.
    pub target: ResponseTarget,
    /// The cycle.
    pub cycle: Cycle,
    /// Its model.
    pub model: StoredModel,
    /// The rater.
    pub rater: Rater,
    /// The assessee's task line.
    pub task: RaterTask,
    /// The saved response, if any.
    pub saved: Option<SavedResponse>,
    /// The cycle's privacy notice, for an outside rater of a cycle that has one.
    pub notice: Option<RaterNotice>,
}

/// One line of an org chart: a person and their superior.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgLink {
    /// The person's id.
    pub person: String,
    /// Their superior's id, if they have one.
    pub superior: Option<String>,
}

/// What became of one reminder e-mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReminderOutcome {
    /// The mail server took the message.
    Sent,
    /// It did not; the error as the mail client put it (for HR, in the server's words).
    Failed(String),
}

impl ReminderOutcome {
    /// `sent` or `failed`.
    pub fn code(&self) -> &'static str {
        match self {
            ReminderOutcome::Sent => "sent",
            ReminderOutcome::Failed(_) => "failed",
        }
    }
}

/// A reminder to record: to whom it went and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewReminder {
    /// The rater reminded.
    pub rater: RaterId,
    /// The address it was sent to.
    pub address: String,
    /// What became of it.
    pub outcome: ReminderOutcome,
}

/// A reminder as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reminder {
    /// The rater reminded.
    pub rater: RaterId,
    /// When (Unix milliseconds).
    pub at: i64,
    /// Who sent it (user name), if the user still exists.
    pub by: Option<String>,
    /// The address it was sent to.
    pub address: String,
    /// What became of it.
    pub outcome: ReminderOutcome,
}

/// Who gains access to reports when a cycle is published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicationReach {
    /// The cycle's assessees.
    pub assessees: u64,
    /// Assessees with a user account (manager or employee) linked to them: they can read
    /// their own report.
    pub assessees_with_account: u64,
    /// Manager and employee accounts that gain access to at least one report (their own, or
    /// those of people below them in the org chart).
    pub accounts: u64,
    /// Of those, the accounts of people with at least one assessee below them.
    pub managers: u64,
}

// --- The whole audit log, filtered and paged (the console's audit page). ---

/// Which lines of the audit log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AuditFilter {
    /// Every line.
    #[default]
    All,
    /// The lines of one cycle.
    Cycle(i64),
    /// The lines of actions without a cycle.
    NoCycle,
}

/// One page of a list: `number` from 1, `size` lines each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRequest {
    /// Which page, from 1.
    pub number: u64,
    /// Lines per page, at least 1.
    pub size: u64,
}

/// One line of the audit log with the names of who and which cycle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditLine {
    /// The line's id (later lines have larger ids).
    pub id: i64,
    /// When (Unix milliseconds).
    pub at: i64,
    /// Who: the user name, if a user (and the user still exists).
    pub user: Option<String>,
    /// The name of the person the user is linked to, if any.
    pub person_name: Option<String>,
    /// What, e.g. `cycle.open`, `response.reopen`.
    pub action: String,
    /// The cycle concerned, if any.
    pub cycle_id: Option<i64>,
    /// That cycle's name, if it still exists.
    pub cycle_name: Option<String>,
    /// What it was done to.
    pub subject: Option<String>,
    /// Why, as given.
    pub reason: Option<String>,
    /// More detail, as recorded.
    pub detail: Option<String>,
}

/// A page of the audit log, newest first, and how many lines match in all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditLog {
    /// The page's lines, newest first.
    pub lines: Vec<AuditLine>,
    /// Lines matching the filter, on every page.
    pub total: u64,
}

/// What erasing a person's data would do to one cycle they are in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErasureEffect {
    /// A draft cycle: they are taken out of it (as assessee and rater).
    Removed,
    /// A cycle whose raw responses are deleted: their results stay under the pseudonym,
    /// and the reports of others keep their answers, which lead to nobody already.
    Pseudonymised,
    /// Only in the org chart kept at publication: the entry takes the pseudonym.
    ChartOnly,
    /// A cycle still taking answers, or one whose raw responses are kept: the erasure
    /// waits until they are deleted.
    Blocks,
}

/// One cycle a person is in, for the erasure of their data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErasureCycle {
    /// The cycle's id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its state.
    pub state: CycleState,
    /// Whether the person is assessed in it.
    pub assessee: bool,
    /// Whether the person rates in it.
    pub rater: bool,
    /// What erasing does to it.
    pub effect: ErasureEffect,
}

/// What erasing a person's data would do, before it is done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErasurePlan {
    /// The person.
    pub person: Person,
    /// The cycles they are in, oldest first.
    pub cycles: Vec<ErasureCycle>,
    /// The ids of the people who report to them (an erasure waits until none does).
    pub reports: Vec<String>,
    /// The user accounts linked to them that are deleted (managers', employees').
    pub deleted_users: Vec<String>,
    /// The HR and admin accounts linked to them, which are kept (their actions are in the
    /// audit log) without the link.
    pub unlinked_users: Vec<String>,
}

impl ErasurePlan {
    /// Whether the erasure can be done now.
    pub fn ready(&self) -> bool {
        self.reports.is_empty()
            && !self
                .cycles
                .iter()
                .any(|c| c.effect == ErasureEffect::Blocks)
    }
}
