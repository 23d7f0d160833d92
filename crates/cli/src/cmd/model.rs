//! `yardstick model show|export|import|import-text`: the competency model as a table, as
//! TOML, validated from TOML, and read from a form in the seed's text layout.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use unicode_width::UnicodeWidthStr;
use yardstick_core::{Lang, Model, PercentMode};
use yardstick_formats::{FormOptions, read_form_text, write_model_toml};
use yardstick_i18n::{Arg, k, t};

use super::db::{DbArgs, Explain, Links, with_store};
use super::{builtin, load_model, read_text};
use crate::BadInput;
use crate::output::{pad, write_atomically, write_stdout};

#[derive(Subcommand)]
pub enum ModelCommand {
    /// Print a model as a readable table (default: the built-in model)
    Show(ShowArgs),
    /// Write the built-in model as TOML
    Export(ExportArgs),
    /// Validate a TOML model file and print a summary; with --db, also store it
    Import(ImportArgs),
    /// Turn a form in the seed's text layout into a TOML model
    ImportText(ImportTextArgs),
}

#[derive(Args)]
pub struct ShowArgs {
    /// Show the built-in model
    #[arg(long, conflicts_with = "file")]
    builtin: bool,
    /// A TOML model file / TOML 模型文件
    file: Option<PathBuf>,
}

#[derive(Args)]
pub struct ExportArgs {
    /// Export the built-in model (the only model without a database)
    #[arg(long, required = true)]
    builtin: bool,
    /// Write to this file instead of standard output
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Args)]
pub struct ImportArgs {
    /// The TOML model file / TOML 模型文件
    file: PathBuf,
    /// Store the model in this database (sqlite://FILE or postgres://…); without it the file is
    /// only validated
    #[arg(long, value_name = "URL")]
    db: Option<String>,
    /// Configuration file, for the server secret (default: yardstick.toml in the working
    /// directory, if there is one)
    #[arg(long, value_name = "FILE", requires = "db")]
    config: Option<PathBuf>,
}

#[derive(Args)]
pub struct ImportTextArgs {
    /// The form, as text (UTF-8 or GB18030)
    file: PathBuf,
    /// Write the TOML to this file instead of standard output
    #[arg(long)]
    out: Option<PathBuf>,
    /// The model's name (default: the form's title line, or 物业管理人员能力素质模型)
    #[arg(long)]
    name: Option<String>,
    /// The model's version (default 1)
    #[arg(long)]
    version: Option<String>,
}

pub fn run(command: ModelCommand, lang: Lang) -> anyhow::Result<()> {
    match command {
        ModelCommand::Show(args) => {
            let model = match &args.file {
                Some(path) => load_model(path, lang)?,
                None => builtin(lang)?,
            };
            let text = show(&model, lang);
            write_stdout(|out| Ok(out.write_all(text.as_bytes())?))
        }
        ModelCommand::Export(args) => {
            let toml = write_model_toml(&builtin(lang)?);
            emit(&toml, args.out, lang)
        }
        ModelCommand::Import(args) => {
            let model = load_model(&args.file, lang)?;
            let mut summary = summary(&model, lang);
            summary.push('\n');
            if let Some(db) = args.db {
                let toml = read_text(&args.file, lang)?;
                let db = DbArgs {
                    db: Some(db),
                    config: args.config,
                };
                let settings = db.settings(lang)?;
                let info = with_store(&settings, Links::No, lang, async |store| {
                    store.import_model(toml).await.explained(lang)
                })?;
                summary.push_str(&t!(lang, "cli.model.stored", id = info.id));
                summary.push('\n');
            }
            write_stdout(|out| Ok(out.write_all(summary.as_bytes())?))
        }
        ModelCommand::ImportText(args) => {
            let text = read_text(&args.file, lang)?;
            let options = FormOptions {
                name: args.name,
                version: args.version,
            };
            let validated = read_form_text(&text, &options).map_err(|problems| {
                BadInput(
                    problems
                        .iter()
                        .map(|p| format!("{}: {}", args.file.display(), p.message().render(lang)))
                        .collect(),
                )
            })?;
            for w in &validated.warnings {
                let label = t!(lang, "cli.model.warning");
                eprintln!(
                    "{}: {label}: {}",
                    args.file.display(),
                    w.message().render(lang)
                );
            }
            eprintln!("{}", summary(&validated.model, lang));
            emit(&write_model_toml(&validated.model), args.out, lang)
        }
    }
}

