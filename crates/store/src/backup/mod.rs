//! Backups and restores (SPEC §6): `yardstick backup FILE` and `yardstick restore FILE`.
//!
//! A backup is one SQLite database file with Yardstick's schema, whichever backend it was
//! taken from, so that it restores into either:
//!
//! - from **SQLite** it is SQLite's own online copy, `VACUUM INTO`, which reads one snapshot
//!   of the database while the server goes on writing;
//! - from **PostgreSQL** every table is read inside one `REPEATABLE READ` transaction (one
//!   snapshot) and written into a new SQLite file made by this release's SQLite migrations,
//!   the same versions the PostgreSQL database has.
//!
//! A restore writes a backup into a database in one transaction — schema, rows and
//! sequences — so that a failed restore leaves nothing behind. A backup from an older
//! release is migrated up first (in a temporary copy); one from a newer release is refused.
//!
//! Tables and columns are listed from the databases' own catalogues, never named here, so
//! tables that later migrations add travel without changes to this code. The server secret
//! is not in the database and so not in a backup.

mod error;
mod restore;
mod schema;
mod values;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use sqlx::{AnyConnection, AssertSqlSafe, Connection};

pub use error::BackupError;
pub use restore::restore;
pub use values::Value;

use crate::db::{Backend, sqlite_path};
use crate::error::StoreError;
use crate::migrate;
use schema::{Column, quote};

/// Hears how far a backup or a restore has got (a progress bar, or nothing).
pub trait Progress: Sync {
    /// The work begins: `rows` to copy, or `None` when the database copies itself and
    /// there is nothing to count.
    fn begin(&self, rows: Option<u64>);
    /// `rows` more rows are copied.
    fn advance(&self, rows: u64);
}

/// Progress nobody hears of.
pub struct Quiet;

impl Progress for Quiet {
    fn begin(&self, _: Option<u64>) {}
    fn advance(&self, _: u64) {}
}

/// What a backup or a restore did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Tables in the backup.
    pub tables: usize,
    /// Rows in the backup, all tables together.
    pub rows: u64,
    /// The backup's schema version (its latest migration).
    pub version: i64,
    /// The schema version of the database restored into, afterwards: later than
    /// [`Summary::version`] when an older backup was migrated up. The same for a backup.
    pub migrated_to: i64,
}

/// The rows the store writes by itself when it first opens a database: such a database
/// still counts as empty for a restore, which replaces them with the backup's. `(table,
/// condition)`.
const MADE_ON_OPENING: &[(&str, &str)] = &[("models", "builtin = 1")];

/// The lock the migrations take on PostgreSQL: a server starting during a restore waits.
const MIGRATION_LOCK: &str = "SELECT pg_advisory_xact_lock(7305531420)";

fn backend_of(url: &str) -> Result<Backend, BackupError> {
    Backend::of_url(url).ok_or_else(|| {
        BackupError::Store(StoreError::Broken(format!(
            "unsupported database URL `{url}`: use sqlite://FILE or postgres://…"
        )))
    })
}

async fn connect(url: &str) -> sqlx::Result<AnyConnection> {
    sqlx::any::install_default_drivers();
    AnyConnection::connect(url).await
}

fn sqlite_url(path: &Path, mode: &str) -> String {
    format!("sqlite://{}?mode={mode}", path.display())
}

/// The versions among `versions` that this release has no migration for.
fn unknown(versions: &[i64], backend: Backend) -> Vec<i64> {
    let known = migrate::known(backend);
    versions
        .iter()
        .copied()
        .filter(|v| !known.contains(v))
        .collect()
}

fn latest(versions: &[i64]) -> i64 {
    versions.iter().copied().max().unwrap_or(0)
}

