//! The renderer on every kind of chart `crate::charts` draws: it accepts each, places the
//! view box on the page, keeps every text as text, and colours series and bars as the
//! stylesheet does.

use super::*;
use crate::charts::{self, BarRow, Series};

fn texts(ops: &[Op]) -> Vec<&str> {
    ops.iter()
        .filter_map(|op| match op {
            Op::Text { text, .. } => Some(text.as_str()),
            Op::Shape { .. } => None,
        })
        .collect()
}

fn fills(ops: &[Op]) -> Vec<Rgb> {
    ops.iter()
        .filter_map(|op| match op {
            Op::Shape {
                fill: Some((c, _)), ..
            } => Some(*c),
            _ => None,
        })
        .collect()
}

fn hex(h: &str) -> Rgb {
    Rgb::parse(h).unwrap()
}

/// The chart drawn 300 points wide at (10, 20), with every op inside its box.
fn drawn(svg: &str) -> Vec<Op> {
    let (_, _, w, h) = view_box(svg).unwrap();
    let ops = draw(svg, (10.0, 20.0), 300.0).unwrap();
    assert!(!ops.is_empty());
    let bottom = 20.0 + h * 300.0 / w;
    for op in &ops {
        let pts: Vec<(f32, f32)> = match op {
            Op::Text { x, y, .. } => vec![(*x, *y)],
            Op::Shape { path, .. } => path
                .iter()
                .filter_map(|s| match *s {
                    Seg::Move(x, y) | Seg::Line(x, y) | Seg::Cubic(_, _, _, _, x, y) => {
                        Some((x, y))
                    }
                    Seg::Close => None,
                })
                .collect(),
        };
        for (x, y) in pts {
            assert!(
                (5.0..=315.0).contains(&x) && (15.0..=bottom + 5.0).contains(&y),
                "{op:?} outside the chart's box"
            );
        }
    }
    ops
}

