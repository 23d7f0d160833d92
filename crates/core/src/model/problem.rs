//! What can be wrong with a model, where, and how to say it in both languages.

use std::fmt;

use yardstick_i18n::{Key, Message, k, msg};

use crate::bounds::{self, TextProblem};
use crate::lang::Lang;

/// Where in a model a problem is. Positions are 0-based here and 1-based in messages.
#[derive(Clone, Debug, PartialEq)]
pub enum Where {
    /// The model as a whole (name, version, weights overall).
    Model,
    /// The rating scale.
    Scale,
    /// A grade band.
    Grade {
        /// Its position.
        index: usize,
        /// Its name as written.
        name: String,
    },
    /// A dimension.
    Dimension {
        /// Its position.
        index: usize,
        /// Its code as written.
        code: String,
    },
    /// An item inside a dimension.
    Item {
        /// The dimension's position.
        dimension: usize,
        /// The item's position inside the dimension.
        index: usize,
        /// The item's code as written.
        code: String,
    },
    /// An item written outside any dimension.
    LooseItem {
        /// Its position among such items.
        index: usize,
        /// Its code as written.
        code: String,
    },
}

impl Where {
    /// The place in words, e.g. "dimension 3 (code 3)" or "维度 3(代码 3)".
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Where::Model, Lang::Zh) => "模型".into(),
            (Where::Model, Lang::En) => "model".into(),
            (Where::Scale, Lang::Zh) => "评分量表 [scale]".into(),
            (Where::Scale, Lang::En) => "rating scale [scale]".into(),
            (Where::Grade { index, name }, Lang::Zh) => format!("第 {} 个等级“{name}”", index + 1),
            (Where::Grade { index, name }, Lang::En) => format!("grade {} \"{name}\"", index + 1),
            (Where::Dimension { index, code }, Lang::Zh) => {
                format!("第 {} 个维度(代码“{code}”)", index + 1)
            }
            (Where::Dimension { index, code }, Lang::En) => {
                format!("dimension {} (code \"{code}\")", index + 1)
            }
            (
                Where::Item {
                    dimension,
                    index,
                    code,
                },
                Lang::Zh,
            ) => format!(
                "第 {} 个维度的第 {} 个项目(代码“{code}”)",
                dimension + 1,
                index + 1
            ),
            (
                Where::Item {
                    dimension,
                    index,
                    code,
                },
                Lang::En,
            ) => format!(
                "item {} of dimension {} (code \"{code}\")",
                index + 1,
                dimension + 1
            ),
            (Where::LooseItem { index, code }, Lang::Zh) => {
                format!("维度之外的第 {} 个项目(代码“{code}”)", index + 1)
            }
            (Where::LooseItem { index, code }, Lang::En) => {
                format!(
                    "item {} outside the dimensions (code \"{code}\")",
                    index + 1
                )
            }
        }
    }
}

/// A reason a model cannot be used.
#[derive(Clone, Debug, PartialEq)]
pub enum ModelProblem {
    /// The model has no name.
    NameEmpty,
    /// The model has no version.
    VersionEmpty,
    /// The scale's minimum is not below its maximum.
    ScaleOrder {
        /// `min` as written.
        min: i64,
        /// `max` as written.
        max: i64,
    },
    /// The scale is outside −1000..=1000 or has more than 101 points.
    ScaleBounds {
        /// `min` as written.
        min: i64,
        /// `max` as written.
        max: i64,
    },
    /// The number of labels differs from the number of points.
    LabelCount {
        /// Points on the scale.
        points: i64,
        /// Labels given.
        labels: usize,
    },
    /// A grade band without a name.
    GradeNameEmpty(Where),
    /// A grade band whose minimum is not a finite number.
    GradeMinInvalid(Where),
    /// A grade band whose minimum is not below the previous band's.
    GradesNotDescending {
        /// The band out of order.
        at: Where,
        /// Its minimum.
        min: f64,
        /// The minimum of the band before it.
        previous: f64,
    },
    /// The model has no dimension.
    NoDimensions,
    /// A dimension or item with an empty code.
    CodeEmpty(Where),
    /// A dimension without a name.
    DimensionNameEmpty(Where),
    /// An item without text.
    ItemTextEmpty(Where),
    /// A dimension code used twice.
    DuplicateDimensionCode {
        /// The second use.
        at: Where,
        /// Position of the first dimension with that code.
        first: usize,
    },
    /// An item code used twice anywhere in the model.
    DuplicateItemCode {
        /// The second use.
        at: Where,
        /// Where it was first used.
        first: Where,
    },
    /// A dimension weight below zero, infinite or not a number.
    WeightInvalid {
        /// The dimension.
        at: Where,
        /// The weight as given.
        weight: f64,
    },
    /// Every dimension weight is zero.
    AllWeightsZero,
    /// A dimension with no items cannot be scored.
    DimensionWithoutItems(Where),
    /// An item that belongs to no dimension.
    ItemOutsideDimension(Where),
    /// A text of the model that is too long or holds a control character (SPEC §7 Bounds).
    Text {
        /// Where the text is.
        at: Where,
        /// Which text it is.
        field: ModelField,
        /// What is wrong with it.
        problem: TextProblem,
    },
    /// More items than [`bounds::MAX_ITEMS`].
    TooManyItems {
        /// Items in the model.
        count: usize,
    },
}

