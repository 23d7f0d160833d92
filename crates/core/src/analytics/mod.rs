//! The Analytics object of SPEC §8: how well the model holds together on a cycle's own
//! answers (Cronbach's α, item–rest correlations), how far raters of one group agree
//! (rwg), which items a relationship cannot observe (N/A rates), how each rater rates
//! (leniency, straight-lining), and which assessees sit so close to a grade line that the
//! raters' spread could have put them on the other side (close calls).
//!
//! Plain functions over plain data: the submitted responses as [`Rated`], and the cycle's
//! [`CycleScores`] for the displayed scores and the scoring groups. `docs/analytics.md`
//! works every figure out by hand on the data set of this crate's tests.

mod close;
mod stats;

use close::close_calls;

use std::collections::BTreeMap;

use crate::cycle::AskedDimensions;
use crate::model::Model;
use crate::relationship::Relationship;
use crate::scoring::{Answer, CycleScores};

/// How many numeric answers, all equal, make a response straight-lined.
pub const STRAIGHT_LINE_MIN: usize = 10;

/// One submitted response, as the analytics read it.
#[derive(Clone, Copy, Debug)]
pub struct Rated<'a> {
    /// The rater: a person id, or an outside rater's id.
    pub rater: &'a str,
    /// The assessee's position in the cycle.
    pub assessee: usize,
    /// The rater's relationship to the assessee.
    pub relationship: Relationship,
    /// One answer per model item.
    pub answers: &'a [Answer],
}

/// The fit of one dimension's items on the cycle's answers.
#[derive(Clone, Debug, PartialEq)]
pub struct DimensionFit {
    /// The dimension's position in the model.
    pub dimension: usize,
    /// Cronbach's α; `None` when `n < 3`, the dimension has one item, or var(sum) = 0.
    pub alpha: Option<f64>,
    /// Responses that answered every item of the dimension with a number.
    pub n: usize,
    /// Per item of the dimension, in model order.
    pub items: Vec<ItemFit>,
}

/// How one item goes with the rest of its dimension.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemFit {
    /// The item's position in the model.
    pub item: usize,
    /// Pearson's r with the sum of the dimension's other items; `None` when either varies
    /// not at all.
    pub item_rest: Option<f64>,
}

/// Agreement within groups on one item.
#[derive(Clone, Debug, PartialEq)]
pub struct Agreement {
    /// The item's position.
    pub item: usize,
    /// The mean rwg over the pairs; `None` when there is none.
    pub rwg: Option<f64>,
    /// (assessee, relationship) pairs with at least two numeric answers.
    pub pairs: usize,
}

/// The share of one relationship's responses that give an item no number.
#[derive(Clone, Debug, PartialEq)]
pub struct NaRate {
    /// The item's position.
    pub item: usize,
    /// The relationship.
    pub relationship: Relationship,
    /// Non-numeric answers / `n`.
    pub rate: f64,
    /// Submitted responses of this relationship (asked the item's dimension).
    pub n: usize,
}

/// How one rater rates.
#[derive(Clone, Debug, PartialEq)]
pub struct RaterFigures {
    /// The rater's id.
    pub rater: String,
    /// Submitted responses.
    pub responses: usize,
    /// Mean of all their numeric answers; `None` when they gave none.
    pub mean: Option<f64>,
    /// `mean` − the mean of every numeric answer of the cycle.
    pub leniency: Option<f64>,
    /// Responses with at least [`STRAIGHT_LINE_MIN`] numeric answers, all equal.
    pub straight_lined: usize,
}

/// An assessee whose displayed score is within the margin of a grade cut-off.
#[derive(Clone, Debug, PartialEq)]
pub struct CloseCall {
    /// The assessee's position in the cycle.
    pub assessee: usize,
    /// The displayed `percent(T)`.
    pub percent: f64,
    /// The nearest grade cut-off (a band's minimum).
    pub cutoff: f64,
    /// The margin: one standard error of `percent(T)` (see `docs/analytics.md`).
    pub margin: f64,
}

/// The Analytics object of SPEC §8.
#[derive(Clone, Debug, PartialEq)]
pub struct Analytics {
    /// Per dimension, in model order.
    pub dimensions: Vec<DimensionFit>,
    /// Per item, in model order.
    pub agreement: Vec<Agreement>,
    /// Per item and relationship asked it that has responses, in model then relationship order.
    pub na_rate: Vec<NaRate>,
    /// Per rater, by rater id.
    pub raters: Vec<RaterFigures>,
    /// Nearest to their cut-off first.
    pub close_calls: Vec<CloseCall>,
}

/// The answers of `r` with those to items its relationship is not asked cleared (SPEC §4
/// step 0), however they were stored.
fn asked_answers(model: &Model, asked: &AskedDimensions, r: &Rated<'_>) -> Vec<Answer> {
    let mut answers = r.answers.to_vec();
    answers.resize(model.items().len(), None);
    asked.keep_asked(r.relationship, model, &mut answers);
    answers
}

