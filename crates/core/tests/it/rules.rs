//! One test per rule of SPEC §4, each edge named.

use yardstick_core::{
    AssesseeInput, Group, PercentMode, Relationship, Settings, Tally, TallyError, score_assessee,
    score_cycle,
};

use crate::common::*;

fn default_settings() -> Settings {
    Settings::default()
}

#[test]
fn all_answers_na_leave_every_score_undefined_but_count_the_raters() {
    let m = model(&[(60.0, 2), (40.0, 1)]);
    let t = uniform(&m, &[(Superior, None), (Subordinate, None)]);
    let r = score_assessee(&m, &default_settings(), &t);
    assert_eq!(r.groups.raters, [0, 1, 0, 1, 0]);
    assert!(r.dimensions.iter().all(|d| d.score.is_none()));
    assert!(r.items.iter().all(|i| i.score.is_none()));
    assert_eq!(r.overall.score, None);
    assert_eq!(r.dimensions_left_out, vec![0, 1]);
}

#[test]
fn a_dimension_nobody_answered_is_left_out_and_flagged() {
    let m = model(&[(60.0, 2), (40.0, 1)]);
    let t = tally(&m, &[(Superior, vec![Some(4), Some(5), None])]);
    let r = score_assessee(&m, &default_settings(), &t);
    assert!(approx(r.dimensions[0].score, 4.5));
    assert_eq!(r.dimensions[1].score, None);
    assert_eq!(r.dimensions_left_out, vec![1]);
    // T renormalises over the dimensions present: 60·4.5 / 60.
    assert!(approx(r.overall.score, 4.5));
}

#[test]
fn an_item_mean_counts_each_item_once_however_many_raters_answered_it() {
    let m = model(&[(100.0, 2)]);
    // Item 1.1 answered by three subordinates, item 1.2 by one.
    let t = tally(
        &m,
        &[
            (Subordinate, vec![Some(2), None]),
            (Subordinate, vec![Some(2), None]),
            (Subordinate, vec![Some(5), Some(5)]),
        ],
    );
    let r = score_assessee(&m, &default_settings(), &t);
    // m = [3, 5]; D = 4, not the mean of all four answers (3.5).
    assert!(approx(r.dimensions[0].score, 4.0));
}

#[test]
fn a_relationship_with_weight_zero_counts_in_no_score() {
    let m = model(&[(100.0, 1)]);
    let s = settings([0.0, 40.0, 0.0, 20.0, 20.0], 3);
    let t = uniform(
        &m,
        &[
            (Superior, Some(4)),
            (Peer, Some(1)),
            (Peer, Some(1)),
            (Peer, Some(1)),
        ],
    );
    let r = score_assessee(&m, &s, &t);
    assert!(approx(r.dimensions[0].score, 4.0));
    let weights = &r.dimensions[0].weights;
    assert!(weights.contains(&(Group::Of(Peer), 0.0)));
    assert!(weights.contains(&(Group::Of(Superior), 1.0)));
    // The peers' own score is still shown.
    assert!(
        r.dimensions[0]
            .groups
            .iter()
            .any(|g| g.group == Group::Of(Peer) && g.value == Some(1.0))
    );
}

#[test]
fn relationship_weights_renormalise_over_the_groups_present() {
    let m = model(&[(100.0, 1)]);
    let t = uniform(
        &m,
        &[
            (Superior, Some(5)),
            (Subordinate, Some(2)),
            (Subordinate, Some(2)),
            (Subordinate, Some(2)),
        ],
    );
    let r = score_assessee(&m, &default_settings(), &t);
    // Peers and customers absent: 40/60 and 20/60.
    assert!(approx(
        r.dimensions[0].score,
        (40.0 * 5.0 + 20.0 * 2.0) / 60.0
    ));
    let w = &r.dimensions[0].weights;
    assert!(
        w.iter()
            .any(|(g, w)| *g == Group::Of(Superior) && (w - 2.0 / 3.0).abs() < 1e-12)
    );
    assert!(
        w.iter()
            .any(|(g, w)| *g == Group::Of(Subordinate) && (w - 1.0 / 3.0).abs() < 1e-12)
    );
}

