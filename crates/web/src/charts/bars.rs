//! Horizontal bars: a bar per scoring group for each dimension, and the grade distribution.

use std::fmt::Write as _;

use yardstick_core::scoring::display::{percent_display, raw_display};

use super::BarRow;
use super::svg::{
    Anchor, GRID, INK, MUTED, colour, document, em, esc, fraction, num, scale_points, text, wrap,
};

/// The width of the bar charts' view box; they are drawn for a phone first.
const WIDTH: f64 = 400.0;
/// The margin around everything.
const PAD: f64 = 6.0;
/// The size of labels.
const SIZE: f64 = 13.0;
/// The height of one bar, and the distance from one bar to the next.
const BAR: f64 = 13.0;
const STEP: f64 = 20.0;
/// The room kept right of the longest bar for its value.
const VALUE_ROOM: f64 = 38.0;

/// A bar chart titled `title`: for each of `rows` (a dimension), one horizontal bar per
/// group of `groups` (its name in words and the class that gives it its colour), on the
/// scale `min..=max`, the value written at the bar's end to 2 decimals (SPEC §4 step 6).
///
/// Every bar names its group on its left, so the chart needs no colour and no separate
/// legend to be read, in print too. A missing value (`None`) gets no bar but the word
/// `missing` given by the caller (e.g. 回答人数不足 / "too few answers"), in grey italics.
/// The scale's points are marked at the top and as grid lines under each row's bars.
pub fn grouped_bars(
    title: &str,
    rows: &[BarRow],
    groups: &[(String, &'static str)],
    min: f64,
    max: f64,
    missing: &str,
) -> String {
    let label_width = groups
        .iter()
        .map(|(label, _)| em(label) * SIZE)
        .fold(0.0, f64::max)
        .min(WIDTH * 0.38);
    let left = PAD + label_width + 8.0;
    let right = WIDTH - PAD - VALUE_ROOM;
    let x = |v: f64| left + (right - left) * fraction(v, min, max);
    let points = scale_points(min, max);
    let mut body = String::new();
    let mut y = PAD;

    for p in &points {
        text(
            &mut body,
            (x(*p), y + 10.0),
            Anchor::Middle,
            10.0,
            MUTED,
            "",
            &[num(*p)],
        );
    }
    y += 18.0;

    for row in rows {
        let heading = wrap(&row.label, (WIDTH - 2.0 * PAD) / 14.0, 2);
        text(
            &mut body,
            (PAD, y + 14.0 * 0.85),
            Anchor::Start,
            14.0,
            INK,
            r#"font-weight="600""#,
            &heading,
        );
        y += heading.len() as f64 * 16.8 + 4.0;
        let grid_top = y - 2.0;
        let grid_bottom = y + groups.len() as f64 * STEP - (STEP - BAR) + 2.0;
        let _ = write!(body, r#"<g class="grid" stroke="{GRID}" stroke-width="1">"#);
        for p in &points {
            let _ = write!(
                body,
                r#"<line x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>"#,
                num(x(*p)),
                num(grid_top),
                num(grid_bottom)
            );
        }
        body.push_str("</g>");
        for (j, (label, class)) in groups.iter().enumerate() {
            let top = y + j as f64 * STEP;
            let baseline = top + BAR / 2.0 + SIZE * 0.35;
            let name = wrap(label, label_width / SIZE, 1);
            text(
                &mut body,
                (PAD, baseline),
                Anchor::Start,
                SIZE,
                INK,
                "",
                &name,
            );
            match row
                .values
                .get(j)
                .copied()
                .flatten()
                .filter(|v| v.is_finite())
            {
                Some(v) => {
                    let end = x(v);
                    let _ = write!(
                        body,
                        r#"<rect class="bar {}" x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
                        esc(class),
                        num(left),
                        num(top),
                        num((end - left).max(0.0)),
                        num(BAR),
                        colour(j)
                    );
                    text(
                        &mut body,
                        (end + 4.0, baseline),
                        Anchor::Start,
                        SIZE,
                        INK,
                        "",
                        &[format!("{:.2}", raw_display(v))],
                    );
                }
                None => text(
                    &mut body,
                    (left + 2.0, baseline),
                    Anchor::Start,
                    12.0,
                    MUTED,
                    r#"class="missing""#,
                    &[missing.to_string()],
                ),
            }
        }
        y += groups.len() as f64 * STEP + 10.0;
    }
    document(
        "chart-bars",
        title,
        (0.0, 0.0, WIDTH, y + PAD - 10.0),
        &body,
    )
}

/// The grade distribution titled `title`: one bar per band (its name in words and how many
/// sit in it), highest band first as given; each bar's length is its count against the
/// largest, and its end says the count and the share of all, e.g. `12 (30.0%)`.
pub fn distribution(title: &str, bands: &[(String, u32)]) -> String {
    let total: u32 = bands.iter().map(|(_, n)| *n).sum();
    let largest = bands.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let label_width = bands
        .iter()
        .map(|(label, _)| em(label) * SIZE)
        .fold(0.0, f64::max)
        .min(WIDTH * 0.38);
    let left = PAD + label_width + 8.0;
    let right = WIDTH - PAD - 78.0;
    let step = 24.0;
    let height = 14.0;
    let mut body = String::new();
    let mut y = PAD;
    for (j, (label, count)) in bands.iter().enumerate() {
        let baseline = y + height / 2.0 + SIZE * 0.35;
        text(
            &mut body,
            (PAD, baseline),
            Anchor::Start,
            SIZE,
            INK,
            "",
            &wrap(label, label_width / SIZE, 1),
        );
        let share = if largest > 0 {
            f64::from(*count) / f64::from(largest)
        } else {
            0.0
        };
        let end = left + (right - left) * share;
        let _ = write!(
            body,
            r#"<rect class="bar band-{j}" x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
            num(left),
            num(y),
            num(end - left),
            num(height),
            colour(0)
        );
        let words = if total > 0 {
            format!(
                "{count} ({:.1}%)",
                percent_display(f64::from(*count) / f64::from(total) * 100.0)
            )
        } else {
            count.to_string()
        };
        text(
            &mut body,
            (end + 4.0, baseline),
            Anchor::Start,
            SIZE,
            INK,
            "",
            &[words],
        );
        y += step;
    }
    if bands.is_empty() {
        return document(
            "chart-distribution",
            title,
            (0.0, 0.0, WIDTH, 2.0 * PAD),
            &body,
        );
    }
    let _ = write!(
        body,
        r#"<line class="axis" x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{MUTED}" stroke-width="1"/>"#,
        num(left),
        num(PAD - 3.0),
        num(y - step + height + 3.0)
    );
    document(
        "chart-distribution",
        title,
        (0.0, 0.0, WIDTH, y + PAD - (step - height)),
        &body,
    )
}
