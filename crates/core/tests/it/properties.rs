//! Property tests of the scoring's invariants (SPEC §4) over random models and responses:
//! the order of responses never matters, scores stay within the scale, N/A answers never
//! count, and relationship weights only matter up to a common factor.

use proptest::prelude::*;
use proptest::sample::Index;
use yardstick_core::scoring::display::{percent_display, raw_display};
use yardstick_core::{
    Answer, AssesseeInput, AssesseeResult, CycleResults, Group, Model, PercentMode, Relationship,
    Settings, Tally, Weights, score_assessee, score_cycle,
};

use crate::common::{Peer, Superior, model_in, settings, uniform};

/// One response: the rater's relationship and one answer per item (`None` = N/A).
type Response = (Relationship, Vec<Answer>);

/// A random cycle: a model, its settings and a few assessees with their responses.
#[derive(Clone, Debug)]
struct Case {
    /// `(weight, item count)` per dimension, as [`model_in`] takes them.
    dimensions: Vec<(f64, usize)>,
    percent: PercentMode,
    model: Model,
    weights: [f64; 5],
    threshold: i64,
    assessees: Vec<(Option<&'static str>, Vec<Response>)>,
}

impl Case {
    fn settings(&self) -> Settings {
        settings(self.weights, self.threshold)
    }

    fn tallies(&self) -> Vec<Tally> {
        self.assessees
            .iter()
            .map(|(_, rows)| tally_of(&self.model, rows))
            .collect()
    }

