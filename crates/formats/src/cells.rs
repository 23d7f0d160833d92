//! Cells of the CSV files Yardstick writes (SPEC §7 Bounds): a spreadsheet takes a cell that
//! starts with `=`, `+`, `-` or `@` for a formula, so a name such as `=HYPERLINK(…)` in a
//! People or model file would run when HR opens the results. Such text is written with a
//! leading `'`, which spreadsheets read as "this is text"; numbers and a lone `-` stay as
//! they are.

use std::borrow::Cow;

/// `cell` as it may be written into a CSV file: text that a spreadsheet would take for a
/// formula gets a leading `'`; numbers (`-1.5`, `+3`) and a lone `-` are kept.
pub fn csv_safe(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@']);
    if !risky || cell == "-" || is_number(cell) {
        Cow::Borrowed(cell)
    } else {
        Cow::Owned(format!("'{cell}"))
    }
}

/// Whether `cell` is a finite number as written (`inf` and `NaN` are text).
fn is_number(cell: &str) -> bool {
    cell.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
        && cell.parse::<f64>().is_ok_and(f64::is_finite)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_a_spreadsheet_would_run_gets_a_leading_quote() {
        for (cell, written) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+cmd", "'+cmd"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("-inf", "'-inf"),
            ("--", "'--"),
        ] {
            assert_eq!(csv_safe(cell), written, "{cell}");
        }
    }

    #[test]
    fn numbers_a_lone_dash_and_other_text_are_kept() {
        for cell in [
            "-1.5", "+3", "-0", "-2e-3", "-", "", "张三", "a=b", " =x", "4.25",
        ] {
            assert!(
                matches!(csv_safe(cell), Cow::Borrowed(c) if c == cell),
                "{cell}"
            );
        }
    }
}
