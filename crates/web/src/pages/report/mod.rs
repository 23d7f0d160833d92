//! The individual report page `/reports/{cycle}/{assessee}` (SPEC §7, §8): the report
//! object of `crate::reports` — which decides who may read it and applies SPEC §4 step 10
//! for readers who are not HR — put into words and charts in the reader's language.
//!
//! The handler only turns the object into the page's rows: figures rounded as SPEC §4
//! step 6 says (100-point scores to 1 decimal, raw scores to 2), groups named from the
//! catalogues (`pooled` as 其他评价人), the charts drawn by [`crate::charts`]. It does not
//! check access itself: a refusal comes back from the loader and becomes the error page.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use yardstick_core::scoring::display::percent_display;
use yardstick_core::{CycleState, Lang};
use yardstick_i18n::{Key, t};
use yardstick_store::report::{IndividualReport, ItemGap, ItemScore, ReportDimension};

use super::{Frame, PageError, Visit, console_nav, html};
use crate::auth::Visitor;
use crate::charts::{self, BarRow, Series};
use crate::error::ApiError;
use crate::extract::Path;
use crate::reports;
use crate::state::AppState;

pub(crate) mod parts;

use parts::{
    CommentGroup, LedgerRow, comment_groups, display_order, group_class, group_name, ledger_lines,
    ledger_rows, percent, plain, raw,
};

/// One row of the dimension table.
struct DimensionRow {
    code: String,
    name: String,
    weight: String,
    score: String,
    percent: String,
    left_out: bool,
}

/// One of the highest or lowest items.
struct ItemRow {
    code: String,
    text: String,
    score: String,
}

/// A blind spot or hidden strength.
struct GapRow {
    code: String,
    text: String,
    self_score: String,
    others: String,
    gap: String,
}

/// The individual report page.
#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    layout: super::Layout,
    /// The downloads' address without the extension (`/reports/3/E001/report`); empty in a
    /// page saved as a file.
    download: String,
    full: bool,
    name: String,
    department: Option<String>,
    cycle: String,
    state: Key,
    state_code: &'static str,
    overall: Option<String>,
    /// Whether any dimension has a figure; without one the radar and bars are left out.
    scored: bool,
    grade: Option<String>,
    rank: Option<String>,
    rank_in_department: Option<String>,
    radar: String,
    radar_note: String,
    bars: String,
    bars_note: String,
    score_heading: String,
    dimensions: Vec<DimensionRow>,
    highest: Vec<ItemRow>,
    lowest: Vec<ItemRow>,
    blind_spots_explained: String,
    blind_spots: Vec<GapRow>,
    hidden_strengths_explained: String,
    hidden_strengths: Vec<GapRow>,
    comments: Vec<CommentGroup>,
    trend: String,
    first_cycle: bool,
    ledger_groups: Vec<LedgerRow>,
    ledger_lines: Vec<String>,
    weight_groups: Vec<String>,
    weights: Vec<(String, Vec<String>)>,
    weights_note: String,
}

/// `GET /reports/{cycle}/{assessee}`: the report, for whoever the loader lets read it.
pub(super) async fn page(
    State(state): State<AppState>,
    visit: Visit,
    visitor: Visitor,
    Path((cycle, assessee)): Path<(i64, String)>,
) -> Result<Response, PageError> {
    let report = reports::report(&state, &visitor.user, cycle, &assessee).await?;
    let lang = visit.lang;
    let mut layout = visit.layout(
        t!(lang, "report.title", name = &report.assessee.name),
        if visitor.user.role.is_hr() {
            Frame::Console
        } else {
            Frame::Plain
        },
    );
    layout.user = Some(visitor.user.username.clone());
    layout.csrf = visitor.csrf(&state);
    if visitor.user.role.is_hr() {
        layout.nav = console_nav("");
    }
    let page = build(layout, &report);
    Ok(html(StatusCode::OK, &page))
}

/// The report's charts and the scoring groups they show, built once for the page and the
/// PDF export so that both draw the same SVG.
pub(crate) struct ReportCharts {
    /// The radar of the dimensions: others, self, the cycle's mean.
    pub(crate) radar: String,
    /// The bars of each dimension by scoring group.
    pub(crate) bars: String,
    /// The trend over this person's published cycles.
    pub(crate) trend: String,
    /// Whether any dimension has a figure; without one the radar and bars are left out.
    pub(crate) scored: bool,
    /// The scoring groups, in display order (the bars' and the ledger's).
    pub(crate) codes: Vec<&'static str>,
}

