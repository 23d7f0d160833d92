//! The worked example of `docs/scoring.md`, scored through the public API. The responses are
//! read from the document's own CSV block, so the data scored here is the data printed
//! there; every expected number below is written exactly as the document writes it.

use yardstick_core::scoring::display::{percent_display, raw_display};
use yardstick_core::{
    AssesseeInput, AssesseeResult, CycleResults, DimensionDraft, GradeDraft, Group, ItemDraft,
    Model, ModelDraft, PercentMode, Relationship, ScaleDraft, Settings, Tally, score_cycle,
};

use crate::common::{Customer, Own, Peer, Subordinate, Superior};

const DOC: &str = include_str!("../../../../docs/scoring.md");

/// The example model: three dimensions weighted 50/30/20, two items each, scale 1–5, ratio.
fn example_model() -> Model {
    let dimension = |code: &str, name: &str, weight: f64, items: [&str; 2]| DimensionDraft {
        code: code.into(),
        name: name.into(),
        weight,
        items: items
            .iter()
            .enumerate()
            .map(|(i, text)| ItemDraft {
                code: format!("{code}.{}", i + 1),
                text: (*text).into(),
            })
            .collect(),
    };
    let draft = ModelDraft {
        name: "示例模型".into(),
        version: "1".into(),
        percent: PercentMode::Ratio,
        scale: ScaleDraft::default_five(),
        grades: GradeDraft::defaults(),
        dimensions: vec![
            dimension(
                "1",
                "客户意识",
                50.0,
                ["把客户满意作为出发点开展工作", "快速响应客户需求"],
            ),
            dimension(
                "2",
                "团队建设",
                30.0,
                [
                    "明确团队工作目标,并在团队内达成共识",
                    "给员工及时的绩效反馈",
                ],
            ),
            dimension(
                "3",
                "问题解决",
                20.0,
                [
                    "面对问题苗头,首先关注的是对客户生活的影响",
                    "快速响应,主动与客户沟通,把握客户期望",
                ],
            ),
        ],
    };
    let validated = Model::validate(draft).unwrap();
    assert!(validated.warnings.is_empty());
    validated.model
}

/// One row of the document's responses CSV.
struct Row {
    assessee: String,
    relationship: Relationship,
    answers: Vec<Option<i32>>,
    department: String,
}

/// The rows of the ```csv block of `docs/scoring.md`.
fn example_rows() -> Vec<Row> {
    let start = DOC.find("```csv\n").expect("the document has a csv block") + "```csv\n".len();
    let block = &DOC[start..start + DOC[start..].find("```").unwrap()];
    let mut lines = block.lines();
    assert_eq!(
        lines.next(),
        Some("assessee,rater,relationship,1.1,1.2,2.1,2.2,3.1,3.2,department")
    );
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells.len(), 10, "{line}");
            Row {
                assessee: cells[0].into(),
                relationship: Relationship::parse(cells[2]).unwrap(),
                answers: cells[3..9]
                    .iter()
                    .map(|c| (*c != "NA").then(|| c.parse().unwrap()))
                    .collect(),
                department: cells[9].into(),
            }
        })
        .collect()
}

/// The assessees in order of first appearance, with their department and tally.
fn example_cycle(model: &Model) -> Vec<(String, String, Tally)> {
    let mut cycle: Vec<(String, String, Tally)> = Vec::new();
    for row in example_rows() {
        if !cycle.iter().any(|(id, _, _)| *id == row.assessee) {
            cycle.push((row.assessee.clone(), row.department.clone(), Tally::new()));
        }
        let (_, department, tally) = cycle
            .iter_mut()
            .find(|(id, _, _)| *id == row.assessee)
            .unwrap();
        assert_eq!(*department, row.department);
        tally.add(model, row.relationship, &row.answers).unwrap();
    }
    cycle
}

fn example_results() -> (Model, CycleResults) {
    let model = example_model();
    let cycle = example_cycle(&model);
    let input: Vec<AssesseeInput> = cycle
        .iter()
        .map(|(_, department, tally)| AssesseeInput {
            department: Some(department),
            tally,
        })
        .collect();
    let results = score_cycle(&model, &Settings::default(), &input);
    (model, results)
}

/// Step 1 for one scoring group: `m[g][i]` are the item scores of the group's raters scored
/// on their own (as one never-pooled group).
fn item_means(assessee: &str, from: &[Relationship]) -> Vec<Option<f64>> {
    let model = example_model();
    let mut alone = Tally::new();
    for row in example_rows() {
        if row.assessee == assessee && from.contains(&row.relationship) {
            alone.add(&model, Superior, &row.answers).unwrap();
        }
    }
    let input = [AssesseeInput {
        department: None,
        tally: &alone,
    }];
    score_cycle(&model, &Settings::default(), &input).assessees[0]
        .items
        .iter()
        .map(|i| i.score)
        .collect()
}

