//! What can be wrong in a responses or People file, and where, as messages of the catalogues.

use yardstick_core::bounds::TextProblem;
use yardstick_core::{Relationship, TallyError};
use yardstick_i18n::{Message, msg};

/// Most problems listed for one file; the rest are counted.
pub const MAX_LISTED: usize = 50;

/// One problem, at a row (numbered as a spreadsheet numbers it: header = row 1) and column.
#[derive(Clone, Debug, PartialEq)]
pub struct FileProblem {
    /// Spreadsheet row, when the problem is in one.
    pub row: Option<u64>,
    /// Column letter and header, when the problem is in one column.
    pub column: Option<Column>,
    /// What is wrong.
    pub kind: ProblemKind,
}

/// A column: its spreadsheet letter (A, B, …, AA) and its header text.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// 0-based position.
    pub index: usize,
    /// The header cell as written.
    pub header: String,
}

impl Column {
    /// The column's spreadsheet letter: A … Z, AA, AB, ….
    pub fn letter(&self) -> String {
        let mut n = self.index + 1;
        let mut out = Vec::new();
        while n > 0 {
            let rem = (n - 1) % 26;
            out.push(b'A' + rem as u8);
            n = (n - 1) / 26;
        }
        out.reverse();
        String::from_utf8_lossy(&out).into_owned()
    }
}

/// The problems found in a file: at most [`MAX_LISTED`] of them listed, and how many in all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Problems {
    /// The first problems found, in file order.
    pub listed: Vec<FileProblem>,
    /// Problems found in all.
    pub total: usize,
}

impl Problems {
    /// Records a problem.
    pub fn push(&mut self, problem: FileProblem) {
        self.total += 1;
        if self.listed.len() < MAX_LISTED {
            self.listed.push(problem);
        }
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// A single problem about the whole file.
    pub fn file(kind: ProblemKind) -> Problems {
        let mut p = Problems::default();
        p.push(FileProblem {
            row: None,
            column: None,
            kind,
        });
        p
    }

    /// Every listed problem as a message naming `file`, and a last one counting the rest.
    pub fn messages(&self, file: &str) -> Vec<Message> {
        let mut out: Vec<Message> = self.listed.iter().map(|p| p.message(file)).collect();
        if let Some(more) = self.more() {
            out.push(more);
        }
        out
    }

    /// How many problems are not listed, when some are not.
    pub fn more(&self) -> Option<Message> {
        let more = self.total - self.listed.len();
        (more > 0).then(|| msg!("file.problem.more", more = more, total = self.total))
    }
}

/// The kinds of tabular file, for messages that list their columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A responses file (SPEC §5).
    Responses,
    /// A People file (SPEC §5).
    People,
}

