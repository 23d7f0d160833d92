//! The department and company report of SPEC §8, from a cycle's stored responses: the grade
//! distribution (with an optional target), the ranking table, the mean scores of each
//! department per dimension (the heat map's data), the response rates, and the strongest
//! and weakest items. HR only: it names every assessee.
//!
//! Nothing is scored here: every figure is a count or a mean of the figures the Results give
//! for the same assessees (`CycleScores`, the same functions as `yardstick score`), over the
//! cycle or over one department. Figures are unrounded; ranks and grades are the cycle's.

use std::collections::BTreeMap;

use serde::Serialize;
use yardstick_core::CycleScores;
use yardstick_i18n::{Message, msg};

use crate::report::ReportCycle;
use crate::results::ResultsError;
use crate::types::{CycleResponses, ProgressRow};

/// How many strongest and weakest items the report lists.
pub const ITEMS_LISTED: usize = 5;

/// A target grade distribution: shares in percent that sum to 100, paired with the model's
/// grade bands from the highest. With as many shares as bands, one per band; with fewer,
/// the last share stands for the remaining bands pooled (e.g. `20,70,10` on the built-in
/// model: 优秀 20, 良好 70, 合格 and below 10).
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    shares: Vec<f64>,
}

/// Why a target is refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum TargetError {
    /// A part is not a number from 0 to 100.
    #[error("{0:?} is not a share from 0 to 100")]
    NotShare(String),
    /// Fewer than two shares, or more than the model has bands.
    #[error("{given} shares for {bands} grade bands")]
    Count {
        /// Shares given.
        given: usize,
        /// Bands of the model.
        bands: usize,
    },
    /// The shares do not sum to 100.
    #[error("the shares sum to {0}")]
    Sum(f64),
}

impl TargetError {
    /// The problem as a message.
    pub fn message(&self) -> Message {
        match self {
            TargetError::NotShare(part) => msg!("hr.company.target_share", part = part.as_str()),
            TargetError::Count { given, bands } => msg!(
                "hr.company.target_count",
                given = *given as u64,
                bands = *bands as u64
            ),
            TargetError::Sum(sum) => msg!("hr.company.target_sum", sum = *sum),
        }
    }
}

impl Target {
    /// Parses `20,70,10` (commas, `/` or spaces between the shares) for a model of `bands`
    /// grade bands.
    pub fn parse(text: &str, bands: usize) -> Result<Target, TargetError> {
        let shares = text
            .split([',', '/', ' ', '\u{FF0C}'])
            .filter(|p| !p.trim().is_empty())
            .map(|p| {
                let p = p.trim();
                p.trim_end_matches('%')
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && (0.0..=100.0).contains(v))
                    .ok_or_else(|| TargetError::NotShare(p.to_string()))
            })
            .collect::<Result<Vec<f64>, _>>()?;
        if shares.len() < 2 || shares.len() > bands {
            return Err(TargetError::Count {
                given: shares.len(),
                bands,
            });
        }
        let sum: f64 = shares.iter().sum();
        if (sum - 100.0).abs() > 1e-6 {
            return Err(TargetError::Sum(sum));
        }
        Ok(Target { shares })
    }

    /// The shares, in percent.
    pub fn shares(&self) -> &[f64] {
        &self.shares
    }

    /// The target group of band `b`.
    fn group_of(&self, b: usize) -> usize {
        b.min(self.shares.len() - 1)
    }
}

/// What a report covers.
#[derive(Clone, Debug, Default)]
pub struct Scope<'a> {
    /// One department, or the whole cycle (`None`).
    pub department: Option<&'a str>,
    /// The target distribution, if any.
    pub target: Option<&'a Target>,
}

/// The department and company report object. Shares are percentages (0–100).
#[derive(Clone, Debug, Serialize)]
pub struct CompanyReport {
    /// The cycle.
    pub cycle: ReportCycle,
    /// The department reported on, or `null` for the whole cycle.
    pub department: Option<String>,
    /// Every department of the cycle (for choosing one), sorted.
    pub departments: Vec<String>,
    /// The scale and conversion behind the figures.
    pub scale: CompanyScale,
    /// The model's dimensions: the heat map's columns.
    pub dimensions: Vec<CompanyDimension>,
    /// Assessees covered.
    pub assessees: u32,
    /// The grade distribution.
    pub distribution: Distribution,
    /// Every assessee covered, by rank (those without one last, in the cycle's order).
    pub ranking: Vec<RankRow>,
    /// Per department (the one chosen, or every one; no department last).
    pub by_department: Vec<DepartmentRow>,
    /// Responses of the assessees covered.
    pub responses: ResponseRate,
    /// The items with the highest and lowest mean `S[i]`.
    pub items: CompanyItems,
}