fn assert_values(found: &[Option<f64>], expected: &[Option<f64>]) {
    assert_eq!(found.len(), expected.len());
    for (f, e) in found.iter().zip(expected) {
        match (f, e) {
            (Some(f), Some(e)) => assert!((f - e).abs() < 1e-9, "{found:?} ≠ {expected:?}"),
            _ => assert_eq!(f, e, "{found:?} ≠ {expected:?}"),
        }
    }
}

fn all(values: &[f64]) -> Vec<Option<f64>> {
    values.iter().copied().map(Some).collect()
}

/// `D[g][d]` of one group, dimension by dimension.
fn dimension_scores(r: &AssesseeResult, group: Group) -> Vec<Option<f64>> {
    r.dimensions
        .iter()
        .map(|d| {
            d.groups
                .iter()
                .find(|g| g.group == group)
                .and_then(|g| g.value)
        })
        .collect()
}

fn effective_weights(r: &AssesseeResult, d: usize) -> Vec<(Group, f64)> {
    r.dimensions[d].weights.clone()
}

fn assert_weights(found: &[(Group, f64)], expected: &[(Group, f64)]) {
    assert_eq!(found.len(), expected.len(), "{found:?}");
    for ((g, w), (h, v)) in found.iter().zip(expected) {
        assert_eq!(g, h);
        assert!((w - v).abs() < 1e-9, "{found:?} ≠ {expected:?}");
    }
}

fn grade_name(model: &Model, r: &AssesseeResult) -> Option<String> {
    r.overall
        .grade
        .map(|g| model.grades()[g].name().to_string())
}

#[test]
fn the_example_data_has_three_assessees_in_order_of_first_appearance() {
    let model = example_model();
    let cycle = example_cycle(&model);
    let ids: Vec<(&str, &str)> = cycle
        .iter()
        .map(|(id, department, _)| (id.as_str(), department.as_str()))
        .collect();
    assert_eq!(
        ids,
        vec![("E001", "东区"), ("E002", "西区"), ("E003", "东区")]
    );
}

#[test]
fn e001_short_peers_and_the_short_customer_are_pooled_into_a_group_of_three() {
    let (_, results) = example_results();
    let g = &results.assessees[0].groups;
    // self, superior, peer, subordinate, customer
    assert_eq!(g.raters, [1, 1, 2, 4, 1]);
    assert_eq!(g.short, vec![Peer, Customer]);
    assert_eq!(g.set_aside, 0);
    let pooled = g.pooled().unwrap();
    assert_eq!(pooled.raters, 3);
    assert_eq!(pooled.weight, 40.0);
    assert_eq!(pooled.from, vec![Peer, Customer]);
    let used: Vec<(Group, u32, f64)> = g
        .used
        .iter()
        .map(|u| (u.group, u.raters, u.weight))
        .collect();
    assert_eq!(
        used,
        vec![
            (Group::Of(Own), 1, 0.0),
            (Group::Of(Superior), 1, 40.0),
            (Group::Of(Subordinate), 4, 20.0),
            (Group::Pooled, 3, 40.0),
        ]
    );
}

#[test]
fn e001_item_means_leave_the_na_answer_out() {
    assert_values(
        &item_means("E001", &[Own]),
        &all(&[5.0, 5.0, 5.0, 4.0, 4.0, 3.0]),
    );
    assert_values(
        &item_means("E001", &[Superior]),
        &all(&[4.0, 5.0, 5.0, 4.0, 3.0, 4.0]),
    );
    // S14 answered N/A to 1.2: m = (5 + 5 + 3) / 3 = 13/3, not (5 + 5 + 3) / 4.
    assert_values(
        &item_means("E001", &[Subordinate]),
        &all(&[4.0, 13.0 / 3.0, 4.0, 15.0 / 4.0, 17.0 / 4.0, 15.0 / 4.0]),
    );
    assert_values(
        &item_means("E001", &[Peer, Customer]),
        &all(&[4.0, 4.0, 14.0 / 3.0, 11.0 / 3.0, 4.0, 10.0 / 3.0]),
    );
}

