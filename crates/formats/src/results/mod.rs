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

/// Assessees rendered per batch.
const BATCH: usize = 256;
/// Fewer assessees than this are rendered on one core.
const PARALLEL_FROM: usize = 512;
/// Batches a renderer may finish ahead of the writer.
const AHEAD: usize = 2;

/// Renders every assessee with `render` and writes them in order, `separator` between them.
/// A large output is rendered by one thread per core, each taking every n-th batch, while
/// this thread writes the batches in order as they come: memory stays bounded and writing
/// overlaps rendering.
fn render_rows(
    view: &ResultsView<'_>,
    out: &mut dyn std::io::Write,
    separator: &[u8],
    render: impl Fn(&Assessee, &AssesseeResult, &mut Vec<u8>) + Sync,
) -> std::io::Result<()> {
    let n = view.assessees.len();
    let render_range = |range: std::ops::Range<usize>| {
        let mut buf = Vec::with_capacity(range.len() * 4096);
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
    let batches = n.div_ceil(BATCH);
    std::thread::scope(|scope| {
        let receivers: Vec<_> = (0..threads)
            .map(|t| {
                let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<u8>>(AHEAD);
                let render_range = &render_range;
                scope.spawn(move || {
                    for batch in (t..batches).step_by(threads) {
                        let start = batch * BATCH;
                        let buf = render_range(start..n.min(start + BATCH));
                        // The writer has stopped (a write failed): stop too.
                        if sender.send(buf).is_err() {
                            return;
                        }
                    }
                });
                receiver
            })
            .collect();
        for batch in 0..batches {
            let buf = receivers[batch % threads].recv().map_err(|_| {
                std::io::Error::other("a results renderer stopped before finishing")
            })?;
            out.write_all(&buf)?;
        }
        Ok(())
    })
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
