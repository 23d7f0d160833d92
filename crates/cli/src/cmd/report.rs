//! `yardstick report individual|department|company --cycle ID [--assessee ID]
//! [--department NAME] [--target 20,70,10] --format html|pdf|xlsx|csv --out F` (SPEC §6):
//! the report files of the console, made by `yardstick_web::exports` from the same report
//! objects as the pages. Whoever has the database reads as HR: an individual report is
//! HR's full view and says so, unless `--restricted` asks for the view of the assessee and
//! their managers (SPEC §4 step 10).

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use yardstick_core::Lang;
use yardstick_i18n::t;
use yardstick_web::exports::{self, Kind, Request};

use crate::BadInput;
use crate::cmd::db::{DbArgs, Explain, Links, with_store};
use crate::output::write_atomically;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Individual,
    Department,
    Company,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Html,
    Pdf,
    Xlsx,
    Csv,
}

#[derive(Args)]
pub struct ReportArgs {
    /// individual, department or company
    #[arg(value_enum)]
    kind: KindArg,
    /// The cycle's id
    #[arg(long, value_name = "ID")]
    cycle: i64,
    /// The assessee's person id (individual reports)
    #[arg(long, value_name = "ID")]
    assessee: Option<String>,
    /// The department, as in the People file (department reports)
    #[arg(long, value_name = "NAME")]
    department: Option<String>,
    /// A target grade distribution in percent, highest grade first, e.g. 20,70,10
    #[arg(long, value_name = "PERCENTS")]
    target: Option<String>,
    /// The file format
    #[arg(long, value_enum)]
    format: FormatArg,
    /// The file to write (whole or not at all)
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// An individual report as the assessee and their managers read it, not HR's full view
    #[arg(long)]
    restricted: bool,
    #[command(flatten)]
    db: DbArgs,
}

pub fn run(args: ReportArgs, lang: Lang) -> anyhow::Result<()> {
    let kind = match args.kind {
        KindArg::Individual => Kind::Individual,
        KindArg::Department => Kind::Department,
        KindArg::Company => Kind::Company,
    };
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    if kind == Kind::Individual && blank(&args.assessee) {
        return Err(BadInput::line(t!(lang, "cli.report.needs_assessee")).into());
    }
    if kind == Kind::Department && blank(&args.department) {
        return Err(BadInput::line(t!(lang, "cli.report.needs_department")).into());
    }
    if args.restricted && kind != Kind::Individual {
        return Err(BadInput::line(t!(lang, "cli.report.restricted_individual")).into());
    }
    let request = Request {
        kind,
        cycle: args.cycle,
        assessee: args.assessee.clone(),
        department: args.department.clone(),
        target: args.target.clone(),
        format: match args.format {
            FormatArg::Html => exports::Format::Html,
            FormatArg::Pdf => exports::Format::Pdf,
            FormatArg::Xlsx => exports::Format::Xlsx,
            FormatArg::Csv => exports::Format::Csv,
        },
        restricted: args.restricted,
    };
    let settings = args.db.settings(lang)?;
    let file = with_store(&settings, Links::No, lang, async |store| {
        store
            .cycle(request.cycle)
            .await
            .in_cycle(request.cycle, lang)?;
        exports::export(store, &request, lang)
            .await
            .map_err(|e| BadInput(e.lines().map(str::to_string).collect()).into())
    })?;
    write_atomically(&args.out, lang, |out| Ok(out.write_all(&file.bytes)?))?;
    eprintln!(
        "{}",
        t!(
            lang,
            "cli.report.written",
            file = args.out.display().to_string(),
            bytes = file.bytes.len()
        )
    );
    Ok(())
}
