//! The [`Store`] contract and its SQL implementation.

use std::collections::HashMap;
use std::sync::Mutex;

use yardstick_formats::people::PersonRow;

use crate::claims::ReminderClaim;
use crate::db::{Backend, BoxFut, Db};
use crate::directory::{ImportPreview, PersonEdit, UserChange};
use crate::error::Result;
use crate::secret::Secret;
use crate::types::*;

/// Everything the server and the command line keep. Each method is one unit of work: it
/// either happens entirely (in one transaction) or not at all.
pub trait Store: Send + Sync {
    /// The backend.
    fn backend(&self) -> Backend;

    /// Adds a user with an argon2-hashed password.
    fn add_user<'a>(
        &'a self,
        username: &'a str,
        password: &'a str,
        role: Role,
        person: Option<&'a str>,
    ) -> BoxFut<'a, Result<User>>;
    /// Checks a user name and password and opens a session.
    fn login<'a>(&'a self, username: &'a str, password: &'a str) -> BoxFut<'a, Result<Session>>;
    /// How long, in milliseconds from `now`, attempts must wait because one of `checks`
    /// (a limit and its key: a user name, an address) holds its most failures within its
    /// window; the longest such wait, or `None` when none does.
    fn throttle_wait<'a>(
        &'a self,
        checks: &'a [(Limit, &'a str)],
        now: i64,
    ) -> BoxFut<'a, Result<Option<i64>>>;
    /// Records a failed attempt at `now` for each limit and key, and forgets the failures of
    /// those limits that have left their window.
    fn throttle_fail<'a>(
        &'a self,
        failures: &'a [(Limit, &'a str)],
        now: i64,
    ) -> BoxFut<'a, Result<()>>;
    /// Forgets the failures of one key under a limit (a user name after a good login).
    fn throttle_clear<'a>(&'a self, limit: Limit, key: &'a str) -> BoxFut<'a, Result<()>>;
    /// How many failures of a key are within its limit's window at `now`.
    fn throttle_count<'a>(
        &'a self,
        limit: Limit,
        key: &'a str,
        now: i64,
    ) -> BoxFut<'a, Result<u64>>;
    /// The user of a session token, if the session is open.
    fn session_user<'a>(&'a self, token: &'a str) -> BoxFut<'a, Result<Option<User>>>;
    /// Ends a session.
    fn logout<'a>(&'a self, token: &'a str) -> BoxFut<'a, Result<()>>;
    /// Changes the password of the user of `session`, who gives the `current` one; every
    /// other session of the user ends.
    fn change_password<'a>(
        &'a self,
        session: &'a str,
        current: &'a str,
        new: &'a str,
    ) -> BoxFut<'a, Result<()>>;

    /// Every user, oldest first.
    fn users(&self) -> BoxFut<'_, Result<Vec<User>>>;
    /// A user, by id.
    fn user(&self, id: i64) -> BoxFut<'_, Result<User>>;
    /// Adds a user as [`Store::add_user`] does, on behalf of `by` (HR), who is named in the
    /// audit log.
    fn create_user<'a>(
        &'a self,
        username: &'a str,
        password: &'a str,
        role: Role,
        person: Option<&'a str>,
        by: &'a User,
    ) -> BoxFut<'a, Result<User>>;
    /// Changes a user's role or person (HR); recorded in the audit log when anything changes.
    /// The person must exist. The user's sessions go on, with the new role from their next
    /// request.
    fn update_user<'a>(
        &'a self,
        id: i64,
        change: UserChange,
        by: &'a User,
    ) -> BoxFut<'a, Result<User>>;
    /// Sets a user's password (HR, who need not know the old one), by the same bounds as
    /// [`Store::change_password`]; every session of that user ends. Recorded in the audit log.
    fn reset_password<'a>(
        &'a self,
        id: i64,
        password: &'a str,
        by: &'a User,
    ) -> BoxFut<'a, Result<()>>;
    /// The lines of the audit log that concern no cycle (users and people), newest first, at
    /// most `limit`.
    fn account_audit(&self, limit: u32) -> BoxFut<'_, Result<Vec<AuditEntry>>>;

    /// Imports people (all or nothing): new ids are added, known ids replaced. The org chart
    /// the import makes with the people already known must hold together.
    fn import_people(&self, rows: Vec<PersonRow>) -> BoxFut<'_, Result<ImportOutcome>>;
    /// Imports people as [`Store::import_people`] does, on behalf of `by` (HR), who is named
    /// in the audit log.
    fn import_people_by<'a>(
        &'a self,
        rows: Vec<PersonRow>,
        by: &'a User,
    ) -> BoxFut<'a, Result<ImportOutcome>>;
    /// Everybody, in import order.
    fn people(&self) -> BoxFut<'_, Result<Vec<Person>>>;
    /// What importing `rows` would do, storing nothing: the people it adds, those it
    /// replaces (as stored now), and every problem of the org chart it makes with the people
    /// stored. [`Store::import_people`] checks again when it runs.
    fn check_people(&self, rows: Vec<PersonRow>) -> BoxFut<'_, Result<ImportPreview>>;
    /// Replaces one person's record (HR), by the bounds of the People file; the superior
    /// must be a person other than this one and not below them (no reporting loop). Every
    /// problem is reported at once. Recorded in the audit log.
    fn update_person<'a>(
        &'a self,
        id: &'a str,
        edit: PersonEdit,
        by: Option<&'a User>,
    ) -> BoxFut<'a, Result<Person>>;

    /// The built-in model's id.
    fn builtin_model(&self) -> BoxFut<'_, Result<ModelInfo>>;
    /// Stores a TOML model. A name and version already stored with another definition is
    /// replaced while no open cycle uses it, and otherwise stored as a new version.
    fn import_model(&self, toml: String) -> BoxFut<'_, Result<ModelInfo>>;
    /// Imports a model as [`Store::import_model`] does, on behalf of `by` (HR, or `None` from
    /// the command line): a new version is recorded in the audit log as `model.import`, a
    /// replaced definition as `model.replace`, in the same transaction.
    fn import_model_by<'a>(
        &'a self,
        toml: String,
        by: Option<&'a User>,
    ) -> BoxFut<'a, Result<ModelInfo>>;
    /// A stored model version.
    fn model(&self, id: i64) -> BoxFut<'_, Result<StoredModel>>;
    /// Every stored model version.
    fn models(&self) -> BoxFut<'_, Result<Vec<ModelInfo>>>;

    /// Creates a cycle in the draft state.
    fn create_cycle(&self, cycle: NewCycle) -> BoxFut<'_, Result<Cycle>>;
    /// Creates a cycle as [`Store::create_cycle`] does, on behalf of `by`; recorded in the
    /// audit log as `cycle.create`.
    fn create_cycle_by<'a>(
        &'a self,
        cycle: NewCycle,
        by: Option<&'a User>,
    ) -> BoxFut<'a, Result<Cycle>>;
    /// A cycle.
    fn cycle(&self, id: i64) -> BoxFut<'_, Result<Cycle>>;
    /// Every cycle, newest first.
    fn cycles(&self) -> BoxFut<'_, Result<Vec<Cycle>>>;
    /// Moves a cycle to `target`: nothing happens if it is there already; a move the state
    /// machine does not allow is a conflict. Opening freezes the cycle's model.
    fn transition<'a>(
        &'a self,
        id: i64,
        target: CycleState,
        by: Option<&'a User>,
    ) -> BoxFut<'a, Result<Cycle>>;

    /// Adds the assignments the org chart gives (those not there yet) and returns all.
    fn auto_assign(&self, cycle: i64) -> BoxFut<'_, Result<Vec<AssignmentView>>>;
    /// Adds assignments, all or nothing, and returns all of the cycle's assignments.
    fn add_assignments(
        &self,
        cycle: i64,
        add: Vec<NewAssignment>,
    ) -> BoxFut<'_, Result<Vec<AssignmentView>>>;
    /// Removes an assignment that has no submitted response.
    fn remove_assignment<'a>(
        &'a self,
        cycle: i64,
        rater: RaterId,
        assessee: &'a str,
    ) -> BoxFut<'a, Result<()>>;
    /// [`Store::auto_assign`] on behalf of `by`; recorded as `assignments.auto` with the
    /// count added, when it adds any.
    fn auto_assign_by<'a>(
        &'a self,
        cycle: i64,
        by: Option<&'a User>,
    ) -> BoxFut<'a, Result<Vec<AssignmentView>>>;
    /// [`Store::add_assignments`] on behalf of `by`; each added assignment is recorded as
    /// `assignment.add`.
    fn add_assignments_by<'a>(
        &'a self,
        cycle: i64,
        add: Vec<NewAssignment>,
        by: Option<&'a User>,
    ) -> BoxFut<'a, Result<Vec<AssignmentView>>>;
    /// [`Store::remove_assignment`] on behalf of `by`; recorded as `assignment.remove`.
    fn remove_assignment_by<'a>(
        &'a self,
        cycle: i64,
        rater: RaterId,
        assessee: &'a str,
        by: Option<&'a User>,
    ) -> BoxFut<'a, Result<()>>;
    /// Every assignment of a cycle, with its link, in the cycle's order of assessees.
    fn assignments(&self, cycle: i64) -> BoxFut<'_, Result<Vec<AssignmentView>>>;

    /// What a rater's token opens.
    fn rater_session<'a>(&'a self, token: &'a str) -> BoxFut<'a, Result<RaterSession>>;
    /// The cycle, model and saved response of one of a rater's assessees.
    fn rater_response<'a>(
        &'a self,
        token: &'a str,
        assessee: &'a str,
    ) -> BoxFut<'a, Result<RaterResponse>>;
    /// Saves a response (a draft, or submitted). Submitting the same answers again changes
    /// nothing; any other change to a submitted response, or any change while the cycle is
    /// not open, is a conflict.
    fn save_response(
        &self,
        target: ResponseTarget,
        input: ResponseInput,
    ) -> BoxFut<'_, Result<ResponseStatus>>;
    /// Turns a submitted response back into a draft (HR only), recorded in the audit log.
    fn reopen_response<'a>(
        &'a self,
        cycle: i64,
        rater: RaterId,
        assessee: &'a str,
        by: &'a User,
        reason: &'a str,
    ) -> BoxFut<'a, Result<()>>;

    /// Invalidates a submitted response (HR), with a reason (1 to 500 characters, one
    /// line), in an open or closed cycle: scoring, reports and analytics leave it out until
    /// it is restored. Recorded in the audit log.
    fn invalidate_response<'a>(
        &'a self,
        cycle: i64,
        rater: RaterId,
        assessee: &'a str,
        by: &'a User,
        reason: &'a str,
    ) -> BoxFut<'a, Result<()>>;
    /// Restores an invalidated response (HR), in an open or closed cycle; recorded in the
    /// audit log with the reason of the invalidation undone.
    fn restore_response<'a>(
        &'a self,
        cycle: i64,
        rater: RaterId,
        assessee: &'a str,
        by: &'a User,
    ) -> BoxFut<'a, Result<()>>;
    /// The invalidated responses of a cycle, in the cycle's order of assessees.
    fn invalidations(&self, cycle: i64) -> BoxFut<'_, Result<Vec<Invalidation>>>;

    /// Response counts per assessee and relationship.
    fn progress(&self, cycle: i64) -> BoxFut<'_, Result<Vec<ProgressRow>>>;
    /// What scoring the cycle needs: assessees in order and every submitted response that
    /// is not invalidated.
    fn cycle_responses(&self, cycle: i64) -> BoxFut<'_, Result<CycleResponses>>;
    /// The audit log of a cycle, oldest first.
    fn audit(&self, cycle: i64) -> BoxFut<'_, Result<Vec<AuditEntry>>>;

    /// Sets (or, with `None`, removes) a cycle's privacy notice to outside raters, in a
    /// draft or open cycle. A new text is shown again to those who acknowledged the old.
    fn set_notice<'a>(
        &'a self,
        cycle: i64,
        text: Option<String>,
        by: Option<&'a User>,
    ) -> BoxFut<'a, Result<()>>;
    /// A cycle's privacy notice, if it has one.
    fn notice(&self, cycle: i64) -> BoxFut<'_, Result<Option<String>>>;
    /// Records that the rater of `token` has read the cycle's privacy notice.
    fn acknowledge_notice<'a>(&'a self, token: &'a str) -> BoxFut<'a, Result<()>>;

    /// The org chart a cycle's reports are read by: as it stood at publication for a
    /// published cycle, else as it stands now.
    fn cycle_org_chart(&self, cycle: i64) -> BoxFut<'_, Result<Vec<OrgLink>>>;
    /// Records reminders sent to raters of a cycle (all or nothing; a rater of another
    /// cycle is not found), with who sent them.
    fn record_reminders<'a>(
        &'a self,
        cycle: i64,
        by: Option<&'a User>,
        sent: Vec<NewReminder>,
    ) -> BoxFut<'a, Result<()>>;
    /// Every reminder of a cycle, oldest first.
    fn reminders(&self, cycle: i64) -> BoxFut<'_, Result<Vec<Reminder>>>;
    /// Whether the database answers a query (`SELECT 1`), for health checks.
    fn ping(&self) -> BoxFut<'_, Result<()>>;
    /// Claims the sending of a cycle's reminders for one run: `None` while another run of
    /// the same cycle holds the claim, on this server or (on PostgreSQL) on any other
    /// sharing the database. The claim lasts until the value is dropped.
    fn claim_reminders(&self, cycle: i64) -> BoxFut<'_, Result<Option<ReminderClaim>>>;
    /// Who gains access to reports when the cycle is published.
    fn publication_reach(&self, cycle: i64) -> BoxFut<'_, Result<PublicationReach>>;

    /// Closes the connections.
    fn close(&self) -> BoxFut<'_, ()>;

    /// Appends one line to the audit log for something that changes nothing stored (a
    /// download of personal data): `action` must be one of [`AUDIT_ACTIONS`].
    fn record_audit<'a>(&'a self, line: NewAuditLine<'a>) -> BoxFut<'a, Result<()>>;

    // --- The whole audit log (the console's audit page). ---
    /// The audit log, newest first: every line, a cycle's (an unknown cycle is not found),
    /// or the lines without a cycle; one page of it and the count of all matching lines.
    fn audit_log(&self, filter: AuditFilter, page: PageRequest) -> BoxFut<'_, Result<AuditLog>>;

    // --- Keeping personal data only as long as needed (docs/privacy.md). ---
    /// Sets (or, with `None`, removes) the day (ISO date, Beijing time, not before `today`)
    /// a closed or published cycle's raw responses are deleted. Recorded in the audit log.
    fn set_purge_on<'a>(
        &'a self,
        cycle: i64,
        day: Option<String>,
        today: String,
        by: Option<&'a User>,
    ) -> BoxFut<'a, Result<Cycle>>;
    /// Deletes a closed or published cycle's raw responses now, keeping the submitted answer
    /// sets its results are computed from without their raters; nothing happens to a cycle
    /// whose raw responses are gone already. Recorded in the audit log.
    fn purge_responses<'a>(&'a self, cycle: i64, by: Option<&'a User>)
    -> BoxFut<'a, Result<Cycle>>;
    /// Deletes the raw responses of every cycle whose chosen day is `today` or before; the
    /// ids of the cycles purged.
    fn purge_due<'a>(&'a self, today: &'a str) -> BoxFut<'a, Result<Vec<i64>>>;
    /// What erasing a person's data would do.
    fn erasure_plan<'a>(&'a self, person: &'a str) -> BoxFut<'a, Result<ErasurePlan>>;
    /// Erases a person's data (HR) as [`ErasurePlan`] describes, when it is ready; the
    /// pseudonym their remaining results are kept under. Recorded in the audit log under
    /// the pseudonym.
    fn erase_person<'a>(&'a self, person: &'a str, by: &'a User) -> BoxFut<'a, Result<String>>;
}