/// Backs up the database at `url` into the new file `file`, consistently while servers
/// go on using the database. The file is written under a temporary name beside `file` and
/// renamed into place only when it is complete and on disk; an existing `file` is replaced
/// only when `replace`. The backup is readable by its owner only: it holds everything.
pub async fn backup(
    url: &str,
    file: &Path,
    replace: bool,
    progress: &dyn Progress,
) -> Result<Summary, BackupError> {
    let backend = backend_of(url)?;
    if !replace && file.symlink_metadata().is_ok() {
        return Err(BackupError::Exists(file.to_path_buf()));
    }
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let temp = tempfile::Builder::new()
        .prefix(".yardstick-backup-")
        .suffix(".partial")
        .tempfile_in(dir)
        .map_err(BackupError::file(dir))?;
    let summary = match backend {
        Backend::Sqlite => from_sqlite(url, temp.path(), progress).await?,
        Backend::Postgres => from_postgres(url, temp.path(), progress).await?,
    };
    temp.as_file()
        .sync_all()
        .map_err(BackupError::file(temp.path()))?;
    let placed = if replace {
        temp.persist(file)
    } else {
        temp.persist_noclobber(file)
    };
    placed.map_err(|e| match e.error.kind() {
        std::io::ErrorKind::AlreadyExists => BackupError::Exists(file.to_path_buf()),
        _ => BackupError::File {
            path: file.to_path_buf(),
            source: e.error,
        },
    })?;
    Ok(summary)
}

/// SQLite: `VACUUM INTO` the temporary file, then a look at what it holds.
async fn from_sqlite(
    url: &str,
    out: &Path,
    progress: &dyn Progress,
) -> Result<Summary, BackupError> {
    let path = PathBuf::from(sqlite_path(url).unwrap_or_default());
    if !path.is_file() {
        return Err(BackupError::NoDatabase(path));
    }
    progress.begin(None);
    let target = out.to_str().ok_or_else(|| BackupError::File {
        path: out.to_path_buf(),
        source: std::io::Error::other("the path is not UTF-8"),
    })?;
    let mut source = connect(&sqlite_url(&path, "ro")).await?;
    let copied = sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(&mut source)
        .await;
    source.close().await?;
    copied?;
    let mut copy = connect(&sqlite_url(out, "rw")).await?;
    let summary = summarise(&mut copy).await;
    copy.close().await?;
    let summary = summary?;
    progress.advance(summary.rows);
    Ok(summary)
}

/// What a backup file holds, refused when it is no Yardstick database or a newer one's.
async fn summarise(copy: &mut AnyConnection) -> Result<Summary, BackupError> {
    let versions = migrate::applied(copy, Backend::Sqlite)
        .await?
        .ok_or(BackupError::NotYardstick)?;
    let newer = unknown(&versions, Backend::Sqlite);
    if !newer.is_empty() {
        return Err(BackupError::NewerDatabase(newer));
    }
    let tables = schema::tables(copy, Backend::Sqlite).await?;
    let mut rows = 0;
    for table in &tables {
        rows += schema::count(copy, table).await?;
    }
    Ok(Summary {
        tables: tables.len(),
        rows,
        version: latest(&versions),
        migrated_to: latest(&versions),
    })
}

