//! SPEC §4 steps 1–4, 8 and 9, named after the concepts there.

use super::groups::{GroupInfo, ScoringGroups};
use super::{DimensionResult, GAPS_SHOWN, GroupValue, ItemResult, Tally};
use crate::model::Model;
use crate::relationship::Group;

/// Step 1: `m[g][i]` for every used group `g` (outer) and item `i` (inner).
pub(super) fn item_means(
    model: &Model,
    tally: &Tally,
    groups: &ScoringGroups,
) -> Vec<Vec<Option<f64>>> {
    groups
        .used
        .iter()
        .map(|g| {
            (0..model.items().len())
                .map(|i| tally.mean(&g.from, i))
                .collect()
        })
        .collect()
}

/// Step 2: `D[g][d]`, the mean of the defined item means of each dimension, per group.
pub(super) fn dimension_scores(model: &Model, means: &[Vec<Option<f64>>]) -> Vec<Vec<Option<f64>>> {
    means
        .iter()
        .map(|m| {
            model
                .dimensions()
                .iter()
                .map(|d| mean(m[d.item_range()].iter().flatten().copied()))
                .collect()
        })
        .collect()
}

/// Steps 3 and 8: `Σ w[g]·v[g] / Σ w[g]` over the groups with `w[g] > 0` and `v[g]` defined,
/// with the effective weight of every group whose value is defined. `without_self` leaves
/// the `self` group out whatever its weight (step 9's `others`).
pub(super) fn weighted(
    groups: &[GroupInfo],
    values: &[GroupValue],
    without_self: bool,
) -> (Option<f64>, Vec<(Group, f64)>) {
    let counted = || {
        groups
            .iter()
            .zip(values)
            .filter(move |(g, _)| !(without_self && g.group.is_self()))
            .filter_map(|(g, v)| v.value.map(|value| (g, value)))
    };
    let total: f64 = counted().map(|(g, _)| g.weight).filter(|w| *w > 0.0).sum();
    if total <= 0.0 {
        return (None, counted().map(|(g, _)| (g.group, 0.0)).collect());
    }
    let score = counted()
        .filter(|(g, _)| g.weight > 0.0)
        .map(|(g, v)| g.weight * v)
        .sum::<f64>()
        / total;
    let weights = counted()
        .map(|(g, _)| {
            (
                g.group,
                if g.weight > 0.0 {
                    g.weight / total
                } else {
                    0.0
                },
            )
        })
        .collect();
    (Some(score), weights)
}

/// The `self` group's value, if it has one.
pub(super) fn self_value(values: &[GroupValue]) -> Option<f64> {
    values.iter().find(|v| v.group.is_self())?.value
}

/// Step 4: `T = Σ W[d]·S[d] / Σ W[d]` over the dimensions with `S[d]` defined, and the
/// dimensions left out. `T` is undefined when no dimension with a weight above 0 is defined.
pub(super) fn overall(model: &Model, dimensions: &[DimensionResult]) -> (Option<f64>, Vec<usize>) {
    let mut left_out = Vec::new();
    let (mut weighted_sum, mut total) = (0.0, 0.0);
    for (d, (dimension, result)) in model.dimensions().iter().zip(dimensions).enumerate() {
        match result.score {
            Some(s) => {
                weighted_sum += dimension.weight() * s;
                total += dimension.weight();
            }
            None => left_out.push(d),
        }
    }
    ((total > 0.0).then(|| weighted_sum / total), left_out)
}

/// Step 9: blind spots (self − others ≥ θ) and hidden strengths (others − self ≥ θ), judged on
/// the gap as displayed (2 decimals) so that a printed gap and its verdict never disagree;
/// each list largest first (ties in item order), at most [`GAPS_SHOWN`] long.
pub(super) fn gaps(items: &[ItemResult], theta: f64) -> (Vec<usize>, Vec<usize>) {
    let shown: Vec<(usize, f64)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| item.gap.map(|g| (i, super::display::raw_display(g))))
        .collect();
    let pick = |sign: f64| {
        let mut found: Vec<(usize, f64)> = shown
            .iter()
            .map(|(i, g)| (*i, g * sign))
            .filter(|(_, g)| *g >= theta)
            .collect();
        found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        found.into_iter().take(GAPS_SHOWN).map(|(i, _)| i).collect()
    };
    (pick(1.0), pick(-1.0))
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}
