//! What can go wrong in the store, in terms the web layer maps to answers once.

use yardstick_core::{CycleProblem, Lang};
use yardstick_formats::problem::Problems;
use yardstick_i18n::Message;

/// A rule broken by a request, with the field it concerns.
#[derive(Clone, Debug, PartialEq)]
pub struct Invalid {
    /// The field, when one is to blame (`"answers.1.3"`, `"assessees"`…).
    pub field: Option<String>,
    /// What is wrong, in both languages.
    pub zh: String,
    /// What is wrong, in English.
    pub en: String,
}

impl Invalid {
    /// A broken rule about `field`.
    pub fn field(field: impl Into<String>, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Invalid {
            field: Some(field.into()),
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// A broken rule about `field`, in the words of a message.
    pub fn of(field: impl Into<String>, message: &Message) -> Self {
        Invalid::field(field, message.render(Lang::Zh), message.render(Lang::En))
    }

    /// The message in the user's language.
    pub fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

impl From<CycleProblem> for Invalid {
    fn from(p: CycleProblem) -> Self {
        Invalid::of(p.field.path(), &p.message())
    }
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing asked for does not exist (an id, a token, an assignment).
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// The request breaks a rule (422).
    #[error("invalid: {0:?}")]
    Invalid(Vec<Invalid>),
    /// A file with problems, row by row (422).
    #[error("the file has {} problems", .0.total)]
    File(Problems),
    /// The request conflicts with the state of things (409).
    #[error("conflict: {en}")]
    Conflict {
        /// Why, in Chinese.
        zh: String,
        /// Why, in English.
        en: String,
    },
    /// Wrong user name or password.
    #[error("wrong user name or password")]
    BadCredentials,
    /// The database failed; the cause is logged, never shown.
    #[error("database error: {0}")]
    Database(String),
}

impl StoreError {
    /// A conflict with the state of things.
    pub fn conflict(zh: impl Into<String>, en: impl Into<String>) -> Self {
        StoreError::Conflict {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// A conflict with the state of things, in the words of a message.
    pub fn conflict_of(message: &Message) -> Self {
        StoreError::conflict(message.render(Lang::Zh), message.render(Lang::En))
    }

    /// One broken rule.
    pub fn invalid(field: impl Into<String>, zh: impl Into<String>, en: impl Into<String>) -> Self {
        StoreError::Invalid(vec![Invalid::field(field, zh, en)])
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError::Database(e.to_string())
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Database(e.to_string())
    }
}

/// Results of store operations.
pub type Result<T> = std::result::Result<T, StoreError>;
