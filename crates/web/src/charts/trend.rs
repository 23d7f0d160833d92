//! The trend of the 100-point score over cycles.

use std::fmt::Write as _;

use yardstick_core::scoring::display::percent_display;

use super::svg::{
    Anchor, GRID, INK, MUTED, block_height, colour, document, fraction, marker, num, text, ticks,
    wrap,
};

const WIDTH: f64 = 400.0;
const PAD: f64 = 6.0;
/// Room left of the plot for the ticks' values.
const AXIS: f64 = 30.0;
/// The plot's height.
const PLOT: f64 = 140.0;
/// The size of the cycles' names.
const LABEL: f64 = 12.0;

/// A line chart titled `title` of one score per cycle (`points`: the cycle's name in words
/// and its 100-point score, oldest first) on `min..=max` (0 and 100).
///
/// Every point is marked and its score written above it to 1 decimal (SPEC §4 step 6), so
/// one point alone reads as well as many; the line joins neighbouring cycles that have a
/// score. A cycle without one (`None`) keeps its place and name, shows `–` and breaks the
/// line. The cycles' names wrap to the width of their place.
pub fn trend(title: &str, points: &[(String, Option<f64>)], min: f64, max: f64) -> String {
    let left = PAD + AXIS;
    let right = WIDTH - PAD - 6.0;
    let top = PAD + 16.0;
    let bottom = top + PLOT;
    let slot = (right - left) / points.len().max(1) as f64;
    let x = |i: usize| left + slot * (i as f64 + 0.5);
    let y = |v: f64| bottom - PLOT * fraction(v, min, max);
    let mut body = String::new();

    let _ = write!(body, r#"<g class="grid" stroke="{GRID}" stroke-width="1">"#);
    let marks = ticks(min, max);
    for t in &marks {
        let _ = write!(
            body,
            r#"<line x1="{0}" y1="{1}" x2="{2}" y2="{1}"/>"#,
            num(left),
            num(y(*t)),
            num(right)
        );
    }
    body.push_str("</g>");
    for t in &marks {
        text(
            &mut body,
            (left - 5.0, y(*t) + 4.0),
            Anchor::End,
            11.0,
            MUTED,
            "",
            &[num(*t)],
        );
    }

    let at: Vec<Option<(f64, f64)>> = points
        .iter()
        .enumerate()
        .map(|(i, (_, v))| v.filter(|v| v.is_finite()).map(|v| (x(i), y(v))))
        .collect();
    let mut d = String::new();
    for pair in at.windows(2) {
        if let [Some(a), Some(b)] = pair {
            let _ = write!(d, "M{},{}L{},{}", num(a.0), num(a.1), num(b.0), num(b.1));
        }
    }
    let _ = write!(
        body,
        r#"<g class="series trend" stroke="{0}" fill="{0}">"#,
        colour(0)
    );
    if !d.is_empty() {
        let _ = write!(body, r#"<path d="{d}" fill="none" stroke-width="2"/>"#);
    }
    for p in at.iter().flatten() {
        marker(&mut body, 0, *p);
    }
    body.push_str("</g>");

    let mut lowest = bottom;
    for (i, (label, value)) in points.iter().enumerate() {
        match value.filter(|v| v.is_finite()) {
            Some(v) => text(
                &mut body,
                (x(i), y(v) - 8.0),
                Anchor::Middle,
                13.0,
                INK,
                r#"font-weight="600""#,
                &[format!("{:.1}", percent_display(v))],
            ),
            None => text(
                &mut body,
                (x(i), bottom - 6.0),
                Anchor::Middle,
                11.0,
                MUTED,
                "",
                &["\u{2013}".to_string()],
            ),
        }
        let lines = wrap(label, (slot - 4.0) / LABEL, 3);
        let first = bottom + 6.0 + LABEL * 0.85;
        text(
            &mut body,
            (x(i), first),
            Anchor::Middle,
            LABEL,
            INK,
            "",
            &lines,
        );
        lowest = lowest.max(bottom + 6.0 + block_height(lines.len(), LABEL));
    }
    document("chart-trend", title, (0.0, 0.0, WIDTH, lowest + PAD), &body)
}