#[test]
fn e001_dimension_scores_weight_superior_subordinates_and_the_pool_40_20_40() {
    let (model, results) = example_results();
    let r = &results.assessees[0];
    assert_values(&dimension_scores(r, Group::Of(Own)), &all(&[5.0, 4.5, 3.5]));
    assert_values(
        &dimension_scores(r, Group::Of(Superior)),
        &all(&[4.5, 4.5, 3.5]),
    );
    assert_values(
        &dimension_scores(r, Group::Of(Subordinate)),
        &all(&[25.0 / 6.0, 31.0 / 8.0, 4.0]),
    );
    assert_values(
        &dimension_scores(r, Group::Pooled),
        &all(&[4.0, 25.0 / 6.0, 11.0 / 3.0]),
    );
    for d in 0..3 {
        assert_weights(
            &effective_weights(r, d),
            &[
                (Group::Of(Own), 0.0),
                (Group::Of(Superior), 0.4),
                (Group::Of(Subordinate), 0.2),
                (Group::Pooled, 0.4),
            ],
        );
    }
    let s: Vec<Option<f64>> = r.dimensions.iter().map(|d| d.score).collect();
    assert_values(&s, &all(&[127.0 / 30.0, 509.0 / 120.0, 11.0 / 3.0]));
    let p: Vec<Option<f64>> = r.dimensions.iter().map(|d| d.percent).collect();
    assert_values(&p, &all(&[254.0 / 3.0, 509.0 / 6.0, 220.0 / 3.0]));
    let shown: Vec<f64> = p.iter().map(|p| percent_display(p.unwrap())).collect();
    assert_eq!(shown, vec![84.7, 84.8, 73.3]);
    let raw: Vec<f64> = s.iter().map(|s| raw_display(s.unwrap())).collect();
    assert_eq!(raw, vec![4.23, 4.24, 3.67]);
    assert!(r.dimensions_left_out.is_empty());
    assert_eq!(model.dimensions()[0].weight(), 50.0);
}

#[test]
fn e001_overall_is_82_45_percent_displayed_as_82_5_and_graded_good() {
    let (model, results) = example_results();
    let o = &results.assessees[0].overall;
    assert_values(&[o.score], &[Some(4.1225)]);
    assert_values(&[o.percent], &[Some(82.45)]);
    // In binary the product is 82.44999999999999, just below 82.45: rounded as it stands it
    // would print 82.4. It lies within 10⁻⁹ of the edge, so it rounds as 82.45 does: 82.5.
    let percent = o.percent.unwrap();
    assert_eq!(percent, 82.449_999_999_999_99);
    assert_eq!((percent * 10.0).round() / 10.0, 82.4);
    assert_eq!(o.displayed, Some(82.5));
    assert_eq!(raw_display(o.score.unwrap()), 4.12);
    assert_eq!(
        grade_name(&model, &results.assessees[0]).as_deref(),
        Some("良好")
    );
    assert_eq!((o.rank, o.department_rank), (Some(1), Some(1)));
}

#[test]
fn e001_item_scores_and_the_blind_spot_on_item_1_1() {
    let (_, results) = example_results();
    let r = &results.assessees[0];
    let scores: Vec<Option<f64>> = r.items.iter().map(|i| i.score).collect();
    assert_values(
        &scores,
        &all(&[
            4.0,
            67.0 / 15.0,
            14.0 / 3.0,
            229.0 / 60.0,
            73.0 / 20.0,
            221.0 / 60.0,
        ]),
    );
    let shown: Vec<f64> = r
        .items
        .iter()
        .map(|i| percent_display(i.percent.unwrap()))
        .collect();
    assert_eq!(shown, vec![80.0, 89.3, 93.3, 76.3, 73.0, 73.7]);
    // self has weight 0, so others = S.
    let others: Vec<Option<f64>> = r.items.iter().map(|i| i.others).collect();
    assert_values(&others, &scores);
    let gaps: Vec<Option<f64>> = r.items.iter().map(|i| i.gap).collect();
    assert_values(
        &gaps,
        &all(&[
            1.0,
            8.0 / 15.0,
            1.0 / 3.0,
            11.0 / 60.0,
            7.0 / 20.0,
            -41.0 / 60.0,
        ]),
    );
    let gaps_shown: Vec<f64> = gaps.iter().map(|g| raw_display(g.unwrap())).collect();
    assert_eq!(gaps_shown, vec![1.0, 0.53, 0.33, 0.18, 0.35, -0.68]);
    // 1.00 ≥ θ = 1.0: item 1.1 is a blind spot; no item is 1.00 below self's rating.
    assert_eq!(r.blind_spots, vec![0]);
    assert!(r.hidden_strengths.is_empty());
    let dimension_gaps: Vec<Option<f64>> = r.dimensions.iter().map(|d| d.gap).collect();
    assert_values(
        &dimension_gaps,
        &all(&[23.0 / 30.0, 31.0 / 120.0, -1.0 / 6.0]),
    );
    let dimension_gaps_shown: Vec<f64> = dimension_gaps
        .iter()
        .map(|g| raw_display(g.unwrap()))
        .collect();
    assert_eq!(dimension_gaps_shown, vec![0.77, 0.26, -0.17]);
}

