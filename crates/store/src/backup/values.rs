//! Rows as plain values, read from and written to either backend, in batches.
//!
//! The `Any` driver carries NULL, booleans, integers, floats, text and blobs; so does a
//! backup. A boolean becomes the integer 0 or 1 (as SQLite keeps it) and becomes a boolean
//! again when written into a PostgreSQL `boolean` column. On PostgreSQL every value is bound
//! with the type of the column it goes into, NULL included.

use std::cmp::Ordering;

use futures_util::TryStreamExt;
use sqlx::any::{AnyArguments, AnyRow, AnyTypeInfoKind};
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, AssertSqlSafe, Row, ValueRef};

use super::schema::{Column, Kind, quote};
use crate::db::Backend;

/// One value of a row.
#[derive(Clone, Debug)]
pub enum Value {
    /// NULL.
    Null,
    /// An integer (booleans become 0 or 1).
    Int(i64),
    /// A floating-point number.
    Real(f64),
    /// Text.
    Text(String),
    /// Bytes.
    Blob(Vec<u8>),
}

impl Value {
    fn rank(&self) -> u8 {
        match self {
            Value::Null => 0,
            Value::Int(_) => 1,
            Value::Real(_) => 2,
            Value::Text(_) => 3,
            Value::Blob(_) => 4,
        }
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Value {}

impl PartialOrd for Value {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Value {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Value::Int(a), Value::Int(b)) => a.cmp(b),
            (Value::Real(a), Value::Real(b)) => a.total_cmp(b),
            (Value::Text(a), Value::Text(b)) => a.cmp(b),
            (Value::Blob(a), Value::Blob(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

/// The value in column `i` of `row`, by the type the database gives it.
fn value(row: &AnyRow, i: usize) -> sqlx::Result<Value> {
    let raw = row.try_get_raw(i)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let kind = raw.type_info().kind();
    Ok(match kind {
        AnyTypeInfoKind::Null => Value::Null,
        AnyTypeInfoKind::Bool => Value::Int(i64::from(row.try_get_unchecked::<bool, _>(i)?)),
        AnyTypeInfoKind::SmallInt | AnyTypeInfoKind::Integer | AnyTypeInfoKind::BigInt => {
            Value::Int(row.try_get_unchecked(i)?)
        }
        AnyTypeInfoKind::Real | AnyTypeInfoKind::Double => Value::Real(row.try_get_unchecked(i)?),
        AnyTypeInfoKind::Text => Value::Text(row.try_get_unchecked(i)?),
        AnyTypeInfoKind::Blob => Value::Blob(row.try_get_unchecked(i)?),
    })
}

/// The values of a whole row.
pub(super) fn values(row: &AnyRow) -> sqlx::Result<Vec<Value>> {
    (0..row.len()).map(|i| value(row, i)).collect()
}

type AnyQuery<'q> = Query<'q, Any, AnyArguments>;

/// `query` with `value` bound as a column of `kind` takes it (`None`: as it is, for SQLite).
fn bind<'q>(query: AnyQuery<'q>, value: &Value, kind: Option<Kind>) -> AnyQuery<'q> {
    match (value, kind) {
        (Value::Null, Some(Kind::Bool)) => query.bind(None::<bool>),
        (Value::Null, Some(Kind::Real)) => query.bind(None::<f64>),
        (Value::Null, Some(Kind::Text)) => query.bind(None::<String>),
        (Value::Null, Some(Kind::Blob)) => query.bind(None::<Vec<u8>>),
        (Value::Null, _) => query.bind(None::<i64>),
        (Value::Int(i), Some(Kind::Bool)) => query.bind(*i != 0),
        (Value::Int(i), Some(Kind::Real)) => query.bind(*i as f64),
        (Value::Int(i), Some(Kind::Text)) => query.bind(i.to_string()),
        (Value::Int(i), _) => query.bind(*i),
        (Value::Real(r), _) => query.bind(*r),
        (Value::Text(t), _) => query.bind(t.clone()),
        (Value::Blob(b), _) => query.bind(b.clone()),
    }
}

/// Most parameters one statement binds (SQLite allows 32766, PostgreSQL 65535).
const MAX_PARAMETERS: usize = 30_000;
/// Most rows one statement inserts.
const MAX_ROWS: usize = 500;

/// Copies every row of `table` (the `columns` named) from `from` into the same table of
/// `to`, in the transactions the caller has open; `each` hears of every batch written.
/// Returns the number of rows.
pub(super) async fn copy_table(
    from: &mut AnyConnection,
    to: &mut AnyConnection,
    to_backend: Backend,
    table: &str,
    columns: &[Column],
    each: &dyn Fn(u64),
) -> sqlx::Result<u64> {
    let names: Vec<String> = columns.iter().map(|c| quote(&c.name)).collect();
    let select = format!("SELECT {} FROM {}", names.join(", "), quote(table));
    let batch_rows = (MAX_PARAMETERS / columns.len().max(1)).clamp(1, MAX_ROWS);
    let mut rows = sqlx::query(AssertSqlSafe(select)).fetch(&mut *from);
    let mut batch = Vec::with_capacity(batch_rows);
    let mut copied = 0;
    while let Some(row) = rows.try_next().await? {
        batch.push(values(&row)?);
        if batch.len() == batch_rows {
            insert(to, to_backend, table, columns, &names, &batch).await?;
            copied += batch.len() as u64;
            each(batch.len() as u64);
            batch.clear();
        }
    }
    if !batch.is_empty() {
        insert(to, to_backend, table, columns, &names, &batch).await?;
        copied += batch.len() as u64;
        each(batch.len() as u64);
    }
    Ok(copied)
}

/// Inserts `rows` in one statement. On PostgreSQL the ids are the backup's own, identity
/// columns included (`OVERRIDING SYSTEM VALUE`); the sequences are moved past them after.
async fn insert(
    to: &mut AnyConnection,
    backend: Backend,
    table: &str,
    columns: &[Column],
    names: &[String],
    rows: &[Vec<Value>],
) -> sqlx::Result<()> {
    let overriding = match backend {
        Backend::Postgres => " OVERRIDING SYSTEM VALUE",
        Backend::Sqlite => "",
    };
    let mut sql = format!(
        "INSERT INTO {} ({}){overriding} VALUES ",
        quote(table),
        names.join(", ")
    );
    let mut n = 0;
    for (r, _) in rows.iter().enumerate() {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..columns.len() {
            if c > 0 {
                sql.push_str(", ");
            }
            n += 1;
            sql.push('$');
            sql.push_str(&n.to_string());
        }
        sql.push(')');
    }
    let mut query = sqlx::query(AssertSqlSafe(sql)).persistent(false);
    for row in rows {
        for (value, column) in row.iter().zip(columns) {
            let kind = match backend {
                Backend::Postgres => Some(column.kind),
                Backend::Sqlite => None,
            };
            query = bind(query, value, kind);
        }
    }
    query.execute(&mut *to).await?;
    Ok(())
}
