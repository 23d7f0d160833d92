//! The store's operations, one module per resource.

mod accounts;
mod assignments;
mod audit_log;
mod cycles;
mod erasure;
mod invalidations;
mod models;
mod notices;
pub(crate) mod people;
mod reminders;
mod reports;
pub(crate) mod responses;
mod retention;
mod throttle;
pub(crate) mod users;

use yardstick_core::{Choice, Given, Relationship};

use crate::error::{Result, StoreError};

/// A relationship code read back from the database.
pub(crate) fn relationship(code: &str) -> Result<Relationship> {
    Relationship::parse(code)
        .ok_or_else(|| StoreError::Broken(format!("unknown relationship `{code}` stored")))
}

/// Choices as stored: a JSON array in model order, a number for a point, `"na"` for N/A
/// and `null` for an item not answered. Rows written before N/A was kept apart hold only
/// numbers and `null`, and read back as points and not answered.
pub(crate) fn encode_answers(answers: &[Given]) -> String {
    let values: Vec<serde_json::Value> = answers
        .iter()
        .map(|given| match given {
            Some(Choice::Point(point)) => serde_json::Value::from(*point),
            Some(Choice::Na) => serde_json::Value::from(NA),
            None => serde_json::Value::Null,
        })
        .collect();
    serde_json::Value::Array(values).to_string()
}

/// How N/A is stored.
const NA: &str = "na";

/// Choices read back from the database.
pub(crate) fn decode_answers(text: &str) -> Result<Vec<Given>> {
    let values: Vec<serde_json::Value> = serde_json::from_str(text)
        .map_err(|e| StoreError::Broken(format!("stored answers: {e}")))?;
    values
        .iter()
        .map(|value| match value {
            serde_json::Value::Null => Ok(None),
            serde_json::Value::String(s) if s == NA => Ok(Some(Choice::Na)),
            serde_json::Value::Number(n) => n
                .as_i64()
                .and_then(|v| i32::try_from(v).ok())
                .map(|v| Some(Choice::Point(v)))
                .ok_or_else(|| StoreError::Broken(format!("stored answer {n}"))),
            other => Err(StoreError::Broken(format!("stored answer {other}"))),
        })
        .collect()
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
