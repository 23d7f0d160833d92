//! Where results go: a file written whole or not at all, or standard output; and the
//! progress bars for long work, shown only on a terminal.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use unicode_width::UnicodeWidthStr;
use yardstick_core::Lang;
use yardstick_i18n::t;

/// Writes a file through a temporary file in the same directory, renamed over the target
/// only when everything was written and flushed to disk: the file is whole or untouched.
pub fn write_atomically(
    path: &Path,
    lang: Lang,
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let what = || {
        t!(
            lang,
            "cli.main.cannot_write",
            file = path.display().to_string()
        )
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir).with_context(what)?;
    {
        let mut out = BufWriter::new(temp.as_file_mut());
        write(&mut out)?;
        out.flush().with_context(what)?;
    }
    // The temporary file is private; the result gets the permissions of the file it replaces,
    // or the usual ones for a new file.
    let permissions = match std::fs::metadata(path) {
        Ok(existing) => existing.permissions(),
        Err(_) => new_file_permissions(temp.as_file())?,
    };
    temp.as_file()
        .set_permissions(permissions)
        .with_context(what)?;
    temp.as_file().sync_all().with_context(what)?;
    temp.persist(path).map_err(|e| e.error).with_context(what)?;
    Ok(())
}

#[cfg(unix)]
fn new_file_permissions(_: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions(file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}

/// Writes to standard output, buffered.
pub fn write_stdout(
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    write(&mut out)?;
    out.flush()?;
    Ok(())
}

/// Files at least this large get a progress bar.
const PROGRESS_FROM_BYTES: u64 = 4 << 20;

/// A progress bar over `total` bytes on a terminal; hidden when standard error is not one
/// or the work is small.
pub fn progress_bar(total: u64, lang: Lang) -> ProgressBar {
    if total < PROGRESS_FROM_BYTES || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template(t!(lang, "cli.main.progress")) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(t!(lang, "cli.main.reading"));
    bar
}

/// The progress bar of a copy: rows when they are counted, a spinner while SQLite copies
/// itself; nothing when standard error is not a terminal.
pub struct CopyProgress {
    bar: ProgressBar,
    terminal: bool,
    lang: Lang,
}

/// The progress bar of a backup or restore, drawn only on a terminal, from when the copy
/// begins.
pub fn copy_progress(lang: Lang) -> CopyProgress {
    CopyProgress {
        bar: ProgressBar::hidden(),
        terminal: std::io::stderr().is_terminal(),
        lang,
    }
}

impl CopyProgress {
    /// Removes the bar once the copy is over.
    pub fn finish_and_clear(&self) {
        self.bar.finish_and_clear();
    }
}

impl yardstick_store::backup::Progress for CopyProgress {
    fn begin(&self, rows: Option<u64>) {
        if !self.terminal {
            return;
        }
        let template = match rows {
            Some(n) => {
                self.bar.set_length(n);
                t!(self.lang, "cli.backup.progress")
            }
            None => t!(self.lang, "cli.backup.spinner"),
        };
        self.bar.set_message(t!(self.lang, "cli.backup.copying"));
        if let Ok(style) = ProgressStyle::with_template(template) {
            self.bar.set_style(style.progress_chars("=> "));
        }
        self.bar.set_draw_target(ProgressDrawTarget::stderr());
        if rows.is_none() {
            self.bar
                .enable_steady_tick(std::time::Duration::from_millis(120));
        }
    }

    fn advance(&self, rows: u64) {
        self.bar.inc(rows);
    }
}

/// Pads `s` with spaces to `width` terminal columns (CJK characters take two).
pub fn pad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

pub use yardstick::{terminal_cell, terminal_safe};

/// A cell of a CSV file Yardstick writes, safe to open in a spreadsheet (SPEC §7).
pub use yardstick_formats::csv_safe;

/// Lays out rows as columns padded to their widest cell, two spaces apart; cells are made
/// [`terminal_cell`]-safe.
pub fn table(rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|c| terminal_cell(c).into_owned()).collect())
        .collect();
    let rows = rows.as_slice();
    let mut widths: Vec<usize> = Vec::new();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            let w = UnicodeWidthStr::width(cell.as_str());
            match widths.get_mut(i) {
                Some(max) => *max = (*max).max(w),
                None => widths.push(w),
            }
        }
    }
    let mut out = String::new();
    for row in rows {
        let last = row.len().saturating_sub(1);
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                if i == last {
                    cell.clone()
                } else {
                    pad(cell, widths[i])
                }
            })
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_cells_cannot_steer_the_terminal() {
        let rows = vec![vec!["名称".to_string(), "x\u{7}".to_string()]];
        assert_eq!(table(&rows), "名称  x\\u{7}\n");
    }

    #[test]
    fn csv_cells_that_look_like_formulas_are_prefixed_and_numbers_are_not() {
        assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_safe("+86 138"), "'+86 138");
        assert_eq!(csv_safe("-x"), "'-x");
        assert_eq!(csv_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_safe("-inf"), "'-inf");
        for kept in [
            "-",
            "-3",
            "+1.5",
            "-0.25e2",
            "王建国 (P1)",
            "a=b",
            "",
            "http://x/r/t",
        ] {
            assert_eq!(csv_safe(kept), kept);
        }
    }
}