#[test]
fn only_self_ratings_give_no_overall_score_with_the_default_weights() {
    let m = model(&[(100.0, 2)]);
    let t = uniform(&m, &[(Own, Some(5))]);
    let r = score_assessee(&m, &default_settings(), &t);
    assert_eq!(r.overall.score, None);
    assert_eq!(r.dimensions[0].self_score, Some(5.0));
    assert_eq!(r.dimensions[0].others, None);
    assert_eq!(r.dimensions[0].gap, None);
    let c = score_cycle(
        &m,
        &default_settings(),
        &[AssesseeInput {
            department: Some("A"),
            tally: &t,
        }],
    );
    let o = &c.assessees[0].overall;
    assert_eq!((o.grade, o.rank, o.department_rank), (None, None, None));
}

#[test]
fn self_counts_when_its_weight_is_above_zero_but_never_in_others() {
    let m = model(&[(100.0, 1)]);
    let s = settings([20.0, 40.0, 20.0, 20.0, 20.0], 3);
    let t = uniform(&m, &[(Own, Some(5)), (Superior, Some(2))]);
    let r = score_assessee(&m, &s, &t);
    assert!(approx(
        r.dimensions[0].score,
        (20.0 * 5.0 + 40.0 * 2.0) / 60.0
    ));
    assert!(approx(r.dimensions[0].others, 2.0));
    assert!(approx(r.dimensions[0].gap, 3.0));
}

#[test]
fn short_peer_group_is_pooled_with_short_customers() {
    let m = model(&[(100.0, 1)]);
    let t = uniform(
        &m,
        &[
            (Superior, Some(4)),
            (Peer, Some(5)),
            (Peer, Some(3)),
            (Customer, Some(1)),
        ],
    );
    let r = score_assessee(&m, &default_settings(), &t);
    let pooled = r.groups.pooled().expect("the pool is used");
    assert_eq!(pooled.raters, 3);
    assert_eq!(pooled.weight, 40.0);
    assert_eq!(pooled.from, vec![Peer, Customer]);
    assert_eq!(r.groups.short, vec![Peer, Customer]);
    assert_eq!(r.groups.set_aside, 0);
    // No group of fewer than k raters is shown on its own.
    assert!(
        r.groups
            .used
            .iter()
            .all(|g| g.group == Group::Of(Superior) || g.group == Group::Pooled)
    );
    // Pooled mean is over raters, not over relationships: (5 + 3 + 1) / 3 = 3.
    let pooled_value = r.dimensions[0]
        .groups
        .iter()
        .find(|g| g.group == Group::Pooled)
        .and_then(|g| g.value);
    assert_eq!(pooled_value, Some(3.0));
    assert!(approx(
        r.dimensions[0].score,
        (40.0 * 4.0 + 40.0 * 3.0) / 80.0
    ));
}

#[test]
fn a_pool_still_under_the_threshold_is_set_aside() {
    let m = model(&[(100.0, 1)]);
    let t = uniform(
        &m,
        &[
            (Superior, Some(4)),
            (Peer, Some(1)),
            (Customer, Some(1)),
            (Subordinate, Some(2)),
            (Subordinate, Some(2)),
            (Subordinate, Some(2)),
        ],
    );
    let r = score_assessee(&m, &default_settings(), &t);
    assert_eq!(r.groups.set_aside, 2);
    assert_eq!(r.groups.set_aside_from(), &[Peer, Customer]);
    assert!(r.groups.pooled().is_none());
    // Only superior and subordinates count: (40·4 + 20·2) / 60.
    assert!(approx(r.dimensions[0].score, 200.0 / 60.0));
}

#[test]
fn a_single_short_relationship_is_always_set_aside() {
    let m = model(&[(100.0, 1)]);
    let t = uniform(&m, &[(Superior, Some(4)), (Peer, Some(1)), (Peer, Some(1))]);
    let r = score_assessee(&m, &default_settings(), &t);
    assert_eq!(r.groups.short, vec![Peer]);
    assert_eq!(r.groups.set_aside, 2);
    assert!(approx(r.dimensions[0].score, 4.0));
}

