//! A large UTF-8 CSV read in two halves at once, one per core.
//!
//! The second half starts at the first line break after the middle of the file, which may
//! lie inside a quoted field. So the first half is read from the start as usual and checks
//! that it reaches that exact byte as a record boundary; only then is the second half's
//! work used, its rows renumbered after the first half's and its whole-file facts (first
//! appearances, departments, duplicate rater–assessee pairs) merged. Otherwise the first
//! half simply reads on to the end: the result is always that of one sequential read.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use yardstick_core::{Model, Tally};

use super::{
    Checker, FileProblem, ProblemKind, Problems, Record, RecordReader, ResponseRow, Tallied,
    check_records,
};

/// The reader of one half, with what it found.
struct Part<'m> {
    checker: Checker<'m>,
    tallies: Vec<Tally>,
    last_row: u64,
}

fn tally_sink<'a>(
    model: &'a Model,
    tallies: &'a mut Vec<Tally>,
) -> impl FnMut(&ResponseRow<'_>) -> Result<(), ProblemKind> + 'a {
    move |row| {
        if row.assessee >= tallies.len() {
            tallies.resize_with(row.assessee + 1, Tally::new);
        }
        tallies[row.assessee]
            .add(model, row.relationship, row.answers)
            .map_err(ProblemKind::Tally)
    }
}

/// Reads `path` (UTF-8 CSV of `size` bytes, header already checked) in two halves.
pub(super) fn tally_in_two(
    path: &Path,
    size: u64,
    delimiter: u8,
    header: &[String],
    model: &Model,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Tallied, Problems> {
    let unreadable = |e: std::io::Error| Problems::file(ProblemKind::Unreadable(e.to_string()));
    let split = first_line_start_after(path, size / 2).map_err(unreadable)?;
    let first = File::open(path).map_err(unreadable)?;
    let (done_first, done_second) = (AtomicU64::new(0), AtomicU64::new(0));
    let report =
        || progress(done_first.load(Ordering::Relaxed) + done_second.load(Ordering::Relaxed));
    let cancel = AtomicBool::new(false);

    std::thread::scope(|scope| {
        let second = split.map(|split| {
            let (cancel, done_second, report) = (&cancel, &done_second, &report);
            scope.spawn(move || -> Result<Part<'_>, Problems> {
                let mut file = File::open(path).map_err(unreadable)?;
                file.seek(SeekFrom::Start(split)).map_err(unreadable)?;
                let mut reader = RecordReader::new(file, delimiter, split);
                let mut checker = Checker::new(model, header)?;
                checker.expect_bytes(size - split);
                let mut tallies = Vec::new();
                let mut sink = tally_sink(model, &mut tallies);
                let last_row = check_records(
                    &mut reader,
                    &mut checker,
                    1,
                    None,
                    &mut |at| {
                        done_second.store(at - split, Ordering::Relaxed);
                        report();
                    },
                    &mut |row| {
                        if cancel.load(Ordering::Relaxed) {
                            return Ok(());
                        }
                        sink(row)
                    },
                );
                drop(sink);
                Ok(Part {
                    checker,
                    tallies,
                    last_row,
                })
            })
        });

        let mut reader = RecordReader::new(first, delimiter, 0);
        let mut record = Record::default();
        // The header, already checked by the caller.
        let _ = reader.read(&mut record);
        let mut checker = Checker::new(model, header)?;
        checker.expect_bytes(split.unwrap_or(size));
        let mut tallies = Vec::new();
        let mut sink = tally_sink(model, &mut tallies);
        let mut on_progress = |at: u64| {
            done_first.store(at, Ordering::Relaxed);
            report();
        };
        let mut last_row = check_records(
            &mut reader,
            &mut checker,
            2,
            split,
            &mut on_progress,
            &mut sink,
        );
        let met = split.is_some_and(|s| reader.offset() == s);
        let second = match second {
            Some(handle) if met => Some(handle.join().map_err(|_| {
                Problems::file(ProblemKind::Unreadable("reader thread failed".into()))
            })??),
            Some(handle) => {
                // The middle line break was inside a quoted field: read on alone.
                cancel.store(true, Ordering::Relaxed);
                let _ = handle.join();
                last_row = check_records(
                    &mut reader,
                    &mut checker,
                    last_row + 1,
                    None,
                    &mut on_progress,
                    &mut sink,
                );
                None
            }
            None => None,
        };
        drop(sink);
        let mut first = Part {
            checker,
            tallies,
            last_row,
        };
        if let Some(second) = second {
            merge(&mut first, second);
        }
        let Part {
            checker,
            mut tallies,
            ..
        } = first;
        let summary = checker.finish()?;
        tallies.resize_with(summary.assessees.len(), Tally::new);
        Ok(Tallied {
            assessees: summary.assessees,
            tallies,
            responses: summary.responses,
        })
    })
}

/// The offset just after the first line break at or after `from`, if any before the end.
fn first_line_start_after(path: &Path, from: u64) -> std::io::Result<Option<u64>> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(from))?;
    let mut window = vec![0; 1 << 16];
    let mut at = from;
    loop {
        let n = file.read(&mut window)?;
        if n == 0 {
            return Ok(None);
        }
        if let Some(i) = window[..n].iter().position(|b| *b == b'\n') {
            return Ok(Some(at + i as u64 + 1));
        }
        at += n as u64;
    }
}

