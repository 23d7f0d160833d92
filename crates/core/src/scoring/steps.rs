//! SPEC §4 steps 1–4, 8 and 9, named after the concepts there.

use super::groups::{GroupInfo, ScoringGroups};
use super::{GAPS_SHOWN, GroupValue, ItemResult, Tally};
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

/// Steps 3 and 8: `Σ w[g]·v[g] / Σ w[g]` over the groups with `w[g] > 0` and `v[g]` defined
/// (`value(i)` is the value of the `i`-th used group). `without_self` leaves the `self` group
/// out whatever its weight (step 9's `others`).
pub(super) fn weighted(
    groups: &[GroupInfo],
    value: impl Fn(usize) -> Option<f64>,
    without_self: bool,
) -> Option<f64> {
    let counted = || {
        groups.iter().enumerate().filter_map(|(i, g)| {
            let counts = g.weight > 0.0 && !(without_self && g.group.is_self());
            counts.then(|| value(i).map(|v| (g.weight, v))).flatten()
        })
    };
    normalised_sum(counted)
}

/// `Σ w·v / Σ w` over `(w, v)` terms with `w > 0`; `None` without terms. A weighted mean lies
/// between the least and the greatest value, so the result is kept there: rounding in the
/// last bit can then neither push a score off the scale nor make a single group's score
/// differ from that group's own value.
fn normalised_sum<I: Iterator<Item = (f64, f64)>>(terms: impl Fn() -> I) -> Option<f64> {
    let (mut sum, mut total) = (0.0, 0.0);
    let (mut least, mut greatest) = (f64::INFINITY, f64::NEG_INFINITY);
    for (w, v) in terms() {
        sum += w * v;
        total += w;
        least = least.min(v);
        greatest = greatest.max(v);
    }
    (total > 0.0).then(|| (sum / total).clamp(least, greatest))
}

/// The effective weight of each group whose value is defined: `w[g] / Σ w[g]` over the
/// groups with weight, and 0 for groups of weight 0.
pub(super) fn effective_weights(groups: &[GroupInfo], values: &[GroupValue]) -> Vec<(Group, f64)> {
    let defined = || groups.iter().zip(values).filter(|(_, v)| v.value.is_some());
    let total: f64 = defined().map(|(g, _)| g.weight).filter(|w| *w > 0.0).sum();
    defined()
        .map(|(g, _)| {
            let share = if g.weight > 0.0 && total > 0.0 {
                g.weight / total
            } else {
                0.0
            };
            (g.group, share)
        })
        .collect()
}

/// The `self` group's value, if it has one (`value(i)` as in [`weighted`]).
pub(super) fn self_value(
    groups: &[GroupInfo],
    value: impl Fn(usize) -> Option<f64>,
) -> Option<f64> {
    value(groups.iter().position(|g| g.group.is_self())?)
}

/// Step 4: `T = Σ W[d]·S[d] / Σ W[d]` over the dimensions with `S[d]` defined, and the
/// dimensions left out. `T` is undefined when no dimension with a weight above 0 is defined.
pub(super) fn overall(
    model: &Model,
    scores: impl Iterator<Item = Option<f64>>,
) -> (Option<f64>, Vec<usize>) {
    let scores: Vec<Option<f64>> = scores.collect();
    let left_out = (0..scores.len()).filter(|d| scores[*d].is_none()).collect();
    let terms = || {
        model
            .dimensions()
            .iter()
            .zip(&scores)
            .filter_map(|(dimension, s)| s.map(|s| (dimension.weight(), s)))
            .filter(|(w, _)| *w > 0.0)
    };
    (normalised_sum(terms), left_out)
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
