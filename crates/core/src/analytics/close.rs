//! Close calls: assessees whose displayed score lies within one standard error of a grade
//! cut-off, so that another draw of raters from the same groups could well have given
//! them the other grade.
//!
//! The standard error of `percent(T)` is estimated from the spread of the assessee's own
//! counted raters (`docs/analytics.md` justifies it):
//!
//! 1. each counted response `r` (in a scoring group with weight > 0; set-aside responses
//!    are not counted) gets its own score `p_r`: `percent` of the dimension-weighted mean
//!    of its dimension means, as if it were the only rater;
//! 2. `s²` is the within-group variance of the `p_r`, pooled over the assessee's groups:
//!    `Σ_g Σ_r (p_r − p̄_g)² / (N − G)`, with `N` responses in `G` groups; undefined when
//!    `N − G < 1` (no group has two raters);
//! 3. the margin is `√(s² · Σ_g v_g² / n_g)`, `v_g = w_g / Σ w` the group weights
//!    renormalised over the groups with responses: the standard error of a weighted mean
//!    of group means.

use super::{CloseCall, Rated, stats};
use crate::model::Model;
use crate::relationship::Group;
use crate::scoring::{Answer, CycleScores};

/// The 100-point score of one response alone: `percent` of the dimension-weighted mean of
/// its dimension means over the dimensions it answered with a number.
fn response_percent(model: &Model, answers: &[Answer]) -> Option<f64> {
    let (mut sum, mut weight) = (0.0, 0.0);
    for d in model.dimensions() {
        let xs: Vec<f64> = answers[d.item_range()]
            .iter()
            .flatten()
            .map(|v| f64::from(*v))
            .collect();
        if let Some(m) = stats::mean(&xs) {
            sum += d.weight() * m;
            weight += d.weight();
        }
    }
    (weight > 0.0).then(|| model.percent(sum / weight))
}

/// One standard error of the displayed score of the assessee at `index`, from the
/// responses `members` (positions in `responses`/`answers`) given to them.
fn margin(
    model: &Model,
    scores: &CycleScores<'_>,
    index: usize,
    responses: &[Rated<'_>],
    answers: &[Vec<Answer>],
    members: &[usize],
) -> Option<f64> {
    let groups = scores.groups(index)?;
    let mut within = 0.0;
    let mut dof = 0usize;
    let mut spread: Vec<(f64, usize)> = Vec::new();
    for g in groups.used.iter().filter(|g| g.weight > 0.0) {
        let ps: Vec<f64> = members
            .iter()
            .filter(|&&m| {
                let r = responses[m].relationship;
                g.from.contains(&r) && (g.group == Group::Pooled || g.group == Group::Of(r))
            })
            .filter_map(|&m| response_percent(model, &answers[m]))
            .collect();
        let Some(mean) = stats::mean(&ps) else {
            continue;
        };
        within += ps.iter().map(|p| (p - mean).powi(2)).sum::<f64>();
        dof += ps.len() - 1;
        spread.push((g.weight, ps.len()));
    }
    if dof == 0 {
        return None;
    }
    let total: f64 = spread.iter().map(|(w, _)| w).sum();
    let s2 = within / dof as f64;
    let factor: f64 = spread
        .iter()
        .map(|(w, n)| (w / total).powi(2) / *n as f64)
        .sum();
    Some((s2 * factor).sqrt())
}

/// The close calls of the cycle, nearest to their cut-off first. The cut-offs are the grade
/// bands' minimums above 0 (the lowest band starting at 0 is no line to cross).
pub(crate) fn close_calls(
    model: &Model,
    responses: &[Rated<'_>],
    answers: &[Vec<Answer>],
    scores: &CycleScores<'_>,
) -> Vec<CloseCall> {
    let cutoffs: Vec<f64> = model
        .grades()
        .iter()
        .map(|g| g.min())
        .filter(|m| *m > 0.0)
        .collect();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); scores.len()];
    for (i, r) in responses.iter().enumerate() {
        if let Some(m) = members.get_mut(r.assessee) {
            m.push(i);
        }
    }
    let mut out: Vec<CloseCall> = (0..scores.len())
        .filter_map(|index| {
            let percent = scores.standing(index)?.displayed?;
            let cutoff = cutoffs
                .iter()
                .copied()
                .min_by(|a, b| (percent - a).abs().total_cmp(&(percent - b).abs()))?;
            let margin = margin(model, scores, index, responses, answers, &members[index])?;
            ((percent - cutoff).abs() <= margin).then_some(CloseCall {
                assessee: index,
                percent,
                cutoff,
                margin,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (a.percent - a.cutoff)
            .abs()
            .total_cmp(&(b.percent - b.cutoff).abs())
            .then(a.assessee.cmp(&b.assessee))
    });
    out
}
