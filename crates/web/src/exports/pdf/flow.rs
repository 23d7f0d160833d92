//! The page layout: text flowing down A4 pages between margins, with headings kept with
//! what follows, wrapped paragraphs and lists, tables whose rows never split and whose head
//! is repeated on a new page, charts scaled to the column, and a footer with page numbers.
//!
//! Lines break where the charts break them (`charts::svg::wrap_by`): between any two
//! Chinese characters, at spaces in Latin text, closing punctuation kept with what it
//! closes; the widths are the embedded font's.

use yardstick_core::Lang;
use yardstick_i18n::t;

use super::doc::{self, INK, Line, MUTED, Op, PAGE_HEIGHT, PAGE_WIDTH, Page, RULE, Rgb};
use super::{PdfError, font, svg};
use crate::charts::wrap_by;

/// The left and right margins.
const SIDE: f32 = 42.0;
/// The top margin.
const TOP: f32 = 46.0;
/// The bottom margin (the footer sits in it).
const BOTTOM: f32 = 52.0;
/// The width text may take.
pub(super) const WIDTH: f32 = PAGE_WIDTH - 2.0 * SIDE;
/// Body text size.
pub(super) const BODY: f32 = 10.0;
/// Table text size.
const CELL: f32 = 9.0;
/// Line height over text size.
const LEADING: f32 = 1.45;

/// How a table column aligns its cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Align {
    Left,
    Right,
}

/// A table column: its share of the width and its alignment.
#[derive(Clone, Copy, Debug)]
pub(super) struct Col(pub(super) f32, pub(super) Align);

/// Lays out pages.
pub(super) struct Flow {
    pages: Vec<Page>,
    y: f32,
}

/// `text` on one line at most `max` points wide at `size`, ended with `…` when cut.
pub(super) fn fit(text: &str, size: f32, max: f32) -> String {
    let text = doc::clean(text);
    wrap_by(
        &text,
        f64::from(max),
        1,
        |s| f64::from(font::width(s, size)),
        f64::from(font::width("…", size)),
    )
    .into_iter()
    .next()
    .unwrap_or_default()
}

/// `text` cut into lines at most `max` points wide at `size`.
pub(super) fn lines(text: &str, size: f32, max: f32) -> Vec<String> {
    let text = doc::clean(text);
    if text.trim().is_empty() {
        return vec![String::new()];
    }
    wrap_by(
        &text,
        f64::from(max),
        usize::MAX,
        |s| f64::from(font::width(s, size)),
        f64::from(font::width("…", size)),
    )
}

impl Flow {
    pub(super) fn new() -> Flow {
        Flow {
            pages: vec![Page::default()],
            y: TOP,
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last].ops
    }

    fn room(&self) -> f32 {
        PAGE_HEIGHT - BOTTOM - self.y
    }

    fn at_top(&self) -> bool {
        self.y <= TOP + 0.5
    }

    /// Starts a new page.
    pub(super) fn page_break(&mut self) {
        self.pages.push(Page::default());
        self.y = TOP;
    }

    /// Starts a new page unless `height` fits on this one (or this one is still empty).
    fn need(&mut self, height: f32) {
        if height > self.room() && !self.at_top() {
            self.page_break();
        }
    }

    /// Vertical space.
    pub(super) fn gap(&mut self, height: f32) {
        if !self.at_top() {
            self.y += height;
        }
    }

    fn text_at(&mut self, x: f32, baseline: f32, size: f32, colour: Rgb, text: &str, bold: bool) {
        let text = doc::clean(text);
        if text.is_empty() {
            return;
        }
        self.ops().push(Op::Text {
            x,
            y: baseline,
            size,
            colour: Some(colour),
            text,
            bold,
            halo: None,
        });
    }

    /// Lines of text from the left margin plus `indent`, each moved to the next page when
    /// it does not fit.
    fn lines_at(&mut self, indent: f32, size: f32, colour: Rgb, bold: bool, text: &str) {
        let height = size * LEADING;
        for line in lines(text, size, WIDTH - indent) {
            self.need(height);
            let baseline = self.y + size * 1.05;
            self.text_at(SIDE + indent, baseline, size, colour, &line, bold);
            self.y += height;
        }
    }

    /// The document's title.
    pub(super) fn title(&mut self, text: &str) {
        self.lines_at(0.0, 18.0, INK, true, text);
        self.y += 4.0;
    }

    /// A section heading, kept on one page with at least `keep` points of what follows.
    pub(super) fn heading(&mut self, text: &str, keep: f32) {
        let size = 13.0;
        let height = lines(text, size, WIDTH).len() as f32 * size * LEADING + 4.0;
        self.gap(12.0);
        self.need(height + keep);
        self.lines_at(0.0, size, INK, true, text);
        let y = self.y;
        self.ops().push(Op::line(
            (SIDE, y),
            (SIDE + WIDTH, y),
            Line::solid(RULE, 0.8),
        ));
        self.y += 5.0;
    }

