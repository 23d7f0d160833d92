//! The Individual report object of SPEC §8, from a cycle's stored responses.
//!
//! A [`ScoredCycle`] scores a cycle once — the standings, every assessee's overall score and
//! the cycle's mean per dimension — and then makes each assessee's report on demand by the
//! same scoring functions as the Results, so that the figures are the Results' figures.
//! A published cycle never changes, so the server keeps its `ScoredCycle` and a report is
//! one assessee's scoring plus the object.
//!
//! [`View::Restricted`] is the object for a reader who is not HR (SPEC §4 step 10, §8): only
//! scoring groups, `pooled` never saying what it holds, no set-aside comments, comments in
//! an order that does not follow the raters, and no item figure that rests on fewer than `k`
//! numeric answers of an anonymous group.

use std::collections::HashMap;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use yardstick_core::{
    AssesseeResult, CycleScores, Group, Model, Relationship, Settings, Standing, Tally,
    score_assessee,
};
use yardstick_formats::responses::Tallied;

use crate::results::ResultsError;
use crate::types::CycleResponses;

/// Who a report is made for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// HR: every figure, the ledger in full, set-aside comments marked.
    Full,
    /// The assessee or a manager above them: SPEC §4 step 10 applied to the object.
    Restricted,
}

impl View {
    fn code(self) -> &'static str {
        match self {
            View::Full => "full",
            View::Restricted => "restricted",
        }
    }
}

/// A scored cycle from which individual reports are made.
#[derive(Debug)]
pub struct ScoredCycle {
    data: CycleResponses,
    settings: Settings,
    tallied: Tallied,
    standings: Vec<Standing>,
    /// Unrounded `percent(T)` per assessee.
    percents: Vec<Option<f64>>,
    /// The mean of `S[d]` over the assessees with it defined, per dimension.
    cycle_means: Vec<Option<f64>>,
    /// Ranked assessees in the cycle and per department.
    ranked: u32,
    ranked_in: HashMap<String, u32>,
    index: HashMap<String, usize>,
    /// Positions in `data.responses` of each assessee's responses.
    responses_of: Vec<Vec<usize>>,
}

impl ScoredCycle {
    /// Scores a cycle's submitted responses.
    pub fn new(data: CycleResponses) -> Result<ScoredCycle, ResultsError> {
        let settings = data.settings()?;
        let tallied = data.tallied()?;
        let model = data.model.model.as_ref();
        let inputs = tallied.inputs();
        let scores = CycleScores::new(model, &settings, &inputs);
        let standings: Vec<Standing> = (0..scores.len())
            .filter_map(|i| scores.standing(i).copied())
            .collect();
        let dims = model.dimensions().len();
        let (mut sums, mut counts) = (vec![0.0; dims], vec![0u32; dims]);
        let mut percents = Vec::with_capacity(tallied.tallies.len());
        for tally in &tallied.tallies {
            let r = score_assessee(model, &settings, tally);
            for (d, dim) in r.dimensions.iter().enumerate() {
                if let Some(s) = dim.score {
                    sums[d] += s;
                    counts[d] += 1;
                }
            }
            percents.push(r.overall.percent);
        }
        let cycle_means = sums
            .iter()
            .zip(&counts)
            .map(|(s, n)| (*n > 0).then(|| s / f64::from(*n)))
            .collect();
        let mut ranked = 0;
        let mut ranked_in: HashMap<String, u32> = HashMap::new();
        for (a, s) in data.assessees.iter().zip(&standings) {
            if s.rank.is_some() {
                ranked += 1;
                *ranked_in.entry(a.department.clone()).or_default() += 1;
            }
        }
        let index = data
            .assessees
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        let mut responses_of = vec![Vec::new(); data.assessees.len()];
        for (i, r) in data.responses.iter().enumerate() {
            if let Some(list) = responses_of.get_mut(r.assessee) {
                list.push(i);
            }
        }
        Ok(ScoredCycle {
            data,
            settings,
            tallied,
            standings,
            percents,
            cycle_means,
            ranked,
            ranked_in,
            index,
            responses_of,
        })
    }

    /// The cycle's data.
    pub fn data(&self) -> &CycleResponses {
        &self.data
    }

    /// Whether `assessee` is in the cycle.
    pub fn has(&self, assessee: &str) -> bool {
        self.index.contains_key(assessee)
    }