#[test]
fn relationships_at_the_threshold_are_not_short() {
    let m = model(&[(100.0, 1)]);
    let t = uniform(
        &m,
        &[
            (Peer, Some(1)),
            (Peer, Some(2)),
            (Peer, Some(3)),
            (Customer, Some(5)),
        ],
    );
    let r = score_assessee(&m, &default_settings(), &t);
    assert_eq!(r.groups.short, vec![Customer]);
    assert_eq!(r.groups.set_aside, 1);
    assert!(approx(r.dimensions[0].score, 2.0));
}

#[test]
fn threshold_one_turns_pooling_off() {
    let m = model(&[(100.0, 1)]);
    let t = uniform(&m, &[(Peer, Some(5)), (Customer, Some(1))]);
    let r = score_assessee(&m, &settings([0.0, 40.0, 20.0, 20.0, 20.0], 1), &t);
    assert!(r.groups.short.is_empty());
    assert_eq!(r.groups.set_aside, 0);
    assert_eq!(r.groups.used.len(), 2);
    assert!(approx(r.dimensions[0].score, 3.0));
}

#[test]
fn superior_and_self_are_never_pooled_however_few() {
    let m = model(&[(100.0, 1)]);
    let t = uniform(&m, &[(Own, Some(5)), (Superior, Some(3))]);
    let r = score_assessee(&m, &settings([0.0, 40.0, 20.0, 20.0, 20.0], 5), &t);
    assert!(r.groups.short.is_empty());
    assert!(approx(r.dimensions[0].score, 3.0));
}

#[test]
fn threshold_zero_is_refused() {
    assert!(Settings::new(Default::default(), 0).is_err());
}

fn cycle_of(
    m: &yardstick_core::Model,
    tallies: &[(Option<&str>, &Tally)],
) -> Vec<(Option<u32>, Option<u32>)> {
    let input: Vec<AssesseeInput> = tallies
        .iter()
        .map(|(d, t)| AssesseeInput {
            department: *d,
            tally: t,
        })
        .collect();
    score_cycle(m, &Settings::default(), &input)
        .assessees
        .iter()
        .map(|a| (a.overall.rank, a.overall.department_rank))
        .collect()
}

#[test]
fn ties_in_rank_share_it_and_the_next_rank_skips() {
    let m = model(&[(100.0, 1)]);
    let a = uniform(&m, &[(Superior, Some(4))]);
    let b = uniform(&m, &[(Superior, Some(5))]);
    let c = uniform(&m, &[(Superior, Some(4))]);
    let d = uniform(&m, &[(Superior, Some(3))]);
    let none = Tally::new();
    let ranks = cycle_of(
        &m,
        &[
            (Some("A"), &a),
            (Some("B"), &b),
            (Some("A"), &c),
            (Some("A"), &d),
            (Some("A"), &none),
        ],
    );
    assert_eq!(
        ranks,
        vec![
            (Some(2), Some(1)),
            (Some(1), Some(1)),
            (Some(2), Some(1)),
            (Some(4), Some(3)),
            (None, None)
        ]
    );
}

#[test]
fn displayed_scores_that_are_equal_tie_even_when_the_raw_scores_differ() {
    // T = 4.4975 (89.95 %) and T = 4.5 (90.0 %) both display as 90.0.
    let m = model(&[(33.0, 1), (67.0, 4)]);
    let edge = tally(
        &m,
        &[(Superior, vec![Some(5), Some(4), Some(4), Some(4), Some(5)])],
    );
    assert!(approx(
        score_assessee(&m, &Settings::default(), &edge)
            .overall
            .score,
        4.4975
    ));
    let half = uniform(&m, &[(Superior, Some(5)), (Superior, Some(4))]);
    let lower = uniform(&m, &[(Superior, Some(4))]);
    let ranks = cycle_of(&m, &[(None, &edge), (None, &lower), (None, &half)]);
    assert_eq!(
        ranks,
        vec![(Some(1), None), (Some(3), None), (Some(1), None)]
    );
}

#[test]
fn a_score_exactly_on_a_rounding_edge_and_a_grade_edge_rounds_up_into_the_grade() {
    // T = (33·5 + 67·4.25) / 100 = 4.4975 → 89.95 % → displayed 90.0 → 优秀 (≥ 90).
    let m = model(&[(33.0, 1), (67.0, 4)]);
    let t = tally(
        &m,
        &[(Superior, vec![Some(5), Some(4), Some(4), Some(4), Some(5)])],
    );
    let c = score_cycle(
        &m,
        &Settings::default(),
        &[AssesseeInput {
            department: None,
            tally: &t,
        }],
    );
    let o = &c.assessees[0].overall;
    assert!((o.percent.unwrap() - 89.95).abs() < 1e-9);
    assert_eq!(o.displayed, Some(90.0));
    assert_eq!(m.grades()[o.grade.unwrap()].name(), "优秀");
}

