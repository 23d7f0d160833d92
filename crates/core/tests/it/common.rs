//! Small models and tallies for the tests.

use yardstick_core::{
    DimensionDraft, GradeDraft, ItemDraft, Model, ModelDraft, PercentMode, Relationship,
    ScaleDraft, Settings, Tally, Weights,
};

pub use Relationship::{Customer, Peer, SelfRating as Own, Subordinate, Superior};

/// A model on the default 1–5 scale and grades with dimensions `(weight, item count)`,
/// coded `1`, `2`, … with items `1.1`, `1.2`, ….
pub fn model(dimensions: &[(f64, usize)]) -> Model {
    model_in(dimensions, PercentMode::Ratio)
}

pub fn model_in(dimensions: &[(f64, usize)], percent: PercentMode) -> Model {
    let draft = ModelDraft {
        name: "test".into(),
        version: "1".into(),
        percent,
        scale: ScaleDraft::default_five(),
        grades: GradeDraft::defaults(),
        dimensions: dimensions
            .iter()
            .enumerate()
            .map(|(d, (weight, items))| DimensionDraft {
                code: (d + 1).to_string(),
                name: format!("D{}", d + 1),
                weight: *weight,
                items: (1..=*items)
                    .map(|i| ItemDraft {
                        code: format!("{}.{i}", d + 1),
                        text: format!("item {}.{i}", d + 1),
                    })
                    .collect(),
            })
            .collect(),
    };
    Model::validate(draft).unwrap().model
}

/// A tally of responses, each the same answer `value` to every item (None = N/A).
pub fn uniform(model: &Model, rows: &[(Relationship, Option<i32>)]) -> Tally {
    let rows: Vec<(Relationship, Vec<Option<i32>>)> = rows
        .iter()
        .map(|(r, v)| (*r, vec![*v; model.items().len()]))
        .collect();
    tally(model, &rows)
}

/// A tally of responses given answer by answer.
pub fn tally(model: &Model, rows: &[(Relationship, Vec<Option<i32>>)]) -> Tally {
    let mut t = Tally::new();
    for (r, answers) in rows {
        t.add(model, *r, answers).unwrap();
    }
    t
}

/// Settings with weights in the order self, superior, peer, subordinate, customer.
pub fn settings(weights: [f64; 5], threshold: i64) -> Settings {
    Settings::new(Weights::new(weights).unwrap(), threshold).unwrap()
}

pub fn approx(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}
