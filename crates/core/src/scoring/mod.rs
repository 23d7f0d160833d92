//! The exact scoring of SPEC §4, step by step, as plain functions over plain data.
//!
//! [`score_assessee`] runs steps 0–4, 8, 9 and 11 for one assessee; [`score_cycle`] adds the
//! cycle-wide steps 5–7 (100-point scores, display, grades and ranks). The score ledger
//! (step 11) is not a second computation: the groups, pooling, effective weights and
//! dimensions left out recorded in an [`AssesseeResult`] are the very values the scores were
//! computed from.

pub mod display;
mod groups;
mod rank;
mod steps;
mod tally;

pub use groups::{GroupInfo, ScoringGroups};
pub use tally::{Answer, Tally, TallyError};

use crate::lang::Lang;
use crate::model::Model;
use crate::relationship::{Group, Weights};
use yardstick_i18n::{Message, msg};

/// The settings of a cycle that scoring depends on.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    weights: Weights,
    threshold: u32,
    gap_threshold: Option<f64>,
}

/// Why scoring settings were refused.
#[derive(Clone, Debug, PartialEq)]
pub enum SettingsError {
    /// The anonymity threshold must be at least 1.
    Threshold(i64),
    /// The gap threshold must be a positive number.
    GapThreshold(f64),
}

impl SettingsError {
    /// What is wrong, not yet in words.
    pub fn message(&self) -> Message {
        match self {
            SettingsError::Threshold(k) => msg!("scoring.problem.threshold", value = *k),
            SettingsError::GapThreshold(t) => msg!("scoring.problem.gap_threshold", value = *t),
        }
    }
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().render(Lang::En))
    }
}

impl std::error::Error for SettingsError {}

impl Default for Settings {
    /// SPEC §3: the default relationship weights and an anonymity threshold of 3.
    fn default() -> Self {
        Settings {
            weights: Weights::default(),
            threshold: 3,
            gap_threshold: None,
        }
    }
}

impl Settings {
    /// Settings with these weights and anonymity threshold `k` (at least 1).
    pub fn new(weights: Weights, threshold: i64) -> Result<Settings, SettingsError> {
        let threshold = u32::try_from(threshold)
            .ok()
            .filter(|k| *k >= 1)
            .ok_or(SettingsError::Threshold(threshold))?;
        Ok(Settings {
            weights,
            threshold,
            gap_threshold: None,
        })
    }

    /// Sets θ, the self–others gap that makes a blind spot or hidden strength (SPEC §4 step 9).
    pub fn with_gap_threshold(self, theta: f64) -> Result<Settings, SettingsError> {
        if !theta.is_finite() || theta <= 0.0 {
            return Err(SettingsError::GapThreshold(theta));
        }
        Ok(Settings {
            gap_threshold: Some(theta),
            ..self
        })
    }

    /// The relationship weights.
    pub fn weights(&self) -> &Weights {
        &self.weights
    }
    /// The anonymity threshold `k`.
    pub fn threshold(&self) -> u32 {
        self.threshold
    }
    /// θ for this model: as set, or 25 % of the scale's `max − min`.
    pub fn gap_threshold(&self, model: &Model) -> f64 {
        self.gap_threshold
            .unwrap_or_else(|| 0.25 * model.scale().span())
    }
}

/// A scoring group's value in one dimension or item, with the group's effective weight there.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupValue {
    /// The group.
    pub group: Group,
    /// `D[g][d]` (or `m[g][i]`); `None` when undefined.
    pub value: Option<f64>,
}

/// Scores of one dimension for one assessee.
#[derive(Clone, Debug, PartialEq)]
pub struct DimensionResult {
    /// `S[d]` (step 3).
    pub score: Option<f64>,
    /// `percent(S[d])` (step 5).
    pub percent: Option<f64>,
    /// `D[g][d]` for every scoring group with raters (step 2).
    pub groups: Vec<GroupValue>,
    /// Effective weight of each group with a defined `D[g][d]` in `S[d]`, summing to 1 over
    /// the groups that have weight (groups with weight 0 are listed with 0).
    pub weights: Vec<(Group, f64)>,
    /// `D[self][d]`.
    pub self_score: Option<f64>,
    /// `others[d]`: `S[d]` with `self` left out (step 9).
    pub others: Option<f64>,
    /// `self − others`.
    pub gap: Option<f64>,
}

