//! What a PDF is made of before it is written: pages of drawing operations in points, the
//! origin at the top left, y growing downwards (as in SVG and in krilla). Laying a report out
//! gives these; every text in them is then checked against the font, and only then written
//! with krilla, so that a text the font cannot show stops the export before anything is drawn.

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, LineCap, LineJoin, Stroke, StrokeDash};
use krilla::text::TextDirection;

use super::{PdfError, font};

/// A4 portrait, in points.
pub(super) const PAGE_WIDTH: f32 = 595.28;
/// A4 portrait, in points.
pub(super) const PAGE_HEIGHT: f32 = 841.89;

/// A colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Rgb(pub(super) u8, pub(super) u8, pub(super) u8);

impl Rgb {
    /// `#rrggbb` or `#rgb`.
    pub(super) fn parse(hex: &str) -> Option<Rgb> {
        let h = hex.strip_prefix('#')?;
        let digit = |i: usize, n: usize| u8::from_str_radix(h.get(i..i + n)?, 16).ok();
        match h.len() {
            6 => Some(Rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
            3 => Some(Rgb(digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
            _ => None,
        }
    }
}

/// The colour of text (the charts' `INK`).
pub(super) const INK: Rgb = Rgb(0x1f, 0x23, 0x28);
/// The colour of secondary text (the charts' `MUTED`).
pub(super) const MUTED: Rgb = Rgb(0x57, 0x60, 0x6a);
/// The colour of rules and grid lines (the charts' `GRID`).
pub(super) const RULE: Rgb = Rgb(0xd0, 0xd7, 0xde);

/// One piece of a path.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Seg {
    Move(f32, f32),
    Line(f32, f32),
    Cubic(f32, f32, f32, f32, f32, f32),
    Close,
}

/// How a path's outline is drawn.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Line {
    pub(super) colour: Rgb,
    pub(super) width: f32,
    pub(super) opacity: f32,
    /// Dash and gap lengths; empty for a solid line.
    pub(super) dash: Vec<f32>,
    pub(super) round: bool,
}

impl Line {
    /// A solid line.
    pub(super) fn solid(colour: Rgb, width: f32) -> Line {
        Line {
            colour,
            width,
            opacity: 1.0,
            dash: Vec::new(),
            round: false,
        }
    }
}

/// One drawing operation.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Op {
    /// A path, filled and/or stroked.
    Shape {
        path: Vec<Seg>,
        fill: Option<(Rgb, f32)>,
        stroke: Option<Line>,
    },
    /// One line of text, as text: `(x, y)` is the start of its baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        colour: Option<Rgb>,
        text: String,
        bold: bool,
        /// An outline drawn under the text (the charts' white halo), as a shape.
        halo: Option<Line>,
    },
}

impl Op {
    /// A filled rectangle, optionally outlined.
    pub(super) fn rect(
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<Line>,
    ) -> Op {
        Op::Shape {
            path: vec![
                Seg::Move(x, y),
                Seg::Line(x + w, y),
                Seg::Line(x + w, y + h),
                Seg::Line(x, y + h),
                Seg::Close,
            ],
            fill: fill.map(|c| (c, 1.0)),
            stroke,
        }
    }

    /// A straight line.
    pub(super) fn line(from: (f32, f32), to: (f32, f32), line: Line) -> Op {
        Op::Shape {
            path: vec![Seg::Move(from.0, from.1), Seg::Line(to.0, to.1)],
            fill: None,
            stroke: Some(line),
        }
    }
}

/// A page's operations.
#[derive(Clone, Debug, Default)]
pub(super) struct Page {
    pub(super) ops: Vec<Op>,
}

/// The text as it is drawn: control characters dropped, tabs and line breaks as spaces
/// (as the charts' `esc` does for SVG).
pub(super) fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Fails on the first character of any text that the font has no glyph for.
pub(super) fn check(pages: &[Page]) -> Result<(), PdfError> {
    if !font::available() {
        return Err(PdfError::Font);
    }
    for op in pages.iter().flat_map(|p| &p.ops) {
        if let Op::Text { text, .. } = op
            && let Some(c) = text.chars().find(|c| !font::has(*c))
        {
            return Err(PdfError::MissingGlyph {
                character: c,
                text: text.clone(),
            });
        }
    }
    Ok(())
}

fn colour(c: Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

fn unit(x: f32) -> NormalizedF32 {
    NormalizedF32::new(x.clamp(0.0, 1.0)).unwrap_or(NormalizedF32::ONE)
}

fn stroke(line: &Line) -> Stroke {
    Stroke {
        paint: colour(line.colour).into(),
        width: line.width,
        opacity: unit(line.opacity),
        line_join: if line.round {
            LineJoin::Round
        } else {
            LineJoin::Miter
        },
        line_cap: LineCap::Butt,
        dash: (!line.dash.is_empty()).then(|| StrokeDash {
            array: line.dash.clone(),
            offset: 0.0,
        }),
        ..Stroke::default()
    }
}

/// Checks the pages and writes them as one PDF with `title` in its metadata.
pub(super) fn write(pages: &[Page], title: &str, lang: &str) -> Result<Vec<u8>, PdfError> {
    check(pages)?;
    let font = font::krilla_font().ok_or(PdfError::Font)?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .language(lang.to_string())
            .creator("Yardstick".to_string()),
    );
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or(PdfError::Write)?;
    for p in pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in &p.ops {
            match op {
                Op::Shape {
                    path,
                    fill,
                    stroke: line,
                } => {
                    let mut b = PathBuilder::new();
                    for seg in path {
                        match *seg {
                            Seg::Move(x, y) => b.move_to(x, y),
                            Seg::Line(x, y) => b.line_to(x, y),
                            Seg::Cubic(a, b1, c, d, e, f) => b.cubic_to(a, b1, c, d, e, f),
                            Seg::Close => b.close(),
                        }
                    }
                    let Some(path) = b.finish() else { continue };
                    surface.set_fill(fill.map(|(c, opacity)| Fill {
                        paint: colour(c).into(),
                        opacity: unit(opacity),
                        ..Fill::default()
                    }));
                    surface.set_stroke(line.as_ref().map(stroke));
                    surface.draw_path(&path);
                }
                Op::Text {
                    x,
                    y,
                    size,
                    colour: ink,
                    text,
                    bold,
                    halo,
                } => {
                    let at = Point::from_xy(*x, *y);
                    if let Some(halo) = halo {
                        // Drawn as outlines, so the text is not in the file twice.
                        surface.set_fill(None);
                        surface.set_stroke(Some(stroke(halo)));
                        surface.draw_text(
                            at,
                            font.clone(),
                            *size,
                            text,
                            true,
                            TextDirection::LeftToRight,
                        );
                    }
                    let Some(ink) = ink else { continue };
                    surface.set_fill(Some(Fill {
                        paint: colour(*ink).into(),
                        ..Fill::default()
                    }));
                    // The font has one weight: bold is the text's outline thickened.
                    surface.set_stroke(bold.then(|| stroke(&Line::solid(*ink, size * 0.045))));
                    surface.draw_text(
                        at,
                        font.clone(),
                        *size,
                        text,
                        false,
                        TextDirection::LeftToRight,
                    );
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|_| PdfError::Write)
}
