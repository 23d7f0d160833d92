//! Model validation: every rule of SPEC §5 (model file), every problem reported at once.

use std::collections::HashMap;

use super::{
    Dimension, GradeBand, Item, Model, ModelDraft, ModelField, ModelProblem, ModelWarning, Scale,
    Validated, Where,
};
use crate::bounds::{self, MAX_ITEMS, TextRule};

/// Checks one text of the model against `rule` (blank is the caller's own problem) and
/// answers it trimmed.
fn text(
    value: &str,
    rule: TextRule,
    at: impl FnOnce() -> Where,
    field: ModelField,
    problems: &mut Vec<ModelProblem>,
) -> String {
    let rule = TextRule {
        required: false,
        ..rule
    };
    match rule.check(value) {
        Ok(t) => t.to_string(),
        Err(problem) => {
            problems.push(ModelProblem::Text {
                at: at(),
                field,
                problem,
            });
            value.trim().to_string()
        }
    }
}

/// A code or version: one line, short.
const CODE: TextRule = TextRule::LINE;

/// Scale points must lie within ±`SCALE_LIMIT`, so sums of answers stay exact in `i32`.
const SCALE_LIMIT: i64 = 1000;
/// At most this many points (radio buttons) on one scale.
const MAX_POINTS: i64 = 101;

pub(super) fn validate(draft: ModelDraft) -> Result<Validated, Vec<ModelProblem>> {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();

    let name = text(
        &draft.name,
        TextRule::NAME,
        || Where::Model,
        ModelField::Name,
        &mut problems,
    );
    if name.is_empty() {
        problems.push(ModelProblem::NameEmpty);
    }
    let version = text(
        &draft.version,
        CODE,
        || Where::Model,
        ModelField::Version,
        &mut problems,
    );
    if version.is_empty() {
        problems.push(ModelProblem::VersionEmpty);
    }

    let scale = validate_scale(&draft, &mut problems);
    let grades = validate_grades(&draft, &mut problems);

    if draft.dimensions.is_empty() {
        problems.push(ModelProblem::NoDimensions);
    }
    let count: usize = draft.dimensions.iter().map(|d| d.items.len()).sum();
    if count > MAX_ITEMS {
        // Every item's problems would follow; the count says enough.
        return Err(vec![ModelProblem::TooManyItems { count }]);
    }
    let mut dimension_codes: HashMap<String, usize> = HashMap::new();
    let mut item_codes: HashMap<String, Where> = HashMap::new();
    let mut dimensions = Vec::with_capacity(draft.dimensions.len());
    let mut items = Vec::new();
    let mut item_dimension = Vec::new();
    for (d, dim) in draft.dimensions.into_iter().enumerate() {
        let code = dim.code.trim().to_string();
        let at = Where::Dimension {
            index: d,
            code: code.clone(),
        };
        text(&code, CODE, || at.clone(), ModelField::Code, &mut problems);
        if code.is_empty() {
            problems.push(ModelProblem::CodeEmpty(at.clone()));
        } else if let Some(&first) = dimension_codes.get(&code) {
            problems.push(ModelProblem::DuplicateDimensionCode {
                at: at.clone(),
                first,
            });
        } else {
            dimension_codes.insert(code.clone(), d);
        }
        let dim_name = text(
            &dim.name,
            TextRule::NAME,
            || at.clone(),
            ModelField::DimensionName,
            &mut problems,
        );
        if dim_name.is_empty() {
            problems.push(ModelProblem::DimensionNameEmpty(at.clone()));
        }
        if bounds::weight(dim.weight).is_err() {
            problems.push(ModelProblem::WeightInvalid {
                at: at.clone(),
                weight: dim.weight,
            });
        }
        if dim.items.is_empty() {
            problems.push(ModelProblem::DimensionWithoutItems(at.clone()));
        }
        let start = items.len();
        for (i, item) in dim.items.into_iter().enumerate() {
            let item_code = item.code.trim().to_string();
            let at = Where::Item {
                dimension: d,
                index: i,
                code: item_code.clone(),
            };
            text(
                &item_code,
                CODE,
                || at.clone(),
                ModelField::Code,
                &mut problems,
            );
            if item_code.is_empty() {
                problems.push(ModelProblem::CodeEmpty(at.clone()));
            } else if let Some(first) = item_codes.get(&item_code) {
                problems.push(ModelProblem::DuplicateItemCode {
                    at: at.clone(),
                    first: first.clone(),
                });
            } else {
                item_codes.insert(item_code.clone(), at.clone());
            }
            let wording = text(
                &item.text,
                TextRule::TEXT,
                || at.clone(),
                ModelField::ItemText,
                &mut problems,
            );
            if wording.is_empty() {
                problems.push(ModelProblem::ItemTextEmpty(at));
            }
            items.push(Item {
                code: item_code,
                text: wording,
            });
            item_dimension.push(d);
        }
        dimensions.push(Dimension {
            code,
            name: dim_name,
            weight: dim.weight,
            items: start..items.len(),
        });
    }

    let weights_valid = dimensions.iter().all(|d| bounds::weight(d.weight).is_ok());
    if weights_valid && !dimensions.is_empty() {
        let sum: f64 = dimensions.iter().map(|d| d.weight).sum();
        if sum == 0.0 {
            problems.push(ModelProblem::AllWeightsZero);
        } else if (sum - 100.0).abs() > 1e-9 {
            warnings.push(ModelWarning::WeightsNotHundred { sum });
        }
    }

    match scale {
        Some(scale) if problems.is_empty() => {
            let item_by_code = items
                .iter()
                .enumerate()
                .map(|(i, item)| (item.code.clone(), i))
                .collect();
            Ok(Validated {
                model: Model {
                    name,
                    version,
                    percent: draft.percent,
                    scale,
                    grades,
                    dimensions,
                    items,
                    item_dimension,
                    item_by_code,
                },
                warnings,
            })
        }
        _ => Err(problems),
    }
}

