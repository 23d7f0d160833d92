//! `yardstick`: the command line (SPEC §6). One file per command under `cmd/`; this file
//! parses the arguments, picks the language and turns failures into messages and exit codes.

mod cmd;
mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use yardstick_core::Lang;

/// Yardstick — 360-degree competency assessment (能力素质360评估) for property-management companies.
#[derive(Parser)]
#[command(name = "yardstick", version, about, long_about = None)]
struct Cli {
    /// Language of messages: zh or en (default: from the locale) / 提示信息的语言:zh 或 en(默认按系统区域设置)
    #[arg(long, global = true, env = "YARDSTICK_LANG", value_parser = parse_lang)]
    lang: Option<Lang>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show, export, import and convert competency models / 查看、导出、导入和转换能力素质模型
    #[command(subcommand)]
    Model(cmd::model::ModelCommand),
    /// Score a responses file offline (CSV or XLSX) / 离线计分:对评价数据文件(CSV 或 XLSX)计分
    Score(cmd::score::ScoreArgs),
}

fn parse_lang(value: &str) -> Result<Lang, String> {
    Lang::parse(value).ok_or_else(|| format!("`{value}`: use zh or en / 请用 zh 或 en"))
}

/// The language of the locale: `LC_ALL`, then `LC_MESSAGES`, then `LANG`.
fn locale_lang() -> Lang {
    let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty());
    Lang::from_locale(value.as_deref())
}

/// A failure that has already been put into words for the user: bad input, with every
/// problem found.
#[derive(Debug)]
pub struct BadInput(pub Vec<String>);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join("\n"))
    }
}

impl std::error::Error for BadInput {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang.unwrap_or_else(locale_lang);
    let result = match cli.command {
        Command::Model(c) => cmd::model::run(c, lang),
        Command::Score(args) => cmd::score::run(args, lang),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            match error.downcast_ref::<BadInput>() {
                Some(BadInput(lines)) => {
                    for line in lines {
                        eprintln!("{line}");
                    }
                }
                None => {
                    let label = lang.pick("错误", "error");
                    eprintln!("{label}: {error:#}");
                }
            }
            ExitCode::FAILURE
        }
    }
}
