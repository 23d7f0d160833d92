//! `/hr/cycles/new`: the form that prepares a cycle — name, dates, model, relationship
//! weights, anonymity threshold, the dimensions each relationship is asked, and the
//! assessees by department or one by one. It creates the draft cycle through the same
//! parse as `POST /api/v1/cycles` ([`NewCycleIn::parse`], then the store), so the rules and
//! their messages are the same; every problem shows next to its field with everything typed
//! kept. Then the cycle's assignments page follows.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use yardstick_core::cycle::{DEFAULT_PEERS, DEFAULT_THRESHOLD};
use yardstick_core::{Lang, Relationship, Weights};
use yardstick_formats::model_toml::number;
use yardstick_i18n::{Key, msg, t};
use yardstick_store::{NewCycle, Person, StoreError, StoredModel};

use super::login::see_other;
use super::{Frame, Layout, PageError, Visit, console_nav, html};
use crate::api::cycle_input::{AssesseesIn, ModelRef, NewCycleIn};
use crate::auth::{HrVisitor, Visitor};
use crate::csrf;
use crate::error::ApiError;
use crate::state::AppState;

/// A model to choose.
struct ModelOption {
    id: i64,
    label: String,
    selected: bool,
}

/// The weight field of one relationship.
struct WeightField {
    code: &'static str,
    label: Key,
    value: String,
    default: String,
}

/// One relationship's row of the dimensions asked.
struct AskedRow {
    code: &'static str,
    label: Key,
    /// Per dimension of the model: its code and whether it is asked.
    cells: Vec<(String, bool)>,
}

/// A person to choose as an assessee.
struct PersonOption {
    id: String,
    name: String,
    title: String,
    checked: bool,
}

/// A department with its people.
struct Department {
    name: String,
    checked: bool,
    people: Vec<PersonOption>,
}

/// The form.
#[derive(Template)]
#[template(path = "hr/cycle_new.html")]
struct WizardPage {
    layout: Layout,
    name: String,
    starts_on: String,
    ends_on: String,
    models: Vec<ModelOption>,
    shown_model: i64,
    weights: Vec<WeightField>,
    threshold: String,
    peers: String,
    /// The shown model's dimensions: code and name.
    dimensions: Vec<(String, String)>,
    asked: Vec<AskedRow>,
    departments: Vec<Department>,
    /// Problems by field (`name`, `weights.peer`, `dimensions.customer`, `assessees`, …).
    problems: BTreeMap<String, Vec<String>>,
    /// Problems of no field, and the count of all.
    general: Vec<String>,
    /// A note on the form (the model was changed).
    note: Option<String>,
}

impl WizardPage {
    /// The problems of `field`, one line, if any.
    fn problem(&self, field: &str) -> Option<String> {
        self.problems.get(field).map(|list| list.join(" "))
    }

    /// Every problem, counted.
    fn problem_count(&self) -> usize {
        self.problems.values().map(Vec::len).sum::<usize>() + self.general.len()
    }
}

/// What the form sent.
#[derive(Default)]
struct Sent {
    csrf: Option<String>,
    name: String,
    starts_on: String,
    ends_on: String,
    model: String,
    shown_model: String,
    weights: HashMap<String, String>,
    threshold: String,
    peers: String,
    asked: HashMap<String, Vec<String>>,
    departments: Vec<String>,
    people: Vec<String>,
    action: String,
}

impl Sent {
    fn from_fields(fields: Vec<(String, String)>) -> Sent {
        let mut sent = Sent::default();
        for (key, value) in fields {
            if let Some(code) = key.strip_prefix("w-") {
                sent.weights.insert(code.to_string(), value);
            } else if let Some(code) = key.strip_prefix("dim-") {
                sent.asked.entry(code.to_string()).or_default().push(value);
            } else {
                match key.as_str() {
                    "csrf" => sent.csrf = Some(value),
                    "name" => sent.name = value,
                    "starts_on" => sent.starts_on = value,
                    "ends_on" => sent.ends_on = value,
                    "model" => sent.model = value,
                    "shown_model" => sent.shown_model = value,
                    "threshold" => sent.threshold = value,
                    "peers" => sent.peers = value,
                    "dept" => sent.departments.push(value),
                    "person" => sent.people.push(value),
                    "action" => sent.action = value,
                    _ => {}
                }
            }
        }
        sent
    }
}

