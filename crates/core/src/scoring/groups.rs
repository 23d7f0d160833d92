//! SPEC §4 step 0: anonymity. Which raters are counted, in which scoring group, with what
//! weight; which short anonymous relationships were pooled, and what was set aside.

use super::{Settings, Tally};
use crate::relationship::{Group, Relationship};

/// One scoring group that has raters.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupInfo {
    /// The group.
    pub group: Group,
    /// Its submitted raters.
    pub raters: u32,
    /// Its weight `w[g]`: the relationship's, or for `pooled` the sum of its relationships'.
    pub weight: f64,
    /// The relationships whose raters it holds.
    pub from: Vec<Relationship>,
}

/// The outcome of step 0 for one assessee: the ledger's account of who was counted.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoringGroups {
    /// Submitted responses per relationship before pooling, in [`Relationship::ALL`] order.
    pub raters: [u32; 5],
    /// The scoring groups with raters, in [`Group::ALL`] order: these are scored.
    pub used: Vec<GroupInfo>,
    /// The short anonymous relationships (1 ≤ raters < k), pooled or set aside.
    pub short: Vec<Relationship>,
    /// Responses left out of every score because the pool stayed under `k`.
    pub set_aside: u32,
}

impl ScoringGroups {
    /// The relationships whose responses were set aside (empty when none were).
    pub fn set_aside_from(&self) -> &[Relationship] {
        if self.set_aside > 0 { &self.short } else { &[] }
    }

    /// The `pooled` group, when it is used.
    pub fn pooled(&self) -> Option<&GroupInfo> {
        self.used.iter().find(|g| g.group == Group::Pooled)
    }
}

/// Forms the scoring groups of one assessee from the submitted raters and the cycle settings.
pub(crate) fn scoring_groups(tally: &Tally, settings: &Settings) -> ScoringGroups {
    let k = settings.threshold();
    let weights = settings.weights();
    let raters = tally.raters();
    let is_short = |r: Relationship| r.is_anonymous() && (1..k).contains(&tally.raters_of(r));
    let short: Vec<Relationship> = Relationship::ANONYMOUS
        .into_iter()
        .filter(|r| is_short(*r))
        .collect();

    let mut used: Vec<GroupInfo> = Relationship::ALL
        .into_iter()
        .filter(|r| tally.raters_of(*r) > 0 && !is_short(*r))
        .map(|r| GroupInfo {
            group: Group::Of(r),
            raters: tally.raters_of(r),
            weight: weights.of(r),
            from: vec![r],
        })
        .collect();

    let pool_raters: u32 = short.iter().map(|r| tally.raters_of(*r)).sum();
    let mut set_aside = 0;
    if !short.is_empty() {
        if pool_raters >= k {
            used.push(GroupInfo {
                group: Group::Pooled,
                raters: pool_raters,
                weight: short.iter().map(|r| weights.of(*r)).sum(),
                from: short.clone(),
            });
        } else {
            set_aside = pool_raters;
        }
    }
    ScoringGroups {
        raters,
        used,
        short,
        set_aside,
    }
}
