//! `yardstick score`: scores a responses file offline (SPEC §4, §5, §6) and writes the
//! results as JSON, CSV or XLSX, to a file (whole or not at all) or to standard output.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use yardstick_core::{CycleScores, Lang, Settings, Weights};
use yardstick_formats::responses::tally_responses_file;
use yardstick_formats::results::{ResultsView, write_csv, write_json, write_xlsx};
use yardstick_i18n::t;

use super::{builtin, load_model};
use crate::BadInput;
use crate::output::{progress_bar, write_atomically, write_stdout};

#[derive(Args)]
#[command(group = clap::ArgGroup::new("source").required(true).args(["builtin", "model"]))]
pub struct ScoreArgs {
    /// Score against the built-in model
    #[arg(long)]
    builtin: bool,
    /// Score against this TOML model
    #[arg(long, value_name = "M.toml")]
    model: Option<PathBuf>,
    /// The responses file, CSV or XLSX
    #[arg(long, value_name = "R.csv")]
    responses: PathBuf,
    /// Relationship weights, e.g. superior=40,peer=20 (others keep the defaults self 0,
    /// superior 40, peer 20, subordinate 20, customer 20)
    #[arg(long, value_name = "W")]
    weights: Option<String>,
    /// Anonymity threshold k: fewer anonymous raters than this are pooled or set aside (1 turns
    /// pooling off)
    #[arg(long, default_value_t = 3, value_name = "K")]
    threshold: i64,
    /// Output format (default: from the --out extension, else json)
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write the results to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Include every item's score (large)
    #[arg(long)]
    items: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Csv,
    Xlsx,
}

fn format_for(args: &ScoreArgs) -> Format {
    if let Some(f) = args.format {
        return f;
    }
    let extension = args
        .out
        .as_deref()
        .and_then(Path::extension)
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("csv") => Format::Csv,
        Some("xlsx") => Format::Xlsx,
        _ => Format::Json,
    }
}

pub fn run(args: ScoreArgs, lang: Lang) -> anyhow::Result<()> {
    let model = match &args.model {
        Some(path) => load_model(path, lang)?,
        None => builtin(lang)?,
    };
    let weights = match &args.weights {
        Some(text) => Weights::parse_overrides(text)
            .map_err(|e| BadInput::line(format!("--weights: {}", e.message().render(lang))))?,
        None => Weights::default(),
    };
    let settings = Settings::new(weights, args.threshold)
        .map_err(|e| BadInput::line(format!("--threshold: {}", e.message().render(lang))))?;
    let format = format_for(&args);
    if format == Format::Xlsx && args.out.is_none() && std::io::stdout().is_terminal() {
        return Err(BadInput::line(t!(lang, "cli.score.xlsx_to_terminal")).into());
    }

    let path = &args.responses;
    let size = std::fs::metadata(path)
        .with_context(|| {
            t!(
                lang,
                "cli.score.cannot_open",
                file = path.display().to_string()
            )
        })?
        .len();
    let bar = progress_bar(size, lang);
    let tallied = tally_responses_file(path, &model, &|bytes| bar.set_position(bytes));
    bar.finish_and_clear();
    let tallied = tallied.map_err(|problems| {
        BadInput::messages(&problems.messages(&path.display().to_string()), lang)
    })?;

    let inputs = tallied.inputs();
    let scores = CycleScores::new(&model, &settings, &inputs);
    let view = ResultsView {
        model: &model,
        settings: &settings,
        assessees: &tallied.assessees,
        scores: &scores,
        items: args.items,
    };
    let write = |out: &mut dyn std::io::Write| -> anyhow::Result<()> {
        match format {
            Format::Json => write_json(&view, out)?,
            Format::Csv => write_csv(&view, out)?,
            Format::Xlsx => write_xlsx(&view, out).map_err(anyhow::Error::msg)?,
        }
        Ok(())
    };
    let written = match &args.out {
        Some(out) => {
            write_atomically(out, lang, write)?;
            eprintln!(
                "{}",
                t!(
                    lang,
                    "cli.score.scored",
                    responses = tallied.responses,
                    assessees = tallied.assessees.len(),
                    file = out.display().to_string()
                )
            );
            Ok(())
        }
        None => write_stdout(write),
    };
    // The process ends here: handing tens of thousands of tallies back to the allocator one
    // by one would only delay the exit.
    std::mem::forget(scores);
    std::mem::forget(tallied);
    written
}
