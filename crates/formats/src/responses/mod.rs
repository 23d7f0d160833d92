//! The responses file (SPEC §5): one row per response, CSV or XLSX (first sheet), UTF-8 (BOM
//! or not) or GB18030/GBK. Read in one streaming pass: each row is checked and handed on as
//! borrowed data, without a string per cell. Every problem is collected (up to
//! [`MAX_LISTED`]) with its row and column; a file with any problem yields no results.

mod answer;
mod header;
mod parallel;

use std::io::{Cursor, Read};

use rustc_hash::FxHashMap;
use yardstick_core::bounds::TextRule;
use yardstick_core::{Answer, AssesseeInput, Model, Relationship, Tally};

pub use crate::problem::{Column, FileProblem, MAX_LISTED, ProblemKind, Problems};

use header::{Header, Role};

use crate::records::{Record, RecordReader, UnterminatedQuote};
use crate::text::{self, Encoding, Sniffed, halfwidth, trim};

/// How much of a file is looked at to tell its kind and encoding.
const SNIFF_BYTES: u64 = 1 << 20;
/// Progress is reported every this many rows.
const PROGRESS_EVERY: u64 = 4096;

/// One checked response, borrowed from the reader's buffers.
#[derive(Debug)]
pub struct ResponseRow<'a> {
    /// The row as a spreadsheet numbers it (header = 1).
    pub row: u64,
    /// Position of the assessee in [`ReadSummary::assessees`].
    pub assessee: usize,
    /// The rater as written.
    pub rater: &'a str,
    /// How the rater stands to the assessee.
    pub relationship: Relationship,
    /// One answer per model item, in model order.
    pub answers: &'a [Answer],
    /// The comment, if the file has a comment column and the cell is not blank.
    pub comment: Option<&'a str>,
}

/// An assessee as the file gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessee {
    /// The id in the `assessee` column.
    pub id: String,
    /// The department, if any row gives one.
    pub department: Option<String>,
}

/// What a clean read found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadSummary {
    /// Assessees in order of first appearance.
    pub assessees: Vec<Assessee>,
    /// Responses read.
    pub responses: u64,
}

/// The responses of a file tallied per assessee, ready for scoring.
#[derive(Clone, Debug)]
pub struct Tallied {
    /// Assessees in order of first appearance.
    pub assessees: Vec<Assessee>,
    /// Their tallies, in the same order.
    pub tallies: Vec<Tally>,
    /// Responses read.
    pub responses: u64,
}

impl Tallied {
    /// The assessees as scoring takes them, in file order.
    pub fn inputs(&self) -> Vec<AssesseeInput<'_>> {
        self.assessees
            .iter()
            .zip(&self.tallies)
            .map(|(a, tally)| AssesseeInput {
                department: a.department.as_deref(),
                tally,
            })
            .collect()
    }
}

/// Reads a responses file and tallies it per assessee. `progress` is told how many bytes
/// have been read from time to time.
pub fn tally_responses(
    input: impl Read,
    model: &Model,
    progress: &mut dyn FnMut(u64),
) -> Result<Tallied, Problems> {
    let mut tallies: Vec<Tally> = Vec::new();
    let summary = read_responses(input, model, progress, &mut |row| {
        if row.assessee >= tallies.len() {
            tallies.resize_with(row.assessee + 1, Tally::new);
        }
        tallies[row.assessee]
            .add(model, row.relationship, row.answers)
            .map_err(ProblemKind::Tally)
    })?;
    tallies.resize_with(summary.assessees.len(), Tally::new);
    Ok(Tallied {
        assessees: summary.assessees,
        tallies,
        responses: summary.responses,
    })
}

/// Files from this size on are read in two halves at once.
const PARALLEL_FROM_BYTES: u64 = 4 << 20;

