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
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migrations \
         (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
    )
    .execute(&mut *conn)
    .await?;
    let applied: Vec<i64> = sqlx::query("SELECT version FROM schema_migrations")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.get::<i64, _>(0))
        .collect();
    for (version, sql) in migrations(backend) {
        if applied.contains(version) {
            continue;
        }
        tracing::info!(version, "applying migration");
        sqlx::raw_sql("BEGIN").execute(&mut *conn).await?;
        let step = async {
            sqlx::raw_sql(*sql).execute(&mut *conn).await?;
            sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)")
                .bind(*version)
                .bind(now_ms())
                .execute(&mut *conn)
                .await?;
            Ok::<_, sqlx::Error>(())
        }
        .await;
        match step {
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