    /// A smaller heading inside a section.
    pub(super) fn subheading(&mut self, text: &str, keep: f32) {
        let size = 11.0;
        let height = lines(text, size, WIDTH).len() as f32 * size * LEADING;
        self.gap(6.0);
        self.need(height + keep);
        self.lines_at(0.0, size, INK, true, text);
        self.y += 2.0;
    }

    /// A paragraph of body text.
    pub(super) fn paragraph(&mut self, text: &str) {
        self.lines_at(0.0, BODY, INK, false, text);
        self.y += 3.0;
    }

    /// A paragraph of secondary text (notes, explanations).
    pub(super) fn note(&mut self, text: &str) {
        self.lines_at(0.0, 9.0, MUTED, false, text);
        self.y += 3.0;
    }

    /// A list, one marker per entry; `notes` are set after the entry in secondary colour.
    pub(super) fn bullets(&mut self, items: &[(String, Option<String>)]) {
        let indent = 12.0;
        let height = BODY * LEADING;
        for (item, aside) in items {
            let mut first = true;
            for line in lines(item, BODY, WIDTH - indent) {
                self.need(height);
                if first {
                    let (cx, cy) = (SIDE + 4.0, self.y + BODY * 0.7);
                    self.ops()
                        .push(Op::rect(cx - 1.5, cy - 1.5, 3.0, 3.0, Some(MUTED), None));
                    first = false;
                }
                let baseline = self.y + BODY * 1.05;
                self.text_at(SIDE + indent, baseline, BODY, INK, &line, false);
                self.y += height;
            }
            if let Some(aside) = aside {
                self.lines_at(indent, 8.5, MUTED, false, aside);
            }
            self.y += 2.0;
        }
    }

    /// Pairs of a label and a value on as many lines as they need: `label value   label value`.
    pub(super) fn facts(&mut self, pairs: &[(String, String)]) {
        let size = BODY;
        let height = size * LEADING;
        let mut x = 0.0_f32;
        self.need(height);
        for (label, value) in pairs {
            let (label, value) = (doc::clean(label), doc::clean(value));
            let lw = font::width(&label, size);
            let vw = font::width(&value, size);
            let w = lw + 5.0 + vw;
            if x > 0.0 && x + w > WIDTH {
                self.y += height;
                self.need(height);
                x = 0.0;
            }
            let baseline = self.y + size * 1.05;
            self.text_at(SIDE + x, baseline, size, MUTED, &label, false);
            if w > WIDTH {
                // A value longer than the line: on lines of its own.
                self.y += height;
                self.lines_at(0.0, size, INK, false, &value);
                x = 0.0;
                continue;
            }
            self.text_at(SIDE + x + lw + 5.0, baseline, size, INK, &value, false);
            x += w + 18.0;
        }
        if x > 0.0 {
            self.y += height;
        }
        self.y += 2.0;
    }

    /// A framed notice (e.g. that a file is for HR only).
    pub(super) fn notice(&mut self, text: &str) {
        let size = BODY;
        let pad = 7.0;
        let texts = lines(text, size, WIDTH - 2.0 * pad);
        let height = texts.len() as f32 * size * LEADING + 2.0 * pad;
        self.need(height);
        let top = self.y;
        self.ops().push(Op::rect(
            SIDE,
            top,
            WIDTH,
            height,
            Some(Rgb(0xff, 0xf8, 0xc5)),
            Some(Line::solid(Rgb(0xd4, 0xa7, 0x2c), 1.0)),
        ));
        let mut y = top + pad;
        for line in texts {
            self.text_at(SIDE + pad, y + size * 1.05, size, INK, &line, true);
            y += size * LEADING;
        }
        self.y = top + height + 6.0;
    }

    /// Boxes side by side, each a label over a large value.
    pub(super) fn scoreboard(&mut self, cells: &[(String, String)]) {
        if cells.is_empty() {
            return;
        }
        let height = 46.0;
        self.need(height);
        let gap = 8.0;
        let w = (WIDTH - gap * (cells.len() as f32 - 1.0)) / cells.len() as f32;
        let top = self.y;
        for (i, (label, value)) in cells.iter().enumerate() {
            let x = SIDE + i as f32 * (w + gap);
            self.ops().push(Op::rect(
                x,
                top,
                w,
                height,
                Some(Rgb(0xf6, 0xf8, 0xfa)),
                Some(Line::solid(RULE, 0.8)),
            ));
            let label = fit(label, 8.5, w - 12.0);
            self.text_at(x + 6.0, top + 14.0, 8.5, MUTED, &label, false);
            let size = if i == 0 { 18.0 } else { 14.0 };
            let value = fit(value, size, w - 12.0);
            self.text_at(x + 6.0, top + 37.0, size, INK, &value, i == 0);
        }
        self.y = top + height + 6.0;
    }

