//! `yardstick restore FILE`: a backup into a database of either backend, in one
//! transaction.

use std::path::{Path, PathBuf};

use sqlx::{AnyConnection, AssertSqlSafe, Connection, Row};

use super::schema::{self, Column, quote};
use super::{
    BackupError, MIGRATION_LOCK, Progress, Summary, backend_of, connect, fits, is_sqlite_file,
    latest, made_on_opening, sqlite_url, unknown, values,
};
use crate::db::{Backend, sqlite_path};
use crate::migrate;

/// An open backup to read from, migrated up to this release's schema; the temporary copy
/// that was migrated, if it had to be, lives as long as it.
struct Source {
    conn: AnyConnection,
    /// The schema version of the backup as made.
    version: i64,
    _copy: Option<tempfile::TempPath>,
}

/// Opens a backup: a SQLite file with Yardstick's schema (a database file itself will do).
/// One from an older release is copied to a temporary file and migrated up there; the
/// backup itself is only read.
async fn open_backup(file: &Path) -> Result<Source, BackupError> {
    if !file.is_file() {
        return Err(BackupError::NoBackup(file.to_path_buf()));
    }
    if !is_sqlite_file(file)? {
        return Err(BackupError::NotABackup(file.to_path_buf()));
    }
    let mut conn = connect(&sqlite_url(file, "ro")).await?;
    let versions = match migrate::applied(&mut conn, Backend::Sqlite).await {
        Ok(Some(v)) => v,
        Ok(None) | Err(_) => {
            let _ = conn.close().await;
            return Err(BackupError::NotABackup(file.to_path_buf()));
        }
    };
    let newer = unknown(&versions, Backend::Sqlite);
    if !newer.is_empty() {
        let _ = conn.close().await;
        return Err(BackupError::NewerBackup(newer));
    }
    let version = latest(&versions);
    let missing = migrate::known(Backend::Sqlite)
        .iter()
        .any(|v| !versions.contains(v));
    if !missing {
        return Ok(Source {
            conn,
            version,
            _copy: None,
        });
    }
    conn.close().await?;
    let copy = tempfile::Builder::new()
        .prefix("yardstick-restore-")
        .tempfile()
        .map_err(BackupError::file(std::env::temp_dir()))?
        .into_temp_path();
    std::fs::copy(file, &copy).map_err(BackupError::file(file))?;
    let mut conn = connect(&sqlite_url(&copy, "rw")).await?;
    sqlx::raw_sql("PRAGMA journal_mode = MEMORY; PRAGMA foreign_keys = ON")
        .execute(&mut conn)
        .await?;
    migrate::run(&mut conn, Backend::Sqlite).await?;
    Ok(Source {
        conn,
        version,
        _copy: Some(copy),
    })
}

/// Restores the backup `file` into the database at `url`, in one transaction: the schema
/// is migrated to this release's, the backup's rows are written with their own ids, and
/// PostgreSQL's sequences are moved past them. A database with Yardstick data in it is
/// refused unless `replace`, which deletes that data first (in the same transaction). On
/// failure nothing is left behind: no change, and no SQLite file that was not there.
///
/// Servers using the database should be stopped while it is restored.
pub async fn restore(
    file: &Path,
    url: &str,
    replace: bool,
    progress: &dyn Progress,
) -> Result<Summary, BackupError> {
    let backend = backend_of(url)?;
    let mut source = open_backup(file).await?;
    let (mut target, created) = match backend {
        Backend::Sqlite => {
            let path = PathBuf::from(sqlite_path(url).unwrap_or_default());
            let created = path.symlink_metadata().is_err();
            let conn = open_sqlite_target(&path).await;
            let conn = match conn {
                Ok(conn) => conn,
                Err(e) => {
                    if created {
                        remove_sqlite(&path);
                    }
                    return Err(e.into());
                }
            };
            (conn, created.then_some(path))
        }
        Backend::Postgres => (connect(url).await?, None),
    };
    let outcome = match begin(&mut target, backend).await {
        Ok(()) => {
            let written =
                write_into(&mut source.conn, &mut target, backend, replace, progress).await;
            match written {
                Ok(rows) => sqlx::raw_sql("COMMIT")
                    .execute(&mut target)
                    .await
                    .map(|_| rows)
                    .map_err(BackupError::from),
                Err(e) => {
                    let _ = sqlx::raw_sql("ROLLBACK").execute(&mut target).await;
                    Err(e)
                }
            }
        }
        Err(e) => Err(e),
    };
    let _ = target.close().await;
    let _ = source.conn.close().await;
    match outcome {
        Ok((tables, rows)) => Ok(Summary {
            tables,
            rows,
            version: source.version,
            migrated_to: latest(&migrate::known(backend)),
        }),
        Err(e) => {
            if let Some(path) = created {
                remove_sqlite(&path);
            }
            Err(e)
        }
    }
}