/// The query of `/hr/cycles/new`: the model to start with.
#[derive(Deserialize)]
pub(super) struct NewQuery {
    model: Option<String>,
}

/// Everything the form needs from the store.
struct Choices {
    models: Vec<(i64, String)>,
    builtin: i64,
    people: Vec<Person>,
}

async fn choices(state: &AppState, lang: Lang) -> Result<Choices, PageError> {
    let builtin = state.store.builtin_model().await?.id;
    let models = state
        .store
        .models()
        .await?
        .into_iter()
        .map(|m| {
            let mut label = t!(
                lang,
                "hr.wizard.model_option",
                name = &m.name,
                version = &m.version
            );
            if m.builtin {
                label = format!("{label} · {}", t!(lang, "hr.models.builtin"));
            }
            (m.id, label)
        })
        .collect();
    Ok(Choices {
        models,
        builtin,
        people: state.store.people().await?,
    })
}

/// The model `id` (or the built-in one when it is not stored).
async fn model_or_builtin(
    state: &AppState,
    id: i64,
    builtin: i64,
) -> Result<StoredModel, PageError> {
    match state.store.model(id).await {
        Ok(m) => Ok(m),
        Err(StoreError::NotFound(_)) => Ok(state.store.model(builtin).await?),
        Err(e) => Err(e.into()),
    }
}

/// The page with `sent` filled in (or the defaults), the dimensions of `model`.
fn page(
    layout: Layout,
    choices: &Choices,
    model: &StoredModel,
    chosen: i64,
    sent: Option<&Sent>,
) -> WizardPage {
    let defaults = Weights::default();
    let codes: Vec<String> = model
        .model
        .dimensions()
        .iter()
        .map(|d| d.code().to_string())
        .collect();
    // The dimensions ticked are those sent, when the form was sent for this model.
    let kept_asked = sent.filter(|s| s.shown_model == model.info.id.to_string());
    let mut departments: Vec<Department> = Vec::new();
    for p in &choices.people {
        let checked = sent.is_some_and(|s| s.people.contains(&p.id));
        let option = PersonOption {
            id: p.id.clone(),
            name: p.name.clone(),
            title: p.title.clone(),
            checked,
        };
        match departments.iter_mut().find(|d| d.name == p.department) {
            Some(d) => d.people.push(option),
            None => departments.push(Department {
                name: p.department.clone(),
                checked: sent.is_some_and(|s| s.departments.contains(&p.department)),
                people: vec![option],
            }),
        }
    }
    WizardPage {
        layout,
        name: sent.map(|s| s.name.clone()).unwrap_or_default(),
        starts_on: sent.map(|s| s.starts_on.clone()).unwrap_or_default(),
        ends_on: sent.map(|s| s.ends_on.clone()).unwrap_or_default(),
        models: choices
            .models
            .iter()
            .map(|(id, label)| ModelOption {
                id: *id,
                label: label.clone(),
                selected: *id == chosen,
            })
            .collect(),
        shown_model: model.info.id,
        weights: Relationship::ALL
            .iter()
            .map(|r| WeightField {
                code: r.code(),
                label: r.key(),
                value: sent
                    .and_then(|s| s.weights.get(r.code()).cloned())
                    .unwrap_or_else(|| number(defaults.of(*r))),
                default: number(defaults.of(*r)),
            })
            .collect(),
        threshold: sent.map_or_else(|| DEFAULT_THRESHOLD.to_string(), |s| s.threshold.clone()),
        peers: sent.map_or_else(|| DEFAULT_PEERS.to_string(), |s| s.peers.clone()),
        dimensions: model
            .model
            .dimensions()
            .iter()
            .map(|d| (d.code().to_string(), d.name().to_string()))
            .collect(),
        asked: Relationship::ALL
            .iter()
            .map(|r| AskedRow {
                code: r.code(),
                label: r.key(),
                cells: codes
                    .iter()
                    .map(|c| {
                        let asked = kept_asked.is_none_or(|s| {
                            s.asked.get(r.code()).is_some_and(|list| list.contains(c))
                        });
                        (c.clone(), asked)
                    })
                    .collect(),
            })
            .collect(),
        departments,
        problems: BTreeMap::new(),
        general: Vec::new(),
        note: None,
    }
}

