//! The tables of a database as its own catalogue lists them — `sqlite_master` and
//! `pragma_table_info` on SQLite, `information_schema` on PostgreSQL — so that backups carry
//! every table the migrations make, those added after this code was written included.
//! Only the migrations' own bookkeeping (`schema_migrations`) and SQLite's internal tables
//! are left out.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::db::Backend;

/// The table that records the migrations applied: a backup carries the versions, not the
/// rows, and a restore writes its own.
pub(super) const MIGRATIONS_TABLE: &str = "schema_migrations";

/// What a column holds, as far as binding a value for it goes (PostgreSQL; SQLite takes
/// any value in any column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// `smallint`, `integer`, `bigint`.
    Int,
    /// `boolean`.
    Bool,
    /// `real`, `double precision`, `numeric`.
    Real,
    /// `text` and every other type.
    Text,
    /// `bytea`.
    Blob,
}

impl Kind {
    fn of_postgres(data_type: &str) -> Kind {
        match data_type {
            "smallint" | "integer" | "bigint" => Kind::Int,
            "boolean" => Kind::Bool,
            "real" | "double precision" | "numeric" => Kind::Real,
            "bytea" => Kind::Blob,
            _ => Kind::Text,
        }
    }
}

/// A column of a table.
#[derive(Clone, Debug)]
pub(super) struct Column {
    /// Its name.
    pub name: String,
    /// What it holds.
    pub kind: Kind,
}

/// An identifier in double quotes, as both dialects take it.
pub(super) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The names of the database's tables, but for the migrations' bookkeeping, sorted.
pub(super) async fn tables(
    conn: &mut AnyConnection,
    backend: Backend,
) -> sqlx::Result<Vec<String>> {
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
             ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        }
    };
    let names: Vec<String> = sqlx::query(sql)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get::<String, _>(0))
        .collect::<sqlx::Result<_>>()?;
    Ok(names
        .into_iter()
        .filter(|n| n != MIGRATIONS_TABLE)
        .collect())
}

/// The columns of `table` that take values (generated columns do not), in their order.
pub(super) async fn columns(
    conn: &mut AnyConnection,
    backend: Backend,
    table: &str,
) -> sqlx::Result<Vec<Column>> {
    let sql = match backend {
        Backend::Sqlite => "SELECT name, type FROM pragma_table_info($1) ORDER BY cid",
        Backend::Postgres => {
            "SELECT column_name::text, data_type::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' \
             ORDER BY ordinal_position"
        }
    };
    sqlx::query(sql)
        .bind(table)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            let data_type: String = r.try_get(1)?;
            Ok(Column {
                name: r.try_get(0)?,
                kind: match backend {
                    Backend::Postgres => Kind::of_postgres(&data_type),
                    Backend::Sqlite => Kind::Text,
                },
            })
        })
        .collect()
}

/// The rows of `table`.
pub(super) async fn count(conn: &mut AnyConnection, table: &str) -> sqlx::Result<u64> {
    let sql = format!("SELECT COUNT(*) FROM {}", quote(table));
    let n: i64 = sqlx::query(AssertSqlSafe(sql))
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// `tables` of a SQLite database in an order that writes every table after the tables its
/// foreign keys point to (parents first); ties and any loop of references go by name.
pub(super) async fn parents_first(
    conn: &mut AnyConnection,
    tables: &[String],
) -> sqlx::Result<Vec<String>> {
    let known: BTreeSet<&str> = tables.iter().map(String::as_str).collect();
    let mut parents: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for table in tables {
        let rows = sqlx::query("SELECT \"table\" FROM pragma_foreign_key_list($1)")
            .bind(table.as_str())
            .fetch_all(&mut *conn)
            .await?;
        let mut of = BTreeSet::new();
        for row in rows {
            let parent: String = row.try_get(0)?;
            if parent != *table && known.contains(parent.as_str()) {
                of.insert(parent);
            }
        }
        parents.insert(table.as_str(), of);
    }
    Ok(order(&parents))
}

/// Kahn's ordering of a graph of tables and the tables they point to.
fn order(parents: &BTreeMap<&str, BTreeSet<String>>) -> Vec<String> {
    let mut done: Vec<String> = Vec::with_capacity(parents.len());
    let mut left: BTreeSet<&str> = parents.keys().copied().collect();
    while !left.is_empty() {
        let ready: Vec<&str> = left
            .iter()
            .copied()
            .filter(|t| {
                parents
                    .get(t)
                    .is_none_or(|ps| ps.iter().all(|p| done.contains(p)))
            })
            .collect();
        // A loop of references: take the first by name and go on.
        let ready = if ready.is_empty() {
            left.iter().copied().take(1).collect()
        } else {
            ready
        };
        for t in ready {
            left.remove(t);
            done.push(t.to_string());
        }
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_come_after_the_tables_they_point_to_and_loops_do_not_stop_the_order() {
        let graph =
            |edges: &[(&'static str, &[&str])]| -> BTreeMap<&'static str, BTreeSet<String>> {
                edges
                    .iter()
                    .map(|(t, ps)| (*t, ps.iter().map(|p| p.to_string()).collect()))
                    .collect()
            };
        let g = graph(&[
            ("responses", &["assignments"]),
            ("assignments", &["cycles", "raters"]),
            ("raters", &["cycles"]),
            ("cycles", &["models"]),
            ("models", &[]),
            ("audit_log", &[]),
        ]);
        assert_eq!(
            order(&g),
            [
                "audit_log",
                "models",
                "cycles",
                "raters",
                "assignments",
                "responses"
            ]
        );
        let looped = graph(&[("a", &["b"]), ("b", &["a"]), ("c", &["a"])]);
        assert_eq!(order(&looped), ["a", "b", "c"]);
    }

    #[test]
    fn identifiers_are_quoted_with_their_quotes_doubled() {
        assert_eq!(quote("users"), "\"users\"");
        assert_eq!(quote("a\"b"), "\"a\"\"b\"");
    }
}
