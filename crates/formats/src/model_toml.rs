//! The model file (SPEC §5): TOML that `yardstick model export` writes and
//! `yardstick model import` reads. Reading reports every problem with its line.

use std::fmt::Write as _;

use serde::Deserialize;
use toml::Spanned;
use yardstick_core::{
    DimensionDraft, GradeDraft, ItemDraft, Model, ModelDraft, ModelProblem, PercentMode,
    ScaleDraft, Validated, Where,
};

use crate::form_text::at_line;
use crate::text::Lines;
use yardstick_i18n::{Message, msg};

/// A problem in a model file, with the line it is on when known.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelFileProblem {
    /// 1-based line in the file.
    pub line: Option<usize>,
    /// What is wrong.
    pub kind: ModelFileProblemKind,
}

/// What is wrong with a model file.
#[derive(Clone, Debug, PartialEq)]
pub enum ModelFileProblemKind {
    /// Not valid TOML, or a key of the wrong type, a missing or an unknown key.
    Syntax(String),
    /// A rule of the model is broken.
    Model(ModelProblem),
}

impl ModelFileProblem {
    /// The message, with the line, not yet in words.
    pub fn message(&self) -> Message {
        let problem = match &self.kind {
            ModelFileProblemKind::Syntax(detail) => msg!("model.file.syntax", detail = detail),
            ModelFileProblemKind::Model(p) => p.message(),
        };
        at_line(self.line, problem)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    name: String,
    version: Text,
    #[serde(default)]
    percent: RawPercent,
    scale: Option<RawScale>,
    grades: Option<Vec<RawGrade>>,
    #[serde(default)]
    dimensions: Vec<RawDimension>,
    /// Items written outside any dimension: always an error, reported with their place.
    #[serde(default)]
    items: Vec<RawItem>,
}

#[derive(Deserialize, Default, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum RawPercent {
    #[default]
    Ratio,
    Linear,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScale {
    min: i64,
    max: i64,
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default = "yes")]
    allow_na: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrade {
    name: Spanned<String>,
    min: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDimension {
    code: Spanned<Text>,
    name: String,
    weight: Spanned<f64>,
    #[serde(default)]
    items: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    code: Spanned<Text>,
    text: String,
}

/// A code or version written as a string or as an integer.
#[derive(Deserialize)]
#[serde(untagged)]
enum Text {
    String(String),
    Integer(i64),
}

impl Text {
    fn into_string(self) -> String {
        match self {
            Text::String(s) => s,
            Text::Integer(i) => i.to_string(),
        }
    }
}

/// Reads and validates a model file. Absent `[scale]` and `[[grades]]` take the defaults of
/// SPEC §3 (1–5 labelled, N/A allowed; 优秀 90, 良好 80, 合格 70, 待改进 60, 不合格 below).
pub fn read_model_toml(text: &str) -> Result<Validated, Vec<ModelFileProblem>> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let lines = Lines::new(text);
    let raw: RawModel = toml::from_str(text).map_err(|e| {
        vec![ModelFileProblem {
            line: e.span().map(|s| lines.of(s.start)),
            kind: ModelFileProblemKind::Syntax(e.message().trim().to_string()),
        }]
    })?;

    let grade_lines: Vec<usize> = raw
        .grades
        .iter()
        .flatten()
        .map(|g| lines.of(g.name.span().start))
        .collect();
    let dimension_lines: Vec<usize> = raw
        .dimensions
        .iter()
        .map(|d| lines.of(d.code.span().start))
        .collect();
    let weight_lines: Vec<usize> = raw
        .dimensions
        .iter()
        .map(|d| lines.of(d.weight.span().start))
        .collect();
    let item_lines: Vec<Vec<usize>> = raw
        .dimensions
        .iter()
        .map(|d| {
            d.items
                .iter()
                .map(|i| lines.of(i.code.span().start))
                .collect()
        })
        .collect();
    let loose: Vec<ModelFileProblem> = raw
        .items
        .into_iter()
        .enumerate()
        .map(|(index, item)| ModelFileProblem {
            line: Some(lines.of(item.code.span().start)),
            kind: ModelFileProblemKind::Model(ModelProblem::ItemOutsideDimension(
                Where::LooseItem {
                    index,
                    code: item.code.into_inner().into_string(),
                },
            )),
        })
        .collect();

    let draft = ModelDraft {
        name: raw.name,
        version: raw.version.into_string(),
        percent: match raw.percent {
            RawPercent::Ratio => PercentMode::Ratio,
            RawPercent::Linear => PercentMode::Linear,
        },
        scale: raw
            .scale
            .map_or_else(ScaleDraft::default_five, |s| ScaleDraft {
                min: s.min,
                max: s.max,
                labels: s.labels,
                allow_na: s.allow_na,
            }),
        grades: raw.grades.map_or_else(GradeDraft::defaults, |grades| {
            grades
                .into_iter()
                .map(|g| GradeDraft {
                    name: g.name.into_inner(),
                    min: g.min,
                })
                .collect()
        }),
        dimensions: raw
            .dimensions
            .into_iter()
            .map(|d| DimensionDraft {
                code: d.code.into_inner().into_string(),
                name: d.name,
                weight: d.weight.into_inner(),
                items: d
                    .items
                    .into_iter()
                    .map(|i| ItemDraft {
                        code: i.code.into_inner().into_string(),
                        text: i.text,
                    })
                    .collect(),
            })
            .collect(),
    };
    let scale_line = text
        .lines()
        .position(|l| l.trim_start().starts_with("[scale]"))
        .map(|i| i + 1);
    let locate = |problem: &ModelProblem| match problem.at() {
        Where::Dimension { index, .. } if matches!(problem, ModelProblem::WeightInvalid { .. }) => {
            weight_lines.get(index).copied()
        }
        Where::Model => None,
        Where::Scale => scale_line,
        Where::Grade { index, .. } => grade_lines.get(index).copied(),
        Where::Dimension { index, .. } => dimension_lines.get(index).copied(),
        Where::Item {
            dimension, index, ..
        } => item_lines
            .get(dimension)
            .and_then(|l| l.get(index))
            .copied(),
        Where::LooseItem { .. } => None,
    };
    match Model::validate(draft) {
        Ok(validated) if loose.is_empty() => Ok(validated),
        Ok(_) => Err(loose),
        Err(problems) => {
            let mut all: Vec<ModelFileProblem> = problems
                .into_iter()
                .map(|p| ModelFileProblem {
                    line: locate(&p),
                    kind: ModelFileProblemKind::Model(p),
                })
                .collect();
            all.extend(loose);
            all.sort_by_key(|p| p.line.unwrap_or(0));
            Err(all)
        }
    }
}

