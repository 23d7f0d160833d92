//! A rater's answers as the API takes them — `{"1.1": 5, "1.2": "na", …}` — checked against
//! the model and turned into one answer per item, in model order. The JSON API and the
//! rater's HTML form both check a response here, so that they accept exactly the same.

use serde_json::{Map, Value};
use yardstick_core::bounds::TextRule;
use yardstick_core::{Choice, Given, Model};
use yardstick_i18n::{Message, msg};
use yardstick_store::ResponseInput;

use crate::error::Problem;

/// A whole response to save from the answers given (see [`parse_answers`]) and the comment
/// (none is `""`; [`TextRule::COMMENT`]: at most 5,000 characters, no control characters
/// but line breaks and tabs). Every problem is reported: the answers' in model order, then
/// the comment's (field `comment`).
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
    // The comment kept is the one checked, trimmed: white space around it may hold control
    // characters (U+000B, U+000C, U+0085) that the check does not look at.
    let comment = match TextRule::COMMENT.check(comment.as_deref().unwrap_or_default()) {
        Ok(checked) => checked.to_string(),
        Err(problem) => {
            let m = msg!("answers.comment", problem = problem.message());
            problems.push(Problem::message(Some("comment"), m));
            String::new()
        }
    };
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
    // What a whole answer may be, for the problems of answers that are not.
    let whole = |code: &str, given: String| {
        if allow_na {
            msg!(
                "answers.not_whole_or_na",
                code = code,
                min = min,
                max = max,
                given = given
            )
        } else {
            msg!(
                "answers.not_whole",
                code = code,
                min = min,
                max = max,
                given = given
            )
        }
    };
    for (code, value) in given {
        let field = format!("answers.{code}");
        let Some(index) = model.item_index(code) else {
            let m = msg!("answers.no_item", code = code);
            problems.push((usize::MAX, Problem::message(Some(&field), m)));
            continue;
        };
        if !asked.get(index).copied().unwrap_or(true) {
            if !value.is_null() {
                let m = msg!("dimensions.not_asked", code = code);
                problems.push((index, Problem::message(Some(&field), m)));
            }
            continue;
        }
        let mut refuse = |m: Message| {
            problems.push((index, Problem::message(Some(&field), m)));
        };
        match value {
            Value::Null => {}
            Value::Number(n) => match n.as_i64() {
                Some(v) if scale.contains(v) => {
                    answers[index] = i32::try_from(v).ok().map(Choice::Point);
                    answered[index] = true;
                }
                Some(v) => refuse(msg!(
                    "answers.off_scale",
                    code = code,
                    value = v,
                    min = min,
                    max = max
                )),
                None => refuse(whole(code, n.to_string())),
            },
            Value::String(s) if s.trim().eq_ignore_ascii_case("na") => {
                if allow_na {
                    answers[index] = Some(Choice::Na);
                    answered[index] = true;
                } else {
                    refuse(msg!(
                        "answers.na_not_allowed",
                        code = code,
                        min = min,
                        max = max
                    ));
                }
            }
            other => refuse(whole(code, other.to_string())),
        }
    }
    if submit && !allow_na {
        for (index, item) in model.items().iter().enumerate() {
            let refused = problems.iter().any(|(i, _)| *i == index);
            let is_asked = asked.get(index).copied().unwrap_or(true);
            if is_asked && !answered[index] && !refused {
                let code = item.code();
                let m = msg!("answers.required", code = code);
                problems.push((index, Problem::message(Some(&format!("answers.{code}")), m)));
            }
        }
    }
    if problems.is_empty() {
        return Ok(answers);
    }
    problems.sort_by_key(|(i, _)| *i);
    Err(problems.into_iter().map(|(_, p)| p).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the `forms` fuzz target: a comment ending in a vertical tab passed the check
    /// (which looks at the trimmed text) and was kept whole, control character and all.
    #[test]
    fn a_comment_is_kept_as_checked_without_control_characters_around_it() {
        let Ok(model) = yardstick_formats::builtin_model() else {
            panic!("the built-in model does not load");
        };
        let asked = vec![true; model.items().len()];
        let given = Map::new();
        for raw in ["很好\u{b}", "\u{c} 很好 \u{85}", "\u{b}"] {
            let Ok(input) = parse_response(&model, &asked, &given, Some(raw.into()), false) else {
                panic!("{raw:?} refused");
            };
            assert!(
                !input.comment.chars().any(char::is_control),
                "{:?} kept from {raw:?}",
                input.comment
            );
        }
        let Ok(input) = parse_response(
            &model,
            &asked,
            &given,
            Some(" 第一行\n第二行\t ".into()),
            false,
        ) else {
            panic!("a comment of two lines refused");
        };
        assert_eq!(input.comment, "第一行\n第二行");
    }
}
