//! The body of `POST /api/v1/cycles` and how it becomes a cycle to create: the model
//! (`"builtin"` or an id), the assessees (`"all"` or ids), and the settings — weights over
//! the defaults, threshold, peers, dates, the dimensions per relationship — which core parses.

use std::collections::BTreeMap;

use serde::Deserialize;
use utoipa::ToSchema;
use yardstick_core::CycleDraft;
use yardstick_i18n::msg;
use yardstick_store::{AssesseeChoice, ModelChoice, NewCycle};

use crate::error::{ApiError, Problem};

/// The model of a new cycle: `"builtin"` or a model id.
#[derive(Deserialize, ToSchema)]
#[serde(untagged)]
pub(crate) enum ModelRef {
    /// A stored model version's id.
    Id(i64),
    /// `"builtin"`.
    Builtin(String),
}

/// The assessees of a new cycle: `"all"` (everybody in the people list) or their ids.
#[derive(Deserialize, ToSchema)]
#[serde(untagged)]
pub(crate) enum AssesseesIn {
    /// These people, in this order.
    Ids(Vec<String>),
    /// `"all"`.
    All(String),
}

/// A cycle to create.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewCycleIn {
    /// Name, e.g. 2026年度中层管理人员360评估.
    pub(crate) name: String,
    /// `"builtin"` or a model id.
    pub(crate) model: ModelRef,
    /// Relationship weights by code or Chinese label, e.g. `{"superior": 50, "peer": 10}`;
    /// relationships not named keep the defaults (self 0, superior 40, peer 20, subordinate
    /// 20, customer 20).
    pub(crate) weights: Option<BTreeMap<String, f64>>,
    /// Anonymity threshold `k` (default 3; 1 turns pooling off).
    pub(crate) threshold: Option<i64>,
    /// `"all"` or a list of person ids.
    pub(crate) assessees: AssesseesIn,
    /// Most peers the automatic assignment gives an assessee (default 4).
    pub(crate) peers: Option<i64>,
    /// First day, YYYY-MM-DD.
    pub(crate) starts_on: Option<String>,
    /// Last day, YYYY-MM-DD, not before the first.
    pub(crate) ends_on: Option<String>,
    /// Per relationship (code or Chinese label), the dimension codes it is asked, e.g.
    /// `{"customer": ["1", "4", "5", "6"]}`; a relationship not named is asked every
    /// dimension.
    pub(crate) dimensions: Option<BTreeMap<String, Vec<String>>>,
}

impl NewCycleIn {
    /// The cycle to create, or every rule the request breaks: the settings are parsed by
    /// core ([`CycleDraft::parse`]), each problem naming its field.
    pub(crate) fn parse(self) -> Result<NewCycle, ApiError> {
        let mut problems = Vec::new();
        let model = match self.model {
            ModelRef::Id(id) => ModelChoice::Id(id),
            ModelRef::Builtin(s) if s.trim().eq_ignore_ascii_case("builtin") => {
                ModelChoice::Builtin
            }
            ModelRef::Builtin(s) => match s.trim().parse::<i64>() {
                Ok(id) => ModelChoice::Id(id),
                Err(_) => {
                    let m = msg!("cycle.settings.model_ref", value = &s);
                    problems.push(Problem::message(Some("model"), m));
                    ModelChoice::Builtin
                }
            },
        };
        let assessees = match self.assessees {
            AssesseesIn::Ids(ids) => AssesseeChoice::Ids(ids),
            AssesseesIn::All(s) if s.trim() == "all" => AssesseeChoice::All,
            AssesseesIn::All(s) => {
                let m = msg!("cycle.settings.assessees_ref", value = &s);
                problems.push(Problem::message(Some("assessees"), m));
                AssesseeChoice::All
            }
        };
        let draft = CycleDraft {
            name: self.name,
            weights: self.weights.unwrap_or_default().into_iter().collect(),
            threshold: self.threshold,
            peers: self.peers,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            dimensions: self.dimensions.unwrap_or_default().into_iter().collect(),
        };
        let settings = draft.parse().map_err(|list| {
            problems.extend(
                list.iter()
                    .map(|p| Problem::message(Some(&p.field.path()), p.message())),
            );
        });
        match settings {
            Ok(settings) if problems.is_empty() => Ok(NewCycle {
                settings,
                model,
                assessees,
            }),
            _ => Err(ApiError::invalid(problems)),
        }
    }
}
