//! The console's models: `/hr/models` lists every stored version, grouped by name, with
//! what it holds and which cycles use it; `/hr/models/{id}` shows one in full, and
//! `/hr/models/{id}/export` downloads its TOML. Importing (with a preview before anything is
//! stored) is in [`super::model_import`].

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use yardstick_core::{Model, PercentMode};
use yardstick_formats::model_toml::number;
use yardstick_i18n::{Key, k, msg, t};
use yardstick_store::{Cycle, StoredModel};

use super::{Frame, Layout, PageError, Visit, console_nav, html};
use crate::auth::{HrVisitor, Visitor};
use crate::state::AppState;

/// The layout of a models page.
pub(super) fn models_layout(
    state: &AppState,
    visit: &Visit,
    visitor: &Visitor,
    title: String,
) -> Layout {
    let mut layout = visit.layout(title, Frame::Console);
    layout.user = Some(visitor.user.username.clone());
    layout.csrf = visitor.csrf(state);
    layout.nav = console_nav("/hr/models");
    layout
}

/// A cycle that uses a model.
pub(super) struct CycleLink {
    pub id: i64,
    pub name: String,
    pub state: Key,
}

/// The cycles of `cycles` that use model `id`.
fn users_of(cycles: &[Cycle], id: i64) -> Vec<CycleLink> {
    cycles
        .iter()
        .filter(|c| c.model_id == id)
        .map(|c| CycleLink {
            id: c.id,
            name: c.name.clone(),
            state: c.state.label(),
        })
        .collect()
}

/// One version in the list.
struct VersionRow {
    id: i64,
    version: String,
    builtin: bool,
    frozen: bool,
    dimensions: usize,
    items: usize,
    cycles: Vec<CycleLink>,
}

/// The versions of one name.
struct NameGroup {
    name: String,
    versions: Vec<VersionRow>,
}

/// `/hr/models`.
#[derive(Template)]
#[template(path = "hr/models.html")]
struct ModelsPage {
    layout: Layout,
    groups: Vec<NameGroup>,
    /// After an import: the version stored.
    stored: Option<String>,
}

/// The query of `/hr/models`.
#[derive(Deserialize)]
pub(super) struct ListQuery {
    stored: Option<i64>,
}

/// `GET /hr/models`: every version, grouped by name, the built-in one first.
pub(super) async fn list(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let infos = state.store.models().await?;
    let cycles = state.store.cycles().await?;
    let mut groups: Vec<NameGroup> = Vec::new();
    let mut stored = None;
    let just_stored = query.ok().and_then(|Query(q)| q.stored);
    for info in infos {
        let model = state.store.model(info.id).await?;
        if just_stored == Some(info.id) {
            stored = Some(t!(
                visit.lang,
                "hr.models.stored",
                name = &info.name,
                version = &info.version
            ));
        }
        let row = VersionRow {
            id: info.id,
            version: info.version.clone(),
            builtin: info.builtin,
            frozen: info.frozen,
            dimensions: model.model.dimensions().len(),
            items: model.model.items().len(),
            cycles: users_of(&cycles, info.id),
        };
        match groups.iter_mut().find(|g| g.name == info.name) {
            Some(g) => g.versions.push(row),
            None => groups.push(NameGroup {
                name: info.name,
                versions: vec![row],
            }),
        }
    }
    groups.sort_by_key(|g| !g.versions.iter().any(|v| v.builtin));
    let page = ModelsPage {
        layout: models_layout(
            &state,
            &visit,
            &visitor,
            t!(visit.lang, "hr.models.title").into(),
        ),
        groups,
        stored,
    };
    Ok(html(StatusCode::OK, &page))
}

/// A dimension as shown.
pub(super) struct DimensionView {
    pub code: String,
    pub name: String,
    pub weight: String,
    pub share: String,
    pub items: Vec<(String, String)>,
}

/// A model as a page shows it: scale, conversion, grades, dimensions with their items.
pub(super) struct ModelView {
    pub name: String,
    pub version: String,
    pub percent: Key,
    pub min: i32,
    pub max: i32,
    pub scale: Vec<(i32, String)>,
    pub allow_na: bool,
    pub grades: Vec<(String, String)>,
    pub dimensions: Vec<DimensionView>,
    pub total_weight: String,
    pub items: usize,
}

impl ModelView {
    /// The view of `model`.
    pub(super) fn of(model: &Model) -> ModelView {
        let scale = model.scale();
        let total: f64 = model.dimensions().iter().map(|d| d.weight()).sum();
        ModelView {
            name: model.name().to_string(),
            version: model.version().to_string(),
            percent: match model.percent_mode() {
                PercentMode::Ratio => k!("hr.models.ratio"),
                PercentMode::Linear => k!("hr.models.linear"),
            },
            min: scale.min(),
            max: scale.max(),
            scale: (scale.min()..=scale.max())
                .map(|p| (p, scale.label(p).unwrap_or_default().to_string()))
                .collect(),
            allow_na: scale.allow_na(),
            grades: model
                .grades()
                .iter()
                .map(|g| (g.name().to_string(), number(g.min())))
                .collect(),
            dimensions: model
                .dimensions()
                .iter()
                .map(|d| DimensionView {
                    code: d.code().to_string(),
                    name: d.name().to_string(),
                    weight: number(d.weight()),
                    share: if total > 0.0 {
                        format!("{:.1}", d.weight() / total * 100.0)
                    } else {
                        String::new()
                    },
                    items: model
                        .dimension_items(d)
                        .iter()
                        .map(|i| (i.code().to_string(), i.text().to_string()))
                        .collect(),
                })
                .collect(),
            total_weight: number(total),
            items: model.items().len(),
        }
    }
}

/// `/hr/models/{id}`.
#[derive(Template)]
#[template(path = "hr/model.html")]
struct ModelPage {
    layout: Layout,
    id: i64,
    builtin: bool,
    frozen: bool,
    view: ModelView,
    cycles: Vec<CycleLink>,
}

/// The model of the path's id: a 404 page when it is not a number or not stored.
async fn stored(state: &AppState, id: &str) -> Result<StoredModel, PageError> {
    let not_found = || {
        PageError::new(StatusCode::NOT_FOUND, msg!("store.not_found.model"))
            .back("/hr/models", k!("hr.models.back"))
    };
    let id: i64 = id.parse().map_err(|_| not_found())?;
    match state.store.model(id).await {
        Ok(m) => Ok(m),
        Err(yardstick_store::StoreError::NotFound(_)) => Err(not_found()),
        Err(e) => Err(e.into()),
    }
}

/// `GET /hr/models/{id}`: the model in full.
pub(super) async fn show(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Response, PageError> {
    let stored = stored(&state, &id).await?;
    let cycles = state.store.cycles().await?;
    let title = t!(
        visit.lang,
        "hr.models.model_title",
        name = &stored.info.name,
        version = &stored.info.version
    );
    let page = ModelPage {
        layout: models_layout(&state, &visit, &visitor, title),
        id: stored.info.id,
        builtin: stored.info.builtin,
        frozen: stored.info.frozen,
        view: ModelView::of(&stored.model),
        cycles: users_of(&cycles, stored.info.id),
    };
    Ok(html(StatusCode::OK, &page))
}

/// `GET /hr/models/{id}/export`: the model's TOML, as a file to save.
pub(super) async fn export(
    State(state): State<AppState>,
    HrVisitor(_visitor): HrVisitor,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Response, PageError> {
    let stored = stored(&state, &id).await?;
    Ok(crate::api::models::toml_file(&stored))
}