/// The texts of a model, for problems that name the one they are about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModelField {
    /// The model's `name`.
    Name,
    /// The model's `version`.
    Version,
    /// A label of the scale.
    Label,
    /// A grade's `name`.
    GradeName,
    /// A dimension's or item's `code`.
    Code,
    /// A dimension's `name`.
    DimensionName,
    /// An item's `text`.
    ItemText,
}

impl ModelField {
    /// The field's name in words.
    pub fn key(self) -> Key {
        match self {
            ModelField::Name => k!("limits.field.model_name"),
            ModelField::Version => k!("limits.field.version"),
            ModelField::Label => k!("limits.field.label"),
            ModelField::GradeName => k!("limits.field.grade_name"),
            ModelField::Code => k!("limits.field.code"),
            ModelField::DimensionName => k!("limits.field.dimension_name"),
            ModelField::ItemText => k!("limits.field.item_text"),
        }
    }
}

/// Something allowed but probably not meant.
#[derive(Clone, Debug, PartialEq)]
pub enum ModelWarning {
    /// The dimension weights do not add up to 100 (they are used relative to their sum).
    WeightsNotHundred {
        /// Their sum.
        sum: f64,
    },
    /// A form gave no weights, so every dimension got the same weight.
    EqualWeightsAssigned {
        /// The weight each dimension got.
        weight: f64,
    },
}

impl ModelProblem {
    /// Where the problem is.
    pub fn at(&self) -> Where {
        match self {
            ModelProblem::NameEmpty
            | ModelProblem::VersionEmpty
            | ModelProblem::NoDimensions
            | ModelProblem::AllWeightsZero
            | ModelProblem::TooManyItems { .. } => Where::Model,
            ModelProblem::ScaleOrder { .. }
            | ModelProblem::ScaleBounds { .. }
            | ModelProblem::LabelCount { .. } => Where::Scale,
            ModelProblem::GradeNameEmpty(w)
            | ModelProblem::GradeMinInvalid(w)
            | ModelProblem::GradesNotDescending { at: w, .. }
            | ModelProblem::CodeEmpty(w)
            | ModelProblem::DimensionNameEmpty(w)
            | ModelProblem::ItemTextEmpty(w)
            | ModelProblem::DuplicateDimensionCode { at: w, .. }
            | ModelProblem::DuplicateItemCode { at: w, .. }
            | ModelProblem::WeightInvalid { at: w, .. }
            | ModelProblem::DimensionWithoutItems(w)
            | ModelProblem::ItemOutsideDimension(w)
            | ModelProblem::Text { at: w, .. } => w.clone(),
        }
    }

