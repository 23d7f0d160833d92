//! `yardstick user add`: a user account, with the password read from standard input so
//! that it never appears in the shell's history or the process list.

use std::io::{BufRead, IsTerminal};

use clap::{Args, Subcommand};
use yardstick_core::Lang;
use yardstick_i18n::t;
use yardstick_store::Role;

use super::db::{DbArgs, Explain, Links, with_store};
use crate::BadInput;
use crate::output::terminal_cell;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a user; the password is read from standard input
    Add(AddArgs),
}

#[derive(Args)]
pub struct AddArgs {
    /// The login name
    name: String,
    /// admin (everything, users too), hr (people, models, cycles), manager (published reports
    /// of the people below them), employee (their own published report)
    #[arg(long, value_parser = ["admin", "hr", "manager", "employee"])]
    role: String,
    /// The person (employee id) this user is
    #[arg(long, value_name = "ID")]
    person: Option<String>,
    /// Read the password from the first line of standard input (required)
    #[arg(long, required = true)]
    password_stdin: bool,
    #[command(flatten)]
    db: DbArgs,
}

pub fn run(command: UserCommand, lang: Lang) -> anyhow::Result<()> {
    match command {
        UserCommand::Add(args) => add(args, lang),
    }
}

fn add(args: AddArgs, lang: Lang) -> anyhow::Result<()> {
    let role =
        Role::parse(&args.role).ok_or_else(|| BadInput::line(format!("--role {}", args.role)))?;
    let settings = args.db.settings(lang)?;
    let password = read_password(lang)?;
    let user = with_store(&settings, Links::No, lang, async |store| {
        store
            .add_user(&args.name, &password, role, args.person.as_deref())
            .await
            .explained(lang)
    })?;
    println!(
        "{}",
        t!(
            lang,
            "cli.user.added",
            name = terminal_cell(&user.username).as_ref(),
            role = user.role.code()
        )
    );
    Ok(())
}

/// The first line of standard input, without its line ending.
fn read_password(lang: Lang) -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("{}", t!(lang, "cli.user.password"));
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| BadInput::line(t!(lang, "cli.user.unreadable", why = e.to_string())))?;
    let password = line.strip_suffix('\n').unwrap_or(&line);
    let password = password.strip_suffix('\r').unwrap_or(password);
    if password.is_empty() {
        return Err(BadInput::line(t!(lang, "cli.user.no_password")).into());
    }
    Ok(password.to_string())
}
