//! The questionnaire page of one assessee: the deadline, a row of links to jump between the
//! dimensions, the scale explained once, then per dimension each item with its radio group
//! `item-{code}` (`1`…`max`, and `na` when the model allows N/A; every point shows its label,
//! on phones too), the comment box, a "save draft" bar that stays in view, and "submit" in
//! its own place at the end. Only the dimensions the cycle asks of the rater's relationship
//! are shown (a homeowner is not asked 团队建设). It shows either the saved response or the
//! answers a rater just sent with the problems found in them, each next to its item; a
//! submitted response, or any response while the cycle is not open, is shown read-only.
//!
//! With JavaScript (`static/rater.js`) the page counts answers as they are given, saves a
//! draft by itself a moment after each change (retrying after a network error, the answers
//! staying in the page; after a 503 from a full disk, when the server asks), keeps a copy of
//! unsaved answers in `localStorage` until a save succeeds, and asks before submitting. Every word the script shows is in the
//! form's `data-` attributes, from the catalogues.

use std::collections::HashMap;

use askama::Template;
use yardstick_core::{Lang, Model, ScaleDraft};
use yardstick_i18n::{Key, k, t};
use yardstick_store::{CycleState, RaterResponse, ResponseStatus};

use super::rater::Links;
use super::{Layout, encode};
use crate::error::Problem;

/// The answers and comment to show, answers as the form sends them: by item code, a point
/// (`"4"`) or `"na"`.
pub(super) struct Filled {
    values: HashMap<String, String>,
    comment: String,
}

impl Filled {
    /// The saved response, if any: its points and N/A as chosen, items not answered
    /// without a choice.
    pub(super) fn saved(r: &RaterResponse) -> Filled {
        let Some(saved) = &r.saved else {
            return Filled::given(HashMap::new(), String::new());
        };
        let values = r
            .model
            .model
            .items()
            .iter()
            .zip(&saved.answers)
            .filter_map(|(item, given)| {
                let value = match (*given)? {
                    yardstick_core::Choice::Point(point) => point.to_string(),
                    yardstick_core::Choice::Na => "na".to_string(),
                };
                Some((item.code().to_string(), value))
            })
            .collect();
        Filled::given(values, saved.comment.clone())
    }

    /// What the rater sent.
    pub(super) fn given(values: HashMap<String, String>, comment: String) -> Filled {
        Filled { values, comment }
    }

    /// The choice `code` was given, written as the radio's value, if it is one.
    fn choice(&self, code: &str) -> Option<String> {
        let value = self.values.get(code)?.trim();
        match value.parse::<i64>() {
            Ok(point) => Some(point.to_string()),
            Err(_) if value.is_empty() => None,
            Err(_) => Some(value.to_ascii_lowercase()),
        }
    }

    /// How many of the items asked (`asked`, per item of the model) have no answer
    /// (neither a point nor N/A).
    pub(super) fn unanswered(&self, model: &Model, asked: &[bool]) -> usize {
        model
            .items()
            .iter()
            .zip(asked)
            .filter(|(item, asked)| **asked && self.choice(item.code()).is_none())
            .count()
    }

    /// The answers as hidden fields, for the confirmation page.
    pub(super) fn fields(&self, model: &Model) -> Vec<(String, String)> {
        model
            .items()
            .iter()
            .filter_map(|item| {
                let value = self.values.get(item.code())?;
                Some((format!("item-{}", item.code()), value.clone()))
            })
            .collect()
    }

    /// The comment.
    pub(super) fn comment(&self) -> &str {
        &self.comment
    }
}

/// A point of the scale, for the explanation above the items.
struct Point {
    point: String,
    label: String,
}

/// One radio button.
struct Choice {
    value: String,
    /// What the button shows: the point, or the word for N/A.
    point: String,
    /// The point's label.
    label: String,
    na: bool,
    checked: bool,
}

/// One item with its radio group.
struct ItemView {
    code: String,
    text: String,
    problem: Option<String>,
    choices: Vec<Choice>,
}

/// One dimension with its items.
struct DimensionView {
    anchor: String,
    code: String,
    name: String,
    answered: usize,
    items: Vec<ItemView>,
}

/// A problem in the list above the form, linking to its item when it has one.
struct Summary {
    text: String,
    href: Option<String>,
}

/// The questionnaire page.
#[derive(Template)]
#[template(path = "rater/questionnaire.html")]
pub(super) struct Questionnaire {
    layout: Layout,
    cycle: String,
    name: String,
    relationship: &'static str,
    deadline: Option<String>,
    list_href: String,
    form_href: String,
    api_href: String,
    csrf: String,
    notice: Option<Key>,
    problems: Vec<Summary>,
    problems_title: Key,
    show_items: bool,
    editable: bool,
    scale: Vec<Point>,
    allow_na: bool,
    unanswered_note: Key,
    dimensions: Vec<DimensionView>,
    comment: String,
    comment_problem: Option<String>,
    answered: usize,
    total: usize,
    /// Seconds after which the page's script saves again, when the page shows answers the
    /// server could not store.
    unsaved: Option<u32>,
}

/// Why nothing can be answered now, or `None` while the cycle is open.
pub(super) fn not_open(state: CycleState) -> Option<Key> {
    match state {
        CycleState::Open => None,
        CycleState::Draft => Some(k!("rater.not_open_yet")),
        CycleState::Closed | CycleState::Published => Some(k!("rater.closed")),
    }
}