    /// What is wrong and what to do, without the place.
    pub fn what(&self, lang: Lang) -> String {
        if let Some(message) = self.bound() {
            return message.render(lang);
        }
        let zh = lang == Lang::Zh;
        match self {
            ModelProblem::NameEmpty => pick(zh, "模型名称(name)为空", "the model has no name"),
            ModelProblem::VersionEmpty => {
                pick(zh, "模型版本(version)为空", "the model has no version")
            }
            ModelProblem::ScaleOrder { min, max } => {
                if zh {
                    format!("最低分 min = {min} 必须小于最高分 max = {max}")
                } else {
                    format!("min = {min} must be below max = {max}")
                }
            }
            ModelProblem::ScaleBounds { min, max } => {
                if zh {
                    format!(
                        "量表 {min}…{max} 超出范围:分值须在 −1000 到 1000 之间,且不超过 101 个分值"
                    )
                } else {
                    format!(
                        "the scale {min}…{max} is out of bounds: points must lie within −1000..1000, at most 101 of them"
                    )
                }
            }
            ModelProblem::LabelCount { points, labels } => {
                if zh {
                    format!(
                        "量表有 {points} 个分值,却给了 {labels} 个标签(labels);每个分值一个标签,或不写 labels"
                    )
                } else {
                    format!(
                        "the scale has {points} points but {labels} labels; give one label per point, or none"
                    )
                }
            }
            ModelProblem::GradeNameEmpty(_) => pick(zh, "等级名称为空", "the grade has no name"),
            ModelProblem::GradeMinInvalid(_) => pick(
                zh,
                "等级的最低分(min)不是有效数字",
                "the grade's min is not a valid number",
            ),
            ModelProblem::GradesNotDescending { min, previous, .. } => {
                if zh {
                    format!("等级须按最低分从高到低排列:最低分 {min} 不低于上一等级的 {previous}")
                } else {
                    format!(
                        "grades must be listed highest first: min {min} is not below the previous grade's {previous}"
                    )
                }
            }
            ModelProblem::NoDimensions => {
                pick(zh, "模型没有任何维度", "the model has no dimensions")
            }
            ModelProblem::CodeEmpty(_) => pick(zh, "代码(code)为空", "the code is empty"),
            ModelProblem::DimensionNameEmpty(_) => {
                pick(zh, "维度名称(name)为空", "the dimension has no name")
            }
            ModelProblem::ItemTextEmpty(_) => {
                pick(zh, "项目内容(text)为空", "the item has no text")
            }
            ModelProblem::DuplicateDimensionCode { first, .. } => {
                if zh {
                    format!(
                        "维度代码与第 {} 个维度重复;每个维度的代码必须唯一",
                        first + 1
                    )
                } else {
                    format!(
                        "the code is already used by dimension {}; dimension codes must be unique",
                        first + 1
                    )
                }
            }
            ModelProblem::DuplicateItemCode { first, .. } => {
                if zh {
                    format!(
                        "项目代码已被{}使用;项目代码在整个模型中必须唯一",
                        first.describe(lang)
                    )
                } else {
                    format!(
                        "the code is already used by {}; item codes must be unique in the model",
                        first.describe(lang)
                    )
                }
            }
            ModelProblem::AllWeightsZero => pick(
                zh,
                "所有维度的权重都是 0,无法计算总分",
                "every dimension weight is 0, so no overall score could be computed",
            ),
            ModelProblem::DimensionWithoutItems(_) => pick(
                zh,
                "维度没有任何项目,无法评分",
                "the dimension has no items, so it could never be scored",
            ),
            ModelProblem::ItemOutsideDimension(_) => pick(
                zh,
                "项目不属于任何维度;请把它写在所属维度的 [[dimensions.items]] 下",
                "the item belongs to no dimension; write it under its dimension's [[dimensions.items]]",
            ),
            ModelProblem::WeightInvalid { .. }
            | ModelProblem::Text { .. }
            | ModelProblem::TooManyItems { .. } => String::new(),
        }
    }

    /// The words of the problems of SPEC §7 Bounds, which come from the catalogues.
    fn bound(&self) -> Option<Message> {
        match self {
            ModelProblem::WeightInvalid { weight, .. } => {
                Some(bounds::weight(*weight).err()?.message())
            }
            ModelProblem::Text { field, problem, .. } => Some(msg!(
                "limits.model_text",
                field = field.key(),
                problem = problem.message()
            )),
            ModelProblem::TooManyItems { count } => Some(msg!(
                "limits.too_many_items",
                count = *count,
                max = bounds::MAX_ITEMS
            )),
            _ => None,
        }
    }

    /// The whole message: place and problem.
    pub fn message(&self, lang: Lang) -> String {
        let separator = lang.pick(":", ": ");
        format!("{}{separator}{}", self.at().describe(lang), self.what(lang))
    }
}

impl ModelWarning {
    /// The warning in words.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ModelWarning::WeightsNotHundred { sum }, Lang::Zh) => {
                format!("维度权重之和为 {sum},不是 100;计分时按各权重占总和的比例计算")
            }
            (ModelWarning::WeightsNotHundred { sum }, Lang::En) => format!(
                "the dimension weights add up to {sum}, not 100; they are used in proportion to their sum"
            ),
            (ModelWarning::EqualWeightsAssigned { weight }, Lang::Zh) => {
                format!("表格没有给出权重,每个维度按相同权重 {weight} 计")
            }
            (ModelWarning::EqualWeightsAssigned { weight }, Lang::En) => format!(
                "the form gives no weights, so every dimension gets the same weight, {weight}"
            ),
        }
    }
}

fn pick(zh: bool, z: &str, e: &str) -> String {
    if zh { z } else { e }.to_string()
}

impl fmt::Display for ModelProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}
