//! Forms in the seed's text layout (SPEC §5, `yardstick model import-text`): numbered
//! headings such as `一、客户意识(权重:25%)`, then numbered item rows, with the debris a pasted
//! Word or Excel table leaves behind (`|` separators, tabs, blank lines, the `序号`/`评估项目`
//! header). Full-width and half-width brackets, colons and percent signs are all accepted.

use yardstick_core::{
    DimensionDraft, GradeDraft, ItemDraft, Model, ModelDraft, ModelProblem, ModelWarning,
    PercentMode, ScaleDraft, Validated, Where,
};

use crate::text::{halfwidth, trim};
use yardstick_i18n::{Message, msg};

/// The name a form's model gets when neither the form nor the user gives one.
pub const DEFAULT_NAME: &str = "物业管理人员能力素质模型";
/// The version a form's model gets when the user gives none.
pub const DEFAULT_VERSION: &str = "1";

/// Choices for reading a form.
#[derive(Clone, Debug, Default)]
pub struct FormOptions {
    /// The model's name; default: the form's title line, or [`DEFAULT_NAME`].
    pub name: Option<String>,
    /// The model's version; default [`DEFAULT_VERSION`].
    pub version: Option<String>,
}

/// A problem in a form, with its line.
#[derive(Clone, Debug, PartialEq)]
pub struct FormProblem {
    /// 1-based line in the form, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub kind: FormProblemKind,
}

/// What is wrong with a form.
#[derive(Clone, Debug, PartialEq)]
pub enum FormProblemKind {
    /// No dimension heading was found at all.
    NoHeadings,
    /// A numbered item before the first heading.
    ItemBeforeHeading(String),
    /// An item number with no text after it.
    ItemWithoutText(String),
    /// Some headings give a weight and others do not.
    WeightMissing(String),
    /// A rule of the model is broken.
    Model(ModelProblem),
}

impl FormProblem {
    /// The message, with the line, not yet in words.
    pub fn message(&self) -> Message {
        let problem = match &self.kind {
            FormProblemKind::NoHeadings => msg!("form.problem.no_headings"),
            FormProblemKind::ItemBeforeHeading(n) => {
                msg!("form.problem.item_before_heading", n = n)
            }
            FormProblemKind::ItemWithoutText(code) => {
                msg!("form.problem.item_without_text", code = code)
            }
            FormProblemKind::WeightMissing(name) => {
                msg!("form.problem.weight_missing", name = name)
            }
            FormProblemKind::Model(p) => p.message(),
        };
        at_line(self.line, problem)
    }
}

/// A problem with the line it is on, when known.
pub(crate) fn at_line(line: Option<usize>, problem: Message) -> Message {
    match line {
        Some(line) => msg!("model.file.at_line", line = line, problem = problem),
        None => problem,
    }
}

/// Table header words that carry no content.
const HEADER_WORDS: &[&str] = &[
    "序号",
    "编号",
    "评估项目",
    "评价项目",
    "评估内容",
    "项目",
    "行为描述",
    "No.",
    "No",
];

struct Heading {
    code: Option<u32>,
    name: String,
    weight: Option<f64>,
}

struct DimensionRows {
    heading: Heading,
    line: usize,
    items: Vec<ItemRows>,
}

struct ItemRows {
    number: String,
    text: String,
    line: usize,
}

