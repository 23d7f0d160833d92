//! `/hr/cycles/{id}/qr`: a sheet to print on A4, one QR code per rater who has not
//! submitted (or, with `?relationship=customer`, per rater of that relationship, e.g. the
//! homeowners), each with the rater's name and whom they rate, so that raters without
//! e-mail — homeowners above all — can be handed their personal link on paper.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use serde::Deserialize;
use yardstick_core::Relationship;
use yardstick_i18n::{k, msg, t};
use yardstick_store::Cycle;

use super::console::console_layout;
use super::cycle::load;
use super::{Layout, PageError, Visit, html};
use crate::auth::HrVisitor;
use crate::reminders::{link_base, waiting};
use crate::state::AppState;

/// One rater's card.
struct Card {
    name: String,
    rates: String,
    link: String,
    svg: String,
}

/// A choice of relationship above the sheet.
struct Filter {
    href: String,
    label: String,
    current: bool,
}

/// The sheet.
#[derive(Template)]
#[template(path = "hr/qr.html")]
struct QrPage {
    layout: Layout,
    cycle: Cycle,
    cards: Vec<Card>,
    filters: Vec<Filter>,
    /// Why the links take no answers now (a cycle that is not open), if so.
    not_open: Option<String>,
}

/// `?relationship=…`.
#[derive(Deserialize, Default)]
pub(super) struct QrQuery {
    relationship: Option<String>,
}

/// The QR code of `url` as an SVG element to put in the page (no XML prolog).
pub(crate) fn qr_svg(url: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(180, 180)
        .quiet_zone(true)
        .build();
    let start = image.find("<svg")?;
    Some(image[start..].to_string())
}

/// `GET /hr/cycles/{id}/qr`.
pub(super) async fn sheet(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    headers: HeaderMap,
    axum::extract::Path(raw): axum::extract::Path<String>,
    query: Result<Query<QrQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let lang = visit.lang;
    let cycle = load(&state, &raw).await?;
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let chosen = match query.relationship.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(Relationship::parse(text).ok_or_else(|| {
            PageError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                msg!("hr.progress.qr_unknown", relationship = text),
            )
            .back(
                format!("/hr/cycles/{}/qr", cycle.id),
                k!("hr.progress.qr_all"),
            )
        })?),
    };
    let assignments = state.store.assignments(cycle.id).await?;
    let people = state.store.people().await?;
    let base = link_base(&state.site, &headers);
    let separator = t!(lang, "i18n.list_separator");
    let mut cards = Vec::new();
    for mut w in waiting(&assignments, &people) {
        if let Some(r) = chosen {
            w.tasks.retain(|task| task.relationship == r);
        }
        if w.tasks.is_empty() {
            continue;
        }
        let link = format!("{base}{}", w.link);
        let rates = w
            .tasks
            .iter()
            .map(|task| {
                t!(
                    lang,
                    "hr.reminders.mail_assessee",
                    name = task.assessee_name.as_str(),
                    relationship = task.relationship.key()
                )
            })
            .collect::<Vec<_>>()
            .join(separator);
        let svg = qr_svg(&link).ok_or_else(|| {
            PageError::new(StatusCode::INTERNAL_SERVER_ERROR, msg!("api.internal"))
        })?;
        cards.push(Card {
            name: w.rater.name.clone(),
            rates,
            link,
            svg,
        });
    }
    let here = |r: Option<Relationship>| match r {
        None => format!("/hr/cycles/{}/qr", cycle.id),
        Some(r) => format!("/hr/cycles/{}/qr?relationship={}", cycle.id, r.code()),
    };
    let mut filters = vec![Filter {
        href: here(None),
        label: t!(lang, "hr.progress.qr_all").to_string(),
        current: chosen.is_none(),
    }];
    for r in Relationship::ALL {
        if assignments.iter().any(|a| a.relationship == r) {
            filters.push(Filter {
                href: here(Some(r)),
                label: r.label(lang).to_string(),
                current: chosen == Some(r),
            });
        }
    }
    let title = t!(lang, "hr.progress.qr_title", name = &cycle.name);
    let not_open = (!cycle.state.takes_answers())
        .then(|| t!(lang, "hr.progress.qr_not_open", state = cycle.state.label()));
    let page = QrPage {
        layout: console_layout(&state, &visit, &visitor, title, "/hr/"),
        not_open,
        cycle,
        cards,
        filters,
    };
    Ok(html(StatusCode::OK, &page))
}