    fn score(&self, settings: &Settings) -> CycleResults {
        score_in_order(&self.model, settings, &self.assessees, &self.tallies())
    }
}

fn tally_of(model: &Model, rows: &[Response]) -> Tally {
    let mut t = Tally::new();
    for (r, answers) in rows {
        t.add(model, *r, answers).unwrap();
    }
    t
}

fn score_in_order(
    model: &Model,
    settings: &Settings,
    assessees: &[(Option<&'static str>, Vec<Response>)],
    tallies: &[Tally],
) -> CycleResults {
    let input: Vec<AssesseeInput> = assessees
        .iter()
        .zip(tallies)
        .map(|((department, _), tally)| AssesseeInput {
            department: *department,
            tally,
        })
        .collect();
    score_cycle(model, settings, &input)
}

fn answer() -> impl Strategy<Value = Answer> {
    prop_oneof![1 => Just(None), 4 => (1i32..=5).prop_map(Some)]
}

fn response(items: usize) -> impl Strategy<Value = Response> {
    (
        prop::sample::select(Relationship::ALL.to_vec()),
        prop::collection::vec(answer(), items),
    )
}

/// Integer weights 0–100 (as HR writes them, in percent), not all zero.
fn weights() -> impl Strategy<Value = [f64; 5]> {
    prop::array::uniform5(0u32..=100)
        .prop_filter("some relationship weight is above 0", |w| {
            w.iter().any(|w| *w > 0)
        })
        .prop_map(|w| w.map(f64::from))
}

/// 1–4 dimensions of 1–5 items with integer weights 0–100 (not all zero), either conversion;
/// the default relationship weights or random ones; `k` from 1 to 4; 1–4 assessees in up to
/// two departments with 0–10 responses each.
fn case() -> impl Strategy<Value = Case> {
    let dimensions = prop::collection::vec((0u32..=100, 1usize..=5), 1..=4)
        .prop_filter("some dimension weight is above 0", |d| {
            d.iter().any(|(w, _)| *w > 0)
        });
    let weights = prop_oneof![Just([0.0, 40.0, 20.0, 20.0, 20.0]), weights()];
    (dimensions, any::<bool>(), weights, 1i64..=4).prop_flat_map(
        |(dimensions, linear, weights, threshold)| {
            let dimensions: Vec<(f64, usize)> = dimensions
                .into_iter()
                .map(|(w, n)| (f64::from(w), n))
                .collect();
            let percent = if linear {
                PercentMode::Linear
            } else {
                PercentMode::Ratio
            };
            let model = model_in(&dimensions, percent);
            let items = model.items().len();
            let assessee = (
                prop::sample::select(vec![None, Some("东区"), Some("西区")]),
                prop::collection::vec(response(items), 0..=10),
            );
            prop::collection::vec(assessee, 1..=4).prop_map(move |assessees| Case {
                dimensions: dimensions.clone(),
                percent,
                model: model.clone(),
                weights,
                threshold,
                assessees,
            })
        },
    )
}

/// Every defined raw-scale score of a result: item, dimension and overall scores, the
/// self and others scores, and each group's dimension score.
fn raw_scores(r: &AssesseeResult) -> Vec<f64> {
    let dimensions = r.dimensions.iter().flat_map(|d| {
        [d.score, d.self_score, d.others]
            .into_iter()
            .chain(d.groups.iter().map(|g| g.value))
    });
    let items = r
        .items
        .iter()
        .flat_map(|i| [i.score, i.self_score, i.others]);
    dimensions
        .chain(items)
        .chain([r.overall.score])
        .flatten()
        .collect()
}

/// Every defined 100-point score of a result, unrounded and displayed.
fn percents(r: &AssesseeResult) -> Vec<f64> {
    r.dimensions
        .iter()
        .map(|d| d.percent)
        .chain(r.items.iter().map(|i| i.percent))
        .chain([r.overall.percent, r.overall.displayed])
        .flatten()
        .collect()
}

proptest! {
    /// (a) Responses are added to the tallies in a random order, across assessees: every
    /// result, ledger, grade and rank is identical, bit for bit.
    #[test]
    fn row_order_never_changes_results(
        (case, order) in case().prop_flat_map(|case| {
            let rows: Vec<(usize, usize)> = case
                .assessees
                .iter()
                .enumerate()
                .flat_map(|(a, (_, rows))| (0..rows.len()).map(move |i| (a, i)))
                .collect();
            (Just(case), Just(rows).prop_shuffle())
        })
    ) {
        let mut tallies = vec![Tally::new(); case.assessees.len()];
        for (a, i) in order {
            let (r, answers) = &case.assessees[a].1[i];
            tallies[a].add(&case.model, *r, answers).unwrap();
        }
        let settings = case.settings();
        let shuffled = score_in_order(&case.model, &settings, &case.assessees, &tallies);
        prop_assert_eq!(shuffled, case.score(&settings));
    }

    /// (a) Listing the assessees in another order only reorders the results: each assessee's
    /// result, rank and department rank included, is unchanged.
    #[test]
    fn assessee_order_only_reorders_the_results(
        (case, order) in case().prop_flat_map(|case| {
            let order: Vec<usize> = (0..case.assessees.len()).collect();
            (Just(case), Just(order).prop_shuffle())
        })
    ) {
        let settings = case.settings();
        let original = case.score(&settings);
        let assessees: Vec<_> = order.iter().map(|a| case.assessees[*a].clone()).collect();
        let tallies: Vec<Tally> = assessees
            .iter()
            .map(|(_, rows)| tally_of(&case.model, rows))
            .collect();
        let reordered = score_in_order(&case.model, &settings, &assessees, &tallies);
        for (position, a) in order.iter().enumerate() {
            prop_assert_eq!(&reordered.assessees[position], &original.assessees[*a]);
        }
    }

    /// (b) With integer weights, every defined raw score lies in [min, max] = [1, 5] exactly,
    /// and every 100-point score (unrounded and displayed) in [0, 100] for `linear` and in
    /// [min/max·100, 100] = [20, 100] for `ratio`.
    #[test]
    fn scores_stay_within_the_scale_and_percents_within_their_range(case in case()) {
        let scale = case.model.scale();
        let (min, max) = (f64::from(scale.min()), f64::from(scale.max()));
        let lowest = match case.percent {
            PercentMode::Ratio => min / max * 100.0,
            PercentMode::Linear => 0.0,
        };
        for r in case.score(&case.settings()).assessees {
            for s in raw_scores(&r) {
                prop_assert!((min..=max).contains(&s), "raw score {} off the scale", s);
            }
            for p in percents(&r) {
                prop_assert!((lowest..=100.0).contains(&p), "100-point score {} off [{}, 100]", p, lowest);
            }
        }
    }

    /// (b) The same holds exactly with any real weights the bounds allow (0 to 1000),
    /// relationship weights and dimension weights alike, not only integers; and an assessee
    /// has a rank exactly when they have an overall score.
    #[test]
    fn scores_stay_within_the_scale_with_fractional_weights(
        case in case(),
        weights in prop::array::uniform5(prop_oneof![0.0f64..100.0, 100.0f64..=1000.0])
            .prop_filter("some weight above 0", |w| w.iter().any(|w| *w > 0.0)),
        dimension_weights in prop::collection::vec(prop_oneof![0.001f64..100.0, 100.0f64..=1000.0], 4),
    ) {
        let dimensions: Vec<(f64, usize)> = case
            .dimensions
            .iter()
            .zip(&dimension_weights)
            .map(|((_, items), w)| (*w, *items))
            .collect();
        let case = Case {
            model: model_in(&dimensions, case.percent),
            dimensions,
            weights,
            ..case
        };
        let lowest = match case.percent {
            PercentMode::Ratio => 1.0 / 5.0 * 100.0,
            PercentMode::Linear => 0.0,
        };
        for r in case.score(&case.settings()).assessees {
            prop_assert_eq!(r.overall.score.is_some(), r.overall.rank.is_some());
            for s in raw_scores(&r) {
                prop_assert!((1.0..=5.0).contains(&s), "raw score {} off the scale", s);
            }
            for p in percents(&r) {
                prop_assert!((lowest..=100.0).contains(&p), "100-point score {} off [{}, 100]", p, lowest);
            }
        }
    }

    /// (c) A response whose every answer is N/A, from a rater whose arrival changes no
    /// scoring group — `self`, `superior`, or an anonymous relationship that already has at
    /// least `k` raters (and so stays a group of its own) — changes no score: every item,
    /// dimension, group, self, others, gap and overall value, every effective weight, the
    /// dimensions left out, the blind spots and hidden strengths, and what was pooled or set
    /// aside stay identical. Only the rater count of that relationship goes up by one.
    #[test]
    fn an_all_na_response_that_changes_no_group_changes_no_score(
        case in case(),
        pick in any::<Index>(),
    ) {
        let (_, rows) = &case.assessees[0];
        let settings = case.settings();
        let before_tally = tally_of(&case.model, rows);
        let k = settings.threshold();
        let harmless: Vec<Relationship> = Relationship::ALL
            .into_iter()
            .filter(|r| !r.is_anonymous() || before_tally.raters_of(*r) >= k)
            .collect();
        let joining = *pick.get(&harmless);
        let mut after_tally = before_tally.clone();
        after_tally
            .add(&case.model, joining, &vec![None; case.model.items().len()])
            .unwrap();

        let before = score_assessee(&case.model, &settings, &before_tally);
        let after = score_assessee(&case.model, &settings, &after_tally);
        let mut raters = before.groups.raters;
        raters[joining.index()] += 1;
        prop_assert_eq!(after.groups.raters, raters);
        prop_assert_eq!(&after.groups.short, &before.groups.short);
        prop_assert_eq!(after.groups.set_aside, before.groups.set_aside);
        prop_assert_eq!(&after.items, &before.items);
        prop_assert_eq!(&after.overall, &before.overall);
        prop_assert_eq!(&after.dimensions_left_out, &before.dimensions_left_out);
        prop_assert_eq!(&after.blind_spots, &before.blind_spots);
        prop_assert_eq!(&after.hidden_strengths, &before.hidden_strengths);
        for (a, b) in after.dimensions.iter().zip(&before.dimensions) {
            prop_assert_eq!(
                (a.score, a.percent, a.self_score, a.others, a.gap),
                (b.score, b.percent, b.self_score, b.others, b.gap)
            );
            prop_assert_eq!(&a.weights, &b.weights);
            let defined = |d: &yardstick_core::DimensionResult| -> Vec<(Group, f64)> {
                d.groups.iter().filter_map(|g| g.value.map(|v| (g.group, v))).collect()
            };
            prop_assert_eq!(defined(a), defined(b));
        }
    }

    /// (c) An item that every rater answered N/A scores exactly as if the item were not in
    /// the model at all (its dimension keeping at least one other item): the same groups,
    /// dimension scores, effective weights, overall score, the other items' scores and the
    /// same blind spots and hidden strengths; the item itself has no score.
    #[test]
    fn an_item_everyone_answered_na_scores_as_if_it_were_not_in_the_model(
        case in case().prop_filter("a dimension has two items or more", |c| {
            c.dimensions.iter().any(|(_, items)| *items >= 2)
        }),
        pick in any::<Index>(),
    ) {
        let model = &case.model;
        let removable: Vec<usize> = (0..model.items().len())
            .filter(|i| model.dimensions()[model.dimension_of_item(*i)].item_range().len() >= 2)
            .collect();
        let x = *pick.get(&removable);
        let (_, rows) = &case.assessees[0];
        let with_na: Vec<Response> = rows
            .iter()
            .map(|(r, answers)| {
                let mut answers = answers.clone();
                answers[x] = None;
                (*r, answers)
            })
            .collect();
        let without: Vec<Response> = rows
            .iter()
            .map(|(r, answers)| {
                let mut answers = answers.clone();
                answers.remove(x);
                (*r, answers)
            })
            .collect();
        let mut dimensions = case.dimensions.clone();
        dimensions[model.dimension_of_item(x)].1 -= 1;
        let smaller = model_in(&dimensions, case.percent);

        let settings = case.settings();
        let full = score_assessee(model, &settings, &tally_of(model, &with_na));
        let cut = score_assessee(&smaller, &settings, &tally_of(&smaller, &without));
        prop_assert_eq!(&full.groups, &cut.groups);
        prop_assert_eq!(&full.dimensions, &cut.dimensions);
        prop_assert_eq!(&full.overall, &cut.overall);
        prop_assert_eq!(&full.dimensions_left_out, &cut.dimensions_left_out);
        let item = &full.items[x];
        prop_assert_eq!(
            (item.score, item.percent, item.self_score, item.others, item.gap),
            (None, None, None, None, None)
        );
        let mut others = full.items.clone();
        others.remove(x);
        prop_assert_eq!(&others, &cut.items);
        let back = |list: &[usize]| -> Vec<usize> {
            list.iter().map(|i| if *i < x { *i } else { i + 1 }).collect()
        };
        prop_assert_eq!(&full.blind_spots, &back(&cut.blind_spots));
        prop_assert_eq!(&full.hidden_strengths, &back(&cut.hidden_strengths));
    }

    /// (d) Multiplying every relationship weight by the same positive factor (0.001 to 10, so
    /// that weights of up to 100 stay within the bound of 1000)
    /// moves no score, 100-point score, gap or effective weight by more than 1e-9 (relative),
    /// changes neither who is pooled or set aside nor which values are defined, and changes no
    /// displayed value — 100-point scores to 1 decimal, raw scores and gaps to 2 — nor any
    /// grade, rank, department rank, blind spot or hidden strength.
    #[test]
    fn scaling_every_relationship_weight_changes_no_result(
        case in case(),
        factor in prop_oneof![0.001f64..1.0, 1.0f64..=10.0],
    ) {
        let settings = case.settings();
        let scaled_weights = Weights::new(case.weights).unwrap().scaled(factor).unwrap();
        let scaled_settings = Settings::new(scaled_weights, case.threshold).unwrap();
        let plain = case.score(&settings);
        let scaled = case.score(&scaled_settings);
        for (a, b) in plain.assessees.iter().zip(&scaled.assessees) {
            prop_assert_eq!(a.groups.raters, b.groups.raters);
            prop_assert_eq!(&a.groups.short, &b.groups.short);
            prop_assert_eq!(a.groups.set_aside, b.groups.set_aside);
            let used = |r: &AssesseeResult| -> Vec<(Group, u32)> {
                r.groups.used.iter().map(|g| (g.group, g.raters)).collect()
            };
            prop_assert_eq!(used(a), used(b));
            for (x, y) in a.dimensions.iter().zip(&b.dimensions) {
                prop_assert_eq!(&x.groups, &y.groups);
                close_all(
                    &[x.score, x.percent, x.self_score, x.others, x.gap],
                    &[y.score, y.percent, y.self_score, y.others, y.gap],
                )?;
                shown_alike(&[x.percent], &[y.percent], &[x.score, x.others, x.gap], &[y.score, y.others, y.gap])?;
                prop_assert_eq!(x.weights.len(), y.weights.len());
                for ((g, w), (h, v)) in x.weights.iter().zip(&y.weights) {
                    prop_assert_eq!(g, h);
                    prop_assert!(close(*w, *v), "effective weight {} vs {}", w, v);
                }
            }
            for (x, y) in a.items.iter().zip(&b.items) {
                close_all(
                    &[x.score, x.percent, x.self_score, x.others, x.gap],
                    &[y.score, y.percent, y.self_score, y.others, y.gap],
                )?;
                shown_alike(&[x.percent], &[y.percent], &[x.score, x.others, x.gap], &[y.score, y.others, y.gap])?;
            }
            let (o, p) = (&a.overall, &b.overall);
            close_all(&[o.score, o.percent], &[p.score, p.percent])?;
            shown_alike(&[o.percent], &[p.percent], &[o.score], &[p.score])?;
            prop_assert_eq!(
                (o.displayed, o.grade, o.rank, o.department_rank),
                (p.displayed, p.grade, p.rank, p.department_rank)
            );
            prop_assert_eq!(&a.dimensions_left_out, &b.dimensions_left_out);
            prop_assert_eq!(&a.blind_spots, &b.blind_spots);
            prop_assert_eq!(&a.hidden_strengths, &b.hidden_strengths);
        }
    }
}

/// `a` and `b` agree to 1e-9, relative to their size (and absolutely below 1).
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn close_all(a: &[Option<f64>], b: &[Option<f64>]) -> Result<(), TestCaseError> {
    for (x, y) in a.iter().zip(b) {
        match (x, y) {
            (Some(x), Some(y)) => prop_assert!(close(*x, *y), "{} vs {}", x, y),
            _ => prop_assert_eq!(x, y),
        }
    }
    Ok(())
}

/// The displayed forms agree: 100-point scores to 1 decimal, raw scores and gaps to 2.
fn shown_alike(
    percents: &[Option<f64>],
    other_percents: &[Option<f64>],
    raws: &[Option<f64>],
    other_raws: &[Option<f64>],
) -> Result<(), TestCaseError> {
    for (x, y) in percents.iter().zip(other_percents) {
        prop_assert_eq!(
            x.map(percent_display),
            y.map(percent_display),
            "{:?} vs {:?}",
            x,
            y
        );
    }
    for (x, y) in raws.iter().zip(other_raws) {
        prop_assert_eq!(x.map(raw_display), y.map(raw_display), "{:?} vs {:?}", x, y);
    }
    Ok(())
}

/// What (c) leaves out: a response whose every answer is N/A still counts as a rater, so it
/// can lift a pool to `k` and change which raters are counted.
#[test]
fn an_all_na_response_still_counts_towards_the_pool() {
    let m = crate::common::model(&[(100.0, 1)]);
    let before = uniform(&m, &[(Superior, Some(4)), (Peer, Some(1)), (Peer, Some(1))]);
    let after = uniform(
        &m,
        &[
            (Superior, Some(4)),
            (Peer, Some(1)),
            (Peer, Some(1)),
            (Peer, None),
        ],
    );
    let s = Settings::default();
    let (before, after) = (
        score_assessee(&m, &s, &before),
        score_assessee(&m, &s, &after),
    );
    // Two peers are set aside; with a third (all N/A) they form a group and count.
    assert_eq!(before.groups.set_aside, 2);
    assert_eq!(before.dimensions[0].score, Some(4.0));
    assert_eq!(after.groups.set_aside, 0);
    assert_eq!(
        after.dimensions[0].score,
        Some((40.0 * 4.0 + 20.0 * 1.0) / 60.0)
    );
}