/// Scores of one item for one assessee.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemResult {
    /// `S[i]` (step 8).
    pub score: Option<f64>,
    /// `percent(S[i])`.
    pub percent: Option<f64>,
    /// `m[self][i]`.
    pub self_score: Option<f64>,
    /// `S[i]` with `self` left out.
    pub others: Option<f64>,
    /// `self − others`.
    pub gap: Option<f64>,
}

/// The overall result of one assessee (steps 4–7).
#[derive(Clone, Debug, PartialEq)]
pub struct Overall {
    /// `T` on the raw scale.
    pub score: Option<f64>,
    /// `percent(T)`, unrounded.
    pub percent: Option<f64>,
    /// `percent(T)` as displayed (1 decimal), the value grades and ranks are taken from.
    pub displayed: Option<f64>,
    /// Position of the grade band in [`Model::grades`].
    pub grade: Option<usize>,
    /// Rank in the cycle (1 = best; equal displayed scores share a rank).
    pub rank: Option<u32>,
    /// Rank within the assessee's department, when there is one.
    pub department_rank: Option<u32>,
}

/// Everything scoring found for one assessee.
#[derive(Clone, Debug, PartialEq)]
pub struct AssesseeResult {
    /// Who was counted, pooled or set aside, and with what weight (step 0, ledger).
    pub groups: ScoringGroups,
    /// One per model dimension, in model order.
    pub dimensions: Vec<DimensionResult>,
    /// One per model item, in model order.
    pub items: Vec<ItemResult>,
    /// Overall score, grade and ranks.
    pub overall: Overall,
    /// Positions of the dimensions with `S[d]` undefined, left out of `T` (step 4).
    pub dimensions_left_out: Vec<usize>,
    /// Item positions whose self rating exceeds the others' by at least θ, largest first, at
    /// most five (盲点).
    pub blind_spots: Vec<usize>,
    /// Item positions the others rate at least θ above self, largest first, at most five (潜能).
    pub hidden_strengths: Vec<usize>,
}

/// One assessee as the cycle-wide steps need it.
#[derive(Clone, Copy, Debug)]
pub struct AssesseeInput<'a> {
    /// The assessee's department, if known (for the department rank).
    pub department: Option<&'a str>,
    /// Their submitted answers.
    pub tally: &'a Tally,
}

/// The results of a cycle: one [`AssesseeResult`] per input, in input order.
#[derive(Clone, Debug, PartialEq)]
pub struct CycleResults {
    /// Results in the order the assessees were given.
    pub assessees: Vec<AssesseeResult>,
}

/// How many blind spots and hidden strengths a result lists.
pub const GAPS_SHOWN: usize = 5;

/// Steps 0–4, 8, 9 and 11 for one assessee; `overall.percent` is filled in too, while the
/// display value, grade and ranks, which depend on the whole cycle, are left to
/// [`CycleScores`].
pub fn score_assessee(model: &Model, settings: &Settings, tally: &Tally) -> AssesseeResult {
    let groups = groups::scoring_groups(tally, settings);
    let used = &groups.used;
    let means = steps::item_means(model, tally, &groups);
    let per_group = steps::dimension_scores(model, &means);

    let dimensions: Vec<DimensionResult> = (0..model.dimensions().len())
        .map(|d| {
            let value = |g: usize| per_group.get(g, d);
            let blend = steps::blend(used, value);
            let values: Vec<GroupValue> = used
                .iter()
                .enumerate()
                .map(|(g, info)| GroupValue {
                    group: info.group,
                    value: value(g),
                })
                .collect();
            DimensionResult {
                score: blend.score,
                percent: blend.score.map(|s| model.percent(s)),
                weights: steps::effective_weights(used, &values),
                groups: values,
                self_score: blend.self_value,
                others: blend.others,
                gap: blend.self_value.zip(blend.others).map(|(s, o)| s - o),
            }
        })
        .collect();

    let items: Vec<ItemResult> = (0..model.items().len())
        .map(|i| {
            let blend = steps::blend(used, |g| means.get(g, i));
            ItemResult {
                score: blend.score,
                percent: blend.score.map(|s| model.percent(s)),
                self_score: blend.self_value,
                others: blend.others,
                gap: blend.self_value.zip(blend.others).map(|(s, o)| s - o),
            }
        })
        .collect();

    let (score, dimensions_left_out) = steps::overall(model, dimensions.iter().map(|d| d.score));
    let theta = settings.gap_threshold(model);
    let (blind_spots, hidden_strengths) = steps::gaps(&items, theta);
    AssesseeResult {
        groups,
        dimensions,
        items,
        overall: Overall {
            score,
            percent: score.map(|t| model.percent(t)),
            displayed: None,
            grade: None,
            rank: None,
            department_rank: None,
        },
        dimensions_left_out,
        blind_spots,
        hidden_strengths,
    }
}

