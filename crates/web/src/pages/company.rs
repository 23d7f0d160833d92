//! `/hr/cycles/{id}/company` (and `?department=…&target=…`): the department and company
//! report of SPEC §8 in the console — the grade distribution against an optional target,
//! the heat map of dimension scores by department, response rates, the ranking table and
//! the strongest and weakest items. The object is the API's (`api::company::build`).

use askama::Template;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use yardstick_core::Lang;
use yardstick_core::scoring::display::percent_display;
use yardstick_i18n::t;
use yardstick_store::company::CompanyReport;

use super::results::cycle_id;
use super::{Frame, Layout, PageError, Visit, console_nav, encode, html};
use crate::api::company::{CompanyQuery, build};
use crate::auth::HrVisitor;
use crate::charts;
use crate::error::ApiError;
use crate::state::AppState;

/// The page.
#[derive(Template)]
#[template(path = "hr/company.html")]
struct CompanyPage {
    layout: Layout,
    /// Whether the page is saved as a file: no form, no links into the site.
    file: bool,
    cycle_id: i64,
    department: String,
    /// The query of the downloads: this department and target.
    download: String,
    target: String,
    report: CompanyReport,
    distribution: String,
    heat: String,
    /// Per target group: grades, target share, count, share, over/under, who sits there.
    targets: Vec<[String; 6]>,
    /// Per department: name, assessees, mean score, assigned, submitted, rate.
    departments: Vec<[String; 6]>,
    /// Ranking rows: name, report link, id, department, score, grade, rank, department rank.
    ranking: Vec<[String; 8]>,
    /// The strongest and the weakest items, each under its heading: code, text, score, n.
    item_lists: Vec<(&'static str, Vec<[String; 4]>)>,
}

fn one(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format!("{:.1}", percent_display(v)))
}

/// `GET /hr/cycles/{id}/company`.
pub(super) async fn page(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<CompanyQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let id = cycle_id(path)?;
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let report = build(state.store.as_ref(), id, &query).await?;
    let mut layout = visit.layout(
        t!(
            visit.lang,
            "hr.company.title",
            cycle = report.cycle.name.as_str()
        ),
        Frame::Console,
    );
    layout.user = Some(visitor.user.username.clone());
    layout.csrf = visitor.csrf(&state);
    layout.nav = console_nav("/hr/");
    let page = page_of(layout, report, query.target.clone().unwrap_or_default());
    Ok(html(StatusCode::OK, &page))
}