    /// The unrounded `percent(T)` of an assessee (for the trend of later cycles).
    pub fn percent_of(&self, assessee: &str) -> Option<f64> {
        self.index
            .get(assessee)
            .and_then(|i| self.percents.get(*i).copied().flatten())
    }

    /// The report of `assessee` for `view`, with the trend given; `None` when the assessee
    /// is not in the cycle.
    pub fn report(
        &self,
        assessee: &str,
        trend: Vec<TrendPoint>,
        view: View,
    ) -> Option<IndividualReport> {
        let i = *self.index.get(assessee)?;
        let model = self.data.model.model.as_ref();
        let tally = self.tallied.tallies.get(i)?;
        let standing = self.standings.get(i)?;
        let person = self.data.assessees.get(i)?;
        let result = score_assessee(model, &self.settings, tally);
        let k = self.settings.threshold();
        let shown = ItemFilter {
            model,
            tally,
            result: &result,
            k,
            view,
        };
        let department = Some(person.department.clone()).filter(|d| !d.is_empty());
        Some(IndividualReport {
            view: view.code(),
            cycle: ReportCycle {
                id: self.data.cycle.id,
                name: self.data.cycle.name.clone(),
                state: self.data.cycle.state.code(),
            },
            assessee: ReportAssessee {
                id: person.id.clone(),
                name: person.name.clone(),
                department: department.clone(),
            },
            scale: ReportScale {
                min: model.scale().min(),
                max: model.scale().max(),
                percent: model.percent_mode().code(),
                threshold: k,
                gap_threshold: self.settings.gap_threshold(model),
            },
            overall: ReportOverall {
                score: result.overall.score,
                percent: result.overall.percent,
                displayed: standing.displayed,
                grade: standing.grade.map(|g| model.grades()[g].name().to_string()),
                rank: standing.rank,
                of: self.ranked,
                rank_in_department: standing.department_rank,
                of_in_department: department
                    .as_ref()
                    .and_then(|d| self.ranked_in.get(d).copied()),
            },
            dimensions: self.dimensions(model, &result, view),
            items: shown.items(),
            comments: self.comments(i, &result, view),
            trend,
            ledger: ledger(model, &result, view),
        })
    }

    fn dimensions(&self, model: &Model, r: &AssesseeResult, view: View) -> Vec<ReportDimension> {
        model
            .dimensions()
            .iter()
            .zip(&r.dimensions)
            .enumerate()
            .map(|(d, (dim, s))| ReportDimension {
                code: dim.code().to_string(),
                name: dim.name().to_string(),
                weight: dim.weight(),
                score: s.score,
                percent: s.percent,
                self_score: s.self_score,
                others: s.others,
                cycle_mean: self.cycle_means.get(d).copied().flatten(),
                groups: ByGroup(s.groups.iter().map(|g| (g.group, g.value)).collect()),
                // The effective weights would tell the pool's weight, and so which
                // relationships it holds: HR only.
                weights: (view == View::Full)
                    .then(|| ByGroup(s.weights.iter().map(|(g, w)| (*g, Some(*w))).collect())),
                left_out: r.dimensions_left_out.contains(&d),
            })
            .collect()
    }

    fn comments(&self, i: usize, r: &AssesseeResult, view: View) -> Vec<ReportComment> {
        let groups = &r.groups;
        let group_of = |rel: Relationship| -> Option<Group> {
            if groups.set_aside_from().contains(&rel) {
                None
            } else if groups.short.contains(&rel) {
                Some(Group::Pooled)
            } else {
                Some(Group::Of(rel))
            }
        };
        let mut out: Vec<(usize, ReportComment)> = self.responses_of[i]
            .iter()
            .filter_map(|&ri| self.data.responses.get(ri))
            .filter(|resp| !resp.comment.trim().is_empty())
            .filter_map(|resp| {
                let group = group_of(resp.relationship);
                if group.is_none() && view == View::Restricted {
                    return None;
                }
                let shown = group.unwrap_or(Group::Pooled);
                let order = group.map_or(Group::ALL.len(), |g| {
                    Group::ALL.iter().position(|x| *x == g).unwrap_or(0)
                });
                Some((
                    order,
                    ReportComment {
                        group: shown.code(),
                        text: resp.comment.clone(),
                        relationship: (view == View::Full).then(|| resp.relationship.code()),
                        set_aside: view == View::Full && group.is_none(),
                    },
                ))
            })
            .collect();
        // By group, then by text: never in the order the raters answered.
        out.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.text.cmp(&b.1.text)));
        out.into_iter().map(|(_, c)| c).collect()
    }
}

