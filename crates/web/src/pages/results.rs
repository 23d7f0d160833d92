//! `/hr/cycles/{id}/results`: the Results of a cycle in the console, in any state (live
//! while it is open): every assessee with their standing and dimension scores, sortable by
//! any column through links (`?sort=…&dir=asc|desc`), filtered by department
//! (`?department=…`, the ranks staying the cycle's), the grade distribution of the rows
//! shown as bars, and the downloads `results.xlsx` and `results.csv` (`?items=1` adds every
//! item's score): the same files `yardstick cycle results` writes.

use askama::Template;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use yardstick_core::Lang;
use yardstick_formats::results::{write_csv, write_xlsx};
use yardstick_i18n::{Key, msg, t};
use yardstick_store::{CycleResponses, CycleState};

use super::results_table::{self as table, Column, Direction, Row};
use super::{Frame, Layout, PageError, Visit, console_nav, encode, html};
use crate::auth::HrVisitor;
use crate::state::AppState;

/// The query of the page.
#[derive(Deserialize, Default)]
pub(super) struct ResultsQuery {
    sort: Option<String>,
    dir: Option<String>,
    department: Option<String>,
}

/// A column header: its words, the link that sorts by it, and whether it is sorted now.
struct Header {
    label: String,
    href: String,
    /// `ascending` or `descending` when the table is sorted by this column.
    sorted: Option<&'static str>,
    numeric: bool,
}

/// A row as shown.
struct ShownRow {
    id: String,
    name: String,
    department: String,
    raters: u32,
    set_aside: u32,
    score: String,
    grade: String,
    rank: String,
    department_rank: String,
    dimensions: Vec<String>,
    report: String,
}

/// A bar of the grade distribution.
struct Bar {
    label: String,
    count: usize,
    share: String,
    /// The bar's length in the figure's units (0–200).
    width: String,
    none: bool,
}

/// The page.
#[derive(Template)]
#[template(path = "hr/results.html")]
struct ResultsPage {
    layout: Layout,
    cycle_id: i64,
    state: Key,
    state_code: &'static str,
    live: bool,
    draft: bool,
    departments: Vec<(String, bool)>,
    department: String,
    unknown_department: Option<String>,
    sort: String,
    dir: &'static str,
    headers: Vec<Header>,
    rows: Vec<ShownRow>,
    total: usize,
    bars: Vec<Bar>,
}

/// The cycle id of the path, or a 404 page.
pub(super) fn cycle_id(path: Result<Path<String>, PathRejection>) -> Result<i64, PageError> {
    path.ok()
        .and_then(|Path(id)| id.parse::<i64>().ok())
        .ok_or_else(|| PageError::new(StatusCode::NOT_FOUND, msg!("store.not_found.cycle")))
}

/// A score as shown: 1 decimal, or a dash.
fn shown(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{v:.1}"))
}

/// A rank as shown, or a dash.
fn shown_rank(value: Option<u32>) -> String {
    value.map_or_else(|| "—".to_string(), |v| v.to_string())
}

