//! SPEC §4 steps 1–4, 8 and 9, named after the concepts there.

use super::display::raw_display;
use super::groups::{GroupInfo, ScoringGroups};
use super::{GAPS_SHOWN, GroupValue, ItemResult, Tally};
use crate::model::Model;
use crate::relationship::Group;

/// Values per used group (rows) and per item or dimension (columns), in one table.
pub(super) struct Table {
    columns: usize,
    values: Vec<Option<f64>>,
}

impl Table {
    /// The value of group `g` (its position among the used groups) in column `c`.
    pub(super) fn get(&self, g: usize, c: usize) -> Option<f64> {
        self.values[g * self.columns + c]
    }

    fn row(&self, g: usize) -> &[Option<f64>] {
        &self.values[g * self.columns..(g + 1) * self.columns]
    }
}

/// Step 1: `m[g][i]` for every used group `g` and item `i`.
pub(super) fn item_means(model: &Model, tally: &Tally, groups: &ScoringGroups) -> Table {
    let items = model.items().len();
    let mut values = Vec::with_capacity(groups.used.len() * items);
    for g in &groups.used {
        tally.means_into(&g.from, items, &mut values);
    }
    Table {
        columns: items,
        values,
    }
}

/// Step 2: `D[g][d]`, the mean of the defined item means of each dimension, per group.
pub(super) fn dimension_scores(model: &Model, means: &Table) -> Table {
    let dimensions = model.dimensions();
    let groups = means.values.len() / means.columns.max(1);
    let mut values = Vec::with_capacity(groups * dimensions.len());
    for g in 0..groups {
        let row = means.row(g);
        values.extend(
            dimensions
                .iter()
                .map(|d| mean(row[d.item_range()].iter().flatten().copied())),
        );
    }
    Table {
        columns: dimensions.len(),
        values,
    }
}

/// A weighted mean being summed: `Σ w·v / Σ w` over terms with `w > 0`.
///
/// A weighted mean lies between the least and the greatest value, so the result is kept
/// there: rounding in the last bit can then neither push a score off the scale nor make a
/// single group's score differ from that group's own value.
#[derive(Clone, Copy)]
struct Mean {
    sum: f64,
    total: f64,
    least: f64,
    greatest: f64,
}

impl Mean {
    const EMPTY: Mean = Mean {
        sum: 0.0,
        total: 0.0,
        least: f64::INFINITY,
        greatest: f64::NEG_INFINITY,
    };

    fn add(&mut self, weight: f64, value: f64) {
        if !value.is_finite() {
            // An undefined score makes the whole mean undefined.
            self.total = f64::NAN;
            return;
        }
        self.sum += weight * value;
        self.total += weight;
        self.least = self.least.min(value);
        self.greatest = self.greatest.max(value);
    }

    /// The mean, or `None` when nothing with weight was added. Weights and values within the
    /// bounds (SPEC §7) keep the sums finite; should they not be, there is no mean rather
    /// than a NaN that would rank first (and `clamp` would refuse).
    fn result(self) -> Option<f64> {
        let mean = self.sum / self.total;
        (self.total > 0.0 && mean.is_finite() && self.least <= self.greatest)
            .then(|| mean.clamp(self.least, self.greatest))
    }
}

/// Steps 3, 8 and 9 for one dimension or item.
#[derive(Clone, Copy)]
pub(super) struct Blend {
    /// `Σ w[g]·v[g] / Σ w[g]` over the groups with `w[g] > 0` and `v[g]` defined.
    pub(super) score: Option<f64>,
    /// The same with the `self` group left out whatever its weight.
    pub(super) others: Option<f64>,
    /// The `self` group's value.
    pub(super) self_value: Option<f64>,
}

/// Blends the groups' values (`value(g)` for the `g`-th used group) in one pass.
pub(super) fn blend(groups: &[GroupInfo], value: impl Fn(usize) -> Option<f64>) -> Blend {
    let (mut all, mut others, mut self_value) = (Mean::EMPTY, Mean::EMPTY, None);
    for (g, info) in groups.iter().enumerate() {
        let Some(v) = value(g) else { continue };
        let own = info.group.is_self();
        if own {
            self_value = Some(v);
        }
        if info.weight > 0.0 {
            all.add(info.weight, v);
            if !own {
                others.add(info.weight, v);
            }
        }
    }
    Blend {
        score: all.result(),
        others: others.result(),
        self_value,
    }
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

/// Step 4: `T = Σ W[d]·S[d] / Σ W[d]` over the dimensions with `S[d]` defined, and the
/// dimensions left out. `T` is undefined when no dimension with a weight above 0 is defined.
pub(super) fn overall(
    model: &Model,
    scores: impl Iterator<Item = Option<f64>>,
) -> (Option<f64>, Vec<usize>) {
    let mut left_out = Vec::new();
    let mut t = Mean::EMPTY;
    for (d, (dimension, score)) in model.dimensions().iter().zip(scores).enumerate() {
        match score {
            Some(s) if dimension.weight() > 0.0 => t.add(dimension.weight(), s),
            Some(_) => {}
            None => left_out.push(d),
        }
    }
    (t.result(), left_out)
}

/// Step 9: blind spots (self − others ≥ θ) and hidden strengths (others − self ≥ θ), judged on
/// the gap as displayed (2 decimals) so that a printed gap and its verdict never disagree;
/// each list largest first (ties in item order), at most [`GAPS_SHOWN`] long.
pub(super) fn gaps(items: &[ItemResult], theta: f64) -> (Vec<usize>, Vec<usize>) {
    let mut blind = Vec::with_capacity(GAPS_SHOWN);
    let mut hidden = Vec::with_capacity(GAPS_SHOWN);
    for (i, item) in items.iter().enumerate() {
        // A gap more than 0.01 short of θ cannot display as θ.
        let Some(gap) = item.gap.filter(|g| g.abs() >= theta - 0.01) else {
            continue;
        };
        let shown = raw_display(gap);
        if shown >= theta {
            keep_largest(&mut blind, (i, shown));
        } else if -shown >= theta {
            keep_largest(&mut hidden, (i, -shown));
        }
    }
    let positions = |found: Vec<(usize, f64)>| found.into_iter().map(|(i, _)| i).collect();
    (positions(blind), positions(hidden))
}

/// Inserts `(item, size)` into a list kept largest first (earlier items first among equals)
/// and at most [`GAPS_SHOWN`] long. Items arrive in order, so an equal size goes after.
fn keep_largest(list: &mut Vec<(usize, f64)>, entry: (usize, f64)) {
    let at = list
        .iter()
        .position(|(_, size)| entry.1 > *size)
        .unwrap_or(list.len());
    if at < GAPS_SHOWN {
        list.insert(at, entry);
        list.truncate(GAPS_SHOWN);
    }
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}
