//! `yardstick cycle notice ID`: the cycle's privacy notice to outside raters — what is kept
//! about them and why — shown once before their first questionnaire. Without options it
//! prints the notice; `--text` or `--file` sets it, `--clear` removes it.

use std::path::PathBuf;

use clap::Args;
use yardstick_core::Lang;
use yardstick_core::bounds::TextRule;
use yardstick_i18n::t;

use crate::BadInput;
use crate::cmd::db::{DbArgs, Explain, Links, with_store};

#[derive(Args)]
pub struct NoticeArgs {
    /// The cycle's id
    id: i64,
    /// The notice's text (at most 2000 characters)
    #[arg(long, conflicts_with_all = ["file", "clear"])]
    text: Option<String>,
    /// Read the notice from this UTF-8 text file
    #[arg(long, value_name = "FILE", conflicts_with = "clear")]
    file: Option<PathBuf>,
    /// Remove the notice
    #[arg(long)]
    clear: bool,
    #[command(flatten)]
    db: DbArgs,
}

/// What to do.
enum Change {
    Show,
    Set(String),
    Clear,
}

/// The change asked for, its text checked like the API's.
fn change(args: &NoticeArgs, lang: Lang) -> Result<Change, BadInput> {
    let (given, option) = match (&args.text, &args.file) {
        (Some(text), _) => (text.clone(), "--text".to_string()),
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                BadInput::line(t!(
                    lang,
                    "cli.notice.unreadable",
                    file = path.display().to_string(),
                    why = e.to_string()
                ))
            })?;
            (text, format!("--file {}", path.display()))
        }
        (None, None) if args.clear => return Ok(Change::Clear),
        (None, None) => return Ok(Change::Show),
    };
    if given.trim().is_empty() {
        return Ok(Change::Clear);
    }
    match TextRule::TEXT.check(&given) {
        Ok(text) => Ok(Change::Set(text.to_string())),
        Err(problem) => Err(BadInput::line(format!(
            "{option}: {}",
            problem.message().render(lang)
        ))),
    }
}

pub fn run(args: NoticeArgs, lang: Lang) -> anyhow::Result<()> {
    let change = change(&args, lang)?;
    let settings = args.db.settings(lang)?;
    let id = args.id;
    let line = with_store(&settings, Links::No, lang, async |store| match change {
        Change::Show => {
            let text = store.notice(id).await.in_cycle(id, lang)?;
            Ok(text.unwrap_or_else(|| t!(lang, "cli.notice.none", id = id)))
        }
        Change::Set(text) => {
            store
                .set_notice(id, Some(text), None)
                .await
                .in_cycle(id, lang)?;
            Ok(t!(lang, "cli.notice.set", id = id))
        }
        Change::Clear => {
            store.set_notice(id, None, None).await.in_cycle(id, lang)?;
            Ok(t!(lang, "cli.notice.cleared", id = id))
        }
    })?;
    println!("{}", crate::output::terminal_safe(&line));
    Ok(())
}