fn wizard_layout(state: &AppState, visit: &Visit, visitor: &Visitor) -> Layout {
    let mut layout = visit.layout(t!(visit.lang, "hr.wizard.title"), Frame::Console);
    layout.user = Some(visitor.user.username.clone());
    layout.csrf = visitor.csrf(state);
    layout.nav = console_nav("/hr/cycles/new");
    layout
}

/// `GET /hr/cycles/new`: the form with the defaults (the model of `?model=`, else the
/// built-in one).
pub(super) async fn form(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    query: Result<Query<NewQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let choices = choices(&state, visit.lang).await?;
    let wanted = query
        .ok()
        .and_then(|Query(q)| q.model)
        .and_then(|m| m.parse::<i64>().ok())
        .unwrap_or(choices.builtin);
    let model = model_or_builtin(&state, wanted, choices.builtin).await?;
    let layout = wizard_layout(&state, &visit, &visitor);
    let page = page(layout, &choices, &model, model.info.id, None);
    Ok(html(StatusCode::OK, &page))
}

/// The request the form makes, as `POST /api/v1/cycles` takes it, and the problems the
/// form alone finds (a weight or a number that is not one).
fn request(
    sent: &Sent,
    model: i64,
    codes: &[String],
    people: &[Person],
) -> (NewCycleIn, Vec<(String, yardstick_i18n::Message)>) {
    let mut problems = Vec::new();
    let mut weights = BTreeMap::new();
    for r in Relationship::ALL {
        let given = sent.weights.get(r.code()).map_or("", |v| v.trim());
        match given.parse::<f64>() {
            Ok(w) => {
                weights.insert(r.code().to_string(), w);
            }
            Err(_) => problems.push((
                format!("weights.{}", r.code()),
                msg!("hr.wizard.not_a_number", value = given),
            )),
        }
    }
    let mut whole = |field: &str, text: &str| -> Option<i64> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        match text.parse::<i64>() {
            Ok(v) => Some(v),
            Err(_) => {
                problems.push((
                    field.to_string(),
                    msg!("hr.wizard.not_a_whole_number", value = text),
                ));
                None
            }
        }
    };
    let threshold = whole("threshold", &sent.threshold);
    let peers = whole("peers", &sent.peers);
    let mut dimensions = BTreeMap::new();
    for r in Relationship::ALL {
        let list = sent.asked.get(r.code()).cloned().unwrap_or_default();
        let all = list.len() == codes.len() && codes.iter().all(|c| list.contains(c));
        if !all {
            dimensions.insert(r.code().to_string(), list);
        }
    }
    let assessees: Vec<String> = people
        .iter()
        .filter(|p| sent.people.contains(&p.id) || sent.departments.contains(&p.department))
        .map(|p| p.id.clone())
        .collect();
    let blank = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let body = NewCycleIn {
        name: sent.name.clone(),
        model: ModelRef::Id(model),
        weights: Some(weights),
        threshold,
        assessees: AssesseesIn::Ids(assessees),
        peers,
        starts_on: blank(&sent.starts_on),
        ends_on: blank(&sent.ends_on),
        dimensions: Some(dimensions),
    };
    (body, problems)
}

/// The cycle a wizard form's fields ask for once the model is chosen (its id `model`, its
/// dimension codes `codes`), checked as [`submit`] checks them before it stores anything
/// (the CSRF field aside): every problem as its field and its words in `lang`.
pub(crate) fn form_cycle(
    fields: Vec<(String, String)>,
    model: i64,
    codes: &[String],
    people: &[Person],
    lang: Lang,
) -> Result<NewCycle, Vec<(String, String)>> {
    let sent = Sent::from_fields(fields);
    let (body, problems) = request(&sent, model, codes, people);
    let mut lines: Vec<(String, String)> = problems
        .into_iter()
        .map(|(field, m)| (field, m.render(lang)))
        .collect();
    match body.parse() {
        Ok(new) if lines.is_empty() => return Ok(new),
        Ok(_) => {}
        Err(e) => lines.extend(
            e.problems()
                .iter()
                .map(|p| (p.field().unwrap_or_default().to_string(), p.text(lang))),
        ),
    }
    Err(lines)
}