/// The charts of `r` in `lang`.
pub(crate) fn report_charts(lang: Lang, r: &IndividualReport) -> ReportCharts {
    let (min, max) = (f64::from(r.scale.min), f64::from(r.scale.max));
    let dims = &r.dimensions;
    let axes: Vec<String> = dims.iter().map(|d| d.name.clone()).collect();
    let series: Vec<Series> = [
        (
            t!(lang, "report.radar.others"),
            "others",
            dims.iter().map(|d| d.others).collect::<Vec<_>>(),
        ),
        (
            t!(lang, "report.radar.self"),
            "self",
            dims.iter().map(|d| d.self_score).collect(),
        ),
        (
            t!(lang, "report.radar.mean"),
            "mean",
            dims.iter().map(|d| d.cycle_mean).collect(),
        ),
    ]
    .into_iter()
    // A series without any value (no self rating, say) is left out, legend included.
    .filter(|(_, _, values)| values.iter().any(Option::is_some))
    .map(|(label, class, values)| Series {
        label: label.to_string(),
        class,
        values,
    })
    .collect();
    let radar_heading = t!(lang, "report.radar.heading");
    let radar = charts::radar(radar_heading, &axes, &series, min, max);

    let codes = group_codes(r);
    let bar_groups: Vec<(String, &'static str)> = codes
        .iter()
        .map(|c| (group_name(lang, c), group_class(c)))
        .collect();
    let rows: Vec<BarRow> = dims
        .iter()
        .map(|d| BarRow {
            label: d.name.clone(),
            values: codes.iter().map(|c| group_value(d, c)).collect(),
        })
        .collect();
    let bars = charts::grouped_bars(
        t!(lang, "report.bars.heading"),
        &rows,
        &bar_groups,
        min,
        max,
        t!(lang, "report.bars.missing"),
    );

    let mut points: Vec<(String, Option<f64>)> = r
        .trend
        .iter()
        .map(|p| (p.name.clone(), p.percent))
        .collect();
    points.push((r.cycle.name.clone(), r.overall.percent));
    let trend = charts::trend(t!(lang, "report.trend.heading"), &points, 0.0, 100.0);
    ReportCharts {
        radar,
        bars,
        trend,
        scored: !series.is_empty() || rows.iter().any(|r| r.values.iter().any(Option::is_some)),
        codes,
    }
}

/// The scoring groups of a report in display order: the ledger's, then any a figure names.
pub(crate) fn group_codes(r: &IndividualReport) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = r.ledger.groups.iter().map(|g| g.group).collect();
    for d in &r.dimensions {
        for (g, _) in &d.groups.0 {
            if !codes.contains(&g.code()) {
                codes.push(g.code());
            }
        }
    }
    codes.sort_by_key(|c| display_order(c));
    codes
}

/// The figure of scoring group `code` in dimension `d`, if it has one.
pub(crate) fn group_value(d: &ReportDimension, code: &str) -> Option<f64> {
    d.groups
        .0
        .iter()
        .find(|(g, _)| g.code() == code)
        .and_then(|(_, v)| *v)
}

/// The effective weights of HR's report: the groups' names (empty when the object holds
/// no weights, as in the restricted view) and per dimension its name and each group's share.
pub(crate) fn weight_rows(
    lang: Lang,
    r: &IndividualReport,
    codes: &[&'static str],
) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    let dims = &r.dimensions;
    let groups = if dims.iter().any(|d| d.weights.is_some()) {
        codes.iter().map(|c| group_name(lang, c)).collect()
    } else {
        Vec::new()
    };
    let rows = dims
        .iter()
        .map(|d| {
            let shares = codes
                .iter()
                .map(|c| {
                    d.weights
                        .iter()
                        .flat_map(|w| w.0.iter())
                        .find(|(g, _)| g.code() == *c)
                        .and_then(|(_, w)| *w)
                        .map_or_else(
                            || t!(lang, "report.missing").to_string(),
                            |w| {
                                t!(
                                    lang,
                                    "report.ledger.share",
                                    value = format!("{:.1}", percent_display(w * 100.0))
                                )
                            },
                        )
                })
                .collect();
            (d.name.clone(), shares)
        })
        .collect();
    (groups, rows)
}

