//! A workbook as rows of cells, and its two writers: XLSX (one sheet each) and CSV (one
//! sheet). The reports' exports are made as a [`Book`] first, so the XLSX and the CSV hold
//! the same cells and a test can read either back against the report object.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};
use yardstick_formats::cells::csv_safe;

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell {
    /// Text.
    Text(String),
    /// A heading (bold text).
    Heading(String),
    /// A number, unrounded, shown with this many decimals (0–3; more: as it is).
    Number(f64, u8),
    /// A whole number.
    Count(u64),
    /// Nothing.
    Empty,
}

impl Cell {
    /// Text.
    pub(crate) fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A 100-point figure (shown to 1 decimal), or an empty cell.
    pub(crate) fn percent(x: Option<f64>) -> Cell {
        Cell::number(x, 1)
    }

    /// A raw-scale figure (shown to 2 decimals), or an empty cell.
    pub(crate) fn raw(x: Option<f64>) -> Cell {
        Cell::number(x, 2)
    }

    /// A number shown with `decimals`, or an empty cell when there is none.
    pub(crate) fn number(x: Option<f64>, decimals: u8) -> Cell {
        match x.filter(|v| v.is_finite()) {
            Some(v) => Cell::Number(v, decimals),
            None => Cell::Empty,
        }
    }

    /// A number shown as it is (a weight: 25, 2.5).
    pub(crate) fn plain(x: Option<f64>) -> Cell {
        Cell::number(x, u8::MAX)
    }

    /// Text, or an empty cell.
    pub(crate) fn opt(s: Option<&str>) -> Cell {
        s.map_or(Cell::Empty, Cell::text)
    }
}

/// One sheet: a name and rows.
#[derive(Clone, Debug, Default)]
pub(crate) struct Sheet {
    /// The sheet's name (at most 31 characters, none of `[]:*?/\`).
    pub name: String,
    /// Its rows.
    pub rows: Vec<Vec<Cell>>,
    /// How many rows at the top stay in view when scrolling (a table's heading).
    pub frozen: u32,
}

impl Sheet {
    /// An empty sheet called `name`.
    pub(crate) fn new(name: impl Into<String>) -> Sheet {
        Sheet {
            name: sheet_name(&name.into()),
            ..Sheet::default()
        }
    }

    /// Adds a row.
    pub(crate) fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    /// Adds a row of headings and keeps it in view when the sheet is one table.
    pub(crate) fn header<S: AsRef<str>>(&mut self, names: &[S]) {
        if self.rows.is_empty() {
            self.frozen = 1;
        }
        self.rows.push(
            names
                .iter()
                .map(|n| Cell::Heading(n.as_ref().to_string()))
                .collect(),
        );
    }

    /// Adds a row with one label and one value.
    pub(crate) fn pair(&mut self, label: impl Into<String>, value: Cell) {
        self.rows.push(vec![Cell::Heading(label.into()), value]);
    }

    /// Adds an empty row.
    pub(crate) fn gap(&mut self) {
        self.rows.push(Vec::new());
    }
}

/// A sheet name Excel accepts: the characters it refuses replaced, at most 31 characters.
fn sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .take(31)
        .collect();
    let cleaned = cleaned.trim_matches('\'').to_string();
    if cleaned.is_empty() {
        "sheet".to_string()
    } else {
        cleaned
    }
}

/// Sheets in order; the first is the one a reader sees first.
#[derive(Clone, Debug, Default)]
pub(crate) struct Book {
    /// The sheets.
    pub sheets: Vec<Sheet>,
}