/// A scale label of the model in `lang`: the default labels (很差 … 优秀, SPEC §2) have words
/// in the catalogues; any other label is the model's own text.
pub(super) fn scale_label(lang: Lang, label: &str) -> String {
    const KEYS: [Key; 5] = [
        k!("rater.scale.very_poor"),
        k!("rater.scale.poor"),
        k!("rater.scale.fair"),
        k!("rater.scale.good"),
        k!("rater.scale.excellent"),
    ];
    let defaults = ScaleDraft::default_five().labels;
    match defaults.iter().position(|d| d == label) {
        Some(i) => KEYS[i].text(lang).to_string(),
        None => label.to_string(),
    }
}

/// What the page needs besides the response.
pub(super) struct Context<'a> {
    /// The page's layout.
    pub layout: Layout,
    /// The rater's links.
    pub links: &'a Links,
    /// The CSRF token of the rater's forms.
    pub csrf: String,
}

impl Questionnaire {
    /// The page of `r`, filled with `filled`, with `problems` next to their items.
    pub(super) fn new(
        cx: Context<'_>,
        r: &RaterResponse,
        filled: &Filled,
        problems: &[Problem],
    ) -> Questionnaire {
        let lang = cx.layout.lang;
        let model = &r.model.model;
        let scale = model.scale();
        let closed = not_open(r.cycle.state);
        let submitted = r.task.status == ResponseStatus::Submitted;
        let editable = closed.is_none() && !submitted;
        let mut by_item: HashMap<&str, String> = HashMap::new();
        let mut comment_problem = None;
        let mut summary = Vec::new();
        for p in problems {
            let text = p.text(lang);
            let field = p.field().unwrap_or_default();
            let shown = |i: usize| {
                r.cycle.dimensions.asks(
                    r.task.relationship,
                    model.dimensions()[model.dimension_of_item(i)].code(),
                )
            };
            let href = if let Some(code) = field.strip_prefix("answers.") {
                // An item not asked is not on the page: its problem has no place to link to.
                model.item_index(code).filter(|i| shown(*i)).map(|_| {
                    push_line(by_item.entry(code).or_default(), &text);
                    format!("#item-{code}")
                })
            } else if field == "comment" {
                push_line(comment_problem.get_or_insert_with(String::new), &text);
                Some("#comment".to_string())
            } else {
                None
            };
            summary.push(Summary { text, href });
        }
        let points: Vec<Point> = (scale.min()..=scale.max())
            .map(|v| Point {
                point: v.to_string(),
                label: scale
                    .label(v)
                    .map(|l| scale_label(lang, l))
                    .unwrap_or_default(),
            })
            .collect();
        let na_word = t!(lang, "rater.na");
        let mut answered = 0;
        let mut total = 0;
        // Only the dimensions the cycle asks of this rater's relationship are shown.
        let asked = &r.cycle.dimensions;
        let relationship = r.task.relationship;
        let dimensions = model
            .dimensions()
            .iter()
            .filter(|d| asked.asks(relationship, d.code()))
            .map(|d| {
                let items: Vec<ItemView> = model
                    .dimension_items(d)
                    .iter()
                    .map(|item| {
                        let chosen = filled.choice(item.code());
                        let mut choices: Vec<Choice> = points
                            .iter()
                            .map(|p| Choice {
                                value: p.point.clone(),
                                point: p.point.clone(),
                                label: p.label.clone(),
                                na: false,
                                checked: chosen.as_deref() == Some(p.point.as_str()),
                            })
                            .collect();
                        if scale.allow_na() {
                            choices.push(Choice {
                                value: "na".to_string(),
                                point: na_word.to_string(),
                                label: String::new(),
                                na: true,
                                checked: chosen.as_deref() == Some("na"),
                            });
                        }
                        ItemView {
                            code: item.code().to_string(),
                            text: item.text().to_string(),
                            problem: by_item.remove(item.code()),
                            choices,
                        }
                    })
                    .collect();
                let done = items
                    .iter()
                    .filter(|i| i.choices.iter().any(|c| c.checked))
                    .count();
                answered += done;
                total += items.len();
                DimensionView {
                    anchor: format!("dim-{}", encode(d.code())),
                    code: d.code().to_string(),
                    name: d.name().to_string(),
                    answered: done,
                    items,
                }
            })
            .collect();
        Questionnaire {
            cycle: r.cycle.name.clone(),
            name: r.task.name.clone(),
            relationship: r.task.relationship.label(lang),
            deadline: r.cycle.ends_on.clone(),
            list_href: cx.links.list.clone(),
            form_href: cx.links.questionnaire(&r.task.assessee),
            api_href: cx.links.api(&r.task.assessee),
            csrf: cx.csrf,
            notice: closed.or(submitted.then(|| k!("rater.submitted_note"))),
            problems: summary,
            problems_title: k!("rater.problems"),
            show_items: editable || r.saved.is_some(),
            editable,
            scale: points,
            allow_na: scale.allow_na(),
            unanswered_note: if scale.allow_na() {
                k!("rater.unanswered_na")
            } else {
                k!("rater.unanswered_required")
            },
            dimensions,
            comment: filled.comment.clone(),
            comment_problem,
            answered,
            total,
            unsaved: None,
            layout: cx.layout,
        }
    }

    /// The same page, saying its answers are not stored: the script keeps a copy and saves
    /// them after `seconds`.
    #[must_use]
    pub(super) fn unsaved(mut self, seconds: u32) -> Questionnaire {
        self.unsaved = Some(seconds);
        self
    }

    /// The same page with another heading above its problems.
    #[must_use]
    pub(super) fn problems_titled(mut self, title: Key) -> Questionnaire {
        self.problems_title = title;
        self
    }
}

/// Adds a line to a message that may hold several.
fn push_line(message: &mut String, line: &str) {
    if !message.is_empty() {
        message.push('\n');
    }
    message.push_str(line);
}
