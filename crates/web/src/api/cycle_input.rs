//! The body of `POST /api/v1/cycles` and how it becomes a cycle to create: the model
//! (`"builtin"` or an id), weights over the defaults, assessees (`"all"` or ids), dates.

use std::collections::BTreeMap;

use serde::Deserialize;
use utoipa::ToSchema;
use yardstick_core::dates::is_iso_date;
use yardstick_core::{Lang, Relationship, Weights};
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
    name: String,
    /// `"builtin"` or a model id.
    model: ModelRef,
    /// Relationship weights by code or Chinese label, e.g. `{"superior": 50, "peer": 10}`;
    /// relationships not named keep the defaults (self 0, superior 40, peer 20, subordinate
    /// 20, customer 20).
    weights: Option<BTreeMap<String, f64>>,
    /// Anonymity threshold `k` (default 3; 1 turns pooling off).
    threshold: Option<i64>,
    /// `"all"` or a list of person ids.
    assessees: AssesseesIn,
    /// Most peers the automatic assignment gives an assessee (default 4).
    peers: Option<i64>,
    /// First day, YYYY-MM-DD.
    starts_on: Option<String>,
    /// Last day, YYYY-MM-DD, not before the first.
    ends_on: Option<String>,
}

/// Relationship weights from the defaults and the overrides given.
fn weights(given: &BTreeMap<String, f64>, problems: &mut Vec<Problem>) -> Weights {
    let mut values = Relationship::ALL.map(|r| Weights::default().of(r));
    let mut seen = [false; 5];
    for (name, value) in given {
        let field = format!("weights.{name}");
        match Relationship::parse(name) {
            None => problems.push(Problem::new(
                Some(&field),
                format!("未知的评价关系“{name}”(可用:self/自评、superior/上级、peer/同级、subordinate/下级、customer/客户)"),
                format!("unknown relationship \"{name}\" (use self, superior, peer, subordinate or customer)"),
            )),
            Some(r) if std::mem::replace(&mut seen[r.index()], true) => problems.push(Problem::new(
                Some(&field),
                format!("评价关系“{}”的权重给了两次", r.label(Lang::Zh)),
                format!("the weight of {} is given twice", r.code()),
            )),
            Some(r) => values[r.index()] = *value,
        }
    }
    Weights::new(values).unwrap_or_else(|e| {
        problems.push(Problem::new(
            Some("weights"),
            e.message(Lang::Zh),
            e.message(Lang::En),
        ));
        Weights::default()
    })
}

impl NewCycleIn {
    /// The cycle to create, or every rule the request breaks.
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
                    problems.push(Problem::new(
                        Some("model"),
                        format!("模型须为 \"builtin\"(内置模型)或模型编号,而不是“{s}”"),
                        format!("model must be \"builtin\" or a model id, not \"{s}\""),
                    ));
                    ModelChoice::Builtin
                }
            },
        };
        let weights = weights(&self.weights.unwrap_or_default(), &mut problems);
        let assessees = match self.assessees {
            AssesseesIn::Ids(ids) => AssesseeChoice::Ids(ids),
            AssesseesIn::All(s) if s.trim() == "all" => AssesseeChoice::All,
            AssesseesIn::All(s) => {
                problems.push(Problem::new(
                    Some("assessees"),
                    format!("被评价人须为 \"all\"(全部人员)或工号列表,而不是“{s}”"),
                    format!("assessees must be \"all\" or a list of person ids, not \"{s}\""),
                ));
                AssesseeChoice::All
            }
        };
        for (field, date) in [("starts_on", &self.starts_on), ("ends_on", &self.ends_on)] {
            if let Some(d) = date.as_deref().filter(|d| !is_iso_date(d)) {
                problems.push(Problem::new(
                    Some(field),
                    format!("日期“{d}”无效,请写成 YYYY-MM-DD,例如 2026-03-01"),
                    format!("\"{d}\" is not a date: write YYYY-MM-DD, e.g. 2026-03-01"),
                ));
            }
        }
        if let (Some(s), Some(e)) = (&self.starts_on, &self.ends_on)
            && is_iso_date(s)
            && is_iso_date(e)
            && e < s
        {
            problems.push(Problem::new(
                Some("ends_on"),
                "结束日期早于开始日期",
                "the last day is before the first",
            ));
        }
        if !problems.is_empty() {
            return Err(ApiError::invalid(problems));
        }
        Ok(NewCycle {
            name: self.name,
            model,
            weights,
            threshold: self.threshold.unwrap_or(3),
            peers: self.peers.unwrap_or(4),
            assessees,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
        })
    }
}
