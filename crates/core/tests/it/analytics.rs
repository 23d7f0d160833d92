//! The Analytics object (SPEC §8) on the small data set worked out by hand in
//! `docs/analytics.md`: the same numbers, figure by figure.

use yardstick_core::analytics::{Analytics, Rated, analyse};
use yardstick_core::{AskedDimensions, AssesseeInput, CycleScores, Model, Tally};

use crate::common::{Customer, Peer, Superior, approx, model, settings};

const N: Option<i32> = None;

/// The responses of `docs/analytics.md`: (rater, assessee, relationship, answers to
/// 1.1–1.3 then 2.1–2.7).
fn data() -> Vec<(
    &'static str,
    usize,
    yardstick_core::Relationship,
    Vec<Option<i32>>,
)> {
    let row = |d1: [i32; 3], d2: [Option<i32>; 7]| {
        d1.iter().map(|v| Some(*v)).chain(d2).collect::<Vec<_>>()
    };
    let s = Some;
    vec![
        (
            "M1",
            0,
            Superior,
            row([4, 4, 5], [s(4), s(4), s(4), s(4), s(4), s(4), s(3)]),
        ),
        (
            "P1",
            0,
            Peer,
            row([3, 4, 4], [N, s(3), s(3), s(3), s(3), s(3), s(3)]),
        ),
        ("P2", 0, Peer, row([5, 5, 5], [s(5); 7])),
        ("P3", 0, Peer, row([2, 5, 2], [s(2); 7])),
        ("X1", 0, Customer, vec![s(4), N, s(5), N, N, N, N, N, N, N]),
        ("P2", 1, Peer, row([5, 5, 5], [s(5); 7])),
        ("P1", 1, Peer, row([4, 2, 4], [s(4); 7])),
    ]
}

fn worked() -> (Model, Analytics) {
    let model = model(&[(60.0, 3), (40.0, 7)]);
    let asked = AskedDimensions::from_stored([(Customer, vec!["1".to_string()])]);
    let settings = settings([0.0, 40.0, 20.0, 20.0, 20.0], 2);
    let rows = data();
    let mut tallies = [Tally::new(), Tally::new()];
    for (_, a, r, answers) in &rows {
        let mut answers = answers.clone();
        asked.keep_asked(*r, &model, &mut answers);
        tallies[*a].add(&model, *r, &answers).unwrap();
    }
    let inputs: Vec<AssesseeInput<'_>> = tallies
        .iter()
        .map(|tally| AssesseeInput {
            department: None,
            tally,
        })
        .collect();
    let scores = CycleScores::new(&model, &settings, &inputs);
    let rated: Vec<Rated<'_>> = rows
        .iter()
        .map(|(rater, assessee, relationship, answers)| Rated {
            rater,
            assessee: *assessee,
            relationship: *relationship,
            answers,
        })
        .collect();
    let analytics = analyse(&model, &asked, &rated, &scores);
    (model, analytics)
}

#[test]
fn analytics_alpha_of_each_dimension_is_the_hand_worked_value() {
    let (_, a) = worked();
    assert_eq!(a.dimensions[0].n, 6);
    assert!(approx(a.dimensions[0].alpha, 111.0 / 197.0));
    assert_eq!(
        a.dimensions[1].n, 5,
        "the N/A of P1 leaves their response out"
    );
    assert!(approx(a.dimensions[1].alpha, 441.0 / 442.2));
}

#[test]
fn analytics_item_rest_flags_the_item_that_does_not_go_with_its_dimension() {
    let (_, a) = worked();
    let r: Vec<Option<f64>> = a.dimensions[0].items.iter().map(|i| i.item_rest).collect();
    assert!(approx(
        r[0],
        6.333_333_333_333_333 / (6.833_333_333_333_333f64 * 13.333_333_333_333_334).sqrt()
    ));
    assert!(approx(r[1], 0.0));
    assert!(approx(r[2], 6.0 / (6.833_333_333_333_333f64 * 14.0).sqrt()));
    let r2: Vec<Option<f64>> = a.dimensions[1].items.iter().map(|i| i.item_rest).collect();
    assert!(approx(r2[0], 36.0 / (6.0f64 * 216.8).sqrt()));
    assert!(approx(r2[6], 36.0 / (6.8f64 * 216.0).sqrt()));
}

#[test]
fn analytics_rwg_floors_each_pair_at_zero_and_averages_over_pairs() {
    let (_, a) = worked();
    assert_eq!(a.agreement[0].pairs, 2);
    assert!(approx(a.agreement[0].rwg, 0.375));
    assert!(approx(a.agreement[1].rwg, 5.0 / 12.0));
    assert_eq!(
        a.agreement[3].pairs, 2,
        "two peers of E1 answered 2.1 with a number"
    );
    assert!(approx(a.agreement[3].rwg, 0.375));
}

#[test]
fn analytics_na_rate_covers_only_relationships_asked_the_dimension() {
    let (model, a) = worked();
    let rate = |code: &str, rel| {
        let item = model.item_index(code).unwrap();
        a.na_rate
            .iter()
            .find(|r| r.item == item && r.relationship == rel)
            .map(|r| (r.rate, r.n))
    };
    assert_eq!(rate("1.2", Customer), Some((1.0, 1)));
    assert_eq!(rate("1.2", Peer), Some((0.0, 5)));
    assert_eq!(rate("2.1", Peer), Some((0.2, 5)));
    assert_eq!(rate("2.1", Superior), Some((0.0, 1)));
    assert_eq!(
        rate("2.1", Customer),
        None,
        "customers are not asked dimension 2"
    );
    assert_eq!(a.na_rate.len(), 3 * 3 + 7 * 2);
}

#[test]
fn analytics_leniency_is_the_rater_mean_less_the_cycle_mean() {
    let (_, a) = worked();
    let cycle = 239.0 / 61.0;
    let by: Vec<(&str, usize, f64, usize)> = a
        .raters
        .iter()
        .map(|r| {
            (
                r.rater.as_str(),
                r.responses,
                r.mean.unwrap(),
                r.straight_lined,
            )
        })
        .collect();
    assert_eq!(
        by,
        vec![
            ("M1", 1, 4.0, 0),
            ("P1", 2, 67.0 / 19.0, 0),
            ("P2", 2, 5.0, 2),
            ("P3", 1, 2.3, 0),
            ("X1", 1, 4.5, 0),
        ]
    );
    for r in &a.raters {
        assert!(approx(r.leniency, r.mean.unwrap() - cycle), "{r:?}");
    }
}

#[test]
fn analytics_close_calls_use_one_standard_error_of_the_raters() {
    let (_, a) = worked();
    assert_eq!(a.close_calls.len(), 2);
    let e1 = &a.close_calls[0];
    assert_eq!((e1.assessee, e1.percent, e1.cutoff), (0, 79.7, 80.0));
    assert!((e1.margin - (3584.0_f64 / 3.0 / 2.0 * 13.0 / 27.0).sqrt()).abs() < 1e-9);
    let e2 = &a.close_calls[1];
    assert_eq!((e2.assessee, e2.percent, e2.cutoff), (1, 86.0, 90.0));
    assert!((e2.margin - 14.0).abs() < 1e-9);
}