fn dims() -> Vec<String> {
    ["客户意识", "服务态度", "团队协作", "专业能力", "执行力"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

#[test]
fn a_radar_keeps_its_labels_as_text_and_its_series_in_the_stylesheets_colours() {
    let series = vec![
        Series {
            label: "他评".into(),
            class: "others",
            values: vec![Some(4.2), Some(3.9), None, Some(4.5), Some(3.1)],
        },
        Series {
            label: "自评".into(),
            class: "self",
            values: vec![Some(4.8), Some(4.0), Some(4.1), Some(4.9), Some(3.0)],
        },
    ];
    let svg = charts::radar("能力雷达图", &dims(), &series, 1.0, 5.0);
    let ops = drawn(&svg);
    let words = texts(&ops);
    for d in dims() {
        assert!(words.contains(&d.as_str()), "{d} in {words:?}");
    }
    assert!(words.contains(&"他评") && words.contains(&"自评"));
    // The title is the SVG's <title>, not drawn.
    assert!(!words.contains(&"能力雷达图"));
    // The self series: its class colour, dashed, with markers.
    let self_line = ops
        .iter()
        .find_map(|op| match op {
            Op::Shape {
                stroke: Some(l), ..
            } if l.colour == hex("#c2410c") && !l.dash.is_empty() => Some(l.clone()),
            _ => None,
        })
        .expect("a dashed self line");
    assert!((self_line.width - 2.0 * 300.0 / view_box(&svg).unwrap().2).abs() < 1e-3);
    // The scale's labels carry a white halo drawn as outlines, under the text.
    assert!(ops.iter().any(|op| matches!(op,
        Op::Text { halo: Some(h), .. } if h.colour == Rgb(255, 255, 255))));
}

#[test]
fn a_radar_of_two_dimensions_is_drawn_as_its_bars() {
    let series = vec![Series {
        label: "他评".into(),
        class: "others",
        values: vec![Some(4.0), Some(3.0)],
    }];
    let ops = drawn(&charts::radar("雷达", &dims()[..2], &series, 1.0, 5.0));
    assert!(texts(&ops).contains(&"4.00"));
}

#[test]
fn grouped_bars_take_each_groups_colour_and_keep_the_figures_as_text() {
    let rows = vec![
        BarRow {
            label: "客户意识".into(),
            values: vec![Some(4.25), None],
        },
        BarRow {
            label: "服务态度".into(),
            values: vec![Some(3.5), Some(4.0)],
        },
    ];
    let groups = vec![
        ("上级".to_string(), "g-superior"),
        ("其他评价人".to_string(), "g-pooled"),
    ];
    let svg = charts::grouped_bars("各群体", &rows, &groups, 1.0, 5.0, "无评分");
    let ops = drawn(&svg);
    let words = texts(&ops);
    for w in [
        "客户意识",
        "服务态度",
        "上级",
        "其他评价人",
        "4.25",
        "3.50",
        "4.00",
        "无评分",
    ] {
        assert!(words.contains(&w), "{w} in {words:?}");
    }
    let fills = fills(&ops);
    assert_eq!(fills.iter().filter(|c| **c == hex("#1d4ed8")).count(), 2);
    assert_eq!(fills.iter().filter(|c| **c == hex("#475569")).count(), 1);
}

#[test]
fn a_distribution_and_a_trend_are_drawn_with_their_counts_and_scores() {
    let bands = vec![
        ("优秀".to_string(), 2),
        ("良好".to_string(), 5),
        ("无等级".to_string(), 0),
    ];
    let ops = drawn(&charts::distribution("等级分布", &bands));
    let words = texts(&ops);
    for w in [
        "优秀",
        "良好",
        "无等级",
        "2 (28.6%)",
        "5 (71.4%)",
        "0 (0.0%)",
    ] {
        assert!(words.contains(&w), "{w} in {words:?}");
    }
    let points = vec![
        ("2024".to_string(), Some(78.46)),
        ("2025 年度".to_string(), None),
        ("2026 年度".to_string(), Some(80.0)),
        ("2027 年度".to_string(), Some(82.45)),
    ];
    let ops = drawn(&charts::trend("趋势", &points, 0.0, 100.0));
    let words = texts(&ops);
    for w in ["78.5", "82.5", "2024", "\u{2013}"] {
        assert!(words.contains(&w), "{w} in {words:?}");
    }
    // The series line in the trend's class colour.
    assert!(ops.iter().any(|op| matches!(op,
        Op::Shape { stroke: Some(l), fill: None, .. } if l.colour == hex("#0b57d0"))));
}

#[test]
fn a_heat_map_shades_each_cell_and_writes_its_score() {
    let rows = vec![
        ("A区".to_string(), vec![Some(91.0), Some(65.0), None]),
        ("B区".to_string(), vec![Some(72.25), Some(50.0), Some(80.0)]),
    ];
    let svg = charts::heat_map("热力图", &dims()[..3], &rows, "分数", "—");
    let ops = drawn(&svg);
    let words = texts(&ops);
    for w in [
        "A区",
        "B区",
        "91.0",
        "65.0",
        "72.3",
        "50.0",
        "80.0",
        "—",
        "分数",
        "客户意识",
    ] {
        assert!(words.contains(&w), "{w} in {words:?}");
    }
    let fills = fills(&ops);
    for shade in [
        "#4a8ae0", "#dbe9fb", "#b3d1f7", "#f6f8fa", "#7fb0ee", "#ffffff",
    ] {
        assert!(fills.contains(&hex(shade)), "{shade}");
    }
}

#[test]
fn text_is_placed_by_its_anchor_with_the_fonts_widths() {
    let svg = r#"<svg viewBox="0 0 200 100"><text x="100" y="50" text-anchor="middle" font-size="10">客户</text><text x="100" y="70" text-anchor="end" font-size="10"><tspan x="100" dy="0">甲</tspan><tspan x="100" dy="12">乙乙</tspan></text></svg>"#;
    let ops = draw(svg, (0.0, 0.0), 100.0).unwrap();
    let placed: Vec<(f32, f32, f32, &str)> = ops
        .iter()
        .filter_map(|op| match op {
            Op::Text {
                x, y, size, text, ..
            } => Some((*x, *y, *size, text.as_str())),
            Op::Shape { .. } => None,
        })
        .collect();
    assert_eq!(placed.len(), 3);
    let (x, y, size, t) = placed[0];
    assert_eq!((t, size, y), ("客户", 5.0, 25.0));
    assert!((x + font::width("客户", 5.0) / 2.0 - 50.0).abs() < 1e-3);
    let (x, y, _, _) = placed[2];
    assert!((x + font::width("乙乙", 5.0) - 50.0).abs() < 1e-3);
    assert!((y - 41.0).abs() < 1e-3);
}

#[test]
fn entities_are_read_and_anything_outside_the_subset_is_refused() {
    let ops = draw(
        r#"<svg viewBox="0 0 10 10"><text x="1" y="5">A&amp;B &lt;&#x4E2D;&#25991;&gt;</text></svg>"#,
        (0.0, 0.0),
        10.0,
    )
    .unwrap();
    assert_eq!(texts(&ops), ["A&B <中文>"]);
    for bad in [
        r#"<svg viewBox="0 0 10 10"><image href="x.png"/></svg>"#,
        r#"<svg viewBox="0 0 10 10"><path d="M0,0 C1,1 2,2 3,3"/></svg>"#,
        r#"<svg viewBox="0 0 10 10"><rect fill="url(#g)" width="1" height="1"/></svg>"#,
        r#"<svg viewBox="0 0 10 10"><rect style="fill:red" width="1" height="1"/></svg>"#,
        r#"<svg><rect width="1" height="1"/></svg>"#,
    ] {
        assert!(
            matches!(draw(bad, (0.0, 0.0), 10.0), Err(SvgError::Unsupported(_))),
            "{bad}"
        );
    }
    for bad in [
        r#"<svg viewBox="0 0 10 10"><g></svg>"#,
        r#"<svg viewBox="0 0 10 10"><text>&nbsp;</text></svg>"#,
    ] {
        assert!(
            matches!(draw(bad, (0.0, 0.0), 10.0), Err(SvgError::Malformed(_))),
            "{bad}"
        );
    }
}

#[test]
fn the_class_colours_are_the_stylesheets() {
    let css = include_str!("../../../../../static/app.css");
    for (classes, colour, _, _) in CLASS_COLOURS {
        let selector = classes.iter().map(|c| format!(".{c}")).collect::<String>();
        assert!(
            css.lines()
                .any(|l| l.contains(&selector) && l.contains(colour)),
            "app.css has no rule {selector} with {colour}"
        );
    }
}
