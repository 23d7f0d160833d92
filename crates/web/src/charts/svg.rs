//! What every chart is made of: escaping, numbers, estimated text widths, wrapping, scale
//! ticks, markers and the `<svg>` element itself.

use std::fmt::Write as _;

/// The colours of series and groups by position, for an SVG shown without the stylesheet
/// (the classes' rules in `app.css` take precedence).
const PALETTE: [&str; 6] = [
    "#0b57d0", "#c2410c", "#57606a", "#2e7d32", "#7b1fa2", "#9a6700",
];

/// Dash patterns by position: solid, dashed, dotted, dash-dot.
const DASHES: [&str; 4] = ["", "7 4", "2 3", "9 3 2 3"];

/// The colour of text.
pub(super) const INK: &str = "#1f2328";
/// The colour of secondary text.
pub(super) const MUTED: &str = "#57606a";
/// The colour of grid lines.
pub(super) const GRID: &str = "#d0d7de";

/// The presentation colour of the series or group at `index`.
pub(super) fn colour(index: usize) -> &'static str {
    PALETTE[index % PALETTE.len()]
}

/// The dash pattern of the series at `index` (empty: solid).
pub(super) fn dash(index: usize) -> &'static str {
    DASHES[index % DASHES.len()]
}

/// `text` escaped for XML text and attribute values; characters XML cannot hold
/// (control characters but tab and line breaks) are dropped.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A coordinate: rounded to 1 decimal, without a trailing `.0`, never `-0`.
pub(super) fn num(x: f64) -> String {
    let x = if x.is_finite() { x } else { 0.0 };
    let text = format!("{:.1}", (x * 10.0).round() / 10.0);
    let text = text.strip_suffix(".0").unwrap_or(&text).to_string();
    if text == "-0" { "0".to_string() } else { text }
}

/// Whether `c` is drawn about one em wide (CJK and full-width forms).
pub(crate) fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// The estimated width of one character, in em.
fn char_em(c: char) -> f64 {
    if is_wide(c) {
        1.0
    } else if c == ' ' || "iljtfrI.,;:'|!()[]".contains(c) {
        0.33
    } else if c.is_ascii_uppercase() || "mwMW%@".contains(c) {
        0.72
    } else {
        0.57
    }
}

/// The estimated width of `text`, in em.
pub(super) fn em(text: &str) -> f64 {
    text.chars().map(char_em).sum()
}

/// Whether a line may not start with `c` (closing punctuation stays with what it closes).
pub(crate) fn closes(c: char) -> bool {
    matches!(
        c,
        ',' | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '\u{2019}'
            | '\u{201D}'
            | '\u{2026}'
            | '\u{3001}'
            | '\u{3002}'
            | '\u{3009}'
            | '\u{300B}'
            | '\u{300D}'
            | '\u{300F}'
            | '\u{3011}'
            | '\u{FF01}'
            | '\u{FF09}'
            | '\u{FF0C}'
            | '\u{FF1A}'
            | '\u{FF1B}'
            | '\u{FF1F}'
    )
}

/// `text` cut into lines of at most `max_em` em (estimated), at spaces and between Chinese
/// characters, at most `max_lines` of them; what does not fit ends the last line with `…`.
pub(super) fn wrap(text: &str, max_em: f64, max_lines: usize) -> Vec<String> {
    wrap_by(text, max_em, max_lines, em, 1.0)
}

/// `text` cut into lines of at most `max` wide as `measure` measures, the same way as
/// [`wrap`]: at spaces, between Chinese characters, closing punctuation kept with what it
/// closes; at most `max_lines` lines, the last ended with `…` (`ellipsis` wide) when
/// something is cut off. The PDF export measures with the font it embeds.
pub(crate) fn wrap_by(
    text: &str,
    max_em: f64,
    max_lines: usize,
    measure: impl Fn(&str) -> f64,
    ellipsis: f64,
) -> Vec<String> {
    let char_em = |c: char| measure(c.encode_utf8(&mut [0; 4]));
    let em = |s: &str| measure(s);
    // The pieces a line may break between: words, single wide characters, spaces.
    let mut pieces: Vec<String> = Vec::new();
    for c in text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
    {
        let joins = match pieces.last() {
            None => false,
            Some(last) => {
                let prev = last.chars().last().unwrap_or(' ');
                closes(c) || (!is_wide(c) && c != ' ' && !is_wide(prev) && prev != ' ')
            }
        };
        match pieces.last_mut() {
            Some(last) if joins => last.push(c),
            _ => pieces.push(c.to_string()),
        }
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for piece in pieces {
        if piece == " " {
            if !line.is_empty() {
                line.push(' ');
            }
            continue;
        }
        if !line.trim_end().is_empty() && em(&line) + em(&piece) > max_em + 1e-9 {
            lines.push(line.trim_end().to_string());
            line = String::new();
        }
        // A word longer than a line is cut where it reaches the end.
        for c in piece.chars() {
            if !line.is_empty() && em(&line) + char_em(c) > max_em + 1e-9 && !closes(c) {
                lines.push(line.trim_end().to_string());
                line = String::new();
            }
            line.push(c);
        }
    }
    if !line.trim_end().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    let max_lines = max_lines.max(1);
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && em(last) + ellipsis > max_em {
                last.pop();
            }
            let kept = last.trim_end().to_string();
            *last = kept + "…";
        }
    }
    lines
}