/// PostgreSQL: one snapshot, read table by table into a SQLite file of the same schema.
async fn from_postgres(
    url: &str,
    out: &Path,
    progress: &dyn Progress,
) -> Result<Summary, BackupError> {
    let mut source = connect(url).await?;
    sqlx::raw_sql("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .execute(&mut source)
        .await?;
    let outcome = snapshot_into(&mut source, out, progress).await;
    let _ = sqlx::raw_sql("ROLLBACK").execute(&mut source).await;
    let _ = source.close().await;
    outcome
}

async fn snapshot_into(
    source: &mut AnyConnection,
    out: &Path,
    progress: &dyn Progress,
) -> Result<Summary, BackupError> {
    let versions = migrate::applied(source, Backend::Postgres)
        .await?
        .ok_or(BackupError::NotYardstick)?;
    let newer = unknown(&versions, Backend::Postgres);
    if !newer.is_empty() {
        return Err(BackupError::NewerDatabase(newer));
    }
    let mut tables = Vec::new();
    let mut total = 0;
    for name in schema::tables(source, Backend::Postgres).await? {
        let columns = schema::columns(source, Backend::Postgres, &name).await?;
        total += schema::count(source, &name).await?;
        tables.push((name, columns));
    }
    progress.begin(Some(total));
    let mut copy = connect(&sqlite_url(out, "rw")).await?;
    // The file is thrown away unless complete, and synced to disk once at the end.
    sqlx::raw_sql(
        "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA foreign_keys = ON",
    )
    .execute(&mut copy)
    .await?;
    sqlx::raw_sql("BEGIN").execute(&mut copy).await?;
    let written = async {
        migrate::apply_within(&mut copy, Backend::Sqlite, |v| versions.contains(&v)).await?;
        // Tables come in any order: the references are checked at the commit.
        sqlx::raw_sql("PRAGMA defer_foreign_keys = ON")
            .execute(&mut copy)
            .await?;
        let mut rows = 0;
        for (name, columns) in &tables {
            fits(&mut copy, Backend::Sqlite, name, columns).await?;
            rows += values::copy_table(source, &mut copy, Backend::Sqlite, name, columns, &|n| {
                progress.advance(n)
            })
            .await?;
        }
        Ok::<_, BackupError>(rows)
    }
    .await;
    let outcome = match written {
        Ok(rows) => match sqlx::raw_sql("COMMIT").execute(&mut copy).await {
            Ok(_) => Ok(Summary {
                tables: tables.len(),
                rows,
                version: latest(&versions),
                migrated_to: latest(&versions),
            }),
            Err(e) => Err(e.into()),
        },
        Err(e) => {
            let _ = sqlx::raw_sql("ROLLBACK").execute(&mut copy).await;
            Err(e)
        }
    };
    copy.close().await?;
    outcome
}

/// The columns of `table` in the database `conn`, with an error unless every column of
/// `columns` (the other side's) is among them.
async fn fits(
    conn: &mut AnyConnection,
    backend: Backend,
    table: &str,
    columns: &[Column],
) -> Result<Vec<Column>, BackupError> {
    let there = schema::columns(conn, backend, table).await?;
    if there.is_empty() {
        return Err(BackupError::Mismatch {
            table: table.to_string(),
            column: None,
        });
    }
    if let Some(missing) = columns
        .iter()
        .find(|c| !there.iter().any(|t| t.name == c.name))
    {
        return Err(BackupError::Mismatch {
            table: table.to_string(),
            column: Some(missing.name.clone()),
        });
    }
    Ok(there)
}

/// Every table of a database and its rows, for comparing two databases: the columns of
/// each table by name, the rows sorted. The migrations' bookkeeping is left out.
pub type Contents = BTreeMap<String, (Vec<String>, Vec<Vec<Value>>)>;

/// What the database at `url` holds (see [`Contents`]), read in one snapshot.
pub async fn contents(url: &str) -> Result<Contents, BackupError> {
    let backend = backend_of(url)?;
    let mut conn = match backend {
        Backend::Sqlite => {
            let path = PathBuf::from(sqlite_path(url).unwrap_or_default());
            if !path.is_file() {
                return Err(BackupError::NoDatabase(path));
            }
            connect(&sqlite_url(&path, "ro")).await?
        }
        Backend::Postgres => connect(url).await?,
    };
    let begin = match backend {
        Backend::Sqlite => "BEGIN",
        Backend::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    };
    sqlx::raw_sql(begin).execute(&mut conn).await?;
    let mut out = Contents::new();
    let read = async {
        for table in schema::tables(&mut conn, backend).await? {
            let mut names: Vec<String> = schema::columns(&mut conn, backend, &table)
                .await?
                .into_iter()
                .map(|c| c.name)
                .collect();
            names.sort();
            let select = format!(
                "SELECT {} FROM {}",
                names
                    .iter()
                    .map(|n| quote(n))
                    .collect::<Vec<_>>()
                    .join(", "),
                quote(&table)
            );
            let mut rows = sqlx::query(AssertSqlSafe(select))
                .fetch_all(&mut conn)
                .await?
                .iter()
                .map(values::values)
                .collect::<sqlx::Result<Vec<_>>>()?;
            rows.sort();
            out.insert(table, (names, rows));
        }
        Ok::<_, BackupError>(())
    }
    .await;
    let _ = sqlx::raw_sql("ROLLBACK").execute(&mut conn).await;
    let _ = conn.close().await;
    read.map(|()| out)
}

/// Whether `file` starts as every SQLite database does.
fn is_sqlite_file(file: &Path) -> Result<bool, BackupError> {
    let mut header = [0u8; 16];
    let mut f = std::fs::File::open(file).map_err(BackupError::file(file))?;
    match f.read_exact(&mut header) {
        Ok(()) => Ok(&header == b"SQLite format 3\0"),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(false),
        Err(e) => Err(BackupError::File {
            path: file.to_path_buf(),
            source: e,
        }),
    }
}

/// The condition that leaves out the rows the store makes by itself in `table`, if any.
fn made_on_opening(table: &str) -> Option<&'static str> {
    MADE_ON_OPENING
        .iter()
        .find(|(t, _)| *t == table)
        .map(|(_, c)| *c)
}