async fn open_sqlite_target(path: &Path) -> sqlx::Result<AnyConnection> {
    let mut conn = connect(&sqlite_url(path, "rwc")).await?;
    sqlx::raw_sql(
        "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
         PRAGMA synchronous = FULL;",
    )
    .execute(&mut conn)
    .await?;
    Ok(conn)
}

/// Removes a SQLite file the restore made, with its write-ahead log and shared memory.
fn remove_sqlite(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

async fn begin(target: &mut AnyConnection, backend: Backend) -> Result<(), BackupError> {
    match backend {
        Backend::Sqlite => {
            sqlx::raw_sql("BEGIN IMMEDIATE")
                .execute(&mut *target)
                .await?;
            // References are checked at the commit, so that a loop of them restores too.
            sqlx::raw_sql("PRAGMA defer_foreign_keys = ON")
                .execute(&mut *target)
                .await?;
        }
        Backend::Postgres => {
            sqlx::raw_sql("BEGIN").execute(&mut *target).await?;
            sqlx::raw_sql(MIGRATION_LOCK).execute(&mut *target).await?;
        }
    }
    Ok(())
}

/// Everything a restore does inside its transaction; `(tables, rows)` written.
async fn write_into(
    source: &mut AnyConnection,
    target: &mut AnyConnection,
    backend: Backend,
    replace: bool,
    progress: &dyn Progress,
) -> Result<(usize, u64), BackupError> {
    let applied = migrate::applied(target, backend).await?.unwrap_or_default();
    let newer = unknown(&applied, backend);
    if !newer.is_empty() {
        return Err(BackupError::NewerDatabase(newer));
    }
    migrate::apply_within(target, backend, |_| true).await?;

    let names = schema::tables(source, Backend::Sqlite).await?;
    let order = schema::parents_first(source, &names).await?;
    let mut tables: Vec<(String, Vec<Column>)> = Vec::with_capacity(order.len());
    let mut total = 0;
    for name in order {
        let columns = schema::columns(source, Backend::Sqlite, &name).await?;
        let there = fits(target, backend, &name, &columns).await?;
        // Each value is bound as the column it goes into takes it.
        let columns = columns
            .into_iter()
            .map(|c| Column {
                kind: there
                    .iter()
                    .find(|t| t.name == c.name)
                    .map_or(c.kind, |t| t.kind),
                name: c.name,
            })
            .collect();
        total += schema::count(source, &name).await?;
        tables.push((name, columns));
    }

    for (name, _) in &tables {
        let rows = own_rows(target, name).await?;
        if rows > 0 && !replace {
            return Err(BackupError::NotEmpty {
                table: name.clone(),
                rows,
            });
        }
    }
    for (name, _) in tables.iter().rev() {
        let sql = format!("DELETE FROM {}", quote(name));
        sqlx::query(AssertSqlSafe(sql))
            .execute(&mut *target)
            .await?;
    }

    progress.begin(Some(total));
    let mut rows = 0;
    for (name, columns) in &tables {
        rows += values::copy_table(source, target, backend, name, columns, &|n| {
            progress.advance(n)
        })
        .await?;
    }
    if backend == Backend::Postgres {
        for (name, columns) in &tables {
            continue_sequences(target, name, columns).await?;
        }
    }
    Ok((tables.len(), rows))
}

/// The rows of `table` that someone put there (not those the store makes on opening).
async fn own_rows(target: &mut AnyConnection, table: &str) -> Result<u64, BackupError> {
    let Some(made) = made_on_opening(table) else {
        return Ok(schema::count(target, table).await?);
    };
    let sql = format!("SELECT COUNT(*) FROM {} WHERE NOT ({made})", quote(table));
    let n: i64 = sqlx::query(AssertSqlSafe(sql))
        .fetch_one(&mut *target)
        .await?
        .try_get(0)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Moves the sequence of every identity or serial column of `table` past the largest id
/// restored, so that the next row the server adds gets a new id.
async fn continue_sequences(
    target: &mut AnyConnection,
    table: &str,
    columns: &[Column],
) -> Result<(), BackupError> {
    for column in columns {
        let sequence: Option<String> = sqlx::query("SELECT pg_get_serial_sequence($1, $2)")
            .bind(quote(table))
            .bind(column.name.as_str())
            .fetch_one(&mut *target)
            .await?
            .try_get(0)?;
        let Some(sequence) = sequence else {
            continue;
        };
        let sql = format!(
            "SELECT setval($1::regclass, COALESCE((SELECT MAX({}) FROM {}), 0) + 1, false)",
            quote(&column.name),
            quote(table)
        );
        sqlx::query(AssertSqlSafe(sql))
            .bind(sequence)
            .execute(&mut *target)
            .await?;
    }
    Ok(())
}
