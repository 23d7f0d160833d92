//! What can go wrong in the store, as typed values with no words in them: the web layer
//! and the command line map each to an answer once, and describe it in the reader's
//! language through [`StoreError::message`] and the catalogues.

use yardstick_core::{CycleProblem, CycleState};
use yardstick_formats::model_toml::ModelFileProblem;
use yardstick_formats::problem::Problems;
use yardstick_i18n::{Message, k, msg};

/// A thing the store keeps, for "not found".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entity {
    /// A cycle, by id.
    Cycle,
    /// A model version, by id.
    Model,
    /// A rater, by the token of their link.
    Rater,
    /// An assignment of a rater to an assessee.
    Assignment,
    /// A person, by employee id.
    Person,
    /// A user, by name.
    User,
    /// The invalidation of a response (there is none to restore).
    Invalidation,
}

impl Entity {
    /// The request parameter that names it (`id`, `token`, `assessee`, …).
    pub fn parameter(self) -> &'static str {
        match self {
            Entity::Cycle | Entity::Model => "id",
            Entity::Rater => "token",
            Entity::Assignment => "assessee",
            Entity::Person => "person",
            Entity::User => "username",
            Entity::Invalidation => "assessee",
        }
    }

    /// Why the thing asked for is not there, in words for the reader.
    pub fn not_found(self) -> Message {
        Message::from(match self {
            Entity::Cycle => k!("store.not_found.cycle"),
            Entity::Model => k!("store.not_found.model"),
            Entity::Rater => k!("store.not_found.rater"),
            Entity::Assignment => k!("store.not_found.assignment"),
            Entity::Person => k!("store.not_found.person"),
            Entity::User => k!("store.not_found.user"),
            Entity::Invalidation => k!("invalidation.store.not_invalidated"),
        })
    }
}

/// A rule broken by a request, with the field it concerns.
#[derive(Clone, Debug, PartialEq)]
pub struct Invalid {
    /// The field, when one is to blame (`"answers.1.3"`, `"assessees"`…).
    pub field: Option<String>,
    /// What is wrong.
    pub message: Message,
}

impl Invalid {
    /// A broken rule about `field`.
    pub fn field(field: impl Into<String>, message: Message) -> Self {
        Invalid {
            field: Some(field.into()),
            message,
        }
    }
}

impl From<CycleProblem> for Invalid {
    fn from(p: CycleProblem) -> Self {
        Invalid::field(p.field.path(), p.message())
    }
}

/// What a request tried to change while the cycle's state does not allow it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Add or remove assignments.
    Assignments,
    /// Reopen a submitted response.
    Reopen,
    /// Set or remove the privacy notice.
    Notice,
    /// Save or submit a response.
    Respond,
    /// Invalidate a response, or restore one.
    Invalidate,
    /// Choose the day raw responses are deleted, or delete them.
    Retention,
}

/// Why a request conflicts with the state of things (409).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Conflict {
    /// The cycle's state does not allow the change.
    CycleState {
        /// The cycle's state.
        state: CycleState,
        /// What was tried.
        change: Change,
    },
    /// A move the cycle's state machine does not allow.
    Transition {
        /// The state the cycle is in.
        from: CycleState,
        /// The state asked for.
        to: CycleState,
    },
    /// The response is submitted and differs from what was sent.
    Submitted,
    /// The assignment has a submitted response, which is never thrown away.
    AssignmentSubmitted,
    /// The response is not submitted: there is nothing to reopen.
    NotSubmitted,
    /// The user name is taken.
    UsernameTaken(String),
    /// The response is invalidated: restore it before reopening or invalidating it again.
    Invalidated,
    /// Only a submitted response can be invalidated.
    InvalidateNotSubmitted,
    /// The cycle's raw responses are deleted already.
    Purged,
    /// The person is in these cycles (names), whose raw responses are still kept.
    PersonInCycles(Vec<String>),
    /// These people (ids) report to the person.
    PersonHasReports(Vec<String>),
    /// The person is the one the acting user's own account belongs to.
    EraseOwn,
}

