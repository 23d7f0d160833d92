//! `yardstick cycle links ID`: every rater's personal link as CSV, one row per rater, for HR
//! to send out (SMS, WeChat, mail merge). Columns: `rater` (name and employee id, or name
//! and phone for someone outside the company), `assessees` (the names of everyone the rater
//! rates, joined by 、) and `link` (the full URL `BASE/r/{token}`). UTF-8 with a BOM, like
//! the results CSV, so that Excel shows the Chinese text; a cell that would start a formula
//! is prefixed with `'` (SPEC §7).

use std::path::PathBuf;

use clap::Args;
use yardstick::assignments::by_rater;
use yardstick::config::Flags;
use yardstick_core::Lang;
use yardstick_formats::text::BOM;
use yardstick_i18n::t;
use yardstick_store::{AssignmentView, Rater};

use crate::BadInput;
use crate::cmd::db::{DbArgs, Explain, Links, with_store};
use crate::output::{csv_safe, write_atomically, write_stdout};

#[derive(Args)]
pub struct LinksArgs {
    /// The cycle's id
    id: i64,
    /// Write the CSV to this file (whole or not at all) instead of standard output
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The server's address as raters reach it (default http://127.0.0.1:8080; also
    /// YARDSTICK_BASE_URL, or `base_url` in the configuration file)
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    #[command(flatten)]
    db: DbArgs,
}

/// How a rater is named in the CSV: name and employee id, or name and phone.
fn rater_label(rater: &Rater) -> String {
    match (&rater.person_id, &rater.phone) {
        (Some(id), _) => format!("{} ({id})", rater.name),
        (None, Some(phone)) => format!("{} ({phone})", rater.name),
        (None, None) => rater.name.clone(),
    }
}

/// The CSV rows: one per rater, in the order raters first appear in the cycle.
pub fn rows(views: &[AssignmentView], base: &str) -> Vec<[String; 3]> {
    by_rater(views)
        .into_iter()
        .filter_map(|group| {
            let first = group.first()?;
            let names: Vec<&str> = group.iter().map(|v| v.assessee_name.as_str()).collect();
            Some([
                rater_label(&first.rater),
                // Joined the Chinese way (、) whatever the language, as the file's users read it.
                names.join(t!(Lang::Zh, "i18n.list_separator")),
                format!("{base}{}", first.link),
            ])
        })
        .collect()
}

pub fn run(args: LinksArgs, lang: Lang) -> anyhow::Result<()> {
    let flags = Flags {
        base_url: args.base_url.clone(),
        ..args.db.flags()
    };
    let settings = yardstick::config::Settings::load(&flags, lang)?;
    let base = settings.base_url.value.trim_end_matches('/').to_string();
    if !(base.starts_with("http://") || base.starts_with("https://")) {
        return Err(BadInput::line(t!(
            lang,
            "cli.links.base_url",
            url = base.as_str(),
            source = settings.base_url.source.describe(lang)
        ))
        .into());
    }
    let views = with_store(&settings, Links::Yes, lang, async |store| {
        store.assignments(args.id).await.in_cycle(args.id, lang)
    })?;
    let rows = rows(&views, &base);
    let write = |out: &mut dyn std::io::Write| -> anyhow::Result<()> {
        out.write_all(BOM)?;
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(["rater", "assessees", "link"])?;
        for row in &rows {
            csv.write_record(row.iter().map(|cell| csv_safe(cell).into_owned()))?;
        }
        csv.flush()?;
        Ok(())
    };
    match &args.out {
        Some(path) => {
            write_atomically(path, lang, write)?;
            eprintln!(
                "{}",
                t!(
                    lang,
                    "cli.links.written",
                    raters = rows.len(),
                    file = path.display().to_string()
                )
            );
            Ok(())
        }
        None => write_stdout(write),
    }
}
