//! A rater's answers as the API takes them — `{"1.1": 5, "1.2": "na", …}` — checked against
//! the model and turned into one answer per item, in model order. The JSON API and the
//! rater's HTML form both check a response here, so that they accept exactly the same.

use serde_json::{Map, Value};
use yardstick_core::{Choice, Given, Model};
use yardstick_i18n::msg;
use yardstick_store::ResponseInput;

use crate::error::Problem;

/// Longest comment taken, in characters.
pub(crate) const MAX_COMMENT: usize = 5000;

/// A whole response to save from the answers given (see [`parse_answers`]) and the comment
/// (none is `""`, at most [`MAX_COMMENT`] characters). Every problem is reported: the
/// answers' in model order, then the comment's (field `comment`).
pub(crate) fn parse_response(
    model: &Model,
    asked: &[bool],
    given: &Map<String, Value>,
    comment: Option<String>,
    submit: bool,
) -> Result<ResponseInput, Vec<Problem>> {
    let (answers, mut problems) = match parse_answers(model, asked, given, submit) {
        Ok(answers) => (answers, Vec::new()),
        Err(problems) => (Vec::new(), problems),
    };
    let comment = comment.unwrap_or_default();
    if comment.chars().count() > MAX_COMMENT {
        problems.push(Problem::new(
            Some("comment"),
            format!("评语最多 {MAX_COMMENT} 个字"),
            format!("the comment may have at most {MAX_COMMENT} characters"),
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(ResponseInput {
        answers,
        comment,
        submit,
    })
}

/// One choice per model item from the answers given: a point of the scale, `"na"` (when the
/// model allows N/A) or `null`; items left out or `null` are not answered (scored like
/// `"na"`, but a draft shows them without a choice). `asked` says per item whether the
/// cycle asks it of this rater's relationship: an item not asked may only be left out (or
/// `null`). A submission to a model without N/A must answer every item asked. Every
/// problem is reported, in model order, each naming its field as `answers.<item code>`.
fn parse_answers(
    model: &Model,
    asked: &[bool],
    given: &Map<String, Value>,
    submit: bool,
) -> Result<Vec<Given>, Vec<Problem>> {
    let scale = model.scale();
    let (min, max, allow_na) = (scale.min(), scale.max(), scale.allow_na());
    let mut answers: Vec<Given> = vec![None; model.items().len()];
    let mut answered = vec![false; answers.len()];
    let mut problems: Vec<(usize, Problem)> = Vec::new();
    let na_zh = if allow_na {
        "或 \"na\"(无法评价)"
    } else {
        ""
    };
    let na_en = if allow_na { " or \"na\" (N/A)" } else { "" };
    for (code, value) in given {
        let field = format!("answers.{code}");
        let Some(index) = model.item_index(code) else {
            problems.push((
                usize::MAX,
                Problem::new(
                    Some(&field),
                    format!("模型中没有编号为“{code}”的评估项目"),
                    format!("the model has no item \"{code}\""),
                ),
            ));
            continue;
        };
        if !asked.get(index).copied().unwrap_or(true) {
            if !value.is_null() {
                let m = msg!("dimensions.not_asked", code = code);
                problems.push((index, Problem::message(Some(&field), m)));
            }
            continue;
        }
        let mut refuse = |zh: String, en: String| {
            problems.push((index, Problem::new(Some(&field), zh, en)));
        };
        match value {
            Value::Null => {}
            Value::Number(n) => match n.as_i64() {
                Some(v) if scale.contains(v) => {
                    answers[index] = i32::try_from(v).ok().map(Choice::Point);
                    answered[index] = true;
                }
                Some(v) => refuse(
                    format!("“{code}”的答案 {v} 不在量表 {min}–{max} 之内"),
                    format!("the answer {v} to {code} is outside the scale {min}–{max}"),
                ),
                None => refuse(
                    format!("“{code}”的答案须为 {min} 到 {max} 的整数{na_zh},而不是 {n}"),
                    format!(
                        "the answer to {code} must be a whole number from {min} to {max}{na_en}, not {n}"
                    ),
                ),
            },
            Value::String(s) if s.trim().eq_ignore_ascii_case("na") => {
                if allow_na {
                    answers[index] = Some(Choice::Na);
                    answered[index] = true;
                } else {
                    refuse(
                        format!("本模型不允许“无法评价”,请为“{code}”选择 {min} 到 {max} 的分数"),
                        format!(
                            "this model does not allow \"na\": answer {code} with a whole number from {min} to {max}"
                        ),
                    );
                }
            }
            other => refuse(
                format!("“{code}”的答案须为 {min} 到 {max} 的整数{na_zh},而不是 {other}"),
                format!(
                    "the answer to {code} must be a whole number from {min} to {max}{na_en}, not {other}"
                ),
            ),
        }
    }
    if submit && !allow_na {
        for (index, item) in model.items().iter().enumerate() {
            let refused = problems.iter().any(|(i, _)| *i == index);
            let is_asked = asked.get(index).copied().unwrap_or(true);
            if is_asked && !answered[index] && !refused {
                let code = item.code();
                problems.push((
                    index,
                    Problem::new(
                        Some(&format!("answers.{code}")),
                        format!("提交前请回答“{code}”(本模型不允许“无法评价”)"),
                        format!("answer {code} before submitting (this model does not allow N/A)"),
                    ),
                ));
            }
        }
    }
    if problems.is_empty() {
        return Ok(answers);
    }
    problems.sort_by_key(|(i, _)| *i);
    Err(problems.into_iter().map(|(_, p)| p).collect())
}
