//! `yardstick backup FILE`: the database into one SQLite file, consistently while servers
//! run (see `yardstick_store::backup`); and what the backup and restore commands share:
//! a runtime and their refusals in the user's words.

use std::path::{Path, PathBuf};

use clap::Args;
use yardstick::config::{Settings, redact_url, secret_path};
use yardstick_core::Lang;
use yardstick_i18n::t;
use yardstick_store::Backend;
use yardstick_store::backup::{self, BackupError};
use yardstick_store::db::sqlite_path;

use crate::BadInput;
use crate::cmd::db::DbArgs;
use crate::output::copy_progress;

#[derive(Args)]
pub struct BackupArgs {
    /// The backup file to write; it must not exist yet unless --force
    file: PathBuf,
    /// Replace FILE if it exists
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    db: DbArgs,
}

pub fn run(args: BackupArgs, lang: Lang) -> anyhow::Result<()> {
    let settings = args.db.settings(lang)?;
    let backend = settings.backend(lang)?;
    let url = settings.db.value.clone();
    let bar = copy_progress(lang);
    let made = runtime()?.block_on(backup::backup(&url, &args.file, args.force, &bar));
    bar.finish_and_clear();
    let made = made.map_err(|e| explain(e, &url, &args.file, Step::Backup, lang))?;
    eprintln!(
        "{}",
        t!(
            lang,
            "cli.backup.done",
            url = redact_url(&url),
            file = args.file.display().to_string(),
            rows = made.rows,
            tables = made.tables,
            version = made.version
        )
    );
    if let Some(line) = secret_reminder(&settings, backend, lang) {
        eprintln!("{line}");
    }
    Ok(())
}

/// Where the secret the backed-up database's links derive from is, to keep with the backup.
fn secret_reminder(settings: &Settings, backend: Backend, lang: Lang) -> Option<String> {
    if let Some(configured) = &settings.secret {
        return Some(t!(
            lang,
            "cli.backup.secret_configured",
            source = configured.source.describe(lang)
        ));
    }
    let file = match backend {
        Backend::Sqlite => secret_path(Path::new(sqlite_path(&settings.db.value)?)),
        Backend::Postgres => return None,
    };
    file.is_file().then(|| {
        t!(
            lang,
            "cli.backup.secret_file",
            file = file.display().to_string()
        )
    })
}

/// A runtime of one thread for the copy.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// Which command failed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Backup,
    Restore,
}

/// A refusal or failure of a backup or restore of `file` and the database at `url`, in the
/// user's words.
pub fn explain(
    error: BackupError,
    url: &str,
    file: &Path,
    step: Step,
    lang: Lang,
) -> anyhow::Error {
    let url = redact_url(url);
    let shown = |p: &Path| p.display().to_string();
    let versions = |v: &[i64]| {
        v.iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(t!(lang, "i18n.list_separator"))
    };
    let line = match error {
        BackupError::Exists(f) => t!(lang, "cli.backup.exists", file = shown(&f)),
        BackupError::NoDatabase(f) => {
            t!(lang, "cli.backup.no_database", file = shown(&f), url = url)
        }
        BackupError::NotYardstick => t!(lang, "cli.backup.not_yardstick", url = url),
        BackupError::NewerDatabase(v) => t!(
            lang,
            "cli.backup.newer_database",
            url = url,
            versions = v.len(),
            list = versions(&v)
        ),
        BackupError::NoBackup(f) => t!(lang, "cli.backup.no_backup", file = shown(&f)),
        BackupError::NotABackup(f) => t!(lang, "cli.backup.not_a_backup", file = shown(&f)),
        BackupError::NewerBackup(v) => t!(
            lang,
            "cli.backup.newer_backup",
            file = shown(file),
            versions = v.len(),
            list = versions(&v)
        ),
        BackupError::NotEmpty { table, rows } => t!(
            lang,
            "cli.backup.not_empty",
            url = url,
            table = table,
            rows = rows
        ),
        BackupError::Mismatch {
            table,
            column: None,
        } => t!(lang, "cli.backup.mismatch_table", table = table),
        BackupError::Mismatch {
            table,
            column: Some(column),
        } => t!(
            lang,
            "cli.backup.mismatch_column",
            table = table,
            column = column
        ),
        BackupError::File { path, source } => t!(
            lang,
            "cli.backup.file",
            file = shown(&path),
            why = source.to_string()
        ),
        BackupError::Database(cause) => failed(step, cause.to_string(), lang),
        BackupError::Store(e) => return crate::cmd::db::explain(e, lang),
    };
    BadInput::line(line).into()
}

fn failed(step: Step, cause: String, lang: Lang) -> String {
    match step {
        Step::Backup => t!(lang, "cli.backup.backup_failed", cause = cause),
        Step::Restore => t!(lang, "cli.backup.restore_failed", cause = cause),
    }
}
