//! The competency model (能力素质模型, SPEC §2–§3): rating scale, weighted dimensions with their
//! items, grade bands and the 100-point conversion. A [`Model`] only exists validated; files
//! and forms describe one as a [`ModelDraft`] and go through [`Model::validate`].

mod problem;
mod validate;

use std::collections::HashMap;
use std::ops::Range;

pub use problem::{ModelField, ModelProblem, ModelWarning, Where};

/// How a raw-scale score becomes a 100-point score (SPEC §4 step 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PercentMode {
    /// 得分率: `x / max × 100` (the default).
    #[default]
    Ratio,
    /// `(x − min) / (max − min) × 100`.
    Linear,
}

impl PercentMode {
    /// `ratio` or `linear`, as written in model files and results.
    pub fn code(self) -> &'static str {
        match self {
            PercentMode::Ratio => "ratio",
            PercentMode::Linear => "linear",
        }
    }

    /// Parses `ratio` or `linear`.
    pub fn parse(text: &str) -> Option<PercentMode> {
        match text.trim() {
            "ratio" => Some(PercentMode::Ratio),
            "linear" => Some(PercentMode::Linear),
            _ => None,
        }
    }
}

/// A model as a file or form describes it, before validation. Every field is plain data.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelDraft {
    /// The model's name.
    pub name: String,
    /// The model's version label.
    pub version: String,
    /// The 100-point conversion.
    pub percent: PercentMode,
    /// The rating scale.
    pub scale: ScaleDraft,
    /// Grade bands, highest first.
    pub grades: Vec<GradeDraft>,
    /// Dimensions in order, each with its items.
    pub dimensions: Vec<DimensionDraft>,
}

/// A rating scale before validation.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleDraft {
    /// The lowest point.
    pub min: i64,
    /// The highest point.
    pub max: i64,
    /// One label per point, lowest first; empty for none.
    pub labels: Vec<String>,
    /// Whether raters may answer N/A (无法评价).
    pub allow_na: bool,
}

/// A grade band before validation.
#[derive(Clone, Debug, PartialEq)]
pub struct GradeDraft {
    /// The grade's name, e.g. 优秀.
    pub name: String,
    /// The lowest displayed 100-point score that earns it.
    pub min: f64,
}

/// A dimension before validation.
#[derive(Clone, Debug, PartialEq)]
pub struct DimensionDraft {
    /// Stable code, e.g. `1`.
    pub code: String,
    /// Name, e.g. 客户意识.
    pub name: String,
    /// Weight in the overall score (percent by convention).
    pub weight: f64,
    /// The dimension's items.
    pub items: Vec<ItemDraft>,
}

/// An item before validation.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemDraft {
    /// Stable code, e.g. `1.1`.
    pub code: String,
    /// The behaviour being rated.
    pub text: String,
}

impl ScaleDraft {
    /// The default scale: 1–5 labelled 很差, 较差, 一般, 良好, 优秀, N/A allowed.
    pub fn default_five() -> ScaleDraft {
        ScaleDraft {
            min: 1,
            max: 5,
            labels: ["很差", "较差", "一般", "良好", "优秀"]
                .map(String::from)
                .to_vec(),
            allow_na: true,
        }
    }
}

impl GradeDraft {
    /// The default bands: 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 70, 待改进 ≥ 60, 不合格 below.
    pub fn defaults() -> Vec<GradeDraft> {
        [
            ("优秀", 90.0),
            ("良好", 80.0),
            ("合格", 70.0),
            ("待改进", 60.0),
            ("不合格", 0.0),
        ]
        .map(|(name, min)| GradeDraft {
            name: name.to_string(),
            min,
        })
        .to_vec()
    }
}

/// A validated rating scale: integers `min..=max`, optionally with N/A.
#[derive(Clone, Debug, PartialEq)]
pub struct Scale {
    min: i32,
    max: i32,
    labels: Vec<String>,
    allow_na: bool,
}

impl Scale {
    /// The lowest point.
    pub fn min(&self) -> i32 {
        self.min
    }
    /// The highest point.
    pub fn max(&self) -> i32 {
        self.max
    }
    /// Labels, lowest point first; empty when the model has none.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
    /// Whether N/A (无法评价) is an allowed answer.
    pub fn allow_na(&self) -> bool {
        self.allow_na
    }
    /// Whether `value` is a point of the scale.
    #[inline]
    pub fn contains(&self, value: i64) -> bool {
        (i64::from(self.min)..=i64::from(self.max)).contains(&value)
    }
    /// The label of a point, if the scale has labels.
    pub fn label(&self, value: i32) -> Option<&str> {
        let i = usize::try_from(value.checked_sub(self.min)?).ok()?;
        self.labels.get(i).map(String::as_str)
    }
    /// `max − min`.
    pub fn span(&self) -> f64 {
        f64::from(self.max) - f64::from(self.min)
    }
}

