//! Why a backup or a restore did not happen, as typed values: the command line puts each
//! into words (with its flags) in the reader's language.

use std::path::PathBuf;

use crate::error::StoreError;

/// Why a backup or a restore failed. Nothing was written: no backup file, no change to the
/// database restored into.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The backup file exists and may not be replaced.
    #[error("{0} exists")]
    Exists(PathBuf),
    /// The SQLite file the database URL names does not exist.
    #[error("no database file {0}")]
    NoDatabase(PathBuf),
    /// The database holds no Yardstick schema (no record of migrations).
    #[error("the database is not a Yardstick database")]
    NotYardstick,
    /// The database was migrated by a newer release: these versions are unknown here.
    #[error("the database has schema versions {0:?} unknown to this release")]
    NewerDatabase(Vec<i64>),
    /// The backup file does not exist.
    #[error("no backup file {0}")]
    NoBackup(PathBuf),
    /// The file is not a backup Yardstick made (not SQLite, or no record of migrations).
    #[error("{0} is not a Yardstick backup")]
    NotABackup(PathBuf),
    /// The backup was made by a newer release: these versions are unknown here.
    #[error("the backup has schema versions {0:?} unknown to this release")]
    NewerBackup(Vec<i64>),
    /// The database restored into already holds Yardstick data.
    #[error("the database holds data: {table} has {rows} rows")]
    NotEmpty {
        /// The first table found with rows.
        table: String,
        /// How many.
        rows: u64,
    },
    /// A table of the backup has no place in this release's schema: the file is damaged, or
    /// the two backends' schemas differ.
    #[error("the backup's table {table} (column {column:?}) is not in the schema")]
    Mismatch {
        /// The table.
        table: String,
        /// The column, when the table is there but the column is not.
        column: Option<String>,
    },
    /// A file could not be read, written or renamed.
    #[error("{path}: {source}")]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The database failed.
    #[error("the database failed: {0}")]
    Database(#[from] sqlx::Error),
    /// Migrating failed, or the URL names no backend.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl BackupError {
    pub(super) fn file(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> BackupError {
        let path = path.into();
        move |source| BackupError::File { path, source }
    }
}