impl Conflict {
    /// The conflict in words for the reader.
    pub fn message(&self) -> Message {
        match self {
            Conflict::CycleState { state, change } => {
                let change = match change {
                    Change::Assignments => k!("store.change.assignments"),
                    Change::Reopen => k!("store.change.reopen"),
                    Change::Notice => k!("store.change.notice"),
                    Change::Respond => k!("store.change.respond"),
                    Change::Invalidate => k!("invalidation.store.change"),
                    Change::Retention => k!("retention.store.change"),
                };
                msg!(
                    "cycle.settings.state_is",
                    state = state.label(),
                    what = change
                )
            }
            Conflict::Transition { from, to } => from.refusal(*to),
            Conflict::Submitted => msg!("store.conflict.submitted"),
            Conflict::AssignmentSubmitted => msg!("store.conflict.assignment_submitted"),
            Conflict::NotSubmitted => msg!("store.conflict.not_submitted"),
            Conflict::UsernameTaken(name) => msg!("store.conflict.username", name = name),
            Conflict::Invalidated => msg!("invalidation.store.invalidated"),
            Conflict::InvalidateNotSubmitted => msg!("invalidation.store.not_submitted"),
            Conflict::Purged => msg!("retention.store.purged"),
            Conflict::PersonInCycles(names) => msg!(
                "erasure.store.in_cycles",
                count = names.len(),
                cycles = names.join(" · ")
            ),
            Conflict::PersonHasReports(ids) => msg!(
                "erasure.store.has_reports",
                count = ids.len(),
                people = ids.join(" · ")
            ),
            Conflict::EraseOwn => msg!("erasure.store.own"),
        }
    }
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing asked for does not exist (an id, a token, an assignment).
    #[error("not found: {0:?}")]
    NotFound(Entity),
    /// The request breaks a rule (422).
    #[error("invalid: {0:?}")]
    Invalid(Vec<Invalid>),
    /// A file with problems, row by row (422).
    #[error("the file has {} problems", .0.total)]
    File(Problems),
    /// A model file with problems, line by line (422).
    #[error("the model file has {} problems", .0.len())]
    ModelFile(Vec<ModelFileProblem>),
    /// The request conflicts with the state of things (409).
    #[error("conflict: {0:?}")]
    Conflict(Conflict),
    /// Wrong user name or password.
    #[error("wrong user name or password")]
    BadCredentials,
    /// The database has run out of something it needs to write — storage space above all
    /// (503): nothing of the request was stored, and the same request may succeed later.
    #[error("the database is out of {0:?}")]
    Shortage(Shortage),
    /// The database failed; the cause is logged, never shown.
    #[error("the database failed")]
    Database(#[source] sqlx::Error),
    /// What the database holds cannot be read back, or the store cannot work (no random
    /// numbers, its writer stopped); logged, never shown.
    #[error("the store failed: {0}")]
    Broken(String),
}

impl StoreError {
    /// One broken rule.
    pub fn invalid(field: impl Into<String>, message: Message) -> Self {
        StoreError::Invalid(vec![Invalid::field(field, message)])
    }

    /// A cycle in `state`, which does not allow `change`.
    pub fn cycle_state(state: CycleState, change: Change) -> Self {
        StoreError::Conflict(Conflict::CycleState { state, change })
    }

    /// The error in words for the reader, for those that have a message: not found,
    /// conflicts and wrong credentials (invalid requests and files carry one message per
    /// problem; a database failure is not described to the reader).
    pub fn message(&self) -> Option<Message> {
        match self {
            StoreError::NotFound(entity) => Some(entity.not_found()),
            StoreError::Conflict(conflict) => Some(conflict.message()),
            StoreError::BadCredentials => Some(msg!("store.bad_credentials.text")),
            StoreError::Shortage(shortage) => Some(shortage.message()),
            StoreError::Invalid(_)
            | StoreError::File(_)
            | StoreError::ModelFile(_)
            | StoreError::Database(_)
            | StoreError::Broken(_) => None,
        }
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match shortage_of(&e) {
            Some(shortage) => {
                tracing::error!(error = %e, ?shortage, "the database is out of resources");
                StoreError::Shortage(shortage)
            }
            None => StoreError::Database(e),
        }
    }
}

/// What the database ran out of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortage {
    /// Storage space: SQLite's `SQLITE_FULL` (the disk, or the file's size limit, is full),
    /// PostgreSQL's `53100 disk_full`.
    Storage,
    /// Another resource of PostgreSQL's class 53 "insufficient resources" (memory,
    /// connections, a configured limit).
    Resources,
}