/// The scale of the figures.
#[derive(Clone, Debug, Serialize)]
pub struct CompanyScale {
    /// Lowest point.
    pub min: i32,
    /// Highest point.
    pub max: i32,
    /// `ratio` or `linear` (SPEC §4 step 5).
    pub percent: &'static str,
}

/// A dimension of the model.
#[derive(Clone, Debug, Serialize)]
pub struct CompanyDimension {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Weight.
    pub weight: f64,
}

/// The grade distribution.
#[derive(Clone, Debug, Serialize)]
pub struct Distribution {
    /// One per grade band, highest first.
    pub bands: Vec<BandCount>,
    /// Assessees without a grade (no overall score).
    pub no_grade: Sitting,
    /// The comparison with the target, when one is given.
    pub target: Option<TargetComparison>,
}

/// Who sits in one band.
#[derive(Clone, Debug, Serialize)]
pub struct BandCount {
    /// The band's name.
    pub grade: String,
    /// Its lowest displayed score.
    pub min: f64,
    /// Who sits there.
    #[serde(flatten)]
    pub sitting: Sitting,
}

/// A count, its share of the assessees covered, and who they are.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Sitting {
    /// How many.
    pub count: u32,
    /// Share of the assessees covered, in percent (`null` when none are covered).
    pub share: Option<f64>,
    /// Their person ids, by rank.
    pub assessees: Vec<String>,
}

/// The distribution against a target, over the graded assessees.
#[derive(Clone, Debug, Serialize)]
pub struct TargetComparison {
    /// The shares as given.
    pub given: Vec<f64>,
    /// Assessees with a grade (the base of the shares).
    pub graded: u32,
    /// One per share.
    pub groups: Vec<TargetGroup>,
}

/// One share of a target and who sits there.
#[derive(Clone, Debug, Serialize)]
pub struct TargetGroup {
    /// The grade bands it stands for.
    pub grades: Vec<String>,
    /// The share expected, in percent.
    pub target: f64,
    /// How many that share is of the graded assessees.
    pub expected: f64,
    /// How many sit there.
    pub count: u32,
    /// Their share of the graded assessees, in percent (`null` when none is graded).
    pub share: Option<f64>,
    /// `count − expected`: over the target when positive, under when negative.
    pub difference: f64,
    /// Their person ids, by rank.
    pub assessees: Vec<String>,
}

/// One line of the ranking table.
#[derive(Clone, Debug, Serialize)]
pub struct RankRow {
    /// Person id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Department, if any.
    pub department: Option<String>,
    /// `percent(T)`, unrounded.
    pub percent: Option<f64>,
    /// `percent(T)` as displayed, which grade and ranks follow.
    pub displayed: Option<f64>,
    /// Grade.
    pub grade: Option<String>,
    /// Rank in the cycle.
    pub rank: Option<u32>,
    /// Rank in the department.
    pub rank_in_department: Option<u32>,
}

/// One department's figures.
#[derive(Clone, Debug, Serialize)]
pub struct DepartmentRow {
    /// Its name (`null`: assessees without a department).
    pub department: Option<String>,
    /// Its assessees.
    pub assessees: u32,
    /// Of those, with an overall score.
    pub scored: u32,
    /// The mean `percent(T)` over those.
    pub percent: Option<f64>,
    /// The mean `percent(S[d])` per dimension, in model order.
    pub dimensions: Vec<DepartmentDimension>,
    /// Its responses.
    pub responses: ResponseRate,
}

/// A department's mean in one dimension.
#[derive(Clone, Debug, Serialize)]
pub struct DepartmentDimension {
    /// The dimension's code.
    pub code: String,
    /// The mean `percent(S[d])` over the assessees with one.
    pub percent: Option<f64>,
    /// How many assessees had one.
    pub n: u32,
}

/// Assignments and submitted responses.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct ResponseRate {
    /// Assignments.
    pub assigned: u64,
    /// Submitted responses, the invalidated ones left out (as if never submitted).
    pub submitted: u64,
    /// `submitted / assigned` (0–1; `null` without assignments).
    pub rate: Option<f64>,
}

impl ResponseRate {
    fn add(&mut self, row: &ProgressRow) {
        self.assigned += row.assigned;
        self.submitted += row.submitted.saturating_sub(row.invalidated);
        self.rate = (self.assigned > 0).then(|| self.submitted as f64 / self.assigned as f64);
    }
}

/// The strongest and weakest items.
#[derive(Clone, Debug, Serialize)]
pub struct CompanyItems {
    /// The highest mean `S[i]`, highest first (ties in model order).
    pub strongest: Vec<ItemMean>,
    /// The lowest, lowest first.
    pub weakest: Vec<ItemMean>,
}

