//! Small tables read whole: any CSV or XLSX (first sheet) in any accepted encoding, as rows of
//! text cells numbered as a spreadsheet numbers them (header = row 1). Used for People files;
//! responses files, which may be large, are streamed instead (see `responses`).

use std::io::Cursor;

use crate::problem::{Column, FileProblem, ProblemKind, Problems};
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
    let mut rows: Rows = Vec::new();
    let mut row = 0;
    let mut stray = Problems::default();
    loop {
        match reader.read(&mut record) {
            Ok(Ok(true)) => {}
            Ok(Ok(false)) => break,
            Ok(Err(UnterminatedQuote)) => {
                stray.push(FileProblem {
                    row: Some(row + 1),
                    column: None,
                    kind: ProblemKind::UnterminatedQuote,
                });
                return Err(stray);
            }
            Err(e) => return Err(Problems::file(ProblemKind::Unreadable(e.to_string()))),
        }
        row += 1;
        if let Some(field) = record.stray_quote() {
            stray.push(FileProblem {
                row: Some(row),
                column: Some(Column {
                    index: field,
                    header: rows
                        .first()
                        .and_then(|(_, h): &(u64, Vec<String>)| h.get(field).cloned())
                        .unwrap_or_default(),
                }),
                kind: ProblemKind::StrayQuote,
            });
        }
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
    if stray.is_empty() {
        Ok(rows)
    } else {
        Err(stray)
    }
}

/// The separator the header line uses most: comma, semicolon or tab.
pub(crate) fn delimiter(head: &[u8]) -> u8 {
    let line = head.split(|b| *b == b'\n').next().unwrap_or(head);
    [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| (line.iter().filter(|b| *b == d).count(), *d == b','))
        .unwrap_or(b',')
}

/// The most bytes the parts of an XLSX workbook may unpack to. A workbook of 20,000
/// responses to 100 items unpacks to some 60 MB; a ZIP file can hide far more than its own
/// size (one of 400 MB took 1.5 GB of memory to read), so it is refused before it is read.
pub const MAX_XLSX_UNPACKED: u64 = 128 << 20;
/// The most cells of the sheet read (its used range, empty cells included).
pub const MAX_CELLS: u64 = 2_000_000;

/// Refuses a workbook whose parts would unpack to more than [`MAX_XLSX_UNPACKED`], judged by
/// the sizes its directory declares.
fn check_unpacked_size(bytes: &[u8], max: u64) -> Result<(), Problems> {
    let xlsx_problem = |e: zip::result::ZipError| Problems::file(ProblemKind::Xlsx(e.to_string()));
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(xlsx_problem)?;
    let mut size: u64 = 0;
    for i in 0..archive.len() {
        size = size.saturating_add(archive.by_index_raw(i).map_err(xlsx_problem)?.size());
    }
    if size > max {
        return Err(Problems::file(ProblemKind::XlsxTooLarge { size, max }));
    }
    Ok(())
}

/// The first sheet of an XLSX workbook as rows of text: numbers as written (whole numbers
/// without a fraction), Excel's `#N/A` as `#N/A`. Columns left of the used range are kept as
/// empty cells so that column letters match the sheet. The cells are read one by one, so that
/// a sheet of more than [`MAX_CELLS`] is refused before it is laid out in memory.
pub(crate) fn xlsx_rows(bytes: Vec<u8>) -> Result<Rows, Problems> {
    xlsx_rows_within(bytes, MAX_XLSX_UNPACKED, MAX_CELLS)
}

