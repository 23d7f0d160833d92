//! Results (SPEC §5): the JSON object of `yardstick score --format json`, and the same figures
//! as a table, one row per assessee, for CSV and XLSX. Numbers are unrounded; undefined
//! values are `null` (JSON) or empty cells (tables).

mod json;
mod table;

pub use json::write_json;
pub use table::{Cell, Table, table, write_csv, write_xlsx};

use yardstick_core::{AssesseeResult, CycleScores, Model, Settings};

use crate::responses::Assessee;

/// Everything a results file is written from.
#[derive(Clone, Copy, Debug)]
pub struct ResultsView<'a> {
    /// The model scored against.
    pub model: &'a Model,
    /// Weights and threshold used.
    pub settings: &'a Settings,
    /// Assessees, in output order.
    pub assessees: &'a [Assessee],
    /// Their scores, in the same order.
    pub scores: &'a CycleScores<'a>,
    /// Whether to include every item's score (large).
    pub items: bool,
}

/// Assessees rendered per batch; each batch is shared out among the cores.
const BATCH: usize = 1024;
/// Fewer assessees than this are rendered on one core.
const PARALLEL_FROM: usize = 512;

/// Renders every assessee with `render` and writes them in order, `separator` between them.
/// Large outputs are rendered on every core, batch by batch, so memory stays bounded.
fn render_rows(
    view: &ResultsView<'_>,
    out: &mut dyn std::io::Write,
    separator: &[u8],
    render: impl Fn(&Assessee, &AssesseeResult, &mut Vec<u8>) + Sync,
) -> std::io::Result<()> {
    let n = view.assessees.len();
    let render_range = |range: std::ops::Range<usize>| {
        let mut buf = Vec::with_capacity(range.len() * 2048);
        for i in range {
            if let Some(result) = view.scores.result(i) {
                if i > 0 {
                    buf.extend_from_slice(separator);
                }
                render(&view.assessees[i], &result, &mut buf);
            }
        }
        buf
    };
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    if n < PARALLEL_FROM || threads < 2 {
        return out.write_all(&render_range(0..n));
    }
    for start in (0..n).step_by(BATCH) {
        let end = n.min(start + BATCH);
        let step = (end - start).div_ceil(threads);
        let parts: Vec<Vec<u8>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (start..end)
                .step_by(step)
                .map(|s| {
                    let render_range = &render_range;
                    scope.spawn(move || render_range(s..end.min(s + step)))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        for part in parts {
            out.write_all(&part)?;
        }
    }
    Ok(())
}

impl<'a> ResultsView<'a> {
    /// Each assessee with their full result, computed as it is needed.
    fn rows(&self) -> impl Iterator<Item = (&'a Assessee, AssesseeResult)> + '_ {
        self.assessees
            .iter()
            .enumerate()
            .filter_map(|(i, a)| Some((a, self.scores.result(i)?)))
    }
}
