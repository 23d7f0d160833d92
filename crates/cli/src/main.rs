//! `yardstick`: the command line (SPEC §6). One file per command under `cmd/`; this file
//! parses the arguments, picks the language and turns failures into messages and exit codes.

mod cmd;
mod help;
mod output;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use output::terminal_safe;
use yardstick::BadInput;
use yardstick_core::Lang;
use yardstick_i18n::t;

/// Yardstick — 360-degree competency assessment for property-management companies. The doc
/// comments of the commands and their arguments are for developers: `--help` takes its words
/// from the `[help]` keys of the catalogues, through the table in `help.rs`.
#[derive(Parser)]
#[command(name = "yardstick", version, about, long_about = None)]
struct Cli {
    /// Language of messages: zh or en (default: from the locale)
    #[arg(long, global = true, env = "YARDSTICK_LANG", value_parser = parse_lang)]
    lang: Option<Lang>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show, export, import and convert competency models
    #[command(subcommand)]
    Model(cmd::model::ModelCommand),
    /// Score a responses file offline (CSV or XLSX)
    Score(cmd::score::ScoreArgs),
    /// Run the server (web pages and the JSON API)
    Serve(cmd::serve::ServeArgs),
    /// Run the server on a demo company in ./yardstick-demo.db
    Demo(cmd::demo::DemoArgs),
    /// Manage user accounts
    #[command(subcommand)]
    User(cmd::user::UserCommand),
    /// Import people and the org chart
    #[command(subcommand)]
    People(cmd::people::PeopleCommand),
    /// Create and run assessment cycles
    #[command(subcommand)]
    Cycle(cmd::cycle::CycleCommand),
    /// Write a report as a file: individual, department or company
    Report(cmd::report::ReportArgs),
    /// Back up the database into a file, consistently while the server runs
    Backup(cmd::backup::BackupArgs),
    /// Restore a backup into an empty database of either backend
    Restore(cmd::restore::RestoreArgs),
}

/// `--lang`; the language is not known yet, so a wrong value is told in both.
fn parse_lang(value: &str) -> Result<Lang, String> {
    Lang::parse(value).ok_or_else(|| {
        format!(
            "{} / {}",
            t!(Lang::En, "cli.main.lang", value = value),
            t!(Lang::Zh, "cli.main.lang", value = value)
        )
    })
}

/// The language of the locale: `LC_ALL`, then `LC_MESSAGES`, then `LANG`.
fn locale_lang() -> Lang {
    let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty());
    Lang::from_locale(value.as_deref())
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let env = std::env::var("YARDSTICK_LANG").ok();
    let help_lang = help::lang_before_parsing(&args, env.as_deref(), locale_lang);
    let command = Cli::command().mut_subcommand("serve", |serve| {
        serve.after_help(cmd::serve::configuration_help(help_lang))
    });
    let command = help::in_language(command, help_lang);
    let cli = Cli::from_arg_matches(&command.get_matches_from(args)).unwrap_or_else(|e| e.exit());
    let lang = cli.lang.unwrap_or_else(locale_lang);
    let result = match cli.command {
        Command::Model(c) => cmd::model::run(c, lang),
        Command::Score(args) => cmd::score::run(args, lang),
        Command::Serve(args) => cmd::serve::run(args, lang),
        Command::Demo(args) => cmd::demo::run(args, lang),
        Command::User(c) => cmd::user::run(c, lang),
        Command::People(c) => cmd::people::run(c, lang),
        Command::Cycle(c) => cmd::cycle::run(c, lang),
        Command::Report(args) => cmd::report::run(args, lang),
        Command::Backup(args) => cmd::backup::run(args, lang),
        Command::Restore(args) => cmd::restore::run(args, lang),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            match error.downcast_ref::<BadInput>() {
                Some(BadInput(lines)) => {
                    for line in lines {
                        eprintln!("{}", terminal_safe(line));
                    }
                }
                None => {
                    let cause = format!("{error:#}");
                    let line = t!(lang, "cli.main.error", cause = cause.as_str());
                    eprintln!("{}", terminal_safe(&line));
                }
            }
            ExitCode::FAILURE
        }
    }
}