/// Reads a form into a validated model.
pub fn read_form_text(text: &str, options: &FormOptions) -> Result<Validated, Vec<FormProblem>> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut problems = Vec::new();
    let mut title: Option<String> = None;
    let mut dimensions: Vec<DimensionRows> = Vec::new();

    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        for cell in line
            .split(['|', '\t', '\u{FF5C}'])
            .map(trim)
            .filter(|c| !c.is_empty())
        {
            if let Some(heading) = parse_heading(cell) {
                dimensions.push(DimensionRows {
                    heading,
                    line: line_no,
                    items: Vec::new(),
                });
                continue;
            }
            if HEADER_WORDS.contains(&cell) {
                continue;
            }
            let (number, rest) = split_item_number(cell);
            match (number, dimensions.last_mut()) {
                (Some(number), None) => problems.push(FormProblem {
                    line: Some(line_no),
                    kind: FormProblemKind::ItemBeforeHeading(number),
                }),
                (Some(number), Some(d)) => d.items.push(ItemRows {
                    number,
                    text: rest.to_string(),
                    line: line_no,
                }),
                (None, None) => {
                    title.get_or_insert_with(|| cell.to_string());
                }
                // Text between a heading and its first item is a description, not an item.
                (None, Some(d)) => {
                    if let Some(item) = d.items.last_mut() {
                        append(&mut item.text, cell);
                    }
                }
            }
        }
    }
    if dimensions.is_empty() {
        problems.push(FormProblem {
            line: None,
            kind: FormProblemKind::NoHeadings,
        });
    }

    let with_weight = dimensions
        .iter()
        .filter(|d| d.heading.weight.is_some())
        .count();
    let mut warnings = Vec::new();
    let equal = 100.0 / dimensions.len().max(1) as f64;
    if with_weight == 0 && !dimensions.is_empty() {
        warnings.push(ModelWarning::EqualWeightsAssigned { weight: equal });
    } else if with_weight < dimensions.len() {
        for d in dimensions.iter().filter(|d| d.heading.weight.is_none()) {
            problems.push(FormProblem {
                line: Some(d.line),
                kind: FormProblemKind::WeightMissing(d.heading.name.clone()),
            });
        }
    }

    let mut draft_dimensions = Vec::with_capacity(dimensions.len());
    for (position, d) in dimensions.iter().enumerate() {
        let code = d
            .heading
            .code
            .map_or(position + 1, |c| c as usize)
            .to_string();
        let mut items = Vec::with_capacity(d.items.len());
        for item in &d.items {
            let item_code = format!("{code}.{}", item.number);
            if item.text.is_empty() {
                problems.push(FormProblem {
                    line: Some(item.line),
                    kind: FormProblemKind::ItemWithoutText(item_code.clone()),
                });
            }
            items.push(ItemDraft {
                code: item_code,
                text: item.text.clone(),
            });
        }
        draft_dimensions.push(DimensionDraft {
            code,
            name: d.heading.name.clone(),
            weight: d.heading.weight.unwrap_or(equal),
            items,
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let draft = ModelDraft {
        name: options
            .name
            .clone()
            .or(title)
            .unwrap_or_else(|| DEFAULT_NAME.to_string()),
        version: options
            .version
            .clone()
            .unwrap_or_else(|| DEFAULT_VERSION.to_string()),
        percent: PercentMode::Ratio,
        scale: ScaleDraft::default_five(),
        grades: GradeDraft::defaults(),
        dimensions: draft_dimensions,
    };
    let mut validated = Model::validate(draft).map_err(|found| {
        found
            .into_iter()
            .map(|p| FormProblem {
                line: match p.at() {
                    Where::Dimension { index, .. } => dimensions.get(index).map(|d| d.line),
                    Where::Item {
                        dimension, index, ..
                    } => dimensions
                        .get(dimension)
                        .and_then(|d| d.items.get(index))
                        .map(|i| i.line),
                    _ => None,
                },
                kind: FormProblemKind::Model(p),
            })
            .collect::<Vec<_>>()
    })?;
    warnings.append(&mut validated.warnings);
    validated.warnings = warnings;
    Ok(validated)
}

/// Appends a continuation line of an item's text: directly after CJK text, with a space
/// between two Latin words.
fn append(text: &mut String, more: &str) {
    let latin_edge = text
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && more
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    if latin_edge {
        text.push(' ');
    }
    text.push_str(more);
}

/// A heading: a numeral (Chinese, or Arabic followed by a weight), a separator (、 . ．),
/// the dimension's name, and optionally `(权重:25%)` in any bracket, colon and percent form.
fn parse_heading(cell: &str) -> Option<Heading> {
    let normal = halfwidth(cell);
    let (numeral, rest) = split_numeral(&normal)?;
    let rest = rest.strip_prefix(['、', '.', ',', ' '])?.trim();
    let chinese = numeral.chars().all(|c| CHINESE_DIGITS.contains(&c));
    let (name, weight) = match rest.rfind('(') {
        Some(open) if rest.ends_with(')') => match parse_weight(&rest[open + 1..rest.len() - 1]) {
            Some(w) => (rest[..open].trim(), Some(w)),
            None => (rest, None),
        },
        _ => (rest, None),
    };
    if name.is_empty() || (!chinese && weight.is_none()) {
        return None;
    }
    let code = if chinese {
        chinese_number(numeral)
    } else {
        numeral.parse().ok()
    };
    Some(Heading {
        code,
        name: name.to_string(),
        weight,
    })
}

/// `权重:25%`, `权重 25%`, `25%`, `权重:12.5` → the number.
fn parse_weight(inner: &str) -> Option<f64> {
    let inner = inner.trim();
    let inner = inner.strip_prefix("权重").unwrap_or(inner).trim_start();
    let inner = inner.strip_prefix(':').unwrap_or(inner).trim();
    let inner = inner.strip_suffix('%').unwrap_or(inner).trim();
    inner.parse::<f64>().ok().filter(|w| w.is_finite())
}

const CHINESE_DIGITS: &[char] = &[
    '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '两',
];

fn split_numeral(s: &str) -> Option<(&str, &str)> {
    let end = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || CHINESE_DIGITS.contains(c)))
        .map_or(s.len(), |(i, _)| i);
    (end > 0).then(|| s.split_at(end))
}

