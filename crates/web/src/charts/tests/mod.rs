//! The charts are well-formed XML, escape every text, never show a missing value as 0,
//! and give the same bytes for the same data.

use super::*;

/// Checks that `svg` is one well-formed XML element: tags balanced, attributes quoted and
/// not repeated, only the five named entities or numeric ones, no `<` or `>` in text or
/// values. Returns the element names in document order.
fn well_formed(svg: &str) -> Vec<String> {
    fn entity(rest: &str) -> usize {
        let end = rest.find(';').expect("an entity ends with ;");
        let name = &rest[1..end];
        assert!(
            ["amp", "lt", "gt", "quot", "apos"].contains(&name)
                || (name.starts_with('#') && name[1..].chars().all(|c| c.is_ascii_digit())),
            "unknown entity &{name};"
        );
        end + 1
    }
    let mut names = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut i = 0;
    while i < svg.len() {
        let rest = &svg[i..];
        if let Some(close) = rest.strip_prefix("</") {
            let end = close.find('>').expect("a closing tag ends");
            let name = &close[..end];
            assert_eq!(stack.pop().as_deref(), Some(name), "unbalanced </{name}>");
            i += 2 + end + 1;
        } else if let Some(open) = rest.strip_prefix('<') {
            let name_end = open
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .expect("a tag ends");
            let name = &open[..name_end];
            assert!(
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()),
                "bad element name {name:?}"
            );
            if stack.is_empty() {
                roots += 1;
            }
            names.push(name.to_string());
            let mut j = name_end;
            let mut seen = Vec::new();
            loop {
                let tail = &open[j..];
                let trimmed = tail.trim_start();
                j += tail.len() - trimmed.len();
                if trimmed.starts_with("/>") {
                    j += 2;
                    break;
                }
                if trimmed.starts_with('>') {
                    stack.push(name.to_string());
                    j += 1;
                    break;
                }
                let eq = trimmed.find('=').expect("an attribute has a value");
                let attr = &trimmed[..eq];
                assert!(
                    attr.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':'),
                    "bad attribute name {attr:?} in <{name}>"
                );
                assert!(!seen.contains(&attr), "attribute {attr} twice in <{name}>");
                seen.push(attr);
                let value = trimmed[eq + 1..]
                    .strip_prefix('"')
                    .expect("attribute values are quoted");
                let end = value.find('"').expect("an attribute value ends");
                let value = &value[..end];
                assert!(!value.contains(['<', '>']), "< or > in {attr}={value:?}");
                let mut k = 0;
                while let Some(amp) = value[k..].find('&') {
                    k += amp + entity(&value[k + amp..]);
                }
                j += eq + 1 + 1 + end + 1;
            }
            i += 1 + j;
        } else {
            assert!(!stack.is_empty(), "text outside the root: {rest:.20}");
            let c = rest.chars().next().unwrap();
            if c == '&' {
                i += entity(rest);
            } else {
                assert_ne!(c, '>', "> in text");
                i += c.len_utf8();
            }
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
    assert_eq!(roots, 1, "one root element");
    names
}

/// Every number in an attribute has at most 1 decimal and none is `-0`.
fn numbers_are_rounded(svg: &str) {
    for attr in [
        "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height",
    ] {
        for part in svg.split(&format!(" {attr}=\"")).skip(1) {
            let value = &part[..part.find('"').unwrap()];
            if value.ends_with('%') {
                continue;
            }
            let number: f64 = value.parse().unwrap_or_else(|_| panic!("{attr}={value}"));
            assert!(number.is_finite());
            assert_ne!(value, "-0");
            if let Some((_, decimals)) = value.split_once('.') {
                assert_eq!(decimals.len(), 1, "{attr}={value}");
            }
        }
    }
}

fn dimensions() -> Vec<String> {
    [
        "客户意识",
        "品质意识",
        "团队建设",
        "问题解决",
        "危机处理",
        "关系维护",
        "压力管理",
    ]
    .map(String::from)
    .to_vec()
}

fn three_series() -> Vec<Series> {
    vec![
        Series {
            label: "其他评价人".into(),
            class: "others",
            values: vec![
                Some(4.2),
                Some(3.9),
                Some(4.0),
                Some(3.1),
                Some(4.5),
                Some(2.0),
                Some(5.0),
            ],
        },
        Series {
            label: "自评".into(),
            class: "self",
            values: vec![Some(4.5); 7],
        },
        Series {
            label: "周期平均".into(),
            class: "mean",
            values: vec![Some(3.8); 7],
        },
    ]
}

