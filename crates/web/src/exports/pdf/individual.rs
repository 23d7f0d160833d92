//! The individual report's pages, in the order of its web page: title block, overall
//! result, radar and bars, the dimension table, highest and lowest items, blind spots and
//! hidden strengths, comments by scoring group, the trend, and the ledger.

use yardstick_core::{CycleState, Lang};
use yardstick_i18n::t;
use yardstick_store::report::{IndividualReport, ItemGap, ItemScore};

use super::PdfError;
use super::doc::Page;
use super::flow::{Align, Col, Flow};
use crate::pages::report::parts::{
    comment_groups, group_name, ledger_lines, ledger_rows, percent, plain, raw,
};
use crate::pages::report::{group_value, report_charts, weight_rows};

/// The pages and the document's title.
pub(super) fn pages(r: &IndividualReport, lang: Lang) -> Result<(Vec<Page>, String), PdfError> {
    let full = r.view == "full";
    let title = t!(lang, "report.title", name = &r.assessee.name);
    let charts = report_charts(lang, r);
    let mut f = Flow::new();

    f.title(&title);
    let state = CycleState::parse(r.cycle.state).unwrap_or(CycleState::Draft);
    let mut facts = vec![(t!(lang, "hr.company.id").to_string(), r.assessee.id.clone())];
    if let Some(d) = &r.assessee.department {
        facts.push((t!(lang, "report.department").to_string(), d.clone()));
    }
    facts.push((t!(lang, "report.cycle").to_string(), r.cycle.name.clone()));
    facts.push((
        t!(lang, "report.state").to_string(),
        state.label().text(lang).to_string(),
    ));
    facts.push((
        t!(lang, "pdf.view").to_string(),
        if full {
            t!(lang, "pdf.view_full")
        } else {
            t!(lang, "pdf.view_restricted")
        }
        .to_string(),
    ));
    f.facts(&facts);
    if full {
        f.notice(t!(lang, "pdf.hr_only_report"));
        f.note(t!(lang, "report.full_view"));
    }

    // Overall.
    let o = &r.overall;
    f.heading(t!(lang, "report.overall.heading"), 50.0);
    match o.percent {
        Some(p) => {
            let rank_of = |rank: Option<u32>, of: Option<u32>| match (rank, of) {
                (Some(rank), Some(of)) => Some(t!(lang, "report.rank_of", rank = rank, of = of)),
                _ => None,
            };
            let mut cells = vec![
                (
                    t!(lang, "report.overall.percent").to_string(),
                    percent(lang, Some(p)),
                ),
                (
                    t!(lang, "report.overall.grade").to_string(),
                    o.grade
                        .clone()
                        .unwrap_or_else(|| t!(lang, "report.overall.no_grade").to_string()),
                ),
            ];
            if let Some(rank) = rank_of(o.rank, Some(o.of)) {
                cells.push((t!(lang, "report.overall.rank").to_string(), rank));
            }
            if let Some(rank) = rank_of(o.rank_in_department, o.of_in_department) {
                cells.push((t!(lang, "report.overall.rank_department").to_string(), rank));
            }
            f.scoreboard(&cells);
        }
        None => f.paragraph(t!(lang, "report.overall.none")),
    }

    // Charts.
    if charts.scored {
        f.chart_section(t!(lang, "report.radar.heading"), &charts.radar, 290.0)?;
        f.note(&t!(
            lang,
            "report.radar.note",
            min = r.scale.min,
            max = r.scale.max
        ));
        f.chart_section(t!(lang, "report.bars.heading"), &charts.bars, 330.0)?;
        f.note(&t!(
            lang,
            "report.bars.note",
            min = r.scale.min,
            max = r.scale.max
        ));
    }

    // Dimensions: the figures the object holds for each.
    let groups: Vec<&'static str> = charts
        .codes
        .iter()
        .copied()
        .filter(|c| *c != "self")
        .collect();
    let mut cols = vec![
        Col(2.6, Align::Left),
        Col(0.8, Align::Right),
        Col(1.1, Align::Right),
        Col(1.0, Align::Right),
        Col(0.9, Align::Right),
        Col(0.9, Align::Right),
        Col(1.3, Align::Right),
    ];
    cols.extend(groups.iter().map(|_| Col(1.3, Align::Right)));
    let mut head = vec![
        t!(lang, "report.dimensions.name").to_string(),
        t!(lang, "report.dimensions.weight").to_string(),
        t!(
            lang,
            "report.dimensions.score",
            min = r.scale.min,
            max = r.scale.max
        ),
        t!(lang, "report.dimensions.percent").to_string(),
        t!(lang, "report.radar.self").to_string(),
        t!(lang, "report.radar.others").to_string(),
        t!(lang, "report.radar.mean").to_string(),
    ];
    head.extend(groups.iter().map(|c| group_name(lang, c)));
    let rows: Vec<Vec<String>> = r
        .dimensions
        .iter()
        .map(|d| {
            let mut name = format!("{} {}", d.code, d.name);
            if d.left_out {
                name = format!("{name} ({})", t!(lang, "report.dimensions.left_out"));
            }
            let mut row = vec![
                name,
                plain(d.weight),
                raw(lang, d.score),
                percent(lang, d.percent),
                raw(lang, d.self_score),
                raw(lang, d.others),
                raw(lang, d.cycle_mean),
            ];
            row.extend(groups.iter().map(|c| raw(lang, group_value(d, c))));
            row
        })
        .collect();
    f.heading(t!(lang, "report.dimensions.heading"), 40.0);
    f.table(&cols, &head, &rows);

    // Items.
    let item_score = t!(
        lang,
        "report.dimensions.score",
        min = r.scale.min,
        max = r.scale.max
    );
    let items = |f: &mut Flow, heading: &str, list: &[ItemScore]| {
        f.heading(heading, 40.0);
        if list.is_empty() {
            f.paragraph(t!(lang, "report.items.none"));
            return;
        }
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|i| vec![i.code.clone(), i.text.clone(), raw(lang, i.score)])
            .collect();
        f.table(
            &[
                Col(0.8, Align::Left),
                Col(6.0, Align::Left),
                Col(1.4, Align::Right),
            ],
            &[
                String::new(),
                t!(lang, "hr.company.item").to_string(),
                item_score.clone(),
            ],
            &rows,
        );
    };
    items(&mut f, t!(lang, "report.items.highest"), &r.items.highest);
    items(&mut f, t!(lang, "report.items.lowest"), &r.items.lowest);

    let theta = plain(r.scale.gap_threshold);
    let gaps = |f: &mut Flow, heading: &str, explained: String, list: &[ItemGap]| {
        f.heading(heading, 40.0);
        f.note(&explained);
        if list.is_empty() {
            f.paragraph(t!(lang, "report.gaps.none"));
            return;
        }
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|i| {
                vec![
                    i.code.clone(),
                    i.text.clone(),
                    raw(lang, i.self_score),
                    raw(lang, i.others),
                    raw(lang, i.gap.map(f64::abs)),
                ]
            })
            .collect();
        f.table(
            &[
                Col(0.8, Align::Left),
                Col(5.0, Align::Left),
                Col(1.0, Align::Right),
                Col(1.0, Align::Right),
                Col(1.0, Align::Right),
            ],
            &[
                String::new(),
                t!(lang, "hr.company.item").to_string(),
                t!(lang, "report.gaps.self").to_string(),
                t!(lang, "report.gaps.others").to_string(),
                t!(lang, "report.gaps.gap").to_string(),
            ],
            &rows,
        );
    };
    gaps(
        &mut f,
        t!(lang, "report.gaps.blind_spots"),
        t!(
            lang,
            "report.gaps.blind_spots_explained",
            theta = theta.as_str()
        ),
        &r.items.blind_spots,
    );
    gaps(
        &mut f,
        t!(lang, "report.gaps.hidden_strengths"),
        t!(
            lang,
            "report.gaps.hidden_strengths_explained",
            theta = theta.as_str()
        ),
        &r.items.hidden_strengths,
    );

    // Comments.
    f.heading(t!(lang, "report.comments.heading"), 40.0);
    let comments = comment_groups(lang, r);
    if comments.is_empty() {
        f.paragraph(t!(lang, "report.comments.none"));
    } else {
        f.note(t!(lang, "report.comments.order"));
        for g in comments {
            f.subheading(&g.label, 20.0);
            let items: Vec<(String, Option<String>)> =
                g.comments.into_iter().map(|c| (c.text, c.from)).collect();
            f.bullets(&items);
        }
    }

    // Trend.
    f.chart_section(t!(lang, "report.trend.heading"), &charts.trend, 330.0)?;
    f.note(if r.trend.is_empty() {
        t!(lang, "report.trend.first")
    } else {
        t!(lang, "report.trend.note")
    });

    // Ledger.
    f.heading(t!(lang, "report.ledger.heading"), 60.0);
    let ledger = ledger_rows(lang, r);
    if ledger.is_empty() {
        f.paragraph(t!(lang, "report.ledger.no_groups"));
    } else {
        let rows: Vec<Vec<String>> = ledger
            .into_iter()
            .map(|g| vec![g.label, g.raters.to_string(), g.weight])
            .collect();
        f.table(
            &[
                Col(3.0, Align::Left),
                Col(1.0, Align::Right),
                Col(1.0, Align::Right),
            ],
            &[
                t!(lang, "report.ledger.group").to_string(),
                t!(lang, "report.ledger.raters").to_string(),
                t!(lang, "report.ledger.weight").to_string(),
            ],
            &rows,
        );
    }
    let lines: Vec<(String, Option<String>)> = ledger_lines(lang, r)
        .into_iter()
        .map(|l| (l, None))
        .collect();
    f.bullets(&lines);
    let (weight_groups, weights) = weight_rows(lang, r, &charts.codes);
    if !weight_groups.is_empty() {
        f.gap(6.0);
        f.note(t!(lang, "report.ledger.weights"));
        let mut cols = vec![Col(3.0, Align::Left)];
        cols.extend(weight_groups.iter().map(|_| Col(1.2, Align::Right)));
        let mut head = vec![t!(lang, "report.dimensions.name").to_string()];
        head.extend(weight_groups);
        let rows: Vec<Vec<String>> = weights
            .into_iter()
            .map(|(name, shares)| std::iter::once(name).chain(shares).collect())
            .collect();
        f.table(&cols, &head, &rows);
    }

    let footer = format!("{} · {}", title, r.cycle.name);
    Ok((f.finish(lang, &footer), title))
}
