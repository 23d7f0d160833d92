//! What can be wrong with a model and where, as messages of the catalogues.

use std::fmt;

use yardstick_i18n::{Key, Message, k, msg};

use crate::bounds::{self, TextProblem, WeightProblem};
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
    /// The place, e.g. "dimension 3 (code 3)" or "第 3 个维度(代码“3”)", not yet in words.
    pub fn describe(&self) -> Message {
        match self {
            Where::Model => msg!("model.where.model"),
            Where::Scale => msg!("model.where.scale"),
            Where::Grade { index, name } => {
                msg!("model.where.grade", index = index + 1, name = name)
            }
            Where::Dimension { index, code } => {
                msg!("model.where.dimension", index = index + 1, code = code)
            }
            Where::Item {
                dimension,
                index,
                code,
            } => msg!(
                "model.where.item",
                dimension = dimension + 1,
                index = index + 1,
                code = code
            ),
            Where::LooseItem { index, code } => {
                msg!("model.where.loose_item", index = index + 1, code = code)
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
    pub fn what(&self) -> Message {
        match self {
            ModelProblem::NameEmpty => msg!("model.problem.name_empty"),
            ModelProblem::VersionEmpty => msg!("model.problem.version_empty"),
            ModelProblem::ScaleOrder { min, max } => {
                msg!("model.problem.scale_order", min = *min, max = *max)
            }
            ModelProblem::ScaleBounds { min, max } => {
                msg!("model.problem.scale_bounds", min = *min, max = *max)
            }
            ModelProblem::LabelCount { points, labels } => msg!(
                "model.problem.label_count",
                points = *points,
                labels = *labels
            ),
            ModelProblem::GradeNameEmpty(_) => msg!("model.problem.grade_name_empty"),
            ModelProblem::GradeMinInvalid(_) => msg!("model.problem.grade_min_invalid"),
            ModelProblem::GradesNotDescending { min, previous, .. } => msg!(
                "model.problem.grades_not_descending",
                min = *min,
                previous = *previous
            ),
            ModelProblem::NoDimensions => msg!("model.problem.no_dimensions"),
            ModelProblem::CodeEmpty(_) => msg!("model.problem.code_empty"),
            ModelProblem::DimensionNameEmpty(_) => msg!("model.problem.dimension_name_empty"),
            ModelProblem::ItemTextEmpty(_) => msg!("model.problem.item_text_empty"),
            ModelProblem::DuplicateDimensionCode { first, .. } => {
                msg!("model.problem.duplicate_dimension_code", first = first + 1)
            }
            ModelProblem::DuplicateItemCode { first, .. } => {
                msg!(
                    "model.problem.duplicate_item_code",
                    first = first.describe()
                )
            }
            ModelProblem::AllWeightsZero => msg!("model.problem.all_weights_zero"),
            ModelProblem::DimensionWithoutItems(_) => {
                msg!("model.problem.dimension_without_items")
            }
            ModelProblem::ItemOutsideDimension(_) => msg!("model.problem.item_outside_dimension"),
            // The problems of SPEC §7 Bounds, in the words of `limits` and `bounds`.
            ModelProblem::WeightInvalid { weight, .. } => bounds::weight(*weight)
                .err()
                .unwrap_or(WeightProblem::NotFinite)
                .message(),
            ModelProblem::Text { field, problem, .. } => msg!(
                "limits.model_text",
                field = field.key(),
                problem = problem.message()
            ),
            ModelProblem::TooManyItems { count } => msg!(
                "limits.too_many_items",
                count = *count,
                max = bounds::MAX_ITEMS
            ),
        }
    }

    /// The whole message: place and problem.
    pub fn message(&self) -> Message {
        msg!(
            "model.problem.at",
            place = self.at().describe(),
            problem = self.what()
        )
    }
}

impl ModelWarning {
    /// The warning, not yet in words.
    pub fn message(&self) -> Message {
        match self {
            ModelWarning::WeightsNotHundred { sum } => {
                msg!("model.warning.weights_not_hundred", sum = *sum)
            }
            ModelWarning::EqualWeightsAssigned { weight } => {
                msg!("model.warning.equal_weights", weight = *weight)
            }
        }
    }
}

impl fmt::Display for ModelProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().render(Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_problem() -> Vec<ModelProblem> {
        let dimension = Where::Dimension {
            index: 0,
            code: "1".into(),
        };
        let item = Where::Item {
            dimension: 0,
            index: 1,
            code: "1.2".into(),
        };
        let grade = Where::Grade {
            index: 0,
            name: "优秀".into(),
        };
        vec![
            ModelProblem::NameEmpty,
            ModelProblem::VersionEmpty,
            ModelProblem::ScaleOrder { min: 5, max: 1 },
            ModelProblem::ScaleBounds { min: 0, max: 5000 },
            ModelProblem::LabelCount {
                points: 5,
                labels: 3,
            },
            ModelProblem::GradeNameEmpty(grade.clone()),
            ModelProblem::GradeMinInvalid(grade.clone()),
            ModelProblem::GradesNotDescending {
                at: grade,
                min: 80.0,
                previous: 70.5,
            },
            ModelProblem::NoDimensions,
            ModelProblem::CodeEmpty(dimension.clone()),
            ModelProblem::DimensionNameEmpty(dimension.clone()),
            ModelProblem::ItemTextEmpty(item.clone()),
            ModelProblem::DuplicateDimensionCode {
                at: dimension.clone(),
                first: 0,
            },
            ModelProblem::DuplicateItemCode {
                at: item.clone(),
                first: Where::LooseItem {
                    index: 0,
                    code: "1.2".into(),
                },
            },
            ModelProblem::WeightInvalid {
                at: dimension.clone(),
                weight: -1.0,
            },
            ModelProblem::AllWeightsZero,
            ModelProblem::DimensionWithoutItems(dimension.clone()),
            ModelProblem::ItemOutsideDimension(Where::Scale),
            ModelProblem::Text {
                at: item,
                field: ModelField::ItemText,
                problem: TextProblem::Empty,
            },
            ModelProblem::TooManyItems { count: 2001 },
        ]
    }

    #[test]
    fn every_problem_and_warning_has_words_in_both_languages() {
        let warnings = [
            ModelWarning::WeightsNotHundred { sum: 99.5 },
            ModelWarning::EqualWeightsAssigned { weight: 12.5 },
        ];
        let messages = every_problem()
            .iter()
            .map(ModelProblem::message)
            .chain(warnings.iter().map(ModelWarning::message))
            .collect::<Vec<_>>();
        for message in messages {
            let (zh, en) = (message.render(Lang::Zh), message.render(Lang::En));
            assert!(!zh.contains('{') && !en.contains('{'), "{zh} / {en}");
            assert_ne!(zh, en);
        }
    }

    #[test]
    fn a_problem_names_its_place_then_what_is_wrong() {
        let p = ModelProblem::DuplicateItemCode {
            at: Where::Item {
                dimension: 1,
                index: 0,
                code: "2.1".into(),
            },
            first: Where::Item {
                dimension: 0,
                index: 2,
                code: "2.1".into(),
            },
        };
        assert_eq!(
            p.message().render(Lang::En),
            "item 1 of dimension 2 (code \"2.1\"): the code is already used by item 3 of dimension 1 (code \"2.1\"); item codes must be unique in the model"
        );
        assert_eq!(
            p.message().render(Lang::Zh),
            "第 2 个维度的第 1 个项目(代码“2.1”):项目代码已被第 1 个维度的第 3 个项目(代码“2.1”)使用;项目代码在整个模型中必须唯一"
        );
        assert_eq!(p.to_string(), p.message().render(Lang::En));
    }
}