/// Writes text to a file (whole or not at all) or to standard output.
fn emit(text: &str, out: Option<PathBuf>, lang: Lang) -> anyhow::Result<()> {
    let write = |w: &mut dyn std::io::Write| Ok(w.write_all(text.as_bytes())?);
    match out {
        Some(path) => write_atomically(&path, lang, write),
        None => write_stdout(write),
    }
}

/// One line: name, version, dimensions, items, weights, scale.
fn summary(model: &Model, lang: Lang) -> String {
    let weights: f64 = model.dimensions().iter().map(|d| d.weight()).sum();
    let scale = model.scale();
    let na = if scale.allow_na() {
        Arg::from(k!("cli.model.na_allowed"))
    } else {
        Arg::from("")
    };
    t!(
        lang,
        "cli.model.summary",
        name = model.name(),
        version = model.version(),
        dimensions = model.dimensions().len(),
        items = model.items().len(),
        weights = weights,
        min = scale.min(),
        max = scale.max(),
        na = na
    )
}

/// The readable table of `model show`.
fn show(model: &Model, lang: Lang) -> String {
    let mut out = String::new();
    let scale = model.scale();
    let _ = writeln!(out, "{}", summary(model, lang));
    let mode = match model.percent_mode() {
        PercentMode::Ratio => k!("cli.model.ratio"),
        PercentMode::Linear => k!("cli.model.linear"),
    };
    let _ = writeln!(out, "{}", t!(lang, "cli.model.percent", mode = mode));
    if !scale.labels().is_empty() {
        let labels: Vec<String> = (scale.min()..=scale.max())
            .zip(scale.labels())
            .map(|(p, l)| format!("{p} {l}"))
            .collect();
        let _ = writeln!(
            out,
            "{}",
            t!(lang, "cli.model.scale", labels = labels.join(", "))
        );
    }
    let grades: Vec<String> = model
        .grades()
        .iter()
        .map(|g| format!("{} ≥ {}", g.name(), g.min()))
        .collect();
    let _ = writeln!(
        out,
        "{}",
        t!(lang, "cli.model.grades", grades = grades.join(", "))
    );

    let head = [
        t!(lang, "cli.model.col_code"),
        t!(lang, "cli.model.col_dimension"),
        t!(lang, "cli.model.col_weight"),
        t!(lang, "cli.model.col_items"),
    ];
    let name_width = model
        .dimensions()
        .iter()
        .map(|d| UnicodeWidthStr::width(d.name()))
        .chain([UnicodeWidthStr::width(head[1])])
        .max()
        .unwrap_or(8);
    let code_width = model
        .items()
        .iter()
        .map(|i| UnicodeWidthStr::width(i.code()) + 2)
        .chain([UnicodeWidthStr::width(head[0])])
        .max()
        .unwrap_or(4);
    let _ = writeln!(
        out,
        "\n{}  {}  {}  {}",
        pad(head[0], code_width),
        pad(head[1], name_width),
        pad(head[2], 6),
        head[3]
    );
    let _ = writeln!(out, "{}", "-".repeat(code_width + name_width + 18));
    for d in model.dimensions() {
        let items = model.dimension_items(d);
        let _ = writeln!(
            out,
            "{}  {}  {}  {}",
            pad(d.code(), code_width),
            pad(d.name(), name_width),
            pad(
                &format!("{}%", yardstick_formats::model_toml::number(d.weight())),
                6
            ),
            items.len()
        );
        for item in items {
            let _ = writeln!(
                out,
                "  {}  {}",
                pad(item.code(), code_width - 2),
                item.text()
            );
        }
    }
    let total: f64 = model.dimensions().iter().map(|d| d.weight()).sum();
    let _ = writeln!(out, "{}", "-".repeat(code_width + name_width + 18));
    let _ = writeln!(
        out,
        "{}  {}  {}  {}",
        pad("", code_width),
        pad(t!(lang, "cli.model.total"), name_width),
        pad(
            &format!("{}%", yardstick_formats::model_toml::number(total)),
            6
        ),
        model.items().len()
    );
    out
}