/// What is wrong.
#[derive(Clone, Debug, PartialEq)]
pub enum ProblemKind {
    /// The file could not be read at all.
    Unreadable(String),
    /// Nothing in the file.
    Empty,
    /// Binary data: not a CSV or XLSX file.
    Binary,
    /// An old .xls workbook.
    OldExcel,
    /// Text in neither UTF-8 nor GB18030.
    NotText,
    /// A ZIP file that is not a readable XLSX workbook.
    Xlsx(String),
    /// A quoted CSV field that is never closed.
    UnterminatedQuote,
    /// A CSV field with a quote out of place (`ab"c`, or text after a closing quote).
    StrayQuote,
    /// A header but no response below it.
    NoRows,
    /// A required column is missing.
    MissingColumn(&'static str),
    /// Item columns of the model are missing.
    MissingItems(Vec<String>),
    /// A header that is no known column of this kind of file.
    UnknownColumn(FileKind),
    /// The same column twice.
    DuplicateColumn {
        /// The earlier column with the same meaning.
        first: String,
    },
    /// A value under a header cell that is blank.
    ValueWithoutHeader,
    /// A row with another number of cells than the header.
    CellCount {
        /// Cells in the row.
        found: usize,
        /// Cells in the header.
        expected: usize,
    },
    /// A cell that is not valid text in the file's encoding.
    NotUtf8,
    /// A required cell is blank.
    Blank,
    /// A relationship that is none of the five.
    UnknownRelationship(String),
    /// An answer that is not a number.
    NotANumber(String),
    /// An answer with a fraction.
    NotInteger(String),
    /// An answer outside the scale.
    OffScale {
        /// The answer.
        value: i64,
        /// Scale minimum.
        min: i32,
        /// Scale maximum.
        max: i32,
    },
    /// N/A where the model does not allow it.
    NaNotAllowed,
    /// The same rater rates the same assessee twice.
    DuplicatePair {
        /// The rater.
        rater: String,
        /// The assessee.
        assessee: String,
        /// The row of the first response.
        first_row: u64,
    },
    /// A `self` row whose rater is someone else.
    SelfNotAssessee {
        /// The rater.
        rater: String,
        /// The assessee.
        assessee: String,
    },
    /// An assessee rating themself under another relationship.
    SelfAsOther(Relationship),
    /// Two departments for one assessee.
    DepartmentConflict {
        /// The assessee.
        assessee: String,
        /// The department given first.
        first: String,
        /// Where it was given.
        first_row: u64,
    },
    /// The response cannot be added (beyond any real file).
    Tally(TallyError),
    /// A person id given twice.
    DuplicateId {
        /// The id.
        id: String,
        /// The row where it was first given.
        first_row: u64,
    },
    /// A superior who is neither in the file nor already known.
    UnknownSuperior(String),
    /// A person who is their own superior, directly or through others.
    ReportingCycle(Vec<String>),
    /// A cell too long for its column, or holding a control character (SPEC §7 Bounds).
    Text(TextProblem),
    /// An XLSX workbook whose parts would unpack to more than allowed.
    XlsxTooLarge {
        /// Bytes the parts would unpack to (at least).
        size: u64,
        /// Bytes allowed.
        max: u64,
    },
    /// A sheet with more cells than allowed.
    TooManyCells {
        /// Cells of the sheet's used range.
        cells: u64,
        /// Cells allowed.
        max: u64,
    },
}

impl FileProblem {
    /// What is wrong and what to do, without the place (for answers that carry the row and
    /// column apart).
    pub fn what(&self) -> Message {
        self.kind.message(self.column.as_ref())
    }