/// Which item figures a view may show.
struct ItemFilter<'a> {
    model: &'a Model,
    tally: &'a Tally,
    result: &'a AssesseeResult,
    k: u32,
    view: View,
}

/// How many highest and lowest items a report lists.
const ITEMS_SHOWN: usize = 5;

impl ItemFilter<'_> {
    /// Each scoring group's figure for item `i`: its mean and numeric answers.
    fn figures(&self, i: usize) -> Vec<(Group, Option<f64>, u32)> {
        self.result
            .groups
            .used
            .iter()
            .map(|g| {
                let (mean, n) = self.tally.item_figure(&g.from, i);
                (g.group, mean, n)
            })
            .collect()
    }

    /// Whether an anonymous group's figure rests on too few numeric answers.
    fn too_few(&self, group: Group, answered: u32) -> bool {
        let anonymous = match group {
            Group::Pooled => true,
            Group::Of(r) => r.is_anonymous(),
        };
        anonymous && answered < self.k
    }

    /// Whether a restricted reader may see item `i`'s blended figures: no anonymous group
    /// with fewer than `k` numeric answers has a say in them.
    fn blend_shown(&self, i: usize) -> bool {
        self.view == View::Full
            || self
                .figures(i)
                .iter()
                .all(|(g, mean, n)| mean.is_none() || !self.too_few(*g, *n))
    }

    fn items(&self) -> ReportItems {
        let model = self.model;
        let r = self.result;
        let item = |i: usize| ItemScore {
            code: model.items()[i].code().to_string(),
            text: model.items()[i].text().to_string(),
            dimension: model.dimensions()[model.dimension_of_item(i)]
                .code()
                .to_string(),
            score: r.items[i].score,
            percent: r.items[i].percent,
        };
        let mut scored: Vec<(usize, f64)> = r
            .items
            .iter()
            .enumerate()
            .filter(|(i, _)| self.blend_shown(*i))
            .filter_map(|(i, s)| s.score.map(|v| (i, v)))
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let highest = scored
            .iter()
            .take(ITEMS_SHOWN)
            .map(|(i, _)| item(*i))
            .collect();
        scored.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        let lowest = scored
            .iter()
            .take(ITEMS_SHOWN)
            .map(|(i, _)| item(*i))
            .collect();
        let gap = |i: &usize| ItemGap {
            code: model.items()[*i].code().to_string(),
            text: model.items()[*i].text().to_string(),
            self_score: r.items[*i].self_score,
            others: r.items[*i].others,
            gap: r.items[*i].gap,
        };
        let all = (0..model.items().len())
            .map(|i| {
                let blend = self.blend_shown(i);
                let s = &r.items[i];
                let figures = self
                    .figures(i)
                    .into_iter()
                    .filter(|(g, _, n)| self.view == View::Full || !self.too_few(*g, *n))
                    .map(|(g, mean, answered)| (g, ItemFigure { mean, answered }))
                    .collect();
                ItemDetail {
                    code: model.items()[i].code().to_string(),
                    text: model.items()[i].text().to_string(),
                    dimension: model.dimensions()[model.dimension_of_item(i)]
                        .code()
                        .to_string(),
                    score: s.score.filter(|_| blend),
                    percent: s.percent.filter(|_| blend),
                    self_score: s.self_score,
                    others: s.others.filter(|_| blend),
                    groups: ByGroup(figures),
                }
            })
            .collect();
        ReportItems {
            highest,
            lowest,
            blind_spots: r
                .blind_spots
                .iter()
                .filter(|i| self.blend_shown(**i))
                .map(gap)
                .collect(),
            hidden_strengths: r
                .hidden_strengths
                .iter()
                .filter(|i| self.blend_shown(**i))
                .map(gap)
                .collect(),
            all,
        }
    }
}

