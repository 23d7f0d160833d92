//! The questionnaire page of one assessee: the scale explained once, then per dimension each
//! item with its radio group `item-{code}` (`1`…`max`, and `na` when the model allows N/A),
//! the comment box and the two buttons. It shows either the saved response or the answers
//! a rater just sent with the problems found in them, each next to its item; a submitted
//! response, or any response while the cycle is not open, is shown read-only.

use std::collections::HashMap;

use askama::Template;
use yardstick_core::Lang;
use yardstick_store::{RaterResponse, ResponseStatus};

use super::Links;
use super::words::{self, Words};
use crate::error::Problem;

/// The answers and comment to show, answers as the form sends them: by item code, a point
/// (`"4"`) or `"na"`.
pub(super) struct Filled {
    values: HashMap<String, String>,
    comment: String,
}

impl Filled {
    /// The saved response, if any. The store keeps N/A and "not answered" alike: a draft
    /// shows them unanswered, a submitted response (where they count as N/A) as N/A.
    pub(super) fn saved(r: &RaterResponse) -> Filled {
        let Some(saved) = &r.saved else {
            return Filled::given(HashMap::new(), String::new());
        };
        let na = saved.status == ResponseStatus::Submitted && r.model.model.scale().allow_na();
        let values = r
            .model
            .model
            .items()
            .iter()
            .zip(&saved.answers)
            .filter_map(|(item, answer)| {
                let value = match answer {
                    Some(point) => point.to_string(),
                    None if na => "na".to_string(),
                    None => return None,
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
            Err(_) => Some(value.to_ascii_lowercase()),
        }
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
    /// The point's label, for screen readers and wider screens.
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
    heading: String,
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
    t: &'static Words,
    cycle: String,
    name: String,
    relationship: &'static str,
    list_href: String,
    form_href: String,
    notice: Option<&'static str>,
    problems: Vec<Summary>,
    show_items: bool,
    editable: bool,
    scale: Vec<Point>,
    allow_na: bool,
    unanswered_note: &'static str,
    dimensions: Vec<DimensionView>,
    comment: String,
    comment_problem: Option<String>,
    answered: usize,
    total: usize,
}

impl Questionnaire {
    /// The page of `r`, filled with `filled`, with `problems` next to their items.
    pub(super) fn new(
        lang: Lang,
        r: &RaterResponse,
        links: &Links,
        filled: &Filled,
        problems: &[Problem],
    ) -> Questionnaire {
        let model = &r.model.model;
        let scale = model.scale();
        let not_open = words::cycle_not_open(lang, r.cycle.state);
        let submitted = r.task.status == ResponseStatus::Submitted;
        let editable = not_open.is_none() && !submitted;
        let mut by_item: HashMap<&str, String> = HashMap::new();
        let mut comment_problem = None;
        let mut summary = Vec::new();
        for p in problems {
            let text = p.text(lang);
            let field = p.field().unwrap_or_default();
            let href = if let Some(code) = field.strip_prefix("answers.") {
                model.item_index(code).map(|_| {
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
                    .map(|l| words::scale_label(lang, l).to_string())
                    .unwrap_or_default(),
            })
            .collect();
        let na_word = Words::of(lang).na;
        let mut answered = 0;
        let dimensions = model
            .dimensions()
            .iter()
            .map(|d| DimensionView {
                heading: format!("{} {}", d.code(), d.name()),
                items: model
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
                        answered += usize::from(choices.iter().any(|c| c.checked));
                        ItemView {
                            code: item.code().to_string(),
                            text: item.text().to_string(),
                            problem: by_item.remove(item.code()),
                            choices,
                        }
                    })
                    .collect(),
            })
            .collect();
        Questionnaire {
            t: Words::of(lang),
            cycle: r.cycle.name.clone(),
            name: r.task.name.clone(),
            relationship: r.task.relationship.label(lang),
            list_href: links.list.clone(),
            form_href: links.questionnaire(&r.task.assessee),
            notice: not_open.or(submitted.then(|| words::submitted_note(lang))),
            problems: summary,
            show_items: editable || r.saved.is_some(),
            editable,
            scale: points,
            allow_na: scale.allow_na(),
            unanswered_note: words::unanswered_note(lang, scale.allow_na()),
            dimensions,
            comment: filled.comment.clone(),
            comment_problem,
            answered,
            total: model.items().len(),
        }
    }
}

/// Adds a line to a message that may hold several.
fn push_line(message: &mut String, line: &str) {
    if !message.is_empty() {
        message.push('\n');
    }
    message.push_str(line);
}