#[test]
fn a_score_just_below_a_grade_edge_keeps_the_lower_grade() {
    // T = (32·5 + 68·4.25) / 100 = 4.49 → 89.8 → 良好.
    let m = model(&[(32.0, 1), (68.0, 4)]);
    let t = tally(
        &m,
        &[(Superior, vec![Some(5), Some(4), Some(4), Some(4), Some(5)])],
    );
    let c = score_cycle(
        &m,
        &Settings::default(),
        &[AssesseeInput {
            department: None,
            tally: &t,
        }],
    );
    let o = &c.assessees[0].overall;
    assert_eq!(o.displayed, Some(89.8));
    assert_eq!(m.grades()[o.grade.unwrap()].name(), "良好");
}

#[test]
fn linear_and_ratio_convert_the_same_score_differently() {
    let t_ratio = model_in(&[(100.0, 1)], PercentMode::Ratio);
    let t_linear = model_in(&[(100.0, 1)], PercentMode::Linear);
    let tally_r = uniform(&t_ratio, &[(Superior, Some(4))]);
    let r = score_assessee(&t_ratio, &Settings::default(), &tally_r);
    let l = score_assessee(&t_linear, &Settings::default(), &tally_r);
    assert!(approx(r.overall.percent, 80.0));
    assert!(approx(l.overall.percent, 75.0));
    assert!(approx(r.dimensions[0].percent, 80.0));
    assert!(approx(l.items[0].percent, 75.0));
    // The lowest point is 20 % as a ratio and 0 % linearly.
    let low = uniform(&t_ratio, &[(Superior, Some(1))]);
    assert!(approx(
        score_assessee(&t_ratio, &Settings::default(), &low)
            .overall
            .percent,
        20.0
    ));
    assert!(approx(
        score_assessee(&t_linear, &Settings::default(), &low)
            .overall
            .percent,
        0.0
    ));
}

#[test]
fn item_scores_weight_the_groups_like_dimension_scores() {
    let m = model(&[(100.0, 2)]);
    let t = tally(
        &m,
        &[
            (Superior, vec![Some(5), Some(1)]),
            (Subordinate, vec![Some(2), None]),
            (Subordinate, vec![Some(2), None]),
            (Subordinate, vec![Some(2), None]),
        ],
    );
    let r = score_assessee(&m, &Settings::default(), &t);
    assert!(approx(r.items[0].score, 4.0)); // (40·5 + 20·2) / 60
    assert!(approx(r.items[1].score, 1.0)); // only the superior answered
}

#[test]
fn blind_spots_and_hidden_strengths_are_judged_at_theta() {
    let m = model(&[(100.0, 4)]);
    let t = tally(
        &m,
        &[
            (Own, vec![Some(5), Some(1), Some(4), Some(5)]),
            (Superior, vec![Some(4), Some(3), Some(4), Some(3)]),
        ],
    );
    let r = score_assessee(&m, &Settings::default(), &t);
    // Gaps: +1 (exactly θ: a blind spot), −2 (hidden strength), 0, +2.
    assert_eq!(r.blind_spots, vec![3, 0]);
    assert_eq!(r.hidden_strengths, vec![1]);
    assert!(approx(r.items[1].gap, -2.0));
}

#[test]
fn at_most_five_blind_spots_are_listed_largest_first() {
    let m = model(&[(100.0, 7)]);
    let t = tally(
        &m,
        &[
            (Own, vec![Some(5); 7]),
            (
                Superior,
                vec![
                    Some(4),
                    Some(1),
                    Some(3),
                    Some(2),
                    Some(3),
                    Some(4),
                    Some(1),
                ],
            ),
        ],
    );
    let r = score_assessee(&m, &Settings::default(), &t);
    assert_eq!(r.blind_spots, vec![1, 6, 3, 2, 4]);
}