/// The report as a page of its own (an export): no form, no links into the site.
pub(crate) fn standalone(report: &CompanyReport, lang: Lang) -> Result<String, ApiError> {
    let layout = Layout::file(
        lang,
        t!(lang, "hr.company.title", cycle = report.cycle.name.as_str()),
        Frame::Console,
    );
    let target = report
        .distribution
        .target
        .as_ref()
        .map(|t| {
            t.given
                .iter()
                .map(|g| format!("{g}"))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default();
    page_of(layout, report.clone(), target)
        .render()
        .map_err(ApiError::internal)
}

/// The page's rows and charts from the report object.
fn page_of(layout: Layout, report: CompanyReport, target: String) -> CompanyPage {
    let lang = layout.lang;
    let department = report.department.clone().unwrap_or_default();
    let mut download = format!("department={}", encode(&department));
    if !target.is_empty() {
        download.push_str("&target=");
        download.push_str(&encode(&target));
    }
    CompanyPage {
        file: layout.inline_css.is_some(),
        cycle_id: report.cycle.id,
        department,
        download,
        target,
        distribution: distribution_chart(lang, &report),
        heat: heat_chart(lang, &report),
        targets: target_rows(lang, &report),
        departments: department_rows(lang, &report),
        ranking: ranking_rows(&report),
        item_lists: item_rows(lang, &report),
        layout,
        report,
    }
}

/// The grade distribution chart, those without a grade last. The page and the PDF export
/// share this and the functions below, so both show the same rows and draw the same SVG.
pub(crate) fn distribution_chart(lang: Lang, report: &CompanyReport) -> String {
    let none = t!(lang, "hr.company.no_grade");
    let mut bands: Vec<(String, u32)> = report
        .distribution
        .bands
        .iter()
        .map(|b| (b.grade.clone(), b.sitting.count))
        .collect();
    bands.push((none.to_string(), report.distribution.no_grade.count));
    charts::distribution(t!(lang, "hr.company.distribution"), &bands)
}

/// A department's name, or the words for assessees without one.
fn department_name(lang: Lang, department: Option<&String>) -> String {
    department
        .cloned()
        .unwrap_or_else(|| t!(lang, "hr.company.no_department").to_string())
}

/// The heat map of dimension scores by department.
pub(crate) fn heat_chart(lang: Lang, report: &CompanyReport) -> String {
    let columns: Vec<String> = report.dimensions.iter().map(|d| d.name.clone()).collect();
    let rows: Vec<(String, Vec<Option<f64>>)> = report
        .by_department
        .iter()
        .map(|d| {
            (
                department_name(lang, d.department.as_ref()),
                d.dimensions.iter().map(|x| x.percent).collect(),
            )
        })
        .collect();
    charts::heat_map(
        t!(lang, "hr.company.heat"),
        &columns,
        &rows,
        t!(lang, "hr.company.legend"),
        "—",
    )
}

/// Per target group: grades, target share, count (expected), share, over/under, who sits
/// there. Empty without a target.
pub(crate) fn target_rows(lang: Lang, report: &CompanyReport) -> Vec<[String; 6]> {
    let name_of = |id: &String| {
        report
            .ranking
            .iter()
            .find(|r| &r.id == id)
            .map_or_else(|| id.clone(), |r| r.name.clone())
    };
    report
        .distribution
        .target
        .iter()
        .flat_map(|t| &t.groups)
        .map(|g| {
            let diff = g.difference;
            [
                g.grades.join(" / "),
                format!("{:.1}%", g.target),
                format!("{} ({:.1})", g.count, g.expected),
                g.share
                    .map_or_else(|| "—".into(), |s| format!("{:.1}%", percent_display(s))),
                if diff > 0.05 {
                    t!(lang, "hr.company.over", n = format!("{diff:.1}").as_str())
                } else if diff < -0.05 {
                    t!(
                        lang,
                        "hr.company.under",
                        n = format!("{:.1}", -diff).as_str()
                    )
                } else {
                    t!(lang, "hr.company.on_target").to_string()
                },
                g.assessees
                    .iter()
                    .map(name_of)
                    .collect::<Vec<_>>()
                    .join(t!(lang, "hr.company.separator")),
            ]
        })
        .collect()
}

/// Per department: name, assessees, mean score, assigned, submitted, rate.
pub(crate) fn department_rows(lang: Lang, report: &CompanyReport) -> Vec<[String; 6]> {
    report
        .by_department
        .iter()
        .map(|d| {
            [
                department_name(lang, d.department.as_ref()),
                d.assessees.to_string(),
                one(d.percent),
                d.responses.assigned.to_string(),
                d.responses.submitted.to_string(),
                d.responses.rate.map_or_else(
                    || "—".into(),
                    |r| format!("{:.1}%", percent_display(r * 100.0)),
                ),
            ]
        })
        .collect()
}

/// Ranking rows: name, report link, id, department, score, grade, rank, department rank.
pub(crate) fn ranking_rows(report: &CompanyReport) -> Vec<[String; 8]> {
    let dash = |v: Option<u32>| v.map_or_else(|| "—".to_string(), |v| v.to_string());
    report
        .ranking
        .iter()
        .map(|r| {
            [
                r.name.clone(),
                format!("/reports/{}/{}", report.cycle.id, encode(&r.id)),
                r.id.clone(),
                r.department.clone().unwrap_or_default(),
                r.displayed
                    .map_or_else(|| "—".into(), |v| format!("{v:.1}")),
                r.grade.clone().unwrap_or_else(|| "—".into()),
                dash(r.rank),
                dash(r.rank_in_department),
            ]
        })
        .collect()
}

/// The strongest and the weakest items, each under its heading: code, text, score, n.
pub(crate) fn item_rows(
    lang: Lang,
    report: &CompanyReport,
) -> Vec<(&'static str, Vec<[String; 4]>)> {
    let item = |i: &yardstick_store::company::ItemMean| {
        [
            i.code.clone(),
            i.text.clone(),
            format!("{:.1}", percent_display(i.percent)),
            i.assessees.to_string(),
        ]
    };
    vec![
        (
            t!(lang, "hr.company.strongest"),
            report.items.strongest.iter().map(item).collect(),
        ),
        (
            t!(lang, "hr.company.weakest"),
            report.items.weakest.iter().map(item).collect(),
        ),
    ]
}
