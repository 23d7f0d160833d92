//! Small pieces several answers share: relationship weights as an object, whole numbers
//! written as integers, and the cycle as the API shows it.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};
use utoipa::ToSchema;
use yardstick_store::Cycle;

/// A number written as an integer when it is whole (`40`, not `40.0`).
pub(crate) fn number<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        s.serialize_i64(*x as i64)
    } else {
        s.serialize_f64(*x)
    }
}

/// Relationship weights of a cycle.
#[derive(Serialize, ToSchema)]
pub(crate) struct WeightsOut {
    /// 自评.
    #[serde(rename = "self", serialize_with = "number")]
    self_rating: f64,
    /// 上级.
    #[serde(serialize_with = "number")]
    superior: f64,
    /// 同级.
    #[serde(serialize_with = "number")]
    peer: f64,
    /// 下级.
    #[serde(serialize_with = "number")]
    subordinate: f64,
    /// 客户.
    #[serde(serialize_with = "number")]
    customer: f64,
}

impl From<[f64; 5]> for WeightsOut {
    fn from(w: [f64; 5]) -> Self {
        WeightsOut {
            self_rating: w[0],
            superior: w[1],
            peer: w[2],
            subordinate: w[3],
            customer: w[4],
        }
    }
}

/// An assessment cycle.
#[derive(Serialize, ToSchema)]
pub(crate) struct CycleOut {
    /// Id.
    id: i64,
    /// Name.
    name: String,
    /// The id of the model version it uses.
    model: i64,
    /// `draft`, `open`, `closed` or `published`.
    state: String,
    /// Relationship weights.
    weights: WeightsOut,
    /// Anonymity threshold `k`.
    threshold: i64,
    /// Most peers the automatic assignment gives an assessee.
    peers: i64,
    /// First day (YYYY-MM-DD).
    starts_on: Option<String>,
    /// Last day (YYYY-MM-DD).
    ends_on: Option<String>,
    /// The relationships asked only some dimensions, each with the dimension codes it is
    /// asked; a relationship not named is asked every dimension (`{}`: everybody all).
    dimensions: BTreeMap<String, Vec<String>>,
    /// The day (YYYY-MM-DD, Beijing time) its raw responses are to be deleted, if HR chose
    /// one (`PUT /api/v1/cycles/{id}/retention`).
    purge_on: Option<String>,
    /// When its raw responses were deleted (Unix milliseconds); its results are kept.
    purged_at: Option<i64>,
}

impl From<Cycle> for CycleOut {
    fn from(c: Cycle) -> Self {
        CycleOut {
            id: c.id,
            name: c.name,
            model: c.model_id,
            state: c.state.code().to_string(),
            weights: c.weights.into(),
            threshold: c.threshold,
            peers: c.peers,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            dimensions: c
                .dimensions
                .iter()
                .map(|(r, codes)| (r.code().to_string(), codes.to_vec()))
                .collect(),
            purge_on: c.purge_on,
            purged_at: c.purged_at,
        }
    }
}