/// `GET /hr/cycles/{id}/results`.
pub(super) async fn page(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<ResultsQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let id = cycle_id(path)?;
    // A query that cannot be read is the page without its options.
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let data = state.store.cycle_responses(id).await?;
    let lang = visit.lang;
    let (data, scored) = tokio::task::spawn_blocking(move || {
        let scored = table::scored(&data);
        (data, scored)
    })
    .await
    .map_err(crate::error::ApiError::internal)?;
    let scored = scored.map_err(crate::error::ApiError::internal)?;

    let mut departments: Vec<String> = scored
        .rows
        .iter()
        .map(|r| r.department.clone())
        .filter(|d| !d.is_empty())
        .collect();
    departments.sort();
    departments.dedup();
    let asked = query.department.unwrap_or_default();
    let (department, unknown_department) = if asked.is_empty() || departments.contains(&asked) {
        (asked, None)
    } else {
        (String::new(), Some(asked))
    };
    let column = query
        .sort
        .as_deref()
        .and_then(|s| Column::parse(s, &scored.dimensions))
        .unwrap_or(Column::Rank);
    let direction = query
        .dir
        .as_deref()
        .map_or(column.first_direction(), Direction::parse);

    let mut rows: Vec<Row> = scored
        .rows
        .iter()
        .filter(|r| department.is_empty() || r.department == department)
        .cloned()
        .collect();
    table::sort(&mut rows, &scored.bands, column, direction);
    let bars = bars(lang, &rows, &scored.bands);

    let base = format!("/hr/cycles/{id}/results");
    let link = |c: Column| {
        let dir = if c == column {
            direction.flipped()
        } else {
            c.first_direction()
        };
        let mut href = format!(
            "{base}?sort={}&dir={}",
            encode(&c.code(&scored.dimensions)),
            dir.code()
        );
        if !department.is_empty() {
            href.push_str("&department=");
            href.push_str(&encode(&department));
        }
        href
    };
    let sorted = |c: Column| {
        (c == column).then_some(match direction {
            Direction::Ascending => "ascending",
            Direction::Descending => "descending",
        })
    };
    let mut columns: Vec<(Column, String, bool)> = vec![
        (Column::Name, t!(lang, "hr.results.name").into(), false),
        (Column::Id, t!(lang, "hr.results.id").into(), false),
        (
            Column::Department,
            t!(lang, "hr.results.department").into(),
            false,
        ),
        (Column::Raters, t!(lang, "hr.results.raters").into(), true),
        (Column::Score, t!(lang, "hr.results.score").into(), true),
        (Column::Grade, t!(lang, "hr.results.grade").into(), false),
        (Column::Rank, t!(lang, "hr.results.rank").into(), true),
        (
            Column::DepartmentRank,
            t!(lang, "hr.results.department_rank").into(),
            true,
        ),
    ];
    columns.extend(
        scored
            .dimensions
            .iter()
            .enumerate()
            .map(|(i, d)| (Column::Dimension(i), d.name.clone(), true)),
    );
    let headers = columns
        .into_iter()
        .map(|(c, label, numeric)| Header {
            label,
            href: link(c),
            sorted: sorted(c),
            numeric,
        })
        .collect();
    let shown_rows = rows
        .iter()
        .map(|r| ShownRow {
            id: r.id.clone(),
            name: r.name.clone(),
            department: r.department.clone(),
            raters: r.raters,
            set_aside: r.set_aside,
            score: shown(r.percent),
            grade: r
                .grade
                .and_then(|g| scored.bands.get(g))
                .map_or_else(|| "—".to_string(), |b| b.name.clone()),
            rank: shown_rank(r.rank),
            department_rank: shown_rank(r.department_rank),
            dimensions: r.dimensions.iter().map(|d| shown(*d)).collect(),
            report: format!("/reports/{id}/{}", encode(&r.id)),
        })
        .collect();

    let cycle = &data.cycle;
    let mut layout = visit.layout(
        t!(lang, "hr.results.title", cycle = cycle.name.as_str()),
        Frame::Console,
    );
    layout.user = Some(visitor.user.username.clone());
    layout.csrf = visitor.csrf(&state);
    layout.nav = console_nav("/hr/");
    let page = ResultsPage {
        layout,
        cycle_id: id,
        state: cycle.state.label(),
        state_code: cycle.state.code(),
        live: cycle.state == CycleState::Open,
        draft: cycle.state == CycleState::Draft,
        departments: departments
            .into_iter()
            .map(|d| {
                let chosen = d == department;
                (d, chosen)
            })
            .collect(),
        department,
        unknown_department,
        sort: column.code(&scored.dimensions),
        dir: direction.code(),
        headers,
        total: rows.len(),
        rows: shown_rows,
        bars,
    };
    Ok(html(StatusCode::OK, &page))
}

