//! The heat map of the company report: one row per department, one column per dimension,
//! each cell shaded by its 100-point score and carrying the score written in it.

use std::fmt::Write as _;

use yardstick_core::scoring::display::percent_display;

use super::svg::{Anchor, INK, MUTED, document, em, num, text, wrap};

/// The shades, lightest first, and the lowest score of each (the last band takes 90–100).
const SHADES: [(f64, &str); 5] = [
    (0.0, "#f6f8fa"),
    (60.0, "#dbe9fb"),
    (70.0, "#b3d1f7"),
    (80.0, "#7fb0ee"),
    (90.0, "#4a8ae0"),
];

/// The shade of band `b`: the class (`heat-0` … `heat-4`) and its built-in colour.
fn shade(value: f64) -> usize {
    SHADES
        .iter()
        .rposition(|(min, _)| value >= *min)
        .unwrap_or(0)
}

/// A heat map titled `title`: `rows` (a department's name in words and one 100-point score
/// per column, `None` where there is none) against `columns` (the dimensions' names). Every
/// cell writes its score to 1 decimal (SPEC §4 step 6), or `missing` in grey; the shade only
/// repeats what the number says, and the legend under the map gives each shade's range,
/// labelled with `legend` (e.g. 分数).
pub fn heat_map(
    title: &str,
    columns: &[String],
    rows: &[(String, Vec<Option<f64>>)],
    legend: &str,
    missing: &str,
) -> String {
    const PAD: f64 = 6.0;
    const SIZE: f64 = 12.0;
    const CELL_W: f64 = 62.0;
    const CELL_H: f64 = 28.0;
    let label_width = rows
        .iter()
        .map(|(label, _)| em(label) * SIZE)
        .fold(48.0, f64::max)
        .min(160.0);
    let left = PAD + label_width + 6.0;
    let heads: Vec<Vec<String>> = columns
        .iter()
        .map(|c| wrap(c, (CELL_W - 4.0) / SIZE, 2))
        .collect();
    let head_lines = heads.iter().map(Vec::len).max().unwrap_or(1) as f64;
    let top = PAD + head_lines * SIZE * 1.2 + 4.0;
    let mut body = String::new();
    for (j, lines) in heads.iter().enumerate() {
        let x = left + CELL_W * j as f64 + CELL_W / 2.0;
        text(
            &mut body,
            (x, PAD + SIZE),
            Anchor::Middle,
            SIZE,
            INK,
            r#"font-weight="600""#,
            lines,
        );
    }
    for (r, (label, values)) in rows.iter().enumerate() {
        let y = top + CELL_H * r as f64;
        let baseline = y + CELL_H / 2.0 + SIZE * 0.35;
        text(
            &mut body,
            (PAD, baseline),
            Anchor::Start,
            SIZE,
            INK,
            "",
            &wrap(label, label_width / SIZE, 1),
        );
        for j in 0..columns.len() {
            let x = left + CELL_W * j as f64;
            let value = values.get(j).copied().flatten().filter(|v| v.is_finite());
            let (class, fill) = match value {
                Some(v) => {
                    let s = shade(percent_display(v));
                    (format!("cell heat-{s}"), SHADES[s].1)
                }
                None => ("cell heat-none".to_string(), "#ffffff"),
            };
            let _ = write!(
                body,
                r##"<rect class="{class}" x="{}" y="{}" width="{}" height="{}" fill="{fill}" stroke="#ffffff" stroke-width="2"/>"##,
                num(x),
                num(y),
                num(CELL_W),
                num(CELL_H)
            );
            let (words, fill, extra) = match value {
                Some(v) => (
                    format!("{:.1}", percent_display(v)),
                    INK,
                    r#"class="value""#,
                ),
                None => (missing.to_string(), MUTED, r#"class="missing""#),
            };
            text(
                &mut body,
                (x + CELL_W / 2.0, baseline),
                Anchor::Middle,
                SIZE,
                fill,
                extra,
                &[words],
            );
        }
    }
    // The legend: each shade with its range.
    let mut y = top + CELL_H * rows.len() as f64 + 10.0;
    text(
        &mut body,
        (PAD, y + SIZE),
        Anchor::Start,
        SIZE,
        MUTED,
        "",
        &[legend.to_string()],
    );
    let mut x = PAD + em(legend) * SIZE + 10.0;
    for (s, (min, fill)) in SHADES.iter().enumerate() {
        let range = match SHADES.get(s + 1) {
            Some((next, _)) => format!("{}–{}", num(*min), num(*next)),
            None => format!("≥ {}", num(*min)),
        };
        let _ = write!(
            body,
            r##"<rect class="cell heat-{s}" x="{}" y="{}" width="14" height="14" fill="{fill}" stroke="#d0d7de" stroke-width="1"/>"##,
            num(x),
            num(y + 1.0)
        );
        text(
            &mut body,
            (x + 18.0, y + SIZE),
            Anchor::Start,
            SIZE,
            INK,
            "",
            std::slice::from_ref(&range),
        );
        x += 18.0 + em(&range) * SIZE + 12.0;
    }
    y += 24.0;
    let width = (left + CELL_W * columns.len() as f64 + PAD).max(x + PAD);
    document("chart-heat", title, (0.0, 0.0, width, y + PAD), &body)
}