#[test]
fn a_radar_has_one_axis_per_dimension_a_ring_per_scale_point_and_a_legend() {
    let svg = radar("能力雷达图", &dimensions(), &three_series(), 1.0, 5.0);
    let names = well_formed(&svg);
    numbers_are_rounded(&svg);
    assert!(svg.starts_with("<svg "), "no prolog");
    assert!(svg.contains(r#"role="img" aria-label="能力雷达图""#));
    assert!(svg.contains("<title>能力雷达图</title>"));
    assert!(svg.contains(r#"width="100%""#) && svg.contains("viewBox=\""));
    // Seven spokes from the centre; rings at 2, 3, 4, 5 (1 is the centre).
    assert_eq!(svg.matches(r#"<line x1="0" y1="0""#).count(), 7);
    let grid = &svg[svg.find(r#"<g class="grid""#).unwrap()..];
    let grid = &grid[..grid.find("</g>").unwrap()];
    assert_eq!(grid.matches("<polygon").count(), 4);
    for d in dimensions() {
        assert!(svg.contains(&format!(">{d}</text>")), "label {d}");
    }
    // Three outlines, each complete and filled, dashed differently, in the legend too.
    assert_eq!(svg.matches("<path ").count(), 3);
    assert_eq!(svg.matches("Z\"").count(), 3);
    assert!(svg.contains(r#"stroke-dasharray="7 4""#));
    assert!(svg.contains(r#"stroke-dasharray="2 3""#));
    for label in ["其他评价人", "自评", "周期平均"] {
        assert!(svg.contains(&format!(">{label}</text>")), "legend {label}");
    }
    for class in ["others", "self", "mean"] {
        assert_eq!(
            svg.matches(&format!(r#"class="series {class}""#)).count(),
            2,
            "outline and legend of {class}"
        );
    }
    // Markers: circles, squares and triangles, 7 + 1 (legend) of each.
    assert_eq!(names.iter().filter(|n| *n == "circle").count(), 8);
    assert_eq!(names.iter().filter(|n| *n == "rect").count(), 8);
    assert!(!svg.contains("style="));
}

#[test]
fn a_missing_radar_value_breaks_the_outline_instead_of_dropping_to_the_centre() {
    let mut series = three_series();
    series[0].values[2] = None;
    series.truncate(1);
    let svg = radar("r", &dimensions(), &series, 1.0, 5.0);
    well_formed(&svg);
    // Six markers on the chart and one in the legend; no outline is closed or filled.
    assert_eq!(svg.matches("<circle").count(), 7);
    assert!(!svg.contains("Z\""));
    assert!(svg.contains(r#"fill="none""#));
    // Five of the seven sides are drawn: the two touching the missing axis are not.
    let path = &svg[svg.find("<path d=\"").unwrap() + 9..];
    let path = &path[..path.find('"').unwrap()];
    assert_eq!(path.matches('M').count(), 5);
    // Nothing of the series is at the centre.
    assert!(!path.contains("M0,0") && !path.contains("L0,0"));
}

#[test]
fn a_value_at_the_scales_minimum_keeps_its_marker_at_the_centre() {
    let series = vec![Series {
        label: "x".into(),
        class: "others",
        values: vec![Some(1.0), Some(3.0), Some(5.0)],
    }];
    let svg = radar("r", &dimensions()[..3], &series, 1.0, 5.0);
    assert!(svg.contains(r#"<circle cx="0" cy="0""#));
}

#[test]
fn a_radar_of_fewer_than_three_axes_is_drawn_as_bars() {
    let axes = &dimensions()[..2];
    let svg = radar("r", axes, &three_series(), 1.0, 5.0);
    well_formed(&svg);
    assert!(svg.contains("chart-bars"));
    assert!(!svg.contains("chart-radar"));
    assert_eq!(svg.matches(r#"<rect class="bar"#).count(), 6);
}

#[test]
fn long_labels_wrap_and_stay_inside_the_view_box() {
    let axes: Vec<String> = [
        "Relationship maintenance and customer care",
        "Crisis handling",
        "Stress management",
        "物业服务企业客户关系维护与沟通能力",
    ]
    .map(String::from)
    .to_vec();
    let series = vec![Series {
        label: "others".into(),
        class: "others",
        values: vec![Some(3.0); 4],
    }];
    let svg = radar("r", &axes, &series, 1.0, 5.0);
    well_formed(&svg);
    assert!(svg.contains("<tspan"), "long labels take several lines");
    let view: Vec<f64> = svg[svg.find("viewBox=\"").unwrap() + 9..]
        .split('"')
        .next()
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    // The Chinese label on the left (anchored at its end) has room: the box reaches far
    // enough left for eight characters of 12 units beyond the ring of radius 110.
    assert!(view[0] <= -110.0 - 10.0 - 8.0 * 12.0, "{view:?}");
}

#[test]
fn every_text_is_escaped() {
    let nasty = r#"<b>&"x'"#;
    let escaped = "&lt;b&gt;&amp;&quot;x&apos;";
    let series = vec![Series {
        label: nasty.into(),
        class: "others",
        values: vec![Some(3.0); 3],
    }];
    let axes = vec![nasty.to_string(), "b".into(), "c".into()];
    let rows = vec![BarRow {
        label: nasty.into(),
        values: vec![Some(3.0), None],
    }];
    let groups = vec![(nasty.to_string(), "g-self"), ("b".to_string(), "g-peer")];
    for svg in [
        radar(nasty, &axes, &series, 1.0, 5.0),
        grouped_bars(nasty, &rows, &groups, 1.0, 5.0, nasty),
        distribution(nasty, &[(nasty.to_string(), 3)]),
        trend(nasty, &[(nasty.to_string(), Some(80.0))], 0.0, 100.0),
    ] {
        well_formed(&svg);
        assert!(!svg.contains(nasty));
        assert!(svg.contains(&format!("<title>{escaped}</title>")));
        assert!(svg.matches(escaped).count() >= 3, "{svg}");
    }
}

#[test]
fn the_same_data_gives_the_same_bytes() {
    let a = radar("r", &dimensions(), &three_series(), 1.0, 5.0);
    let b = radar("r", &dimensions(), &three_series(), 1.0, 5.0);
    assert_eq!(a, b);
    let points = vec![("2025".to_string(), Some(78.45)), ("2026".into(), None)];
    assert_eq!(
        trend("t", &points, 0.0, 100.0),
        trend("t", &points, 0.0, 100.0)
    );
}

#[test]
fn bars_name_their_group_write_values_to_two_decimals_and_mark_missing_ones() {
    let rows = vec![
        BarRow {
            label: "客户意识".into(),
            values: vec![Some(4.125), Some(3.0), None],
        },
        BarRow {
            label: "团队建设".into(),
            values: vec![Some(2.675), None, Some(5.0)],
        },
    ];
    let groups = vec![
        ("上级".to_string(), "g-superior"),
        ("其他评价人".to_string(), "g-pooled"),
        ("自评".to_string(), "g-self"),
    ];
    let svg = grouped_bars("各维度", &rows, &groups, 1.0, 5.0, "回答人数不足");
    well_formed(&svg);
    numbers_are_rounded(&svg);
    assert_eq!(svg.matches(r#"<rect class="bar"#).count(), 4);
    assert_eq!(svg.matches(">回答人数不足</text>").count(), 2);
    // Half away from zero (SPEC §4 step 6): 4.125 → 4.13, 2.675 → 2.68.
    for value in ["4.13", "3.00", "2.68", "5.00"] {
        assert!(svg.contains(&format!(">{value}</text>")), "{value}");
    }
    assert_eq!(svg.matches(">其他评价人</text>").count(), 2);
    // The scale's points at the top.
    for p in 1..=5 {
        assert!(svg.contains(&format!(">{p}</text>")));
    }
    assert!(!svg.contains("style="));
}

#[test]
fn the_distribution_gives_counts_and_shares() {
    let bands = vec![
        ("优秀".to_string(), 1),
        ("良好".to_string(), 2),
        ("合格".to_string(), 0),
    ];
    let svg = distribution("等级分布", &bands);
    well_formed(&svg);
    numbers_are_rounded(&svg);
    assert!(svg.contains(">1 (33.3%)</text>"));
    assert!(svg.contains(">2 (66.7%)</text>"));
    assert!(svg.contains(">0 (0.0%)</text>"));
    assert!(svg.contains(r#"width="0""#), "an empty band has no bar");
    let empty = distribution("等级分布", &[("优秀".to_string(), 0)]);
    well_formed(&empty);
    assert!(empty.contains(">0</text>"));
    well_formed(&distribution("等级分布", &[]));
}

#[test]
fn a_trend_of_one_cycle_is_still_a_point_with_its_score() {
    let svg = trend(
        "趋势",
        &[("2026 上半年".to_string(), Some(82.45))],
        0.0,
        100.0,
    );
    well_formed(&svg);
    numbers_are_rounded(&svg);
    assert!(
        svg.contains(">82.5</text>"),
        "1 decimal, half away from zero"
    );
    assert_eq!(svg.matches("<circle").count(), 1);
    assert!(!svg.contains("<path"), "no line for one point");
    assert!(svg.contains(">2026 上半年</text>"));
    for t in ["0", "20", "40", "60", "80", "100"] {
        assert!(svg.contains(&format!(">{t}</text>")), "tick {t}");
    }
}

#[test]
fn a_cycle_without_a_score_breaks_the_trend() {
    let points = vec![
        ("A".to_string(), Some(70.0)),
        ("B".to_string(), None),
        ("C".to_string(), Some(80.0)),
        ("D".to_string(), Some(90.0)),
    ];
    let svg = trend("t", &points, 0.0, 100.0);
    well_formed(&svg);
    assert_eq!(svg.matches("<circle").count(), 3);
    let path = &svg[svg.find("<path d=\"").unwrap() + 9..];
    assert_eq!(path[..path.find('"').unwrap()].matches('M').count(), 1);
    assert!(svg.contains(">\u{2013}</text>"));
    well_formed(&trend("t", &[], 0.0, 100.0));
}

#[test]
fn the_checker_itself_catches_broken_markup() {
    for broken in [
        "<svg><g></svg>",
        "<svg a=\"1\" a=\"2\"/>",
        "<svg>&nbsp;</svg>",
        "<svg>a < b</svg>",
        "<svg t=\"<\"/>",
        "<svg/><svg/>",
    ] {
        assert!(
            std::panic::catch_unwind(|| well_formed(broken)).is_err(),
            "{broken}"
        );
    }
}

#[test]
fn labels_wrap_between_chinese_characters_and_at_spaces() {
    use super::svg::wrap;
    assert_eq!(wrap("客户意识", 8.0, 3), vec!["客户意识"]);
    assert_eq!(
        wrap("物业服务企业客户关系维护", 6.0, 3),
        vec!["物业服务企业", "客户关系维护"]
    );
    assert_eq!(
        wrap("Relationship maintenance", 8.0, 3),
        vec!["Relationship", "maintenance"]
    );
    // Closing punctuation stays with what it closes.
    assert_eq!(wrap("甲乙,丙", 2.0, 3), vec!["甲", "乙,", "丙"]);
    let cut = wrap("一二三四五六七八九十", 3.0, 2);
    assert_eq!(cut.len(), 2);
    assert!(cut[1].ends_with('…'));
}

#[test]
fn a_heat_map_writes_every_score_in_its_cell_with_a_legend_and_marks_missing_ones() {
    let columns = vec!["客户意识".to_string(), "<品质>".to_string()];
    let rows = vec![
        ("A区".to_string(), vec![Some(84.25), Some(59.94)]),
        ("B&C".to_string(), vec![None, Some(91.0)]),
    ];
    let svg = heat_map("部门热力图", &columns, &rows, "分数", "—");
    well_formed(&svg);
    numbers_are_rounded(&svg);
    for value in ["84.3", "59.9", "91.0"] {
        assert!(
            svg.contains(&format!(r#"class="value">{value}</text>"#)),
            "{value}"
        );
    }
    assert!(svg.contains(r#"class="missing">—</text>"#));
    assert!(svg.contains(r#"class="cell heat-3""#) && svg.contains(r#"class="cell heat-0""#));
    assert!(svg.contains(r#"class="cell heat-4""#) && svg.contains(r#"class="cell heat-none""#));
    assert!(svg.contains("&lt;品质&gt;") && svg.contains("B&amp;C"));
    assert!(
        svg.contains(">分数</text>")
            && svg.contains(">≥ 90</text>")
            && svg.contains(">80–90</text>")
    );
    assert!(!svg.contains("style="));
    assert_eq!(svg, heat_map("部门热力图", &columns, &rows, "分数", "—"));
}
