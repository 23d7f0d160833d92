//! The results as a table, one row per assessee: the same figures as the JSON object, for
//! CSV and XLSX.

use std::io::Write;

use yardstick_core::{AssesseeResult, Group, Relationship};

use super::ResultsView;
use crate::cells::csv_safe;
use crate::responses::Assessee;

/// One cell of the table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// An unrounded number.
    Number(f64),
    /// Undefined.
    Empty,
}

impl From<Option<f64>> for Cell {
    fn from(v: Option<f64>) -> Cell {
        v.map_or(Cell::Empty, Cell::Number)
    }
}

impl From<Option<u32>> for Cell {
    fn from(v: Option<u32>) -> Cell {
        v.map_or(Cell::Empty, |n| Cell::Number(f64::from(n)))
    }
}

/// A header and rows of cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Column names.
    pub header: Vec<String>,
    /// One row per assessee.
    pub rows: Vec<Vec<Cell>>,
}

/// Groups shown per dimension besides `self`: every relationship but self, then `pooled`.
const OTHER_GROUPS: [Group; 5] = [
    Group::Of(Relationship::Superior),
    Group::Of(Relationship::Peer),
    Group::Of(Relationship::Subordinate),
    Group::Of(Relationship::Customer),
    Group::Pooled,
];

/// Lays the results out as a table.
pub fn table(view: &ResultsView<'_>) -> Table {
    Table {
        header: header(view),
        rows: view.rows().map(|(a, r)| row(view, a, &r)).collect(),
    }
}

/// The column names.
fn header(view: &ResultsView<'_>) -> Vec<String> {
    let model = view.model;
    let mut header: Vec<String> = ["id", "department"].map(String::from).to_vec();
    header.extend(
        Relationship::ALL
            .iter()
            .map(|r| format!("raters.{}", r.code())),
    );
    header.extend(
        [
            "pooled",
            "set_aside",
            "score",
            "percent",
            "grade",
            "rank",
            "department_rank",
        ]
        .map(String::from),
    );
    for d in model.dimensions() {
        let c = d.code();
        header.extend(["score", "percent", "self", "others"].map(|f| format!("dimension.{c}.{f}")));
        header.extend(
            OTHER_GROUPS
                .iter()
                .map(|g| format!("dimension.{c}.{}", g.code())),
        );
    }
    header.extend(["dimensions_left_out", "blind_spots", "hidden_strengths"].map(String::from));
    if view.items {
        for item in model.items() {
            let c = item.code();
            header.extend(["score", "percent", "self", "others"].map(|f| format!("item.{c}.{f}")));
        }
    }

    header
}

/// One assessee's row.
fn row(view: &ResultsView<'_>, assessee: &Assessee, r: &AssesseeResult) -> Vec<Cell> {
    let model = view.model;
    let join = |codes: Vec<&str>| Cell::Text(codes.join(" "));
    let mut row = Vec::new();
    row.push(Cell::Text(assessee.id.clone()));
    row.push(assessee.department.clone().map_or(Cell::Empty, Cell::Text));
    row.extend(r.groups.raters.iter().map(|n| Cell::Number(f64::from(*n))));
    row.push(join(r.groups.short.iter().map(|s| s.code()).collect()));
    row.push(Cell::Number(f64::from(r.groups.set_aside)));
    row.push(r.overall.score.into());
    row.push(r.overall.percent.into());
    row.push(r.overall.grade.map_or(Cell::Empty, |g| {
        Cell::Text(model.grades()[g].name().to_string())
    }));
    row.push(r.overall.rank.into());
    row.push(r.overall.department_rank.into());
    for d in &r.dimensions {
        row.extend([d.score, d.percent, d.self_score, d.others].map(Cell::from));
        row.extend(OTHER_GROUPS.iter().map(|g| {
            Cell::from(
                d.groups
                    .iter()
                    .find(|v| v.group == *g)
                    .and_then(|v| v.value),
            )
        }));
    }
    let item_codes =
        |items: &[usize]| join(items.iter().map(|i| model.items()[*i].code()).collect());
    row.push(join(
        r.dimensions_left_out
            .iter()
            .map(|d| model.dimensions()[*d].code())
            .collect(),
    ));
    row.push(item_codes(&r.blind_spots));
    row.push(item_codes(&r.hidden_strengths));
    if view.items {
        for i in &r.items {
            row.extend([i.score, i.percent, i.self_score, i.others].map(Cell::from));
        }
    }
    row
}

/// Writes the table as CSV (UTF-8 with a BOM, so that Excel shows the Chinese text).
pub fn write_csv(view: &ResultsView<'_>, mut out: impl Write) -> std::io::Result<()> {
    out.write_all(crate::text::BOM)?;
    let mut w = csv::Writer::from_writer(&mut out);
    w.write_record(header(view).iter().map(|h| csv_safe(h).into_owned()))?;
    w.flush()?;
    drop(w);
    super::render_rows(view, &mut out, b"", |assessee, result, buf| {
        let mut w = csv::Writer::from_writer(buf);
        let mut number = NumberText::default();
        for cell in &row(view, assessee, result) {
            // Writing into memory cannot fail.
            let _ = match cell {
                Cell::Text(s) => w.write_field(csv_safe(s).as_bytes()),
                Cell::Number(n) => w.write_field(number.format(*n)),
                Cell::Empty => w.write_field(""),
            };
        }
        let _ = w.write_record(None::<&[u8]>);
        let _ = w.flush();
    })
}

/// Writes the table as an XLSX workbook with one sheet, `results`.
pub fn write_xlsx(view: &ResultsView<'_>, mut out: impl Write) -> Result<(), String> {
    use rust_xlsxwriter::{Format, Workbook};
    let t = table(view);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    sheet.set_name("results").map_err(e)?;
    let bold = Format::new().set_bold();
    for (c, name) in t.header.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, name, &bold)
            .map_err(e)?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => sheet.write_string(r, c, s).map(|_| ()),
                Cell::Number(n) => sheet.write_number(r, c, *n).map(|_| ()),
                Cell::Empty => Ok(()),
            }
            .map_err(e)?;
        }
    }
    sheet.set_freeze_panes(1, 1).map_err(e)?;
    let bytes = book.save_to_buffer().map_err(e)?;
    out.write_all(&bytes).map_err(|io| io.to_string())
}

/// Shortest round-trip text of numbers, reusing one buffer.
#[derive(Default)]
struct NumberText(String);

impl NumberText {
    fn format(&mut self, n: f64) -> &str {
        use std::fmt::Write as _;
        self.0.clear();
        // Writing into a String cannot fail.
        let _ = write!(self.0, "{n}");
        &self.0
    }
}
