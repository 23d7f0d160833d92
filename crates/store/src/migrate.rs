//! Schema migrations, one list per backend, applied in order at start-up.

use sqlx::{AnyConnection, Row};

use crate::db::{Backend, now_ms};
use crate::error::Result;

/// `(version, SQL)` of every migration of a backend.
fn migrations(backend: Backend) -> &'static [(i64, &'static str)] {
    match backend {
        Backend::Sqlite => &[
            (1, include_str!("migrations/sqlite/0001_init.sql")),
            (2, include_str!("migrations/sqlite/0002_dimensions.sql")),
            (3, include_str!("migrations/sqlite/0003_privacy_notice.sql")),
            (
                4,
                include_str!("migrations/sqlite/0004_published_people.sql"),
            ),
            (6, include_str!("migrations/sqlite/0006_reminders.sql")),
            (8, include_str!("migrations/sqlite/0008_invalidations.sql")),
            (9, include_str!("migrations/sqlite/0009_throttle.sql")),
            (10, include_str!("migrations/sqlite/0010_retention.sql")),
        ],
        Backend::Postgres => &[
            (1, include_str!("migrations/postgres/0001_init.sql")),
            (2, include_str!("migrations/postgres/0002_dimensions.sql")),
            (
                3,
                include_str!("migrations/postgres/0003_privacy_notice.sql"),
            ),
            (
                4,
                include_str!("migrations/postgres/0004_published_people.sql"),
            ),
            (6, include_str!("migrations/postgres/0006_reminders.sql")),
            (
                8,
                include_str!("migrations/postgres/0008_invalidations.sql"),
            ),
            (9, include_str!("migrations/postgres/0009_throttle.sql")),
            (10, include_str!("migrations/postgres/0010_retention.sql")),
        ],
    }
}

/// Applies the migrations not yet applied, each in its own transaction. On PostgreSQL an
/// advisory lock keeps servers starting together from migrating twice.
pub(crate) async fn run(conn: &mut AnyConnection, backend: Backend) -> Result<()> {
    if backend == Backend::Postgres {
        sqlx::raw_sql("SELECT pg_advisory_lock(7305531420)")
            .execute(&mut *conn)
            .await?;
    }
    let outcome = apply(conn, backend).await;
    if backend == Backend::Postgres {
        sqlx::raw_sql("SELECT pg_advisory_unlock(7305531420)")
            .execute(&mut *conn)
            .await?;
    }
    outcome
}

async fn apply(conn: &mut AnyConnection, backend: Backend) -> Result<()> {
    ensure_table(conn).await?;
    let applied = applied(conn, backend).await?.unwrap_or_default();
    for (version, sql) in migrations(backend) {
        if applied.contains(version) {
            continue;
        }
        tracing::info!(version, "applying migration");
        sqlx::raw_sql("BEGIN").execute(&mut *conn).await?;
        match step(conn, *version, sql).await {
            Ok(()) => {
                sqlx::raw_sql("COMMIT").execute(&mut *conn).await?;
            }
            Err(e) => {
                let _ = sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await;
                return Err(e.into());
            }
        }
    }
    Ok(())
}

async fn ensure_table(conn: &mut AnyConnection) -> Result<()> {
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migrations \
         (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Runs one migration and records it, in the transaction the caller has open.
async fn step(conn: &mut AnyConnection, version: i64, sql: &'static str) -> sqlx::Result<()> {
    sqlx::raw_sql(sql).execute(&mut *conn).await?;
    sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)")
        .bind(version)
        .bind(now_ms())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The versions of every migration this release knows, in order (the same on both
/// backends).
pub(crate) fn known(backend: Backend) -> Vec<i64> {
    migrations(backend).iter().map(|(v, _)| *v).collect()
}

/// The versions applied to a database, in order; `None` when it has no `schema_migrations`
/// table (it is no Yardstick database, or a new one). Runs in the caller's transaction, if any.
pub(crate) async fn applied(
    conn: &mut AnyConnection,
    backend: Backend,
) -> Result<Option<Vec<i64>>> {
    // A failed statement would spoil an open PostgreSQL transaction: look before reading.
    let exists = match backend {
        Backend::Postgres => sqlx::query("SELECT to_regclass('schema_migrations') IS NOT NULL")
            .fetch_one(&mut *conn)
            .await?
            .get::<bool, _>(0),
        Backend::Sqlite => {
            sqlx::query(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' \
                 AND name = 'schema_migrations'",
            )
            .fetch_one(&mut *conn)
            .await?
            .get::<i64, _>(0)
                > 0
        }
    };
    if !exists {
        return Ok(None);
    }
    let mut versions: Vec<i64> = sqlx::query("SELECT version FROM schema_migrations")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.get::<i64, _>(0))
        .collect();
    versions.sort_unstable();
    Ok(Some(versions))
}

/// Applies the migrations of `backend` that `wanted` picks and that are not applied yet,
/// inside the transaction the caller has open: the caller's commit or rollback decides
/// them with everything else it does (a restore is one transaction, schema included).
pub(crate) async fn apply_within(
    conn: &mut AnyConnection,
    backend: Backend,
    wanted: impl Fn(i64) -> bool,
) -> Result<()> {
    ensure_table(conn).await?;
    let applied = applied(conn, backend).await?.unwrap_or_default();
    for (version, sql) in migrations(backend) {
        if applied.contains(version) || !wanted(*version) {
            continue;
        }
        step(conn, *version, sql).await?;
    }
    Ok(())
}