    /// A table: its columns, its head and rows of cells. A row is never split across pages;
    /// the head is repeated on a new page.
    pub(super) fn table(&mut self, cols: &[Col], head: &[String], rows: &[Vec<String>]) {
        let total: f32 = cols.iter().map(|c| c.0).sum::<f32>().max(f32::EPSILON);
        let widths: Vec<f32> = cols.iter().map(|c| c.0 / total * WIDTH).collect();
        let pad = 4.0;
        let layout = |cells: &[String]| -> Vec<Vec<String>> {
            widths
                .iter()
                .enumerate()
                .map(|(i, w)| lines(cells.get(i).map_or("", String::as_str), CELL, w - 2.0 * pad))
                .collect()
        };
        let row_height = |cells: &[Vec<String>]| {
            cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * CELL * 1.35 + 2.0 * pad
        };
        let head_cells = layout(head);
        let head_height = row_height(&head_cells);
        let laid: Vec<Vec<Vec<String>>> = rows.iter().map(|r| layout(r)).collect();
        let first = laid.first().map_or(0.0, |r| row_height(r));
        self.need(head_height + first);
        self.table_row(&widths, cols, &head_cells, head_height, true);
        for cells in &laid {
            let h = row_height(cells);
            if h > self.room() && !self.at_top() {
                self.page_break();
                self.table_row(&widths, cols, &head_cells, head_height, true);
            }
            self.table_row(&widths, cols, cells, h, false);
        }
        self.y += 6.0;
    }

    fn table_row(
        &mut self,
        widths: &[f32],
        cols: &[Col],
        cells: &[Vec<String>],
        h: f32,
        head: bool,
    ) {
        let pad = 4.0;
        let top = self.y;
        if head {
            self.ops().push(Op::rect(
                SIDE,
                top,
                WIDTH,
                h,
                Some(Rgb(0xf6, 0xf8, 0xfa)),
                None,
            ));
        }
        let mut x = SIDE;
        for (i, w) in widths.iter().enumerate() {
            let align = cols.get(i).map_or(Align::Left, |c| c.1);
            let mut baseline = top + pad + CELL * 1.0;
            for line in cells.get(i).into_iter().flatten() {
                let lx = match align {
                    Align::Left => x + pad,
                    Align::Right => x + w - pad - font::width(&doc::clean(line), CELL),
                };
                self.text_at(
                    lx,
                    baseline,
                    CELL,
                    if head { MUTED } else { INK },
                    line,
                    head,
                );
                baseline += CELL * 1.35;
            }
            x += w;
        }
        let y = top + h;
        self.ops().push(Op::line(
            (SIDE, y),
            (SIDE + WIDTH, y),
            Line::solid(RULE, 0.6),
        ));
        self.y = y;
    }

    /// The width and height a chart takes: at most `width` points wide, never taller than
    /// a page.
    pub(super) fn chart_size(svg_text: &str, width: f32) -> Result<(f32, f32), PdfError> {
        let (_, _, vw, vh) = svg::view_box(svg_text).map_err(PdfError::Chart)?;
        let mut w = width.min(WIDTH);
        let full = PAGE_HEIGHT - TOP - BOTTOM - 40.0;
        if vh * w / vw > full {
            w = full * vw / vh;
        }
        Ok((w, vh * w / vw))
    }

    /// A section heading kept on one page with the chart that follows it, then the chart.
    pub(super) fn chart_section(
        &mut self,
        heading: &str,
        svg_text: &str,
        width: f32,
    ) -> Result<(), PdfError> {
        let (_, h) = Flow::chart_size(svg_text, width)?;
        self.heading(heading, h);
        self.chart(svg_text, width)
    }

    /// A chart from `crate::charts`, at most `width` points wide (and never taller than a
    /// page), centred.
    pub(super) fn chart(&mut self, svg_text: &str, width: f32) -> Result<(), PdfError> {
        let (w, h) = Flow::chart_size(svg_text, width)?;
        self.need(h);
        let x = SIDE + (WIDTH - w) / 2.0;
        let ops = svg::draw(svg_text, (x, self.y), w).map_err(PdfError::Chart)?;
        self.ops().extend(ops);
        self.y += h + 4.0;
        Ok(())
    }

    /// The pages, each with its footer: `footer` on the left and the page number on the right.
    pub(super) fn finish(mut self, lang: Lang, footer: &str) -> Vec<Page> {
        if self.pages.len() > 1 && self.pages.last().is_some_and(|p| p.ops.is_empty()) {
            self.pages.pop();
        }
        let count = self.pages.len();
        let size = 8.0;
        let baseline = PAGE_HEIGHT - BOTTOM + 26.0;
        for (i, page) in self.pages.iter_mut().enumerate() {
            let number = t!(lang, "pdf.page", page = i + 1, pages = count);
            let nw = font::width(&number, size);
            let room = WIDTH - nw - 16.0;
            let left = fit(footer, size, room);
            page.ops.push(Op::line(
                (SIDE, baseline - 12.0),
                (SIDE + WIDTH, baseline - 12.0),
                Line::solid(RULE, 0.6),
            ));
            page.ops.push(Op::Text {
                x: SIDE,
                y: baseline,
                size,
                colour: Some(MUTED),
                text: left,
                bold: false,
                halo: None,
            });
            page.ops.push(Op::Text {
                x: SIDE + WIDTH - nw,
                y: baseline,
                size,
                colour: Some(MUTED),
                text: number,
                bold: false,
                halo: None,
            });
        }
        self.pages
    }
}