fn validate_scale(draft: &ModelDraft, problems: &mut Vec<ModelProblem>) -> Option<Scale> {
    let s = &draft.scale;
    if s.min >= s.max {
        problems.push(ModelProblem::ScaleOrder {
            min: s.min,
            max: s.max,
        });
        return None;
    }
    if s.min < -SCALE_LIMIT || s.max > SCALE_LIMIT || s.max - s.min + 1 > MAX_POINTS {
        problems.push(ModelProblem::ScaleBounds {
            min: s.min,
            max: s.max,
        });
        return None;
    }
    let points = s.max - s.min + 1;
    let labels: Vec<String> = s
        .labels
        .iter()
        .map(|l| {
            text(
                l,
                TextRule::NAME,
                || Where::Scale,
                ModelField::Label,
                problems,
            )
        })
        .collect();
    if !labels.is_empty() && i64::try_from(labels.len()).ok() != Some(points) {
        problems.push(ModelProblem::LabelCount {
            points,
            labels: labels.len(),
        });
        return None;
    }
    Some(Scale {
        min: i32::try_from(s.min).ok()?,
        max: i32::try_from(s.max).ok()?,
        labels,
        allow_na: s.allow_na,
    })
}

fn validate_grades(draft: &ModelDraft, problems: &mut Vec<ModelProblem>) -> Vec<GradeBand> {
    let mut grades: Vec<GradeBand> = Vec::with_capacity(draft.grades.len());
    for (index, g) in draft.grades.iter().enumerate() {
        let name = g.name.trim().to_string();
        let at = Where::Grade {
            index,
            name: name.clone(),
        };
        text(
            &name,
            TextRule::NAME,
            || at.clone(),
            ModelField::GradeName,
            problems,
        );
        if name.is_empty() {
            problems.push(ModelProblem::GradeNameEmpty(at.clone()));
        }
        if !g.min.is_finite() {
            problems.push(ModelProblem::GradeMinInvalid(at));
        } else if let Some(previous) = grades.last().map(|p| p.min).filter(|p| g.min >= *p) {
            problems.push(ModelProblem::GradesNotDescending {
                at,
                min: g.min,
                previous,
            });
        }
        grades.push(GradeBand { name, min: g.min });
    }
    grades
}

#[cfg(test)]
mod tests {
    use super::super::{DimensionDraft, GradeDraft, ItemDraft, ScaleDraft};
    use super::*;
    use crate::Lang;

    fn draft() -> ModelDraft {
        ModelDraft {
            name: "m".into(),
            version: "1".into(),
            percent: Default::default(),
            scale: ScaleDraft::default_five(),
            grades: GradeDraft::defaults(),
            dimensions: vec![
                DimensionDraft {
                    code: "1".into(),
                    name: "A".into(),
                    weight: 60.0,
                    items: vec![
                        ItemDraft {
                            code: "1.1".into(),
                            text: "a".into(),
                        },
                        ItemDraft {
                            code: "1.2".into(),
                            text: "b".into(),
                        },
                    ],
                },
                DimensionDraft {
                    code: "2".into(),
                    name: "B".into(),
                    weight: 40.0,
                    items: vec![ItemDraft {
                        code: "2.1".into(),
                        text: "c".into(),
                    }],
                },
            ],
        }
    }

    #[test]
    fn a_sound_model_validates_without_warnings() {
        let v = Model::validate(draft()).unwrap();
        assert!(v.warnings.is_empty());
        assert_eq!(v.model.items().len(), 3);
        assert_eq!(v.model.item_index("2.1"), Some(2));
        assert_eq!(v.model.dimension_of_item(2), 1);
        assert_eq!(v.model.to_draft(), draft());
    }

