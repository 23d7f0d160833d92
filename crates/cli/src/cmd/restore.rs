//! `yardstick restore FILE`: a backup into an empty database of either backend, in one
//! transaction, migrated up to this release (see `yardstick_store::backup`).

use std::path::{Path, PathBuf};

use clap::Args;
use yardstick::config::{Settings, redact_url, secret_path};
use yardstick_core::Lang;
use yardstick_i18n::t;
use yardstick_store::Backend;
use yardstick_store::backup;
use yardstick_store::db::sqlite_path;

use crate::cmd::backup::{Step, explain, runtime};
use crate::cmd::db::DbArgs;
use crate::output::copy_progress;

#[derive(Args)]
pub struct RestoreArgs {
    /// The backup file, as `yardstick backup` wrote it
    file: PathBuf,
    /// Delete all Yardstick data in the database and put the backup in its place
    #[arg(long)]
    replace: bool,
    #[command(flatten)]
    db: DbArgs,
}

pub fn run(args: RestoreArgs, lang: Lang) -> anyhow::Result<()> {
    let settings = args.db.settings(lang)?;
    let backend = settings.backend(lang)?;
    let url = settings.db.value.clone();
    let bar = copy_progress(lang);
    let done = runtime()?.block_on(backup::restore(&args.file, &url, args.replace, &bar));
    bar.finish_and_clear();
    let done = done.map_err(|e| explain(e, &url, &args.file, Step::Restore, lang))?;
    eprintln!(
        "{}",
        t!(
            lang,
            "cli.backup.restored",
            file = args.file.display().to_string(),
            url = redact_url(&url),
            rows = done.rows,
            tables = done.tables
        )
    );
    if done.migrated_to != done.version {
        eprintln!(
            "{}",
            t!(
                lang,
                "cli.backup.upgraded",
                from = done.version,
                to = done.migrated_to
            )
        );
    }
    eprintln!("{}", links_reminder(&settings, backend, lang));
    Ok(())
}

/// What rater links need to work again: the secret of the database backed up, which is not
/// in the backup.
fn links_reminder(settings: &Settings, backend: Backend, lang: Lang) -> String {
    if let Some(configured) = &settings.secret {
        return t!(
            lang,
            "cli.backup.links_configured",
            source = configured.source.describe(lang)
        );
    }
    match (backend, sqlite_path(&settings.db.value)) {
        (Backend::Sqlite, Some(path)) => t!(
            lang,
            "cli.backup.links_file",
            file = secret_path(Path::new(path)).display().to_string()
        ),
        _ => t!(lang, "cli.backup.links_setting").to_string(),
    }
}
