//! `yardstick people import`: the People file (CSV or XLSX, any accepted encoding) into the
//! database, all or nothing.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand};
use yardstick_core::Lang;
use yardstick_formats::people::parse_people;
use yardstick_i18n::t;
use yardstick_store::StoreError;

use super::db::{DbArgs, Links, explain, with_store};
use crate::BadInput;

#[derive(Subcommand)]
pub enum PeopleCommand {
    /// Import people and the org chart from a People file (CSV or XLSX)
    Import(ImportArgs),
}

#[derive(Args)]
pub struct ImportArgs {
    /// The People file: id, name, department, title, superior, optional email and phone
    file: PathBuf,
    #[command(flatten)]
    db: DbArgs,
}

pub fn run(command: PeopleCommand, lang: Lang) -> anyhow::Result<()> {
    match command {
        PeopleCommand::Import(args) => import(args, lang),
    }
}

fn import(args: ImportArgs, lang: Lang) -> anyhow::Result<()> {
    let settings = args.db.settings(lang)?;
    let file = args.file.display().to_string();
    let bytes = std::fs::read(&args.file)
        .with_context(|| t!(lang, "cli.people.cannot_read", file = &file))?;
    let people = parse_people(&bytes).map_err(|p| BadInput::messages(&p.messages(&file), lang))?;
    if !people.is_sound() {
        // The org chart's problems too, in the same pass, against the people stored; a
        // SQLite file that does not exist holds nobody, and a refused file does not create it.
        let known: Vec<(String, Option<String>)> = if may_hold_people(&settings.db.value) {
            with_store(&settings, Links::No, lang, async |store| {
                store.people().await.map_err(|e| explain(e, lang))
            })?
            .into_iter()
            .map(|p| (p.id, p.superior))
            .collect()
        } else {
            Vec::new()
        };
        let problems = people.check(&known).err().unwrap_or_default();
        return Err(BadInput::messages(&problems.messages(&file), lang).into());
    }
    let outcome = with_store(&settings, Links::No, lang, async |store| {
        store.import_people(people.rows).await.map_err(|e| match e {
            // The org chart is checked against the people already stored.
            StoreError::File(problems) => {
                BadInput::messages(&problems.messages(&file), lang).into()
            }
            other => explain(other, lang),
        })
    })?;
    println!(
        "{}",
        t!(
            lang,
            "cli.people.imported",
            imported = outcome.imported,
            updated = outcome.updated
        )
    );
    Ok(())
}

/// Whether the database at `url` may hold people already: a SQLite file that does not exist
/// holds nobody.
fn may_hold_people(url: &str) -> bool {
    match url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    {
        Some(rest) => {
            let path = rest.split('?').next().unwrap_or(rest);
            path.is_empty() || path.starts_with(':') || std::path::Path::new(path).exists()
        }
        None => true,
    }
}