    #[test]
    fn every_problem_is_reported_with_its_place() {
        let mut d = draft();
        d.scale.labels.pop();
        d.grades[2].min = 95.0;
        d.dimensions[1].code = "1".into();
        d.dimensions[1].items[0].code = "1.1".into();
        d.dimensions[0].weight = -5.0;
        let problems = Model::validate(d).unwrap_err();
        assert!(problems.contains(&ModelProblem::LabelCount {
            points: 5,
            labels: 4
        }));
        assert!(problems.iter().any(|p| matches!(p, ModelProblem::GradesNotDescending { min, previous, .. } if *min == 95.0 && *previous == 80.0)));
        assert!(
            problems
                .iter()
                .any(|p| matches!(p, ModelProblem::DuplicateDimensionCode { first: 0, .. }))
        );
        let dup = problems
            .iter()
            .find(|p| matches!(p, ModelProblem::DuplicateItemCode { .. }))
            .unwrap();
        assert_eq!(
            dup.message().render(Lang::En),
            "item 1 of dimension 2 (code \"1.1\"): the code is already used by item 1 of dimension 1 (code \"1.1\"); item codes must be unique in the model"
        );
        assert!(
            problems.iter().any(
                |p| matches!(p, ModelProblem::WeightInvalid { weight, .. } if *weight == -5.0)
            )
        );
        assert_eq!(problems.len(), 5);
    }

    #[test]
    fn weights_not_summing_to_100_only_warn() {
        let mut d = draft();
        d.dimensions[0].weight = 30.0;
        let v = Model::validate(d).unwrap();
        assert_eq!(
            v.warnings,
            vec![ModelWarning::WeightsNotHundred { sum: 70.0 }]
        );
    }

    #[test]
    fn all_weights_zero_is_an_error() {
        let mut d = draft();
        d.dimensions[0].weight = 0.0;
        d.dimensions[1].weight = 0.0;
        assert_eq!(
            Model::validate(d).unwrap_err(),
            vec![ModelProblem::AllWeightsZero]
        );
    }

    #[test]
    fn scale_min_not_below_max_is_an_error() {
        let mut d = draft();
        d.scale.min = 5;
        assert_eq!(
            Model::validate(d).unwrap_err(),
            vec![ModelProblem::ScaleOrder { min: 5, max: 5 }]
        );
    }

    #[test]
    fn a_dimension_weight_of_1e20_is_refused_naming_the_dimension() {
        let mut d = draft();
        d.dimensions[1].weight = 1e20;
        let problems = Model::validate(d).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            problems[0].message().render(Lang::En),
            "dimension 2 (code \"2\"): the weight 1e20 is too large: at most 1000"
        );
        assert!(problems[0].message().render(Lang::Zh).contains("1000"));
    }

    #[test]
    fn dimension_weights_from_0_to_1000_are_accepted_and_infinite_ones_refused() {
        let mut d = draft();
        d.dimensions[0].weight = 1000.0;
        d.dimensions[1].weight = 0.0;
        assert!(Model::validate(d.clone()).is_ok());
        for bad in [1000.001, f64::INFINITY, f64::NAN, -0.5] {
            d.dimensions[1].weight = bad;
            let problems = Model::validate(d.clone()).unwrap_err();
            assert!(
                matches!(problems[..], [ModelProblem::WeightInvalid { .. }]),
                "{bad}: {problems:?}"
            );
        }
    }

    #[test]
    fn a_model_of_more_than_2000_items_is_refused_with_one_problem() {
        let mut d = draft();
        d.dimensions[0].items = (0..2001)
            .map(|i| ItemDraft {
                code: format!("1.{i}"),
                text: "a".into(),
            })
            .collect();
        let problems = Model::validate(d.clone()).unwrap_err();
        assert_eq!(problems, vec![ModelProblem::TooManyItems { count: 2002 }]);
        assert_eq!(
            problems[0].message().render(Lang::En),
            "model: the model has 2002 items, more than the 2000 a model may have"
        );
        d.dimensions[0].items.truncate(1999);
        assert_eq!(Model::validate(d).unwrap().model.items().len(), 2000);
    }

    #[test]
    fn long_names_and_control_characters_are_refused_naming_the_field() {
        let mut d = draft();
        d.name = "名".repeat(201);
        d.dimensions[0].name = "A\u{1b}[31m".into();
        d.dimensions[1].items[0].text = "c".repeat(2001);
        d.dimensions[1].items[0].code = "2.1\0".into();
        let problems = Model::validate(d).unwrap_err();
        let messages: Vec<String> = problems
            .iter()
            .map(|p| p.message().render(Lang::En))
            .collect();
        assert_eq!(
            messages,
            vec![
                "model: the model name is too long: 201 characters, at most 200",
                "dimension 1 (code \"1\"): the dimension name holds a control character (U+001B) at character 2, which is not allowed",
                "item 1 of dimension 2 (code \"2.1\0\"): the code holds a control character (U+0000) at character 4, which is not allowed",
                "item 1 of dimension 2 (code \"2.1\0\"): the item text is too long: 2001 characters, at most 2000",
            ]
        );
        for p in &problems {
            assert!(!p.message().render(Lang::Zh).contains('{'));
        }
    }

    #[test]
    fn a_dimension_without_items_and_empty_texts_are_errors() {
        let mut d = draft();
        d.dimensions[1].items.clear();
        d.dimensions[0].items[1].text = "  ".into();
        d.name = String::new();
        let problems = Model::validate(d).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems.contains(&ModelProblem::NameEmpty));
    }
}