/// 一 … 九十九.
fn chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| match c {
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d),
        ['十', d] => Some(10 + digit(*d)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', d] => Some(digit(*t)? * 10 + digit(*d)?),
        _ => None,
    }
}

/// An item number: a cell that is only a number (`7`, `7.`, `7、`), or a number and the
/// item's text in one cell (`7、举一反三`). Returns the number and the text after it.
fn split_item_number(cell: &str) -> (Option<String>, &str) {
    let digits_end = cell
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || ('\u{FF10}'..='\u{FF19}').contains(c)))
        .map_or(cell.len(), |(i, _)| i);
    if digits_end == 0 {
        return (None, cell);
    }
    let number: String = halfwidth(&cell[..digits_end])
        .trim_start_matches('0')
        .to_string();
    let number = if number.is_empty() {
        "0".into()
    } else {
        number
    };
    let rest = &cell[digits_end..];
    if rest.is_empty() {
        return (Some(number), "");
    }
    for sep in ['、', '.', '\u{FF0E}', ')', '\u{FF09}', ' ', '\u{3000}'] {
        if let Some(text) = rest.strip_prefix(sep) {
            let text = trim(text);
            // "3.5" is not item 3; "1. 文字" and "1、文字" are.
            if !text.starts_with(|c: char| c.is_ascii_digit()) {
                return (Some(number), text);
            }
        }
    }
    (None, cell)
}

#[cfg(test)]
mod tests {
    use super::*;
    use yardstick_core::Lang;

    #[test]
    fn headings_in_every_bracket_colon_and_percent_form_are_recognised() {
        for h in [
            "一、客户意识(权重:25%)",
            // Full-width brackets, colon and percent sign, as a Chinese input method types them.
            "一、客户意识\u{FF08}权重\u{FF1A}25\u{FF05}\u{FF09}",
            "一、客户意识(权重\u{FF1A}25%)",
            "一、客户意识 (权重 25%)",
            "一\u{FF0E}客户意识(25%)",
            "1、客户意识(权重:25%)",
            "\u{FF11}、客户意识(权重:25%)",
        ] {
            let heading = parse_heading(h).unwrap_or_else(|| panic!("{h}"));
            assert_eq!(heading.name, "客户意识", "{h}");
            assert_eq!(heading.weight, Some(25.0), "{h}");
            assert_eq!(heading.code, Some(1), "{h}");
        }
        assert_eq!(parse_heading("十二、压力管理").unwrap().code, Some(12));
        assert_eq!(parse_heading("三、团队建设").unwrap().weight, None);
        assert!(parse_heading("1、把客户满意作为出发点开展工作").is_none());
        assert!(parse_heading("序号").is_none());
    }

    #[test]
    fn item_numbers_are_found_alone_or_with_their_text() {
        assert_eq!(split_item_number("12"), (Some("12".into()), ""));
        assert_eq!(
            split_item_number("3、举一反三"),
            (Some("3".into()), "举一反三")
        );
        assert_eq!(
            split_item_number("3. 举一反三"),
            (Some("3".into()), "举一反三")
        );
        assert_eq!(split_item_number("3.5"), (None, "3.5"));
        assert_eq!(split_item_number("有创新精神"), (None, "有创新精神"));
    }

    #[test]
    fn a_form_without_weights_gets_equal_weights_and_a_warning() {
        let form = "季度评估表\n一、甲\n1\t做事\n2\t做人\n二、乙\n1 | 说话 |\n";
        let v = read_form_text(form, &FormOptions::default()).unwrap();
        assert_eq!(v.model.name(), "季度评估表");
        assert_eq!(v.model.dimensions()[0].weight(), 50.0);
        assert_eq!(
            v.warnings,
            vec![ModelWarning::EqualWeightsAssigned { weight: 50.0 }]
        );
        assert_eq!(v.model.items()[2].code(), "2.1");
        assert_eq!(v.model.items()[2].text(), "说话");
    }

    #[test]
    fn form_problems_name_their_lines() {
        let form = "1 | 孤儿项目\n一、甲(权重:60%)\n1\n二、乙\n1 | 说话\n1 | 重复\n";
        let problems = read_form_text(form, &FormOptions::default()).unwrap_err();
        let messages: Vec<String> = problems
            .iter()
            .map(|p| p.message().render(Lang::En))
            .collect();
        assert!(
            messages[0].starts_with("line 1: item 1 comes before"),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("line 4: dimension \"乙\" has no weight")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("line 3: item 1.1 has a number but no text")),
            "{messages:?}"
        );
    }

    #[test]
    fn duplicate_item_numbers_are_reported_by_validation_with_their_line() {
        let form = "一、甲(权重:100%)\n1 | 说话\n1 | 重复\n";
        let problems = read_form_text(form, &FormOptions::default()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(3));
    }
}