#[test]
fn the_tally_refuses_off_scale_answers_and_stays_unchanged() {
    let m = model(&[(100.0, 2)]);
    let mut t = uniform(&m, &[(Superior, Some(4))]);
    let before = t.clone();
    assert_eq!(
        t.add(&m, Relationship::Peer, &[Some(4), Some(6)]),
        Err(TallyError::OffScale { item: 1, value: 6 })
    );
    assert_eq!(
        t.add(&m, Relationship::Peer, &[Some(4)]),
        Err(TallyError::WrongLength {
            expected: 2,
            found: 1
        })
    );
    assert_eq!(t, before);
}

#[test]
fn only_zero_weight_dimensions_with_a_score_leave_the_overall_score_undefined() {
    let m = model(&[(0.0, 1), (100.0, 1)]);
    let t = tally(&m, &[(Superior, vec![Some(4), None])]);
    let r = score_assessee(&m, &default_settings(), &t);
    assert!(approx(r.dimensions[0].score, 4.0));
    assert_eq!(r.dimensions[1].score, None);
    assert_eq!(r.overall.score, None);
    assert_eq!(r.dimensions_left_out, vec![1]);
}

#[test]
fn a_score_below_every_grade_band_gets_no_grade_but_keeps_its_rank() {
    let mut draft = model(&[(100.0, 1)]).to_draft();
    draft.grades.truncate(4); // 优秀 90, 良好 80, 合格 70, 待改进 60: nothing below 60
    let m = yardstick_core::Model::validate(draft).unwrap().model;
    let low = uniform(&m, &[(Superior, Some(2))]);
    let c = score_cycle(
        &m,
        &default_settings(),
        &[AssesseeInput {
            department: None,
            tally: &low,
        }],
    );
    let o = &c.assessees[0].overall;
    assert_eq!(o.displayed, Some(40.0));
    assert_eq!(o.grade, None);
    assert_eq!(o.rank, Some(1));
}

#[test]
fn a_gap_that_displays_as_theta_is_a_blind_spot_and_one_just_below_is_not() {
    let m = model(&[(100.0, 2)]);
    // Self 5 on both items; 250 subordinates, one rating item 1.1 a 5 and everyone else 4:
    // others 4.004 on item 1.1 (gap 0.996, shown 1.00) and 4 on item 1.2 (gap 1.00).
    let mut rows = vec![
        (Own, vec![Some(5), Some(5)]),
        (Subordinate, vec![Some(5), Some(4)]),
    ];
    rows.extend((1..250).map(|_| (Subordinate, vec![Some(4), Some(4)])));
    let r = score_assessee(&m, &default_settings(), &tally(&m, &rows));
    assert!((r.items[0].gap.unwrap() - 0.996).abs() < 1e-12);
    // Both show as 1.00, so both are blind spots, tied and listed in item order.
    assert_eq!(r.blind_spots, vec![0, 1]);
    // Three of 500 rating 5: others 4.006, gap 0.994, shown 0.99 — not a blind spot.
    let mut rows = vec![(Own, vec![Some(5), Some(5)])];
    rows.extend((0..3).map(|_| (Subordinate, vec![Some(5), Some(4)])));
    rows.extend((3..500).map(|_| (Subordinate, vec![Some(4), Some(4)])));
    let r = score_assessee(&m, &default_settings(), &tally(&m, &rows));
    assert!((r.items[0].gap.unwrap() - 0.994).abs() < 1e-12);
    assert_eq!(r.blind_spots, vec![1]);
}

#[test]
fn the_largest_weights_the_bounds_allow_give_finite_scores() {
    let m = model(&[(1000.0, 2), (1000.0, 1), (0.0, 1)]);
    let s = settings([1000.0; 5], 3);
    let t = uniform(
        &m,
        &[
            (Own, Some(5)),
            (Superior, Some(5)),
            (Peer, Some(4)),
            (Subordinate, Some(1)),
            (Customer, Some(3)),
        ],
    );
    let r = score_assessee(&m, &s, &t);
    let score = r.overall.score.unwrap();
    assert!(score.is_finite() && (1.0..=5.0).contains(&score), "{score}");
    assert!(r.overall.percent.is_some_and(f64::is_finite));
}