/// `percent(T)` alone: steps 0–5 without the item, gap and ledger detail, by the same
/// functions as [`score_assessee`], so the same number.
fn overall_percent(model: &Model, settings: &Settings, tally: &Tally) -> Option<f64> {
    let groups = groups::scoring_groups(tally, settings);
    let means = steps::item_means(model, tally, &groups);
    let per_group = steps::dimension_scores(model, &means);
    let scores = (0..model.dimensions().len())
        .map(|d| steps::blend(&groups.used, |g| per_group.get(g, d)).score);
    steps::overall(model, scores).0.map(|t| model.percent(t))
}

/// The standing of one assessee in the cycle (steps 6–7): display value, grade and ranks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Standing {
    /// `percent(T)` as displayed.
    pub displayed: Option<f64>,
    /// Position of the grade band.
    pub grade: Option<usize>,
    /// Rank in the cycle.
    pub rank: Option<u32>,
    /// Rank in the department.
    pub department_rank: Option<u32>,
}

/// A scored cycle that hands out each assessee's full result on demand.
///
/// Ranks need every assessee's overall score, and full results (every item, every group) of
/// a large cycle take much memory. So the cycle is scored once for the standings, which are
/// kept, and each full result is computed again when asked for: the same function on the
/// same data, so the same numbers. [`score_cycle`] collects them all.
#[derive(Debug)]
pub struct CycleScores<'a> {
    model: &'a Model,
    settings: &'a Settings,
    tallies: Vec<&'a Tally>,
    standings: Vec<Standing>,
}

impl<'a> CycleScores<'a> {
    /// Scores every assessee and ranks them. A large cycle is scored on every core.
    pub fn new(model: &'a Model, settings: &'a Settings, assessees: &[AssesseeInput<'a>]) -> Self {
        let displayed: Vec<Option<f64>> = parallel_map(assessees, |a| {
            overall_percent(model, settings, a.tally).map(display::percent_display)
        });
        let ranks = rank::competition_ranks(&displayed);
        let departments: Vec<Option<&str>> = assessees.iter().map(|a| a.department).collect();
        let department_ranks = rank::ranks_within(&displayed, &departments);
        let standings = displayed
            .iter()
            .zip(ranks)
            .zip(department_ranks)
            .map(|((displayed, rank), department_rank)| Standing {
                displayed: *displayed,
                grade: displayed.and_then(|p| model.grade(p)),
                rank,
                department_rank,
            })
            .collect();
        CycleScores {
            model,
            settings,
            tallies: assessees.iter().map(|a| a.tally).collect(),
            standings,
        }
    }

    /// How many assessees.
    pub fn len(&self) -> usize {
        self.standings.len()
    }

    /// Whether the cycle has no assessee.
    pub fn is_empty(&self) -> bool {
        self.standings.is_empty()
    }

    /// The standing of the assessee at `index`.
    pub fn standing(&self, index: usize) -> Option<&Standing> {
        self.standings.get(index)
    }

    /// The scoring groups of the assessee at `index` (SPEC §4 step 0).
    pub fn groups(&self, index: usize) -> Option<ScoringGroups> {
        let tally = self.tallies.get(index)?;
        Some(groups::scoring_groups(tally, self.settings))
    }

    /// The full result of the assessee at `index`, standing included.
    pub fn result(&self, index: usize) -> Option<AssesseeResult> {
        let standing = self.standings.get(index)?;
        let mut r = score_assessee(self.model, self.settings, self.tallies[index]);
        r.overall.displayed = standing.displayed;
        r.overall.grade = standing.grade;
        r.overall.rank = standing.rank;
        r.overall.department_rank = standing.department_rank;
        Some(r)
    }
}

/// Assessees from this many on are scored on several cores.
const PARALLEL_FROM: usize = 512;

/// `items.iter().map(f)`, on every core for long inputs; the same values in the same order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if items.len() < PARALLEL_FROM || threads < 2 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Scores every assessee of a cycle: [`score_assessee`] for each, with the display value,
/// grade, rank and department rank of SPEC §4 steps 6–7.
pub fn score_cycle(
    model: &Model,
    settings: &Settings,
    assessees: &[AssesseeInput<'_>],
) -> CycleResults {
    let scores = CycleScores::new(model, settings, assessees);
    CycleResults {
        assessees: (0..scores.len()).filter_map(|i| scores.result(i)).collect(),
    }
}