fn ledger(model: &Model, r: &AssesseeResult, view: View) -> ReportLedger {
    let g = &r.groups;
    let full = view == View::Full;
    ReportLedger {
        groups: g
            .used
            .iter()
            .map(|u| LedgerGroup {
                group: u.group.code(),
                raters: u.raters,
                // The pool's weight is the sum of its relationships' and would name them.
                weight: (full || u.group != Group::Pooled).then_some(u.weight),
                from: (full && u.group == Group::Pooled)
                    .then(|| u.from.iter().map(|r| r.code()).collect()),
            })
            .collect(),
        raters: full
            .then(|| {
                Relationship::ALL
                    .iter()
                    .filter(|rel| g.raters[rel.index()] > 0)
                    .map(|rel| (rel.code(), g.raters[rel.index()]))
                    .collect::<Vec<_>>()
            })
            .map(Counts),
        set_aside: full.then(|| SetAside {
            raters: g.set_aside,
            from: g.set_aside_from().iter().map(|r| r.code()).collect(),
        }),
        dimensions_left_out: r
            .dimensions_left_out
            .iter()
            .map(|d| model.dimensions()[*d].code().to_string())
            .collect(),
        percent: model.percent_mode().code(),
    }
}

/// The Individual report object (SPEC §8). Figures are unrounded.
#[derive(Clone, Debug, Serialize)]
pub struct IndividualReport {
    /// `full` (HR) or `restricted` (the assessee, a manager).
    pub view: &'static str,
    /// The cycle.
    pub cycle: ReportCycle,
    /// Who is reported on.
    pub assessee: ReportAssessee,
    /// The scale and the settings the figures depend on.
    pub scale: ReportScale,
    /// Overall score, grade and ranks.
    pub overall: ReportOverall,
    /// One per dimension of the model, in model order.
    pub dimensions: Vec<ReportDimension>,
    /// Highest and lowest items, blind spots, hidden strengths, every item.
    pub items: ReportItems,
    /// Comments by scoring group.
    pub comments: Vec<ReportComment>,
    /// The assessee's earlier published cycles, oldest first.
    pub trend: Vec<TrendPoint>,
    /// How the result came about.
    pub ledger: ReportLedger,
}

/// The cycle of a report.
#[derive(Clone, Debug, Serialize)]
pub struct ReportCycle {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// State code.
    pub state: &'static str,
}

/// The assessee of a report.
#[derive(Clone, Debug, Serialize)]
pub struct ReportAssessee {
    /// Person id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Department, if any.
    pub department: Option<String>,
}

/// The scale and settings behind a report's figures.
#[derive(Clone, Debug, Serialize)]
pub struct ReportScale {
    /// Lowest point.
    pub min: i32,
    /// Highest point.
    pub max: i32,
    /// `ratio` or `linear` (SPEC §4 step 5).
    pub percent: &'static str,
    /// The anonymity threshold `k`.
    pub threshold: u32,
    /// θ of blind spots and hidden strengths.
    pub gap_threshold: f64,
}

/// Overall score, grade and ranks.
#[derive(Clone, Debug, Serialize)]
pub struct ReportOverall {
    /// `T`.
    pub score: Option<f64>,
    /// `percent(T)`, unrounded.
    pub percent: Option<f64>,
    /// `percent(T)` as displayed (1 decimal), which the grade and ranks follow.
    pub displayed: Option<f64>,
    /// Grade name.
    pub grade: Option<String>,
    /// Rank in the cycle.
    pub rank: Option<u32>,
    /// Ranked assessees in the cycle.
    pub of: u32,
    /// Rank in the department.
    pub rank_in_department: Option<u32>,
    /// Ranked assessees in the department.
    pub of_in_department: Option<u32>,
}

/// One dimension of a report.
#[derive(Clone, Debug, Serialize)]
pub struct ReportDimension {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Weight in the model.
    pub weight: f64,
    /// `S[d]`.
    pub score: Option<f64>,
    /// `percent(S[d])`.
    pub percent: Option<f64>,
    /// `D[self][d]`.
    #[serde(rename = "self")]
    pub self_score: Option<f64>,
    /// `others[d]`.
    pub others: Option<f64>,
    /// The mean of `S[d]` over the cycle's assessees.
    pub cycle_mean: Option<f64>,
    /// `D[g][d]` per scoring group.
    pub groups: Groups,
    /// Each group's effective weight in `S[d]` (full view only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weights: Option<Groups>,
    /// Whether the dimension was left out of `T` (no score).
    pub left_out: bool,
}

/// Values per scoring group, written as an object keyed by the group's code, in display
/// order.
#[derive(Clone, Debug)]
pub struct ByGroup<T>(pub Vec<(Group, T)>);

impl<T: Serialize> Serialize for ByGroup<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (g, v) in &self.0 {
            map.serialize_entry(g.code(), v)?;
        }
        map.end()
    }
}

