//! Small tables read whole: any CSV or XLSX (first sheet) in any accepted encoding, as rows of
//! text cells numbered as a spreadsheet numbers them (header = row 1). Used for People files;
//! responses files, which may be large, are streamed instead (see `responses`).

use std::io::Cursor;

use crate::problem::{ProblemKind, Problems};
use crate::records::{Record, RecordReader, UnterminatedQuote};
use crate::text::{self, Sniffed};

/// Rows of cells with their spreadsheet row numbers; the first row is the header.
pub type Rows = Vec<(u64, Vec<String>)>;

/// Reads a whole table file.
pub fn read_table(bytes: &[u8]) -> Result<Rows, Problems> {
    match text::sniff(bytes, true) {
        Sniffed::Empty => Err(Problems::file(ProblemKind::Empty)),
        Sniffed::Binary => Err(Problems::file(ProblemKind::Binary)),
        Sniffed::OldExcel => Err(Problems::file(ProblemKind::OldExcel)),
        Sniffed::Zip => xlsx_rows(bytes.to_vec()),
        Sniffed::Text(_) => {
            let decoded =
                text::decode(bytes).ok_or_else(|| Problems::file(ProblemKind::NotText))?;
            csv_rows(decoded.as_bytes())
        }
    }
}

fn csv_rows(bytes: &[u8]) -> Result<Rows, Problems> {
    let mut reader = RecordReader::new(bytes, delimiter(bytes), 0);
    let mut record = Record::default();
    let mut rows = Vec::new();
    let mut row = 0;
    loop {
        match reader.read(&mut record) {
            Ok(Ok(true)) => {}
            Ok(Ok(false)) => break,
            Ok(Err(UnterminatedQuote)) => {
                let mut p = Problems::default();
                p.push(crate::problem::FileProblem {
                    row: Some(row + 1),
                    column: None,
                    kind: ProblemKind::UnterminatedQuote,
                });
                return Err(p);
            }
            Err(e) => return Err(Problems::file(ProblemKind::Unreadable(e.to_string()))),
        }
        row += 1;
        let cells = (0..record.len())
            .map(|i| {
                let cell = record.get(i).unwrap_or_default();
                let cell = if row == 1 && i == 0 {
                    cell.strip_prefix(text::BOM).unwrap_or(cell)
                } else {
                    cell
                };
                String::from_utf8_lossy(cell).into_owned()
            })
            .collect();
        rows.push((row, cells));
    }
    Ok(rows)
}

/// The separator the header line uses most: comma, semicolon or tab.
pub(crate) fn delimiter(head: &[u8]) -> u8 {
    let line = head.split(|b| *b == b'\n').next().unwrap_or(head);
    [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| (line.iter().filter(|b| *b == d).count(), *d == b','))
        .unwrap_or(b',')
}

/// The first sheet of an XLSX workbook as rows of text: numbers as written (whole numbers
/// without a fraction), Excel's `#N/A` as `#N/A`. Columns left of the used range are kept as
/// empty cells so that column letters match the sheet.
pub(crate) fn xlsx_rows(bytes: Vec<u8>) -> Result<Rows, Problems> {
    use calamine::{Data, Reader, Xlsx};
    let xlsx_problem = |e: calamine::XlsxError| Problems::file(ProblemKind::Xlsx(e.to_string()));
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_problem)?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| Problems::file(ProblemKind::Empty))?
        .map_err(xlsx_problem)?;
    let first_row = u64::from(range.start().map_or(0, |(r, _)| r)) + 1;
    let first_column = range.start().map_or(0, |(_, c)| c as usize);
    let as_text = |cell: &Data| match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::Error(calamine::CellErrorType::NA) => "#N/A".to_string(),
        other => other.to_string(),
    };
    let rows: Rows = range
        .rows()
        .enumerate()
        .map(|(offset, cells)| {
            let cells = std::iter::repeat_n(String::new(), first_column)
                .chain(cells.iter().map(as_text))
                .collect();
            (first_row + offset as u64, cells)
        })
        .collect();
    // A header that is not on row 1 means the sheet starts with blank rows: still fine, but a
    // sheet with nothing in it is empty.
    if rows.is_empty()
        || rows
            .iter()
            .all(|(_, c)| c.iter().all(|c| text::trim(c).is_empty()))
    {
        return Err(Problems::file(ProblemKind::Empty));
    }
    Ok(rows)
}