    /// The message: file, row, column, what is wrong and what to do.
    pub fn message(&self, file: &str) -> Message {
        let problem = self.what();
        match (self.row, &self.column) {
            (Some(row), Some(c)) => msg!(
                "file.at.row_column",
                file = file,
                row = row,
                column = c.letter(),
                header = &c.header,
                problem = problem
            ),
            (Some(row), None) => msg!("file.at.row", file = file, row = row, problem = problem),
            (None, Some(c)) => msg!(
                "file.at.column",
                file = file,
                column = c.letter(),
                header = &c.header,
                problem = problem
            ),
            (None, None) => msg!("file.at.file", file = file, problem = problem),
        }
    }
}

impl ProblemKind {
    /// What is wrong and what to do, not yet in words; `column` is the column it is in, when
    /// the problem is in one.
    pub fn message(&self, column: Option<&Column>) -> Message {
        const MB: u64 = 1 << 20;
        let header = column.map_or("", |c| c.header.as_str());
        match self {
            ProblemKind::Unreadable(e) => msg!("file.problem.unreadable", detail = e),
            ProblemKind::Empty => msg!("file.problem.empty"),
            ProblemKind::Binary => msg!("file.problem.binary"),
            ProblemKind::OldExcel => msg!("file.problem.old_excel"),
            ProblemKind::NotText => msg!("file.problem.not_text"),
            ProblemKind::Xlsx(e) => msg!("file.problem.xlsx", detail = e),
            ProblemKind::UnterminatedQuote => msg!("file.problem.unterminated_quote"),
            ProblemKind::StrayQuote => msg!("limits.file.stray_quote"),
            ProblemKind::NoRows => msg!("file.problem.no_rows"),
            ProblemKind::MissingColumn(name) => msg!("file.problem.missing_column", name = *name),
            ProblemKind::MissingItems(codes) => {
                let shown = if codes.len() > 12 {
                    format!("{} …", codes[..12].join(", "))
                } else {
                    codes.join(", ")
                };
                msg!(
                    "file.problem.missing_items",
                    count = codes.len(),
                    codes = shown
                )
            }
            ProblemKind::UnknownColumn(FileKind::Responses) => {
                msg!("file.problem.unknown_column_responses", header = header)
            }
            ProblemKind::UnknownColumn(FileKind::People) => {
                msg!("file.problem.unknown_column_people", header = header)
            }
            ProblemKind::DuplicateColumn { first } => {
                msg!("file.problem.duplicate_column", first = first)
            }
            ProblemKind::ValueWithoutHeader => msg!("file.problem.value_without_header"),
            ProblemKind::CellCount { found, expected } => msg!(
                "file.problem.cell_count",
                found = *found,
                expected = *expected
            ),
            ProblemKind::NotUtf8 => msg!("file.problem.not_utf8"),
            ProblemKind::Blank => msg!("file.problem.blank", header = header),
            ProblemKind::UnknownRelationship(v) => {
                msg!("file.problem.unknown_relationship", value = v)
            }
            ProblemKind::NotANumber(v) => msg!("file.problem.not_a_number", value = v),
            ProblemKind::NotInteger(v) => msg!("file.problem.not_integer", value = v),
            ProblemKind::OffScale { value, min, max } => msg!(
                "file.problem.off_scale",
                value = *value,
                min = *min,
                max = *max
            ),
            ProblemKind::NaNotAllowed => msg!("file.problem.na_not_allowed"),
            ProblemKind::DuplicatePair {
                rater,
                assessee,
                first_row,
            } => msg!(
                "file.problem.duplicate_pair",
                rater = rater,
                assessee = assessee,
                first_row = *first_row
            ),
            ProblemKind::SelfNotAssessee { rater, assessee } => msg!(
                "file.problem.self_not_assessee",
                rater = rater,
                assessee = assessee
            ),
            ProblemKind::SelfAsOther(r) => {
                msg!("file.problem.self_as_other", relationship = r.key())
            }
            ProblemKind::DepartmentConflict {
                assessee,
                first,
                first_row,
            } => msg!(
                "file.problem.department_conflict",
                assessee = assessee,
                first = first,
                first_row = *first_row
            ),
            ProblemKind::Tally(e) => e.message(),
            ProblemKind::DuplicateId { id, first_row } => {
                msg!("file.problem.duplicate_id", id = id, first_row = *first_row)
            }
            ProblemKind::UnknownSuperior(id) => msg!("file.problem.unknown_superior", id = id),
            ProblemKind::ReportingCycle(path) => {
                msg!("file.problem.reporting_cycle", chain = path.join(" → "))
            }
            ProblemKind::Text(problem) => msg!("limits.file.text", problem = problem.message()),
            ProblemKind::XlsxTooLarge { size, max } => msg!(
                "limits.file.xlsx_too_large",
                size = size.div_ceil(MB),
                max = max / MB
            ),
            ProblemKind::TooManyCells { cells, max } => {
                msg!("limits.file.too_many_cells", cells = *cells, max = *max)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yardstick_core::Lang;

    #[test]
    fn columns_are_lettered_as_in_a_spreadsheet() {
        let letter = |index| {
            Column {
                index,
                header: String::new(),
            }
            .letter()
        };
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(81), "CD");
    }

    #[test]
    fn the_problems_of_the_bounds_have_words_in_both_languages() {
        for kind in [
            ProblemKind::StrayQuote,
            ProblemKind::Text(TextProblem::TooLong {
                length: 201,
                max: 200,
            }),
            ProblemKind::XlsxTooLarge {
                size: 400 << 20,
                max: 100 << 20,
            },
            ProblemKind::TooManyCells {
                cells: 2_000_000,
                max: 1_000_000,
            },
        ] {
            for lang in Lang::ALL {
                let text = kind.message(None).render(lang);
                assert!(!text.is_empty() && !text.contains('{'), "{text}");
            }
        }
    }

    #[test]
    fn every_problem_has_words_in_both_languages_with_its_place() {
        let column = Column {
            index: 27,
            header: "1.1".into(),
        };
        let kinds = [
            ProblemKind::Unreadable("denied".into()),
            ProblemKind::Empty,
            ProblemKind::Binary,
            ProblemKind::OldExcel,
            ProblemKind::NotText,
            ProblemKind::Xlsx("bad zip".into()),
            ProblemKind::UnterminatedQuote,
            ProblemKind::NoRows,
            ProblemKind::MissingColumn("rater"),
            ProblemKind::MissingItems((0..14).map(|i| format!("1.{i}")).collect()),
            ProblemKind::UnknownColumn(FileKind::Responses),
            ProblemKind::UnknownColumn(FileKind::People),
            ProblemKind::DuplicateColumn { first: "B".into() },
            ProblemKind::ValueWithoutHeader,
            ProblemKind::CellCount {
                found: 3,
                expected: 4,
            },
            ProblemKind::NotUtf8,
            ProblemKind::Blank,
            ProblemKind::UnknownRelationship("boss".into()),
            ProblemKind::NotANumber("x".into()),
            ProblemKind::NotInteger("1.5".into()),
            ProblemKind::OffScale {
                value: 9,
                min: 1,
                max: 5,
            },
            ProblemKind::NaNotAllowed,
            ProblemKind::DuplicatePair {
                rater: "P2".into(),
                assessee: "P1".into(),
                first_row: 2,
            },
            ProblemKind::SelfNotAssessee {
                rater: "P2".into(),
                assessee: "P1".into(),
            },
            ProblemKind::SelfAsOther(Relationship::Peer),
            ProblemKind::DepartmentConflict {
                assessee: "P1".into(),
                first: "A".into(),
                first_row: 2,
            },
            ProblemKind::Tally(TallyError::Overflow),
            ProblemKind::DuplicateId {
                id: "P1".into(),
                first_row: 2,
            },
            ProblemKind::UnknownSuperior("P9".into()),
            ProblemKind::ReportingCycle(vec!["P1".into(), "P2".into(), "P1".into()]),
        ];
        for kind in kinds {
            let problem = FileProblem {
                row: Some(3),
                column: Some(column.clone()),
                kind,
            };
            let (zh, en) = (
                problem.message("r.csv").render(Lang::Zh),
                problem.message("r.csv").render(Lang::En),
            );
            assert!(!zh.contains('{') && !en.contains('{'), "{zh} / {en}");
            assert!(zh.starts_with("r.csv 第 3 行 AB 列“1.1”:"), "{zh}");
            assert!(en.starts_with("r.csv, row 3, column AB \"1.1\": "), "{en}");
        }
    }

    #[test]
    fn the_problems_not_listed_are_counted() {
        let mut problems = Problems::default();
        for _ in 0..MAX_LISTED + 2 {
            problems.push(FileProblem {
                row: Some(2),
                column: None,
                kind: ProblemKind::Blank,
            });
        }
        let last = problems.messages("r.csv").pop().unwrap();
        assert_eq!(last.render(Lang::En), "… and 2 more problems (52 in all)");
        assert_eq!(last.render(Lang::Zh), "……另有 2 个问题未列出(共 52 个)");
    }
}