/// The scale points of a rating scale: every whole number from `min` to `max` when there
/// are at most eleven, else round steps.
pub(super) fn scale_points(min: f64, max: f64) -> Vec<f64> {
    let whole = min.fract() == 0.0 && max.fract() == 0.0;
    if whole && max > min && max - min <= 10.0 {
        let mut points = Vec::new();
        let mut p = min;
        while p <= max {
            points.push(p);
            p += 1.0;
        }
        points
    } else {
        ticks(min, max)
    }
}

/// Round ticks from `min` to `max`, about five steps (0, 20, …, 100).
pub(super) fn ticks(min: f64, max: f64) -> Vec<f64> {
    if !(min.is_finite() && max.is_finite()) || max <= min {
        return vec![min];
    }
    let raw = (max - min) / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = match raw / magnitude {
        n if n <= 1.0 => 1.0,
        n if n <= 2.0 => 2.0,
        n if n <= 5.0 => 5.0,
        _ => 10.0,
    } * magnitude;
    let mut out = Vec::new();
    let mut i = (min / step - 1e-9).ceil();
    while i * step <= max + step * 1e-9 {
        out.push(i * step);
        i += 1.0;
    }
    out
}

/// The share of `value` between `min` and `max`, kept within 0 and 1.
pub(super) fn fraction(value: f64, min: f64, max: f64) -> f64 {
    if max > min {
        ((value - min) / (max - min)).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Where text sits against its `x`.
#[derive(Clone, Copy)]
pub(super) enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn attr(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// Writes `lines` as one `<text>`, the first baseline at `y`, one line every `1.2 × size`.
/// `extra` holds more attributes (already escaped), e.g. `font-weight="600"`.
pub(super) fn text(
    out: &mut String,
    (x, y): (f64, f64),
    anchor: Anchor,
    size: f64,
    fill: &str,
    extra: &str,
    lines: &[String],
) {
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" text-anchor="{}" font-size="{}" fill="{fill}"{}{extra}>"#,
        num(x),
        num(y),
        anchor.attr(),
        num(size),
        if extra.is_empty() { "" } else { " " },
    );
    if let [line] = lines {
        out.push_str(&esc(line));
    } else {
        for (i, line) in lines.iter().enumerate() {
            let dy = if i == 0 { 0.0 } else { size * 1.2 };
            let _ = write!(
                out,
                r#"<tspan x="{}" dy="{}">{}</tspan>"#,
                num(x),
                num(dy),
                esc(line)
            );
        }
    }
    out.push_str("</text>");
}

/// The height of `lines` lines of text of `size`, from the top of the first to the bottom
/// of the last.
pub(super) fn block_height(lines: usize, size: f64) -> f64 {
    size + size * 1.2 * (lines.max(1) - 1) as f64
}

/// A marker of the series at `index` centred on (`x`, `y`): a circle, a square, a triangle
/// or a diamond, so that series differ in print without colour.
pub(super) fn marker(out: &mut String, index: usize, (x, y): (f64, f64)) {
    let s = 4.0;
    let _ = match index % 4 {
        0 => write!(
            out,
            r#"<circle cx="{}" cy="{}" r="{}"/>"#,
            num(x),
            num(y),
            num(s * 0.9)
        ),
        1 => write!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}"/>"#,
            num(x - s * 0.8),
            num(y - s * 0.8),
            num(s * 1.6),
            num(s * 1.6)
        ),
        2 => write!(
            out,
            r#"<polygon points="{},{} {},{} {},{}"/>"#,
            num(x),
            num(y - s),
            num(x + s),
            num(y + s * 0.8),
            num(x - s),
            num(y + s * 0.8)
        ),
        _ => write!(
            out,
            r#"<polygon points="{},{} {},{} {},{} {},{}"/>"#,
            num(x),
            num(y - s),
            num(x + s),
            num(y),
            num(x),
            num(y + s),
            num(x - s),
            num(y)
        ),
    };
}

/// The `<svg>` element around `body`, with the view box (`x`, `y`, width, height).
pub(super) fn document(kind: &str, title: &str, view: (f64, f64, f64, f64), body: &str) -> String {
    let title = esc(title);
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart {kind}" viewBox="{} {} {} {}" width="100%" role="img" aria-label="{title}"><title>{title}</title>{body}</svg>"#,
        num(view.0),
        num(view.1),
        num(view.2),
        num(view.3),
    )
}
