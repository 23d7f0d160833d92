//! The store's operations, one module per resource.

mod assignments;
mod cycles;
mod models;
mod people;
mod responses;
mod users;

use yardstick_core::{Answer, Relationship};

use crate::error::{Result, StoreError};

/// A relationship code read back from the database.
pub(crate) fn relationship(code: &str) -> Result<Relationship> {
    Relationship::parse(code)
        .ok_or_else(|| StoreError::Database(format!("unknown relationship `{code}` stored")))
}

/// Answers as stored: a JSON array in model order, `null` for N/A.
pub(crate) fn encode_answers(answers: &[Answer]) -> String {
    serde_json::to_string(answers).unwrap_or_else(|_| "[]".to_string())
}

/// Answers read back from the database.
pub(crate) fn decode_answers(text: &str) -> Result<Vec<Answer>> {
    serde_json::from_str(text).map_err(|e| StoreError::Database(format!("stored answers: {e}")))
}

/// Whether a stored 0/1 flag is set.
pub(crate) fn flag(value: i64) -> bool {
    value != 0
}

/// `$1, $2, …, $n`, for `IN (…)` lists.
pub(crate) fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}
