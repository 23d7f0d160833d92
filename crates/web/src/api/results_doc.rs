//! The schema of the Results object (SPEC §5) for the OpenAPI document. The object itself
//! is written by `yardstick_formats::results::write_json`; these types only describe it.
#![allow(dead_code)]

use std::collections::BTreeMap;

use utoipa::ToSchema;

use super::views::WeightsOut;

/// The model scored against.
#[derive(ToSchema)]
pub(crate) struct ResultsModel {
    /// Name.
    name: String,
    /// Version label.
    version: String,
}

/// The settings used.
#[derive(ToSchema)]
pub(crate) struct ResultsSettings {
    /// Relationship weights.
    weights: WeightsOut,
    /// Anonymity threshold `k`.
    threshold: u32,
    /// `ratio` or `linear`.
    percent: String,
    /// θ, the self–others gap that makes a blind spot or hidden strength.
    gap_threshold: f64,
}

/// Overall score, grade and rank; null when undefined.
#[derive(ToSchema)]
pub(crate) struct ResultsOverall {
    /// `T` on the raw scale, unrounded.
    score: Option<f64>,
    /// `percent(T)`, unrounded.
    percent: Option<f64>,
    /// Grade band.
    grade: Option<String>,
    /// Rank in the cycle.
    rank: Option<u32>,
    /// Rank in the department.
    department_rank: Option<u32>,
}

/// One dimension of an assessee.
#[derive(ToSchema)]
pub(crate) struct ResultsDimension {
    /// Code.
    code: String,
    /// Name.
    name: String,
    /// Dimension weight `W[d]`.
    weight: f64,
    /// `S[d]`.
    score: Option<f64>,
    /// `percent(S[d])`.
    percent: Option<f64>,
    /// `D[self][d]`.
    #[schema(rename = "self")]
    self_score: Option<f64>,
    /// `S[d]` without self.
    others: Option<f64>,
    /// `D[g][d]` per scoring group with raters (including `pooled` when used).
    groups: BTreeMap<String, Option<f64>>,
    /// Effective weight of each scoring group in `S[d]`, summing to 1.
    weights: BTreeMap<String, f64>,
}

/// One assessee's results.
#[derive(ToSchema)]
pub(crate) struct ResultsAssessee {
    /// Person id.
    id: String,
    /// Department, or null.
    department: Option<String>,
    /// Submitted responses per relationship (before pooling).
    raters: BTreeMap<String, u32>,
    /// The short relationships pooled (empty when none).
    pooled: Vec<String>,
    /// Responses left out of every score.
    set_aside: u32,
    /// Overall score, grade and rank.
    overall: ResultsOverall,
    /// One per model dimension.
    dimensions: Vec<ResultsDimension>,
    /// Largest self-over-others gaps (盲点): `{"item", "self", "others", "gap"}`.
    blind_spots: Vec<serde_json::Value>,
    /// Largest others-over-self gaps (潜能).
    hidden_strengths: Vec<serde_json::Value>,
    /// Every item's score, with `?items=true` only.
    items: Option<Vec<serde_json::Value>>,
    /// The score ledger (SPEC §4.11): groups with raters and weights, set-aside responses,
    /// dimensions left out, the conversion mode.
    ledger: serde_json::Value,
}

/// The Results object of SPEC §5.
#[derive(ToSchema)]
pub(crate) struct Results {
    /// The model.
    model: ResultsModel,
    /// Weights, threshold and conversion used.
    settings: ResultsSettings,
    /// Every assessee of the cycle, in the cycle's order.
    assessees: Vec<ResultsAssessee>,
}