/// The bars of the grade distribution of `rows`: one per band, then "no grade".
fn bars(lang: Lang, rows: &[Row], bands: &[table::Band]) -> Vec<Bar> {
    let (counts, none) = table::distribution(rows, bands);
    let total = rows.len().max(1) as f64;
    let bar = |label: String, count: usize, none: bool| {
        let share = count as f64 / total * 100.0;
        Bar {
            label,
            count,
            share: format!(
                "{:.1}",
                yardstick_core::scoring::display::percent_display(share)
            ),
            width: format!("{:.1}", share * 2.0),
            none,
        }
    };
    let mut out: Vec<Bar> = bands
        .iter()
        .zip(counts)
        .enumerate()
        .map(|(i, (b, n))| {
            // The lowest band takes every score below the one above it: said so, rather
            // than "from 0".
            let above = i.checked_sub(1).and_then(|j| bands.get(j));
            let label = match above {
                Some(above) if i + 1 == bands.len() && b.min <= 0.0 => t!(
                    lang,
                    "hr.results.band_below",
                    grade = b.name.as_str(),
                    max = above.min
                ),
                _ => t!(
                    lang,
                    "hr.results.band",
                    grade = b.name.as_str(),
                    min = b.min
                ),
            };
            bar(label, n, false)
        })
        .collect();
    out.push(bar(t!(lang, "hr.results.no_grade").to_string(), none, true));
    out
}

/// The query of a download.
#[derive(Deserialize, Default)]
pub(super) struct DownloadQuery {
    items: Option<String>,
}

/// A file format of the downloads.
#[derive(Clone, Copy)]
enum Format {
    Csv,
    Xlsx,
}

/// `GET /hr/cycles/{id}/results.csv`.
pub(super) async fn csv(
    state: State<AppState>,
    visit: Visit,
    hr: HrVisitor,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<DownloadQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    download(state, visit, hr, path, query, Format::Csv).await
}

/// `GET /hr/cycles/{id}/results.xlsx`.
pub(super) async fn xlsx(
    state: State<AppState>,
    visit: Visit,
    hr: HrVisitor,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<DownloadQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    download(state, visit, hr, path, query, Format::Xlsx).await
}

/// The Results as a file, written by the writers of `yardstick cycle results`.
async fn download(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<DownloadQuery>, QueryRejection>,
    format: Format,
) -> Result<Response, PageError> {
    let id = cycle_id(path)?;
    let items = query
        .ok()
        .and_then(|Query(q)| q.items)
        .is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes"));
    let data = state.store.cycle_responses(id).await?;
    let name = file_name(visit.lang, &data, items);
    let bytes = tokio::task::spawn_blocking(move || write(&data, items, format))
        .await
        .map_err(crate::error::ApiError::internal)?
        .map_err(crate::error::ApiError::internal)?;
    let (content_type, extension) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        Format::Xlsx => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    };
    let subject = format!(
        "results{}.{extension}",
        if items { " with items" } else { "" }
    );
    crate::exports::record_download(&state, &visitor.user, "download.results", id, &subject)
        .await?;
    let disposition = format!(
        "attachment; filename=\"cycle-{id}-results{}.{extension}\"; filename*=UTF-8''{}.{extension}",
        if items { "-items" } else { "" },
        encode(&name)
    );
    Ok((
        [
            (CONTENT_TYPE, content_type.to_string()),
            (CONTENT_DISPOSITION, disposition),
            (CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// The results of `data` in `format`.
fn write(data: &CycleResponses, items: bool, format: Format) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    data.with_results(items, |view| match format {
        Format::Csv => write_csv(view, &mut out).map_err(|e| e.to_string()),
        Format::Xlsx => write_xlsx(view, &mut out),
    })
    .map_err(|e| e.to_string())??;
    Ok(out)
}

/// The download's file name without its extension: the cycle's name, with characters file
/// systems refuse replaced.
fn file_name(lang: Lang, data: &CycleResponses, items: bool) -> String {
    let cycle = crate::exports::file_part(&data.cycle.name);
    if items {
        t!(lang, "hr.results.file_items", cycle = cycle.as_str())
    } else {
        t!(lang, "hr.results.file", cycle = cycle.as_str())
    }
}