impl Book {
    /// The workbook as XLSX bytes.
    pub(crate) fn xlsx(&self) -> Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        let bold = Format::new().set_bold().set_align(FormatAlign::Top);
        let wrap = Format::new().set_align(FormatAlign::Top);
        let decimals = [
            Format::new().set_num_format("0"),
            Format::new().set_num_format("0.0"),
            Format::new().set_num_format("0.00"),
            Format::new().set_num_format("0.000"),
        ];
        let mut taken: Vec<String> = Vec::new();
        for s in &self.sheets {
            let sheet = book.add_worksheet();
            // Two sheets may not share a name (case-insensitively).
            let mut name = s.name.clone();
            let mut n = 2;
            while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
                let suffix = format!(" ({n})");
                name = s.name.chars().take(31 - suffix.len()).collect::<String>() + &suffix;
                n += 1;
            }
            taken.push(name.clone());
            sheet.set_name(&name)?;
            let mut widths: Vec<f64> = Vec::new();
            for (r, row) in s.rows.iter().enumerate() {
                let r = u32::try_from(r).unwrap_or(u32::MAX);
                for (c, cell) in row.iter().enumerate() {
                    let c = u16::try_from(c).unwrap_or(u16::MAX);
                    let width = match cell {
                        Cell::Text(t) => {
                            sheet.write_string_with_format(r, c, fitted(t).as_ref(), &wrap)?;
                            text_width(t)
                        }
                        Cell::Heading(t) => {
                            sheet.write_string_with_format(r, c, t, &bold)?;
                            text_width(t)
                        }
                        Cell::Number(v, d) => {
                            match decimals.get(usize::from(*d)) {
                                Some(f) => sheet.write_number_with_format(r, c, *v, f)?,
                                None => sheet.write_number(r, c, *v)?,
                            };
                            8.0
                        }
                        Cell::Count(v) => {
                            // Counts stay far below 2^53: exact as f64.
                            #[allow(clippy::cast_precision_loss)]
                            sheet.write_number(r, c, *v as f64)?;
                            6.0
                        }
                        Cell::Empty => 0.0,
                    };
                    let c = usize::from(c);
                    if widths.len() <= c {
                        widths.resize(c + 1, 0.0);
                    }
                    widths[c] = widths[c].max(width);
                }
            }
            for (c, w) in widths.iter().enumerate() {
                let c = u16::try_from(c).unwrap_or(u16::MAX);
                sheet.set_column_width(c, w.clamp(6.0, 60.0))?;
            }
            if s.frozen > 0 {
                sheet.set_freeze_panes(s.frozen, 0)?;
            }
        }
        book.save_to_buffer()
    }

    /// One sheet as CSV: UTF-8 with a BOM (so that Excel shows the Chinese text), numbers
    /// unrounded, text that a spreadsheet would run prefixed with `'` (SPEC §7 Bounds).
    pub(crate) fn csv(sheet: &Sheet) -> Vec<u8> {
        let mut out = yardstick_formats::text::BOM.to_vec();
        let width = sheet.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(&mut out);
        for row in &sheet.rows {
            let mut fields: Vec<String> = row
                .iter()
                .map(|cell| match cell {
                    Cell::Text(t) | Cell::Heading(t) => csv_safe(t).into_owned(),
                    Cell::Number(v, _) => format!("{v}"),
                    Cell::Count(v) => v.to_string(),
                    Cell::Empty => String::new(),
                })
                .collect();
            fields.resize(width, String::new());
            // Writing into memory cannot fail.
            let _ = w.write_record(&fields);
        }
        let _ = w.flush();
        drop(w);
        out
    }
}

/// The most characters an Excel cell holds.
const CELL_MAX: usize = 32_767;

/// `text` cut to what a cell holds, ending in `…` when cut (the callers keep cells short;
/// this only keeps a long one from failing the whole file).
fn fitted(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().count() <= CELL_MAX {
        std::borrow::Cow::Borrowed(text)
    } else {
        let mut cut: String = text.chars().take(CELL_MAX - 1).collect();
        cut.push('…');
        std::borrow::Cow::Owned(cut)
    }
}

/// The column width a text needs, in Excel's character units (a Chinese character is two).
fn text_width(text: &str) -> f64 {
    let longest = text.lines().map(|l| {
        l.chars()
            .map(|c| if u32::from(c) >= 0x2E80 { 2.0 } else { 1.1 })
            .sum::<f64>()
    });
    longest.fold(0.0, f64::max) + 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_longer_than_a_cell_holds_is_cut_not_refused() {
        let long = "张".repeat(CELL_MAX + 10);
        assert_eq!(fitted(&long).chars().count(), CELL_MAX);
        assert!(fitted(&long).ends_with('…'));
        assert_eq!(fitted("短"), "短");
        let mut s = Sheet::new("x");
        s.row(vec![Cell::text(long)]);
        assert!(Book { sheets: vec![s] }.xlsx().is_ok());
    }

    #[test]
    fn sheet_names_are_made_acceptable() {
        assert_eq!(sheet_name("a/b:c"), "a_b_c");
        assert_eq!(sheet_name(""), "sheet");
        assert_eq!(sheet_name(&"长".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn csv_cells_that_a_spreadsheet_would_run_are_quoted_and_rows_are_even() {
        let mut s = Sheet::new("x");
        s.header(&["name", "score"]);
        s.row(vec![Cell::text("=HYPERLINK(1)"), Cell::Number(82.45, 1)]);
        s.row(vec![Cell::text("张三")]);
        let text = String::from_utf8(Book::csv(&s)).unwrap_or_default();
        assert_eq!(text, "\u{feff}name,score\n'=HYPERLINK(1),82.45\n张三,\n");
    }

    #[test]
    fn a_workbook_reads_back_with_its_sheets_and_numbers() {
        use calamine::{Data, Reader, Xlsx};
        let mut a = Sheet::new("概要");
        a.pair("得分", Cell::Number(82.45, 1));
        let mut b = Sheet::new("概要");
        b.header(&["x"]);
        b.row(vec![Cell::Count(3)]);
        let bytes = Book { sheets: vec![a, b] }.xlsx().unwrap_or_default();
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(book.sheet_names(), ["概要", "概要 (2)"]);
        let range = book
            .worksheet_range("概要")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(range.get((0, 1)), Some(&Data::Float(82.45)));
    }
}