/// The store on a SQL database, SQLite or PostgreSQL by URL.
pub struct SqlStore {
    pub(crate) db: Db,
    pub(crate) secret: Secret,
    /// Frozen model versions never change, so they are kept once read.
    pub(crate) frozen_models: Mutex<HashMap<i64, StoredModel>>,
    /// The argon2 work of its logins and password changes.
    pub(crate) passwords: crate::passwords::Passwords,
    /// The cycles whose reminders are being sent, on SQLite (one server); on PostgreSQL the
    /// claims are the database's, seen by every server.
    pub(crate) reminder_runs: std::sync::Arc<Mutex<std::collections::HashSet<i64>>>,
}

impl SqlStore {
    /// Opens the database at `url` (`sqlite://FILE`, created if absent, or `postgres://…`),
    /// applies pending migrations and makes sure the built-in model is stored. `secret` is
    /// the server secret rater links are derived from.
    pub async fn open(url: &str, secret: Secret) -> Result<SqlStore> {
        let store = SqlStore {
            db: Db::open(url).await?,
            secret,
            frozen_models: Mutex::new(HashMap::new()),
            passwords: crate::passwords::Passwords::default(),
            reminder_runs: std::sync::Arc::default(),
        };
        crate::passwords::prepare().await?;
        store.ensure_builtin_model().await?;
        Ok(store)
    }