/// Reads and tallies a responses file on disk. A large UTF-8 CSV is read in two halves at
/// once (see `parallel`); the result is the same as [`tally_responses`] gives. `progress`
/// is told how many bytes have been read, from any thread.
pub fn tally_responses_file(
    path: &std::path::Path,
    model: &Model,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Tallied, Problems> {
    let unreadable = |e: std::io::Error| Problems::file(ProblemKind::Unreadable(e.to_string()));
    let mut file = std::fs::File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    let mut head = Vec::new();
    (&mut file)
        .take(SNIFF_BYTES)
        .read_to_end(&mut head)
        .map_err(unreadable)?;
    let complete = (head.len() as u64) < SNIFF_BYTES;
    if size >= PARALLEL_FROM_BYTES && text::sniff(&head, complete) == Sniffed::Text(Encoding::Utf8)
    {
        let delimiter = crate::sheet::delimiter(&head);
        let mut reader = RecordReader::new(&head[..], delimiter, 0);
        let mut record = Record::default();
        if let Ok(Ok(true)) = reader.read(&mut record)
            && reader.offset() < head.len() as u64
        {
            let header = header_cells(&record);
            // Problems with the header are reported here, once.
            Checker::new(model, &header)?;
            return parallel::tally_in_two(path, size, delimiter, &header, model, progress);
        }
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    tally_responses(file, model, &mut |at| progress(at))
}

/// Reads a responses file, checking every row and handing each good one to `sink` while no
/// problem has been found. The sink may refuse a row; that becomes a problem of its row.
pub fn read_responses(
    mut input: impl Read,
    model: &Model,
    progress: &mut dyn FnMut(u64),
    sink: &mut dyn FnMut(&ResponseRow<'_>) -> Result<(), ProblemKind>,
) -> Result<ReadSummary, Problems> {
    let unreadable = |e: std::io::Error| Problems::file(ProblemKind::Unreadable(e.to_string()));
    let mut head = Vec::new();
    (&mut input)
        .take(SNIFF_BYTES)
        .read_to_end(&mut head)
        .map_err(unreadable)?;
    let complete = (head.len() as u64) < SNIFF_BYTES;
    match text::sniff(&head, complete) {
        Sniffed::Empty => Err(Problems::file(ProblemKind::Empty)),
        Sniffed::Binary => Err(Problems::file(ProblemKind::Binary)),
        Sniffed::OldExcel => Err(Problems::file(ProblemKind::OldExcel)),
        Sniffed::Zip => {
            input.read_to_end(&mut head).map_err(unreadable)?;
            read_xlsx(head, model, sink)
        }
        Sniffed::Text(Encoding::Utf8) => {
            let delimiter = crate::sheet::delimiter(&head);
            read_csv(
                Cursor::new(head).chain(input),
                delimiter,
                model,
                progress,
                sink,
            )
        }
        Sniffed::Text(Encoding::Gb18030) => {
            input.read_to_end(&mut head).map_err(unreadable)?;
            let decoded =
                text::decode(&head).ok_or_else(|| Problems::file(ProblemKind::NotText))?;
            let delimiter = crate::sheet::delimiter(decoded.as_bytes());
            read_csv(decoded.as_bytes(), delimiter, model, progress, sink)
        }
    }
}

/// Cells of one row, however the file stores them.
pub(crate) trait Cells {
    fn count(&self) -> usize;
    fn cell(&self, i: usize) -> &[u8];
}

impl Cells for Record {
    fn count(&self) -> usize {
        self.len()
    }
    fn cell(&self, i: usize) -> &[u8] {
        self.get(i).unwrap_or_default()
    }
}

impl Cells for Vec<String> {
    fn count(&self) -> usize {
        self.len()
    }
    fn cell(&self, i: usize) -> &[u8] {
        self.get(i).map(String::as_bytes).unwrap_or_default()
    }
}

/// The header of a CSV: its cells as text, the BOM removed.
fn header_cells(record: &Record) -> Vec<String> {
    (0..record.len())
        .map(|i| {
            let cell = record.cell(i);
            let cell = if i == 0 {
                cell.strip_prefix(text::BOM).unwrap_or(cell)
            } else {
                cell
            };
            String::from_utf8_lossy(cell).into_owned()
        })
        .collect()
}

/// Reads records from `reader` into `checker` until the end, or until the reader reaches
/// `stop_at` exactly (a record boundary). Rows are numbered from `first_row`. Returns the
/// last row number read.
fn check_records<R: Read>(
    reader: &mut RecordReader<R>,
    checker: &mut Checker<'_>,
    first_row: u64,
    stop_at: Option<u64>,
    progress: &mut dyn FnMut(u64),
    sink: &mut dyn FnMut(&ResponseRow<'_>) -> Result<(), ProblemKind>,
) -> u64 {
    let mut record = Record::default();
    let mut row = first_row - 1;
    loop {
        if stop_at.is_some_and(|at| reader.offset() >= at) {
            break;
        }
        match reader.read(&mut record) {
            Ok(Ok(true)) => {}
            Ok(Ok(false)) => break,
            Ok(Err(UnterminatedQuote)) => {
                checker.problem(row + 1, None, ProblemKind::UnterminatedQuote);
                break;
            }
            Err(e) => {
                checker.problem(row + 1, None, ProblemKind::Unreadable(e.to_string()));
                break;
            }
        }
        row += 1;
        if let Some(field) = record.stray_quote() {
            checker.problem(row, Some(field), ProblemKind::StrayQuote);
            continue;
        }
        checker.check(row, &record, sink);
        if row.is_multiple_of(PROGRESS_EVERY) {
            progress(reader.offset());
        }
    }
    row
}

fn read_csv(
    input: impl Read,
    delimiter: u8,
    model: &Model,
    progress: &mut dyn FnMut(u64),
    sink: &mut dyn FnMut(&ResponseRow<'_>) -> Result<(), ProblemKind>,
) -> Result<ReadSummary, Problems> {
    let mut reader = RecordReader::new(input, delimiter, 0);
    let mut record = Record::default();
    match reader.read(&mut record) {
        Ok(Ok(true)) => {}
        Ok(Ok(false)) => return Err(Problems::file(ProblemKind::Empty)),
        Ok(Err(UnterminatedQuote)) => return Err(Problems::file(ProblemKind::UnterminatedQuote)),
        Err(e) => return Err(Problems::file(ProblemKind::Unreadable(e.to_string()))),
    }
    let mut checker = Checker::new(model, &header_cells(&record))?;
    check_records(&mut reader, &mut checker, 2, None, progress, sink);
    progress(reader.offset());
    checker.finish()
}

fn read_xlsx(
    bytes: Vec<u8>,
    model: &Model,
    sink: &mut dyn FnMut(&ResponseRow<'_>) -> Result<(), ProblemKind>,
) -> Result<ReadSummary, Problems> {
    let mut rows = crate::sheet::xlsx_rows(bytes)?.into_iter();
    let Some((_, header_cells)) = rows.next() else {
        return Err(Problems::file(ProblemKind::Empty));
    };
    let mut checker = Checker::new(model, &header_cells)?;
    for (row, cells) in rows {
        checker.check(row, &cells, sink);
    }
    checker.finish()
}

struct AssesseeState {
    id: String,
    department: Option<(String, u64)>,
}

/// Checks rows against the header and the model and remembers what whole-file rules need.
struct Checker<'m> {
    model: &'m Model,
    header: Header,
    problems: Problems,
    assessees: Vec<AssesseeState>,
    assessee_index: FxHashMap<Box<str>, u32>,
    rater_index: FxHashMap<Box<str>, u32>,
    pairs: FxHashMap<(u32, u32), u64>,
    answers: Vec<Answer>,
    responses: u64,
    /// The answer a one-byte cell stands for, when it is a valid one.
    single_byte: [Option<Answer>; 256],
    last_assessee: Option<u32>,
}

impl<'m> Checker<'m> {
    fn new(model: &'m Model, header_cells: &[String]) -> Result<Checker<'m>, Problems> {
        let mut problems = Problems::default();
        let header = Header::parse(header_cells, model, &mut problems).ok_or(problems)?;
        Ok(Checker {
            model,
            header,
            problems: Problems::default(),
            assessees: Vec::new(),
            assessee_index: FxHashMap::default(),
            rater_index: FxHashMap::default(),
            pairs: FxHashMap::default(),
            answers: vec![None; model.items().len()],
            responses: 0,
            single_byte: std::array::from_fn(|b| {
                let b = u8::try_from(b).ok()?;
                answer::parse_answer(&[b], model.scale()).ok()
            }),
            last_assessee: None,
        })
    }

    /// Makes room for about the rows `bytes` of input can hold (each item cell takes at least
    /// two bytes), so the maps do not grow step by step.
    fn expect_bytes(&mut self, bytes: u64) {
        let per_row = 2 * self.model.items().len().max(1) as u64;
        let rows = usize::try_from((bytes / per_row).min(1 << 22)).unwrap_or(0);
        self.rater_index.reserve(rows);
        self.pairs.reserve(rows);
    }

    fn problem(&mut self, row: u64, column: Option<usize>, kind: ProblemKind) {
        let column = column.map(|c| self.header.column(c));
        self.problems.push(FileProblem {
            row: Some(row),
            column,
            kind,
        });
    }

    /// A text cell, trimmed; records a problem when it is not valid text.
    fn text<'c, C: Cells>(&mut self, row: u64, cells: &'c C, column: usize) -> Option<&'c str> {
        match std::str::from_utf8(cells.cell(column)) {
            Ok(s) => Some(trim(s)),
            Err(_) => {
                self.problem(row, Some(column), ProblemKind::NotUtf8);
                None
            }
        }
    }

    /// A text cell held to `rule` (SPEC §7 Bounds: length, no control characters); records a
    /// problem when it breaks it.
    fn bounded<'c, C: Cells>(
        &mut self,
        row: u64,
        cells: &'c C,
        column: usize,
        rule: TextRule,
    ) -> Option<&'c str> {
        let value = self.text(row, cells, column)?;
        match rule.check(value) {
            Ok(v) => Some(v),
            Err(problem) => {
                self.problem(row, Some(column), ProblemKind::Text(problem));
                None
            }
        }
    }

    fn required<'c, C: Cells>(&mut self, row: u64, cells: &'c C, column: usize) -> Option<&'c str> {
        let value = self.bounded(row, cells, column, TextRule::LINE)?;
        if value.is_empty() {
            self.problem(row, Some(column), ProblemKind::Blank);
            return None;
        }
        Some(value)
    }

    fn check<C: Cells>(
        &mut self,
        row: u64,
        cells: &C,
        sink: &mut dyn FnMut(&ResponseRow<'_>) -> Result<(), ProblemKind>,
    ) {
        let width = self.header.roles.len();
        let blank = |i: usize| cells.cell(i).trim_ascii().is_empty();
        if (0..cells.count()).all(blank) {
            return;
        }
        // Cells past the header, and missing cells under blank trailing header cells, are
        // fine when empty.
        let needed = self.header.width();
        if cells.count() < needed || (width..cells.count()).any(|i| !blank(i)) {
            let (found, expected) = (cells.count(), needed);
            self.problem(row, None, ProblemKind::CellCount { found, expected });
            return;
        }
        self.responses += 1;
        let before = self.problems.total;
        let assessee = self.required(row, cells, self.header.assessee);
        let rater = self.required(row, cells, self.header.rater);
        let relationship_column = self.header.relationship;
        let relationship = self
            .required(row, cells, relationship_column)
            .and_then(|text| {
                let found = Relationship::parse(&halfwidth(text));
                if found.is_none() {
                    let kind = ProblemKind::UnknownRelationship(text.to_string());
                    self.problem(row, Some(relationship_column), kind);
                }
                found
            });
        let department = match self.header.department {
            Some(c) => self
                .bounded(row, cells, c, TextRule::LINE)
                .filter(|d| !d.is_empty()),
            None => None,
        };
        for i in 0..self.header.items.len() {
            let (column, item) = self.header.items[i];
            let raw = cells.cell(column);
            // One byte is the common case: a digit of the scale, looked up in a table.
            let fast = match raw {
                [b] => self.single_byte[usize::from(*b)],
                b"NA" if self.model.scale().allow_na() => Some(None),
                _ => None,
            };
            match fast.map_or_else(|| answer::parse_answer(raw, self.model.scale()), Ok) {
                Ok(a) => self.answers[item] = a,
                Err(kind) => self.problem(row, Some(column), kind),
            }
        }
        let mut comment = None;
        for column in 0..width {
            match self.header.roles[column] {
                Role::Comment => {
                    comment = self
                        .bounded(row, cells, column, TextRule::COMMENT)
                        .filter(|c| !c.is_empty());
                }
                Role::Blank if !blank(column) => {
                    self.problem(row, Some(column), ProblemKind::ValueWithoutHeader);
                }
                _ => {}
            }
        }
        let (Some(assessee), Some(rater), Some(relationship)) = (assessee, rater, relationship)
        else {
            return;
        };

        let a = self.intern_assessee(assessee);
        let r = self.intern_rater(rater);
        if let Some(first_row) = self.pairs.insert((a, r), row) {
            self.pairs.insert((a, r), first_row);
            let kind = ProblemKind::DuplicatePair {
                rater: rater.to_string(),
                assessee: assessee.to_string(),
                first_row,
            };
            self.problem(row, Some(self.header.rater), kind);
        }
        let is_self = rater == assessee;
        match relationship {
            Relationship::SelfRating if !is_self => {
                let kind = ProblemKind::SelfNotAssessee {
                    rater: rater.to_string(),
                    assessee: assessee.to_string(),
                };
                self.problem(row, Some(self.header.rater), kind);
            }
            other if is_self && other != Relationship::SelfRating => {
                self.problem(
                    row,
                    Some(relationship_column),
                    ProblemKind::SelfAsOther(other),
                );
            }
            _ => {}
        }
        if let Some(department) = department {
            let state = &mut self.assessees[a as usize];
            match &state.department {
                None => state.department = Some((department.to_string(), row)),
                Some((first, first_row)) if first != department => {
                    let kind = ProblemKind::DepartmentConflict {
                        assessee: assessee.to_string(),
                        first: first.clone(),
                        first_row: *first_row,
                    };
                    let column = self.header.department;
                    self.problem(row, column, kind);
                }
                Some(_) => {}
            }
        }

        if self.problems.total == before && self.problems.is_empty() {
            let response = ResponseRow {
                row,
                assessee: a as usize,
                rater,
                relationship,
                answers: &self.answers,
                comment,
            };
            if let Err(kind) = sink(&response) {
                self.problem(row, None, kind);
            }
        }
    }

    fn intern_assessee(&mut self, id: &str) -> u32 {
        // Rows usually come grouped by assessee: try the previous row's first.
        if let Some(last) = self.last_assessee
            && self.assessees[last as usize].id == id
        {
            return last;
        }
        if let Some(a) = self.assessee_index.get(id) {
            self.last_assessee = Some(*a);
            return *a;
        }
        let a = self.assessees.len() as u32;
        self.assessee_index.insert(id.into(), a);
        self.assessees.push(AssesseeState {
            id: id.to_string(),
            department: None,
        });
        self.last_assessee = Some(a);
        a
    }

    fn intern_rater(&mut self, rater: &str) -> u32 {
        if let Some(r) = self.rater_index.get(rater) {
            return *r;
        }
        let r = self.rater_index.len() as u32;
        self.rater_index.insert(rater.into(), r);
        r
    }

    fn finish(mut self) -> Result<ReadSummary, Problems> {
        if self.problems.is_empty() && self.responses == 0 {
            self.problems.push(FileProblem {
                row: None,
                column: None,
                kind: ProblemKind::NoRows,
            });
        }
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        Ok(ReadSummary {
            assessees: self
                .assessees
                .into_iter()
                .map(|a| Assessee {
                    id: a.id,
                    department: a.department.map(|(d, _)| d),
                })
                .collect(),
            responses: self.responses,
        })
    }
}
