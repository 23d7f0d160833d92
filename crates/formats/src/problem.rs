//! What can be wrong in a responses file, and how to say where and what in both languages.

use yardstick_core::bounds::TextProblem;
use yardstick_core::{Lang, Relationship, TallyError};
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

    /// Every listed problem as a line naming `file`, and a last line counting the rest.
    pub fn messages(&self, lang: Lang, file: &str) -> Vec<String> {
        let mut out: Vec<String> = self.listed.iter().map(|p| p.message(lang, file)).collect();
        let more = self.total - self.listed.len();
        if more > 0 {
            out.push(match lang {
                Lang::Zh => format!("……另有 {more} 个问题未列出(共 {} 个)", self.total),
                Lang::En => format!("… and {more} more problems ({} in all)", self.total),
            });
        }
        out
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
    pub fn what(&self, lang: Lang) -> String {
        self.kind.message(lang, self.column.as_ref())
    }

    /// The message: file, row, column, what is wrong and what to do.
    pub fn message(&self, lang: Lang, file: &str) -> String {
        let mut place = file.to_string();
        match (lang, self.row, &self.column) {
            (Lang::Zh, Some(r), Some(c)) => {
                place += &format!(" 第 {r} 行 {} 列“{}”", c.letter(), c.header)
            }
            (Lang::Zh, Some(r), None) => place += &format!(" 第 {r} 行"),
            (Lang::Zh, None, Some(c)) => place += &format!(" {} 列“{}”", c.letter(), c.header),
            (Lang::En, Some(r), Some(c)) => {
                place += &format!(", row {r}, column {} \"{}\"", c.letter(), c.header)
            }
            (Lang::En, Some(r), None) => place += &format!(", row {r}"),
            (Lang::En, None, Some(c)) => {
                place += &format!(", column {} \"{}\"", c.letter(), c.header)
            }
            (_, None, None) => {}
        }
        let sep = lang.pick(":", ": ");
        format!(
            "{place}{sep}{}",
            self.kind.message(lang, self.column.as_ref())
        )
    }
}

impl ProblemKind {
    /// The words of the problems whose words come from the catalogues.
    fn catalogued(&self) -> Option<Message> {
        const MB: u64 = 1 << 20;
        Some(match self {
            ProblemKind::StrayQuote => msg!("limits.file.stray_quote"),
            ProblemKind::Text(problem) => msg!("limits.file.text", problem = problem.message()),
            ProblemKind::XlsxTooLarge { size, max } => msg!(
                "limits.file.xlsx_too_large",
                size = size.div_ceil(MB),
                max = max / MB
            ),
            ProblemKind::TooManyCells { cells, max } => {
                msg!("limits.file.too_many_cells", cells = *cells, max = *max)
            }
            _ => return None,
        })
    }

