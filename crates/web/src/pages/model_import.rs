//! `/hr/models/import`: a model uploaded as a TOML file or pasted as a form in the seed's
//! text layout. Nothing is stored at first: the next page previews the model as it will be
//! stored (dimensions, weights, items, what storing does) or lists every problem with its
//! line, the text kept for mending. The preview carries the text in hidden fields, and
//! storing reads and checks it all again, through the store's one import.

use askama::Template;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::Response;
use yardstick_core::{Model, Validated};
use yardstick_formats::{FormOptions, read_form_text, read_model_toml, write_model_toml};
use yardstick_i18n::{Key, k, t};
use yardstick_store::StoreError;

use super::login::see_other;
use super::models::{ModelView, models_layout};
use super::{Layout, PageError, Visit, html};
use crate::auth::{HrVisitor, Visitor};
use crate::csrf;
use crate::state::AppState;

/// What the import form holds.
#[derive(Default)]
pub(super) struct ImportFields {
    csrf: Option<String>,
    /// `toml` or `text`.
    format: String,
    text: String,
    name: String,
    version: String,
    /// `preview`, `store` or `edit`.
    action: String,
    /// The uploaded file's text, when one was chosen.
    file: Option<String>,
    /// An uploaded file that is not text.
    file_unreadable: bool,
}

/// The import page: the form, or the preview of what it holds.
#[derive(Template)]
#[template(path = "hr/model_import.html")]
struct ImportPage {
    layout: Layout,
    format: String,
    text: String,
    name: String,
    version: String,
    /// A problem of the whole form.
    problem: Option<String>,
    /// The problems of the model, each with its line.
    problems: Vec<String>,
    /// The model as it will be stored, once it has no problem.
    preview: Option<ModelView>,
    /// Things allowed but probably not meant.
    warnings: Vec<String>,
    /// What storing it does.
    outcome: String,
}

impl ImportPage {
    fn new(state: &AppState, visit: &Visit, visitor: &Visitor) -> ImportPage {
        ImportPage {
            layout: models_layout(
                state,
                visit,
                visitor,
                t!(visit.lang, "hr.models.import_title").into(),
            ),
            format: "text".into(),
            text: String::new(),
            name: String::new(),
            version: String::new(),
            problem: None,
            problems: Vec::new(),
            preview: None,
            warnings: Vec::new(),
            outcome: String::new(),
        }
    }

    fn keep(&mut self, fields: &ImportFields) {
        self.format = if fields.format == "toml" {
            "toml".into()
        } else {
            "text".into()
        };
        self.text = fields.file.clone().unwrap_or_else(|| fields.text.clone());
        self.name = fields.name.clone();
        self.version = fields.version.clone();
    }
}

/// `GET /hr/models/import`: the empty form.
pub(super) async fn form(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
) -> Result<Response, PageError> {
    let page = ImportPage::new(&state, &visit, &visitor);
    Ok(html(StatusCode::OK, &page))
}

/// The fields of a form sent as `multipart/form-data` (with a file) or url-encoded.
async fn read_fields(request: Request, state: &AppState) -> Option<ImportFields> {
    let multipart = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let mut fields = ImportFields::default();
    let mut set = |name: &str, value: String| match name {
        "csrf" => fields.csrf = Some(value),
        "format" => fields.format = value,
        "text" => fields.text = value,
        "name" => fields.name = value,
        "version" => fields.version = value,
        "action" => fields.action = value,
        _ => {}
    };
    if multipart {
        let mut parts = Multipart::from_request(request, state).await.ok()?;
        let mut file = None;
        let mut unreadable = false;
        while let Some(part) = parts.next_field().await.ok()? {
            let name = part.name().unwrap_or_default().to_string();
            let bytes = part.bytes().await.ok()?;
            if name == "file" {
                if !bytes.is_empty() {
                    match yardstick_formats::text::decode(&bytes) {
                        Some(text) => file = Some(text.into_owned()),
                        None => unreadable = true,
                    }
                }
            } else {
                set(&name, String::from_utf8_lossy(&bytes).into_owned());
            }
        }
        fields.file = file;
        fields.file_unreadable = unreadable;
    } else {
        let axum::extract::Form(pairs) =
            axum::extract::Form::<Vec<(String, String)>>::from_request(request, state)
                .await
                .ok()?;
        for (name, value) in pairs {
            set(&name, value);
        }
    }
    Some(fields)
}