/// Every figure of the Analytics object over `responses` (the cycle's submitted responses
/// that are not invalidated); `scores` are the cycle's scores from the same responses.
pub fn analyse(
    model: &Model,
    asked: &AskedDimensions,
    responses: &[Rated<'_>],
    scores: &CycleScores<'_>,
) -> Analytics {
    let answers: Vec<Vec<Answer>> = responses
        .iter()
        .map(|r| asked_answers(model, asked, r))
        .collect();
    Analytics {
        dimensions: dimension_fit(model, &answers),
        agreement: agreement(model, responses, &answers),
        na_rate: na_rate(model, asked, responses, &answers),
        raters: raters(responses, &answers),
        close_calls: close_calls(model, responses, &answers, scores),
    }
}

/// Cronbach's α and the item–rest correlations of every dimension.
pub(crate) fn dimension_fit(model: &Model, answers: &[Vec<Answer>]) -> Vec<DimensionFit> {
    model
        .dimensions()
        .iter()
        .enumerate()
        .map(|(d, dim)| {
            let range = dim.item_range();
            // The complete responses: a row of numbers per response.
            let rows: Vec<Vec<f64>> = answers
                .iter()
                .filter_map(|a| {
                    a[range.clone()]
                        .iter()
                        .map(|x| x.map(f64::from))
                        .collect::<Option<Vec<f64>>>()
                })
                .collect();
            let k = range.len();
            let column = |j: usize| rows.iter().map(|r| r[j]).collect::<Vec<f64>>();
            let sums: Vec<f64> = rows.iter().map(|r| r.iter().sum()).collect();
            let alpha = if rows.len() < 3 || k < 2 {
                None
            } else {
                let item_vars: Option<f64> =
                    (0..k).map(|j| stats::sample_variance(&column(j))).sum();
                match (item_vars, stats::sample_variance(&sums)) {
                    (Some(items), Some(total)) if total > 0.0 => {
                        Some(k as f64 / (k as f64 - 1.0) * (1.0 - items / total))
                    }
                    _ => None,
                }
            };
            let items = range
                .clone()
                .enumerate()
                .map(|(j, item)| {
                    let x = column(j);
                    let rest: Vec<f64> = sums.iter().zip(&x).map(|(s, v)| s - v).collect();
                    ItemFit {
                        item,
                        item_rest: stats::pearson(&x, &rest),
                    }
                })
                .collect();
            DimensionFit {
                dimension: d,
                alpha,
                n: rows.len(),
                items,
            }
        })
        .collect()
}

/// rwg per item over the (assessee, relationship) pairs with two numeric answers or more.
pub(crate) fn agreement(
    model: &Model,
    responses: &[Rated<'_>],
    answers: &[Vec<Answer>],
) -> Vec<Agreement> {
    let points = f64::from(model.scale().max() - model.scale().min() + 1);
    let expected = (points * points - 1.0) / 12.0;
    let mut groups: BTreeMap<(usize, Relationship), Vec<usize>> = BTreeMap::new();
    for (i, r) in responses.iter().enumerate() {
        groups
            .entry((r.assessee, r.relationship))
            .or_default()
            .push(i);
    }
    (0..model.items().len())
        .map(|item| {
            let values: Vec<f64> = groups
                .values()
                .filter_map(|members| {
                    let xs: Vec<f64> = members
                        .iter()
                        .filter_map(|&m| answers[m][item].map(f64::from))
                        .collect();
                    let s2 = stats::sample_variance(&xs)?;
                    Some((1.0 - s2 / expected).max(0.0))
                })
                .collect();
            Agreement {
                item,
                rwg: stats::mean(&values),
                pairs: values.len(),
            }
        })
        .collect()
}

/// The N/A rate of each item for each relationship asked its dimension that has responses.
pub(crate) fn na_rate(
    model: &Model,
    asked: &AskedDimensions,
    responses: &[Rated<'_>],
    answers: &[Vec<Answer>],
) -> Vec<NaRate> {
    let mut out = Vec::new();
    for (item, _) in model.items().iter().enumerate() {
        let dimension = &model.dimensions()[model.dimension_of_item(item)];
        for relationship in Relationship::ALL {
            if !asked.asks(relationship, dimension.code()) {
                continue;
            }
            let of: Vec<&Answer> = responses
                .iter()
                .zip(answers)
                .filter(|(r, _)| r.relationship == relationship)
                .map(|(_, a)| &a[item])
                .collect();
            if of.is_empty() {
                continue;
            }
            let missing = of.iter().filter(|a| a.is_none()).count();
            out.push(NaRate {
                item,
                relationship,
                rate: missing as f64 / of.len() as f64,
                n: of.len(),
            });
        }
    }
    out
}

/// Each rater's responses, mean, leniency and straight-lined responses, by rater id.
pub(crate) fn raters(responses: &[Rated<'_>], answers: &[Vec<Answer>]) -> Vec<RaterFigures> {
    let numbers = |a: &Vec<Answer>| {
        a.iter()
            .flatten()
            .map(|v| f64::from(*v))
            .collect::<Vec<_>>()
    };
    let all: Vec<f64> = answers.iter().flat_map(numbers).collect();
    let cycle_mean = stats::mean(&all);
    let mut by_rater: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in responses.iter().enumerate() {
        by_rater.entry(r.rater).or_default().push(i);
    }
    by_rater
        .into_iter()
        .map(|(rater, members)| {
            let theirs: Vec<f64> = members.iter().flat_map(|&m| numbers(&answers[m])).collect();
            let mean = stats::mean(&theirs);
            let straight_lined = members
                .iter()
                .filter(|&&m| {
                    let xs = numbers(&answers[m]);
                    xs.len() >= STRAIGHT_LINE_MIN && xs.iter().all(|x| *x == xs[0])
                })
                .count();
            RaterFigures {
                rater: rater.to_string(),
                responses: members.len(),
                mean,
                leniency: mean.zip(cycle_mean).map(|(m, c)| m - c),
                straight_lined,
            }
        })
        .collect()
}