/// Writes a model as TOML, in the layout of SPEC §5, readable by [`read_model_toml`].
pub fn write_model_toml(model: &Model) -> String {
    let mut out = String::new();
    let scale = model.scale();
    // `write!` into a String cannot fail.
    let _ = writeln!(out, "# Yardstick competency model (能力素质模型)");
    let _ = writeln!(out, "name = {}", quote(model.name()));
    let _ = writeln!(out, "version = {}", quote(model.version()));
    let _ = writeln!(
        out,
        "percent = {}            # \"ratio\" (得分率, x / max × 100) or \"linear\"",
        quote(model.percent_mode().code())
    );
    let _ = writeln!(
        out,
        "\n[scale]\nmin = {}\nmax = {}",
        scale.min(),
        scale.max()
    );
    if !scale.labels().is_empty() {
        let labels: Vec<String> = scale.labels().iter().map(|l| quote(l)).collect();
        let _ = writeln!(out, "labels = [{}]", labels.join(", "));
    }
    let _ = writeln!(out, "allow_na = {}", scale.allow_na());
    for g in model.grades() {
        let _ = writeln!(
            out,
            "\n[[grades]]\nname = {}\nmin = {}",
            quote(g.name()),
            number(g.min())
        );
    }
    for d in model.dimensions() {
        let _ = writeln!(
            out,
            "\n[[dimensions]]\ncode = {}\nname = {}\nweight = {}",
            quote(d.code()),
            quote(d.name()),
            number(d.weight())
        );
        for item in model.dimension_items(d) {
            let _ = writeln!(
                out,
                "\n[[dimensions.items]]\ncode = {}\ntext = {}",
                quote(item.code()),
                quote(item.text())
            );
        }
    }
    out
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number as TOML and in tables: whole numbers without a fraction.
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yardstick_core::Lang;

    const SMALL: &str = r#"
name = "m"
version = 2
[[dimensions]]
code = "1"
name = "A"
weight = 100
[[dimensions.items]]
code = "1.1"
text = "说\"明\""
"#;

    #[test]
    fn a_minimal_file_takes_the_default_scale_and_grades() {
        let v = read_model_toml(SMALL).unwrap();
        assert_eq!(v.model.version(), "2");
        assert_eq!(v.model.scale().max(), 5);
        assert_eq!(v.model.grades().len(), 5);
        assert_eq!(v.model.items()[0].text(), "说\"明\"");
    }

    #[test]
    fn writing_and_reading_back_gives_the_same_model() {
        let m = read_model_toml(SMALL).unwrap().model;
        let again = read_model_toml(&write_model_toml(&m)).unwrap().model;
        assert_eq!(m, again);
    }

    #[test]
    fn problems_carry_the_line_they_are_on() {
        let text = SMALL.replace("weight = 100", "weight = -1")
            + "[[dimensions.items]]\ncode = \"1.1\"\ntext = \"again\"\n";
        let problems = read_model_toml(&text).unwrap_err();
        let messages: Vec<String> = problems
            .iter()
            .map(|p| p.message().render(Lang::En))
            .collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].starts_with("line 7: dimension 1 (code \"1\"): the weight -1"),
            "{messages:?}"
        );
        assert!(
            messages[1].starts_with("line 12: item 2 of dimension 1"),
            "{messages:?}"
        );
    }

    #[test]
    fn unknown_keys_and_bad_toml_are_reported_with_their_line() {
        let problems = read_model_toml(&SMALL.replace("weight = 100", "weigth = 100")).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message().render(Lang::En).contains("line"),
            "{problems:?}"
        );
        let problems = read_model_toml("name = \"x\"\nversion = \n").unwrap_err();
        assert_eq!(problems[0].line, Some(2));
    }

    #[test]
    fn items_outside_any_dimension_are_named() {
        let text = SMALL.replacen(
            "[[dimensions]]",
            "[[items]]\ncode = \"0.1\"\ntext = \"y\"\n[[dimensions]]",
            1,
        );
        let problems = read_model_toml(&text).unwrap_err();
        let messages: Vec<String> = problems
            .iter()
            .map(|p| p.message().render(Lang::En))
            .collect();
        assert_eq!(
            messages,
            vec![
                "line 5: item 1 outside the dimensions (code \"0.1\"): the item belongs to no dimension; write it under its dimension's [[dimensions.items]]"
            ]
        );
    }
}