/// `POST /hr/cycles/new`: creates the draft cycle and goes on to its assignments, or shows
/// the form again with every problem next to its field and everything typed kept.
pub(super) async fn submit(
    State(state): State<AppState>,
    visit: Visit,
    HrVisitor(visitor): HrVisitor,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, PageError> {
    let lang = visit.lang;
    let sent = match form {
        Ok(Form(fields)) => Sent::from_fields(fields),
        Err(_) => Sent::default(),
    };
    let choices = choices(&state, lang).await?;
    let chosen = sent.model.trim().parse::<i64>().unwrap_or(choices.builtin);
    let model = model_or_builtin(&state, chosen, choices.builtin).await?;
    let layout = wizard_layout(&state, &visit, &visitor);
    let mut shown = page(layout, &choices, &model, model.info.id, Some(&sent));
    if !csrf::matches(&visitor.csrf(&state), sent.csrf.as_deref()) {
        shown.general.push(t!(lang, "hr.wizard.expired").into());
        return Ok(html(StatusCode::FORBIDDEN, &shown));
    }
    if sent.action == "refresh" || sent.shown_model != model.info.id.to_string() {
        shown.note = Some(t!(
            lang,
            "hr.wizard.model_changed",
            model = &model.info.name
        ));
        return Ok(html(StatusCode::OK, &shown));
    }
    let codes: Vec<String> = shown.dimensions.iter().map(|d| d.0.clone()).collect();
    let (body, mut problems) = request(&sent, model.info.id, &codes, &choices.people);
    let none_chosen = matches!(&body.assessees, AssesseesIn::Ids(ids) if ids.is_empty());
    let outcome = match body.parse() {
        Ok(new) if problems.is_empty() => {
            match state.store.create_cycle_by(new, Some(&visitor.user)).await {
                Ok(cycle) => {
                    return Ok(see_other(&format!(
                        "/hr/cycles/{}/assignments?created=1",
                        cycle.id
                    )));
                }
                Err(e) => ApiError::from(e),
            }
        }
        Ok(_) => ApiError::invalid(Vec::new()),
        Err(e) => e,
    };
    if outcome.status() != StatusCode::UNPROCESSABLE_ENTITY {
        return Err(outcome.into());
    }
    let mut lines: Vec<(String, String)> = problems
        .drain(..)
        .map(|(field, m)| (field, m.render(lang)))
        .collect();
    for p in outcome.problems() {
        lines.push((p.field().unwrap_or_default().to_string(), p.text(lang)));
    }
    if none_chosen && !lines.iter().any(|(f, _)| f == "assessees") {
        let m = msg!("cycle.settings.no_assessees");
        lines.push(("assessees".into(), m.render(lang)));
    }
    place(&mut shown, lines);
    Ok(html(StatusCode::UNPROCESSABLE_ENTITY, &shown))
}

/// Puts each problem next to its field: those of a field the form has, by it; the others
/// at the top.
fn place(page: &mut WizardPage, problems: Vec<(String, String)>) {
    let fields: Vec<String> = [
        "name",
        "starts_on",
        "ends_on",
        "model",
        "weights",
        "threshold",
        "peers",
        "assessees",
    ]
    .into_iter()
    .map(str::to_string)
    .chain(Relationship::ALL.iter().flat_map(|r| {
        [
            format!("weights.{}", r.code()),
            format!("dimensions.{}", r.code()),
        ]
    }))
    .collect();
    for (field, text) in problems {
        if fields.contains(&field) {
            page.problems.entry(field).or_default().push(text);
        } else {
            page.general.push(text);
        }
    }
}