    fn message(&self, lang: Lang, column: Option<&Column>) -> String {
        if let Some(message) = self.catalogued() {
            return message.render(lang);
        }
        let zh = lang == Lang::Zh;
        let header = column.map_or("", |c| c.header.as_str());
        match self {
            ProblemKind::Unreadable(e) => {
                if zh {
                    format!("无法读取文件:{e}")
                } else {
                    format!("cannot read the file: {e}")
                }
            }
            ProblemKind::Empty => lang.pick("文件是空的", "the file is empty").into(),
            ProblemKind::Binary => lang
                .pick(
                    "这不是 CSV 或 XLSX 文件(含有二进制数据)",
                    "this is not a CSV or XLSX file (it holds binary data)",
                )
                .into(),
            ProblemKind::OldExcel => lang
                .pick(
                    "不支持旧版 Excel .xls 文件,请另存为 .xlsx 或 .csv",
                    "old Excel .xls files are not supported; save the file as .xlsx or .csv",
                )
                .into(),
            ProblemKind::NotText => lang
                .pick(
                    "文件既不是 UTF-8 也不是 GB18030/GBK 编码的文本",
                    "the file is text in neither UTF-8 nor GB18030/GBK",
                )
                .into(),
            ProblemKind::Xlsx(e) => {
                if zh {
                    format!("无法读取 XLSX 工作簿:{e}")
                } else {
                    format!("cannot read the XLSX workbook: {e}")
                }
            }
            ProblemKind::UnterminatedQuote => lang
                .pick(
                    "CSV 格式错误:从这一行开始的引号直到文件末尾都没有闭合",
                    "malformed CSV: a quote opened on this row is never closed",
                )
                .into(),
            ProblemKind::NoRows => lang
                .pick(
                    "表头下面没有任何评价数据",
                    "there are no responses below the header",
                )
                .into(),
            ProblemKind::MissingColumn(name) => {
                if zh {
                    format!("缺少必需的列“{name}”(表头在第 1 行)")
                } else {
                    format!("the required column \"{name}\" is missing (the header is row 1)")
                }
            }
            ProblemKind::MissingItems(codes) => {
                let shown = if codes.len() > 12 {
                    format!("{} …", codes[..12].join(", "))
                } else {
                    codes.join(", ")
                };
                if zh {
                    format!("缺少模型中 {} 个项目的列:{shown}", codes.len())
                } else {
                    format!(
                        "{} item columns of the model are missing: {shown}",
                        codes.len()
                    )
                }
            }
            ProblemKind::UnknownColumn(FileKind::Responses) => {
                if zh {
                    format!(
                        "未知的列“{header}”:可用的列为 assessee(被评价人)、rater(评价人)、relationship(评价关系)、department(部门)、comment(评语)和模型的项目代码"
                    )
                } else {
                    format!(
                        "unknown column \"{header}\": the columns are assessee, rater, relationship, department, comment and the model's item codes"
                    )
                }
            }
            ProblemKind::UnknownColumn(FileKind::People) => {
                if zh {
                    format!(
                        "未知的列“{header}”:可用的列为 id(工号)、name(姓名)、department(部门)、title(职务)、superior(上级工号)、email(邮箱)、phone(电话)"
                    )
                } else {
                    format!(
                        "unknown column \"{header}\": the columns are id, name, department, title, superior, email and phone"
                    )
                }
            }
            ProblemKind::DuplicateColumn { first } => {
                if zh {
                    format!("与 {first} 列重复(若是 Excel 把 1.10 变成了 1.1,请把表头设为文本格式)")
                } else {
                    format!(
                        "the same column as column {first} (if Excel turned 1.10 into 1.1, format the header row as Text)"
                    )
                }
            }
            ProblemKind::ValueWithoutHeader => lang
                .pick(
                    "该列没有表头,却有数据",
                    "this column has no header but holds a value",
                )
                .into(),
            ProblemKind::CellCount { found, expected } => {
                if zh {
                    format!("这一行有 {found} 个单元格,而表头有 {expected} 个")
                } else {
                    format!("the row has {found} cells but the header has {expected}")
                }
            }
            ProblemKind::NotUtf8 => lang
                .pick(
                    "单元格不是有效的文本(编码错误)",
                    "the cell is not valid text (wrong encoding)",
                )
                .into(),
            ProblemKind::Blank => {
                if zh {
                    format!("“{header}”不能为空")
                } else {
                    format!("\"{header}\" must not be empty")
                }
            }
            ProblemKind::UnknownRelationship(v) => {
                if zh {
                    format!(
                        "未知的评价关系“{v}”:应为 自评、上级、同级、下级、客户/业主(或 self、superior、peer、subordinate、customer)"
                    )
                } else {
                    format!(
                        "unknown relationship \"{v}\": use self, superior, peer, subordinate or customer (or 自评, 上级, 同级, 下级, 客户/业主)"
                    )
                }
            }
            ProblemKind::NotANumber(v) => {
                if zh {
                    format!("“{v}”不是分数:应为量表中的整数,或留空、NA、N/A、无法评价")
                } else {
                    format!(
                        "\"{v}\" is not a score: write a whole number of the scale, or leave it blank, NA, N/A or 无法评价"
                    )
                }
            }
            ProblemKind::NotInteger(v) => {
                if zh {
                    format!("分数“{v}”不是整数")
                } else {
                    format!("the score \"{v}\" is not a whole number")
                }
            }
            ProblemKind::OffScale { value, min, max } => {
                if zh {
                    format!("分数 {value} 不在量表 {min}–{max} 范围内")
                } else {
                    format!("the score {value} is outside the scale {min}–{max}")
                }
            }
            ProblemKind::NaNotAllowed => lang
                .pick(
                    "该模型不允许“无法评价”,请填写分数或留空",
                    "this model does not allow N/A: give a score or leave the cell blank",
                )
                .into(),
            ProblemKind::DuplicatePair {
                rater,
                assessee,
                first_row,
            } => {
                if zh {
                    format!("评价人“{rater}”对“{assessee}”的评价重复(第一次在第 {first_row} 行)")
                } else {
                    format!(
                        "rater \"{rater}\" rates \"{assessee}\" a second time (first on row {first_row})"
                    )
                }
            }
            ProblemKind::SelfNotAssessee { rater, assessee } => {
                if zh {
                    format!("自评行的评价人“{rater}”不是被评价人“{assessee}”")
                } else {
                    format!("a self row whose rater \"{rater}\" is not the assessee \"{assessee}\"")
                }
            }
            ProblemKind::SelfAsOther(r) => {
                if zh {
                    format!(
                        "评价人就是被评价人本人,评价关系却是“{}”;本人评价请用“自评”",
                        r.label(Lang::Zh)
                    )
                } else {
                    format!(
                        "the rater is the assessee but the relationship is \"{r}\"; rating oneself is \"self\""
                    )
                }
            }
            ProblemKind::DepartmentConflict {
                assessee,
                first,
                first_row,
            } => {
                if zh {
                    format!("“{assessee}”的部门与第 {first_row} 行的“{first}”不一致")
                } else {
                    format!(
                        "the department of \"{assessee}\" differs from \"{first}\" on row {first_row}"
                    )
                }
            }
            ProblemKind::Tally(e) => e.message(lang),
            ProblemKind::DuplicateId { id, first_row } => {
                if zh {
                    format!("工号“{id}”重复(第一次在第 {first_row} 行)")
                } else {
                    format!("the id \"{id}\" is given twice (first on row {first_row})")
                }
            }
            ProblemKind::UnknownSuperior(id) => {
                if zh {
                    format!("上级工号“{id}”既不在文件中,也不是已有人员")
                } else {
                    format!(
                        "the superior \"{id}\" is neither in the file nor a person already known"
                    )
                }
            }
            ProblemKind::ReportingCycle(path) => {
                let chain = path.join(" → ");
                if zh {
                    format!("汇报关系形成了循环:{chain}")
                } else {
                    format!("the reporting lines go round in a circle: {chain}")
                }
            }
            ProblemKind::StrayQuote
            | ProblemKind::Text(_)
            | ProblemKind::XlsxTooLarge { .. }
            | ProblemKind::TooManyCells { .. } => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                let text = kind.message(lang, None);
                assert!(!text.is_empty() && !text.contains('{'), "{text}");
            }
        }
    }
}