/// The model the fields hold, or every problem in `lang`.
fn read(
    fields: &ImportFields,
    text: &str,
    lang: yardstick_core::Lang,
) -> Result<Validated, Vec<String>> {
    if fields.format == "toml" {
        read_model_toml(text)
            .map_err(|list| list.iter().map(|p| p.message().render(lang)).collect())
    } else {
        let blank = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let options = FormOptions {
            name: blank(&fields.name),
            version: blank(&fields.version),
        };
        read_form_text(text, &options)
            .map_err(|list| list.iter().map(|p| p.message().render(lang)).collect())
    }
}

/// What storing `model` does, given the versions stored.
async fn outcome(state: &AppState, model: &Model) -> Result<Key, PageError> {
    let infos = state.store.models().await?;
    let same = infos
        .iter()
        .find(|i| i.name == model.name() && i.version == model.version());
    let Some(same) = same else {
        return Ok(if infos.iter().any(|i| i.name == model.name()) {
            k!("hr.models.outcome_new_version")
        } else {
            k!("hr.models.outcome_new")
        });
    };
    let stored = state.store.model(same.id).await?;
    Ok(
        if write_model_toml(&stored.model) == write_model_toml(model) {
            k!("hr.models.outcome_same")
        } else if same.frozen || same.builtin {
            k!("hr.models.outcome_next_version")
        } else {
            k!("hr.models.outcome_replace")
        },
    )
}

/// `POST /hr/models/import`: the preview, the form again with every problem, or — with
/// `action=store` and nothing wrong — the model stored.
pub(super) async fn submit(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    request: Request,
) -> Result<Response, PageError> {
    let lang = visit.lang;
    let mut page = ImportPage::new(&state, &visit, &visitor);
    let Some(fields) = read_fields(request, &state).await else {
        page.problem = Some(t!(lang, "hr.models.unreadable").into());
        return Ok(html(StatusCode::BAD_REQUEST, &page));
    };
    page.keep(&fields);
    if !csrf::matches(&visitor.csrf(&state), fields.csrf.as_deref()) {
        page.problem = Some(t!(lang, "hr.models.expired").into());
        return Ok(html(StatusCode::FORBIDDEN, &page));
    }
    if fields.file_unreadable {
        page.problem = Some(t!(lang, "hr.models.file_not_text").into());
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, &page));
    }
    if fields.action == "edit" {
        return Ok(html(StatusCode::OK, &page));
    }
    if page.text.trim().is_empty() {
        page.problem = Some(t!(lang, "hr.models.nothing").into());
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, &page));
    }
    let validated = match read(&fields, &page.text, lang) {
        Ok(v) => v,
        Err(problems) => {
            page.problems = problems;
            return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    if fields.action == "store" {
        let toml = if page.format == "toml" {
            page.text.clone()
        } else {
            write_model_toml(&validated.model)
        };
        return match state.store.import_model_by(toml, Some(&visitor.user)).await {
            Ok(info) => Ok(see_other(&format!("/hr/models?stored={}", info.id))),
            Err(StoreError::ModelFile(list)) => {
                page.problems = list.iter().map(|p| p.message().render(lang)).collect();
                Ok(html(StatusCode::UNPROCESSABLE_ENTITY, &page))
            }
            Err(e) => Err(e.into()),
        };
    }
    page.outcome = outcome(&state, &validated.model)
        .await?
        .text(lang)
        .to_string();
    page.warnings = validated
        .warnings
        .iter()
        .map(|w| w.message().render(lang))
        .collect();
    page.preview = Some(ModelView::of(&validated.model));
    Ok(html(StatusCode::OK, &page))
}
