//! `/hr/cycles/{id}/analytics`: the Analytics object (SPEC §8) in the console, each figure
//! with what it is, how to read it and what to do, its flags at the thresholds of
//! `docs/analytics.md`: α < 0.7, item–rest < 0.3, rwg < 0.5, N/A rate ≥ 0.5,
//! |leniency| ≥ 0.5 and any straight-lined response.

use askama::Template;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use yardstick_i18n::t;

use super::results::cycle_id;
use super::{Frame, Layout, PageError, Visit, console_nav, encode, html};
use crate::api::analytics::compute;
use crate::auth::HrVisitor;
use crate::state::AppState;

/// α below this flags a dimension.
const ALPHA_MIN: f64 = 0.7;
/// Item–rest below this flags an item.
const ITEM_REST_MIN: f64 = 0.3;
/// rwg below this flags an item.
const RWG_MIN: f64 = 0.5;
/// An N/A rate from this on is flagged.
const NA_MAX: f64 = 0.5;
/// |leniency| from this on is flagged.
const LENIENCY_MAX: f64 = 0.5;

/// A row of a table: its cells and whether it is flagged.
struct Row {
    cells: Vec<String>,
    flagged: bool,
    link: Option<String>,
}

/// The page.
#[derive(Template)]
#[template(path = "hr/analytics.html")]
struct AnalyticsPage {
    layout: Layout,
    cycle_id: i64,
    responses: usize,
    /// Responses HR has invalidated, which the figures leave out.
    invalidated: usize,
    dimensions: Vec<Row>,
    items: Vec<Row>,
    agreement: Vec<Row>,
    na_rate: Vec<Row>,
    raters: Vec<Row>,
    close_calls: Vec<Row>,
}

/// A figure with 2 decimals, or a dash.
fn two(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{v:.2}"))
}

/// Orders undefined values last, then by `key` ascending.
fn by(a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.total_cmp(&b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// `GET /hr/cycles/{id}/analytics`.
pub(super) async fn page(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, PageError> {
    let id = cycle_id(path)?;
    let (data, a) = compute(&state, id).await?;
    let lang = visit.lang;
    let model = data.model.model.as_ref();
    let item_text = |code: &str| {
        model
            .item_index(code)
            .map_or("", |i| model.items()[i].text())
            .to_string()
    };

    let dimensions = a
        .dimensions
        .iter()
        .zip(model.dimensions())
        .map(|(d, m)| Row {
            cells: vec![
                format!("{} {}", d.code, m.name()),
                two(d.alpha),
                d.n.to_string(),
            ],
            flagged: d.alpha.is_some_and(|x| x < ALPHA_MIN),
            link: None,
        })
        .collect();
    let mut items: Vec<(Option<f64>, Row)> = a
        .dimensions
        .iter()
        .flat_map(|d| d.items.iter())
        .map(|i| {
            (
                i.item_rest,
                Row {
                    cells: vec![i.code.clone(), item_text(&i.code), two(i.item_rest)],
                    flagged: i.item_rest.is_some_and(|x| x < ITEM_REST_MIN),
                    link: None,
                },
            )
        })
        .collect();
    items.sort_by(|x, y| by(x.0, y.0));
    let mut agreement: Vec<(Option<f64>, Row)> = a
        .agreement
        .iter()
        .map(|g| {
            (
                g.rwg,
                Row {
                    cells: vec![
                        g.item.clone(),
                        item_text(&g.item),
                        two(g.rwg),
                        g.pairs.to_string(),
                    ],
                    flagged: g.rwg.is_some_and(|x| x < RWG_MIN),
                    link: None,
                },
            )
        })
        .collect();
    agreement.sort_by(|x, y| by(x.0, y.0));
    let mut na: Vec<(f64, Row)> = a
        .na_rate
        .iter()
        .filter(|r| r.rate > 0.0)
        .map(|r| {
            let relationship = yardstick_core::Relationship::parse(&r.relationship)
                .map_or(r.relationship.clone(), |rel| rel.label(lang).to_string());
            (
                r.rate,
                Row {
                    cells: vec![
                        r.item.clone(),
                        item_text(&r.item),
                        relationship,
                        format!("{:.0}%", r.rate * 100.0),
                        r.n.to_string(),
                    ],
                    flagged: r.rate >= NA_MAX,
                    link: None,
                },
            )
        })
        .collect();
    na.sort_by(|x, y| y.0.total_cmp(&x.0));
    let mut raters: Vec<(f64, Row)> = a
        .raters
        .iter()
        .map(|r| {
            (
                r.leniency.map_or(0.0, f64::abs),
                Row {
                    cells: vec![
                        r.rater.clone(),
                        r.responses.to_string(),
                        two(r.mean),
                        r.leniency
                            .map_or_else(|| "—".to_string(), |v| format!("{v:+.2}")),
                        r.straight_lined.to_string(),
                    ],
                    flagged: r.leniency.is_some_and(|x| x.abs() >= LENIENCY_MAX)
                        || r.straight_lined > 0,
                    link: Some(format!(
                        "/hr/cycles/{id}/invalidations?rater={}",
                        encode(&r.rater)
                    )),
                },
            )
        })
        .collect();
    raters.sort_by(|x, y| y.0.total_cmp(&x.0));
    let close_calls = a
        .close_calls
        .iter()
        .map(|c| {
            let name = data
                .assessees
                .iter()
                .find(|p| p.id == c.assessee)
                .map_or("", |p| p.name.as_str());
            Row {
                cells: vec![
                    format!("{name} ({})", c.assessee),
                    format!("{:.1}", c.percent),
                    format!("{}", c.cutoff),
                    format!("±{:.1}", c.margin),
                ],
                flagged: true,
                link: Some(format!("/reports/{id}/{}", encode(&c.assessee))),
            }
        })
        .collect();

    let mut layout = visit.layout(
        t!(lang, "hr.analytics.title", cycle = data.cycle.name.as_str()),
        Frame::Console,
    );
    layout.user = Some(visitor.user.username.clone());
    layout.csrf = visitor.csrf(&state);
    layout.nav = console_nav("/hr/");
    let page = AnalyticsPage {
        layout,
        cycle_id: id,
        responses: data.responses.len(),
        invalidated: state.store.invalidations(id).await?.len(),
        dimensions,
        items: items.into_iter().map(|x| x.1).collect(),
        agreement: agreement.into_iter().map(|x| x.1).collect(),
        na_rate: na.into_iter().map(|x| x.1).collect(),
        raters: raters.into_iter().map(|x| x.1).collect(),
        close_calls,
    };
    Ok(html(StatusCode::OK, &page))
}