fn xlsx_rows_within(bytes: Vec<u8>, max_unpacked: u64, max_cells: u64) -> Result<Rows, Problems> {
    use calamine::{Data, DataRef, Reader, Xlsx};
    check_unpacked_size(&bytes, max_unpacked)?;
    let xlsx_problem = |e: calamine::XlsxError| Problems::file(ProblemKind::Xlsx(e.to_string()));
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_problem)?;
    let name = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| Problems::file(ProblemKind::Empty))?;
    let as_text = |cell: Data| match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s,
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if b { "TRUE" } else { "FALSE" }.to_string(),
        Data::Error(calamine::CellErrorType::NA) => "#N/A".to_string(),
        other => other.to_string(),
    };
    let too_many = |cells: u64| {
        Problems::file(ProblemKind::TooManyCells {
            cells,
            max: max_cells,
        })
    };
    let mut cells: Vec<((u32, u32), String)> = Vec::new();
    let mut reader = workbook
        .worksheet_cells_reader(&name)
        .map_err(xlsx_problem)?;
    while let Some(cell) = reader.next_cell().map_err(xlsx_problem)? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        if cells.len() as u64 >= max_cells {
            return Err(too_many(cells.len() as u64 + 1));
        }
        let position = cell.get_position();
        cells.push((position, as_text(Data::from(cell.get_value().clone()))));
    }
    drop(reader);
    let Some(first_row) = cells.iter().map(|((r, _), _)| *r).min() else {
        return Err(Problems::file(ProblemKind::Empty));
    };
    let last_row = cells
        .iter()
        .map(|((r, _), _)| *r)
        .max()
        .unwrap_or(first_row);
    let width = cells.iter().map(|((_, c), _)| *c).max().unwrap_or(0) as usize + 1;
    let height = (last_row - first_row) as usize + 1;
    let used = height as u64 * width as u64;
    if used > max_cells {
        return Err(too_many(used));
    }
    let mut rows: Rows = (0..height)
        .map(|offset| {
            (
                u64::from(first_row) + 1 + offset as u64,
                vec![String::new(); width],
            )
        })
        .collect();
    for ((r, c), text) in cells {
        rows[(r - first_row) as usize].1[c as usize] = text;
    }
    // A header that is not on row 1 means the sheet starts with blank rows: still fine, but a
    // sheet with nothing in it is empty.
    if rows
        .iter()
        .all(|(_, c)| c.iter().all(|c| text::trim(c).is_empty()))
    {
        return Err(Problems::file(ProblemKind::Empty));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workbook(cells: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (r, c, text) in cells {
            sheet.write_string(*r, *c, *text).unwrap();
        }
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn a_sheet_reads_into_rows_with_the_columns_left_of_it_kept_empty() {
        let rows = xlsx_rows(workbook(&[(1, 1, "id"), (1, 2, "name"), (3, 2, "x")])).unwrap();
        assert_eq!(
            rows,
            vec![
                (2, vec!["".into(), "id".into(), "name".into()]),
                (3, vec![String::new(); 3]),
                (4, vec!["".into(), "".into(), "x".into()]),
            ]
        );
    }

    #[test]
    fn a_workbook_that_unpacks_to_more_than_the_bound_is_refused_before_it_is_read() {
        let bytes = workbook(&[(0, 0, "id")]);
        let found = xlsx_rows_within(bytes.clone(), 1024, MAX_CELLS).unwrap_err();
        assert!(
            matches!(found.listed[0].kind, ProblemKind::XlsxTooLarge { size, max: 1024 } if size > 1024),
            "{found:?}"
        );
        assert!(xlsx_rows(bytes).is_ok());
    }

    #[test]
    fn a_sheet_of_more_cells_than_the_bound_is_refused() {
        let many: Vec<(u32, u16, &str)> = (0..20).map(|r| (r, 0, "x")).collect();
        let found = xlsx_rows_within(workbook(&many), MAX_XLSX_UNPACKED, 10).unwrap_err();
        assert_eq!(
            found.listed[0].kind,
            ProblemKind::TooManyCells { cells: 11, max: 10 }
        );
        // Two cells far apart make a used range of a million cells.
        let apart = workbook(&[(0, 0, "a"), (99_999, 9, "b")]);
        let found = xlsx_rows_within(apart, MAX_XLSX_UNPACKED, 1000).unwrap_err();
        assert_eq!(
            found.listed[0].kind,
            ProblemKind::TooManyCells {
                cells: 1_000_000,
                max: 1000
            }
        );
    }
}
