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
        StoreError::Database(e)
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Database(sqlx::Error::Migrate(Box::new(e)))
    }
}

/// Results of store operations.
pub type Result<T> = std::result::Result<T, StoreError>;
