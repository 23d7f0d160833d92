//! The radar chart: one axis per dimension, a ring at each scale point, one outline per
//! series.

use std::f64::consts::{FRAC_PI_2, TAU};
use std::fmt::Write as _;

use super::svg::{
    Anchor, GRID, INK, MUTED, block_height, colour, dash, document, em, esc, fraction, marker, num,
    scale_points, text, wrap,
};
use super::{BarRow, Series, bars};

/// The fewest axes a radar is drawn with; with fewer, [`radar`] draws bars.
pub const RADAR_MIN_AXES: usize = 3;

/// The radius of the outer ring.
const RADIUS: f64 = 110.0;
/// The size of axis labels.
const LABEL: f64 = 12.0;
/// The widest an axis label's line may be, in em, before it wraps.
const LABEL_EM: f64 = 8.0;
/// The narrowest the chart is, so that the legend has room.
const MIN_WIDTH: f64 = 320.0;

/// A radar chart titled `title` of `series` over `axes` on the scale `min..=max`.
///
/// Axis labels sit outside the outer ring, anchored by their angle (left of the axis on
/// the left side, right on the right, centred at the top and bottom) and wrapped after
/// about eight Chinese characters, so long names neither cross the chart nor each other.
/// Each series differs in colour, dash pattern and marker, and the legend under the chart
/// shows all three.
///
/// A missing value (`None`) is not drawn as 0 or as the scale's minimum: the series'
/// outline is broken there — the two sides next to the axis are left out, the point has no
/// marker — and the outline is filled only when it is complete. A value that is present
/// always has its marker, even at the centre.
///
/// With fewer than [`RADAR_MIN_AXES`] axes a radar says nothing a bar does not, so the
/// same data comes back as [`grouped_bars`](super::grouped_bars), one bar per series and
/// a missing value marked `–`.
pub fn radar(title: &str, axes: &[String], series: &[Series], min: f64, max: f64) -> String {
    let n = axes.len();
    if n < RADAR_MIN_AXES {
        let rows: Vec<BarRow> = axes
            .iter()
            .enumerate()
            .map(|(i, label)| BarRow {
                label: label.clone(),
                values: series
                    .iter()
                    .map(|s| s.values.get(i).copied().flatten())
                    .collect(),
            })
            .collect();
        let groups: Vec<(String, &'static str)> =
            series.iter().map(|s| (s.label.clone(), s.class)).collect();
        return bars::grouped_bars(title, &rows, &groups, min, max, "\u{2013}");
    }
    let angle = |i: usize| -FRAC_PI_2 + TAU * i as f64 / n as f64;
    let at = |i: usize, radius: f64| (radius * angle(i).cos(), radius * angle(i).sin());
    let mut body = String::new();
    let mut bounds = Bounds::around(RADIUS);

    // Rings at every scale point above the minimum (the minimum is the centre), spokes.
    let _ = write!(
        body,
        r#"<g class="grid" fill="none" stroke="{GRID}" stroke-width="1">"#
    );
    let rings: Vec<f64> = scale_points(min, max)
        .into_iter()
        .filter(|p| *p > min)
        .collect();
    for p in &rings {
        let radius = RADIUS * fraction(*p, min, max);
        let points: Vec<String> = (0..n)
            .map(|i| {
                let (x, y) = at(i, radius);
                format!("{},{}", num(x), num(y))
            })
            .collect();
        let _ = write!(body, r#"<polygon points="{}"/>"#, points.join(" "));
    }
    for i in 0..n {
        let (x, y) = at(i, RADIUS);
        let _ = write!(
            body,
            r#"<line x1="0" y1="0" x2="{}" y2="{}"/>"#,
            num(x),
            num(y)
        );
    }
    body.push_str("</g>");
    // The axes' labels, outside the outer ring.
    for (i, label) in axes.iter().enumerate() {
        let lines = wrap(label, LABEL_EM, 3);
        let (c, s) = (angle(i).cos(), angle(i).sin());
        let gap = if c.abs() < 0.26 { 8.0 } else { 10.0 };
        let (x, y) = at(i, RADIUS + gap);
        let anchor = if c > 0.26 {
            Anchor::Start
        } else if c < -0.26 {
            Anchor::End
        } else {
            Anchor::Middle
        };
        let height = block_height(lines.len(), LABEL);
        let top = if s < -0.26 {
            y - height
        } else if s > 0.26 {
            y
        } else {
            y - height / 2.0
        };
        let width = lines.iter().map(|l| em(l)).fold(0.0, f64::max) * LABEL;
        let left = match anchor {
            Anchor::Start => x,
            Anchor::End => x - width,
            Anchor::Middle => x - width / 2.0,
        };
        bounds.take(left, top);
        bounds.take(left + width, top + height);
        text(
            &mut body,
            (x, top + LABEL * 0.85),
            anchor,
            LABEL,
            INK,
            "",
            &lines,
        );
    }

    // The series, the first one drawn last so that it lies on top.
    for (j, s) in series.iter().enumerate().rev() {
        let points: Vec<Option<(f64, f64)>> = (0..n)
            .map(|i| {
                s.values
                    .get(i)
                    .copied()
                    .flatten()
                    .filter(|v| v.is_finite())
                    .map(|v| at(i, RADIUS * fraction(v, min, max)))
            })
            .collect();
        let complete = points.iter().all(Option::is_some);
        let mut d = String::new();
        for i in 0..n {
            let next = (i + 1) % n;
            if let (Some(a), Some(b)) = (points[i], points[next]) {
                if complete {
                    let _ = write!(
                        d,
                        "{}{},{}",
                        if i == 0 { "M" } else { "L" },
                        num(a.0),
                        num(a.1)
                    );
                } else {
                    let _ = write!(d, "M{},{}L{},{}", num(a.0), num(a.1), num(b.0), num(b.1));
                }
            }
        }
        if complete {
            d.push('Z');
        }
        let _ = write!(
            body,
            r#"<g class="series {}" stroke="{}" fill="{}">"#,
            esc(s.class),
            colour(j),
            colour(j)
        );
        if !d.is_empty() {
            let dashes = dash(j);
            let _ = write!(
                body,
                r#"<path d="{d}" stroke-width="2"{}{} stroke-linejoin="round"/>"#,
                if complete {
                    r#" fill-opacity="0.06""#
                } else {
                    r#" fill="none""#
                },
                if dashes.is_empty() {
                    String::new()
                } else {
                    format!(r#" stroke-dasharray="{dashes}""#)
                },
            );
        }
        for p in points.iter().flatten() {
            marker(&mut body, j, *p);
        }
        body.push_str("</g>");
    }

    // The rings' values, between the first two axes, where no series has a marker.
    let between = -FRAC_PI_2 + TAU / (2.0 * n as f64);
    let inside = (TAU / (2.0 * n as f64)).cos();
    for p in &rings {
        let radius = RADIUS * fraction(*p, min, max) * inside - 3.0;
        text(
            &mut body,
            (radius * between.cos(), radius * between.sin() + 3.0),
            Anchor::Middle,
            9.0,
            MUTED,
            r##"stroke="#fff" stroke-width="3" paint-order="stroke""##,
            &[num(*p)],
        );
    }

    // The legend, under the chart, as wide as the chart.
    bounds.widen_to(MIN_WIDTH);
    let legend_top = bounds.bottom + 14.0;
    let bottom = legend(&mut body, series, bounds.left, bounds.right, legend_top);
    bounds.bottom = bottom;
    let pad = 6.0;
    document(
        "chart-radar",
        title,
        (
            bounds.left - pad,
            bounds.top - pad,
            bounds.right - bounds.left + 2.0 * pad,
            bounds.bottom - bounds.top + 2.0 * pad,
        ),
        &body,
    )
}

/// Writes the legend of `series` in rows from `left` to `right`, starting at `top`; returns
/// where it ends.
fn legend(body: &mut String, series: &[Series], left: f64, right: f64, top: f64) -> f64 {
    let size = 12.0;
    let swatch = 28.0;
    let row = 20.0;
    let (mut x, mut y) = (left, top);
    for (j, s) in series.iter().enumerate() {
        let label = wrap(&s.label, (right - left - swatch - 6.0) / size, 1);
        let width = swatch + 6.0 + em(&label.concat()) * size;
        if x > left && x + width > right {
            x = left;
            y += row;
        }
        let mid = y + row / 2.0;
        let dashes = dash(j);
        let _ = write!(
            body,
            r#"<g class="series {}" stroke="{}" fill="{}"><line x1="{}" y1="{}" x2="{}" y2="{}" stroke-width="2"{}/>"#,
            esc(s.class),
            colour(j),
            colour(j),
            num(x),
            num(mid),
            num(x + swatch),
            num(mid),
            if dashes.is_empty() {
                String::new()
            } else {
                format!(r#" stroke-dasharray="{dashes}""#)
            },
        );
        marker(body, j, (x + swatch / 2.0, mid));
        body.push_str("</g>");
        text(
            body,
            (x + swatch + 6.0, mid + size * 0.35),
            Anchor::Start,
            size,
            INK,
            "",
            &label,
        );
        x += width + 16.0;
    }
    if series.is_empty() { top } else { y + row }
}

/// The extent of what is drawn.
struct Bounds {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
}

impl Bounds {
    fn around(radius: f64) -> Bounds {
        Bounds {
            left: -radius,
            top: -radius,
            right: radius,
            bottom: radius,
        }
    }

    fn take(&mut self, x: f64, y: f64) {
        self.left = self.left.min(x);
        self.right = self.right.max(x);
        self.top = self.top.min(y);
        self.bottom = self.bottom.max(y);
    }

    /// Widens the extent evenly on both sides to at least `width`.
    fn widen_to(&mut self, width: f64) {
        let missing = width - (self.right - self.left);
        if missing > 0.0 {
            self.left -= missing / 2.0;
            self.right += missing / 2.0;
        }
    }
}