#[test]
fn e002_two_subordinates_are_set_aside_and_the_weights_renormalise_over_superior_and_peers() {
    let (_, results) = example_results();
    let g = &results.assessees[1].groups;
    assert_eq!(g.raters, [1, 1, 3, 2, 0]);
    assert_eq!(g.short, vec![Subordinate]);
    assert_eq!(g.set_aside, 2);
    assert_eq!(g.set_aside_from(), &[Subordinate]);
    assert!(g.pooled().is_none());
    let used: Vec<(Group, u32, f64)> = g
        .used
        .iter()
        .map(|u| (u.group, u.raters, u.weight))
        .collect();
    assert_eq!(
        used,
        vec![
            (Group::Of(Own), 1, 0.0),
            (Group::Of(Superior), 1, 40.0),
            (Group::Of(Peer), 3, 20.0),
        ]
    );
    let r = &results.assessees[1];
    for d in 0..3 {
        assert_weights(
            &effective_weights(r, d),
            &[
                (Group::Of(Own), 0.0),
                (Group::Of(Superior), 2.0 / 3.0),
                (Group::Of(Peer), 1.0 / 3.0),
            ],
        );
    }
}

#[test]
fn e002_scores_grade_and_the_hidden_strength_on_item_2_2() {
    let (model, results) = example_results();
    let r = &results.assessees[1];
    assert_values(
        &item_means("E002", &[Peer]),
        &all(&[
            11.0 / 3.0,
            10.0 / 3.0,
            10.0 / 3.0,
            13.0 / 3.0,
            10.0 / 3.0,
            11.0 / 3.0,
        ]),
    );
    assert_values(&dimension_scores(r, Group::Of(Own)), &all(&[4.0, 2.5, 4.0]));
    assert_values(
        &dimension_scores(r, Group::Of(Superior)),
        &all(&[4.0, 3.5, 3.5]),
    );
    assert_values(
        &dimension_scores(r, Group::Of(Peer)),
        &all(&[3.5, 23.0 / 6.0, 3.5]),
    );
    let s: Vec<Option<f64>> = r.dimensions.iter().map(|d| d.score).collect();
    assert_values(&s, &all(&[23.0 / 6.0, 65.0 / 18.0, 3.5]));
    let shown: Vec<f64> = r
        .dimensions
        .iter()
        .map(|d| percent_display(d.percent.unwrap()))
        .collect();
    assert_eq!(shown, vec![76.7, 72.2, 70.0]);

    let o = &r.overall;
    assert_values(&[o.score, o.percent], &[Some(3.7), Some(74.0)]);
    assert_eq!(o.displayed, Some(74.0));
    assert_eq!(grade_name(&model, r).as_deref(), Some("合格"));
    // Second in the cycle, first in 西区.
    assert_eq!((o.rank, o.department_rank), (Some(2), Some(1)));

    let items: Vec<Option<f64>> = r.items.iter().map(|i| i.score).collect();
    assert_values(
        &items,
        &all(&[
            35.0 / 9.0,
            34.0 / 9.0,
            28.0 / 9.0,
            37.0 / 9.0,
            28.0 / 9.0,
            35.0 / 9.0,
        ]),
    );
    let items_shown: Vec<f64> = r
        .items
        .iter()
        .map(|i| percent_display(i.percent.unwrap()))
        .collect();
    assert_eq!(items_shown, vec![77.8, 75.6, 62.2, 82.2, 62.2, 77.8]);
    let gaps_shown: Vec<f64> = r
        .items
        .iter()
        .map(|i| raw_display(i.gap.unwrap()))
        .collect();
    assert_eq!(gaps_shown, vec![0.11, 0.22, -0.11, -2.11, 0.89, 0.11]);
    assert_values(&[r.items[3].gap], &[Some(-19.0 / 9.0)]);
    assert_eq!(r.hidden_strengths, vec![3]);
    // 3.1 at 0.89 stays under θ = 1.0.
    assert!(r.blind_spots.is_empty());
    let dimension_gaps: Vec<Option<f64>> = r.dimensions.iter().map(|d| d.gap).collect();
    assert_values(&dimension_gaps, &all(&[1.0 / 6.0, -10.0 / 9.0, 0.5]));
}

#[test]
fn e003_with_only_a_self_rating_has_no_score_no_grade_and_no_rank() {
    let (_, results) = example_results();
    let r = &results.assessees[2];
    assert_eq!(r.groups.raters, [1, 0, 0, 0, 0]);
    assert_values(&dimension_scores(r, Group::Of(Own)), &all(&[5.0, 4.5, 4.5]));
    assert!(
        r.dimensions
            .iter()
            .all(|d| d.score.is_none() && d.others.is_none())
    );
    assert_eq!(r.dimensions_left_out, vec![0, 1, 2]);
    let o = &r.overall;
    assert_eq!(
        (o.score, o.displayed, o.grade, o.rank, o.department_rank),
        (None, None, None, None, None)
    );
}