/// Adds the second half's findings to the first's, rows renumbered after the first half's.
fn merge<'m>(first: &mut Part<'m>, second: Part<'m>) {
    let offset = first.last_row;
    let a = &mut first.checker;
    let b = second.checker;
    let shift = |p: &FileProblem| FileProblem {
        row: p.row.map(|r| r + offset),
        ..p.clone()
    };
    let mut listed: Vec<FileProblem> = a.problems.listed.drain(..).collect();
    listed.extend(b.problems.listed.iter().map(shift));
    let mut total = a.problems.total + b.problems.total;
    let mut extra = Problems::default();

    // Assessees in order of first appearance, with their departments and tallies.
    let known = a.assessees.len() as u32;
    let mut global = Vec::with_capacity(b.assessees.len());
    let mut tallies = second.tallies.into_iter();
    for state in &b.assessees {
        let g = a.intern_assessee(&state.id) as usize;
        global.push(g as u32);
        if let Some((department, row)) = &state.department {
            let row = row + offset;
            let mine = &mut a.assessees[g];
            match &mine.department {
                None => mine.department = Some((department.clone(), row)),
                Some((d, first_row)) if d != department => {
                    let kind = ProblemKind::DepartmentConflict {
                        assessee: state.id.clone(),
                        first: d.clone(),
                        first_row: *first_row,
                    };
                    extra.push(FileProblem {
                        row: Some(row),
                        column: a.header.department.map(|c| a.header.column(c)),
                        kind,
                    });
                }
                Some(_) => {}
            }
        }
        if let Some(tally) = tallies.next() {
            if first.tallies.len() <= g {
                // First seen in the second half: its tally moves over as it is.
                first.tallies.resize_with(g, Tally::new);
                first.tallies.push(tally);
            } else if let Err(e) = first.tallies[g].merge(&tally) {
                extra.push(FileProblem {
                    row: None,
                    column: None,
                    kind: ProblemKind::Tally(e),
                });
            }
        }
    }

    // Rater–assessee pairs seen in both halves: only an assessee the first half has seen can
    // have one. (Pairs are needed no further, so the first half's map is not extended.)
    let mut candidates: Vec<(u32, u32, u64)> = b
        .pairs
        .iter()
        .filter(|((b_assessee, _), _)| global[*b_assessee as usize] < known)
        .map(|((b_assessee, b_rater), row)| (global[*b_assessee as usize], *b_rater, *row))
        .collect();
    if !candidates.is_empty() {
        candidates.sort_by_key(|(_, _, row)| *row);
        let mut raters: Vec<&str> = vec![""; b.rater_index.len()];
        for (name, r) in &b.rater_index {
            raters[*r as usize] = name;
        }
        for (g, b_rater, row) in candidates {
            let rater = raters[b_rater as usize];
            let first_row = a
                .rater_index
                .get(rater)
                .and_then(|r| a.pairs.get(&(g, *r)))
                .copied();
            if let Some(first_row) = first_row {
                extra.push(FileProblem {
                    row: Some(row + offset),
                    column: Some(a.header.column(a.header.rater)),
                    kind: ProblemKind::DuplicatePair {
                        rater: rater.to_string(),
                        assessee: a.assessees[g as usize].id.clone(),
                        first_row,
                    },
                });
            }
        }
    }

    total += extra.total;
    listed.extend(extra.listed);
    listed.sort_by_key(|p| p.row.unwrap_or(0));
    listed.truncate(super::MAX_LISTED);
    a.problems = Problems { listed, total };
    a.responses += b.responses;
}