    /// SQLite only, for tests of a full disk: limits the database to `pages` pages on the
    /// connection that writes (`PRAGMA max_page_count`, never below the file's size), or
    /// reads the limit with `0`; answers the limit in force. A write needing more space
    /// then fails as on a full disk.
    #[cfg(feature = "fault-injection")]
    pub async fn set_sqlite_max_pages(&self, pages: u64) -> Result<u64> {
        self.db.set_sqlite_max_pages(pages).await
    }

    /// How many password verifications this store has run, logins of unknown user names
    /// included (each runs the same argon2 work as a wrong password).
    pub fn password_verifications(&self) -> u64 {
        self.passwords.verified()
    }

    async fn ping_impl(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(self.db.pool()).await?;
        Ok(())
    }
}

macro_rules! boxed {
    ($e:expr) => {
        Box::pin(async move { $e.await })
    };
}

impl Store for SqlStore {
    fn backend(&self) -> Backend {
        self.db.backend()
    }
    fn add_user<'a>(
        &'a self,
        username: &'a str,
        password: &'a str,
        role: Role,
        person: Option<&'a str>,
    ) -> BoxFut<'a, Result<User>> {
        boxed!(self.add_user_impl(username, password, role, person, None))
    }
    fn login<'a>(&'a self, username: &'a str, password: &'a str) -> BoxFut<'a, Result<Session>> {
        boxed!(self.login_impl(username, password))
    }
    fn session_user<'a>(&'a self, token: &'a str) -> BoxFut<'a, Result<Option<User>>> {
        boxed!(self.session_user_impl(token))
    }
    fn throttle_wait<'a>(
        &'a self,
        checks: &'a [(Limit, &'a str)],
        now: i64,
    ) -> BoxFut<'a, Result<Option<i64>>> {
        boxed!(self.throttle_wait_impl(checks, now))
    }
    fn throttle_fail<'a>(
        &'a self,
        failures: &'a [(Limit, &'a str)],
        now: i64,
    ) -> BoxFut<'a, Result<()>> {
        boxed!(self.throttle_fail_impl(failures, now))
    }
    fn throttle_clear<'a>(&'a self, limit: Limit, key: &'a str) -> BoxFut<'a, Result<()>> {
        boxed!(self.throttle_clear_impl(limit, key))
    }
    fn throttle_count<'a>(
        &'a self,
        limit: Limit,
        key: &'a str,
        now: i64,
    ) -> BoxFut<'a, Result<u64>> {
        boxed!(self.throttle_count_impl(limit, key, now))
    }
    fn logout<'a>(&'a self, token: &'a str) -> BoxFut<'a, Result<()>> {
        boxed!(self.logout_impl(token))
    }
    fn change_password<'a>(
        &'a self,
        session: &'a str,
        current: &'a str,
        new: &'a str,
    ) -> BoxFut<'a, Result<()>> {
        boxed!(self.change_password_impl(session, current, new))
    }
    fn users(&self) -> BoxFut<'_, Result<Vec<User>>> {
        boxed!(self.users_impl())
    }
    fn user(&self, id: i64) -> BoxFut<'_, Result<User>> {
        boxed!(self.user_impl(id))
    }
    fn create_user<'a>(
        &'a self,
        username: &'a str,
        password: &'a str,
        role: Role,
        person: Option<&'a str>,
        by: &'a User,
    ) -> BoxFut<'a, Result<User>> {
        boxed!(self.add_user_impl(username, password, role, person, Some(by)))
    }
    fn update_user<'a>(
        &'a self,
        id: i64,
        change: UserChange,
        by: &'a User,
    ) -> BoxFut<'a, Result<User>> {
        boxed!(self.update_user_impl(id, change, by))
    }
    fn reset_password<'a>(
        &'a self,
        id: i64,
        password: &'a str,
        by: &'a User,
    ) -> BoxFut<'a, Result<()>> {
        boxed!(self.reset_password_impl(id, password, by))
    }
    fn account_audit(&self, limit: u32) -> BoxFut<'_, Result<Vec<AuditEntry>>> {
        boxed!(self.account_audit_impl(limit))
    }
    fn import_people(&self, rows: Vec<PersonRow>) -> BoxFut<'_, Result<ImportOutcome>> {
        boxed!(self.import_people_impl(rows, None))
    }
    fn import_people_by<'a>(
        &'a self,
        rows: Vec<PersonRow>,
        by: &'a User,
    ) -> BoxFut<'a, Result<ImportOutcome>> {
        boxed!(self.import_people_impl(rows, Some(by)))
    }
    fn people(&self) -> BoxFut<'_, Result<Vec<Person>>> {
        boxed!(self.people_impl())
    }
    fn check_people(&self, rows: Vec<PersonRow>) -> BoxFut<'_, Result<ImportPreview>> {
        boxed!(self.check_people_impl(rows))
    }
    fn update_person<'a>(
        &'a self,
        id: &'a str,
        edit: PersonEdit,
        by: Option<&'a User>,
    ) -> BoxFut<'a, Result<Person>> {
        boxed!(self.update_person_impl(id, edit, by))
    }
    fn builtin_model(&self) -> BoxFut<'_, Result<ModelInfo>> {
        boxed!(self.builtin_model_impl())
    }
    fn import_model(&self, toml: String) -> BoxFut<'_, Result<ModelInfo>> {
        boxed!(self.import_model_impl(toml, None))
    }
    fn import_model_by<'a>(
        &'a self,
        toml: String,
        by: Option<&'a User>,
    ) -> BoxFut<'a, Result<ModelInfo>> {
        boxed!(self.import_model_impl(toml, by))
    }
    fn model(&self, id: i64) -> BoxFut<'_, Result<StoredModel>> {
        boxed!(self.model_impl(id))
    }
    fn models(&self) -> BoxFut<'_, Result<Vec<ModelInfo>>> {
        boxed!(self.models_impl())
    }
    fn create_cycle(&self, cycle: NewCycle) -> BoxFut<'_, Result<Cycle>> {
        boxed!(self.create_cycle_impl(cycle, None))
    }
    fn create_cycle_by<'a>(
        &'a self,
        cycle: NewCycle,
        by: Option<&'a User>,
    ) -> BoxFut<'a, Result<Cycle>> {
        boxed!(self.create_cycle_impl(cycle, by))
    }
    fn cycle(&self, id: i64) -> BoxFut<'_, Result<Cycle>> {
        boxed!(self.cycle_impl(id))
    }
    fn cycles(&self) -> BoxFut<'_, Result<Vec<Cycle>>> {
        boxed!(self.cycles_impl())
    }
    fn transition<'a>(
        &'a self,
        id: i64,
        target: CycleState,
        by: Option<&'a User>,
    ) -> BoxFut<'a, Result<Cycle>> {
        boxed!(self.transition_impl(id, target, by))
    }
    fn auto_assign(&self, cycle: i64) -> BoxFut<'_, Result<Vec<AssignmentView>>> {
        boxed!(self.auto_assign_impl(cycle, None))
    }
    fn auto_assign_by<'a>(
        &'a self,
        cycle: i64,
        by: Option<&'a User>,
    ) -> BoxFut<'a, Result<Vec<AssignmentView>>> {
        boxed!(self.auto_assign_impl(cycle, by))
    }
    fn add_assignments(
        &self,
        cycle: i64,
        add: Vec<NewAssignment>,
    ) -> BoxFut<'_, Result<Vec<AssignmentView>>> {
        boxed!(self.add_assignments_impl(cycle, add, None))
    }
    fn add_assignments_by<'a>(
        &'a self,
        cycle: i64,
        add: Vec<NewAssignment>,
        by: Option<&'a User>,
    ) -> BoxFut<'a, Result<Vec<AssignmentView>>> {
        boxed!(self.add_assignments_impl(cycle, add, by))
    }
    fn remove_assignment<'a>(
        &'a self,
        cycle: i64,
        rater: RaterId,
        assessee: &'a str,
    ) -> BoxFut<'a, Result<()>> {
        boxed!(self.remove_assignment_impl(cycle, rater, assessee, None))
    }
    fn remove_assignment_by<'a>(
        &'a self,
        cycle: i64,
        rater: RaterId,
        assessee: &'a str,
        by: Option<&'a User>,
    ) -> BoxFut<'a, Result<()>> {
        boxed!(self.remove_assignment_impl(cycle, rater, assessee, by))
    }
    fn assignments(&self, cycle: i64) -> BoxFut<'_, Result<Vec<AssignmentView>>> {
        boxed!(self.assignments_impl(cycle))
    }
    fn rater_session<'a>(&'a self, token: &'a str) -> BoxFut<'a, Result<RaterSession>> {
        boxed!(self.rater_session_impl(token))
    }
    fn rater_response<'a>(
        &'a self,
        token: &'a str,
        assessee: &'a str,
    ) -> BoxFut<'a, Result<RaterResponse>> {
        boxed!(self.rater_response_impl(token, assessee))
    }
    fn save_response(
        &self,
        target: ResponseTarget,
        input: ResponseInput,
    ) -> BoxFut<'_, Result<ResponseStatus>> {
        boxed!(self.save_response_impl(target, input))
    }
    fn reopen_response<'a>(
        &'a self,
        cycle: i64,
        rater: RaterId,
        assessee: &'a str,
        by: &'a User,
        reason: &'a str,
    ) -> BoxFut<'a, Result<()>> {
        boxed!(self.reopen_response_impl(cycle, rater, assessee, by, reason))
    }
    fn invalidate_response<'a>(
        &'a self,
        cycle: i64,
        rater: RaterId,
        assessee: &'a str,
        by: &'a User,
        reason: &'a str,
    ) -> BoxFut<'a, Result<()>> {
        boxed!(self.invalidate_response_impl(cycle, rater, assessee, by, reason))
    }
    fn restore_response<'a>(
        &'a self,
        cycle: i64,
        rater: RaterId,
        assessee: &'a str,
        by: &'a User,
    ) -> BoxFut<'a, Result<()>> {
        boxed!(self.restore_response_impl(cycle, rater, assessee, by))
    }
    fn invalidations(&self, cycle: i64) -> BoxFut<'_, Result<Vec<Invalidation>>> {
        boxed!(self.invalidations_impl(cycle))
    }
    fn progress(&self, cycle: i64) -> BoxFut<'_, Result<Vec<ProgressRow>>> {
        boxed!(self.progress_impl(cycle))
    }
    fn cycle_responses(&self, cycle: i64) -> BoxFut<'_, Result<CycleResponses>> {
        boxed!(self.cycle_responses_impl(cycle))
    }
    fn audit(&self, cycle: i64) -> BoxFut<'_, Result<Vec<AuditEntry>>> {
        boxed!(self.audit_impl(cycle))
    }
    fn set_notice<'a>(
        &'a self,
        cycle: i64,
        text: Option<String>,
        by: Option<&'a User>,
    ) -> BoxFut<'a, Result<()>> {
        boxed!(self.set_notice_impl(cycle, text, by))
    }
    fn notice(&self, cycle: i64) -> BoxFut<'_, Result<Option<String>>> {
        boxed!(self.notice_impl(cycle))
    }
    fn acknowledge_notice<'a>(&'a self, token: &'a str) -> BoxFut<'a, Result<()>> {
        boxed!(self.acknowledge_notice_impl(token))
    }

    fn cycle_org_chart(&self, cycle: i64) -> BoxFut<'_, Result<Vec<OrgLink>>> {
        boxed!(self.cycle_org_chart_impl(cycle))
    }

    fn record_reminders<'a>(
        &'a self,
        cycle: i64,
        by: Option<&'a User>,
        sent: Vec<NewReminder>,
    ) -> BoxFut<'a, Result<()>> {
        boxed!(self.record_reminders_impl(cycle, by, sent))
    }
    fn ping(&self) -> BoxFut<'_, Result<()>> {
        boxed!(self.ping_impl())
    }
    fn claim_reminders(&self, cycle: i64) -> BoxFut<'_, Result<Option<ReminderClaim>>> {
        boxed!(self.claim_reminders_impl(cycle))
    }
    fn reminders(&self, cycle: i64) -> BoxFut<'_, Result<Vec<Reminder>>> {
        boxed!(self.reminders_impl(cycle))
    }
    fn publication_reach(&self, cycle: i64) -> BoxFut<'_, Result<PublicationReach>> {
        boxed!(self.publication_reach_impl(cycle))
    }
    fn close(&self) -> BoxFut<'_, ()> {
        boxed!(self.db.close())
    }

    fn record_audit<'a>(&'a self, line: NewAuditLine<'a>) -> BoxFut<'a, Result<()>> {
        boxed!(self.record_audit_impl(line))
    }

    // --- The whole audit log. ---
    fn audit_log(&self, filter: AuditFilter, page: PageRequest) -> BoxFut<'_, Result<AuditLog>> {
        boxed!(self.audit_log_impl(filter, page))
    }

    // --- Keeping personal data only as long as needed. ---
    fn set_purge_on<'a>(
        &'a self,
        cycle: i64,
        day: Option<String>,
        today: String,
        by: Option<&'a User>,
    ) -> BoxFut<'a, Result<Cycle>> {
        boxed!(self.set_purge_on_impl(cycle, day, today, by))
    }
    fn purge_responses<'a>(
        &'a self,
        cycle: i64,
        by: Option<&'a User>,
    ) -> BoxFut<'a, Result<Cycle>> {
        boxed!(self.purge_responses_impl(cycle, by))
    }
    fn purge_due<'a>(&'a self, today: &'a str) -> BoxFut<'a, Result<Vec<i64>>> {
        boxed!(self.purge_due_impl(today))
    }
    fn erasure_plan<'a>(&'a self, person: &'a str) -> BoxFut<'a, Result<ErasurePlan>> {
        boxed!(self.erasure_plan_impl(person))
    }
    fn erase_person<'a>(&'a self, person: &'a str, by: &'a User) -> BoxFut<'a, Result<String>> {
        boxed!(self.erase_person_impl(person, by))
    }
}
