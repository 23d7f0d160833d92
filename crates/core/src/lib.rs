//! Yardstick's domain: competency models, rating scales, relationships and the exact
//! scoring of SPEC §4. Plain data and plain functions: no I/O, no async.
//!
//! Values that cross a boundary are parsed into the types here (`Model`, `Relationship`,
//! `Weights`, `Settings`, `CycleSettings`), so an invalid model or weight cannot exist past that point.

pub mod analytics;
pub mod bounds;
pub mod choice;
pub mod cycle;
pub mod dates;
pub mod lang;
pub mod model;
pub mod org;
pub mod relationship;
pub mod scoring;

pub use choice::{Choice, Given};
pub use cycle::{
    AskedDimensions, CycleDraft, CycleField, CycleProblem, CycleProblemKind, CycleSettings,
    CycleState, Move,
};
pub use lang::Lang;
pub use model::{
    Dimension, DimensionDraft, GradeBand, GradeDraft, Item, ItemDraft, Model, ModelDraft,
    ModelField, ModelProblem, ModelWarning, PercentMode, Scale, ScaleDraft, Validated, Where,
};
pub use relationship::{Group, Relationship, Weights, WeightsError};
pub use scoring::{
    Answer, AssesseeInput, AssesseeResult, CycleResults, CycleScores, DimensionResult, GroupInfo,
    GroupValue, ItemResult, Overall, ScoringGroups, Settings, SettingsError, Standing, Tally,
    TallyError, score_assessee, score_cycle,
};
