//! `yardstick cycle status ID`: the cycle's state, the dimensions of relationships not asked
//! every dimension, its totals (assignments, raters, drafts, submitted) and a progress table
//! with one row per assessee and, per relationship, how many of the assigned raters have
//! submitted. Stored names (of the cycle, the model, people and departments) are printed
//! with control characters escaped.

use std::collections::{HashMap, HashSet};

use yardstick_core::{Lang, Relationship};
use yardstick_i18n::{msg, t};
use yardstick_store::ProgressRow;

use super::heading;
use crate::cmd::db::{DbArgs, Explain, Links, with_store};
use crate::output::{table, terminal_cell, write_stdout};

pub fn run(db: &DbArgs, id: i64, lang: Lang) -> anyhow::Result<()> {
    let settings = db.settings(lang)?;
    let (cycle, model, progress, raters, assessees) =
        with_store(&settings, Links::No, lang, async |store| {
            let cycle = store.cycle(id).await.in_cycle(id, lang)?;
            let model = store.model(cycle.model_id).await.explained(lang)?;
            let progress = store.progress(id).await.in_cycle(id, lang)?;
            let raters: HashSet<yardstick_store::RaterId> = store
                .assignments(id)
                .await
                .explained(lang)?
                .iter()
                .map(|a| a.rater.id)
                .collect();
            let assessees = store
                .cycle_responses(id)
                .await
                .in_cycle(id, lang)?
                .assessees;
            Ok((cycle, model, progress, raters.len(), assessees))
        })?;

    let mut out = String::new();
    out.push_str(&heading(&cycle, lang));
    out.push('\n');
    let dates = match (&cycle.starts_on, &cycle.ends_on) {
        (None, None) => String::new(),
        (s, e) => format!(
            " · {} – {}",
            terminal_cell(s.as_deref().unwrap_or("…")),
            terminal_cell(e.as_deref().unwrap_or("…"))
        ),
    };
    out.push_str(&t!(
        lang,
        "cli.status.model",
        name = terminal_cell(&model.info.name).as_ref(),
        version = terminal_cell(&model.info.version).as_ref(),
        dates = dates,
        threshold = cycle.threshold
    ));
    out.push('\n');
    // The relationships asked only some dimensions, with the dimensions' names.
    for (relationship, codes) in cycle.dimensions.iter() {
        let names: Vec<String> = model
            .model
            .dimensions()
            .iter()
            .filter(|d| codes.iter().any(|c| c == d.code()))
            .map(|d| format!("{} {}", d.code(), d.name()))
            .collect();
        let line = msg!(
            "dimensions.status_line",
            relationship = relationship.label(lang),
            dimensions = names
        );
        out.push_str(&line.render(lang));
        out.push('\n');
    }
    let sum = |f: fn(&ProgressRow) -> u64| progress.iter().map(f).sum::<u64>();
    let (assigned, drafts, submitted) =
        (sum(|r| r.assigned), sum(|r| r.draft), sum(|r| r.submitted));
    let pending = assigned.saturating_sub(drafts + submitted);
    let rate = if assigned == 0 {
        0.0
    } else {
        submitted as f64 * 100.0 / assigned as f64
    };
    out.push_str(&t!(
        lang,
        "cli.status.totals",
        assigned = assigned,
        raters = raters,
        submitted = submitted,
        drafts = drafts,
        pending = pending,
        rate = format!("{rate:.0}")
    ));
    out.push_str("\n\n");

    let mut by_assessee: HashMap<&str, Vec<&ProgressRow>> = HashMap::new();
    for row in &progress {
        by_assessee.entry(&row.assessee).or_default().push(row);
    }
    let mut head: Vec<String> = [
        t!(lang, "cli.status.id"),
        t!(lang, "cli.status.name"),
        t!(lang, "cli.status.department"),
        t!(lang, "cli.status.assigned"),
        t!(lang, "cli.status.drafts"),
        t!(lang, "cli.status.submitted"),
    ]
    .map(String::from)
    .to_vec();
    head.extend(Relationship::ALL.iter().map(|r| r.label(lang).to_string()));
    let mut rows = vec![head];
    for a in &assessees {
        let lines = by_assessee
            .get(a.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        let total = |f: fn(&ProgressRow) -> u64| lines.iter().map(|r| f(r)).sum::<u64>();
        let mut row = vec![
            a.id.clone(),
            a.name.clone(),
            a.department.clone(),
            total(|r| r.assigned).to_string(),
            total(|r| r.draft).to_string(),
            total(|r| r.submitted).to_string(),
        ];
        row.extend(Relationship::ALL.iter().map(|rel| {
            match lines.iter().find(|r| r.relationship == *rel) {
                Some(r) => format!("{}/{}", r.submitted, r.assigned),
                None => "–".to_string(),
            }
        }));
        rows.push(row);
    }
    out.push_str(&table(&rows));
    out.push('\n');
    out.push_str(t!(lang, "cli.status.columns"));
    out.push('\n');
    write_stdout(|w| Ok(w.write_all(out.as_bytes())?))
}
