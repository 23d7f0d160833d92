//! `yardstick cycle results ID`: the Results of SPEC §5 from the database, the same object
//! the API gives at `GET /api/v1/cycles/{id}/results` (both are written by
//! `CycleResponses::with_results`), as JSON, CSV or XLSX, with the writers of
//! `yardstick score`. Live while the cycle is open, like the API.

use std::path::{Path, PathBuf};

use clap::Args;
use yardstick_core::Lang;
use yardstick_formats::results::{write_csv, write_json, write_xlsx};
use yardstick_i18n::t;

use crate::BadInput;
use crate::cmd::db::{DbArgs, Explain, Links, with_store};
use crate::cmd::score::Format;
use crate::output::{write_atomically, write_stdout};

#[derive(Args)]
pub struct ResultsArgs {
    /// The cycle's id
    id: i64,
    /// Output format (default: from the --out extension, else json; xlsx needs --out)
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write the results to this file (whole or not at all) instead of standard output
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Include every item's score (large)
    #[arg(long)]
    items: bool,
    #[command(flatten)]
    db: DbArgs,
}

/// The format asked for, else the one the file name's extension names, else JSON.
fn format_for(format: Option<Format>, out: Option<&Path>) -> Format {
    if let Some(f) = format {
        return f;
    }
    let extension = out
        .and_then(Path::extension)
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("csv") => Format::Csv,
        Some("xlsx") => Format::Xlsx,
        _ => Format::Json,
    }
}

pub fn run(args: ResultsArgs, lang: Lang) -> anyhow::Result<()> {
    let format = format_for(args.format, args.out.as_deref());
    if format == Format::Xlsx && args.out.is_none() {
        return Err(BadInput::line(t!(lang, "cli.results.xlsx_needs_out")).into());
    }
    let settings = args.db.settings(lang)?;
    let id = args.id;
    let data = with_store(&settings, Links::No, lang, async |store| {
        store.cycle_responses(id).await.in_cycle(id, lang)
    })?;
    let write = |out: &mut dyn std::io::Write| -> anyhow::Result<()> {
        data.with_results(args.items, |view| -> anyhow::Result<()> {
            match format {
                Format::Json => write_json(view, out)?,
                Format::Csv => write_csv(view, out)?,
                Format::Xlsx => write_xlsx(view, out).map_err(anyhow::Error::msg)?,
            }
            Ok(())
        })?
    };
    match &args.out {
        Some(path) => {
            write_atomically(path, lang, write)?;
            eprintln!(
                "{}",
                t!(
                    lang,
                    "cli.results.written",
                    id = id,
                    responses = data.responses.len(),
                    assessees = data.assessees.len(),
                    file = path.display().to_string()
                )
            );
            Ok(())
        }
        None => write_stdout(write),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_follows_the_flag_then_the_file_name() {
        assert!(format_for(None, None) == Format::Json);
        assert!(format_for(None, Some(Path::new("r.XLSX"))) == Format::Xlsx);
        assert!(format_for(None, Some(Path::new("r.csv"))) == Format::Csv);
        assert!(format_for(Some(Format::Json), Some(Path::new("r.csv"))) == Format::Json);
    }
}