/// A grade band (等级): the grade given when the displayed 100-point score is at least `min`.
#[derive(Clone, Debug, PartialEq)]
pub struct GradeBand {
    name: String,
    min: f64,
}

impl GradeBand {
    /// The grade's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Its lowest displayed score.
    pub fn min(&self) -> f64 {
        self.min
    }
}

/// One behavioural item (评估项目).
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    code: String,
    text: String,
}

impl Item {
    /// Stable code such as `3.14`.
    pub fn code(&self) -> &str {
        &self.code
    }
    /// The item's wording.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// A weighted dimension (维度). Its items are a contiguous run of the model's items.
#[derive(Clone, Debug, PartialEq)]
pub struct Dimension {
    code: String,
    name: String,
    weight: f64,
    items: Range<usize>,
}

impl Dimension {
    /// Stable code such as `3`.
    pub fn code(&self) -> &str {
        &self.code
    }
    /// The dimension's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Its weight `W[d]` in the overall score.
    pub fn weight(&self) -> f64 {
        self.weight
    }
    /// The positions of its items in [`Model::items`].
    pub fn item_range(&self) -> Range<usize> {
        self.items.clone()
    }
}

/// A validated competency model.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    name: String,
    version: String,
    percent: PercentMode,
    scale: Scale,
    grades: Vec<GradeBand>,
    dimensions: Vec<Dimension>,
    items: Vec<Item>,
    item_dimension: Vec<usize>,
    item_by_code: HashMap<String, usize>,
}

/// A model that passed validation, with the warnings found on the way.
#[derive(Clone, Debug)]
pub struct Validated {
    /// The model.
    pub model: Model,
    /// Things that are allowed but probably not meant, such as weights not summing to 100.
    pub warnings: Vec<ModelWarning>,
}

impl Model {
    /// Validates a draft. Every problem is reported, not just the first.
    pub fn validate(draft: ModelDraft) -> Result<Validated, Vec<ModelProblem>> {
        validate::validate(draft)
    }

    /// The model's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The model's version label.
    pub fn version(&self) -> &str {
        &self.version
    }
    /// The 100-point conversion this model uses.
    pub fn percent_mode(&self) -> PercentMode {
        self.percent
    }
    /// The rating scale.
    pub fn scale(&self) -> &Scale {
        &self.scale
    }
    /// Grade bands, highest first.
    pub fn grades(&self) -> &[GradeBand] {
        &self.grades
    }
    /// Dimensions in order.
    pub fn dimensions(&self) -> &[Dimension] {
        &self.dimensions
    }
    /// Every item, dimension by dimension.
    pub fn items(&self) -> &[Item] {
        &self.items
    }
    /// The items of one dimension.
    pub fn dimension_items(&self, dimension: &Dimension) -> &[Item] {
        &self.items[dimension.item_range()]
    }
    /// The dimension (by position) an item (by position) belongs to.
    pub fn dimension_of_item(&self, item: usize) -> usize {
        self.item_dimension[item]
    }
    /// The position of the item with this code.
    pub fn item_index(&self, code: &str) -> Option<usize> {
        self.item_by_code.get(code).copied()
    }

    /// SPEC §4 step 5: a raw-scale score as a 100-point score, by the model's mode.
    pub fn percent(&self, score: f64) -> f64 {
        let (min, max) = (f64::from(self.scale.min), f64::from(self.scale.max));
        match self.percent {
            PercentMode::Ratio => score / max * 100.0,
            PercentMode::Linear => (score - min) / (max - min) * 100.0,
        }
    }

    /// SPEC §4 step 7: the position of the first band, highest first, whose minimum is at
    /// most the displayed score. `None` when the score is below every band.
    pub fn grade(&self, displayed_percent: f64) -> Option<usize> {
        self.grades.iter().position(|g| g.min <= displayed_percent)
    }

    /// The model as a draft again (for writing it out or editing it into a new version).
    pub fn to_draft(&self) -> ModelDraft {
        ModelDraft {
            name: self.name.clone(),
            version: self.version.clone(),
            percent: self.percent,
            scale: ScaleDraft {
                min: i64::from(self.scale.min),
                max: i64::from(self.scale.max),
                labels: self.scale.labels.clone(),
                allow_na: self.scale.allow_na,
            },
            grades: self
                .grades
                .iter()
                .map(|g| GradeDraft {
                    name: g.name.clone(),
                    min: g.min,
                })
                .collect(),
            dimensions: self
                .dimensions
                .iter()
                .map(|d| DimensionDraft {
                    code: d.code.clone(),
                    name: d.name.clone(),
                    weight: d.weight,
                    items: self
                        .dimension_items(d)
                        .iter()
                        .map(|i| ItemDraft {
                            code: i.code.clone(),
                            text: i.text.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