/// The page's rows and charts from the report object.
/// The report as a page of its own (an export), with its stylesheet inside.
pub(crate) fn standalone(report: &IndividualReport, lang: Lang) -> Result<String, ApiError> {
    let layout = super::Layout::file(
        lang,
        t!(lang, "report.title", name = &report.assessee.name),
        Frame::Plain,
    );
    build(layout, report).render().map_err(ApiError::internal)
}

fn build(layout: super::Layout, r: &IndividualReport) -> ReportPage {
    let lang = layout.lang;
    let state = CycleState::parse(r.cycle.state).unwrap_or(CycleState::Draft);
    let o = &r.overall;
    let rank_of = |rank: Option<u32>, of: Option<u32>| match (rank, of) {
        (Some(rank), Some(of)) => Some(t!(lang, "report.rank_of", rank = rank, of = of)),
        _ => None,
    };
    let dims = &r.dimensions;
    let ReportCharts {
        radar,
        bars,
        trend,
        scored,
        codes,
    } = report_charts(lang, r);
    let (weight_groups, weights) = weight_rows(lang, r, &codes);

    let item_rows = |items: &[ItemScore]| {
        items
            .iter()
            .map(|i| ItemRow {
                code: i.code.clone(),
                text: i.text.clone(),
                score: raw(lang, i.score),
            })
            .collect::<Vec<_>>()
    };
    let gap_rows = |items: &[ItemGap]| {
        items
            .iter()
            .map(|i| GapRow {
                code: i.code.clone(),
                text: i.text.clone(),
                self_score: raw(lang, i.self_score),
                others: raw(lang, i.others),
                gap: raw(lang, i.gap.map(f64::abs)),
            })
            .collect::<Vec<_>>()
    };
    let theta = plain(r.scale.gap_threshold);

    ReportPage {
        download: if layout.inline_css.is_some() {
            String::new()
        } else {
            format!(
                "/reports/{}/{}/report",
                r.cycle.id,
                super::encode(&r.assessee.id)
            )
        },
        full: r.view == "full",
        name: r.assessee.name.clone(),
        department: r.assessee.department.clone(),
        cycle: r.cycle.name.clone(),
        state: state.label(),
        state_code: state.code(),
        overall: o.percent.map(|p| percent(lang, Some(p))),
        scored,
        grade: o.grade.clone(),
        rank: rank_of(o.rank, Some(o.of)),
        rank_in_department: rank_of(o.rank_in_department, o.of_in_department),
        radar,
        radar_note: t!(
            lang,
            "report.radar.note",
            min = r.scale.min,
            max = r.scale.max
        ),
        bars,
        bars_note: t!(
            lang,
            "report.bars.note",
            min = r.scale.min,
            max = r.scale.max
        ),
        score_heading: t!(
            lang,
            "report.dimensions.score",
            min = r.scale.min,
            max = r.scale.max
        ),
        dimensions: dims
            .iter()
            .map(|d| DimensionRow {
                code: d.code.clone(),
                name: d.name.clone(),
                weight: plain(d.weight),
                score: raw(lang, d.score),
                percent: percent(lang, d.percent),
                left_out: d.left_out,
            })
            .collect(),
        highest: item_rows(&r.items.highest),
        lowest: item_rows(&r.items.lowest),
        blind_spots_explained: t!(
            lang,
            "report.gaps.blind_spots_explained",
            theta = theta.as_str()
        ),
        blind_spots: gap_rows(&r.items.blind_spots),
        hidden_strengths_explained: t!(
            lang,
            "report.gaps.hidden_strengths_explained",
            theta = theta.as_str()
        ),
        hidden_strengths: gap_rows(&r.items.hidden_strengths),
        comments: comment_groups(lang, r),
        trend,
        first_cycle: r.trend.is_empty(),
        ledger_groups: ledger_rows(lang, r),
        ledger_lines: ledger_lines(lang, r),
        // Effective weights are in HR's report only (they would tell the pool's weight).
        weight_groups,
        weights,
        weights_note: t!(lang, "report.ledger.weights").to_string(),
        layout,
    }
}