impl Shortage {
    /// What happened, that nothing was saved, and what to do, in words for the reader.
    pub fn message(self) -> Message {
        match self {
            Shortage::Storage => msg!("faults.store.storage_full"),
            Shortage::Resources => msg!("faults.store.resources"),
        }
    }
}

/// SQLite's primary result code for "database or disk is full". An `ENOSPC` while writing
/// the file or its write-ahead log comes back as this code too; the `SQLITE_IOERR_*` codes
/// (which an `ENOSPC` from `fallocate` or the shared-memory file can also give) carry no
/// `errno` through sqlx, so they cannot be told apart from a failing disk and stay
/// internal errors.
const SQLITE_FULL: i64 = 13;

/// The shortage a SQLite extended result code (as sqlx gives it, in decimal) means.
pub fn sqlite_shortage(code: &str) -> Option<Shortage> {
    let code: i64 = code.trim().parse().ok()?;
    (code & 0xff == SQLITE_FULL).then_some(Shortage::Storage)
}

/// The shortage a PostgreSQL SQLSTATE means: `53100` is storage, the rest of class `53`
/// (`53000`, `53200` out of memory, `53300` too many connections, `53400` a configured
/// limit) another resource.
pub fn postgres_shortage(sqlstate: &str) -> Option<Shortage> {
    match sqlstate {
        "53100" => Some(Shortage::Storage),
        s if s.len() == 5 && s.starts_with("53") => Some(Shortage::Resources),
        _ => None,
    }
}

/// The shortage a database error is, if it is one.
pub fn shortage_of(e: &sqlx::Error) -> Option<Shortage> {
    let sqlx::Error::Database(db) = e else {
        return None;
    };
    let code = db.code()?;
    if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
        sqlite_shortage(&code)
    } else if db
        .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
        .is_some()
    {
        postgres_shortage(&code)
    } else {
        None
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Database(sqlx::Error::Migrate(Box::new(e)))
    }
}

/// Results of store operations.
pub type Result<T> = std::result::Result<T, StoreError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_disk_full_is_storage_and_class_53_another_resource() {
        assert_eq!(postgres_shortage("53100"), Some(Shortage::Storage));
        for other in ["53000", "53200", "53300", "53400"] {
            assert_eq!(
                postgres_shortage(other),
                Some(Shortage::Resources),
                "{other}"
            );
        }
        for not in [
            "23505", "40001", "57014", "08006", "XX000", "531", "5310000", "",
        ] {
            assert_eq!(postgres_shortage(not), None, "{not}");
        }
    }

    #[test]
    fn sqlite_full_is_storage_and_nothing_else_is() {
        assert_eq!(sqlite_shortage("13"), Some(Shortage::Storage));
        // SQLITE_IOERR_WRITE, SQLITE_IOERR, SQLITE_BUSY, SQLITE_CONSTRAINT_UNIQUE.
        for not in ["778", "10", "5", "2067", "x", ""] {
            assert_eq!(sqlite_shortage(not), None, "{not}");
        }
    }

    #[test]
    fn a_shortage_has_words_for_the_reader() {
        assert!(StoreError::Shortage(Shortage::Storage).message().is_some());
        assert!(
            StoreError::Shortage(Shortage::Resources)
                .message()
                .is_some()
        );
        let other = sqlx::Error::Protocol("x".into());
        assert!(shortage_of(&other).is_none());
        assert!(matches!(StoreError::from(other), StoreError::Database(_)));
    }
}