/// One item's mean over the assessees.
#[derive(Clone, Debug, Serialize)]
pub struct ItemMean {
    /// Code.
    pub code: String,
    /// Text.
    pub text: String,
    /// Its dimension's code.
    pub dimension: String,
    /// The mean `S[i]` over the assessees with one.
    pub score: f64,
    /// The mean `percent(S[i])`.
    pub percent: f64,
    /// How many assessees had an `S[i]`.
    pub assessees: u32,
}

/// Sums towards a mean.
#[derive(Clone, Copy, Debug, Default)]
struct Mean {
    sum: f64,
    n: u32,
}

impl Mean {
    fn add(&mut self, v: Option<f64>) {
        if let Some(v) = v {
            self.sum += v;
            self.n += 1;
        }
    }

    fn get(self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / f64::from(self.n))
    }
}

/// One department's sums.
#[derive(Default)]
struct Sums {
    assessees: u32,
    overall: Mean,
    dimensions: Vec<Mean>,
    responses: ResponseRate,
}

/// A share of `total` in percent.
fn share(count: u32, total: u32) -> Option<f64> {
    (total > 0).then(|| f64::from(count) / f64::from(total) * 100.0)
}

impl CycleResponses {
    /// The departments of the cycle's assessees, sorted, without the empty one.
    pub fn departments(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .assessees
            .iter()
            .map(|a| a.department.clone())
            .filter(|d| !d.is_empty())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The department and company report of the cycle over `scope`, with the response
    /// counts of `progress` (`Store::progress`). A department the cycle does not have
    /// covers nobody: callers check it with [`CycleResponses::departments`].
    pub fn company_report(
        &self,
        progress: &[ProgressRow],
        scope: &Scope<'_>,
    ) -> Result<CompanyReport, ResultsError> {
        let model = self.model.model.as_ref();
        let settings = self.settings()?;
        let tallied = self.tallied()?;
        let inputs = tallied.inputs();
        let scores = CycleScores::new(model, &settings, &inputs);
        let dims = model.dimensions().len();
        let items = model.items().len();
        let bands = model.grades();
        let covered = |d: &str| scope.department.is_none_or(|x| x == d);

        let mut by_department: BTreeMap<Option<String>, Sums> = BTreeMap::new();
        let mut ranking = Vec::new();
        let mut item_means = vec![(Mean::default(), Mean::default()); items];
        let mut position: BTreeMap<&str, &str> = BTreeMap::new();
        for (i, a) in self.assessees.iter().enumerate() {
            position.insert(a.id.as_str(), a.department.as_str());
            if !covered(&a.department) {
                continue;
            }
            let Some(r) = scores.result(i) else { continue };
            let department = Some(a.department.clone()).filter(|d| !d.is_empty());
            let sums = by_department
                .entry(department.clone())
                .or_insert_with(|| Sums {
                    dimensions: vec![Mean::default(); dims],
                    ..Sums::default()
                });
            sums.assessees += 1;
            sums.overall.add(r.overall.percent);
            for (m, d) in sums.dimensions.iter_mut().zip(&r.dimensions) {
                m.add(d.percent);
            }
            for ((score, percent), s) in item_means.iter_mut().zip(&r.items) {
                score.add(s.score);
                percent.add(s.percent);
            }
            ranking.push((
                i,
                RankRow {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    department,
                    percent: r.overall.percent,
                    displayed: r.overall.displayed,
                    grade: r.overall.grade.map(|g| bands[g].name().to_string()),
                    rank: r.overall.rank,
                    rank_in_department: r.overall.department_rank,
                },
            ));
        }
        ranking.sort_by_key(|(i, r)| (r.rank.is_none(), r.rank, *i));
        let ranking: Vec<RankRow> = ranking.into_iter().map(|(_, r)| r).collect();

        let mut responses = ResponseRate::default();
        for row in progress {
            let Some(d) = position.get(row.assessee.as_str()) else {
                continue;
            };
            if !covered(d) {
                continue;
            }
            responses.add(row);
            let key = Some(d.to_string()).filter(|d| !d.is_empty());
            if let Some(sums) = by_department.get_mut(&key) {
                sums.responses.add(row);
            }
        }

        let total = ranking.len() as u32;
        let mut in_band: Vec<Sitting> = vec![Sitting::default(); bands.len()];
        let mut no_grade = Sitting::default();
        for r in &ranking {
            let sitting = match r
                .grade
                .as_ref()
                .and_then(|g| bands.iter().position(|b| b.name() == g))
            {
                Some(b) => &mut in_band[b],
                None => &mut no_grade,
            };
            sitting.count += 1;
            sitting.assessees.push(r.id.clone());
        }
        for s in in_band.iter_mut().chain(std::iter::once(&mut no_grade)) {
            s.share = share(s.count, total);
        }
        let target = scope.target.map(|t| {
            let graded = total - no_grade.count;
            let mut groups: Vec<TargetGroup> = t
                .shares()
                .iter()
                .map(|s| TargetGroup {
                    grades: Vec::new(),
                    target: *s,
                    expected: s / 100.0 * f64::from(graded),
                    count: 0,
                    share: None,
                    difference: 0.0,
                    assessees: Vec::new(),
                })
                .collect();
            for (b, sitting) in in_band.iter().enumerate() {
                let g = &mut groups[t.group_of(b)];
                g.grades.push(bands[b].name().to_string());
                g.count += sitting.count;
                g.assessees.extend(sitting.assessees.iter().cloned());
            }
            for g in &mut groups {
                g.share = share(g.count, graded);
                g.difference = f64::from(g.count) - g.expected;
            }
            TargetComparison {
                given: t.shares().to_vec(),
                graded,
                groups,
            }
        });

        let mut means: Vec<(usize, f64, f64, u32)> = item_means
            .iter()
            .enumerate()
            .filter_map(|(i, (s, p))| Some((i, s.get()?, p.get()?, s.n)))
            .collect();
        let item = |&(i, score, percent, n): &(usize, f64, f64, u32)| ItemMean {
            code: model.items()[i].code().to_string(),
            text: model.items()[i].text().to_string(),
            dimension: model.dimensions()[model.dimension_of_item(i)]
                .code()
                .to_string(),
            score,
            percent,
            assessees: n,
        };
        means.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let strongest = means.iter().take(ITEMS_LISTED).map(item).collect();
        means.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        let weakest = means.iter().take(ITEMS_LISTED).map(item).collect();

        // Departments by name, the assessees without one last.
        let mut rows: Vec<(Option<String>, Sums)> = by_department.into_iter().collect();
        rows.sort_by_key(|(d, _)| (d.is_none(), d.clone()));
        let by_department = rows
            .into_iter()
            .map(|(department, s)| DepartmentRow {
                department,
                assessees: s.assessees,
                scored: s.overall.n,
                percent: s.overall.get(),
                dimensions: model
                    .dimensions()
                    .iter()
                    .zip(&s.dimensions)
                    .map(|(d, m)| DepartmentDimension {
                        code: d.code().to_string(),
                        percent: m.get(),
                        n: m.n,
                    })
                    .collect(),
                responses: s.responses,
            })
            .collect();

        Ok(CompanyReport {
            cycle: ReportCycle {
                id: self.cycle.id,
                name: self.cycle.name.clone(),
                state: self.cycle.state.code(),
            },
            department: scope.department.map(str::to_string),
            departments: self.departments(),
            scale: CompanyScale {
                min: model.scale().min(),
                max: model.scale().max(),
                percent: model.percent_mode().code(),
            },
            dimensions: model
                .dimensions()
                .iter()
                .map(|d| CompanyDimension {
                    code: d.code().to_string(),
                    name: d.name().to_string(),
                    weight: d.weight(),
                })
                .collect(),
            assessees: total,
            distribution: Distribution {
                bands: bands
                    .iter()
                    .zip(in_band)
                    .map(|(b, sitting)| BandCount {
                        grade: b.name().to_string(),
                        min: b.min(),
                        sitting,
                    })
                    .collect(),
                no_grade,
                target,
            },
            ranking,
            by_department,
            responses,
            items: CompanyItems { strongest, weakest },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_pairs_its_shares_with_the_bands_from_the_top_and_pools_the_rest() {
        let t = Target::parse("20,70,10", 5).unwrap();
        assert_eq!(t.shares(), &[20.0, 70.0, 10.0]);
        assert_eq!(
            (0..5).map(|b| t.group_of(b)).collect::<Vec<_>>(),
            [0, 1, 2, 2, 2]
        );
        let one_each = Target::parse("10 / 20 / 40 / 20 / 10", 5).unwrap();
        assert_eq!(
            (0..5).map(|b| one_each.group_of(b)).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4]
        );
        assert_eq!(Target::parse("20%,80%", 5).unwrap().shares(), &[20.0, 80.0]);
    }

    #[test]
    fn a_target_that_is_not_shares_of_100_is_refused() {
        assert_eq!(
            Target::parse("20,70", 5),
            Err(TargetError::Sum(90.0)),
            "does not sum to 100"
        );
        assert_eq!(
            Target::parse("20,x,10", 5),
            Err(TargetError::NotShare("x".into()))
        );
        assert_eq!(
            Target::parse("-10,110", 5),
            Err(TargetError::NotShare("-10".into()))
        );
        assert_eq!(
            Target::parse("100", 5),
            Err(TargetError::Count { given: 1, bands: 5 })
        );
        assert_eq!(
            Target::parse("10,10,10,10,10,50", 5),
            Err(TargetError::Count { given: 6, bands: 5 })
        );
        assert_eq!(
            Target::parse("", 5),
            Err(TargetError::Count { given: 0, bands: 5 })
        );
        assert!(Target::parse("NaN,100", 5).is_err());
    }
}