/// A value per scoring group.
pub type Groups = ByGroup<Option<f64>>;

/// The items of a report.
#[derive(Clone, Debug, Serialize)]
pub struct ReportItems {
    /// The five highest `S[i]`.
    pub highest: Vec<ItemScore>,
    /// The five lowest `S[i]`.
    pub lowest: Vec<ItemScore>,
    /// Self above others by at least θ, largest first.
    pub blind_spots: Vec<ItemGap>,
    /// Others above self by at least θ, largest first.
    pub hidden_strengths: Vec<ItemGap>,
    /// Every item with its figures per group.
    pub all: Vec<ItemDetail>,
}

/// An item and its score.
#[derive(Clone, Debug, Serialize)]
pub struct ItemScore {
    /// Code.
    pub code: String,
    /// Text.
    pub text: String,
    /// Its dimension's code.
    pub dimension: String,
    /// `S[i]`.
    pub score: Option<f64>,
    /// `percent(S[i])`.
    pub percent: Option<f64>,
}

/// An item's self–others gap.
#[derive(Clone, Debug, Serialize)]
pub struct ItemGap {
    /// Code.
    pub code: String,
    /// Text.
    pub text: String,
    /// `m[self][i]`.
    #[serde(rename = "self")]
    pub self_score: Option<f64>,
    /// Others' `S[i]`.
    pub others: Option<f64>,
    /// `self − others`.
    pub gap: Option<f64>,
}

/// Every figure of one item.
#[derive(Clone, Debug, Serialize)]
pub struct ItemDetail {
    /// Code.
    pub code: String,
    /// Text.
    pub text: String,
    /// Its dimension's code.
    pub dimension: String,
    /// `S[i]`.
    pub score: Option<f64>,
    /// `percent(S[i])`.
    pub percent: Option<f64>,
    /// `m[self][i]`.
    #[serde(rename = "self")]
    pub self_score: Option<f64>,
    /// Others' `S[i]`.
    pub others: Option<f64>,
    /// Per scoring group: the mean and how many answered with a number.
    pub groups: GroupFigures,
}

/// One group's figure for one item.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct ItemFigure {
    /// `m[g][i]`.
    pub mean: Option<f64>,
    /// Numeric answers.
    pub answered: u32,
}

/// Item figures per scoring group.
pub type GroupFigures = ByGroup<ItemFigure>;

/// One comment.
#[derive(Clone, Debug, Serialize)]
pub struct ReportComment {
    /// The scoring group (`pooled` for the short relationships).
    pub group: &'static str,
    /// The text.
    pub text: String,
    /// The rater's relationship (full view only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relationship: Option<&'static str>,
    /// Whether the response was set aside (full view only; never shown to others).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub set_aside: bool,
}

/// One earlier cycle of the trend.
#[derive(Clone, Debug, Serialize)]
pub struct TrendPoint {
    /// Cycle id.
    pub cycle: i64,
    /// Cycle name.
    pub name: String,
    /// `percent(T)` there, unrounded.
    pub percent: Option<f64>,
}

/// The score ledger of a report (SPEC §4 step 11).
#[derive(Clone, Debug, Serialize)]
pub struct ReportLedger {
    /// The scoring groups with their raters and weights.
    pub groups: Vec<LedgerGroup>,
    /// Submitted responses per relationship (full view only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raters: Option<Counts>,
    /// Responses set aside (full view only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set_aside: Option<SetAside>,
    /// Dimensions without a score, left out of `T`.
    pub dimensions_left_out: Vec<String>,
    /// `ratio` or `linear`.
    pub percent: &'static str,
}

/// A scoring group in the ledger.
#[derive(Clone, Debug, Serialize)]
pub struct LedgerGroup {
    /// The group.
    pub group: &'static str,
    /// Its submitted raters.
    pub raters: u32,
    /// Its weight `w[g]` (for `pooled`, full view only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// For `pooled`, the relationships it holds (full view only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Vec<&'static str>>,
}

/// Responses set aside.
#[derive(Clone, Debug, Serialize)]
pub struct SetAside {
    /// How many.
    pub raters: u32,
    /// From which relationships.
    pub from: Vec<&'static str>,
}

/// Counts per relationship, written as an object in display order.
#[derive(Clone, Debug)]
pub struct Counts(pub Vec<(&'static str, u32)>);

impl Serialize for Counts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}
