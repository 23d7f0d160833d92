//! A cycle's settings, parsed once (SPEC §2, §7 Bounds), its state machine, and the
//! dimensions each relationship is asked, down to the scores (SPEC §4 step 0).

use yardstick_core::{
    AskedDimensions, CycleDraft, CycleField, CycleProblemKind, CycleState, Lang, Move,
    score_assessee,
};

use crate::common::*;

fn fields(draft: CycleDraft) -> Vec<String> {
    let problems = draft.parse().unwrap_err();
    for p in &problems {
        for lang in Lang::ALL {
            let text = p.message().render(lang);
            assert!(!text.is_empty() && !text.contains('{'), "{text}");
        }
    }
    problems.iter().map(|p| p.field.path()).collect()
}

#[test]
fn a_cycle_named_and_nothing_else_takes_every_default() {
    let s = CycleDraft::named("  2026年度评估 ").parse().unwrap();
    assert_eq!(s.name(), "2026年度评估");
    assert_eq!(s.weights().of(Superior), 40.0);
    assert_eq!((s.threshold(), s.peers()), (3, 4));
    assert!(s.dimensions().is_all());
    assert_eq!((s.starts_on(), s.ends_on()), (None, None));
}

#[test]
fn cycle_names_are_bounded_and_free_of_control_characters() {
    assert_eq!(fields(CycleDraft::named(" ")), ["name"]);
    assert_eq!(fields(CycleDraft::named("名".repeat(201))), ["name"]);
    assert_eq!(fields(CycleDraft::named("a\u{1b}[31m")), ["name"]);
    assert!(CycleDraft::named("名".repeat(200)).parse().is_ok());
}

#[test]
fn every_broken_setting_is_named_by_its_field() {
    let draft = CycleDraft {
        name: "c".into(),
        weights: vec![
            ("friend".into(), 1.0),
            ("peer".into(), 1000.5),
            ("同级".into(), 3.0),
            ("customer".into(), f64::NAN),
        ],
        threshold: Some(0),
        peers: Some(51),
        starts_on: Some("2026-02-30".into()),
        ends_on: Some("2026-01-01".into()),
        dimensions: vec![
            ("customer".into(), vec![]),
            ("boss".into(), vec!["1".into()]),
        ],
    };
    assert_eq!(
        fields(draft),
        [
            "weights.friend",
            "weights.peer",
            "weights.同级",
            "weights.customer",
            "threshold",
            "peers",
            "starts_on",
            "dimensions.customer",
            "dimensions.boss"
        ]
    );
    let late = CycleDraft {
        starts_on: Some("2026-03-01".into()),
        ends_on: Some("2026-02-28".into()),
        ..CycleDraft::named("c")
    };
    assert_eq!(fields(late), ["ends_on"]);
    let zero = CycleDraft {
        weights: ["superior", "peer", "subordinate", "customer"]
            .map(|r| (r.to_string(), 0.0))
            .to_vec(),
        ..CycleDraft::named("c")
    };
    assert_eq!(fields(zero), ["weights"]);
}

#[test]
fn dimensions_are_asked_per_relationship_and_all_by_default() {
    let m = model(&[(50.0, 2), (30.0, 1), (20.0, 2)]);
    let draft = CycleDraft {
        dimensions: vec![("业主".into(), vec!["1".into(), " 3".into()])],
        ..CycleDraft::named("c")
    };
    let s = draft.parse().unwrap();
    s.check_model(&m).unwrap();
    let asked = s.dimensions();
    assert_eq!(
        asked.of(Customer),
        Some(&["1".to_string(), "3".to_string()][..])
    );
    assert_eq!(asked.of(Peer), None);
    assert_eq!(
        asked.items_asked(Customer, &m),
        [true, true, false, true, true]
    );
    assert_eq!(asked.items_asked(Superior, &m), [true; 5]);
    assert_eq!(asked.dimensions_asked(Customer, &m), ["1", "3"]);
    assert!(AskedDimensions::all().asks(Customer, "2"));
}

#[test]
fn a_dimension_the_model_lacks_is_named_with_the_relationship() {
    let m = model(&[(50.0, 2), (50.0, 1)]);
    let s = CycleDraft {
        dimensions: vec![("customer".into(), vec!["1".into(), "9".into()])],
        ..CycleDraft::named("c")
    }
    .parse()
    .unwrap();
    let problems = s.check_model(&m).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field, CycleField::Dimensions("customer".into()));
    assert!(matches!(
        &problems[0].kind,
        CycleProblemKind::UnknownDimension { code, .. } if code == "9"
    ));
    assert!(problems[0].message().render(Lang::En).contains("1, 2"));
}

#[test]
fn a_dimension_listed_twice_is_refused() {
    let draft = CycleDraft {
        dimensions: vec![("customer".into(), vec!["1".into(), "1".into()])],
        ..CycleDraft::named("c")
    };
    assert_eq!(fields(draft), ["dimensions.customer"]);
}

#[test]
fn a_cycle_moves_one_state_at_a_time_and_staying_is_harmless() {
    use CycleState::*;
    assert_eq!(Draft.move_to(Open), Move::Step);
    assert_eq!(Open.move_to(Closed), Move::Step);
    assert_eq!(Closed.move_to(Published), Move::Step);
    assert_eq!(Open.move_to(Open), Move::Stay);
    assert_eq!(Draft.move_to(Closed), Move::Refused);
    assert_eq!(Published.move_to(Draft), Move::Refused);
    assert_eq!(Closed.move_to(Open), Move::Refused);
    for s in CycleState::ALL {
        assert_eq!(CycleState::parse(s.code()), Some(s));
    }
    let text = Draft.refusal(Published).render(Lang::Zh);
    assert!(text.contains("草稿") && text.contains("已发布"), "{text}");
}

#[test]
fn a_customers_missing_team_dimension_does_not_count() {
    // Dimension 2 stands for 团队建设: customers are not asked it, so their answers there
    // are absent, and S[2] comes from the superior alone (SPEC §4 step 0, steps 2–3).
    let m = model(&[(50.0, 2), (50.0, 2)]);
    let asked = CycleDraft {
        dimensions: vec![("customer".into(), vec!["1".into()])],
        ..CycleDraft::named("c")
    }
    .parse()
    .unwrap();
    let mask = asked.dimensions().items_asked(Customer, &m);
    let customer = |v: i32| -> Vec<Option<i32>> { mask.iter().map(|&a| a.then_some(v)).collect() };
    let t = tally(
        &m,
        &[
            (Superior, vec![Some(4); 4]),
            (Customer, customer(2)),
            (Customer, customer(2)),
            (Customer, customer(2)),
        ],
    );
    let r = score_assessee(&m, &settings([0.0, 40.0, 20.0, 20.0, 20.0], 3), &t);
    // S[1] = (40·4 + 20·2) / 60; S[2] = 4 from the superior alone.
    assert!(approx(r.dimensions[0].score, 200.0 / 60.0));
    assert!(approx(r.dimensions[1].score, 4.0));
    assert!(r.dimensions_left_out.is_empty());
}
